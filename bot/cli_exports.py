"""`python -m bot export …`: the monitoring files from the command line, for an operator.

The operator acts as the agency's administrator (`Viewer.cli`); every export writes an audit
row with actor "cli". No aiogram here: the CLI must start without the Telegram stack.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.locales import install_for_cli
from bot.ops import database
from handlers.gettext import gettext as _
from handlers.texts.problems import problem_text
from services.assignments import employee_by_nip
from services.clock import system_clock
from services.errors import Invalid, NotFound, Problem
from services.recap import exports
from services.recap.access import ScopeKind, Viewer, unit_by_path
from services.recap.exports import ExportFile, ExportKind
from services.recap.months import Month

KINDS = ("laporan-harian", "progres-harian", "tpp")


@asynccontextmanager
async def _session(settings: Settings) -> AsyncIterator[tuple[AsyncSession, Viewer]]:
    async with database(settings) as (factory, agency), factory() as session:
        yield session, Viewer.cli(agency.id)


async def _scope(
    session: AsyncSession, viewer: Viewer, nip: str | None, unit: str | None
) -> tuple[ScopeKind, int]:
    if unit:
        return ScopeKind.UNIT, (await unit_by_path(session, viewer.agency_id, unit)).id
    employee = await employee_by_nip(session, viewer.agency_id, nip or "", include_inactive=True)
    return ScopeKind.PERSON, employee.id


def _dates(month: Month, start: str | None, end: str | None) -> tuple[date, date]:
    try:
        first = date.fromisoformat(start) if start else month.start
        last = date.fromisoformat(end) if end else month.end
    except ValueError:
        raise Invalid(Problem.ISO_DATE) from None
    return first, last


async def export(
    settings: Settings,
    kind: str,
    *,
    nip: str | None,
    unit: str | None,
    month_text: str | None,
    start: str | None,
    end: str | None,
    pdf: bool,
    out: Path | None,
) -> int:
    install_for_cli(settings.default_language)
    now = system_clock()
    try:
        async with _session(settings) as (session, viewer):
            today = now.date()
            month = Month.parse(month_text) if month_text else Month.of(today)
            scope, scope_id = await _scope(session, viewer, nip, unit)
            file: ExportFile
            if kind == "laporan-harian":
                if scope is not ScopeKind.PERSON:
                    print("error: a Laporan Harian needs --nip", file=sys.stderr)
                    return 2
                daily = ExportKind.DAILY_PDF if pdf else ExportKind.DAILY_XLSX
                file = await exports.daily_report(session, viewer, scope_id, month, daily, now)
            elif kind == "progres-harian":
                first, last = _dates(month, start, end)
                file = await exports.progress_report(
                    session, viewer, scope, scope_id, first, last, now
                )
            else:
                file = await exports.tpp_recap(session, viewer, scope, scope_id, month, now)
    except NotFound as exc:
        what = "unit with that path" if str(exc) == "unit" else "active employee with that NIP"
        print(f"error: no {what}", file=sys.stderr)
        return 1
    except Invalid as exc:
        print(_("error: {reason}").format(reason=problem_text(exc)), file=sys.stderr)
        return 2
    target = out or Path(file.filename)
    target.write_bytes(file.data)
    print(f"ok: wrote {target} ({len(file.data)} bytes)")
    return 0
