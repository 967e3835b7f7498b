"""/skp_baru: an SKP written step by step (RHK, the supervisor's RHK it intervenes, IKI,
target); the typed answers and the buttons of those steps (also when fixing one RHK)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.plans import card
from handlers.plans.draft import PlanDraft, PlanStep
from handlers.plans.keyboards import PlanAction, PlanCb, added_keyboard, parent_keyboard
from handlers.plans.steps import (
    MIN_TEXT,
    PlanForm,
    answered,
    ask,
    current_step,
    load,
    parents_of,
    pressed,
    typed,
)
from handlers.stale import callback_message, reject_stale
from handlers.texts.problems import problem_text
from models import Employee, PlanStatus
from services.clock import Clock
from services.errors import Invalid, NotAllowed
from services.localtime import employee_today
from services.plan_cards import cascade_for, open_plan_status
from services.plans import check_plan_text, check_target_value, save_draft

router = Router(name="plan_entry")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


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
    await ask(message, state, PlanDraft(parents=parents_of(cascade)), PlanStep.RHK)


# --- typed answers ---------------------------------------------------------------------------


@router.message(StateFilter(PlanForm.rhk, PlanForm.iki), filters.typed_text)
async def texttyped(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    loaded = await typed(message, state)
    if loaded is None:
        return
    draft, text = loaded
    step = await current_step(state)
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
    await answered(message, state, draft, step, session=session, employee=employee, clock=clock)


@router.message(StateFilter(PlanForm.target), filters.typed_text)
async def targettyped(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    loaded = await typed(message, state)
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
    await answered(
        message, state, draft, PlanStep.TARGET, session=session, employee=employee, clock=clock
    )


@router.message(StateFilter(PlanForm.parent), filters.typed_text)
async def parenttyped(message: Message, state: FSMContext) -> None:
    draft = await load(state)
    if draft is None:
        return
    await message.answer(
        _("Please tap the RHK of your supervisor that this one supports."),
        reply_markup=parent_keyboard(draft.flow, draft.parents, draft.keeps_parent),
    )


@router.message(StateFilter(PlanForm.added), filters.typed_text)
async def addedtyped(message: Message, state: FSMContext) -> None:
    draft = await load(state)
    if draft is None:
        return
    await message.answer(
        _("Tap ➕ Another RHK or 💾 Save draft."), reply_markup=added_keyboard(draft.flow)
    )


@router.message(StateFilter(*PlanForm.__states__), filters.not_command)
async def plan_text_expected(message: Message) -> None:
    await message.answer(_("Please type your answer as text, or /batal."))


# --- buttons ---------------------------------------------------------------------------------


@router.callback_query(PlanCb.filter(F.action == PlanAction.PARENT))
async def parent_chosen(
    callback: CallbackQuery,
    callback_data: PlanCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await load(state)
    if draft is None or not draft.parent_allowed(callback_data.item):
        await reject_stale(callback)
        return
    draft = await pressed(callback, callback_data, state, PlanForm.parent)
    if draft is None:
        return
    draft.current.parent = callback_data.item
    await answered(
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
    draft = await load(state)
    step = await current_step(state)
    if (
        draft is None
        or not draft.editing
        or step is None
        or step is not callback_data.step
        or draft.flow != callback_data.flow
    ):
        await reject_stale(callback)
        return
    await callback.answer()
    await answered(
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
    draft = await pressed(callback, callback_data, state, PlanForm.added)
    if draft is not None:
        await ask(callback_message(callback), state, draft, PlanStep.RHK)


@router.callback_query(PlanCb.filter(F.action == PlanAction.SAVE))
async def save_items(
    callback: CallbackQuery,
    callback_data: PlanCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await load(state)
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
