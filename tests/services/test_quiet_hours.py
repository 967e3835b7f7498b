"""Quiet hours: the sending window [quiet_start, quiet_end) in the recipient's own zone; outside
it the sender postpones rows to the moment the window opens, without counting an attempt."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import NotificationStatus
from services import outbox
from services.outbox import claim_due, next_allowed, postpone
from tests.services.reminder_helpers import (
    WIB,
    WIT,
    WITA,
    ZONES,
    local,
    make_zone_org,
    outbox_rows,
    utc,
)

START, END = time(6, 0), time(21, 0)
MONDAY = date(2026, 3, 2)
TUESDAY = date(2026, 3, 3)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("hhmm", ["06:00", "07:30", "12:00", "16:00", "20:59"])
def test_inside_the_window_sending_is_allowed_now(zone: str, hhmm: str) -> None:
    assert next_allowed(local(MONDAY, hhmm, zone), zone, START, END) is None


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("hhmm", ["00:00", "03:15", "05:59"])
def test_before_the_window_it_opens_at_six_local_the_same_day(zone: str, hhmm: str) -> None:
    assert next_allowed(local(TUESDAY, hhmm, zone), zone, START, END) == local(
        TUESDAY, "06:00", zone
    )


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("hhmm", ["21:00", "22:30", "23:59"])
def test_after_the_window_it_opens_at_six_local_the_next_day(zone: str, hhmm: str) -> None:
    assert next_allowed(local(MONDAY, hhmm, zone), zone, START, END) == local(
        TUESDAY, "06:00", zone
    )


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # 22:30 UTC Monday is Tuesday 05:30 WIB, 06:30 WITA, 07:30 WIT.
        (WIB, utc(2026, 3, 2, 23, 0)),
        (WITA, None),
        (WIT, None),
    ],
)
def test_one_instant_is_quiet_in_one_zone_and_not_in_another(
    zone: str, expected: datetime | None
) -> None:
    assert next_allowed(utc(2026, 3, 2, 22, 30), zone, START, END) == expected


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        (utc(2026, 3, 2, 14, 0), WIB, utc(2026, 3, 2, 23, 0)),  # 21:00 WIB → 06:00 WIB
        (utc(2026, 3, 2, 13, 0), WITA, utc(2026, 3, 2, 22, 0)),  # 21:00 WITA → 06:00 WITA
        (utc(2026, 3, 2, 12, 0), WIT, utc(2026, 3, 2, 21, 0)),  # 21:00 WIT → 06:00 WIT
        (utc(2026, 3, 2, 20, 59), WIT, utc(2026, 3, 2, 21, 0)),  # 05:59 WIT
    ],
)
def test_the_answer_is_in_utc_like_the_question(
    now: datetime, zone: str, expected: datetime
) -> None:
    opens = next_allowed(now, zone, START, END)
    assert opens == expected
    assert opens is not None
    assert opens.utcoffset() == timedelta(0)


def test_a_custom_window_and_the_turn_of_the_year() -> None:
    zone = WITA
    new_year_eve = local(date(2026, 12, 31), "19:00", zone)
    assert next_allowed(new_year_eve, zone, time(7, 0), time(19, 0)) == local(
        date(2027, 1, 1), "07:00", zone
    )
    assert next_allowed(new_year_eve - timedelta(minutes=1), zone, time(7, 0), time(19, 0)) is None


async def test_postponing_a_claimed_batch_waits_without_spending_an_attempt(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_zone_org(session, utc(2026, 2, 1))
    now = local(MONDAY, "22:00", WIB)
    await outbox.enqueue(
        session,
        recipient_id=org.wib.id,
        kind="reminder.daily",
        payload={"day": "2026-03-02"},
        dedup_key="late",
        now=now,
    )
    await session.commit()

    [batch] = await claim_due(session, now, timedelta(minutes=5))
    opens = next_allowed(now, WIB, org.agency.quiet_start, org.agency.quiet_end)
    assert opens == local(TUESDAY, "06:00", WIB)
    postpone(batch, opens)
    await session.commit()

    [row] = await outbox_rows(session_factory)
    assert (row.status, row.attempts, row.next_attempt_at, row.leased_until) == (
        NotificationStatus.PENDING,
        0,
        opens,
        None,
    )
    assert await claim_due(session, opens - timedelta(seconds=1), timedelta(minutes=5)) == []
    [again] = await claim_due(session, opens, timedelta(minutes=5))
    assert [r.dedup_key for r in again.rows] == ["late"]
    assert opens.astimezone(UTC) == utc(2026, 3, 2, 23, 0)
