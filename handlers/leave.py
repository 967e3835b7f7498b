"""/cuti: declare leave, sick leave or official travel for a date range; list and cancel."""

from __future__ import annotations

import enum
import secrets
from datetime import date, timedelta
from html import escape
from typing import Annotated, Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import DbId
from handlers.commands import command
from handlers.report.keyboards import FlowId
from handlers.stale import callback_message, drop_keyboard, reject_stale
from handlers.texts.format import leave_label
from handlers.texts.problems import problem_text
from models import Employee, Leave, LeaveKind
from services.clock import Clock
from services.dateparse import parse_date_range
from services.errors import Invalid, NotFound, Problem
from services.leave import (
    MAX_NOTE,
    cancel_leave,
    check_range,
    declare_leave,
    upcoming_leaves,
    workdays_in,
)
from services.localtime import employee_today

router = Router(name="leave")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


class LeaveForm(StatesGroup):
    dates = State()
    note = State()
    confirm = State()


DaysAhead = Annotated[int, Field(ge=0, le=1)]


class LeaveAction(enum.StrEnum):
    KIND = "kind"
    DAY = "day"
    SKIP = "skip"
    SAVE = "save"
    STOP = "stop"
    CANCEL = "cancel"  # an existing leave


class LeaveCb(CallbackData, prefix="lv"):
    action: LeaveAction
    flow: FlowId = "-"
    kind: LeaveKind | None = None  # kind
    days_ahead: DaysAhead = 0  # day: today (0) or tomorrow (1)
    id: DbId = 0  # cancel


def _span(leave_start: date, leave_end: date) -> str:
    if leave_start == leave_end:
        return f"{leave_start:%d/%m/%Y}"
    return f"{leave_start:%d/%m/%Y} – {leave_end:%d/%m/%Y}"


def _overview(leaves: list[Leave]) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboardBuilder()
    lines = [_("🗓 <b>Leave and official travel</b>")]
    if leaves:
        lines.append(_("Coming up:"))
    for leave in leaves:
        span = _span(leave.start_date, leave.end_date)
        lines.append(f"• {leave_label(leave.kind)}: {span}")
        kb.button(
            text=_("❌ Cancel {span}").format(span=span),
            callback_data=LeaveCb(action=LeaveAction.CANCEL, id=leave.id),
        )
    lines.append(_("Declare a new one:"))
    for kind in LeaveKind:
        kb.button(text=leave_label(kind), callback_data=LeaveCb(action=LeaveAction.KIND, kind=kind))
    kb.adjust(*([1] * len(leaves)), 1, 1, 1)
    return "\n".join(lines), kb.as_markup()


