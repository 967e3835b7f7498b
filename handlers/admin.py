"""Admin chat commands: issue invites and import staff by sending a file."""

from __future__ import annotations

import io
from html import escape
from pathlib import PurePath

from aiogram import Bot, Router
from aiogram.filters import CommandObject, StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.context import BotSettings
from handlers.texts import staff as texts
from handlers.texts.problems import problem_text
from models import Employee
from services.assignments import assign_acting, reassign_supervisor
from services.audit import Actor
from services.clock import Clock
from services.dateparse import parse_date_range
from services.errors import Invalid, NotFound
from services.invites import InvitePolicy, format_code, issue_invite
from services.localtime import employee_today
from services.staff_file import StaffFileError, read_staff_file
from services.staff_import import ImportRejected, import_staff

router = Router(name="admin")
router.message.filter(filters.registered, filters.admin)

IMPORT_SUFFIXES = (".csv", ".xlsx")


@router.message(command("undang"))
async def invite(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    invite_policy: InvitePolicy,
    bot_settings: BotSettings,
) -> None:
    if not command.args:
        await message.answer(escape(_("Usage: /undang <NIP>, e.g. /undang 198507172010011002")))
        return
    try:
        issued = await issue_invite(
            session,
            command.args,
            Actor.employee(employee.id),
            clock(),
            invite_policy,
            agency_id=employee.agency_id,
        )
    except NotFound:
        await message.answer(_("No active employee has that NIP. Check the number."))
        return
    await message.answer(
        _(
            "Invite for <b>{name}</b>:\n{link}\nor code <code>{code}</code>\n"
            "Valid until {until}. Send it to them privately; it works once."
        ).format(
            name=escape(issued.employee_name),
            link=issued.deep_link(bot_settings.username),
            code=format_code(issued.code),
            until=issued.expires_at.strftime("%Y-%m-%d %H:%M UTC"),
        )
    )


@router.message(filters.document, StateFilter(None))
async def import_file(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    bot_settings: BotSettings,
) -> None:
    document = message.document
    assert document is not None
    name = document.file_name or ""
    if PurePath(name).suffix.lower() not in IMPORT_SUFFIXES:
        await message.answer(_("Please send a .csv or .xlsx file."))
        return
    if (document.file_size or 0) > bot_settings.max_import_file_bytes:
        await message.answer(_("The file is too large to import."))
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    await staff_file_received(message, name, buffer.getvalue(), session, employee, clock)


async def staff_file_received(
    message: Message,
    name: str,
    data: bytes,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    """Import a downloaded staff file (also reached from the SKP file router, which reads a
    spreadsheet's columns first)."""
    try:
        rows = read_staff_file(name, data)
        result = await import_staff(
            session, employee.agency_id, rows, Actor.employee(employee.id), clock()
        )
    except StaffFileError as exc:
        await message.answer(escape(texts.staff_file_error(exc)))
        return
    except ImportRejected as exc:
        await message.answer(escape(texts.import_rejected(exc.issues)))
        return
    await message.answer(texts.import_done(result))


@router.message(command("atasan"))
async def reassign(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    args = (command.args or "").split()
    if len(args) != 2:
        await message.answer(escape(_("Usage: /atasan <NIP employee> <NIP new assessor>")))
        return
    try:
        subordinate, supervisor = await reassign_supervisor(
            session, Actor.employee(employee.id), employee.agency_id, args[0], args[1], now=clock()
        )
    except NotFound:
        await message.answer(_("No active employee has that NIP. Check the number."))
        return
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    await message.answer(
        _("✅ {supervisor} now assesses {employee}.").format(
            supervisor=escape(supervisor.name), employee=escape(subordinate.name)
        )
    )


@router.message(command("plt"))
async def acting(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    args = (command.args or "").split(maxsplit=2)
    usage = escape(_("Usage: /plt <NIP acting official> <NIP replaced official> <1/12 - 31/12>"))
    if len(args) != 3:
        await message.answer(usage)
        return
    try:
        start, end = parse_date_range(args[2], await employee_today(session, employee, clock()))
        assignment = await assign_acting(
            session,
            Actor.employee(employee.id),
            employee.agency_id,
            args[0],
            args[1],
            start,
            end,
            now=clock(),
        )
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    except NotFound:
        await message.answer(_("No active employee has that NIP. Check the number."))
        return
    await message.answer(
        _("✅ Acting official set from {start} to {end}.").format(
            start=f"{assignment.start_date:%d/%m/%Y}", end=f"{assignment.end_date:%d/%m/%Y}"
        )
    )
