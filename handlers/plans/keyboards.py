"""Buttons of the plan screens. Card buttons carry the plan (and RHK) they act on; dialog buttons
also carry the flow id, so a button of an older dialog is recognised and refused."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callback_types import DbId
from handlers.fit import shorten
from handlers.plans.draft import PARENT_LABEL, PlanStep
from handlers.report.keyboards import FlowId
from models import PlanStatus
from services.plan_cards import PlanItemView, Rhk


class PlanAction(enum.StrEnum):
    SUBMIT = "submit"
    PDF = "pdf"
    XLSX = "xlsx"
    TEAM = "team"  # the team's plans waiting for approval
    APPROVE = "ok"
    RETURN = "back"
    EDIT = "edit"  # list the RHK of a draft or returned plan
    PICK = "pick"  # fix this one RHK
    PARENT = "parent"  # this RHK intervenes that RHK of the supervisor
    KEEP = "keep"  # keep the current answer (fixing an RHK)
    MORE = "more"
    SAVE = "save"


class PlanCb(CallbackData, prefix="pl"):
    action: PlanAction
    plan: DbId = 0
    item: DbId = 0
    flow: FlowId = "-"
    step: PlanStep | None = None  # keep: the step whose answer is kept


def team_button(kb: InlineKeyboardBuilder, count: int) -> None:
    kb.button(
        text=_("🗂 Team plans to approve ({n})").format(n=count),
        callback_data=PlanCb(action=PlanAction.TEAM),
    )


def submit_button(kb: InlineKeyboardBuilder, plan_id: int) -> None:
    kb.button(
        text=_("📤 Submit to assessor"),
        callback_data=PlanCb(action=PlanAction.SUBMIT, plan=plan_id),
    )


def plan_keyboard(plan_id: int, status: PlanStatus, to_decide: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    sizes = []
    if status in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        submit_button(kb, plan_id)
        kb.button(
            text=_("✏️ Edit one RHK"), callback_data=PlanCb(action=PlanAction.EDIT, plan=plan_id)
        )
        sizes.append(2)
    kb.button(text="📄 PDF", callback_data=PlanCb(action=PlanAction.PDF, plan=plan_id))
    kb.button(text="📊 XLSX", callback_data=PlanCb(action=PlanAction.XLSX, plan=plan_id))
    sizes.append(2)
    if to_decide:
        team_button(kb, to_decide)
        sizes.append(1)
    kb.adjust(*sizes)
    return kb.as_markup()


def pick_keyboard(plan_id: int, items: list[PlanItemView]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for n, item in enumerate(items, 1):
        mark = "" if item.linked else "⚠️ "
        kb.button(
            text=f"{mark}{n}. {shorten(item.text, PARENT_LABEL)}",
            callback_data=PlanCb(action=PlanAction.PICK, plan=plan_id, item=item.id),
        )
    kb.adjust(1)
    return kb.as_markup()


def parent_keyboard(flow: str, parents: list[Rhk], keep: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for parent in parents:
        kb.button(
            text=shorten(parent.text, PARENT_LABEL),
            callback_data=PlanCb(action=PlanAction.PARENT, item=parent.id, flow=flow),
        )
    if keep:
        keep_button(kb, flow, PlanStep.PARENT)
    kb.adjust(1)
    return kb.as_markup()


def keep_button(kb: InlineKeyboardBuilder, flow: str, step: PlanStep) -> None:
    kb.button(
        text=_("Keep it ➡️"), callback_data=PlanCb(action=PlanAction.KEEP, flow=flow, step=step)
    )


def keep_keyboard(flow: str, step: PlanStep) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    keep_button(kb, flow, step)
    return kb.as_markup()


def added_keyboard(flow: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("➕ Another RHK"), callback_data=PlanCb(action=PlanAction.MORE, flow=flow))
    kb.button(text=_("💾 Save draft"), callback_data=PlanCb(action=PlanAction.SAVE, flow=flow))
    return kb.as_markup()


def fixed_keyboard(plan_id: int) -> InlineKeyboardMarkup:
    """After one RHK was fixed: submit the plan, or fix another RHK."""
    kb = InlineKeyboardBuilder()
    submit_button(kb, plan_id)
    kb.button(text=_("✏️ Edit one RHK"), callback_data=PlanCb(action=PlanAction.EDIT, plan=plan_id))
    kb.adjust(1)
    return kb.as_markup()


def team_plan_keyboard(plan_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("✅ Approve"), callback_data=PlanCb(action=PlanAction.APPROVE, plan=plan_id))
    kb.button(text=_("↩️ Return"), callback_data=PlanCb(action=PlanAction.RETURN, plan=plan_id))
    kb.button(text="📄 PDF", callback_data=PlanCb(action=PlanAction.PDF, plan=plan_id))
    kb.adjust(2, 1)
    return kb.as_markup()


def return_keyboard(plan_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("↩️ Return"), callback_data=PlanCb(action=PlanAction.RETURN, plan=plan_id))
    return kb.as_markup()
