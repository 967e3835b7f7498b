"""An employee's own history: date range, newest first, pages and totals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from models import ActivityStatus
from services.history import history_page, week_of
from services.reporting import delete_activity, submit_activity
from tests.conftest import FrozenClock
from tests.services.report_helpers import Org, draft, make_org, set_status

FRIDAY = datetime(2026, 3, 13, 2, 0, tzinfo=UTC)
D = {n: date(2026, 3, n) for n in range(1, 14)}


async def _org(session: AsyncSession, clock: FrozenClock) -> Org:
    clock.now = FRIDAY
    return await make_org(session, clock(), backdate_workdays=15)


async def _report(
    session: AsyncSession,
    org: Org,
    clock: FrozenClock,
    day: date,
    description: str,
    *,
    minutes: int = 60,
    start: str | None = None,
    end: str | None = None,
    employee: str = "staff",
) -> int:
    saved = await submit_activity(
        session,
        getattr(org, employee),
        draft(day, description, minutes if start is None else None, start=start, end=end),
        idempotency_key=f"{employee}-{description}",
        now=clock(),
    )
    return saved.activity.id


async def test_only_the_range_newest_first_with_totals(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    await _report(session, org, clock, D[4], "Rabu sebelum", minutes=30)
    await _report(session, org, clock, D[5], "Kamis pagi", start="08:00", end="09:00")
    await _report(session, org, clock, D[5], "Kamis siang", start="13:00", end="15:00")
    await _report(session, org, clock, D[9], "Senin", minutes=45)
    await _report(session, org, clock, D[6], "Jumat", minutes=90)
    await _report(session, org, clock, D[10], "Selasa sesudah", minutes=20)

    page = await history_page(session, org.staff, D[5], D[9])

    assert [a.description for a in page.items] == ["Senin", "Jumat", "Kamis siang", "Kamis pagi"]
    assert (page.total, page.total_minutes, page.page, page.pages) == (4, 45 + 90 + 120 + 60, 0, 1)


async def test_pages_cover_everything_once_and_out_of_range_pages_are_clamped(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    for n in range(2, 9):  # 2..8 March, weekend days included
        await _report(session, org, clock, D[n], f"Kegiatan {n}", minutes=10 * n)

    pages = [
        await history_page(session, org.staff, D[1], D[13], page=p, page_size=3) for p in (0, 1, 2)
    ]

    assert [[a.work_date.day for a in p.items] for p in pages] == [[8, 7, 6], [5, 4, 3], [2]]
    assert {(p.total, p.pages, p.total_minutes) for p in pages} == {(7, 3, 350)}
    assert [p.page for p in pages] == [0, 1, 2]

    beyond = await history_page(session, org.staff, D[1], D[13], page=99, page_size=3)
    assert beyond.page == 2
    assert [a.work_date.day for a in beyond.items] == [2]
    before = await history_page(session, org.staff, D[1], D[13], page=-4, page_size=3)
    assert before.page == 0
    assert [a.work_date.day for a in before.items] == [8, 7, 6]


async def test_exact_multiple_of_page_size(session: AsyncSession, clock: FrozenClock) -> None:
    org = await _org(session, clock)
    for n in range(2, 6):
        await _report(session, org, clock, D[n], f"Kegiatan {n}")
    page = await history_page(session, org.staff, D[1], D[13], page=5, page_size=2)
    assert (page.page, page.pages, page.total) == (1, 2, 4)
    assert [a.work_date.day for a in page.items] == [3, 2]


async def test_empty_history_is_one_empty_page(session: AsyncSession, clock: FrozenClock) -> None:
    org = await _org(session, clock)
    await _report(session, org, clock, D[2], "Di luar rentang")
    page = await history_page(session, org.staff, D[9], D[13], page=3)
    assert (page.items, page.page, page.pages, page.total, page.total_minutes) == ([], 0, 1, 0, 0)


async def test_deleted_and_other_peoples_activities_are_never_shown(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    kept = await _report(session, org, clock, D[9], "Milik saya", minutes=60)
    gone = await _report(session, org, clock, D[9], "Dihapus", minutes=120)
    await delete_activity(session, org.staff, gone, 1, now=clock())
    await _report(session, org, clock, D[9], "Milik rekan", minutes=240, employee="other")
    await _report(session, org, clock, D[9], "Milik atasan", minutes=240, employee="boss")

    page = await history_page(session, org.staff, D[1], D[13])

    assert [a.id for a in page.items] == [kept]
    assert (page.total, page.total_minutes) == (1, 60)
    other_page = await history_page(session, org.other, D[1], D[13])
    assert [a.description for a in other_page.items] == ["Milik rekan"]


async def test_rejected_activity_is_still_listed(session: AsyncSession, clock: FrozenClock) -> None:
    org = await _org(session, clock)
    rejected = await _report(session, org, clock, D[9], "Ditolak", minutes=60)
    await set_status(session, rejected, ActivityStatus.REJECTED)
    page = await history_page(session, org.staff, D[9], D[9])
    assert [(a.id, a.status) for a in page.items] == [(rejected, ActivityStatus.REJECTED)]


async def test_history_total_leaves_out_rejected_minutes_like_the_day_summary(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    await _report(session, org, clock, D[9], "Diterima", minutes=60)
    rejected = await _report(session, org, clock, D[9], "Ditolak", minutes=120)
    await set_status(session, rejected, ActivityStatus.REJECTED)
    page = await history_page(session, org.staff, D[9], D[9])
    assert page.total_minutes == 60


async def test_untimed_activities_are_ordered_the_same_on_every_backend(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    await _report(session, org, clock, D[9], "Pagi", start="08:00", end="09:00")
    await _report(session, org, clock, D[9], "Tanpa jam", minutes=30)
    await _report(session, org, clock, D[9], "Siang", start="13:00", end="14:00")
    page = await history_page(session, org.staff, D[9], D[9])
    assert [a.description for a in page.items] == ["Siang", "Pagi", "Tanpa jam"]


@pytest.mark.parametrize(
    "day", [date(2026, 3, 23), date(2026, 3, 25), date(2026, 3, 29)], ids=["mon", "wed", "sun"]
)
def test_week_of_is_monday_to_sunday(day: date) -> None:
    assert week_of(day) == (date(2026, 3, 23), date(2026, 3, 29))
