"""Fixing one RHK of a draft or returned plan (its other RHK, and the activities reported
against it, stay): pick the RHK from /skp, then the same steps as /skp_baru with the current
answers quoted and a "Keep it" button."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.plans import card
from handlers.plans.draft import ItemDraft, PlanDraft, PlanStep
from handlers.plans.keyboards import PlanAction, PlanCb, pick_keyboard
from handlers.plans.steps import OPEN, ask, parents_of
from handlers.stale import callback_message, reject_stale
from models import Employee
from services.clock import Clock
from services.localtime import employee_today
from services.plan_cards import cascade_for, own_plan

router = Router(name="plan_fix")
router.callback_query.filter(filters.registered)


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
    if not any(p.id == current.parent for p in cascade.parents):
        current.parent = None  # no longer an approved RHK of the supervisor: chosen again
    draft = PlanDraft(
        parents=parents_of(cascade), current=current, plan_id=plan.plan_id, item_id=item.id
    )
    await ask(callback_message(callback), state, draft, PlanStep.RHK)
