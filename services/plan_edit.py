"""Fixing one RHK of a draft or returned plan in place (its id, and so the activities reported
against it, stay), instead of writing the whole plan again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Indicator, Plan, PlanItem, PlanStatus
from services import audit
from services.audit import Actor
from services.errors import Invalid, NotAllowed, NotFound, Problem
from services.plans import IndicatorInput, check_plan_text, check_target_value, supervisor_items
from services.text import one_line


@dataclass(frozen=True)
class ItemChange:
    """The RHK's new text, the supervisor's RHK it intervenes, and its first indicator (the
    other indicators and the action plans stay)."""

    text: str
    parent_item_id: int | None
    indicator: IndicatorInput


async def edit_item(
    session: AsyncSession,
    employee: Employee,
    plan_id: int,
    item_id: int,
    change: ItemChange,
    *,
    now: datetime,
) -> PlanItem:
    plan = await session.get(Plan, plan_id)
    if plan is None or plan.employee_id != employee.id:
        raise NotFound("plan")
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise NotAllowed("plan is submitted or approved")
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None:
        raise NotFound("plan item")
    text = check_plan_text(change.text)
    check_plan_text(change.indicator.text)
    check_target_value(change.indicator.target_value, change.indicator.target_unit)
    if change.parent_item_id is not None:
        allowed = {p.id for p in await supervisor_items(session, employee, plan.start_date)}
        if change.parent_item_id not in allowed:
            raise Invalid(Problem.NOT_CASCADED)
    before = {"text": item.text, "parent": item.parent_item_id}
    item.text = text
    item.parent_item_id = change.parent_item_id
    first = item.indicators[0] if item.indicators else None
    if first is None:
        first = Indicator(aspect=change.indicator.aspect)
        item.indicators.append(first)
    first.text = one_line(change.indicator.text)
    first.target_value = change.indicator.target_value
    first.target_unit = one_line(change.indicator.target_unit)
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="plan.item_edit",
        entity="plan",
        entity_id=plan.id,
        before=before,
        after={"text": item.text, "parent": item.parent_item_id, "item": item.id},
    )
    await session.commit()
    return item
