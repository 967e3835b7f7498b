"""Performance plans (SKP): build, submit, approve or return, and cascading integrity.

A plan cannot be approved while an RHK intervenes nothing, except at the top of the
hierarchy (no supervisor); the intervened RHK must be in the supervisor's approved plan.
The top of the hierarchy is approved by the agency's admins; when the top official is the only
active admin there is nobody else in the agency to do it, so they record their own approval
(the audit row says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    ActionPlan,
    Aspect,
    Employee,
    Indicator,
    Plan,
    PlanItem,
    PlanStatus,
    ResultKind,
)
from services import audit, outbox
from services.audit import Actor
from services.authority import require_assessor
from services.directory import require_admin
from services.errors import Invalid, NotAllowed, NotFound, Problem
from services.text import one_line


@dataclass(frozen=True)
class IndicatorInput:
    text: str
    target_value: Decimal
    target_unit: str
    aspect: Aspect = Aspect.QUANTITY


@dataclass
class ItemInput:
    text: str
    kind: ResultKind = ResultKind.MAIN
    parent_item_id: int | None = None
    indicators: list[IndicatorInput] = field(default_factory=list)
    actions: dict[int, str] = field(default_factory=dict)


MAX_TARGET = Decimal("10000000000")  # indicator.target_value is NUMERIC(12, 2)
MAX_NOTE = 500
MAX_PLAN_TEXT = 500  # an RHK, an IKI or an action plan is one statement
MAX_ITEMS = 40
MAX_INDICATORS = 10


class NotCascaded(Invalid):
    """RHKs that intervene no RHK of the supervisor's approved plan."""

    def __init__(self, items: list[PlanItem]) -> None:
        super().__init__(Problem.NOT_CASCADED)
        self.items = items


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
        raise Invalid(Problem.TARGET_INVALID)


async def supervisor_items(session: AsyncSession, employee: Employee, day: date) -> list[PlanItem]:
    """RHKs of the supervisor's approved plan that the employee's RHKs may intervene."""
    if employee.supervisor_id is None:
        return []
    plan = await plan_for(session, employee.supervisor_id, day, (PlanStatus.APPROVED,))
    return list(plan.items) if plan else []


def check_target_value(value: Decimal, unit: str) -> None:
    """A target fits the columns: a finite number in (0, 10^10) and a unit of 1-50 chars."""
    unit = unit.strip()
    if not value.is_finite() or not 0 < value < MAX_TARGET or not unit or len(unit) > 50:
        raise Invalid(Problem.PLAN_TARGET)


def check_plan_text(text: str) -> str:
    """One RHK, IKI or action-plan statement, spaces collapsed, within MAX_PLAN_TEXT."""
    cleaned = one_line(text)
    if not cleaned:
        raise Invalid(Problem.PLAN_TEXT_EMPTY)
    if len(cleaned) > MAX_PLAN_TEXT:
        raise Invalid(Problem.PLAN_TEXT_TOO_LONG, limit=MAX_PLAN_TEXT)
    return cleaned


def _item(data: ItemInput, position: int) -> PlanItem:
    check_plan_text(data.text)
    if not data.indicators:
        raise Invalid(Problem.PLAN_NO_INDICATOR)
    if len(data.indicators) > MAX_INDICATORS:
        raise Invalid(Problem.PLAN_TOO_MANY, limit=MAX_INDICATORS)
    for indicator in data.indicators:
        check_plan_text(indicator.text)
        check_target_value(indicator.target_value, indicator.target_unit)
    for action in data.actions.values():
        if action:
            check_plan_text(action)
    return PlanItem(
        kind=data.kind,
        parent_item_id=data.parent_item_id,
        position=position,
        text=one_line(data.text),
        indicators=[
            Indicator(
                aspect=i.aspect,
                text=one_line(i.text),
                target_value=i.target_value,
                target_unit=one_line(i.target_unit),
            )
            for i in data.indicators
        ],
        actions=[ActionPlan(period=p, text=t) for p, t in sorted(data.actions.items()) if t],
    )


async def save_draft(
    session: AsyncSession,
    employee: Employee,
    year: int,
    items: list[ItemInput],
    *,
    now: datetime,
    start: date | None = None,
    end: date | None = None,
) -> Plan:
    """Create or replace the employee's draft (or returned) plan for the year."""
    start = start or date(year, 1, 1)
    end = end or date(year, 12, 31)
    if not (start <= end and start.year == year == end.year):
        raise Invalid(Problem.PLAN_DATES)
    plan = await session.scalar(
        select(Plan).where(
            Plan.employee_id == employee.id,
            Plan.year == year,
            Plan.start_date == start,
        )
    )
    if plan is not None and plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        raise NotAllowed("plan is submitted or approved")
    if len(items) > MAX_ITEMS:
        raise Invalid(Problem.PLAN_TOO_MANY, limit=MAX_ITEMS)
    built = [_item(data, n) for n, data in enumerate(items)]
    if plan is None:
        plan = Plan(employee_id=employee.id, year=year, start_date=start, created_at=now)
        session.add(plan)
    plan.end_date = end
    plan.position = employee.position
    plan.assessor_id = employee.supervisor_id
    plan.status = PlanStatus.DRAFT
    plan.items = built
    await session.flush()
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="plan.save",
        entity="plan",
        entity_id=plan.id,
        after={"year": year, "items": len(built)},
    )
    await session.commit()
    return plan


