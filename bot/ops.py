"""Operator commands that do not talk to Telegram: they never import aiogram, so they start in
well under a second. Output goes through the same catalogs as the chat (DEFAULT_LANGUAGE).

Spreadsheet and migration machinery (openpyxl, Alembic) is imported by the verbs that use it,
not here: `invite` and `holidays` should not wait for it."""

from __future__ import annotations

import json
import logging
import sys
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.locales import install_for_cli
from bot.schema import require_current
from handlers.gettext import gettext as _
from models import Agency, DayKind
from models.db import create_engine, create_session_factory
from services.agency import AgencyDefaults, ensure_agency
from services.assignments import employee_by_nip
from services.audit import Actor
from services.calendar_admin import remove_override, set_override, upcoming_days
from services.clock import system_clock
from services.directory import unreachable_employees
from services.errors import Invalid, NotAllowed, NotFound
from services.invites import InvitePolicy, format_code, issue_invite
from services.retention import RetentionPolicy
from services.retention import purge as purge_expired
from services.zones import local_time_label

logger = logging.getLogger("bot")


def migrate(settings: Settings) -> None:
    from bot import migrate as migrations

    migrations.upgrade(settings.database_url)


def invite_policy(settings: Settings) -> InvitePolicy:
    return InvitePolicy(
        valid_days=settings.invite_valid_days,
        max_failures=settings.invite_max_failures,
        failure_window=timedelta(minutes=settings.invite_failure_window_minutes),
    )


def retention_policy(settings: Settings) -> RetentionPolicy:
    return RetentionPolicy(settings.retention_evidence_days, settings.retention_dialog_days)


@asynccontextmanager
async def database(
    settings: Settings,
) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], Agency]]:
    engine = create_engine(settings.database_url, **settings.engine_options())
    factory = create_session_factory(engine)
    try:
        await require_current(engine)
        async with factory() as session:
            agency = await ensure_agency(
                session,
                AgencyDefaults(name=settings.agency_name, timezone=settings.default_timezone),
                system_clock(),
            )
        yield factory, agency
    finally:
        await engine.dispose()


def _fail(message: str, code: int = 1) -> int:
    print(_("error: {reason}").format(reason=message), file=sys.stderr)
    return code


async def import_employees(settings: Settings, filename: str, data: bytes) -> int:
    from handlers.texts import staff as texts
    from services.staff_file import StaffFileError, read_staff_file
    from services.staff_import import ImportRejected, import_staff

    install_for_cli(settings.default_language)
    async with database(settings) as (factory, agency), factory() as session:
        try:
            rows = read_staff_file(filename, data)
            result = await import_staff(session, agency.id, rows, Actor("cli"), system_clock())
        except StaffFileError as exc:
            print(texts.staff_file_error(exc), file=sys.stderr)
            return 1
        except ImportRejected as exc:
            print(texts.import_rejected(exc.issues, max_chars=None), file=sys.stderr)
            return 1
        print(texts.import_done(result))
    return 0


