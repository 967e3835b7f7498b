"""/lapor: guided steps (Target → Kegiatan → Waktu → Realisasi → Bukti → card) and the quick
form `/lapor 08.00-10.30 Menyusun draf`, which asks only for what is missing.

Typed text is understood at every step where it can be (an activity or a time typed at the
target step, a date typed at the card); otherwise the person is told what to tap. Nothing
typed is thrown away: a too-long activity is kept until it is cut or replaced."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

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
from handlers.report.draft import ReportDraft, Step, new_draft
from handlers.report.keyboards import (
    ReportAction,
    ReportCb,
    card_keyboard,
    dates_keyboard,
    evidence_keyboard,
    step_keyboard,
    target_keyboard,
    time_keyboard,
    trim_keyboard,
)
from handlers.report.saving import save
from handlers.stale import callback_message, reject_stale
from handlers.texts.problems import problem_text
from models import Employee
from services.clock import Clock
from services.dateparse import parse_day
from services.errors import Invalid, Problem
from services.plans import report_targets
from services.report_rules import MAX_DESCRIPTION, clean_description, parse_output
from services.reporting import report_dates
from services.text import one_line
from services.timeparse import WorkTime, parse_work_time, split_leading_time

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


STATES: dict[Step, State] = {step: getattr(ReportForm, step.value) for step in Step}


# --- the draft in the dialog state --------------------------------------------------------


async def load(state: FSMContext) -> ReportDraft | None:
    """The draft of the open report, or None (no report open, or one no longer readable)."""
    if await state.get_state() is None:
        return None
    try:
        return ReportDraft.from_state(await state.get_data())
    except (KeyError, ValueError, TypeError):
        return None


async def current_step(state: FSMContext) -> Step | None:
    """The step being asked, or None at the card."""
    name = (await state.get_state() or "").rpartition(":")[2]
    return Step(name) if name in Step.__members__.values() else None


def with_description(draft: ReportDraft, text: str) -> ReportDraft:
    """The draft with `text` as its activity; an over-long one is kept aside to be cut."""
    try:
        return replace(draft, description=clean_description(text), too_long=None)
    except Invalid as exc:
        if exc.code is not Problem.DESCRIPTION_TOO_LONG:
            raise
        return replace(draft, description=None, too_long=one_line(text))


def whole_time(text: str) -> WorkTime | None:
    """The text as one time and nothing else (`2 jam`, `08.00-10.00`), or None."""
    try:
        return parse_work_time(text)
    except Invalid:
        return None


def understood(draft: ReportDraft, text: str) -> tuple[ReportDraft, Invalid | None]:
    """A free line (`2 jam`, `08.00-10.00 Rapat`, `Rapat koordinasi`) read into the draft:
    a leading time is the time, the rest is the activity. A wrong time is reported, the
    activity kept."""
    work_time, rest, problem = split_leading_time(text)
    if work_time is not None:
        draft = draft.with_time(work_time)
    if rest:
        try:
            draft = with_description(draft, rest)
        except Invalid as exc:
            problem = problem or exc
    return draft, problem


# --- showing steps and the card -----------------------------------------------------------


def _step_keyboard(draft: ReportDraft, step: Step) -> InlineKeyboardMarkup:
    flow = draft.flow
    if step is Step.TARGET:
        return target_keyboard(flow, draft.targets)
    if step is Step.TIME:
        return time_keyboard(flow, keep=bool(draft.minutes))
    if step is Step.EVIDENCE:
        return evidence_keyboard(flow, len(draft.evidence))
    if step is Step.DESCRIPTION and draft.too_long:
        return trim_keyboard(flow, MAX_DESCRIPTION)
    first = step is draft.order()[0] and not draft.editing
    return step_keyboard(
        flow,
        back=not first,
        skip=step is Step.OUTPUT,
        keep=draft.answered(step) or (step is Step.OUTPUT and bool(draft.qty)),
    )


def _step_text(draft: ReportDraft, step: Step) -> str:
    if step is Step.DESCRIPTION and draft.too_long:
        return "\n".join(
            (
                problem_text(Invalid(Problem.DESCRIPTION_TOO_LONG, limit=MAX_DESCRIPTION)),
                _("You wrote {n} characters. Send a shorter text, or keep the first part.").format(
                    n=len(draft.too_long)
                ),
            )
        )
    return prompt(step, draft)


async def show_step(message: Message, state: FSMContext, draft: ReportDraft, step: Step) -> None:
    if step not in draft.asked:
        draft = replace(draft, asked=[*draft.asked, step])
    await state.set_state(STATES[step])
    await state.set_data(draft.to_state())
    await message.answer(_step_text(draft, step), reply_markup=_step_keyboard(draft, step))


def card_for(draft: ReportDraft) -> InlineKeyboardMarkup:
    return card_keyboard(draft.flow, bool(draft.activity_id), bool(draft.targets))


async def show_card(message: Message, state: FSMContext, draft: ReportDraft) -> None:
    draft = replace(draft, editing=False)
    await state.set_state(ReportForm.confirm)
    await state.set_data(draft.to_state())
    await message.answer(render_card(draft), reply_markup=card_for(draft))


async def advance(
    message: Message, state: FSMContext, draft: ReportDraft, after: Step | None = None
) -> None:
    """Ask the next step after `after` (None: the first), or show the card."""
    step = draft.next_step(after)
    if step is None:
        await show_card(message, state, draft)
    else:
        await show_step(message, state, draft, step)


async def start_report(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    args: str = "",
    day: date | None = None,
) -> None:
    dates = await report_dates(session, employee, clock())
    work_date = day or dates[0]
    targets = await report_targets(session, employee, work_date)
    draft = new_draft(work_date, guided=not args, targets=targets)
    if args:
        draft, problem = understood(draft, args)
        if problem is not None:
            await message.answer(problem_text(problem))
    await advance(message, state, draft)


# --- commands -----------------------------------------------------------------------------


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


# --- typed answers ------------------------------------------------------------------------


async def _draft_or_restart(message: Message, state: FSMContext) -> ReportDraft | None:
    draft = await load(state)
    if draft is None:
        await state.clear()
        await message.answer(
            _("Sorry, I lost track of what we were doing, so it was cancelled. Please start again.")
        )
    return draft


@router.message(StateFilter(ReportForm.target), filters.typed_text)
async def typed_at_target(message: Message, state: FSMContext) -> None:
    """An activity or a time typed instead of tapping a target: noted, the target asked again."""
    draft = await _draft_or_restart(message, state)
    if draft is None:
        return
    draft, problem = understood(draft, message.text or "")
    if problem is not None:
        await message.answer(problem_text(problem))
    await state.set_data(draft.to_state())
    noted = []
    if draft.description:
        noted.append(_("🗒 Activity noted."))
    if draft.minutes:
        noted.append(_("⏱ Time noted."))
    if draft.too_long:
        noted.append(_step_text(draft, Step.DESCRIPTION))
    noted.append(_("Now tap the target (RHK) this work serves."))
    await message.answer("\n".join(noted), reply_markup=target_keyboard(draft.flow, draft.targets))


@router.message(StateFilter(ReportForm.description), filters.typed_text)
async def got_description(message: Message, state: FSMContext) -> None:
    draft = await _draft_or_restart(message, state)
    if draft is None:
        return
    text = message.text or ""
    only_time = None if draft.minutes else whole_time(text)
    if only_time is not None:  # "2 jam" at the activity step: the time, then the activity
        draft = draft.with_time(only_time)
        await state.set_data(draft.to_state())
        await message.answer(
            _("⏱ Time noted.") + "\n" + prompt(Step.DESCRIPTION, draft),
            reply_markup=_step_keyboard(draft, Step.DESCRIPTION),
        )
        return
    draft, problem = understood(draft, text)
    if problem is not None and not draft.description and not draft.too_long:
        await message.answer(problem_text(problem))  # nothing usable: the same step again
        return
    if problem is not None:
        await message.answer(problem_text(problem))
    if draft.too_long:
        await show_step(message, state, draft, Step.DESCRIPTION)
        return
    await advance(message, state, draft, Step.DESCRIPTION)


@router.message(StateFilter(ReportForm.time), filters.typed_text)
async def got_time(message: Message, state: FSMContext) -> None:
    draft = await _draft_or_restart(message, state)
    if draft is None:
        return
    try:
        work_time = parse_work_time(message.text or "")
    except Invalid as exc:
        await message.answer(problem_text(exc), reply_markup=_step_keyboard(draft, Step.TIME))
        return
    await advance(message, state, draft.with_time(work_time), Step.TIME)


@router.message(StateFilter(ReportForm.output), filters.typed_text)
async def got_output(message: Message, state: FSMContext) -> None:
    draft = await _draft_or_restart(message, state)
    if draft is None:
        return
    try:
        qty, unit = parse_output(message.text or "")
    except Invalid as exc:
        await message.answer(problem_text(exc), reply_markup=_step_keyboard(draft, Step.OUTPUT))
        return
    await advance(message, state, replace(draft, qty=qty, unit=unit), Step.OUTPUT)


@router.message(StateFilter(ReportForm.evidence), filters.evidence_input)
async def got_evidence(message: Message, state: FSMContext, employee: Employee) -> None:
    draft = await _draft_or_restart(message, state)
    if draft is None:
        return
    try:
        draft = replace(
            draft, evidence=evidence_input.add(employee.agency, draft.evidence, message)
        )
    except Invalid as exc:
        await message.answer(
            problem_text(exc), reply_markup=evidence_keyboard(draft.flow, len(draft.evidence))
        )
        return
    await state.set_data(draft.to_state())
    count = len(draft.evidence)
    await message.answer(
        _("📎 Evidence received ({n}). Send more, or tap Done.").format(n=count),
        reply_markup=evidence_keyboard(draft.flow, count),
    )


@router.message(StateFilter(ReportForm.confirm), filters.typed_text)
async def typed_at_card(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    """A date typed at the card (`kemarin`, `30/11`) moves the report; other text is answered
    with the card and what to tap."""
    draft = await _draft_or_restart(message, state)
    if draft is None:
        return
    dates = await report_dates(session, employee, clock())
    try:
        day = parse_day(message.text or "", dates[0])
    except Invalid:
        await message.answer(
            _(
                "To change something, tap its button on the card. "
                "To change the date, type it (e.g. kemarin)."
            )
        )
        await show_card(message, state, draft)
        return
    if day not in dates:
        await message.answer(_("That date can no longer be chosen."))
    else:
        draft = replace(draft, work_date=day)
    await show_card(message, state, draft)


@router.message(StateFilter(*STATES.values(), ReportForm.confirm), filters.not_command)
async def use_the_buttons(message: Message, state: FSMContext) -> None:
    """Photos, stickers and the like where text or a button is expected."""
    draft = await _draft_or_restart(message, state)
    if draft is None:
        return
    step = await current_step(state)
    if step is None:
        await show_card(message, state, draft)
        return
    if step is Step.EVIDENCE:
        text = _("Send a photo, a document or a link, or tap a button.")
    elif step is Step.TARGET:
        text = _("Tap the target (RHK) this work serves.")
    else:
        text = _("Please answer with text (or tap a button).")
    await message.answer(text, reply_markup=_step_keyboard(draft, step))


# --- buttons ------------------------------------------------------------------------------


async def current_flow(
    callback: CallbackQuery, callback_data: ReportCb, state: FSMContext
) -> ReportDraft | None:
    """The draft this button belongs to, or None (then the user is told, the button removed)."""
    draft = await load(state)
    if draft is None or draft.flow != callback_data.flow:
        await reject_stale(callback)
        return None
    await callback.answer()
    return draft


@router.callback_query(ReportCb.filter(F.action == ReportAction.CANCEL))
async def on_cancel(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    if await current_flow(callback, callback_data, state) is None:
        return
    await state.clear()
    await callback_message(callback).edit_text(_("Cancelled. Nothing was saved."))


@router.callback_query(ReportCb.filter(F.action == ReportAction.BACK))
async def on_back(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    """One step back; the answer given there stays (shown, with a button to keep it)."""
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    current = await current_step(state)
    if draft.editing:
        await show_card(callback_message(callback), state, draft)
        return
    await show_step(callback_message(callback), state, draft, draft.previous_step(current))


@router.callback_query(
    ReportCb.filter(F.action.in_({ReportAction.SKIP, ReportAction.DONE, ReportAction.KEEP}))
)
async def on_next(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    step = await current_step(state)
    if step is None:
        await show_card(callback_message(callback), state, draft)
        return
    if step is Step.OUTPUT and callback_data.action is ReportAction.SKIP:
        draft = replace(draft, qty=None, unit=None)
    if (
        callback_data.action is ReportAction.KEEP
        and not draft.answered(step)
        and step is not Step.OUTPUT
    ):
        await show_step(callback_message(callback), state, draft, step)
        return
    await advance(callback_message(callback), state, draft, step)


@router.callback_query(ReportCb.filter(F.action == ReportAction.TRIM))
async def on_trim(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    if not draft.too_long:
        await show_card(callback_message(callback), state, draft)
        return
    cut = draft.too_long[: MAX_DESCRIPTION - 1].rstrip() + "…"
    draft = replace(draft, description=clean_description(cut), too_long=None)
    await advance(callback_message(callback), state, draft, Step.DESCRIPTION)


@router.callback_query(ReportCb.filter(F.action == ReportAction.DURATION))
async def on_duration(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    if callback_data.minutes <= 0:
        await callback_message(callback).answer(_("This button is no longer valid."))
        return
    work_time = WorkTime(callback_data.minutes)
    await advance(callback_message(callback), state, draft.with_time(work_time), Step.TIME)


@router.callback_query(ReportCb.filter(F.action == ReportAction.TARGET))
async def on_target(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    offered = {item_id for item_id, _text in draft.targets}
    if callback_data.item not in offered | {0}:
        await callback_message(callback).answer(_("This button is no longer valid."))
        return
    draft = replace(draft, plan_item_id=callback_data.item or None, target_set=True)
    await advance(callback_message(callback), state, draft, Step.TARGET)


@router.callback_query(ReportCb.filter(F.action == ReportAction.EDIT))
async def on_edit(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None or callback_data.step is None:
        return
    if callback_data.step is Step.TARGET and not draft.targets:
        await show_card(callback_message(callback), state, draft)
        return
    await show_step(
        callback_message(callback), state, replace(draft, editing=True), callback_data.step
    )


@router.callback_query(ReportCb.filter(F.action == ReportAction.CARD))
async def on_card(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is not None:
        await show_card(callback_message(callback), state, draft)


@router.callback_query(ReportCb.filter(F.action == ReportAction.DATES))
async def on_dates(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    days = await report_dates(session, employee, clock())
    await callback_message(callback).edit_text(
        _("Which day is this report for? Tap it, or type it (e.g. kemarin, 30/11)."),
        reply_markup=dates_keyboard(draft.flow, days),
    )


@router.callback_query(ReportCb.filter(F.action == ReportAction.DATE))
async def on_date(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    allowed = {d.isoformat(): d for d in await report_dates(session, employee, clock())}
    if callback_data.day not in allowed:
        await callback_message(callback).answer(_("That date can no longer be chosen."))
        return
    await show_card(
        callback_message(callback), state, replace(draft, work_date=allowed[callback_data.day])
    )


@router.callback_query(
    ReportCb.filter(
        F.action.in_({ReportAction.SUBMIT, ReportAction.OVERLAP_OK, ReportAction.LONG_OK})
    )
)
async def on_submit(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    if callback_data.action is ReportAction.LONG_OK and not draft.long_ok:
        draft = replace(draft, long_ok=True)
        await state.set_data(draft.to_state())
    await save(
        callback_message(callback),
        state,
        draft,
        session,
        employee,
        clock,
        allow_overlap=callback_data.action is ReportAction.OVERLAP_OK,
        allow_long=draft.long_ok,
    )


@router.callback_query(ReportCb.filter(F.action == ReportAction.AGAIN))
async def on_again(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    await callback.answer()
    await start_report(callback_message(callback), state, session, employee, clock)