@router.message(command("cuti"))
async def leave_command(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    await state.clear()
    text, keyboard = _overview(await upcoming_leaves(session, employee, clock()))
    await message.answer(text, reply_markup=keyboard)


def _stop_button(kb: InlineKeyboardBuilder, flow: str) -> None:
    kb.button(text=_("✖️ Cancel"), callback_data=LeaveCb(action=LeaveAction.STOP, flow=flow))


@router.callback_query(LeaveCb.filter(F.action == LeaveAction.KIND))
async def kind_chosen(callback: CallbackQuery, callback_data: LeaveCb, state: FSMContext) -> None:
    if callback_data.kind is None:
        await reject_stale(callback)
        return
    await callback.answer()
    flow = secrets.token_hex(4)
    await state.set_state(LeaveForm.dates)
    await state.set_data({"flow": flow, "kind": callback_data.kind.value})
    kb = InlineKeyboardBuilder()
    for label, days_ahead in ((_("Today"), 0), (_("Tomorrow"), 1)):
        kb.button(
            text=label,
            callback_data=LeaveCb(action=LeaveAction.DAY, flow=flow, days_ahead=days_ahead),
        )
    _stop_button(kb, flow)
    kb.adjust(2, 1)
    await callback_message(callback).answer(
        _("Which dates? Type e.g. 1/12 or 1/12 - 3/12, or tap a button."),
        reply_markup=kb.as_markup(),
    )


async def _ask_note(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await state.set_state(LeaveForm.note)
    await state.set_data(data)
    kb = InlineKeyboardBuilder()
    kb.button(text=_("Skip ➡️"), callback_data=LeaveCb(action=LeaveAction.SKIP, flow=data["flow"]))
    _stop_button(kb, data["flow"])
    await message.answer(
        _("Add a note (e.g. the leave letter number), or skip."), reply_markup=kb.as_markup()
    )


async def _set_dates(
    message: Message,
    state: FSMContext,
    data: dict[str, Any],
    span: tuple[date, date],
    today: date,
    session: AsyncSession,
    employee: Employee,
) -> None:
    start, end = span
    try:
        check_range(start, end, today)
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    workdays = await workdays_in(session, employee, start, end)
    data.update(start=start.isoformat(), end=end.isoformat(), workdays=workdays)
    await _ask_note(message, state, data)


@router.message(StateFilter(LeaveForm.dates), filters.typed_text)
async def dates_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    today = await employee_today(session, employee, clock())
    try:
        start, end = parse_date_range(message.text or "", today)
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    data = await state.get_data()
    await _set_dates(message, state, data, (start, end), today, session, employee)


async def _current(callback: CallbackQuery, flow: str, state: FSMContext) -> dict[str, Any] | None:
    data = await state.get_data()
    if data.get("flow") != flow or await state.get_state() is None:
        await reject_stale(callback)
        return None
    await callback.answer()
    return data


@router.callback_query(LeaveCb.filter(F.action == LeaveAction.DAY))
async def day_tapped(
    callback: CallbackQuery,
    callback_data: LeaveCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    data = await _current(callback, callback_data.flow, state)
    if data is None:
        return
    today = await employee_today(session, employee, clock())
    day = today + timedelta(days=callback_data.days_ahead)
    await _set_dates(callback_message(callback), state, data, (day, day), today, session, employee)


def _confirm_text(data: dict[str, Any]) -> str:
    start, end = date.fromisoformat(data["start"]), date.fromisoformat(data["end"])
    lines = [
        f"<b>{leave_label(LeaveKind(data['kind']))}</b>",
        _("📅 {span} ({days} days, {workdays} workdays)").format(
            span=_span(start, end), days=(end - start).days + 1, workdays=data.get("workdays", 0)
        ),
    ]
    if data.get("note"):
        lines.append(_("🗒 {note}").format(note=escape(data["note"])))
    lines.append(_("Reports are not needed on these days and reminders pause."))
    return "\n".join(lines)


async def _confirm(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await state.set_state(LeaveForm.confirm)
    await state.set_data(data)
    kb = InlineKeyboardBuilder()
    kb.button(text=_("✅ Save"), callback_data=LeaveCb(action=LeaveAction.SAVE, flow=data["flow"]))
    _stop_button(kb, data["flow"])
    await message.answer(_confirm_text(data), reply_markup=kb.as_markup())


@router.message(StateFilter(LeaveForm.note), filters.typed_text)
async def note_typed(message: Message, state: FSMContext) -> None:
    note = " ".join((message.text or "").split())
    if len(note) > MAX_NOTE:
        await message.answer(problem_text(Invalid(Problem.NOTE_TOO_LONG, limit=MAX_NOTE)))
        return
    await _confirm(message, state, await state.get_data() | {"note": note})


@router.callback_query(LeaveCb.filter(F.action == LeaveAction.SKIP))
async def note_skipped(callback: CallbackQuery, callback_data: LeaveCb, state: FSMContext) -> None:
    data = await _current(callback, callback_data.flow, state)
    if data is not None:
        await _confirm(callback_message(callback), state, data | {"note": None})


@router.callback_query(LeaveCb.filter(F.action == LeaveAction.STOP))
async def form_stopped(callback: CallbackQuery, callback_data: LeaveCb, state: FSMContext) -> None:
    if await _current(callback, callback_data.flow, state) is None:
        return
    await state.clear()
    await callback_message(callback).edit_text(_("Cancelled. Nothing was saved."))


@router.callback_query(LeaveCb.filter(F.action == LeaveAction.SAVE))
async def save_leave(
    callback: CallbackQuery,
    callback_data: LeaveCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    data = await _current(callback, callback_data.flow, state)
    if data is None:
        return
    message = callback_message(callback)
    try:
        await declare_leave(
            session,
            employee,
            LeaveKind(data["kind"]),
            date.fromisoformat(data["start"]),
            date.fromisoformat(data["end"]),
            data.get("note"),
            now=clock(),
        )
    except Invalid as exc:
        await state.clear()
        await drop_keyboard(message)
        await message.answer(problem_text(exc))
        return
    await state.clear()
    await message.edit_text(
        _confirm_text(data) + "\n\n" + _("✅ Saved. Your supervisor can see it.")
    )


@router.callback_query(LeaveCb.filter(F.action == LeaveAction.CANCEL))
async def cancel_existing(
    callback: CallbackQuery,
    callback_data: LeaveCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        await cancel_leave(
            session,
            employee,
            callback_data.id,
            now=clock(),
        )
    except NotFound:
        await reject_stale(callback, _("This leave was already cancelled."))
        return
    await callback.answer(_("Leave cancelled."))
    text, keyboard = _overview(await upcoming_leaves(session, employee, clock()))
    await callback_message(callback).edit_text(text, reply_markup=keyboard)


@router.message(
    StateFilter(LeaveForm.dates, LeaveForm.note, LeaveForm.confirm), filters.not_command
)
async def leave_form_hint(message: Message) -> None:
    await message.answer(_("Please type your answer as text, or tap a button."))
