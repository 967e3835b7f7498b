"""Progress of a plan: realization of each indicator = sum of approved outputs of the
activities linked to its RHK (in the indicator's unit), against the share of the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Employee, Indicator, Plan, PlanItem
from services.localtime import employee_today
from services.plans import plan_for


@dataclass(frozen=True)
class IndicatorProgress:
    item: PlanItem
    indicator: Indicator
    realized: Decimal

    @property
    def percent(self) -> float:
        target = self.indicator.target_value
        return float(100 * self.realized / target) if target else 0.0


@dataclass(frozen=True)
class PlanProgress:
    plan: Plan
    today: date
    rows: list[IndicatorProgress]
    approved_minutes: int

    @property
    def elapsed_percent(self) -> float:
        span = (self.plan.end_date - self.plan.start_date).days + 1
        done = (min(self.today, self.plan.end_date) - self.plan.start_date).days + 1
        return max(0.0, min(100.0, 100.0 * done / span))


async def realized_by_item(
    session: AsyncSession, item_ids: list[int], until: date | None = None
) -> dict[tuple[int, str], Decimal]:
    """Approved output per (RHK id, unit in lower case)."""
    query = (
        select(
            Activity.plan_item_id,
            func.lower(Activity.output_unit),
            func.sum(Activity.output_quantity),
        )
        .where(
            Activity.plan_item_id.in_(item_ids),
            Activity.status == ActivityStatus.APPROVED,
            Activity.deleted_at.is_(None),
            Activity.output_quantity.is_not(None),
        )
        .group_by(Activity.plan_item_id, func.lower(Activity.output_unit))
    )
    if until is not None:
        query = query.where(Activity.work_date <= until)
    return {
        (int(item), unit or ""): Decimal(total or 0)
        for item, unit, total in (await session.execute(query)).all()
    }


async def plan_progress(
    session: AsyncSession, employee: Employee, now: datetime
) -> PlanProgress | None:
    today = await employee_today(session, employee, now)
    plan = await plan_for(session, employee.id, today)
    if plan is None:
        return None
    ids = [i.id for i in plan.items]
    realized = await realized_by_item(session, ids)
    minutes = await session.scalar(
        select(func.coalesce(func.sum(Activity.minutes), 0)).where(
            Activity.plan_item_id.in_(ids),
            Activity.status == ActivityStatus.APPROVED,
            Activity.deleted_at.is_(None),
        )
    )
    rows = [
        IndicatorProgress(
            item, indicator, realized.get((item.id, indicator.target_unit.lower()), Decimal(0))
        )
        for item in plan.items
        for indicator in item.indicators
    ]
    return PlanProgress(plan, today, rows, int(minutes or 0))
