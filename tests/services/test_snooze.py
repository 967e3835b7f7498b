"""Snooze ("remind me in an hour"): a new reminder.daily an hour later with its own dedup key,
at most three times a local day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import NotificationStatus
from services.errors import Invalid
from services.nudges import MAX_SNOOZES, snooze_reminder
from tests.services.reminder_helpers import (
    WIB,
    WIT,
    daily,
    local,
    make_zone_org,
    outbox_rows,
    tick,
    utc,
)

MONDAY = date(2026, 3, 2)


def snoozed(employee_id: int, day: date, n: int) -> str:
    return f"reminder:daily:{employee_id}:{day.isoformat()}:snooze:{n}"


async def test_snooze_enqueues_a_reminder_one_hour_later(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    now = local(MONDAY, "16:05", WIB)

    at = await snooze_reminder(session, org.wib, now=now)

    assert at == now + timedelta(hours=1)
    [row] = await outbox_rows(session_factory)
    assert (row.recipient_id, row.kind, row.dedup_key, row.payload) == (
        org.wib.id,
        "reminder.daily",
        snoozed(org.wib.id, MONDAY, 1),
        {"day": "2026-03-02"},
    )
    assert (row.status, row.created_at, row.next_attempt_at) == (
        NotificationStatus.PENDING,
        now,
        at,
    )


async def test_three_snoozes_a_day_then_invalid_input_and_nothing_more(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    await tick(session_factory, local(MONDAY, "16:00", WIB))  # the day's own reminder
    now = local(MONDAY, "16:01", WIB)
    times = []
    for _ in range(MAX_SNOOZES):
        times.append(await snooze_reminder(session, org.wib, now=now))
        now += timedelta(hours=1)

    with pytest.raises(Invalid):
        await snooze_reminder(session, org.wib, now=now)

    rows = [
        r
        for r in await outbox_rows(session_factory, "reminder.daily")
        if r.recipient_id == org.wib.id
    ]
    assert [(r.dedup_key, r.next_attempt_at) for r in rows] == [
        (daily(org.wib, MONDAY), local(MONDAY, "16:00", WIB)),
        *((snoozed(org.wib.id, MONDAY, n + 1), times[n]) for n in range(3)),
    ]
    assert times == [local(MONDAY, f"{h}:01", WIB) for h in (17, 18, 19)]


async def test_the_limit_is_per_employee_and_per_local_day(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    monday = local(MONDAY, "16:00", WIT)
    for _ in range(MAX_SNOOZES):
        await snooze_reminder(session, org.wit, now=monday)
    with pytest.raises(Invalid):
        await snooze_reminder(session, org.wit, now=monday)

    # A colleague is not limited by it, nor is the same person the next local day, which in
    # Jayapura starts at 15:00 UTC.
    await snooze_reminder(session, org.wib, now=monday)
    await snooze_reminder(session, org.wit, now=utc(2026, 3, 2, 15, 0))

    keys = [r.dedup_key for r in await outbox_rows(session_factory)]
    assert keys[MAX_SNOOZES:] == [
        snoozed(org.wib.id, MONDAY, 1),
        snoozed(org.wit.id, date(2026, 3, 3), 1),
    ]


async def test_a_snooze_never_lands_in_quiet_hours(session: AsyncSession) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    now = local(MONDAY, "20:30", WIB)

    try:
        at = await snooze_reminder(session, org.wib, now=now)
    except Invalid:
        return  # refusing is fine too
    assert at < local(MONDAY, "21:00", WIB)
