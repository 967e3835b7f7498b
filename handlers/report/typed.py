"""/lapor and /batal, and the answers typed at each step (a date typed at the card included).

Typed text is understood at every step where it can be (an activity or a time typed at the
target step, a date typed at the card); otherwise the person is told what to tap."""

from __future__ import annotations

from dataclasses import replace

from aiogram.filters import CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.report import evidence as evidence_input
from handlers.report.card import prompt
from handlers.report.draft import ReportDraft, Step
from handlers.report.keyboards import (
    evidence_keyboard,
    target_keyboard,
)
from handlers.report.steps import (
    STATES,
    ReportForm,
    advance,
    current_step,
    load,
    router,
    show_card,
    show_step,
    start_report,
    step_markup,
    step_text,
    understood,
    whole_time,
)
from handlers.texts.problems import problem_text
from models import Employee
from services.clock import Clock
from services.dateparse import parse_day
from services.errors import Invalid
from services.report_rules import parse_output
from services.reporting import report_dates
from services.timeparse import parse_work_time


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
        noted.append(step_text(draft, Step.DESCRIPTION))
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
            reply_markup=step_markup(draft, Step.DESCRIPTION),
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
        await message.answer(problem_text(exc), reply_markup=step_markup(draft, Step.TIME))
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
        await message.answer(problem_text(exc), reply_markup=step_markup(draft, Step.OUTPUT))
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
    await message.answer(text, reply_markup=step_markup(draft, step))


# --- buttons ------------------------------------------------------------------------------
