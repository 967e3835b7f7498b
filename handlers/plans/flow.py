"""/skp: my plan and its progress, submit, documents; for assessors (and, at the top of the
hierarchy, admins): approve or return the team's plans."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.document_files import send_document_file
from handlers.plans import card
from handlers.plans.draft import ReturnDraft
from handlers.plans.keyboards import (
    PlanAction,
    PlanCb,
    plan_keyboard,
    return_keyboard,
    team_button,
    team_plan_keyboard,
)
from handlers.plans.steps import OPEN
from handlers.stale import callback_message, drop_keyboard, reject_stale
from handlers.texts.plans import render_progress
from handlers.texts.problems import problem_text
from models import Employee
from services.clock import Clock
from services.documents import plan_document
from services.errors import DomainError, Invalid
from services.localtime import employee_today
from services.plan_cards import approves_own, decided, own_plan, team_plans
from services.plan_progress import plan_progress
from services.plans import NotCascaded, decide_plan, plans_to_decide, readable_plan, submit_plan

router = Router(name="plans")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


class ReturnForm(StatesGroup):
    note = State()


@router.message(command("skp"))
async def plan_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    progress = await plan_progress(session, employee, clock())
    to_decide = len(await plans_to_decide(session, employee))
    if progress is None:
        kb = InlineKeyboardBuilder()
        if to_decide:
            team_button(kb, to_decide)
        await message.answer(
            card.how_to_start(), reply_markup=kb.as_markup() if to_decide else None
        )
        return
    plan = progress.plan
    mine = await own_plan(session, employee, plan.id)
    unlinked = (
        [i for i in mine.items if not i.linked]
        if mine and mine.can_link and mine.status in OPEN
        else []
    )
    notes = (card.unlinked_text(len(unlinked)),) if unlinked else ()
    await message.answer(
        render_progress(progress, notes),
        reply_markup=plan_keyboard(plan.id, plan.status, to_decide),
    )


@router.callback_query(PlanCb.filter(F.action == PlanAction.SUBMIT))
async def submit(
    callback: CallbackQuery,
    callback_data: PlanCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        await submit_plan(session, employee, callback_data.plan, now=clock())
    except DomainError:
        await reject_stale(callback)
        return
    await drop_keyboard(callback_message(callback))
    if await approves_own(session, employee):
        await callback.answer()
        await callback_message(callback).answer(
            _("📤 Submitted. You are the only admin, so approve it yourself: /skp → 🗂 Team plans.")
        )
        return
    if employee.supervisor_id is None:
        await callback.answer(_("📤 Submitted to the agency's admins for approval."))
        return
    await callback.answer(_("📤 Submitted to your assessor."))


@router.callback_query(PlanCb.filter(F.action.in_({PlanAction.PDF, PlanAction.XLSX})))
async def document(
    callback: CallbackQuery,
    callback_data: PlanCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        plan = await readable_plan(session, employee, callback_data.plan, clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    await send_document_file(
        bot,
        callback_message(callback).chat.id,
        await plan_document(session, plan),
        callback_data.action.value,
        await employee_today(session, employee, clock()),
    )


@router.callback_query(PlanCb.filter(F.action == PlanAction.TEAM))
async def team(callback: CallbackQuery, session: AsyncSession, employee: Employee) -> None:
    await callback.answer()
    for plan in await team_plans(session, employee):
        await callback_message(callback).answer(
            card.team_plan_text(plan), reply_markup=team_plan_keyboard(plan.plan_id)
        )


@router.callback_query(PlanCb.filter(F.action == PlanAction.APPROVE))
async def approve(
    callback: CallbackQuery,
    callback_data: PlanCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        plan = await decide_plan(session, employee, callback_data.plan, True, None, now=clock())
    except NotCascaded as exc:
        await callback.answer()
        await callback_message(callback).answer(
            card.not_cascaded_text([i.text for i in exc.items]),
            reply_markup=return_keyboard(callback_data.plan),
        )
        return
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer(_("✅ Approved."))
    await drop_keyboard(callback_message(callback))
    await callback_message(callback).answer(
        card.approved_text(await decided(session, employee, plan))
    )


@router.callback_query(PlanCb.filter(F.action == PlanAction.RETURN))
async def ask_return_note(
    callback: CallbackQuery, callback_data: PlanCb, state: FSMContext
) -> None:
    await callback.answer()
    await state.set_state(ReturnForm.note)
    await state.set_data(ReturnDraft(callback_data.plan).to_state())
    await callback_message(callback).answer(_("What should be changed? Write a note."))


@router.message(StateFilter(ReturnForm.note), filters.typed_text)
async def return_note_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    try:
        draft = ReturnDraft.from_state(await state.get_data())
    except (KeyError, ValueError, TypeError):
        await state.clear()
        await message.answer(_("This plan can no longer be returned."))
        return
    try:
        await decide_plan(session, employee, draft.plan_id, False, message.text, now=clock())
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    except DomainError:
        await state.clear()
        await message.answer(_("This plan can no longer be returned."))
        return
    await state.clear()
    await message.answer(
        _(
            "↩️ Returned with your note. The owner is told to fix it and submit it again; it will "
            "come back to you in /skp → 🗂 Team plans."
        )
    )


@router.message(StateFilter(ReturnForm.note), filters.not_command)
async def note_expected(message: Message) -> None:
    await message.answer(_("Please type your answer as text, or /batal."))
