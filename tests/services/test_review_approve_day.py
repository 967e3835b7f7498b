"""Approving a whole day at once: only that employee's submitted work of that day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus, AuditLog, Notification
from services.errors import AlreadyDecided, NotFound
from services.reporting import delete_activity
from services.review import Decision, approve_day, decide
from tests.conftest import FrozenClock
from tests.services.review_helpers import MONDAY, make_review_org, rows_of, snapshot_db, submit

Factory = async_sessionmaker[AsyncSession]
FRIDAY = date(2026, 2, 27)


async def test_approve_day_approves_only_submitted_work_of_that_employee_and_day(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    first = await submit(session, org.staff, clock(), start="08:00", end="09:00")
    second = await submit(session, org.staff, clock(), start="09:00", end="10:00")
    revised = await submit(session, org.staff, clock(), start="10:00", end="11:00")
    rejected = await submit(session, org.staff, clock(), start="11:00", end="12:00")
    deleted = await submit(session, org.staff, clock(), start="13:00", end="14:00")
    friday = await submit(session, org.staff, clock(), day=FRIDAY)
    colleague = await submit(session, org.staff2, clock())
    await decide(session, org.assessor, revised.id, 1, Decision.REVISION, "Ulangi", now=clock())
    await decide(session, org.assessor, rejected.id, 1, Decision.REJECT, "Bukan", now=clock())
    await delete_activity(session, org.staff, deleted.id, 1, now=clock())
    audits_before = len(await rows_of(session_factory, AuditLog))
    notes_before = len(await rows_of(session_factory, Notification))
    clock.advance(hours=3)

    approved = await approve_day(session, org.assessor, org.staff.id, MONDAY, now=clock())

    assert approved == 2
    stored = {a.id: a for a in await rows_of(session_factory, Activity)}
    for activity in (first, second):
        row = stored[activity.id]
        assert (row.status, row.version, row.decided_by_id, row.decided_at) == (
            ActivityStatus.APPROVED,
            2,
            org.assessor.id,
            clock(),
        )
        assert row.decision_reason is None
    assert stored[revised.id].status is ActivityStatus.REVISION
    assert stored[rejected.id].status is ActivityStatus.REJECTED
    assert (stored[deleted.id].status, stored[deleted.id].version) == (
        ActivityStatus.SUBMITTED,
        2,
    )
    assert stored[friday.id].status is ActivityStatus.SUBMITTED
    assert stored[colleague.id].status is ActivityStatus.SUBMITTED

    new_audits = (await rows_of(session_factory, AuditLog))[audits_before:]
    assert sorted((a.action, a.entity_id, a.actor_id) for a in new_audits) == [
        ("activity.approve", first.id, org.assessor.id),
        ("activity.approve", second.id, org.assessor.id),
    ]
    new_notes = (await rows_of(session_factory, Notification))[notes_before:]
    assert sorted((n.kind, n.recipient_id, n.payload["activity_id"]) for n in new_notes) == [
        ("decision.made", org.staff.id, first.id),
        ("decision.made", org.staff.id, second.id),
    ]
    assert {n.group_key for n in new_notes} == {MONDAY.isoformat()}


async def test_approve_day_with_nothing_pending_is_already_decided_and_writes_nothing(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    await submit(session, org.staff, clock(), day=FRIDAY)
    before = await snapshot_db(session_factory)

    with pytest.raises(AlreadyDecided):
        await approve_day(session, org.assessor, org.staff.id, MONDAY, now=clock())
    with pytest.raises(AlreadyDecided):
        await approve_day(session, org.assessor, org.staff2.id, FRIDAY, now=clock())
    assert await snapshot_db(session_factory) == before


async def test_approve_day_for_an_unknown_employee_is_not_found(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    before = await snapshot_db(session_factory)
    with pytest.raises(NotFound):
        await approve_day(session, org.assessor, org.admin.id + 1000, MONDAY, now=clock())
    assert await snapshot_db(session_factory) == before
