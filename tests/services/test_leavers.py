"""Leavers: unlinked and silent at once, history kept, their team's open verifications handed
to the acting official or the supervisor above (who is told); refusals change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    Activity,
    AuditLog,
    Departure,
    Employee,
    LeaveReason,
    Notification,
    NotificationStatus,
)
from services.audit import Actor
from services.errors import Invalid, NotAllowed, NotFound, Problem
from services.leavers import deactivate
from services.outbox import enqueue
from services.review import Decision, decide, pending_groups
from tests.factories import make_nip
from tests.services.reminder_helpers import outbox_rows, tick
from tests.services.review_helpers import (
    INDEX,
    MONDAY,
    at_wib,
    make_acting,
    make_review_org,
    rows_of,
    snapshot_db,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
NOW = at_wib(MONDAY, 10)
FRIDAY = MONDAY - timedelta(days=3)


def nip(key: str) -> str:
    return make_nip(INDEX[key])


async def test_a_leaver_gets_nothing_and_keeps_their_history(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    org.staff2.telegram_user_id = org.staff2.telegram_chat_id = 5013  # a colleague, still here
    await submit(session, org.staff, NOW, day=FRIDAY)
    await enqueue(
        session,
        recipient_id=org.staff.id,
        kind="reminder.daily",
        payload={"day": FRIDAY.isoformat()},
        dedup_key="waiting",
        now=NOW,
    )
    await session.commit()

    done = await deactivate(
        session,
        Actor.employee(org.admin.id),
        org.agency.id,
        nip("staff"),
        LeaveReason.RETIRED,
        MONDAY,
        now=NOW,
    )
    await tick(session_factory, at_wib(MONDAY, 16))

    leaver = {e.id: e for e in await rows_of(session_factory, Employee)}[org.staff.id]
    assert (leaver.active, leaver.telegram_user_id, leaver.telegram_chat_id) == (False, None, None)
    rows = await outbox_rows(session_factory)
    assert [(r.dedup_key, r.status) for r in rows if r.recipient_id == org.staff.id] == [
        ("waiting", NotificationStatus.SKIPPED)
    ]
    assert any(r.recipient_id == org.staff2.id and r.kind == "reminder.daily" for r in rows)
    assert len(await rows_of(session_factory, Activity)) == 1  # history kept
    departures = await rows_of(session_factory, Departure)
    assert [(d.employee_id, d.reason, d.left_on) for d in departures] == [
        (org.staff.id, LeaveReason.RETIRED, MONDAY)
    ]
    audit = [a for a in await rows_of(session_factory, AuditLog) if a.action.endswith("deactivate")]
    assert [(a.actor_id, a.entity_id, a.reason) for a in audit] == [
        (org.admin.id, org.staff.id, "pensiun")
    ]
    assert done.team == 0


async def test_a_leaving_supervisors_open_work_goes_to_the_supervisor_above(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    waiting = await submit(session, org.staff, NOW, day=FRIDAY)
    await submit(session, org.staff2, NOW, day=MONDAY)

    done = await deactivate(
        session,
        Actor("cli"),
        org.agency.id,
        nip("assessor"),
        LeaveReason.TRANSFERRED_OUT,
        MONDAY,
        now=NOW,
    )

    assert done.successor is not None
    assert done.successor.id == org.head.id
    assert (done.team, done.reassigned) == (2, 2)
    groups = await pending_groups(session, org.head, NOW)
    assert sorted((g.employee.id, g.day) for g in groups) == [
        (org.staff.id, FRIDAY),
        (org.staff2.id, MONDAY),
    ]
    await decide(session, org.head, waiting.id, waiting.version, Decision.APPROVE, None, now=NOW)
    people = {e.id: e for e in await rows_of(session_factory, Employee)}
    assert people[org.staff.id].supervisor_id == org.head.id
    assert people[org.staff2.id].supervisor_id == org.head.id
    notices = [
        n for n in await rows_of(session_factory, Notification) if n.kind == "posting.reassigned"
    ]
    assert [(n.recipient_id, n.payload["count"], n.payload["team"]) for n in notices] == [
        (org.head.id, 2, 2)
    ]


async def test_the_acting_official_takes_over_when_there_is_one(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    await make_acting(session, org.plt, org.assessor, FRIDAY, MONDAY + timedelta(days=30), NOW)
    waiting = await submit(session, org.staff, NOW, day=FRIDAY)

    done = await deactivate(
        session, Actor("cli"), org.agency.id, nip("assessor"), LeaveReason.DECEASED, MONDAY, now=NOW
    )

    assert done.successor is not None
    assert done.successor.id == org.plt.id
    with pytest.raises(NotAllowed):
        await decide(
            session, org.head, waiting.id, waiting.version, Decision.APPROVE, None, now=NOW
        )
    await decide(session, org.plt, waiting.id, waiting.version, Decision.APPROVE, None, now=NOW)
    people = {e.id: e for e in await rows_of(session_factory, Employee)}
    assert people[org.staff.id].supervisor_id == org.plt.id


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nip": "12345"}, NotFound),
        ({"nip": make_nip(900)}, NotFound),
        ({"nip": nip("admin")}, Problem.LEAVER_SELF),
        ({"day": MONDAY + timedelta(days=1)}, Problem.EFFECTIVE_DATE),
        ({"day": MONDAY - timedelta(days=400)}, Problem.EFFECTIVE_DATE),
        ({"actor": "assessor"}, NotAllowed),
    ],
)
async def test_refused_deactivations_change_nothing(
    session: AsyncSession,
    session_factory: Factory,
    changes: dict[str, object],
    expected: type[Exception] | Problem,
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    changes = dict(changes)
    actor = Actor.employee(getattr(org, str(changes.pop("actor", "admin"))).id)
    wanted = str(changes.get("nip", nip("staff")))
    day = changes.get("day", MONDAY)
    assert isinstance(day, date)
    before = await snapshot_db(session_factory)

    raised = Invalid if isinstance(expected, Problem) else expected
    with pytest.raises(raised) as caught:
        await deactivate(session, actor, org.agency.id, wanted, LeaveReason.DISMISSED, day, now=NOW)
    await session.rollback()

    if isinstance(expected, Problem):
        assert isinstance(caught.value, Invalid)
        assert caught.value.code is expected
    assert await snapshot_db(session_factory) == before
    assert await rows_of(session_factory, Departure) == []


async def test_deactivating_twice_is_refused(session: AsyncSession) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    args = (org.agency.id, nip("staff2"), LeaveReason.RETIRED, MONDAY)
    await deactivate(session, Actor("cli"), *args, now=NOW)
    with pytest.raises(NotFound):
        await deactivate(session, Actor("cli"), *args, now=NOW)


async def test_when_the_head_leaves_with_nobody_above_the_admins_are_told(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    await submit(session, org.assessor, NOW, day=MONDAY)

    done = await deactivate(
        session, Actor("cli"), org.agency.id, nip("head"), LeaveReason.RETIRED, MONDAY, now=NOW
    )

    assert (done.successor, done.team, done.reassigned) == (None, 4, 1)
    people = {e.id: e for e in await rows_of(session_factory, Employee)}
    assert people[org.head.id].active is False
    assert people[org.assessor.id].supervisor_id is None
    notices = [
        (n.kind, n.recipient_id, n.payload["team"], n.payload["count"])
        for n in await rows_of(session_factory, Notification)
        if n.kind.startswith("posting.")
    ]
    assert notices == [("posting.unverified", org.admin.id, 4, 1)]


async def test_team_members_are_told_their_new_supervisor(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))

    await deactivate(
        session, Actor("cli"), org.agency.id, nip("assessor"), LeaveReason.RETIRED, MONDAY, now=NOW
    )

    told = sorted(
        n.recipient_id
        for n in await rows_of(session_factory, Notification)
        if n.kind == "posting.transferred"
    )
    assert told == sorted([org.staff.id, org.staff2.id])
    assert not [
        n for n in await rows_of(session_factory, Notification) if n.kind == "posting.unverified"
    ]
