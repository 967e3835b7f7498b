"""The report dialog's router and state: reading typed lines into the draft, asking a step,
showing the card, and starting a report (used by /lapor, reminders and history).

`typed` and `buttons` add their handlers to `router`; `flow` imports both, so importing
`flow` gives the whole dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.report.card import prompt, render_card
from handlers.report.draft import ReportDraft, Step, new_draft
from handlers.report.keyboards import (
    card_keyboard,
    evidence_keyboard,
    step_keyboard,
    target_keyboard,
    time_keyboard,
    trim_keyboard,
)
from handlers.texts.problems import problem_text
from models import Employee
from services.clock import Clock
from services.errors import Invalid, Problem
from services.plans import report_targets
from services.report_rules import MAX_DESCRIPTION, clean_description
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


def step_markup(draft: ReportDraft, step: Step) -> InlineKeyboardMarkup:
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


def step_text(draft: ReportDraft, step: Step) -> str:
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
    await message.answer(step_text(draft, step), reply_markup=step_markup(draft, step))


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
