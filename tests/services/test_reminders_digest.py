"""The supervisor's morning digest of reports waiting for verification, and the escalation of
long-unverified reports to the supervisor's own supervisor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus, Agency, Employee
from tests.factories import make_agency, make_employee, make_unit
from tests.services.reminder_helpers import (
    WIB,
    WITA,
    add_activity,
    dedup_keys,
    local,
    outbox_rows,
    tick,
    utc,
)

WEDNESDAY = date(2026, 3, 4)


@dataclass
class Chain:
    """head ── boss ── staff, staff2;  head ── idle_boss ── staff3"""

    agency: Agency
    head: Employee
    boss: Employee
    staff: Employee
    staff2: Employee
    idle_boss: Employee
    staff3: Employee


async def make_chain(
    session: AsyncSession, *, boss_zone: str | None = None, **agency_columns: object
) -> Chain:
    now = utc(2026, 2, 1)
    agency = await make_agency(session, now, **agency_columns)
    unit = await make_unit(session, agency)
    head = await make_employee(session, agency, unit, 1, now, telegram_user_id=1)
    boss = await make_employee(
        session, agency, unit, 2, now, telegram_user_id=2, supervisor=head, timezone=boss_zone
    )
    staff = await make_employee(session, agency, unit, 3, now, telegram_user_id=3, supervisor=boss)
    staff2 = await make_employee(session, agency, unit, 4, now, supervisor=boss)
    idle = await make_employee(session, agency, unit, 5, now, telegram_user_id=5, supervisor=head)
    staff3 = await make_employee(session, agency, unit, 6, now, telegram_user_id=6, supervisor=idle)
    await session.commit()
    return Chain(agency, head, boss, staff, staff2, idle, staff3)


async def test_the_digest_goes_to_supervisors_with_pending_reports_only(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    c = await make_chain(session)
    await add_activity(session, c.staff, date(2026, 3, 2), status=ActivityStatus.SUBMITTED)
    await add_activity(session, c.staff, date(2026, 3, 3), status=ActivityStatus.SUBMITTED)
    await add_activity(session, c.staff, date(2026, 3, 3), status=ActivityStatus.APPROVED)
    await add_activity(
        session, c.staff2, date(2026, 3, 3), status=ActivityStatus.SUBMITTED, deleted=True
    )
    await add_activity(session, c.staff2, date(2026, 3, 3), status=ActivityStatus.REVISION)
    await add_activity(session, c.staff3, date(2026, 3, 3), status=ActivityStatus.APPROVED)
    await add_activity(session, c.staff3, date(2026, 3, 2), status=ActivityStatus.REJECTED)
    await add_activity(session, c.boss, date(2026, 3, 3), status=ActivityStatus.APPROVED)

    await tick(session_factory, local(WEDNESDAY, "07:59", WIB))
    assert await outbox_rows(session_factory, "digest.pending") == []
    counts = await tick(session_factory, local(WEDNESDAY, "08:00", WIB))
    again = await tick(session_factory, local(WEDNESDAY, "12:00", WIB))

    rows = await outbox_rows(session_factory, "digest.pending")
    assert [(r.recipient_id, r.dedup_key, r.payload) for r in rows] == [
        (c.boss.id, f"digest:{c.boss.id}:2026-03-04", {"count": 2})
    ]
    assert (counts["digest.pending"], again["digest.pending"]) == (1, 0)


async def test_the_digest_comes_again_the_next_workday_while_reports_wait(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    c = await make_chain(session)
    first = await add_activity(session, c.staff, date(2026, 3, 3), status=ActivityStatus.SUBMITTED)
    await tick(session_factory, local(WEDNESDAY, "08:00", WIB))
    await add_activity(session, c.staff, WEDNESDAY, status=ActivityStatus.SUBMITTED)

    await tick(session_factory, local(date(2026, 3, 5), "08:00", WIB))
    first.status = ActivityStatus.APPROVED
    await session.commit()
    await tick(session_factory, local(date(2026, 3, 6), "08:00", WIB))
    await tick(session_factory, local(date(2026, 3, 7), "08:00", WIB))  # Saturday

    rows = await outbox_rows(session_factory, "digest.pending")
    assert [(r.dedup_key, r.payload["count"]) for r in rows] == [
        (f"digest:{c.boss.id}:2026-03-04", 1),
        (f"digest:{c.boss.id}:2026-03-05", 2),
        (f"digest:{c.boss.id}:2026-03-06", 1),
    ]


@pytest.mark.parametrize(
    "day",
    [date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 20), date(2026, 3, 24)],
)
async def test_no_digest_on_days_off(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], day: date
) -> None:
    c = await make_chain(session)
    await add_activity(session, c.staff, date(2026, 3, 2), status=ActivityStatus.SUBMITTED)

    await tick(session_factory, local(day, "09:00", WIB))

    assert await outbox_rows(session_factory, "digest.pending") == []


async def test_the_digest_time_is_local_to_the_supervisor(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    c = await make_chain(session, boss_zone=WITA, digest_time=time(9, 0))
    await add_activity(session, c.staff, date(2026, 3, 3), status=ActivityStatus.SUBMITTED)

    await tick(session_factory, local(WEDNESDAY, "08:59", WITA))
    assert await outbox_rows(session_factory, "digest.pending") == []
    await tick(session_factory, local(WEDNESDAY, "09:00", WITA))  # 08:00 WIB

    assert await dedup_keys(session_factory, "digest.pending") == [f"digest:{c.boss.id}:2026-03-04"]


async def test_no_digest_for_an_unreachable_supervisor(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    c = await make_chain(session)
    c.boss.unreachable_since = utc(2026, 3, 1)
    await session.commit()
    await add_activity(session, c.staff, date(2026, 3, 3), status=ActivityStatus.SUBMITTED)

    await tick(session_factory, local(WEDNESDAY, "09:00", WIB))

    assert await outbox_rows(session_factory, "digest.pending") == []


# --- escalation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "quiet_until", "escalated_on"),
    [
        # Counted like /verifikasi: the workdays after the submission day, up to today.
        # Friday 27 Feb: Mon 2, Tue 3, Wed 4 March.
        (local(date(2026, 2, 27), "10:00", WIB), date(2026, 3, 3), date(2026, 3, 4)),
        # Monday 2 March just before midnight WIB (16:59 UTC): Tue 3, Wed 4, Thu 5.
        (local(date(2026, 3, 2), "23:59", WIB), date(2026, 3, 4), date(2026, 3, 5)),
        # Tuesday 17 March, before Nyepi and Lebaran: 25, 26, 27 March.
        (local(date(2026, 3, 17), "10:00", WIB), date(2026, 3, 26), date(2026, 3, 27)),
        # Wednesday 1 April: Thursday 2, (Good Friday,) Monday 6, Tuesday 7.
        (local(date(2026, 4, 1), "10:00", WIB), date(2026, 4, 6), date(2026, 4, 7)),
    ],
)
async def test_a_report_unverified_for_three_workdays_is_escalated_to_the_next_level(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    submitted: datetime,
    quiet_until: date,
    escalated_on: date,
) -> None:
    c = await make_chain(session)
    await add_activity(
        session,
        c.staff,
        submitted.astimezone(ZoneInfo(WIB)).date(),
        status=ActivityStatus.SUBMITTED,
        submitted_at=submitted,
    )

    await tick(session_factory, local(quiet_until, "12:00", WIB))
    assert await outbox_rows(session_factory, "escalation.overdue") == []
    await tick(session_factory, local(escalated_on, "07:59", WIB))
    assert await outbox_rows(session_factory, "escalation.overdue") == []
    await tick(session_factory, local(escalated_on, "08:00", WIB))
    await tick(session_factory, local(escalated_on, "10:00", WIB))

    rows = await outbox_rows(session_factory, "escalation.overdue")
    day = escalated_on.isoformat()
    assert [(r.recipient_id, r.dedup_key, r.group_key, r.payload) for r in rows] == [
        (
            c.head.id,
            f"escalation:{c.boss.id}:{day}",
            f"escalation:{day}",
            {"supervisor_id": c.boss.id, "count": 1},
        )
    ]


async def test_escalation_counts_only_overdue_submitted_reports(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    c = await make_chain(session, escalation_workdays=2)
    old = local(date(2026, 2, 26), "10:00", WIB)
    for status in (
        ActivityStatus.SUBMITTED,
        ActivityStatus.SUBMITTED,
        ActivityStatus.APPROVED,
        ActivityStatus.REVISION,
        ActivityStatus.REJECTED,
    ):
        await add_activity(session, c.staff, date(2026, 2, 26), status=status, submitted_at=old)
    await add_activity(
        session,
        c.staff2,
        date(2026, 2, 26),
        status=ActivityStatus.SUBMITTED,
        submitted_at=old,
        deleted=True,
    )
    await add_activity(  # recent: not overdue yet
        session, c.staff2, date(2026, 3, 3), status=ActivityStatus.SUBMITTED
    )
    await add_activity(  # the idle boss's staff: approved long ago
        session, c.staff3, date(2026, 2, 26), status=ActivityStatus.APPROVED, submitted_at=old
    )

    await tick(session_factory, local(WEDNESDAY, "08:00", WIB))

    rows = await outbox_rows(session_factory, "escalation.overdue")
    assert [(r.recipient_id, r.payload) for r in rows] == [
        (c.head.id, {"supervisor_id": c.boss.id, "count": 2})
    ]


async def test_no_escalation_to_an_unreachable_or_missing_next_level(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    c = await make_chain(session)
    old = local(date(2026, 2, 20), "10:00", WIB)
    await add_activity(
        session, c.staff, date(2026, 2, 20), status=ActivityStatus.SUBMITTED, submitted_at=old
    )
    # The boss's own report waits for the head, who has nobody above.
    await add_activity(
        session, c.boss, date(2026, 2, 20), status=ActivityStatus.SUBMITTED, submitted_at=old
    )
    c.head.telegram_chat_id = None
    await session.commit()

    await tick(session_factory, local(WEDNESDAY, "09:00", WIB))

    assert await outbox_rows(session_factory, "escalation.overdue") == []
    # The digests still go to both supervisors.
    assert await dedup_keys(session_factory, "digest.pending") == [f"digest:{c.boss.id}:2026-03-04"]
