"""Who is who: employee lookups, roles and preferences."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from models import Employee
from services import audit
from services.audit import Actor
from services.errors import Invalid, NotAllowed, Problem

LANGUAGES = ("id", "en")


class Role(enum.StrEnum):
    EMPLOYEE = "employee"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Identity:
    """Who wrote to the bot and what they may do, read in one query per update."""

    employee: Employee
    roles: frozenset[Role]


def _roles(employee: Employee, has_team: bool) -> frozenset[Role]:
    roles = {Role.EMPLOYEE}
    if has_team:
        roles.add(Role.SUPERVISOR)
    if employee.is_admin:
        roles.add(Role.ADMIN)
    return frozenset(roles)


_subordinate = aliased(Employee)
_HAS_TEAM = (
    exists()
    .where(_subordinate.supervisor_id == Employee.id, _subordinate.active.is_(True))
    .correlate(Employee)
    .label("has_team")
)


def identity_query(telegram_user_id: int | ColumnElement[int]) -> Select[Employee, bool]:
    """The statement behind `identify`; the bot adds its dialog row to it (one round trip) and
    builds it once with a bound parameter (building it costs more than running it)."""
    return (
        select(Employee, _HAS_TEAM)
        .options(joinedload(Employee.unit), joinedload(Employee.agency))
        .where(Employee.telegram_user_id == telegram_user_id, Employee.active.is_(True))
    )


def identity_of(employee: Employee, has_team: bool) -> Identity:
    return Identity(employee, _roles(employee, has_team))


async def identify(session: AsyncSession, telegram_user_id: int) -> Identity | None:
    """The active employee linked to this Telegram account (unit and agency loaded) and their
    roles, or None."""
    row = (await session.execute(identity_query(telegram_user_id))).first()
    return identity_of(row[0], bool(row[1])) if row else None


async def roles_of(session: AsyncSession, employee: Employee) -> frozenset[Role]:
    has_team = await session.scalar(
        select(exists().where(Employee.supervisor_id == employee.id, Employee.active.is_(True)))
    )
    return _roles(employee, bool(has_team))


async def set_language(
    session: AsyncSession, employee: Employee, language: str, now: datetime
) -> None:
    if language not in LANGUAGES:
        raise Invalid(Problem.LANGUAGE)
    if employee.language == language:
        return
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="employee.language",
        entity="employee",
        entity_id=employee.id,
        before={"language": employee.language},
        after={"language": language},
    )
    employee.language = language
    employee.updated_at = now
    await session.commit()


async def require_admin(session: AsyncSession, actor: Actor, agency_id: int) -> None:
    """System actors (CLI, scheduler) pass; an employee must be an active admin of the agency."""
    if actor.employee_id is None:
        return
    employee = await session.get(Employee, actor.employee_id)
    if (
        employee is None
        or not employee.active
        or not employee.is_admin
        or employee.agency_id != agency_id
    ):
        raise NotAllowed("admin only")


async def unreachable_employees(session: AsyncSession, agency_id: int) -> list[Employee]:
    """Linked employees whose Telegram refused our messages (blocked the bot)."""
    return list(
        (
            await session.scalars(
                select(Employee)
                .where(
                    Employee.agency_id == agency_id,
                    Employee.active.is_(True),
                    Employee.unreachable_since.is_not(None),
                )
                .order_by(Employee.name)
            )
        ).all()
    )


async def mark_reachable(session: AsyncSession, employee: Employee) -> None:
    """They wrote to the bot again, so messages can reach them again."""
    if employee.unreachable_since is not None:
        employee.unreachable_since = None
        await session.commit()
