"""Who gets the daily reminder: not someone on leave that day, not someone who already
reported (a deleted report does not count), not unlinked, unreachable or inactive people."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus, LeaveKind
from tests.factories import make_employee
from tests.services.reminder_helpers import (
    ZoneOrg,
    add_activity,
    add_leave,
    daily,
    dedup_keys,
    make_zone_org,
    tick,
    utc,
)

MONDAY = date(2026, 3, 2)
ALL_DUE = utc(2026, 3, 2, 9, 0)  # 16:00 WIB, 17:00 WITA, 18:00 WIT


def expected(org: ZoneOrg, *skip: object) -> list[str]:
    return sorted(daily(p, MONDAY) for p in org.people if p not in skip)


@pytest.mark.parametrize("kind", list(LeaveKind))
async def test_no_reminder_on_a_leave_day(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], kind: LeaveKind
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await add_leave(session, org.wita, date(2026, 2, 27), date(2026, 3, 3), kind=kind)

    await tick(session_factory, ALL_DUE)

    assert await dedup_keys(session_factory, "reminder.daily") == expected(org, org.wita)


async def test_leave_on_other_days_or_cancelled_leave_does_not_excuse(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await add_leave(session, org.wib, date(2026, 2, 23), date(2026, 2, 27))  # ended Friday
    await add_leave(session, org.wita, date(2026, 3, 3))  # starts tomorrow
    await add_leave(session, org.wit, MONDAY, cancelled=True)

    await tick(session_factory, ALL_DUE)

    assert await dedup_keys(session_factory, "reminder.daily") == expected(org)


@pytest.mark.parametrize("status", list(ActivityStatus))
async def test_any_report_of_the_day_means_no_reminder(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    status: ActivityStatus,
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await add_activity(session, org.wit, MONDAY, status=status)

    await tick(session_factory, ALL_DUE)

    assert await dedup_keys(session_factory, "reminder.daily") == expected(org, org.wit)


async def test_a_deleted_report_or_one_for_another_day_does_not_count(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await add_activity(session, org.wib, MONDAY, deleted=True)
    await add_activity(session, org.wita, date(2026, 2, 27))
    await add_activity(session, org.wit, date(2026, 3, 3))

    await tick(session_factory, ALL_DUE)

    assert await dedup_keys(session_factory, "reminder.daily") == expected(org)


async def test_a_report_after_the_reminder_changes_nothing_already_enqueued(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await tick(session_factory, ALL_DUE)
    await add_activity(session, org.wib, MONDAY)

    await tick(session_factory, utc(2026, 3, 2, 10, 0))

    assert await dedup_keys(session_factory, "reminder.daily") == expected(org)


async def test_unlinked_unreachable_and_inactive_employees_get_nothing(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utc(2026, 2, 1)
    org = await make_zone_org(session, now)
    await make_employee(session, org.agency, org.unit, 10, now)  # never linked
    org.wib.unreachable_since = now  # blocked the bot
    org.wita.active = False
    await session.commit()

    await tick(session_factory, ALL_DUE)

    assert await dedup_keys(session_factory, "reminder.daily") == [daily(org.wit, MONDAY)]


async def test_an_employee_who_writes_again_is_reminded_again(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utc(2026, 2, 1)
    org = await make_zone_org(session, now)
    org.wib.unreachable_since = now
    await session.commit()
    await tick(session_factory, ALL_DUE)
    assert daily(org.wib, MONDAY) not in await dedup_keys(session_factory, "reminder.daily")

    org.wib.unreachable_since = None
    await session.commit()
    await tick(session_factory, utc(2026, 3, 2, 9, 15))

    assert await dedup_keys(session_factory, "reminder.daily") == expected(org)
