"""The weekly summary: enqueued on the last workday of the week at the reminder time, and
its numbers (days reported, workdays, minutes, approved share, streak)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus, CalendarOverride, DayKind
from services.nudges import WeekSummary, weekly_summary
from tests.services.reminder_helpers import (
    WIB,
    WIT,
    WITA,
    add_activity,
    add_leave,
    dedup_keys,
    local,
    make_zone_org,
    outbox_rows,
    tick,
    utc,
    weekly,
)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


async def tick_afternoon(factory: async_sessionmaker[AsyncSession], day: date) -> None:
    for zone in (WIT, WITA, WIB):
        await tick(factory, local(day, "16:00", zone))


async def test_the_summary_comes_on_friday_at_each_local_reminder_time(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await tick_afternoon(session_factory, d(3, 5))  # Thursday
    await tick(session_factory, local(d(3, 6), "15:59", WIT))
    assert await outbox_rows(session_factory, "summary.weekly") == []

    for zone in (WIT, WITA, WIB):
        now = local(d(3, 6), "16:00", zone)
        await tick(session_factory, now)
        await tick(session_factory, now + timedelta(minutes=15))  # nothing twice

    rows = await outbox_rows(session_factory, "summary.weekly")
    assert [(r.recipient_id, r.dedup_key, r.payload) for r in rows] == [
        (p.id, weekly(p, d(3, 2)), {"week_start": "2026-03-02"})
        for p in (org.wit, org.wita, org.wib)
    ]
    # One minute after the day's reminder, so the two do not arrive as one burst.
    for row, zone in zip(rows, (WIT, WITA, WIB), strict=True):
        assert row.created_at == local(d(3, 6), "16:00", zone)
        assert row.next_attempt_at == row.created_at + timedelta(minutes=1)


@pytest.mark.parametrize(
    ("week_start", "last_workday", "workdays"),
    [
        (d(3, 2), d(3, 6), "12345"),
        (d(3, 2), d(3, 7), "123456"),  # six-day agency: Saturday
        (d(3, 30), d(4, 2), "12345"),  # Good Friday 3 April: Thursday
        (d(3, 30), d(4, 4), "123456"),  # ... but the Saturday is still worked
        (d(3, 16), d(3, 17), "12345"),  # Nyepi and Lebaran from Wednesday: Tuesday
        (d(5, 11), d(5, 13), "12345"),  # Ascension 14 May and cuti bersama 15 May
    ],
)
async def test_the_summary_comes_on_the_last_workday_of_the_week(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    week_start: date,
    last_workday: date,
    workdays: str,
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1), workdays=workdays)

    for n in range(7):
        await tick_afternoon(session_factory, week_start + timedelta(days=n))

    rows = await outbox_rows(session_factory, "summary.weekly")
    assert sorted(r.dedup_key for r in rows) == sorted(weekly(p, week_start) for p in org.people)
    zone_of = {p.id: p.timezone or WIB for p in org.people}
    for row in rows:
        assert row.created_at == local(last_workday, "16:00", zone_of[row.recipient_id])


async def test_agency_overrides_move_the_last_workday(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utc(2026, 2, 1)
    org = await make_zone_org(session, now)
    session.add_all(
        [
            CalendarOverride(
                agency_id=org.agency.id,
                day=d(3, 13),
                kind=DayKind.HOLIDAY,
                name="Hari Jadi",
                created_at=now,
            ),
            CalendarOverride(
                agency_id=org.agency.id,
                day=d(3, 28),
                kind=DayKind.WORKDAY,
                name="Pengganti",
                created_at=now,
            ),
        ]
    )
    await session.commit()

    for day in (d(3, 12), d(3, 13), d(3, 27), d(3, 28)):
        await tick(session_factory, local(day, "16:00", WIB))  # 17:00 WITA, 18:00 WIT

    rows = await outbox_rows(session_factory, "summary.weekly")
    assert sorted(r.dedup_key for r in rows) == sorted(
        weekly(p, monday) for p in org.people for monday in (d(3, 9), d(3, 23))
    )
    assert {r.created_at for r in rows} == {
        local(d(3, 12), "16:00", WIB),  # Thursday: Friday 13 is the agency's holiday
        local(d(3, 28), "16:00", WIB),  # Saturday made a workday
    }


async def test_the_summary_follows_the_employees_own_reminder_time(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    org.wib.reminder_time = time(14, 0)
    await session.commit()

    await tick(session_factory, local(d(3, 6), "13:59", WIB))  # 15:59 WIT
    assert await outbox_rows(session_factory, "summary.weekly") == []
    await tick(session_factory, local(d(3, 6), "14:00", WIB))  # 15:00 WITA, 16:00 WIT

    assert await dedup_keys(session_factory, "summary.weekly") == sorted(
        [weekly(org.wib, d(3, 2)), weekly(org.wit, d(3, 2))]
    )


# --- the numbers -------------------------------------------------------------------------


async def test_weekly_numbers_count_reported_days_minutes_and_the_approved_share(
    session: AsyncSession,
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    me, other = org.wib, org.wita
    await add_activity(session, me, d(2, 27), minutes=100)  # last week
    await add_activity(session, me, d(3, 2), minutes=60)
    await add_activity(session, me, d(3, 2), minutes=90, status=ActivityStatus.SUBMITTED)
    await add_activity(session, me, d(3, 3), minutes=120)
    await add_activity(session, me, d(3, 4), minutes=60, status=ActivityStatus.REJECTED)
    await add_activity(session, me, d(3, 5), minutes=45, deleted=True)
    await add_activity(session, me, d(3, 6), minutes=30, status=ActivityStatus.REVISION)
    await add_activity(session, other, d(3, 5), minutes=400)

    summary = await weekly_summary(session, me, d(3, 2), local(d(3, 6), "17:00", WIB))

    assert summary == WeekSummary(
        week_start=d(3, 2),
        workdays=5,
        days_reported=3,  # Mon, Tue, Fri (Wednesday's only report was rejected)
        minutes=300,
        approved_share=180 / 300,
        streak=1,  # Friday; Thursday's report was deleted
    )


async def test_the_streak_runs_over_weekends_and_holidays(session: AsyncSession) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    for day in (d(3, 11), d(3, 13), d(3, 16), d(3, 17), d(3, 25), d(3, 26), d(3, 27)):
        await add_activity(session, org.wit, day, minutes=60)

    summary = await weekly_summary(session, org.wit, d(3, 23), local(d(3, 27), "17:00", WIT))

    # 23 and 24 March are cuti bersama: three workdays, all reported; the streak goes back
    # over Lebaran and the weekend to Friday 13 March (Thursday 12 was missed).
    assert summary == WeekSummary(d(3, 23), 3, 3, 180, 1.0, 6)


async def test_today_without_a_report_yet_does_not_break_the_streak(
    session: AsyncSession,
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    for day in (d(3, 2), d(3, 3), d(3, 4), d(3, 5)):
        await add_activity(session, org.wib, day, minutes=60, status=ActivityStatus.SUBMITTED)

    morning = await weekly_summary(session, org.wib, d(3, 2), local(d(3, 6), "10:00", WIB))
    await add_activity(session, org.wib, d(3, 6), minutes=30)
    evening = await weekly_summary(session, org.wib, d(3, 2), local(d(3, 6), "17:00", WIB))

    assert morning == WeekSummary(d(3, 2), 5, 4, 240, 0.0, 4)
    assert evening == WeekSummary(d(3, 2), 5, 5, 270, 30 / 270, 5)


async def test_a_week_without_reports(session: AsyncSession) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await add_activity(session, org.wib, d(3, 13))  # a week later

    summary = await weekly_summary(session, org.wib, d(3, 2), local(d(3, 6), "17:00", WIB))

    assert summary == WeekSummary(d(3, 2), 5, 0, 0, 0.0, 0)


async def test_a_past_week_counts_the_whole_week(session: AsyncSession) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1), workdays="123456")
    for day in (d(2, 23), d(2, 24), d(2, 28), d(3, 2)):
        await add_activity(session, org.wita, day, minutes=100)

    summary = await weekly_summary(session, org.wita, d(2, 23), local(d(3, 3), "09:00", WITA))

    # Six workdays, Saturday included; Monday 2 March belongs to the next week.
    assert (summary.workdays, summary.days_reported, summary.minutes) == (6, 3, 300)
    assert summary.approved_share == 1.0


async def test_a_late_delivered_summary_still_counts_the_streak(session: AsyncSession) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    reported = [d(2, 18), d(2, 19), d(2, 20), *(d(2, 23) + timedelta(days=n) for n in range(5))]
    for day in [*reported, d(3, 2)]:
        await add_activity(session, org.wib, day)

    # Friday's summary, delivered on Tuesday after a weekend outage (today not reported yet).
    summary = await weekly_summary(session, org.wib, d(2, 23), local(d(3, 3), "09:00", WIB))

    assert (summary.workdays, summary.days_reported) == (5, 5)
    # 8 counting to the end of that week (18 Feb – 27 Feb), 9 counting to today's Monday;
    # 13 Feb was missed and 16–17 Feb are Imlek.
    assert summary.streak in (8, 9)


async def test_leave_days_are_not_workdays_to_report_and_do_not_break_the_streak(
    session: AsyncSession,
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    for day in (d(3, 2), d(3, 3), d(3, 6)):
        await add_activity(session, org.wib, day, minutes=60, status=ActivityStatus.APPROVED)
    await add_leave(session, org.wib, d(3, 4), d(3, 5))  # Wednesday and Thursday on leave
    await add_leave(session, org.wita, d(3, 4), cancelled=True)  # someone else's, cancelled

    summary = await weekly_summary(session, org.wib, d(3, 2), local(d(3, 6), "17:00", WIB))

    assert summary == WeekSummary(d(3, 2), 3, 3, 180, 1.0, 3)
