"""Which dates can be reported: today in the employee's zone and a few workdays back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee
from services.dateparse import parse_day
from services.errors import Invalid
from services.report_rules import ActivityDraft
from services.reporting import submit_activity
from tests.conftest import FrozenClock
from tests.services.report_helpers import count_activities, counts, draft, make_org

NEAR_MIDNIGHT = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)  # 23:30 WIB, 00:30 WITA, 01:30 WIT
MARCH_2, MARCH_3, MARCH_4 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


async def _refused(
    session: AsyncSession,
    factory: async_sessionmaker[AsyncSession],
    employee: Employee,
    activity_draft: ActivityDraft,
    now: datetime,
) -> Invalid:
    before = await counts(factory)
    with pytest.raises(Invalid) as caught:
        await submit_activity(
            session,
            employee,
            activity_draft,
            idempotency_key=f"refused-{id(activity_draft)}",
            now=now,
        )
    await session.commit()  # whatever else the caller commits, the refused draft is not in it
    assert await counts(factory) == before
    return caught.value


async def test_tomorrow_in_wib_is_refused_near_midnight(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    clock.now = NEAR_MIDNIGHT
    org = await make_org(session, clock())
    error = await _refused(session, session_factory, org.staff, draft(MARCH_3), clock())
    assert error.code == "date_future"
    await submit_activity(session, org.staff, draft(MARCH_2), idempotency_key="k", now=clock())
    assert await count_activities(session, org.staff.id) == 1


async def test_employee_in_wit_reports_their_own_today(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    """The agency is in WIB, the employee in Jayapura where it is already 3 March."""
    clock.now = NEAR_MIDNIGHT
    org = await make_org(session, clock(), staff_timezone="Asia/Jayapura")
    saved = await submit_activity(
        session, org.staff, draft(MARCH_3), idempotency_key="k", now=clock()
    )
    assert saved.activity.work_date == MARCH_3
    error = await _refused(session, session_factory, org.staff, draft(MARCH_4), clock())
    assert error.code == "date_future"
    # A colleague in the agency's own zone (WIB) is still on 2 March.
    error = await _refused(session, session_factory, org.other, draft(MARCH_3), clock())
    assert error.code == "date_future"


async def test_employee_zone_overrides_the_agency_zone(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    """Agency in WIT (already 3 March), employee in WIB (still 2 March)."""
    clock.now = NEAR_MIDNIGHT
    org = await make_org(session, clock(), staff_timezone="Asia/Jakarta")
    org.agency.timezone = "Asia/Jayapura"
    await session.commit()
    error = await _refused(session, session_factory, org.staff, draft(MARCH_3), clock())
    assert error.code == "date_future"
    await submit_activity(session, org.other, draft(MARCH_3), idempotency_key="k", now=clock())
    assert await count_activities(session, org.other.id) == 1


async def test_backdating_is_limited_to_agency_workdays(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), backdate_workdays=3)  # Monday 2 March
    for i, day in enumerate([date(2026, 2, 25), date(2026, 2, 28), date(2026, 2, 27)]):
        await submit_activity(session, org.staff, draft(day), idempotency_key=f"{i}", now=clock())
    error = await _refused(session, session_factory, org.staff, draft(date(2026, 2, 24)), clock())
    assert error.code == "date_too_old"
    assert error.params == {"oldest": "2026-02-25"}


async def test_backdating_window_follows_the_agency_setting(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), backdate_workdays=1)
    await submit_activity(
        session, org.staff, draft(date(2026, 2, 27)), idempotency_key="k", now=clock()
    )
    error = await _refused(session, session_factory, org.staff, draft(date(2026, 2, 26)), clock())
    assert error.code == "date_too_old"
    assert error.params == {"oldest": "2026-02-27"}


async def test_backdating_skips_the_idul_fitri_holidays(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    clock.now = datetime(2026, 3, 25, 2, 0, tzinfo=UTC)  # Wednesday after the holiday block
    org = await make_org(session, clock(), backdate_workdays=3)
    await submit_activity(
        session, org.staff, draft(date(2026, 3, 13)), idempotency_key="k", now=clock()
    )
    error = await _refused(session, session_factory, org.staff, draft(date(2026, 3, 12)), clock())
    assert error.code == "date_too_old"
    assert error.params == {"oldest": "2026-03-13"}


async def test_six_day_agency_counts_saturday_as_a_workday(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), backdate_workdays=2, workdays="123456")
    await submit_activity(
        session, org.staff, draft(date(2026, 2, 27)), idempotency_key="k", now=clock()
    )
    error = await _refused(session, session_factory, org.staff, draft(date(2026, 2, 26)), clock())
    assert error.code == "date_too_old"
    assert error.params == {"oldest": "2026-02-27"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hari ini", date(2026, 12, 2)),
        ("Kemarin", date(2026, 12, 1)),
        ("senin", date(2026, 11, 30)),
        ("rabu", date(2026, 12, 2)),  # today is a Wednesday
        ("rabu lalu", date(2026, 11, 25)),
        ("jumat depan", date(2026, 12, 4)),
        ("30/11", date(2026, 11, 30)),
        ("30/11/2026", date(2026, 11, 30)),
        ("2026-11-30", date(2026, 11, 30)),
    ],
)
def test_days_typed_in_words_or_numbers(text: str, expected: date) -> None:
    assert parse_day(text, date(2026, 12, 2)) == expected


@pytest.mark.parametrize("text", ["senin - rabu", "besok lusa", "32/11", "kemarinnya"])
def test_what_is_not_one_day_is_refused(text: str) -> None:
    with pytest.raises(Invalid):
        parse_day(text, date(2026, 12, 2))
