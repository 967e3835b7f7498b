"""The daily reminder arrives at the reminder time in each employee's own zone (WIB, WITA,
WIT), not before, not in quiet hours, and only once however often the scheduler ticks."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit
from tests.services.reminder_helpers import (
    WIB,
    WIT,
    WITA,
    daily,
    dedup_keys,
    make_zone_org,
    outbox_rows,
    tick,
    utc,
)

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("now", "zones"),
    [
        (utc(2026, 3, 2, 6, 59), []),  # 13:59 WIB, 14:59 WITA, 15:59 WIT
        (utc(2026, 3, 2, 7, 0), [WIT]),  # 16:00 WIT
        (utc(2026, 3, 2, 7, 59), [WIT]),
        (utc(2026, 3, 2, 8, 0), [WITA, WIT]),  # 16:00 WITA
        (utc(2026, 3, 2, 9, 0), [WIB, WITA, WIT]),  # 16:00 WIB
        (utc(2026, 3, 2, 11, 59), [WIB, WITA, WIT]),  # 20:59 WIT
        (utc(2026, 3, 2, 12, 0), [WIB, WITA]),  # 21:00 WIT: quiet
        (utc(2026, 3, 2, 13, 0), [WIB]),  # 21:00 WITA: quiet
        (utc(2026, 3, 2, 13, 59), [WIB]),  # 20:59 WIB
        (utc(2026, 3, 2, 14, 0), []),  # 21:00 WIB: quiet everywhere
        (utc(2026, 3, 2, 23, 0), []),  # Tuesday 06:00 WIB, 08:00 WIT: too early
    ],
)
async def test_a_first_tick_reminds_exactly_the_zones_whose_local_time_has_come(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    now: datetime,
    zones: list[str],
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))

    counts = await tick(session_factory, now)

    rows = await outbox_rows(session_factory, "reminder.daily")
    due = [p for p in org.people if p.timezone in zones]
    assert [(r.recipient_id, r.dedup_key, r.payload) for r in rows] == [
        (p.id, daily(p, MONDAY), {"day": "2026-03-02"}) for p in due
    ]
    assert all(r.next_attempt_at == now and r.created_at == now for r in rows)
    assert counts.get("reminder.daily", 0) == len(due)


async def test_ticking_through_the_afternoon_reminds_each_zone_once(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    seen: list[tuple[datetime, dict[str, int]]] = []

    clock.now = utc(2026, 3, 2, 6, 0)
    while clock.now <= utc(2026, 3, 2, 15, 0):
        seen.append((clock.now, await tick(session_factory, clock.now)))
        clock.advance(minutes=30)

    rows = await outbox_rows(session_factory, "reminder.daily")
    assert sorted((r.recipient_id, r.created_at) for r in rows) == [
        (org.wib.id, utc(2026, 3, 2, 9, 0)),
        (org.wita.id, utc(2026, 3, 2, 8, 0)),
        (org.wit.id, utc(2026, 3, 2, 7, 0)),
    ]
    new = {at: c["reminder.daily"] for at, c in seen if c.get("reminder.daily")}
    assert new == {utc(2026, 3, 2, h, 0): 1 for h in (7, 8, 9)}


async def test_a_repeated_tick_at_the_same_instant_enqueues_nothing_new(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await make_zone_org(session, utc(2026, 2, 1))
    now = utc(2026, 3, 2, 9, 0)

    first = await tick(session_factory, now)
    second = await tick(session_factory, now)

    assert first["reminder.daily"] == 3
    assert second["reminder.daily"] == 0
    assert len(await outbox_rows(session_factory, "reminder.daily")) == 3


async def test_the_next_workday_gets_its_own_reminder(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))

    await tick(session_factory, utc(2026, 3, 2, 9, 0))
    await tick(session_factory, utc(2026, 3, 3, 9, 0))

    assert await dedup_keys(session_factory, "reminder.daily") == sorted(
        daily(p, day) for p in org.people for day in (MONDAY, date(2026, 3, 3))
    )


async def test_an_employees_own_reminder_time_overrides_the_agencys(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utc(2026, 2, 1)
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    early = await make_employee(session, agency, unit, 1, now, telegram_user_id=1)
    late = await make_employee(session, agency, unit, 2, now, telegram_user_id=2)
    default = await make_employee(session, agency, unit, 3, now, telegram_user_id=3)
    early.reminder_time = time(14, 30)
    late.reminder_time = time(19, 0)
    await session.commit()

    await tick(session_factory, utc(2026, 3, 2, 7, 15))  # 14:15 WIB
    assert await outbox_rows(session_factory, "reminder.daily") == []
    await tick(session_factory, utc(2026, 3, 2, 7, 30))  # 14:30 WIB
    assert await dedup_keys(session_factory, "reminder.daily") == [daily(early, MONDAY)]
    await tick(session_factory, utc(2026, 3, 2, 9, 0))  # 16:00 WIB
    assert await dedup_keys(session_factory, "reminder.daily") == sorted(
        [daily(early, MONDAY), daily(default, MONDAY)]
    )
    await tick(session_factory, utc(2026, 3, 2, 12, 0))  # 19:00 WIB
    assert await dedup_keys(session_factory, "reminder.daily") == sorted(
        daily(p, MONDAY) for p in (early, late, default)
    )


async def test_the_agency_reminder_time_and_zone_apply_to_employees_without_their_own(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utc(2026, 2, 1)
    jakarta = await make_agency(session, now)
    makassar = await make_agency(session, now, reminder_time=time(15, 0))
    makassar.timezone = WITA
    in_jakarta = await make_employee(
        session, jakarta, await make_unit(session, jakarta), 1, now, telegram_user_id=1
    )
    in_makassar = await make_employee(
        session, makassar, await make_unit(session, makassar), 2, now, telegram_user_id=2
    )
    await session.commit()

    await tick(session_factory, utc(2026, 3, 2, 6, 59))  # 14:59 WITA
    assert await outbox_rows(session_factory, "reminder.daily") == []
    await tick(session_factory, utc(2026, 3, 2, 7, 0))  # 15:00 WITA, 14:00 WIB
    assert await dedup_keys(session_factory, "reminder.daily") == [daily(in_makassar, MONDAY)]
    await tick(session_factory, utc(2026, 3, 2, 9, 0))  # 16:00 WIB
    assert await dedup_keys(session_factory, "reminder.daily") == sorted(
        [daily(in_makassar, MONDAY), daily(in_jakarta, MONDAY)]
    )


async def test_a_narrower_quiet_window_ends_reminders_earlier(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1), quiet_end=time(18, 0))

    await tick(session_factory, utc(2026, 3, 2, 10, 0))  # 17:00 WIB, 18:00 WITA, 19:00 WIT

    assert await dedup_keys(session_factory, "reminder.daily") == [daily(org.wib, MONDAY)]
