"""The next-morning nudge: at 07:30 local on a workday, "no report for <previous workday>",
looking back past weekends and holidays; not when switched off or for a leave day."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import CalendarOverride, DayKind
from tests.services.reminder_helpers import (
    WIB,
    WIT,
    WITA,
    add_activity,
    add_leave,
    dedup_keys,
    local,
    make_zone_org,
    missing,
    outbox_rows,
    tick,
    utc,
)

MONDAY = date(2026, 3, 2)
TUESDAY = date(2026, 3, 3)


async def test_each_zone_is_nudged_at_its_own_0730_for_its_previous_local_day(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    for person in org.people:
        await add_activity(session, person, date(2026, 2, 27))
    # Friday was reported, so Monday has no nudge; Monday's reminders go out, nobody reports.
    await tick(session_factory, utc(2026, 3, 2, 9, 0))
    assert await outbox_rows(session_factory, "reminder.missing") == []

    await tick(session_factory, utc(2026, 3, 2, 22, 29))  # Tuesday 07:29 WIT
    assert await outbox_rows(session_factory, "reminder.missing") == []
    await tick(session_factory, utc(2026, 3, 2, 22, 30))  # Tuesday 07:30 WIT
    assert await dedup_keys(session_factory, "reminder.missing") == [missing(org.wit, MONDAY)]
    await tick(session_factory, utc(2026, 3, 2, 23, 30))  # 07:30 WITA
    await tick(session_factory, utc(2026, 3, 3, 0, 29))  # 07:29 WIB
    assert await dedup_keys(session_factory, "reminder.missing") == sorted(
        missing(p, MONDAY) for p in (org.wita, org.wit)
    )
    counts = await tick(session_factory, utc(2026, 3, 3, 0, 30))  # 07:30 WIB

    rows = await outbox_rows(session_factory, "reminder.missing")
    assert [(r.recipient_id, r.dedup_key, r.payload, r.created_at) for r in rows] == [
        (org.wit.id, missing(org.wit, MONDAY), {"day": "2026-03-02"}, local(TUESDAY, "07:30", WIT)),
        (
            org.wita.id,
            missing(org.wita, MONDAY),
            {"day": "2026-03-02"},
            local(TUESDAY, "07:30", WITA),
        ),
        (org.wib.id, missing(org.wib, MONDAY), {"day": "2026-03-02"}, local(TUESDAY, "07:30", WIB)),
    ]
    assert counts["reminder.missing"] == 1
    assert (await tick(session_factory, utc(2026, 3, 3, 1, 0)))["reminder.missing"] == 0
    assert len(await outbox_rows(session_factory, "reminder.missing")) == 3


async def test_no_nudge_for_a_reported_day_but_a_deleted_report_does_not_count(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await add_activity(session, org.wib, MONDAY)
    await add_activity(session, org.wita, MONDAY, deleted=True)
    await add_activity(session, org.wit, TUESDAY)  # today's report does not cover Monday

    await tick(session_factory, utc(2026, 3, 3, 1, 0))  # 08:00 WIB, 09:00 WITA, 10:00 WIT

    assert await dedup_keys(session_factory, "reminder.missing") == sorted(
        missing(p, MONDAY) for p in (org.wita, org.wit)
    )


@pytest.mark.parametrize(
    ("morning", "previous", "workdays"),
    [
        (date(2026, 3, 9), date(2026, 3, 6), "12345"),  # Monday → Friday
        (date(2026, 3, 9), date(2026, 3, 7), "123456"),  # Monday → Saturday
        (date(2026, 3, 25), date(2026, 3, 17), "12345"),  # after Nyepi and Idul Fitri
        (date(2026, 3, 25), date(2026, 3, 17), "123456"),
        (date(2026, 8, 18), date(2026, 8, 14), "12345"),  # after Hari Kemerdekaan (Mon)
        (date(2026, 4, 6), date(2026, 4, 2), "12345"),  # after Good Friday
    ],
)
async def test_the_nudge_looks_back_to_the_previous_workday(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    morning: date,
    previous: date,
    workdays: str,
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1), workdays=workdays)

    await tick(session_factory, local(morning, "08:00", WIB))  # 09:00 WITA, 10:00 WIT

    assert await dedup_keys(session_factory, "reminder.missing") == sorted(
        missing(p, previous) for p in org.people
    )


@pytest.mark.parametrize(
    "morning",
    [
        date(2026, 3, 7),  # Saturday
        date(2026, 3, 8),  # Sunday
        date(2026, 3, 18),  # cuti bersama Nyepi
        date(2026, 3, 23),  # cuti bersama Idul Fitri
        date(2026, 3, 24),
    ],
)
async def test_no_nudge_on_a_day_off(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], morning: date
) -> None:
    await make_zone_org(session, utc(2026, 2, 1))

    await tick(session_factory, local(morning, "08:00", WIB))

    assert await outbox_rows(session_factory, "reminder.missing") == []


async def test_no_nudge_when_the_agency_switched_it_off(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1), nudge_enabled=False)

    await tick(session_factory, utc(2026, 3, 3, 1, 0))
    assert await outbox_rows(session_factory, "reminder.missing") == []

    org.agency.nudge_enabled = True
    await session.commit()
    await tick(session_factory, utc(2026, 3, 3, 1, 15))
    assert len(await outbox_rows(session_factory, "reminder.missing")) == 3


async def test_the_nudge_follows_the_agency_nudge_time(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1), nudge_time=time(10, 0))

    await tick(session_factory, local(TUESDAY, "09:59", WIT))
    assert await outbox_rows(session_factory, "reminder.missing") == []
    await tick(session_factory, local(TUESDAY, "10:00", WIT))

    assert await dedup_keys(session_factory, "reminder.missing") == [missing(org.wit, MONDAY)]


async def test_no_nudge_for_a_previous_day_on_leave_nor_while_on_leave_today(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await add_leave(session, org.wib, date(2026, 2, 26), MONDAY)  # back on Tuesday
    await add_leave(session, org.wita, TUESDAY, date(2026, 3, 4))  # away from Tuesday
    await add_leave(session, org.wit, MONDAY, cancelled=True)

    await tick(session_factory, utc(2026, 3, 3, 1, 0))

    assert await dedup_keys(session_factory, "reminder.missing") == [missing(org.wit, MONDAY)]


async def test_a_day_reported_before_lebaran_is_not_nudged_after_it(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Control for the xfail below: with the national calendar only, 17 → 25 March."""
    org = await make_zone_org(session, utc(2026, 2, 1))
    await add_activity(session, org.wib, date(2026, 3, 17))

    await tick(session_factory, local(date(2026, 3, 25), "08:00", WIB))

    assert await dedup_keys(session_factory, "reminder.missing") == sorted(
        missing(p, date(2026, 3, 17)) for p in (org.wita, org.wit)
    )


