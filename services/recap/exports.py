"""The files agencies hand in, as use cases: authorised like the recaps, and every export of
someone else's data (or from the CLI) leaves an audit row `recap.export`.

Building a workbook or a PDF blocks (openpyxl, fpdf2), so it runs in a worker thread; the
modules that build them are imported on first use (they weigh ~60 MiB in every process).
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, Employee, Unit
from services import audit
from services.documents import Party
from services.errors import Invalid, Problem
from services.recap import access
from services.recap.access import Scope, ScopeKind, Viewer
from services.recap.lines import activity_lines
from services.recap.months import Month
from services.recap.recaps import month_context, month_recaps

MAX_RANGE_DAYS = 366


class ExportKind(enum.StrEnum):
    DAILY_XLSX = "lhx"  # Laporan Harian, XLSX
    DAILY_PDF = "lhp"  # Laporan Harian, PDF
    PROGRESS = "ph"  # e-Kinerja Progres Harian, XLSX
    TPP = "tpp"  # TPP activity recap, XLSX


@dataclass(frozen=True)
class ExportFile:
    filename: str
    data: bytes


async def _agency(session: AsyncSession, viewer: Viewer) -> Agency:
    agency = await session.get(Agency, viewer.agency_id)
    assert agency is not None
    return agency


async def _party(session: AsyncSession, employee_id: int | None) -> Party | None:
    employee = await session.get(Employee, employee_id) if employee_id else None
    if employee is None:
        return None
    unit = await session.get(Unit, employee.unit_id)
    return Party(employee.name, employee.nip, employee.position, unit.path if unit else "")


async def _record(
    session: AsyncSession,
    viewer: Viewer,
    scope: Scope,
    kind: ExportKind,
    span: tuple[date, date],
    now: datetime,
) -> None:
    own = (
        viewer.employee is not None
        and scope.kind is ScopeKind.PERSON
        and scope.id == viewer.employee.id
    )
    if own:
        return
    entity = {ScopeKind.PERSON: "employee", ScopeKind.TEAM: "team", ScopeKind.UNIT: "unit"}
    audit.record(
        session,
        actor=viewer.actor,
        at=now,
        action="recap.export",
        entity=entity[scope.kind],
        entity_id=scope.id,
        after={
            "export": str(kind),
            "from": span[0].isoformat(),
            "to": span[1].isoformat(),
            "people": len(scope.members),
        },
    )
    await session.commit()


def _name(scope: Scope) -> str:
    if scope.kind is ScopeKind.PERSON:
        return scope.members[0].nip
    return f"{'tim' if scope.kind is ScopeKind.TEAM else 'unit'}{scope.id}"


async def daily_report(
    session: AsyncSession,
    viewer: Viewer,
    employee_id: int,
    month: Month,
    kind: ExportKind,
    now: datetime,
) -> ExportFile:
    """Laporan Harian of one person and month, XLSX (DAILY_XLSX) or PDF (DAILY_PDF)."""
    scope = await access.scope(session, viewer, ScopeKind.PERSON, employee_id, now)
    context = await month_context(session, viewer, month, now)
    employee = await session.get(Employee, employee_id)
    assert employee is not None
    party = await _party(session, employee.id)
    assert party is not None
    lines = await activity_lines(
        session, [employee.id], month.start, month.end, context.agency.evaluation_period
    )
    from services.recap import laporan_harian

    report = laporan_harian.DailyReport(
        party, await _party(session, employee.supervisor_id), month, tuple(lines), context.today
    )
    pdf = kind is ExportKind.DAILY_PDF
    data = await asyncio.to_thread(laporan_harian.to_pdf if pdf else laporan_harian.to_xlsx, report)
    await _record(session, viewer, scope, kind, (month.start, month.end), now)
    suffix = "pdf" if pdf else "xlsx"
    return ExportFile(f"Laporan-Harian-{employee.nip}-{month.key}.{suffix}", data)


def check_range(start: date, end: date) -> None:
    if end < start:
        raise Invalid(Problem.RANGE_ORDER)
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise Invalid(Problem.RANGE_TOO_LONG)


async def progress_report(
    session: AsyncSession,
    viewer: Viewer,
    kind: ScopeKind,
    scope_id: int,
    start: date,
    end: date,
    now: datetime,
) -> ExportFile:
    """Progres Harian of a person, a team or a unit over [start, end] (approved work only)."""
    check_range(start, end)
    scope = await access.scope(session, viewer, kind, scope_id, now)
    agency = await _agency(session, viewer)
    lines = await activity_lines(
        session,
        [m.id for m in scope.members],
        start,
        end,
        agency.evaluation_period,
        approved_only=True,
    )
    from services.recap import progres_harian

    data = await asyncio.to_thread(progres_harian.to_xlsx, scope.members, lines)
    await _record(session, viewer, scope, ExportKind.PROGRESS, (start, end), now)
    return ExportFile(f"Progres-Harian-{_name(scope)}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx", data)


async def tpp_recap(
    session: AsyncSession,
    viewer: Viewer,
    kind: ScopeKind,
    scope_id: int,
    month: Month,
    now: datetime,
) -> ExportFile:
    """The TPP activity recap of a team or unit (or one person) for a month."""
    scope = await access.scope(session, viewer, kind, scope_id, now)
    context = await month_context(session, viewer, month, now)
    people = await month_recaps(session, context, scope.members)
    from services.recap import tpp

    data = await asyncio.to_thread(
        tpp.to_xlsx,
        scope.title,
        month,
        context.agency.daily_target_minutes,
        people,
        context.today,
    )
    await _record(session, viewer, scope, ExportKind.TPP, (month.start, month.end), now)
    return ExportFile(f"Rekap-TPP-{_name(scope)}-{month.key}.xlsx", data)


def month_span(month: Month, today: date) -> tuple[date, date]:
    """The month's days up to today (a Progres Harian of the current month)."""
    return month.start, min(month.end, today)


DAILY = (ExportKind.DAILY_XLSX, ExportKind.DAILY_PDF)


async def authorize(
    session: AsyncSession,
    viewer: Viewer,
    kind: ExportKind,
    scope_kind: ScopeKind,
    scope_id: int,
    month: Month,
    now: datetime,
) -> None:
    """Raise what `export` would raise, before any work starts (a chat answers at once)."""
    if kind in DAILY and scope_kind is not ScopeKind.PERSON:
        raise Invalid(Problem.DAILY_REPORT_PERSON)
    await access.scope(session, viewer, scope_kind, scope_id, now)
    await month_context(session, viewer, month, now)


async def export(
    session: AsyncSession,
    viewer: Viewer,
    kind: ExportKind,
    scope_kind: ScopeKind,
    scope_id: int,
    month: Month,
    now: datetime,
) -> ExportFile:
    """One month's file as the chat offers it (Progres Harian: the month up to today)."""
    await authorize(session, viewer, kind, scope_kind, scope_id, month, now)
    if kind in DAILY:
        return await daily_report(session, viewer, scope_id, month, kind, now)
    if kind is ExportKind.TPP:
        return await tpp_recap(session, viewer, scope_kind, scope_id, month, now)
    today = (await month_context(session, viewer, month, now)).today
    start, end = month_span(month, today)
    return await progress_report(session, viewer, scope_kind, scope_id, start, end, now)
