"""Read models for the plan screens: the cascade a new RHK hangs under, the team plans waiting
for the actor, and what an approver is told after a decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Plan, PlanStatus
from services.plans import plan_for, plans_to_decide, sole_admin, supervisor_items


@dataclass(frozen=True)
class Rhk:
    id: int
    text: str


@dataclass(frozen=True)
class Cascade:
    """Where the employee's RHKs hang (DOMAIN §2: every RHK intervenes one of the supervisor's).

    `supervisor` is None at the top of the hierarchy (nothing to intervene); `parents` is empty
    while the supervisor has no approved plan covering the day."""

    supervisor: str | None
    parents: list[Rhk]


async def cascade_for(session: AsyncSession, employee: Employee, day: date) -> Cascade:
    if employee.supervisor_id is None:
        return Cascade(None, [])
    supervisor = await session.get(Employee, employee.supervisor_id)
    name = supervisor.name if supervisor else "?"
    parents = [Rhk(i.id, i.text) for i in await supervisor_items(session, employee, day)]
    return Cascade(name, parents)


@dataclass(frozen=True)
class PlanItemView:
    id: int
    text: str
    linked: bool  # intervenes an RHK of the supervisor's approved plan (or needs none)
    parent_item_id: int | None
    iki: str  # the first indicator (the one fixed in chat)
    target: Decimal | None
    unit: str


@dataclass(frozen=True)
class OwnPlan:
    """The employee's plan as the edit screen needs it."""

    plan_id: int
    status: PlanStatus
    items: list[PlanItemView]
    can_link: bool  # the supervisor has an approved plan to link to


async def own_plan(session: AsyncSession, employee: Employee, plan_id: int) -> OwnPlan | None:
    plan = await session.get(Plan, plan_id)
    if plan is None or plan.employee_id != employee.id:
        return None
    allowed = {p.id for p in await supervisor_items(session, employee, plan.start_date)}
    top = employee.supervisor_id is None
    return OwnPlan(
        plan.id,
        plan.status,
        [
            PlanItemView(
                i.id,
                i.text,
                top or i.parent_item_id in allowed,
                i.parent_item_id,
                i.indicators[0].text if i.indicators else "",
                i.indicators[0].target_value if i.indicators else None,
                i.indicators[0].target_unit if i.indicators else "",
            )
            for i in plan.items
        ],
        bool(allowed),
    )


async def open_plan_status(
    session: AsyncSession, employee: Employee, day: date
) -> PlanStatus | None:
    """The status of the plan covering `day`, if any (a new one cannot replace a submitted or
    approved one)."""
    plan = await plan_for(session, employee.id, day)
    return plan.status if plan else None


@dataclass(frozen=True)
class TeamPlan:
    plan_id: int
    owner: str
    year: int
    items: list[str]
    own: bool  # the actor's own top plan (they are the only admin)


async def team_plans(session: AsyncSession, actor: Employee) -> list[TeamPlan]:
    plans = await plans_to_decide(session, actor)
    ids = {p.employee_id for p in plans}
    rows = await session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(ids)))
    names = {row.id: row.name for row in rows}
    return [
        TeamPlan(
            p.id,
            names.get(p.employee_id, "?"),
            p.year,
            [i.text for i in p.items],
            p.employee_id == actor.id,
        )
        for p in plans
    ]


@dataclass(frozen=True)
class Decided:
    """After an approval: whose plan it was and how many still wait for the actor."""

    owner: str
    year: int
    own: bool
    waiting: int
    has_team: bool  # the owner leads people, who can now link their RHK to this plan


async def decided(session: AsyncSession, actor: Employee, plan: Plan) -> Decided:
    owner = await session.get(Employee, plan.employee_id)
    team = await session.scalar(
        select(Employee.id).where(
            Employee.supervisor_id == plan.employee_id, Employee.active.is_(True)
        )
    )
    return Decided(
        owner.name if owner else "?",
        plan.year,
        plan.employee_id == actor.id,
        len(await plans_to_decide(session, actor)),
        team is not None,
    )


async def approves_own(session: AsyncSession, employee: Employee) -> bool:
    """A top official who is the only admin approves their own plan."""
    return employee.supervisor_id is None and await sole_admin(session, employee)