async def test_a_reported_day_more_than_ten_days_back_is_not_nudged(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utc(2026, 2, 1)
    org = await make_zone_org(session, now)
    # The regency extends the Lebaran break to the end of the week.
    session.add_all(
        CalendarOverride(
            agency_id=org.agency.id,
            day=date(2026, 3, d),
            kind=DayKind.HOLIDAY,
            name="Libur Lebaran daerah",
            created_at=now,
        )
        for d in (25, 26, 27)
    )
    await session.commit()
    await add_activity(session, org.wib, date(2026, 3, 17))  # reported before the break
    await add_leave(session, org.wita, date(2026, 3, 16), date(2026, 3, 17))  # on leave then

    await tick(session_factory, local(date(2026, 3, 30), "08:00", WIB))  # first day back

    assert await dedup_keys(session_factory, "reminder.missing") == [
        missing(org.wit, date(2026, 3, 17))
    ]


async def test_nobody_is_asked_about_a_day_before_they_joined(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    org.wib.linked_at = local(TUESDAY, "07:00", WIB)  # joined this morning: Monday is not theirs
    org.wita.linked_at = local(MONDAY, "15:00", WITA)  # joined on Monday: Monday counts
    await session.commit()

    await tick(session_factory, utc(2026, 3, 3, 1, 0))  # Tuesday 08:00 WIB, 09:00 WITA, 10:00 WIT

    assert await dedup_keys(session_factory, "reminder.missing") == sorted(
        missing(p, MONDAY) for p in (org.wita, org.wit)
    )
