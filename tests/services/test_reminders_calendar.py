"""Daily reminders follow the agency calendar: weekdays (5 or 6), 2026 national holidays and
cuti bersama, and the admin's overrides."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import DayKind
from services.audit import Actor
from services.calendar_admin import remove_override, set_override
from tests.factories import make_agency, make_employee, make_unit
from tests.services.reminder_helpers import (
    WIB,
    WIT,
    WITA,
    daily,
    dedup_keys,
    local,
    make_zone_org,
    tick,
    utc,
)

SYSTEM = Actor("cli")


async def tick_afternoon(factory: async_sessionmaker[AsyncSession], day: date) -> None:
    """Ticks at 16:00 WIT, WITA and WIB of `day`: every zone reaches its reminder time."""
    for zone in (WIT, WITA, WIB):
        await tick(factory, local(day, "16:00", zone))


@pytest.mark.parametrize(
    ("workdays", "day", "expected"),
    [
        ("12345", date(2026, 3, 6), True),  # Friday
        ("12345", date(2026, 3, 7), False),  # Saturday
        ("12345", date(2026, 3, 8), False),  # Sunday
        ("123456", date(2026, 3, 7), True),  # Saturday at a six-day agency
        ("123456", date(2026, 3, 8), False),
        ("123456", date(2026, 3, 21), False),  # Idul Fitri falls on a Saturday
    ],
)
async def test_weekdays_follow_the_agency_setting(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    workdays: str,
    day: date,
    expected: bool,
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1), workdays=workdays)

    await tick_afternoon(session_factory, day)

    keys = await dedup_keys(session_factory, "reminder.daily")
    assert keys == (sorted(daily(p, day) for p in org.people) if expected else [])


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # Tahun Baru
        date(2026, 2, 16),  # cuti bersama Imlek
        date(2026, 3, 18),  # cuti bersama Nyepi
        date(2026, 3, 19),  # Nyepi
        date(2026, 3, 20),  # cuti bersama Idul Fitri
        date(2026, 3, 23),  # cuti bersama Idul Fitri
        date(2026, 3, 24),  # cuti bersama Idul Fitri
        date(2026, 4, 3),  # Wafat Yesus Kristus
        date(2026, 5, 15),  # cuti bersama Kenaikan
        date(2026, 8, 17),  # Hari Kemerdekaan
        date(2026, 12, 24),  # cuti bersama Natal
        date(2026, 12, 25),  # Natal
    ],
)
async def test_no_reminder_on_national_holidays_and_cuti_bersama(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], day: date
) -> None:
    org = await make_zone_org(session, utc(2025, 12, 1), workdays="123456")
    control = date(2026, 3, 25)  # an ordinary Wednesday: the same setup does remind

    await tick_afternoon(session_factory, day)
    await tick_afternoon(session_factory, control)

    assert await dedup_keys(session_factory, "reminder.daily") == sorted(
        daily(p, control) for p in org.people
    )


async def test_an_ordinary_workday_between_holidays_is_a_workday(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))

    for day in (date(2026, 3, 17), date(2026, 3, 18), date(2026, 3, 25)):
        await tick_afternoon(session_factory, day)

    assert await dedup_keys(session_factory, "reminder.daily") == sorted(
        daily(p, d) for p in org.people for d in (date(2026, 3, 17), date(2026, 3, 25))
    )


async def test_an_agency_holiday_suppresses_reminders_of_that_agency_only(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utc(2026, 2, 1)
    org = await make_zone_org(session, now)
    other = await make_agency(session, now)
    elsewhere = await make_employee(
        session, other, await make_unit(session, other), 9, now, telegram_user_id=99
    )
    await session.commit()
    wednesday = date(2026, 3, 4)
    await set_override(
        session, SYSTEM, org.agency, wednesday, DayKind.HOLIDAY, "Hari Jadi Kota", now=now
    )

    await tick_afternoon(session_factory, wednesday)

    assert await dedup_keys(session_factory, "reminder.daily") == [daily(elsewhere, wednesday)]


async def test_removing_the_holiday_override_brings_the_reminder_back(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utc(2026, 2, 1)
    org = await make_zone_org(session, now)
    wednesday = date(2026, 3, 4)
    await set_override(session, SYSTEM, org.agency, wednesday, DayKind.HOLIDAY, "", now=now)
    await tick(session_factory, utc(2026, 3, 4, 7, 0))  # 16:00 WIT
    assert await dedup_keys(session_factory, "reminder.daily") == []

    await remove_override(session, SYSTEM, org.agency, wednesday, now=now)
    await tick(session_factory, utc(2026, 3, 4, 9, 0))  # 16:00 WIB

    assert await dedup_keys(session_factory, "reminder.daily") == sorted(
        daily(p, wednesday) for p in org.people
    )


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 8, 17),  # Hari Kemerdekaan, worked after all
        date(2026, 3, 24),  # cuti bersama, cancelled by the agency
        date(2026, 3, 29),  # a Sunday made a workday
    ],
)
async def test_a_workday_override_enables_reminders_on_a_day_off(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], day: date
) -> None:
    now = utc(2026, 2, 1)
    org = await make_zone_org(session, now)
    await set_override(session, SYSTEM, org.agency, day, DayKind.WORKDAY, "Masuk", now=now)

    await tick_afternoon(session_factory, day)

    assert await dedup_keys(session_factory, "reminder.daily") == sorted(
        daily(p, day) for p in org.people
    )


async def test_the_local_date_decides_whether_it_is_a_holiday(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """At 23:00 UTC on Tuesday 17 March it is already Wednesday 18 March (cuti bersama) in
    every Indonesian zone: no reminder, although 06:00 is the reminder time."""
    org = await make_zone_org(session, utc(2026, 2, 1), reminder_time=time(6, 0))

    await tick(session_factory, utc(2026, 3, 17, 23, 0))  # 06:00 WIB, 07:00 WITA, 08:00 WIT

    assert await dedup_keys(session_factory, "reminder.daily") == []
    await tick(session_factory, utc(2026, 3, 17, 13, 0))  # 20:00 WIB, 21:00 WITA, 22:00 WIT
    assert await dedup_keys(session_factory, "reminder.daily") == [
        daily(org.wib, date(2026, 3, 17))
    ]
