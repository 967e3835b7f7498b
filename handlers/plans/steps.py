"""The steps of writing one RHK (text, the supervisor's RHK it intervenes, IKI, target), shared
by /skp_baru (entry.py) and fixing one RHK (fix.py): the dialog states, the typed draft in
them, the question of each step and what follows an answer."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.fit import shorten
from handlers.plans import card
from handlers.plans.draft import PARENT_LABEL, PlanDraft, PlanStep
from handlers.plans.keyboards import (
    PlanCb,
    added_keyboard,
    fixed_keyboard,
    keep_keyboard,
    parent_keyboard,
)
from handlers.stale import reject_stale
from handlers.texts.problems import problem_text
from models import Employee, PlanStatus
from services.clock import Clock
from services.errors import DomainError, Invalid
from services.plan_cards import Cascade, Rhk
from services.plan_edit import ItemChange, edit_item

MIN_TEXT = 5
OPEN = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanForm(StatesGroup):
    rhk = State()
    parent = State()
    iki = State()
    target = State()
    added = State()  # an RHK was added: another one, or save


STATES: dict[PlanStep, State] = {step: getattr(PlanForm, step.value) for step in PlanStep}


async def load(state: FSMContext) -> PlanDraft | None:
    if await state.get_state() not in {s.state for s in PlanForm.__states__}:
        return None
    try:
        return PlanDraft.from_state(await state.get_data())
    except (KeyError, ValueError, TypeError):
        return None


async def current_step(state: FSMContext) -> PlanStep | None:
    current = await state.get_state()
    return next((step for step, s in STATES.items() if s.state == current), None)


def parents_of(cascade: Cascade) -> list[Rhk]:
    return [Rhk(p.id, shorten(p.text, PARENT_LABEL)) for p in cascade.parents]


async def ask(message: Message, state: FSMContext, draft: PlanDraft, step: PlanStep) -> None:
    await state.set_state(STATES[step])
    await state.set_data(draft.to_state())
    current = draft.current if draft.editing else None
    markup: InlineKeyboardMarkup | None = None
    if step is PlanStep.PARENT:
        markup = parent_keyboard(draft.flow, draft.parents, draft.keeps_parent)
    elif draft.editing:
        markup = keep_keyboard(draft.flow, step)
    await message.answer(card.ask(step, len(draft.items) + 1, current), reply_markup=markup)


async def answered(
    message: Message,
    state: FSMContext,
    draft: PlanDraft,
    step: PlanStep,
    *,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    """`step` was answered: ask the next one, or finish the RHK."""
    following = draft.after(step)
    if following is not None:
        await ask(message, state, draft, following)
    elif draft.editing:
        await save_item(message, state, draft, session, employee, clock)
    else:
        draft.finish_item()
        await state.set_state(PlanForm.added)
        await state.set_data(draft.to_state())
        await message.answer(
            _("Added RHK {n}.").format(n=len(draft.items)), reply_markup=added_keyboard(draft.flow)
        )


async def save_item(
    message: Message,
    state: FSMContext,
    draft: PlanDraft,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    assert draft.plan_id is not None
    assert draft.item_id is not None
    item = draft.current.to_input()
    change = ItemChange(item.text, item.parent_item_id, item.indicators[0])
    try:
        await edit_item(session, employee, draft.plan_id, draft.item_id, change, now=clock())
    except Invalid as exc:  # the answers stay: the last step can be answered again
        await message.answer(problem_text(exc))
        return
    except DomainError:
        await state.clear()
        await message.answer(_("This plan can no longer be changed."))
        return
    await state.clear()
    await message.answer(
        _("✅ RHK updated. Fix another one, or submit the plan again when it is right."),
        reply_markup=fixed_keyboard(draft.plan_id),
    )


async def typed(message: Message, state: FSMContext) -> tuple[PlanDraft, str] | None:
    draft = await load(state)
    if draft is None:
        await state.clear()
        await message.answer(
            _("Sorry, I lost track of your plan. Please start again with /skp_baru.")
        )
        return None
    return draft, " ".join((message.text or "").split())


async def pressed(
    callback: CallbackQuery, callback_data: PlanCb, state: FSMContext, expected: State
) -> PlanDraft | None:
    """The open draft if the button belongs to it and to the state it was shown in."""
    draft = await load(state)
    if (
        draft is None
        or draft.flow != callback_data.flow
        or await state.get_state() != expected.state
    ):
        await reject_stale(callback)
        return None
    await callback.answer()
    return draft
