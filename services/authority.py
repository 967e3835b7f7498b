"""Who may decide on whose work: the assessor, or an acting official (Plt/Plh) in their dates.

One place answers it, so no front end can forget it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import ActingAssignment, Employee
from services.errors import NotAllowed
from services.localtime import employee_today


async def acting_for(session: AsyncSession, official: Employee, day: date) -> list[int]:
    """Ids of supervisors this official stands in for on `day`."""
    rows = await session.scalars(
        select(ActingAssignment.replaced_id).where(
            ActingAssignment.official_id == official.id,
            ActingAssignment.revoked_at.is_(None),
            ActingAssignment.start_date <= day,
            ActingAssignment.end_date >= day,
        )
    )
    return list(rows.all())


async def team_ids(session: AsyncSession, actor: Employee, now: datetime) -> list[int]:
    """Active employees whose work `actor` may verify now (own subordinates and, while acting,
    the subordinates of the supervisor they stand in for)."""
    supervisors = [
        actor.id,
        *await acting_for(session, actor, await employee_today(session, actor, now)),
    ]
    rows = await session.scalars(
        select(Employee.id).where(
            Employee.supervisor_id.in_(supervisors),
            Employee.active.is_(True),
            Employee.id != actor.id,
        )
    )
    return list(rows.all())


async def require_assessor(
    session: AsyncSession, actor: Employee, employee: Employee, now: datetime
) -> None:
    if employee.id == actor.id or employee.supervisor_id is None or not employee.active:
        raise NotAllowed("not assessor")
    if employee.supervisor_id == actor.id:
        return
    if employee.supervisor_id in await acting_for(
        session, actor, await employee_today(session, actor, now)
    ):
        return
    raise NotAllowed("not assessor")


async def in_reporting_line(session: AsyncSession, actor: Employee, employee: Employee) -> bool:
    """True if `actor` is above `employee` in the supervisor chain (any depth)."""
    current = employee.supervisor_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == actor.id:
            return True
        seen.add(current)
        current = await session.scalar(select(Employee.supervisor_id).where(Employee.id == current))
    return False


async def team_members(session: AsyncSession, actor: Employee, now: datetime) -> list[Employee]:
    """The people of `team_ids`, by name, in one query."""
    ids = await team_ids(session, actor, now)
    if not ids:
        return []
    return list(
        (
            await session.scalars(
                select(Employee).where(Employee.id.in_(ids)).order_by(Employee.name)
            )
        ).all()
    )
