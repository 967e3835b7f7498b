"""Admin chat tools: the calendar (/libur) and announcements (/umumkan, with a preview to
confirm). Agency settings (/pengaturan) are in handlers/agency_settings.py."""

from __future__ import annotations

import enum
from html import escape

from aiogram import F, Router
from aiogram.filters import CommandObject, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import DbId
from handlers.commands import command
from handlers.fit import shorten
from handlers.stale import callback_message, reject_stale
from handlers.texts.announcement import announcement_text
from handlers.texts.format import format_day
from handlers.texts.problems import problem_text
from models import DayKind, Employee
from services.announcements import MAX_TEXT, announce, delivery_status, top_units
from services.audit import Actor
from services.calendar_admin import remove_override, set_override, upcoming_days
from services.clock import Clock
from services.dateparse import parse_date_range
from services.errors import DomainError, Invalid, NotFound, Problem
from services.localtime import agency_of, employee_today
from services.text import without_controls

router = Router(name="admin_tools")
router.message.filter(filters.registered, filters.admin)
router.callback_query.filter(filters.registered, filters.admin)


class AnnounceForm(StatesGroup):
    text = State()  # data: {}
    confirm = State()  # data: {"text": str, "unit": int (0 = everyone)}


class AnnounceAction(enum.StrEnum):
    UNIT = "unit"  # chose who receives it: `id` is the unit, 0 for everyone
    SEND = "send"
    CANCEL = "cancel"
    STATUS = "status"  # `id` is the announcement


class AnnounceCb(CallbackData, prefix="an"):
    action: AnnounceAction
    id: DbId = 0


@router.message(command("libur"))
async def holidays_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    agency = await agency_of(session, employee)
    today = await employee_today(session, employee, clock())
    args = (command.args or "").split(maxsplit=2)
    actor = Actor.employee(employee.id)
    if args and args[0].lower() in ("tambah", "kerja", "hapus"):
        if len(args) < 2:
            await message.answer(_holidays_usage())
            return
        try:
            day, _end = parse_date_range(args[1], today)
            if args[0].lower() == "hapus":
                await remove_override(session, actor, agency, day, now=clock())
            else:
                kind = DayKind.HOLIDAY if args[0].lower() == "tambah" else DayKind.WORKDAY
                name = args[2] if len(args) > 2 else ""
                await set_override(session, actor, agency, day, kind, name, now=clock())
        except Invalid as exc:
            await message.answer(problem_text(exc) + "\n\n" + _holidays_usage())
            return
        except NotFound:
            await message.answer(_("That day has no change of yours to remove."))
            return
    days = await upcoming_days(session, agency, today)
    labels = {"national": "🇮🇩", "libur": "🏖", "kerja": "💼"}
    lines = [_("📅 <b>Holidays and changes, next 90 days</b>")]
    lines += [f"{labels[d.source]} {format_day(d.day)} · {escape(d.name)}" for d in days]
    lines += ["", _holidays_usage()]
    await message.answer("\n".join(lines))


def _holidays_usage() -> str:
    return escape(
        _(
            "/libur tambah <date> <name> — an extra holiday (regional, cuti bersama)\n"
            "/libur kerja <date> <name> — a workday after all (a moved holiday)\n"
            "/libur hapus <date> — undo your change for that day"
        )
    )


@router.message(command("umumkan"))
async def announce_command(message: Message, state: FSMContext) -> None:
    await state.set_state(AnnounceForm.text)
    await state.set_data({})
    await message.answer(_("Write the announcement (or /batal):"))


@router.message(StateFilter(AnnounceForm.text), filters.typed_text)
async def announcement_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee
) -> None:
    text = without_controls(message.text or "").strip()
    if len(text) < 3:
        await message.answer(problem_text(Invalid(Problem.TEXT_EMPTY)))
        return
    if len(text) > MAX_TEXT:
        await message.answer(
            problem_text(Invalid(Problem.TEXT_TOO_LONG, limit=MAX_TEXT))
            + "\n"
            + _("You wrote {n} characters; please shorten it and send it again.").format(
                n=len(text)
            )
        )
        return
    await state.set_data({"text": text})
    agency = await agency_of(session, employee)
    kb = InlineKeyboardBuilder()
    kb.button(text=_("👥 Everyone"), callback_data=AnnounceCb(action=AnnounceAction.UNIT, id=0))
    for unit in await top_units(session, agency):
        kb.button(
            text="…" + unit.path[-39:] if len(unit.path) > 40 else unit.path,
            callback_data=AnnounceCb(action=AnnounceAction.UNIT, id=unit.id),
        )
    kb.adjust(1)
    await message.answer(_("Who should receive it?"), reply_markup=kb.as_markup())


