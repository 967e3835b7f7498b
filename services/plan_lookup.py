"""Finding plans and their RHKs (no other service imported, so reporting can use it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Plan, PlanItem, PlanStatus
from services.report_rules import ReportInvalid


async def plan_for(
    session: AsyncSession, employee_id: int, day: date, statuses: tuple[PlanStatus, ...] = ()
) -> Plan | None:
    """The employee's plan covering `day` (newest first), optionally of given statuses."""
    query = (
        select(Plan)
        .where(Plan.employee_id == employee_id, Plan.start_date <= day, Plan.end_date >= day)
        .order_by(Plan.start_date.desc(), Plan.id.desc())
    )
    if statuses:
        query = query.where(Plan.status.in_(statuses))
    return await session.scalar(query)


async def report_targets(
    session: AsyncSession, employee: Employee, day: date
) -> list[tuple[int, str]]:
    """The RHKs an activity on `day` can serve (from the plan covering that day)."""
    plan = await plan_for(session, employee.id, day)
    return [(item.id, item.text) for item in plan.items] if plan else []


async def check_target(session: AsyncSession, employee: Employee, item_id: int) -> None:
    """An activity may only point at an RHK of the employee's own plans."""
    owner = await session.scalar(
        select(Plan.employee_id)
        .join(PlanItem, PlanItem.plan_id == Plan.id)
        .where(PlanItem.id == item_id)
    )
    if owner != employee.id:
        raise ReportInvalid("target_invalid")
