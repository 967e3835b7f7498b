"""Buttons under reminders (report now, remind me in an hour) and /pengingat."""

from __future__ import annotations

import enum
from datetime import date
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import IsoDay
from handlers.commands import command
from handlers.report.flow import start_report
from handlers.review import verify_command
from handlers.stale import callback_message, reject_stale
from handlers.texts.problems import problem_text
from models import Employee
from services.clock import Clock
from services.errors import Invalid
from services.localtime import agency_of
from services.nudges import snooze_reminder
from services.reporting import report_dates
from services.settings import set_reminder_time

router = Router(name="reminders")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


class RemindAction(enum.StrEnum):
    REPORT = "report"  # `day`: the day to report, empty for the first one allowed
    SNOOZE = "snooze"
    VERIFY = "verify"


class RemindCb(CallbackData, prefix="rm"):
    action: RemindAction
    day: IsoDay = ""


@router.callback_query(RemindCb.filter(F.action == RemindAction.REPORT))
async def report_for_day(
    callback: CallbackQuery,
    callback_data: RemindCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    allowed = await report_dates(session, employee, clock())
    day = date.fromisoformat(callback_data.day) if callback_data.day else allowed[0]
    if day not in allowed:
        await reject_stale(callback, _("That day can no longer be reported."))
        return
    await callback.answer()
    await start_report(callback_message(callback), state, session, employee, clock, day=day)


@router.callback_query(RemindCb.filter(F.action == RemindAction.SNOOZE))
async def snooze(
    callback: CallbackQuery, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    try:
        at = await snooze_reminder(session, employee, now=clock())
    except Invalid as exc:
        await callback.answer(problem_text(exc), show_alert=True)
        return
    agency = await agency_of(session, employee)
    local = at.astimezone(ZoneInfo(employee.timezone or agency.timezone))
    await callback.answer(_("⏰ I will remind you again at {time}.").format(time=f"{local:%H.%M}"))


@router.callback_query(RemindCb.filter(F.action == RemindAction.VERIFY))
async def verify_from_digest(
    callback: CallbackQuery, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    await callback.answer()
    await verify_command(callback_message(callback), session, employee, clock)


@router.message(command("pengingat"))
async def my_reminder_time(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    agency = await agency_of(session, employee)
    if not command.args:
        current = employee.reminder_time or agency.reminder_time
        await message.answer(
            _(
                "Your daily reminder comes at {time} on workdays if you have not reported. "
                "Change it with e.g. /pengingat 15.30 (between {start} and {end}), "
                "or /pengingat standar for the agency's time."
            ).format(
                time=f"{current:%H.%M}",
                start=f"{agency.quiet_start:%H.%M}",
                end=f"{agency.quiet_end:%H.%M}",
            )
        )
        return
    value = None if command.args.strip().lower() in ("standar", "default") else command.args
    try:
        chosen = await set_reminder_time(session, employee, agency, value, now=clock())
    except Invalid:
        await message.answer(
            _("Write a time between {start} and {end}, e.g. /pengingat 15.30.").format(
                start=f"{agency.quiet_start:%H.%M}", end=f"{agency.quiet_end:%H.%M}"
            )
        )
        return
    await message.answer(_("✅ Daily reminder at {time}.").format(time=f"{chosen:%H.%M}"))