@router.message(StateFilter(AnnounceForm.text, AnnounceForm.confirm), filters.not_command)
async def announcement_expected(message: Message, raw_state: str | None) -> None:
    if raw_state == AnnounceForm.confirm.state:
        await message.answer(_("Tap 📢 Send or ✖️ Cancel above, or /batal."))
        return
    await message.answer(_("Please type the announcement as text, or /batal."))


@router.callback_query(AnnounceCb.filter(F.action == AnnounceAction.UNIT))
async def announcement_target(
    callback: CallbackQuery,
    callback_data: AnnounceCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
) -> None:
    """Shows the message exactly as recipients will read it, with the sender's name."""
    data = await state.get_data()
    text = data.get("text")
    agency = await agency_of(session, employee)
    units = {u.id: u.path for u in await top_units(session, agency)}
    if not text or await state.get_state() != AnnounceForm.text.state:
        await reject_stale(callback)
        return
    if callback_data.id and callback_data.id not in units:
        await reject_stale(callback)
        return
    await state.set_state(AnnounceForm.confirm)
    await state.set_data({"text": text, "unit": callback_data.id})
    await callback.answer()
    target = shorten(units[callback_data.id], 80) if callback_data.id else _("everyone")
    kb = InlineKeyboardBuilder()
    kb.button(text=_("📢 Send"), callback_data=AnnounceCb(action=AnnounceAction.SEND))
    kb.button(text=_("✖️ Cancel"), callback_data=AnnounceCb(action=AnnounceAction.CANCEL))
    kb.adjust(2)
    await callback_message(callback).edit_text(
        _("Preview for {target}. Send it?").format(target=escape(target))
        + "\n\n"
        + announcement_text(text, employee.name),
        reply_markup=kb.as_markup(),
    )


async def _pending(state: FSMContext) -> tuple[str, int] | None:
    """The announcement waiting for confirmation, or None (already sent, cancelled, stale)."""
    if await state.get_state() != AnnounceForm.confirm.state:
        return None
    data = await state.get_data()
    text, unit = data.get("text"), data.get("unit")
    return (text, unit) if isinstance(text, str) and isinstance(unit, int) else None


@router.callback_query(AnnounceCb.filter(F.action == AnnounceAction.CANCEL))
async def announcement_cancelled(callback: CallbackQuery, state: FSMContext) -> None:
    if await _pending(state) is None:
        await reject_stale(callback)
        return
    await state.clear()
    await callback.answer()
    await callback_message(callback).edit_text(_("Not sent."), reply_markup=None)


@router.callback_query(AnnounceCb.filter(F.action == AnnounceAction.SEND))
async def announcement_confirmed(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    pending = await _pending(state)
    if pending is None:  # a second tap, or the button of an older preview
        await reject_stale(callback)
        return
    text, unit = pending
    agency = await agency_of(session, employee)
    try:
        item = await announce(
            session, Actor.employee(employee.id), agency, text, unit or None, now=clock()
        )
    except Invalid as exc:
        await callback.answer(problem_text(exc), show_alert=True)
        return
    except DomainError:
        await reject_stale(callback)
        return
    await state.clear()
    await callback.answer()
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("🔄 Delivery status"),
        callback_data=AnnounceCb(action=AnnounceAction.STATUS, id=item.id),
    )
    await callback_message(callback).edit_text(
        _("📢 Queued for {n} people. Sending respects rate limits and quiet hours.").format(
            n=item.recipients
        ),
        reply_markup=kb.as_markup(),
    )


@router.callback_query(AnnounceCb.filter(F.action == AnnounceAction.STATUS))
async def announcement_status(
    callback: CallbackQuery, callback_data: AnnounceCb, session: AsyncSession, employee: Employee
) -> None:
    try:
        status = await delivery_status(session, Actor.employee(employee.id), callback_data.id)
    except NotFound:
        await reject_stale(callback)
        return
    await callback.answer(
        _("Delivered {sent} of {total}; waiting {pending}; failed {failed}.").format(
            sent=status.sent, total=status.total, pending=status.pending, failed=status.failed
        ),
        show_alert=True,
    )
