"""Verifications left waiting too long ("atasan lalai"): who is late, and whom to tell."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.escalation import Overdue, overdue_verifications
from services.reporting import delete_activity
from services.review import Decision, decide, pending_groups, pending_stats
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit
from tests.services.review_helpers import ReviewOrg, at_wib, make_review_org, submit

Factory = async_sessionmaker[AsyncSession]
MONDAY = date(2026, 3, 2)


async def _submitted_on(
    session: AsyncSession, clock: FrozenClock, employee: object, day: date, hour: int = 10
) -> int:
    clock.now = at_wib(day, hour)
    activity = await submit(session, employee, clock(), day=day)  # type: ignore[arg-type]
    return activity.id


async def _org(session: AsyncSession, clock: FrozenClock) -> ReviewOrg:
    return await make_review_org(session, clock(), escalation_workdays=3)


async def test_overdue_items_name_the_supervisor_and_their_supervisor(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    await _submitted_on(session, clock, org.staff, date(2026, 2, 23), 15)
    await _submitted_on(session, clock, org.staff2, date(2026, 2, 24), 16)
    await _submitted_on(session, clock, org.staff2, date(2026, 2, 26))  # 2 workdays: not yet
    await _submitted_on(session, clock, org.other_staff, date(2026, 2, 24))
    await _submitted_on(session, clock, org.assessor, date(2026, 2, 24))  # to the head
    clock.now = at_wib(MONDAY, 9)

    result = sorted(
        await overdue_verifications(session, org.agency, clock()), key=lambda o: o.supervisor_id
    )

    assert result == sorted(
        [
            Overdue(org.assessor.id, org.head.id, 2, at_wib(date(2026, 2, 23), 15)),
            Overdue(org.other_boss.id, org.head.id, 1, at_wib(date(2026, 2, 24), 10)),
            Overdue(org.head.id, None, 1, at_wib(date(2026, 2, 24), 10)),
        ],
        key=lambda o: o.supervisor_id,
    )


async def test_two_workdays_is_not_overdue_and_weekends_do_not_count(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    # Thursday before the weekend: on Monday only Friday has passed whole (and the weekend).
    await _submitted_on(session, clock, org.staff, date(2026, 2, 26), 9)
    clock.now = at_wib(MONDAY, 23, 59)
    assert await overdue_verifications(session, org.agency, clock()) == []

    # Wednesday: Friday, Monday and Tuesday have passed whole.
    clock.now = at_wib(date(2026, 3, 4), 0, 1)
    result = await overdue_verifications(session, org.agency, clock())
    assert [(o.supervisor_id, o.count) for o in result] == [(org.assessor.id, 1)]


@pytest.mark.parametrize(
    ("submitted_day", "overdue"),
    [
        # Seen on Monday 18 May 2026: 14 May (Ascension) and 15 May (cuti bersama) and the
        # weekend are not workdays, so Tuesday 12 May has waited Wednesday 13 and Monday 18.
        (date(2026, 5, 12), False),
        # Monday 11 May: Tuesday 12, Wednesday 13 and Monday 18 May - three workdays.
        (date(2026, 5, 11), True),
        (date(2026, 5, 8), True),
    ],
)
async def test_holidays_do_not_count(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    submitted_day: date,
    overdue: bool,
) -> None:
    org = await _org(session, clock)
    await _submitted_on(session, clock, org.staff, submitted_day)
    clock.now = at_wib(date(2026, 5, 18), 9)

    result = await overdue_verifications(session, org.agency, clock())

    assert [o.supervisor_id for o in result] == ([org.assessor.id] if overdue else [])


async def test_decided_deleted_and_other_agencies_are_not_overdue(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    approved = await _submitted_on(session, clock, org.staff, date(2026, 2, 23))
    await decide(session, org.assessor, approved, 1, Decision.APPROVE, None, now=clock())
    revised = await _submitted_on(session, clock, org.staff, date(2026, 2, 23), 11)
    await decide(session, org.assessor, revised, 1, Decision.REVISION, "Ulangi", now=clock())
    deleted = await _submitted_on(session, clock, org.staff2, date(2026, 2, 23))
    await delete_activity(session, org.staff2, deleted, 1, now=clock())

    elsewhere = await make_agency(session, clock(), escalation_workdays=3)
    unit = await make_unit(session, elsewhere)
    boss = await make_employee(session, elsewhere, unit, 60, clock())
    worker = await make_employee(session, elsewhere, unit, 61, clock(), supervisor=boss)
    await session.commit()
    await _submitted_on(session, clock, worker, date(2026, 2, 23))
    clock.now = at_wib(MONDAY, 9)

    assert await overdue_verifications(session, org.agency, clock()) == []
    assert [o.supervisor_id for o in await overdue_verifications(session, elsewhere, clock())] == [
        boss.id
    ]


async def test_fewer_escalation_workdays_escalate_sooner(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock(), escalation_workdays=1)
    await _submitted_on(session, clock, org.staff, date(2026, 2, 26))
    clock.now = at_wib(MONDAY, 9)
    assert [o.supervisor_id for o in await overdue_verifications(session, org.agency, clock())] == [
        org.assessor.id
    ]


async def test_item_waiting_escalation_workdays_by_pending_stats_is_overdue(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    await _submitted_on(session, clock, org.staff, date(2026, 2, 25))  # Wednesday
    clock.now = at_wib(MONDAY, 9)
    stats = await pending_stats(
        session, org.assessor, await pending_groups(session, org.assessor, clock()), clock()
    )
    assert stats.oldest_workdays == org.agency.escalation_workdays == 3

    result = await overdue_verifications(session, org.agency, clock())

    assert [o.supervisor_id for o in result] == [org.assessor.id]
