"""A simulated fortnight around Lebaran 2026: the scheduler ticks every 15 minutes from Monday
16 March to Sunday 29 March and the outbox ends up with exactly one reminder per employee and
due workday, and nothing else.

(A whole month at 15-minute steps takes over a minute per backend, so the slice is the one
with the most calendar in it: Nyepi, cuti bersama Idul Fitri, an agency holiday and a Saturday
the agency made a workday.)"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, datetime, time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus, CalendarOverride, DayKind, Employee, LeaveKind
from services.schedule import run_tick
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit
from tests.services.reminder_helpers import (
    WIB,
    WIT,
    WITA,
    add_activity,
    add_leave,
    daily,
    days,
    local,
    missing,
    outbox_rows,
    utc,
    weekly,
)

START = utc(2026, 3, 16)
END = utc(2026, 3, 30)
# Written out by hand, not computed by WorkCalendar: 18–24 March are Nyepi, its cuti bersama
# and the Idul Fitri cuti bersama (with the weekend); 26 March is the agency's own holiday;
# Saturday 28 March the agency made a workday. 13 and 30 March lie just outside the slice.
WORKDAYS = [date(2026, 3, d) for d in (13, 16, 17, 25, 27, 28, 30)]


def d(day: int) -> date:
    return date(2026, 3, day)


async def test_two_weeks_of_ticks_enqueue_each_due_reminder_exactly_once(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    now = utc(2026, 2, 20)
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    session.add_all(
        [
            CalendarOverride(
                agency_id=agency.id,
                day=d(26),
                kind=DayKind.HOLIDAY,
                name="Hari Jadi Kota",
                created_at=now,
            ),
            CalendarOverride(
                agency_id=agency.id,
                day=d(28),
                kind=DayKind.WORKDAY,
                name="Pengganti",
                created_at=now,
            ),
        ]
    )
    zones = [None, WIB, WITA, WITA, WIT, WIT]
    people: list[Employee] = [
        await make_employee(session, agency, unit, i, now, telegram_user_id=7100 + i, timezone=z)
        for i, z in enumerate(zones)
    ]
    people[1].reminder_time = time(15, 0)
    people[4].reminder_time = time(17, 30)
    # Nobody the scheduler may write to.
    await make_employee(session, agency, unit, 20, now)  # not linked
    blocked = await make_employee(session, agency, unit, 21, now, telegram_user_id=7121)
    blocked.unreachable_since = now
    gone = await make_employee(session, agency, unit, 22, now, telegram_user_id=7122)
    gone.active = False
    await session.commit()
    for person in (blocked, gone):
        await add_activity(session, person, d(16), status=ActivityStatus.SUBMITTED)

    reports = {
        0: [d(16), d(25), d(19)],  # 19 March is Nyepi: changes nothing
        1: [],
        2: [d(13), d(16), d(17), d(25), d(27), d(28)],
        3: [d(25)],
        4: [d(13)],
        5: [d(17)],
    }
    for n, reported_days in reports.items():
        for day in reported_days:
            status = ActivityStatus.REJECTED if (n, day) == (2, d(27)) else ActivityStatus.APPROVED
            await add_activity(session, people[n], day, status=status)
    await add_activity(session, people[0], d(17), deleted=True)  # deleted: still missing
    await add_leave(session, people[3], d(16), d(17))
    await add_leave(session, people[4], d(25), kind=LeaveKind.SICK)
    await add_leave(session, people[4], d(27), d(28), cancelled=True)
    await add_leave(session, people[5], d(27), date(2026, 4, 3))
    leave = {
        3: set(days(d(16), d(17))),
        4: {d(25)},
        5: set(days(d(27), date(2026, 4, 3))),
    }

    clock.now = START
    async with session_factory() as scheduler:
        while clock.now < END:
            await run_tick(scheduler, clock.now)
            clock.advance(minutes=15)

    rows = await outbox_rows(session_factory)
    assert set(Counter(r.kind for r in rows)) == {
        "reminder.daily",
        "reminder.missing",
        "summary.weekly",
    }
    assert max(Counter(r.dedup_key for r in rows).values()) == 1
    assert {r.recipient_id for r in rows} <= {p.id for p in people}

    def due(n: int, day: date) -> bool:
        return day not in reports[n] and day not in leave.get(n, set())

    def zone(n: int) -> str:
        return people[n].timezone or WIB

    def reminder_time(n: int) -> str:
        return (people[n].reminder_time or time(16, 0)).isoformat()

    def first_tick(n: int, day: date, hhmm: str) -> datetime | None:
        """The first tick between `hhmm` and 21:00 local (quiet hours), if any."""
        first = max(START, local(day, hhmm, zone(n)))
        return first if first < min(END, local(day, "21:00", zone(n))) else None

    daily_rows = [r for r in rows if r.kind == "reminder.daily"]
    assert {r.dedup_key for r in daily_rows} == {
        daily(people[n], day)
        for n in reports
        for day in WORKDAYS
        if first_tick(n, day, reminder_time(n)) and due(n, day)
    }
    # Each at the first tick at or after the person's own local reminder time.
    index = {p.id: n for n, p in enumerate(people)}
    for row in daily_rows:
        n = index[row.recipient_id]
        day = date.fromisoformat(row.payload["day"])
        assert row.payload == {"day": day.isoformat()}
        assert row.created_at == first_tick(n, day, reminder_time(n))

    # The morning after a missed workday, for the workday before (13 → 16, 17 → 25, ...);
    # the first tick (09:00 WIT on Monday 16) catches up; on Monday 30 March only WITA and WIT
    # reach 07:30 before the slice ends.
    assert {r.dedup_key for r in rows if r.kind == "reminder.missing"} == {
        missing(people[n], previous)
        for n in reports
        for previous, day in itertools.pairwise(WORKDAYS)
        if first_tick(n, day, "07:30") and due(n, previous) and day not in leave.get(n, set())
    }

    # The last workday of each week: Tuesday 17 (Nyepi and Lebaran follow) and Saturday 28.
    assert {r.dedup_key for r in rows if r.kind == "summary.weekly"} == {
        weekly(p, monday) for p in people for monday in (d(16), d(23))
    }
