"""Who may see whose recap and export it, decided in one place.

- an employee: their own;
- a supervisor: anyone below them in the reporting line (any depth), and a team they lead;
- an acting official (Plt/Plh), on the dates of the assignment: the same as the supervisor
  they stand in for;
- an admin: anyone in the agency and any unit subtree;
- the CLI operator (`Viewer.cli`): the agency.
Unknown ids and ids out of reach both raise (NotFound / NotAllowed), and the chat answers both
the same way, so nobody can probe which ids exist.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, Employee, Unit
from services.audit import Actor
from services.authority import acting_for, team_ids
from services.errors import NotAllowed, NotFound
from services.localtime import agency_of, employee_zone, local_today

MAX_ID = 2**31 - 1  # PostgreSQL integer columns
MAX_CHAIN = 50


class ScopeKind(enum.StrEnum):
    PERSON = "p"
    TEAM = "s"  # the team of a supervisor
    UNIT = "u"  # a unit and every unit below it


@dataclass(frozen=True)
class Viewer:
    """Who asks: an employee in chat, or the operator at the CLI (no employee)."""

    agency_id: int
    employee: Employee | None = None

    @classmethod
    def of(cls, employee: Employee) -> Viewer:
        return cls(employee.agency_id, employee)

    @classmethod
    def cli(cls, agency_id: int) -> Viewer:
        return cls(agency_id, None)

    @property
    def actor(self) -> Actor:
        return Actor.employee(self.employee.id) if self.employee else Actor("cli")

    @property
    def is_admin(self) -> bool:
        return self.employee is None or (self.employee.is_admin and self.employee.active)


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    nip: str
    position: str


@dataclass(frozen=True)
class Scope:
    """The people a team recap or export covers."""

    kind: ScopeKind
    id: int
    title: str
    members: tuple[Member, ...]


def check_id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise NotFound("id")
    return value


async def viewer_today(session: AsyncSession, viewer: Viewer, now: datetime) -> date:
    if viewer.employee is None:
        agency = await session.get(Agency, viewer.agency_id)
        return local_today(now, agency.timezone if agency else "Asia/Jakarta")
    employee = viewer.employee
    return local_today(now, employee_zone(employee, await agency_of(session, employee)))


async def _chain(session: AsyncSession, employee: Employee) -> set[int]:
    """Everyone above `employee` in the reporting line."""
    above: set[int] = set()
    current = employee.supervisor_id
    while current is not None and current not in above and len(above) < MAX_CHAIN:
        above.add(current)
        current = await session.scalar(select(Employee.supervisor_id).where(Employee.id == current))
    return above


async def _leaders(session: AsyncSession, viewer: Employee, now: datetime) -> set[int]:
    """The viewer and the supervisors they stand in for today."""
    today = await viewer_today(session, Viewer.of(viewer), now)
    return {viewer.id, *await acting_for(session, viewer, today)}


async def may_oversee(
    session: AsyncSession, viewer: Viewer, employee: Employee, now: datetime
) -> bool:
    """True if `viewer` may see `employee`'s recap (see the module docstring)."""
    if employee.agency_id != viewer.agency_id:
        return False
    if viewer.is_admin or (viewer.employee is not None and viewer.employee.id == employee.id):
        return True
    assert viewer.employee is not None
    leaders = await _leaders(session, viewer.employee, now)
    return bool(leaders & await _chain(session, employee))


async def person(
    session: AsyncSession, viewer: Viewer, employee_id: int, now: datetime
) -> Employee:
    employee = await session.get(Employee, check_id(employee_id))
    if employee is None:
        raise NotFound("employee")
    if not await may_oversee(session, viewer, employee, now):
        raise NotAllowed("not in reporting line")
    return employee


def _members(rows: list[Employee]) -> tuple[Member, ...]:
    return tuple(
        Member(e.id, e.name, e.nip, e.position) for e in sorted(rows, key=lambda e: (e.name, e.id))
    )


