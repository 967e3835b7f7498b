"""One day's activities: the daily limit, overlapping clock times and the day's progress."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus
from services.errors import Invalid
from services.reporting import (
    Overlap,
    OverlapDetected,
    day_summary,
    delete_activity,
    submit_activity,
)
from tests.conftest import FrozenClock
from tests.services.report_helpers import (
    MONDAY,
    count_activities,
    counts,
    draft,
    make_org,
    set_status,
)


async def test_daily_limit_comes_from_the_agency(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), max_activities_per_day=2)
    await submit_activity(session, org.staff, draft(), idempotency_key="1", now=clock())
    await submit_activity(session, org.staff, draft(), idempotency_key="2", now=clock())
    before = await counts(session_factory)

    with pytest.raises(Invalid) as caught:
        await submit_activity(session, org.staff, draft(), idempotency_key="3", now=clock())

    assert caught.value.code == "too_many_today"
    assert caught.value.params == {"limit": 2}
    await session.commit()
    assert await counts(session_factory) == before
    # Another day and another employee are not affected.
    await submit_activity(
        session, org.staff, draft(date(2026, 2, 27)), idempotency_key="4", now=clock()
    )
    await submit_activity(session, org.other, draft(), idempotency_key="5", now=clock())
    assert await count_activities(session, org.staff.id) == 3


async def test_deleted_activity_frees_a_place_in_the_daily_limit(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), max_activities_per_day=1)
    saved = await submit_activity(session, org.staff, draft(), idempotency_key="1", now=clock())
    await delete_activity(session, org.staff, saved.activity.id, 1, now=clock())
    await submit_activity(session, org.staff, draft(), idempotency_key="2", now=clock())
    assert await count_activities(session, org.staff.id) == 1


async def test_overlap_is_reported_with_the_clashing_activity_then_allowed_on_request(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    first = await submit_activity(
        session,
        org.staff,
        draft(description="Rapat koordinasi", start="08:00", end="10:00"),
        idempotency_key="1",
        now=clock(),
    )
    before = await counts(session_factory)

    with pytest.raises(OverlapDetected) as caught:
        await submit_activity(
            session,
            org.staff,
            draft(description="Menyusun notulen", start="09:30", end="11:00"),
            idempotency_key="2",
            now=clock(),
        )

    assert caught.value.code == "overlap"
    assert caught.value.overlaps == [
        Overlap(first.activity.id, time(8, 0), time(10, 0), "Rapat koordinasi")
    ]
    await session.commit()
    assert await counts(session_factory) == before

    saved = await submit_activity(
        session,
        org.staff,
        draft(description="Menyusun notulen", start="09:30", end="11:00"),
        idempotency_key="2",
        now=clock(),
        allow_overlap=True,
    )
    assert not saved.duplicate
    assert saved.summary.count == 2
    assert saved.summary.minutes == 120 + 90
    assert await count_activities(session, org.staff.id) == 2


@pytest.mark.parametrize(
    ("start", "end"),
    [("10:00", "11:00"), ("07:00", "08:00")],
    ids=["starts-when-other-ends", "ends-when-other-starts"],
)
async def test_touching_ranges_do_not_overlap(
    start: str, end: str, session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    await submit_activity(
        session, org.staff, draft(start="08:00", end="10:00"), idempotency_key="1", now=clock()
    )
    await submit_activity(
        session, org.staff, draft(start=start, end=end), idempotency_key="2", now=clock()
    )
    assert await count_activities(session, org.staff.id) == 2


async def test_every_overlapping_activity_is_listed(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    a = await submit_activity(
        session, org.staff, draft(start="08:00", end="09:00"), idempotency_key="1", now=clock()
    )
    b = await submit_activity(
        session, org.staff, draft(start="09:00", end="10:00"), idempotency_key="2", now=clock()
    )
    await submit_activity(
        session, org.staff, draft(start="10:00", end="11:00"), idempotency_key="3", now=clock()
    )
    with pytest.raises(OverlapDetected) as caught:
        await submit_activity(
            session, org.staff, draft(start="08:30", end="09:30"), idempotency_key="4", now=clock()
        )
    assert sorted(o.activity_id for o in caught.value.overlaps) == [a.activity.id, b.activity.id]


async def test_no_overlap_with_rejected_deleted_untimed_or_other_peoples_work(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    rejected = await submit_activity(
        session, org.staff, draft(start="08:00", end="10:00"), idempotency_key="1", now=clock()
    )
    await set_status(session, rejected.activity.id, ActivityStatus.REJECTED)
    deleted = await submit_activity(
        session, org.staff, draft(start="08:00", end="10:00"), idempotency_key="2", now=clock()
    )
    await delete_activity(session, org.staff, deleted.activity.id, 1, now=clock())
    await submit_activity(session, org.staff, draft(minutes=600), idempotency_key="3", now=clock())
    await submit_activity(
        session, org.other, draft(start="08:00", end="10:00"), idempotency_key="4", now=clock()
    )
    await submit_activity(
        session, org.staff, draft(start="08:30", end="09:30"), idempotency_key="5", now=clock()
    )
    assert await count_activities(session, org.staff.id) == 3  # rejected, untimed, new one


async def test_day_summary_counts_open_and_approved_but_not_rejected_or_deleted(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), daily_target_minutes=300)
    ids = {}
    for key, minutes in [("sub", 120), ("rev", 60), ("ok", 90), ("no", 45), ("del", 30)]:
        saved = await submit_activity(
            session, org.staff, draft(minutes=minutes), idempotency_key=key, now=clock()
        )
        ids[key] = saved.activity.id
    await set_status(session, ids["rev"], ActivityStatus.REVISION)
    await set_status(session, ids["ok"], ActivityStatus.APPROVED)
    await set_status(session, ids["no"], ActivityStatus.REJECTED)
    await delete_activity(session, org.staff, ids["del"], 1, now=clock())
    # Other days and other employees never count.
    await submit_activity(
        session, org.staff, draft(date(2026, 2, 27), minutes=200), idempotency_key="x", now=clock()
    )
    await submit_activity(session, org.other, draft(minutes=200), idempotency_key="y", now=clock())

    summary = await day_summary(session, org.staff, org.agency, MONDAY)

    assert summary.minutes == 120 + 60 + 90
    assert summary.count == 3
    assert summary.pending == 2
    assert summary.target_minutes == 300
    assert summary.remaining_minutes == 30


async def test_remaining_minutes_never_go_below_zero(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), daily_target_minutes=240)
    saved = await submit_activity(
        session, org.staff, draft(minutes=300), idempotency_key="1", now=clock()
    )
    assert saved.summary.minutes == 300
    assert saved.summary.remaining_minutes == 0


async def test_empty_day_summary(session: AsyncSession, clock: FrozenClock) -> None:
    org = await make_org(session, clock(), daily_target_minutes=300)
    summary = await day_summary(session, org.staff, org.agency, MONDAY)
    assert (summary.minutes, summary.count, summary.pending) == (0, 0, 0)
    assert summary.remaining_minutes == 300
