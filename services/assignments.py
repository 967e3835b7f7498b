"""Admin changes to who assesses whom: reassigning a supervisor, acting officials (Plt/Plh)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import ActingAssignment, Employee
from services import audit
from services.audit import Actor
from services.directory import require_admin
from services.errors import Invalid, NotFound, Problem
from services.nip import NipError, parse_nip

MAX_ACTING_DAYS = 366


async def employee_by_nip(
    session: AsyncSession, agency_id: int, nip: str, *, include_inactive: bool = False
) -> Employee:
    """An active employee of the agency (or any, with `include_inactive`: a leaver's history
    stays exportable); NotFound otherwise."""
    try:
        digits = parse_nip(nip).digits
    except NipError as exc:
        raise NotFound("employee") from exc
    query = select(Employee).where(Employee.nip == digits, Employee.agency_id == agency_id)
    if not include_inactive:
        query = query.where(Employee.active.is_(True))
    employee = await session.scalar(query)
    if employee is None:
        raise NotFound("employee")
    return employee


async def _chain_contains(session: AsyncSession, start_id: int | None, target_id: int) -> bool:
    current, seen = start_id, set()
    while current is not None and current not in seen:
        if current == target_id:
            return True
        seen.add(current)
        current = await session.scalar(select(Employee.supervisor_id).where(Employee.id == current))
    return False


async def reassign_supervisor(
    session: AsyncSession,
    actor: Actor,
    agency_id: int,
    employee_nip: str,
    supervisor_nip: str,
    *,
    now: datetime,
) -> tuple[Employee, Employee]:
    """Make `supervisor_nip` the assessor of `employee_nip`; cycles are refused."""
    await require_admin(session, actor, agency_id)
    employee = await employee_by_nip(session, agency_id, employee_nip)
    supervisor = await employee_by_nip(session, agency_id, supervisor_nip)
    if supervisor.id == employee.id or await _chain_contains(session, supervisor.id, employee.id):
        raise Invalid(Problem.SUPERVISOR_CYCLE)
    before = {"supervisor_id": employee.supervisor_id}
    employee.supervisor_id = supervisor.id
    employee.updated_at = now
    audit.record(
        session,
        actor=actor,
        at=now,
        action="employee.reassign_supervisor",
        entity="employee",
        entity_id=employee.id,
        before=before,
        after={"supervisor_id": supervisor.id},
    )
    await session.commit()
    return employee, supervisor


async def assign_acting(
    session: AsyncSession,
    actor: Actor,
    agency_id: int,
    official_nip: str,
    replaced_nip: str,
    start: date,
    end: date,
    *,
    now: datetime,
) -> ActingAssignment:
    """`official` acts for `replaced` (Plt/Plh) from `start` to `end` inclusive."""
    await require_admin(session, actor, agency_id)
    official = await employee_by_nip(session, agency_id, official_nip)
    replaced = await employee_by_nip(session, agency_id, replaced_nip)
    if official.id == replaced.id:
        raise Invalid(Problem.ACTING_SELF)
    if end < start or (end - start).days + 1 > MAX_ACTING_DAYS:
        raise Invalid(Problem.ACTING_DATES)
    assignment = ActingAssignment(
        official_id=official.id,
        replaced_id=replaced.id,
        start_date=start,
        end_date=end,
        created_by_id=actor.employee_id,
        created_at=now,
    )
    session.add(assignment)
    await session.flush()
    audit.record(
        session,
        actor=actor,
        at=now,
        action="acting.assign",
        entity="acting_assignment",
        entity_id=assignment.id,
        after={
            "official_id": official.id,
            "replaced_id": replaced.id,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
        },
    )
    await session.commit()
    return assignment
