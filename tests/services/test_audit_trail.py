"""Reading the audit trail: one's own items, or anyone's in the agency for an admin."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import LeaveKind
from services.assignments import reassign_supervisor
from services.audit import Actor
from services.audit_trail import trail_of
from services.errors import NotAllowed
from services.feedback import give_feedback, request_feedback
from services.leave import declare_leave
from services.reporting import update_activity
from services.review import Decision, decide
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_nip, make_unit
from tests.services.report_helpers import draft
from tests.services.review_helpers import INDEX, ReviewOrg, make_review_org, submit

Factory = async_sessionmaker[AsyncSession]


async def _history(session: AsyncSession, org: ReviewOrg, clock: FrozenClock) -> dict[str, int]:
    """A few minutes of the staff member's life, one minute per step, and noise around it."""
    ids: dict[str, int] = {}
    work = await submit(session, org.staff, clock())
    ids["work"] = work.id
    clock.advance(minutes=1)
    await decide(session, org.assessor, work.id, 1, Decision.REVISION, "Lengkapi", now=clock())
    clock.advance(minutes=1)
    await update_activity(
        session, org.staff, work.id, 2, draft(description="Diperbaiki"), now=clock()
    )
    clock.advance(minutes=1)
    leave = await declare_leave(
        session, org.staff, LeaveKind.LEAVE, date(2026, 3, 9), date(2026, 3, 10), None, now=clock()
    )
    ids["leave"] = leave.id
    clock.advance(minutes=1)
    given = await give_feedback(session, org.assessor, org.staff.id, "Bagus", now=clock())
    ids["given"] = given.id
    clock.advance(minutes=1)
    asked = await request_feedback(session, org.staff, "Mohon arahan", now=clock())
    ids["asked"] = asked.id
    clock.advance(minutes=1)
    await reassign_supervisor(
        session,
        Actor.employee(org.admin.id),
        org.agency.id,
        make_nip(INDEX["staff"]),
        make_nip(INDEX["other_boss"]),
        now=clock(),
    )
    clock.advance(minutes=1)
    # noise: a colleague's work, leave and feedback
    colleague = await submit(session, org.staff2, clock())
    await decide(session, org.assessor, colleague.id, 1, Decision.APPROVE, None, now=clock())
    await declare_leave(
        session, org.staff2, LeaveKind.SICK, date(2026, 3, 2), date(2026, 3, 2), None, now=clock()
    )
    await give_feedback(session, org.assessor, org.staff2.id, "Terima kasih", now=clock())
    return ids


EXPECTED = [
    ("employee.reassign_supervisor", "employee", "staff"),
    ("feedback.permintaan", "feedback", "asked"),
    ("feedback.umpan_balik", "feedback", "given"),
    ("leave.declare", "leave", "leave"),
    ("activity.update", "activity", "work"),
    ("activity.revision", "activity", "work"),
    ("activity.create", "activity", "work"),
]


def _expected(org: ReviewOrg, ids: dict[str, int]) -> list[tuple[str, str, int]]:
    ids = {**ids, "staff": org.staff.id}
    return [(action, entity, ids[key]) for action, entity, key in EXPECTED]


@pytest.mark.parametrize("reader", ["staff", "admin"])
async def test_trail_of_own_items_newest_first(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, reader: str
) -> None:
    org = await make_review_org(session, clock())
    ids = await _history(session, org, clock)

    trail = await trail_of(session, getattr(org, reader), org.staff)

    assert [(r.action, r.entity, r.entity_id) for r in trail] == _expected(org, ids)
    assert [r.at for r in trail] == sorted((r.at for r in trail), reverse=True)


async def test_trail_is_limited_to_the_newest_rows(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    ids = await _history(session, org, clock)
    trail = await trail_of(session, org.staff, org.staff, limit=3)
    assert [(r.action, r.entity, r.entity_id) for r in trail] == _expected(org, ids)[:3]


@pytest.mark.parametrize("reader", ["staff2", "assessor", "head", "other_boss", "plt"])
async def test_nobody_else_but_an_admin_reads_someones_trail(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, reader: str
) -> None:
    org = await make_review_org(session, clock())
    await _history(session, org, clock)
    with pytest.raises(NotAllowed):
        await trail_of(session, getattr(org, reader), org.staff)


async def test_an_admin_of_another_agency_cannot_read_it(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    await _history(session, org, clock)
    elsewhere = await make_agency(session, clock())
    foreign_admin = await make_employee(
        session, elsewhere, await make_unit(session, elsewhere), 80, clock(), is_admin=True
    )
    await session.commit()

    with pytest.raises(NotAllowed):
        await trail_of(session, foreign_admin, org.staff)
    assert await trail_of(session, foreign_admin, foreign_admin) == []
