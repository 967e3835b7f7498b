"""/skp_baru: an SKP written step by step (RHK, the supervisor's RHK it intervenes, IKI,
target), and fixing one RHK of a draft or returned plan with the same steps."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.fit import shorten
from handlers.plans import card
from handlers.plans.draft import PARENT_LABEL, ItemDraft, PlanDraft, PlanStep
from handlers.plans.keyboards import (
    PlanAction,
    PlanCb,
    added_keyboard,
    keep_keyboard,
    parent_keyboard,
    pick_keyboard,
    submit_button,
)
from handlers.stale import callback_message, reject_stale
from handlers.texts.problems import problem_text
from models import Employee, PlanStatus
from services.clock import Clock
from services.errors import DomainError, Invalid, NotAllowed
from services.localtime import employee_today
from services.plan_cards import Cascade, Rhk, cascade_for, open_plan_status, own_plan
from services.plan_edit import ItemChange, edit_item
from services.plans import check_plan_text, check_target_value, save_draft

router = Router(name="plan_entry")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)

MIN_TEXT = 5
OPEN = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanForm(StatesGroup):
    rhk = State()
    parent = State()
    iki = State()
    target = State()
    added = State()  # an RHK was added: another one, or save


STATES: dict[PlanStep, State] = {step: getattr(PlanForm, step.value) for step in PlanStep}


async def _load(state: FSMContext) -> PlanDraft | None:
    if await state.get_state() not in {s.state for s in PlanForm.__states__}:
        return None
    try:
        return PlanDraft.from_state(await state.get_data())
    except (KeyError, ValueError, TypeError):
        return None


async def _step(state: FSMContext) -> PlanStep | None:
    current = await state.get_state()
    return next((step for step, s in STATES.items() if s.state == current), None)


def _parents(cascade: Cascade) -> list[Rhk]:
    return [Rhk(p.id, shorten(p.text, PARENT_LABEL)) for p in cascade.parents]


async def _ask(message: Message, state: FSMContext, draft: PlanDraft, step: PlanStep) -> None:
    await state.set_state(STATES[step])
    await state.set_data(draft.to_state())
    current = draft.current if draft.editing else None
    markup: InlineKeyboardMarkup | None = None
    if step is PlanStep.PARENT:
        keep = draft.editing and draft.parent_allowed(draft.current.parent or 0)
        markup = parent_keyboard(draft.flow, draft.parents, keep)
    elif draft.editing:
        markup = keep_keyboard(draft.flow)
    await message.answer(card.ask(step, len(draft.items) + 1, current), reply_markup=markup)


async def _next(
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
        await _ask(message, state, draft, following)
    elif draft.editing:
        await _save_item(message, state, draft, session, employee, clock)
    else:
        draft.finish_item()
        await state.set_state(PlanForm.added)
        await state.set_data(draft.to_state())
        await message.answer(
            _("Added RHK {n}.").format(n=len(draft.items)), reply_markup=added_keyboard(draft.flow)
        )


async def _save_item(
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
    await state.clear()
    try:
        await edit_item(session, employee, draft.plan_id, draft.item_id, change, now=clock())
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    except DomainError:
        await message.answer(_("This plan can no longer be changed."))
        return
    kb = InlineKeyboardBuilder()
    submit_button(kb, draft.plan_id)
    kb.button(
        text=_("✏️ Edit one RHK"), callback_data=PlanCb(action=PlanAction.EDIT, plan=draft.plan_id)
    )
    kb.adjust(1)
    await message.answer(
        _("✅ RHK updated. Fix another one, or submit the plan again when it is right."),
        reply_markup=kb.as_markup(),
    )


# --- starting --------------------------------------------------------------------------------


@router.message(command("skp_baru"))
async def new_plan(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    day = await employee_today(session, employee, clock())
    if await open_plan_status(session, employee, day) in (
        PlanStatus.SUBMITTED,
        PlanStatus.APPROVED,
    ):
        await message.answer(card.already_filed())
        return
    cascade = await cascade_for(session, employee, day)
    if cascade.supervisor is not None and not cascade.parents:
        await message.answer(card.no_parent_yet(cascade, day.year))
    await _ask(message, state, PlanDraft(parents=_parents(cascade)), PlanStep.RHK)


@router.callback_query(PlanCb.filter(F.action == PlanAction.EDIT))
async def choose_item(
    callback: CallbackQuery, callback_data: PlanCb, session: AsyncSession, employee: Employee
) -> None:
    plan = await own_plan(session, employee, callback_data.plan)
    if plan is None or plan.status not in OPEN or not plan.items:
        await reject_stale(callback)
        return
    await callback.answer()
    await callback_message(callback).answer(
        _("Which RHK do you want to fix? ⚠️ marks an RHK not linked to your supervisor's yet."),
        reply_markup=pick_keyboard(plan.plan_id, plan.items),
    )


@router.callback_query(PlanCb.filter(F.action == PlanAction.PICK))
async def fix_item(
    callback: CallbackQuery,
    callback_data: PlanCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    plan = await own_plan(session, employee, callback_data.plan)
    item = next((i for i in plan.items if i.id == callback_data.item), None) if plan else None
    if plan is None or plan.status not in OPEN or item is None:
        await reject_stale(callback)
        return
    await callback.answer()
    day = await employee_today(session, employee, clock())
    cascade = await cascade_for(session, employee, day)
    if cascade.supervisor is not None and not cascade.parents:
        await callback_message(callback).answer(card.no_parent_yet(cascade, day.year))
    current = ItemDraft(item.text, item.parent_item_id, item.iki, str(item.target or ""), item.unit)
    draft = PlanDraft(
        parents=_parents(cascade), current=current, plan_id=plan.plan_id, item_id=item.id
    )
    await _ask(callback_message(callback), state, draft, PlanStep.RHK)


# --- typed answers ---------------------------------------------------------------------------


async def _typed(message: Message, state: FSMContext) -> tuple[PlanDraft, str] | None:
    draft = await _load(state)
    if draft is None:
        await state.clear()
        await message.answer(
            _("Sorry, I lost track of your plan. Please start again with /skp_baru.")
        )
        return None
    return draft, " ".join((message.text or "").split())


@router.message(StateFilter(PlanForm.rhk, PlanForm.iki), filters.typed_text)
async def text_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    loaded = await _typed(message, state)
    if loaded is None:
        return
    draft, text = loaded
    step = await _step(state)
    assert step is not None
    if len(text) < MIN_TEXT:
        await message.answer(
            _("Please describe the RHK (at least 5 characters).")
            if step is PlanStep.RHK
            else _("Please describe the indicator (at least 5 characters).")
        )
        return
    try:
        text = check_plan_text(text)
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    if step is PlanStep.RHK:
        draft.current.text = text
    else:
        draft.current.iki = text
    await _next(message, state, draft, step, session=session, employee=employee, clock=clock)


@router.message(StateFilter(PlanForm.target), filters.typed_text)
async def target_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    loaded = await _typed(message, state)
    if loaded is None:
        return
    draft, text = loaded
    parts = text.split(maxsplit=1)
    try:
        value = Decimal(parts[0].replace(",", "."))
        check_target_value(value, parts[1])
    except (InvalidOperation, IndexError, Invalid):
        await message.answer(_("Write the target as a number and a unit, e.g. 12 dokumen."))
        return
    draft.current.target, draft.current.unit = str(value), parts[1]
    await _next(
        message, state, draft, PlanStep.TARGET, session=session, employee=employee, clock=clock
    )


@router.message(StateFilter(PlanForm.parent), filters.typed_text)
async def parent_typed(message: Message, state: FSMContext) -> None:
    draft = await _load(state)
    if draft is None:
        return
    await message.answer(
        _("Please tap the RHK of your supervisor that this one supports."),
        reply_markup=parent_keyboard(draft.flow, draft.parents, keep=False),
    )


@router.message(StateFilter(PlanForm.added), filters.typed_text)
async def added_typed(message: Message, state: FSMContext) -> None:
    draft = await _load(state)
    if draft is None:
        return
    await message.answer(
        _("Tap ➕ Another RHK or 💾 Save draft."), reply_markup=added_keyboard(draft.flow)
    )


@router.message(StateFilter(*PlanForm.__states__), filters.not_command)
async def plan_text_expected(message: Message) -> None:
    await message.answer(_("Please type your answer as text, or /batal."))


# --- buttons ---------------------------------------------------------------------------------


async def _pressed(
    callback: CallbackQuery, callback_data: PlanCb, state: FSMContext, *steps: PlanStep | None
) -> PlanDraft | None:
    """The open draft if the button belongs to it and to the step being asked."""
    draft = await _load(state)
    if draft is None or draft.flow != callback_data.flow or await _step(state) not in steps:
        await reject_stale(callback)
        return None
    await callback.answer()
    return draft


@router.callback_query(PlanCb.filter(F.action == PlanAction.PARENT))
async def parent_chosen(
    callback: CallbackQuery,
    callback_data: PlanCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await _load(state)
    if draft is None or not draft.parent_allowed(callback_data.item):
        await reject_stale(callback)
        return
    draft = await _pressed(callback, callback_data, state, PlanStep.PARENT)
    if draft is None:
        return
    draft.current.parent = callback_data.item
    await _next(
        callback_message(callback),
        state,
        draft,
        PlanStep.PARENT,
        session=session,
        employee=employee,
        clock=clock,
    )


@router.callback_query(PlanCb.filter(F.action == PlanAction.KEEP))
async def keep_answer(
    callback: CallbackQuery,
    callback_data: PlanCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    step = await _step(state)
    draft = await _pressed(callback, callback_data, state, *PlanStep)
    if draft is None or step is None:
        return
    if not draft.editing:
        return
    await _next(
        callback_message(callback),
        state,
        draft,
        step,
        session=session,
        employee=employee,
        clock=clock,
    )


@router.callback_query(PlanCb.filter(F.action == PlanAction.MORE))
async def more_items(callback: CallbackQuery, callback_data: PlanCb, state: FSMContext) -> None:
    draft = await _pressed(callback, callback_data, state, None)
    if draft is not None:
        await _ask(callback_message(callback), state, draft, PlanStep.RHK)


@router.callback_query(PlanCb.filter(F.action == PlanAction.SAVE))
async def save_items(
    callback: CallbackQuery,
    callback_data: PlanCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await _load(state)
    if (
        draft is None
        or draft.flow != callback_data.flow
        or await state.get_state() != PlanForm.added.state
        or not draft.items
    ):
        await reject_stale(callback)
        return
    year = (await employee_today(session, employee, clock())).year
    try:
        await save_draft(session, employee, year, [i.to_input() for i in draft.items], now=clock())
    except NotAllowed:
        await reject_stale(callback, _("Your plan is already submitted or approved."))
        return
    except Invalid as exc:
        await reject_stale(callback, problem_text(exc))
        return
    await state.clear()
    await callback.answer()
    await callback_message(callback).edit_text(
        _("✅ SKP draft saved. Check it with /skp, then submit.")
    )
