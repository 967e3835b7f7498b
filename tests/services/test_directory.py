"""Directory: roles, language preference and the admin check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog, Employee
from services.audit import Actor
from services.directory import (
    Role,
    identify,
    require_admin,
    roles_of,
    set_language,
)
from services.errors import Invalid, NotAllowed
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit


async def test_roles_follow_team_and_admin_flag(session: AsyncSession, clock: FrozenClock) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    head = await make_employee(session, agency, unit, 1, clock(), is_admin=True)
    boss = await make_employee(session, agency, unit, 2, clock(), supervisor=head)
    staff = await make_employee(session, agency, unit, 3, clock(), supervisor=boss)
    await session.commit()

    assert await roles_of(session, head) == {Role.EMPLOYEE, Role.SUPERVISOR, Role.ADMIN}
    assert await roles_of(session, boss) == {Role.EMPLOYEE, Role.SUPERVISOR}
    assert await roles_of(session, staff) == {Role.EMPLOYEE}


async def test_supervisor_of_only_inactive_staff_is_not_a_supervisor(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    boss = await make_employee(session, agency, unit, 1, clock())
    staff = await make_employee(session, agency, unit, 2, clock(), supervisor=boss)
    staff.active = False
    await session.commit()

    assert await roles_of(session, boss) == {Role.EMPLOYEE}


async def test_set_language_stores_and_audits(session: AsyncSession, clock: FrozenClock) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    employee = await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    clock.advance(minutes=5)

    await set_language(session, employee, "en", clock())

    session.expunge_all()
    stored = await session.get(Employee, employee.id)
    assert stored is not None
    assert (stored.language, stored.updated_at) == ("en", clock())
    [row] = (await session.scalars(select(AuditLog))).all()
    assert (row.action, row.entity, row.entity_id, row.actor_id, row.at) == (
        "employee.language",
        "employee",
        employee.id,
        employee.id,
        clock(),
    )
    assert (row.before, row.after) == ({"language": None}, {"language": "en"})


async def test_setting_the_same_language_again_writes_nothing(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    employee = await make_employee(session, agency, unit, 1, clock(), language="id")
    await session.commit()
    clock.advance(minutes=5)

    await set_language(session, employee, "id", clock())

    assert (await session.scalars(select(AuditLog))).all() == []
    session.expunge_all()
    assert await session.scalar(select(Employee.updated_at)) == clock() - timedelta(minutes=5)


@pytest.mark.parametrize("language", ["fr", "", "EN", "id-ID"])
async def test_unsupported_language_is_invalid_input(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    language: str,
) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    employee = await make_employee(session, agency, unit, 1, clock(), language="id")
    await session.commit()

    with pytest.raises(Invalid):
        await set_language(session, employee, language, clock())

    async with session_factory() as fresh:
        assert await fresh.scalar(select(Employee.language)) == "id"
        assert (await fresh.scalars(select(AuditLog))).all() == []


async def test_require_admin(session: AsyncSession, clock: FrozenClock) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    other = await make_agency(session, clock())
    other_unit = await make_unit(session, other, "Dinas Lain")
    admin = await make_employee(session, agency, unit, 1, clock(), is_admin=True)
    clerk = await make_employee(session, agency, unit, 2, clock())
    retired = await make_employee(session, agency, unit, 3, clock(), is_admin=True)
    retired.active = False
    foreign = await make_employee(session, other, other_unit, 4, clock(), is_admin=True)
    await session.commit()

    await require_admin(session, Actor("cli"), agency.id)
    await require_admin(session, Actor("scheduler"), agency.id)
    await require_admin(session, Actor.employee(admin.id), agency.id)
    for actor in (clerk, retired, foreign):
        with pytest.raises(NotAllowed):
            await require_admin(session, Actor.employee(actor.id), agency.id)
    with pytest.raises(NotAllowed):
        await require_admin(session, Actor.employee(999_999), agency.id)


async def test_identify_finds_only_active_linked_employees_with_their_roles(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency, "Dinas Uji / Bidang A")
    linked = await make_employee(session, agency, unit, 1, clock(), telegram_user_id=111)
    gone = await make_employee(session, agency, unit, 2, clock(), telegram_user_id=222)
    gone.active = False
    await session.commit()
    session.expunge_all()

    identity = await identify(session, 111)
    assert identity is not None
    found = identity.employee
    assert found.id == linked.id
    assert found.unit.path == "Dinas Uji / Bidang A"  # loaded, not lazy
    assert found.agency.id == agency.id
    assert identity.roles == {Role.EMPLOYEE}
    assert await identify(session, 222) is None
    assert await identify(session, 333) is None

    found.is_admin = True
    session.add(found)
    await make_employee(session, agency, unit, 3, clock(), supervisor=found)
    await session.commit()
    session.expunge_all()
    identity = await identify(session, 111)
    assert identity is not None
    assert identity.roles == {Role.EMPLOYEE, Role.SUPERVISOR, Role.ADMIN}