async def _own_plan(session: AsyncSession, employee: Employee, plan_id: int) -> Plan:
    plan = await session.get(Plan, plan_id)
    if plan is None or plan.employee_id != employee.id:
        raise NotFound("plan")
    return plan


async def submit_plan(
    session: AsyncSession, employee: Employee, plan_id: int, *, now: datetime
) -> Plan:
    plan = await _own_plan(session, employee, plan_id)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise NotAllowed("not a draft")
    if not plan.items:
        raise Invalid(Problem.PLAN_NO_ITEM)
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = now
    plan.assessor_id = employee.supervisor_id
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="plan.submit",
        entity="plan",
        entity_id=plan.id,
    )
    # The top of the hierarchy has no assessor here: the agency's admins record the approval.
    recipients = (
        [employee.supervisor_id]
        if employee.supervisor_id is not None
        else list(
            (
                await session.scalars(
                    select(Employee.id).where(
                        Employee.agency_id == employee.agency_id,
                        Employee.is_admin.is_(True),
                        Employee.active.is_(True),
                    )
                )
            ).all()
        )
    )
    for recipient in recipients:
        await outbox.enqueue(
            session,
            recipient_id=recipient,
            kind="plan.submitted",
            payload={"plan_id": plan.id},
            dedup_key=f"plan:{plan.id}:submitted:{recipient}:{now.isoformat()}",
            now=now,
        )
    await session.commit()
    return plan


async def uncascaded(session: AsyncSession, employee: Employee, plan: Plan) -> list[PlanItem]:
    """RHKs that intervene nothing valid (none at the top of the hierarchy)."""
    if employee.supervisor_id is None:
        return []
    allowed = {i.id for i in await supervisor_items(session, employee, plan.start_date)}
    return [i for i in plan.items if i.parent_item_id not in allowed]


async def decide_plan(
    session: AsyncSession,
    actor: Employee,
    plan_id: int,
    approve: bool,
    note: str | None,
    *,
    now: datetime,
) -> Plan:
    plan = await session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("plan")
    employee = await session.get(Employee, plan.employee_id)
    assert employee is not None
    if employee.supervisor_id is None:
        await require_admin(session, Actor.employee(actor.id), employee.agency_id)
        if actor.id == employee.id and not await sole_admin(session, actor):
            raise NotAllowed("own plan")
    else:
        await require_assessor(session, actor, employee, now)
    if plan.status is not PlanStatus.SUBMITTED:
        raise NotAllowed("not submitted")
    if note and len(one_line(note)) > MAX_NOTE:
        raise Invalid(Problem.REASON_TOO_LONG, limit=MAX_NOTE)
    if approve:
        missing = await uncascaded(session, employee, plan)
        if missing:
            raise NotCascaded(missing)
    elif not (note or "").strip():
        raise Invalid(Problem.REASON_REQUIRED)
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
    plan.return_note = None if approve else one_line(note)
    plan.decided_at = now
    audit.record(
        session,
        actor=Actor.employee(actor.id),
        at=now,
        action=("plan.approve_own" if actor.id == employee.id else "plan.approve")
        if approve
        else "plan.return",
        entity="plan",
        entity_id=plan.id,
        reason=plan.return_note,
    )
    await outbox.enqueue(
        session,
        recipient_id=employee.id,
        kind="plan.decided",
        payload={"plan_id": plan.id},
        dedup_key=f"plan:{plan.id}:decided:{now.isoformat()}",
        now=now,
    )
    await session.commit()
    return plan


async def sole_admin(session: AsyncSession, actor: Employee) -> bool:
    """The actor is the agency's only active admin."""
    if not (actor.is_admin and actor.active):
        return False
    others = await session.scalar(
        select(Employee.id).where(
            Employee.agency_id == actor.agency_id,
            Employee.is_admin.is_(True),
            Employee.active.is_(True),
            Employee.id != actor.id,
        )
    )
    return others is None


async def plans_to_decide(session: AsyncSession, actor: Employee) -> list[Plan]:
    """Submitted plans of the actor's team (and, for admins, of the top of the hierarchy;
    their own top plan too when they are the only admin)."""
    mine = Employee.supervisor_id == actor.id
    if actor.is_admin:
        top = Employee.supervisor_id.is_(None) & (Employee.agency_id == actor.agency_id)
        if not await sole_admin(session, actor):
            top = top & (Employee.id != actor.id)
        mine = mine | top
    return list(
        (
            await session.scalars(
                select(Plan)
                .join(Employee, Employee.id == Plan.employee_id)
                .where(mine, Plan.status == PlanStatus.SUBMITTED)
                .order_by(Plan.submitted_at)
            )
        ).all()
    )


async def readable_plan(
    session: AsyncSession, actor: Employee, plan_id: int, now: datetime
) -> Plan:
    """A plan the actor may read (for documents): their own, their team's, or as an admin."""
    plan = await session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("plan")
    owner = await session.get(Employee, plan.employee_id)
    assert owner is not None
    if owner.id != actor.id and not (actor.is_admin and actor.agency_id == owner.agency_id):
        await require_assessor(session, actor, owner, now)
    await audit.record_read(session, actor, owner.id, "plan", now)
    return plan