def _ask_username(settings: Settings) -> str | None:
    """getMe over plain HTTP (a CLI verb must not pay for aiogram); None if it fails."""
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        return None
    base = settings.telegram_api_url or "https://api.telegram.org"
    url = f"{base}/bot{settings.bot_token.get_secret_value().strip()}/getMe"
    try:
        request = urllib.request.Request(url, data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.load(response)
    except (OSError, ValueError) as exc:
        logger.warning("Could not ask the Bot API for the bot's username: %s", type(exc).__name__)
        return None
    username = answer.get("result", {}).get("username") if answer.get("ok") else None
    return str(username) if username else None


async def invite(settings: Settings, nip: str) -> int:
    install_for_cli(settings.default_language)
    async with database(settings) as (factory, agency), factory() as session:
        try:
            issued = await issue_invite(
                session, nip, Actor("cli"), system_clock(), invite_policy(settings), agency.id
            )
        except NotFound:
            return _fail(_("no active employee has that NIP"))
    username = (settings.bot_username or "").lstrip("@") or _ask_username(settings)
    print(_("Employee: {name}").format(name=issued.employee_name))
    if username:
        print(_("Link:     {link}").format(link=issued.deep_link(username)))
    else:
        print(_("Link:     (set BOT_TOKEN or BOT_USERNAME to print the link)"))
    print(_("Code:     {code}").format(code=format_code(issued.code)))
    until = local_time_label(issued.expires_at, agency.timezone)
    print(_("Expires:  {until}").format(until=until))
    return 0


async def holidays(settings: Settings, action: str, day_text: str | None, name: str) -> int:
    install_for_cli(settings.default_language)
    async with database(settings) as (factory, agency), factory() as session:
        if action == "list":
            for item in await upcoming_days(session, agency, system_clock().date(), days=366):
                print(f"{item.day.isoformat()}  {item.source:<8}  {item.name}")
            return 0
        try:
            day = date.fromisoformat(day_text or "")
        except ValueError:
            return _fail(_("give the date as YYYY-MM-DD"), 2)
        try:
            if action == "remove":
                await remove_override(session, Actor("cli"), agency, day, now=system_clock())
            else:
                kind = DayKind.HOLIDAY if action == "add" else DayKind.WORKDAY
                await set_override(
                    session, Actor("cli"), agency, day, kind, name, now=system_clock()
                )
        except NotFound:
            return _fail(_("no change recorded for that day"))
        print(_("ok: {action} {day}").format(action=action, day=day.isoformat()))
    return 0


async def unreachable(settings: Settings) -> int:
    install_for_cli(settings.default_language)
    async with database(settings) as (factory, agency), factory() as session:
        people = await unreachable_employees(session, agency.id)
        for person in people:
            if person.unreachable_since is not None:
                since = local_time_label(person.unreachable_since, agency.timezone)
                print(
                    _("{nip}  {name}  since {since}").format(
                        nip=person.nip, name=person.name, since=since
                    )
                )
        print(_("{n} unreachable").format(n=len(people)))
    return 0


async def import_plan(settings: Settings, nip: str, data: bytes, year: int | None) -> int:
    """The employee's SKP draft from a spreadsheet (they submit it in chat with /skp)."""
    from handlers.texts import staff as texts
    from services.plan_import import import_plan as import_plan_file
    from services.staff_import import ImportRejected

    install_for_cli(settings.default_language)
    async with database(settings) as (factory, agency), factory() as session:
        try:
            employee = await employee_by_nip(session, agency.id, nip)
            plan = await import_plan_file(
                session, employee, year or system_clock().year, data, now=system_clock()
            )
        except NotFound:
            return _fail(_("no active employee has that NIP"))
        except ImportRejected as exc:
            print(texts.import_rejected(exc.issues, max_chars=None), file=sys.stderr)
            return 1
        except NotAllowed:
            return _fail(_("that SKP is already submitted or approved"))
        print(_("ok: SKP {year} draft with {n} RHK").format(year=plan.year, n=len(plan.items)))
    return 0


async def status(settings: Settings) -> int:
    """Numbers only (no names, no NIPs): the same report as /status in the chat."""
    from handlers.texts.status import render_status
    from services.status import agency_status

    install_for_cli(settings.default_language)
    async with database(settings) as (factory, agency), factory() as session:
        report = await agency_status(session, Actor("cli"), agency.id, system_clock())
        title = _("Bot status: {agency}").format(agency=agency.name)
        print(render_status(report, agency.timezone, title=title))
    return 0


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


async def transfer(
    settings: Settings,
    nip: str,
    *,
    unit: str | None,
    supervisor: str | None,
    position: str | None,
    valid_from: str,
) -> int:
    """A transfer from an effective date (YYYY-MM-DD); what is not given stays."""
    from handlers.texts.problems import problem_text
    from services.transfers import transfer as move

    install_for_cli(settings.default_language)
    day = _day(valid_from)
    if day is None:
        return _fail(_("give the date as YYYY-MM-DD"), 2)
    async with database(settings) as (factory, agency), factory() as session:
        try:
            done = await move(
                session,
                Actor("cli"),
                agency.id,
                nip,
                unit=unit,
                supervisor_nip=supervisor,
                position=position,
                valid_from=day,
                now=system_clock(),
            )
        except NotFound:
            return _fail(_("no active employee has that NIP"))
        except Invalid as exc:
            return _fail(problem_text(exc))
        if done.scheduled:
            print(
                _("ok: {name} moves on {day}; the worker applies it that day").format(
                    name=done.employee.name, day=day.isoformat()
                )
            )
            return 0
        print(
            _("ok: {name} moved from {day}; {n} pending report(s) follow").format(
                name=done.employee.name, day=day.isoformat(), n=done.moved
            )
        )
    return 0


async def deactivate(settings: Settings, nip: str, reason: str, day_text: str) -> int:
    """A leaver from a date: unlinked at once, their team's open work handed over."""
    from handlers.texts.problems import problem_text
    from services.leavers import deactivate as leave
    from services.leavers import parse_reason

    install_for_cli(settings.default_language)
    day = _day(day_text)
    if day is None:
        return _fail(_("give the date as YYYY-MM-DD"), 2)
    async with database(settings) as (factory, agency), factory() as session:
        try:
            done = await leave(
                session, Actor("cli"), agency.id, nip, parse_reason(reason), day, now=system_clock()
            )
        except NotFound:
            return _fail(_("no active employee has that NIP"))
        except Invalid as exc:
            return _fail(problem_text(exc))
        successor = done.successor.name if done.successor else "-"
        print(
            _("ok: {name} deactivated from {day}; {n} open verification(s) go to {to}").format(
                name=done.employee.name, day=day.isoformat(), n=done.reassigned, to=successor
            )
        )
    return 0


async def purge(settings: Settings) -> int:
    """Delete what is past RETENTION_EVIDENCE_DAYS / RETENTION_DIALOG_DAYS now."""
    install_for_cli(settings.default_language)
    policy = retention_policy(settings)
    async with database(settings) as (factory, _agency), factory() as session:
        done = await purge_expired(session, policy, system_clock())
    print(
        _("purged: {evidence} evidence item(s), {dialogs} dialog state(s)").format(
            evidence=done.evidence, dialogs=done.dialogs
        )
    )
    return 0
