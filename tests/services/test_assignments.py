"""Admin changes to who assesses whom: reassigning a supervisor, acting officials (Plt/Plh)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActingAssignment, AuditLog, Employee
from services.assignments import MAX_ACTING_DAYS, assign_acting, reassign_supervisor
from services.audit import Actor
from services.errors import Invalid, NotAllowed, NotFound
from services.review import Decision, decide
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_nip, make_unit
from tests.services.review_helpers import (
    INDEX,
    MONDAY,
    make_review_org,
    rows_of,
    snapshot_db,
    submit,
)

Factory = async_sessionmaker[AsyncSession]


def nip(key: str) -> str:
    return make_nip(INDEX[key])


def spaced(digits: str) -> str:
    """A NIP as people type it: `YYYYMMDD YYYYMM G NNN`."""
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


async def _employee(factory: Factory, employee_id: int) -> Employee:
    async with factory() as s:
        employee = await s.get(Employee, employee_id)
        assert employee is not None
        return employee


async def test_admin_reassigns_a_supervisor_with_an_audit_row(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    clock.advance(hours=1)

    employee, supervisor = await reassign_supervisor(
        session,
        Actor.employee(org.admin.id),
        org.agency.id,
        spaced(nip("staff")),
        nip("other_boss"),
        now=clock(),
    )

    assert (employee.id, supervisor.id) == (org.staff.id, org.other_boss.id)
    stored = await _employee(session_factory, org.staff.id)
    assert (stored.supervisor_id, stored.updated_at) == (org.other_boss.id, clock())
    [row] = await rows_of(session_factory, AuditLog)
    assert (row.action, row.entity, row.entity_id, row.actor_id, row.actor_label, row.at) == (
        "employee.reassign_supervisor",
        "employee",
        org.staff.id,
        org.admin.id,
        "employee",
        clock(),
    )
    assert (row.before, row.after) == (
        {"supervisor_id": org.assessor.id},
        {"supervisor_id": org.other_boss.id},
    )


async def test_after_reassignment_the_new_supervisor_decides_and_the_old_cannot(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    await reassign_supervisor(
        session, Actor("cli"), org.agency.id, nip("staff"), nip("other_boss"), now=clock()
    )

    with pytest.raises(NotAllowed):
        await decide(session, org.assessor, activity.id, 1, Decision.APPROVE, None, now=clock())
    await decide(session, org.other_boss, activity.id, 1, Decision.APPROVE, None, now=clock())
    [row] = [a for a in await rows_of(session_factory, AuditLog) if a.action.startswith("employee")]
    assert (row.actor_id, row.actor_label) == (None, "cli")


@pytest.mark.parametrize("actor_key", ["staff", "assessor", "head"])
async def test_a_non_admin_cannot_reassign(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, actor_key: str
) -> None:
    org = await make_review_org(session, clock())
    before = await snapshot_db(session_factory)
    with pytest.raises(NotAllowed):
        await reassign_supervisor(
            session,
            Actor.employee(getattr(org, actor_key).id),
            org.agency.id,
            nip("staff"),
            nip("other_boss"),
            now=clock(),
        )
    assert await snapshot_db(session_factory) == before


async def test_an_admin_of_another_agency_or_a_deactivated_admin_cannot_reassign(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    elsewhere = await make_agency(session, clock())
    foreign_admin = await make_employee(
        session, elsewhere, await make_unit(session, elsewhere), 70, clock(), is_admin=True
    )
    await session.commit()
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await reassign_supervisor(
            session,
            Actor.employee(foreign_admin.id),
            org.agency.id,
            nip("staff"),
            nip("other_boss"),
            now=clock(),
        )
    assert await snapshot_db(session_factory) == before
    org.admin.active = False
    await session.commit()
    before = await snapshot_db(session_factory)
    with pytest.raises(NotAllowed):
        await reassign_supervisor(
            session,
            Actor.employee(org.admin.id),
            org.agency.id,
            nip("staff"),
            nip("other_boss"),
            now=clock(),
        )
    assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize(
    ("employee_key", "supervisor_key"),
    [
        ("staff", "staff"),  # oneself
        ("assessor", "staff"),  # one's own subordinate
        ("head", "staff"),  # two levels down
        ("head", "assessor"),
    ],
)
async def test_a_cycle_is_refused(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    employee_key: str,
    supervisor_key: str,
) -> None:
    org = await make_review_org(session, clock())
    before = await snapshot_db(session_factory)
    with pytest.raises(Invalid) as info:
        await reassign_supervisor(
            session,
            Actor.employee(org.admin.id),
            org.agency.id,
            nip(employee_key),
            nip(supervisor_key),
            now=clock(),
        )
    assert info.value.args == ("supervisor_cycle",)
    assert await snapshot_db(session_factory) == before


async def test_unknown_invalid_or_inactive_nip_is_not_found(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    org.staff2.active = False
    await session.commit()
    before = await snapshot_db(session_factory)
    for employee_nip, supervisor_nip in (
        ("123", nip("assessor")),
        (make_nip(99), nip("assessor")),
        (nip("staff"), make_nip(99)),
        (nip("staff2"), nip("other_boss")),
        (nip("staff"), nip("staff2")),
    ):
        with pytest.raises(NotFound):
            await reassign_supervisor(
                session,
                Actor.employee(org.admin.id),
                org.agency.id,
                employee_nip,
                supervisor_nip,
                now=clock(),
            )
    assert await snapshot_db(session_factory) == before


async def test_assign_acting_stores_the_dates_and_an_audit_row(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())

    row = await assign_acting(
        session,
        Actor.employee(org.admin.id),
        org.agency.id,
        nip("plt"),
        nip("assessor"),
        MONDAY,
        date(2026, 3, 13),
        now=clock(),
    )

    [stored] = await rows_of(session_factory, ActingAssignment)
    assert (stored.id, stored.official_id, stored.replaced_id) == (
        row.id,
        org.plt.id,
        org.assessor.id,
    )
    assert (stored.start_date, stored.end_date, stored.revoked_at) == (
        MONDAY,
        date(2026, 3, 13),
        None,
    )
    assert (stored.created_by_id, stored.created_at) == (org.admin.id, clock())
    [audit] = [a for a in await rows_of(session_factory, AuditLog) if a.entity != "activity"]
    assert (audit.action, audit.entity, audit.entity_id, audit.actor_id) == (
        "acting.assign",
        "acting_assignment",
        row.id,
        org.admin.id,
    )
    assert audit.after == {
        "official_id": org.plt.id,
        "replaced_id": org.assessor.id,
        "start_date": "2026-03-02",
        "end_date": "2026-03-13",
    }
    # and it takes effect at once
    await decide(session, org.plt, activity.id, 1, Decision.APPROVE, None, now=clock())


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        (MONDAY, MONDAY, True),  # one day
        (MONDAY, MONDAY + timedelta(days=MAX_ACTING_DAYS - 1), True),  # the longest
        (MONDAY, MONDAY + timedelta(days=MAX_ACTING_DAYS), False),
        (MONDAY, MONDAY - timedelta(days=1), False),  # ends before it starts
        (date(2026, 3, 10), date(2026, 3, 3), False),
    ],
)
async def test_acting_dates_are_validated(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    start: date,
    end: date,
    allowed: bool,
) -> None:
    org = await make_review_org(session, clock())
    before = await snapshot_db(session_factory)

    async def assign() -> ActingAssignment:
        return await assign_acting(
            session,
            Actor.employee(org.admin.id),
            org.agency.id,
            nip("plt"),
            nip("assessor"),
            start,
            end,
            now=clock(),
        )

    if allowed:
        await assign()
        assert len(await rows_of(session_factory, ActingAssignment)) == 1
    else:
        with pytest.raises(Invalid) as info:
            await assign()
        assert info.value.args == ("acting_dates",)
        assert await snapshot_db(session_factory) == before


async def test_acting_for_oneself_or_by_a_non_admin_is_refused(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    before = await snapshot_db(session_factory)
    with pytest.raises(Invalid) as info:
        await assign_acting(
            session,
            Actor.employee(org.admin.id),
            org.agency.id,
            nip("plt"),
            spaced(nip("plt")),
            MONDAY,
            MONDAY,
            now=clock(),
        )
    assert info.value.args == ("acting_self",)
    for actor in (org.head, org.assessor, org.plt):
        with pytest.raises(NotAllowed):
            await assign_acting(
                session,
                Actor.employee(actor.id),
                org.agency.id,
                nip("plt"),
                nip("assessor"),
                MONDAY,
                MONDAY,
                now=clock(),
            )
    assert await snapshot_db(session_factory) == before
