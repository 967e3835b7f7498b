"""/lapor: guided steps (Kegiatan → Waktu → Realisasi → Bukti → card) and the quick form
`/lapor 08.00-10.30 Menyusun draf`, which asks only for what is missing."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.report import evidence as evidence_input
from handlers.report.card import prompt, render_card
from handlers.report.draft import new_draft, with_time
from handlers.report.keyboards import (
    ReportCb,
    card_keyboard,
    dates_keyboard,
    evidence_keyboard,
    step_keyboard,
    target_keyboard,
    time_keyboard,
)
from handlers.report.saving import save
from handlers.stale import callback_message, reject_stale
from handlers.texts.problems import problem_text
from models import Employee
from services.clock import Clock
from services.errors import Invalid
from services.numbers import is_number
from services.plans import report_targets
from services.report_rules import clean_description, parse_output
from services.reporting import report_dates
from services.timeparse import WorkTime, parse_leading_time, parse_work_time

router = Router(name="report")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


class ReportForm(StatesGroup):
    target = State()
    description = State()
    time = State()
    output = State()
    evidence = State()
    confirm = State()


STEPS = ("description", "time", "output", "evidence")
STATES = {
    "target": ReportForm.target,
    "description": ReportForm.description,
    "time": ReportForm.time,
    "output": ReportForm.output,
    "evidence": ReportForm.evidence,
}


async def show_step(message: Message, state: FSMContext, data: dict[str, Any], step: str) -> None:
    await state.set_state(STATES[step])
    await state.set_data(data)
    flow = data["flow"]
    if step == "target":
        keyboard = target_keyboard(flow, data["targets"])
    elif step == "time":
        keyboard = time_keyboard(flow)
    elif step == "evidence":
        keyboard = evidence_keyboard(flow, len(data["evidence"]))
    else:
        first = step == "description" and not data.get("targets")
        keyboard = step_keyboard(flow, back=not first, skip=step == "output")
    await message.answer(prompt(step), reply_markup=keyboard)


def card_for(data: dict[str, Any]) -> InlineKeyboardMarkup:
    return card_keyboard(data["flow"], bool(data["activity_id"]), bool(data.get("targets")))


async def show_card(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    data["editing"] = False
    await state.set_state(ReportForm.confirm)
    await state.set_data(data)
    await message.answer(render_card(data), reply_markup=card_for(data))


async def advance(
    message: Message, state: FSMContext, data: dict[str, Any], done: str | None
) -> None:
    """Next step: the first missing required field, else (guided) the next step, else the card."""
    missing = [s for s in ("description", "time") if not data[{"time": "minutes"}.get(s, s)]]
    if data["guided"] and data.get("targets") and done is None and not data.get("target_set"):
        await show_step(message, state, data, "target")
    elif missing:
        await show_step(message, state, data, missing[0])
    elif data["guided"] and not data["editing"] and done in STEPS[:-1]:
        await show_step(message, state, data, STEPS[STEPS.index(done) + 1])
    elif data["guided"] and not data["editing"] and done == "target":
        await show_step(message, state, data, "description")
    else:
        await show_card(message, state, data)


async def start_report(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    args: str = "",
) -> None:
    dates = await report_dates(session, employee, clock())
    targets = await report_targets(session, employee, dates[0])
    data = new_draft(dates[0], guided=not args, targets=targets)
    if args:
        try:
            work_time, rest = parse_leading_time(args)
        except Invalid as exc:
            await message.answer(problem_text(exc))
            return
        if work_time is not None:
            data = with_time(data, work_time)
        if rest:
            try:
                data["description"] = clean_description(rest)
            except Invalid as exc:
                await message.answer(problem_text(exc))
    await advance(message, state, data, None)


@router.message(command("lapor"))
async def report_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    await start_report(message, state, session, employee, clock, (command.args or "").strip())


@router.message(command("batal"))
async def cancel_command(message: Message, state: FSMContext) -> None:
    if await state.get_state() is None:
        await message.answer(_("There is nothing to cancel."))
        return
    await state.clear()
    await message.answer(_("Cancelled. Nothing was saved."))


@router.message(StateFilter(ReportForm.description), filters.typed_text)
async def got_description(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    try:
        data["description"] = clean_description(message.text or "")
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    await advance(message, state, data, "description")


@router.message(StateFilter(ReportForm.time), filters.typed_text)
async def got_time(message: Message, state: FSMContext) -> None:
    try:
        work_time = parse_work_time(message.text or "")
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    await advance(message, state, with_time(await state.get_data(), work_time), "time")


@router.message(StateFilter(ReportForm.output), filters.typed_text)
async def got_output(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    try:
        data["qty"], data["unit"] = parse_output(message.text or "")
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    await advance(message, state, data, "output")


@router.message(StateFilter(ReportForm.evidence), filters.evidence_input)
async def got_evidence(message: Message, state: FSMContext, employee: Employee) -> None:
    data = await state.get_data()
    try:
        data["evidence"] = evidence_input.add(employee.agency, data["evidence"], message)
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    await state.set_data(data)
    count = len(data["evidence"])
    await message.answer(
        _("📎 Evidence received ({n}). Send more, or tap Done.").format(n=count),
        reply_markup=evidence_keyboard(data["flow"], count),
    )


@router.message(
    StateFilter(ReportForm.description, ReportForm.time, ReportForm.output), filters.not_text
)
async def expected_text(message: Message) -> None:
    await message.answer(_("Please answer with text (or tap a button)."))


@router.message(StateFilter(ReportForm.evidence, ReportForm.confirm), filters.not_command)
async def use_the_buttons(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    if await state.get_state() == ReportForm.evidence.state:
        await message.answer(
            _("Send a photo, a document or a link, or tap a button."),
            reply_markup=evidence_keyboard(data["flow"], len(data["evidence"])),
        )
        return
    await show_card(message, state, data)


# --- buttons ------------------------------------------------------------------------------


async def current_flow(
    callback: CallbackQuery, callback_data: ReportCb, state: FSMContext
) -> dict[str, Any] | None:
    """The draft this button belongs to, or None (then the user is told, the button removed)."""
    data = await state.get_data()
    if not data or data.get("flow") != callback_data.flow or await state.get_state() is None:
        await reject_stale(callback)
        return None
    await callback.answer()
    return data


@router.callback_query(ReportCb.filter(F.action == "cancel"))
async def on_cancel(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    if await current_flow(callback, callback_data, state) is None:
        return
    await state.clear()
    await callback_message(callback).edit_text(_("Cancelled. Nothing was saved."))


@router.callback_query(ReportCb.filter(F.action == "back"))
async def on_back(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is None:
        return
    current = (await state.get_state() or "").split(":")[-1]
    if current == "confirm":
        previous = "evidence" if data["guided"] else "time"
    elif current == "description" and data.get("targets"):
        previous = "target"
    else:
        previous = STEPS[max(0, STEPS.index(current) - 1)] if current in STEPS else "description"
    await show_step(callback_message(callback), state, data, previous)


@router.callback_query(ReportCb.filter(F.action.in_({"skip", "done"})))
async def on_skip(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is None:
        return
    current = (await state.get_state() or "").split(":")[-1]
    if current == "output" and callback_data.action == "skip":
        data["qty"] = data["unit"] = None
    await advance(callback_message(callback), state, data, current)


@router.callback_query(ReportCb.filter(F.action == "dur"))
async def on_duration(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is None:
        return
    minutes = int(callback_data.arg) if is_number(callback_data.arg) else 0
    if not 0 < minutes <= 24 * 60:
        await callback_message(callback).answer(_("This button is no longer valid."))
        return
    await advance(callback_message(callback), state, with_time(data, WorkTime(minutes)), "time")


@router.callback_query(ReportCb.filter(F.action == "target"))
async def on_target(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is None:
        return
    offered = {item_id for item_id, _text in data.get("targets", [])}
    chosen = int(callback_data.arg) if is_number(callback_data.arg) else -1
    if chosen not in offered | {0}:
        await callback_message(callback).answer(_("This button is no longer valid."))
        return
    data["plan_item_id"] = chosen or None
    data["target_set"] = True
    await advance(callback_message(callback), state, data, "target")


@router.callback_query(ReportCb.filter(F.action == "edit"))
async def on_edit(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is None or callback_data.arg not in (*STEPS, "target"):
        return
    data["editing"] = True
    await show_step(callback_message(callback), state, data, callback_data.arg)


@router.callback_query(ReportCb.filter(F.action == "card"))
async def on_card(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is not None:
        await show_card(callback_message(callback), state, data)


@router.callback_query(ReportCb.filter(F.action == "dates"))
async def on_dates(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is None:
        return
    days = await report_dates(session, employee, clock())
    await callback_message(callback).edit_text(
        _("Which day is this report for?"), reply_markup=dates_keyboard(data["flow"], days)
    )


@router.callback_query(ReportCb.filter(F.action == "date"))
async def on_date(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is None:
        return
    allowed = {d.isoformat() for d in await report_dates(session, employee, clock())}
    if callback_data.arg not in allowed:
        await callback_message(callback).answer(_("That date can no longer be chosen."))
        return
    data["work_date"] = callback_data.arg
    await show_card(callback_message(callback), state, data)


@router.callback_query(ReportCb.filter(F.action.in_({"submit", "force"})))
async def on_submit(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    data = await current_flow(callback, callback_data, state)
    if data is None:
        return
    await save(
        callback_message(callback),
        state,
        data,
        session,
        employee,
        clock,
        callback_data.action == "force",
    )


@router.callback_query(ReportCb.filter(F.action == "again"))
async def on_again(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    await callback.answer()
    await start_report(callback_message(callback), state, session, employee, clock)
