"""What waits for verification: groups per employee and day, oldest first, and how old."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.errors import NotFound
from services.reporting import delete_activity
from services.review import (
    Decision,
    PendingStats,
    decide,
    pending_group,
    pending_groups,
    pending_stats,
)
from tests.conftest import FrozenClock
from tests.factories import make_employee
from tests.services.review_helpers import (
    MONDAY,
    at_wib,
    make_acting,
    make_review_org,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
FRIDAY = date(2026, 2, 27)


def _shape(groups: list) -> list[tuple[int, date, list[int]]]:
    return [(g.employee.id, g.day, [a.id for a in g.activities]) for g in groups]


async def test_groups_by_employee_and_day_oldest_submission_first(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    colleague_monday = await submit(session, org.staff2, clock())
    clock.advance(minutes=1)
    friday = await submit(session, org.staff, clock(), day=FRIDAY)
    clock.advance(minutes=1)
    untimed = await submit(session, org.staff, clock(), minutes=30)
    clock.advance(minutes=1)
    late = await submit(session, org.staff, clock(), start="13:00", end="14:00")
    clock.advance(minutes=1)
    early = await submit(session, org.staff, clock(), start="08:00", end="09:00")
    clock.advance(minutes=1)
    second_colleague = await submit(session, org.staff2, clock(), start="07:30", end="08:00")

    groups = await pending_groups(session, org.assessor, clock())

    assert _shape(groups) == [
        (org.staff2.id, MONDAY, [second_colleague.id, colleague_monday.id]),
        (org.staff.id, FRIDAY, [friday.id]),
        # timed work in time order, then work without times
        (org.staff.id, MONDAY, [early.id, late.id, untimed.id]),
    ]


async def test_decided_deleted_and_foreign_work_is_not_pending(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    keep = await submit(session, org.staff, clock(), start="08:00", end="09:00")
    for decision, start in ((Decision.APPROVE, "09"), (Decision.REVISION, "10")):
        done = await submit(session, org.staff, clock(), start=f"{start}:00", end=f"{start}:30")
        await decide(session, org.assessor, done.id, 1, decision, "Catatan", now=clock())
    rejected = await submit(session, org.staff2, clock())
    await decide(session, org.assessor, rejected.id, 1, Decision.REJECT, "Bukan", now=clock())
    gone = await submit(session, org.staff, clock(), start="11:00", end="12:00")
    await delete_activity(session, org.staff, gone.id, 1, now=clock())
    await submit(session, org.other_staff, clock())

    groups = await pending_groups(session, org.assessor, clock())

    assert _shape(groups) == [(org.staff.id, MONDAY, [keep.id])]
    stats = await pending_stats(session, org.assessor, groups, clock())
    assert stats == PendingStats(1, MONDAY, 0)


async def test_acting_official_sees_own_team_and_the_replaced_team_only_in_dates(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    own = await make_employee(
        session, org.agency, org.unit, 40, clock(), name="Bawahan Plt", supervisor=org.plt
    )
    own_work = await submit(session, own, clock())
    replaced_work = await submit(session, org.staff, clock())
    colleague_work = await submit(session, org.staff2, clock())
    await submit(session, org.other_staff, clock())
    await make_acting(session, org.plt, org.assessor, MONDAY, date(2026, 3, 3), clock())

    groups = await pending_groups(session, org.plt, clock())
    assert sorted(a.id for g in groups for a in g.activities) == sorted(
        [own_work.id, replaced_work.id, colleague_work.id]
    )
    # the replaced supervisor still sees their own team
    assert {g.employee.id for g in await pending_groups(session, org.assessor, clock())} == {
        org.staff.id,
        org.staff2.id,
    }

    clock.advance(days=2)  # Wednesday: the assignment has ended
    groups = await pending_groups(session, org.plt, clock())
    assert _shape(groups) == [(own.id, MONDAY, [own_work.id])]


async def test_pending_group_is_one_employee_day_and_may_be_empty(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    monday = await submit(session, org.staff, clock())
    await submit(session, org.staff, clock(), day=FRIDAY)
    await submit(session, org.staff2, clock())

    group = await pending_group(session, org.assessor, org.staff.id, MONDAY, clock())
    assert _shape([group]) == [(org.staff.id, MONDAY, [monday.id])]

    await decide(session, org.assessor, monday.id, 1, Decision.APPROVE, None, now=clock())
    group = await pending_group(session, org.assessor, org.staff.id, MONDAY, clock())
    assert _shape([group]) == [(org.staff.id, MONDAY, [])]

    with pytest.raises(NotFound):
        await pending_group(session, org.assessor, org.admin.id + 1000, MONDAY, clock())


async def test_stats_of_nothing_pending(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    groups = await pending_groups(session, org.assessor, clock())
    assert groups == []
    assert await pending_stats(session, org.assessor, groups, clock()) == PendingStats(0, None, 0)


@pytest.mark.parametrize(
    ("submitted", "work_day", "now", "oldest_workdays"),
    [
        # Friday's work seen on Monday morning: the weekend does not count.
        (at_wib(FRIDAY, 16), FRIDAY, at_wib(MONDAY, 9), 1),
        # Wednesday to Monday: Thursday, Friday and Monday.
        (at_wib(date(2026, 2, 25), 15), date(2026, 2, 25), at_wib(MONDAY, 9), 3),
        # Wednesday 13 May to Monday 18 May 2026: Ascension Day (14 May) and its cuti bersama
        # (15 May) and the weekend are not workdays.
        (at_wib(date(2026, 5, 13), 15), date(2026, 5, 13), at_wib(date(2026, 5, 18), 9), 1),
        # Tuesday 17 March to Wednesday 25 March 2026: Nyepi, Idul Fitri and cuti bersama.
        (at_wib(date(2026, 3, 17), 15), date(2026, 3, 17), at_wib(date(2026, 3, 25), 9), 1),
        # 00:30 WIB on Friday is still Thursday in UTC: the agency's local day counts.
        (at_wib(FRIDAY, 0, 30), FRIDAY, at_wib(MONDAY, 9), 1),
    ],
)
async def test_stats_count_and_age_in_workdays(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    submitted: datetime,
    work_day: date,
    now: datetime,
    oldest_workdays: int,
) -> None:
    clock.now = submitted
    org = await make_review_org(session, clock())
    await submit(session, org.staff, clock(), day=work_day, start="08:00", end="09:00")
    await submit(session, org.staff2, clock(), day=work_day, start="08:00", end="09:00")
    clock.now = now
    await submit(session, org.staff, clock(), day=now.date(), start="08:00", end="08:30")

    groups = await pending_groups(session, org.assessor, clock())
    stats = await pending_stats(session, org.assessor, groups, clock())

    assert stats.count == 3
    assert stats.oldest == work_day
    assert stats.oldest_workdays == oldest_workdays