async def team(session: AsyncSession, viewer: Viewer, supervisor_id: int, now: datetime) -> Scope:
    """The active direct team of `supervisor_id`; for the viewer's own team, also the teams
    they stand in for today (as /verifikasi)."""
    supervisor = await person(session, viewer, supervisor_id, now)
    if viewer.employee is not None and supervisor.id == viewer.employee.id:
        ids = await team_ids(session, supervisor, now)
        query = select(Employee).where(Employee.id.in_(ids))
    else:
        query = select(Employee).where(
            Employee.supervisor_id == supervisor.id,
            Employee.active.is_(True),
            Employee.id != supervisor.id,
        )
    rows = list((await session.scalars(query)).all())
    return Scope(ScopeKind.TEAM, supervisor.id, supervisor.name, _members(rows))


async def unit_subtree(session: AsyncSession, agency_id: int, unit_id: int) -> list[Unit]:
    """The unit and every unit below it (the tree is small: loaded once)."""
    units = list((await session.scalars(select(Unit).where(Unit.agency_id == agency_id))).all())
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    found = [u for u in units if u.id == unit_id]
    index = 0
    while index < len(found):
        found += children.get(found[index].id, [])
        index += 1
    return found


async def unit(session: AsyncSession, viewer: Viewer, unit_id: int) -> Scope:
    """Every active employee of a unit subtree (admins and the CLI operator only)."""
    units = await unit_subtree(session, viewer.agency_id, check_id(unit_id))
    if not units:
        raise NotFound("unit")
    if not viewer.is_admin:
        raise NotAllowed("admin only")
    rows = list(
        (
            await session.scalars(
                select(Employee).where(
                    Employee.unit_id.in_([u.id for u in units]), Employee.active.is_(True)
                )
            )
        ).all()
    )
    return Scope(ScopeKind.UNIT, units[0].id, units[0].path, _members(rows))


async def scope(
    session: AsyncSession, viewer: Viewer, kind: ScopeKind, scope_id: int, now: datetime
) -> Scope:
    if kind is ScopeKind.UNIT:
        return await unit(session, viewer, scope_id)
    if kind is ScopeKind.TEAM:
        return await team(session, viewer, scope_id, now)
    employee = await person(session, viewer, scope_id, now)
    return Scope(ScopeKind.PERSON, employee.id, employee.name, _members([employee]))


async def child_units(session: AsyncSession, viewer: Viewer, parent_id: int | None) -> list[Unit]:
    """Units directly below `parent_id` (None: the top), for an admin's unit picker."""
    if not viewer.is_admin:
        raise NotAllowed("admin only")
    return list(
        (
            await session.scalars(
                select(Unit)
                .where(Unit.agency_id == viewer.agency_id, Unit.parent_id == parent_id)
                .order_by(Unit.name)
            )
        ).all()
    )


async def unit_level(
    session: AsyncSession, viewer: Viewer, parent_id: int
) -> tuple[Unit | None, list[Unit]]:
    """The unit `parent_id` (0: the top of the tree) and the units directly below it."""
    if not viewer.is_admin:
        raise NotAllowed("admin only")
    parent = None
    if parent_id:
        parent = await session.get(Unit, check_id(parent_id))
        if parent is None or parent.agency_id != viewer.agency_id:
            raise NotFound("unit")
    return parent, await child_units(session, viewer, parent.id if parent else None)


async def unit_by_path(session: AsyncSession, agency_id: int, path: str) -> Unit:
    """A unit by its full path, e.g. "Dinas Uji / Bidang A" (spaces around "/" optional)."""
    wanted = " / ".join(part.strip() for part in path.split("/") if part.strip())
    unit = await session.scalar(
        select(Unit).where(Unit.agency_id == agency_id, Unit.path == wanted)
    )
    if unit is None:
        raise NotFound("unit")
    return unit
