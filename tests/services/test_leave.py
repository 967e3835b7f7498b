"""Leave, sick leave and official travel: declare, cancel, list what is coming."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Leave, LeaveKind, NotificationStatus
from services.errors import Invalid, NotFound
from services.leave import (
    MAX_NOTE,
    MAX_PAST_DAYS,
    MAX_SPAN_DAYS,
    active_leaves,
    cancel_leave,
    declare_leave,
    upcoming_leaves,
)
from tests.conftest import FrozenClock
from tests.services.report_helpers import audits, db_rows, make_org, notifications

TODAY = date(2026, 3, 2)


async def test_declare_stores_leave_audit_and_tells_the_supervisor(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    leave = await declare_leave(
        session,
        org.staff,
        LeaveKind.SICK,
        date(2026, 3, 3),
        date(2026, 3, 5),
        "  Demam,   surat dokter menyusul ",
        now=clock(),
    )

    async with session_factory() as s:
        stored = await s.get(Leave, leave.id)
    assert stored is not None
    assert stored.employee_id == org.staff.id
    assert stored.kind is LeaveKind.SICK
    assert (stored.start_date, stored.end_date) == (date(2026, 3, 3), date(2026, 3, 5))
    assert stored.note == "Demam, surat dokter menyusul"
    assert stored.created_at == clock()
    assert stored.cancelled_at is None

    [row] = await audits(session_factory)
    assert (row.action, row.entity, row.entity_id, row.actor_id) == (
        "leave.declare",
        "leave",
        leave.id,
        org.staff.id,
    )
    assert row.after == {
        "kind": "sakit",
        "start_date": "2026-03-03",
        "end_date": "2026-03-05",
        "note": "Demam, surat dokter menyusul",
    }

    [note] = await notifications(session_factory)
    assert (note.kind, note.recipient_id, note.status) == (
        "leave.declared",
        org.boss.id,
        NotificationStatus.PENDING,
    )
    assert note.payload == {"leave_id": leave.id, "employee_id": org.staff.id}
    assert note.dedup_key == f"leave:{leave.id}:declared"


async def test_declare_without_supervisor_queues_nothing(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), staff_has_supervisor=False)
    leave = await declare_leave(
        session, org.staff, LeaveKind.LEAVE, TODAY, TODAY, None, now=clock()
    )
    assert leave.note is None
    assert [a.action for a in await audits(session_factory)] == ["leave.declare"]
    assert await notifications(session_factory) == []


@pytest.mark.parametrize(
    ("start", "end", "note", "code"),
    [
        (date(2026, 3, 5), date(2026, 3, 4), None, "leave_order"),
        (TODAY, TODAY + timedelta(days=MAX_SPAN_DAYS), None, "leave_too_long"),
        (TODAY - timedelta(days=MAX_PAST_DAYS + 1), TODAY, None, "leave_too_old"),
        (TODAY, TODAY, "x" * (MAX_NOTE + 1), "note_too_long"),
    ],
    ids=["order", "too-long", "too-old", "note"],
)
async def test_invalid_leave_is_refused_and_nothing_is_stored(
    start: date,
    end: date,
    note: str | None,
    code: str,
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    org = await make_org(session, clock())
    before = await db_rows(session_factory)
    with pytest.raises(Invalid) as caught:
        await declare_leave(session, org.staff, LeaveKind.LEAVE, start, end, note, now=clock())
    assert caught.value.code == code
    await session.commit()
    assert await db_rows(session_factory) == before


async def test_limits_are_inclusive(session: AsyncSession, clock: FrozenClock) -> None:
    org = await make_org(session, clock())
    longest = await declare_leave(
        session,
        org.staff,
        LeaveKind.OFFICIAL_TRAVEL,
        TODAY,
        TODAY + timedelta(days=MAX_SPAN_DAYS - 1),
        "  " + "x" * MAX_NOTE + "  ",
        now=clock(),
    )
    assert longest.note == "x" * MAX_NOTE
    oldest = TODAY - timedelta(days=MAX_PAST_DAYS)
    await declare_leave(session, org.other, LeaveKind.SICK, oldest, oldest, None, now=clock())
    assert len(await active_leaves(session, org.other.id, oldest, oldest)) == 1


async def test_too_old_is_judged_in_the_employees_zone(
    session: AsyncSession, clock: FrozenClock
) -> None:
    clock.now = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)  # 2 Mar WIB, already 3 Mar in WIT
    org = await make_org(session, clock(), staff_timezone="Asia/Jayapura")
    day = date(2026, 1, 31)  # 31 days before 3 Mar (too old), 30 before 2 Mar (allowed)
    with pytest.raises(Invalid) as caught:
        await declare_leave(session, org.staff, LeaveKind.SICK, day, day, None, now=clock())
    assert caught.value.code == "leave_too_old"
    await declare_leave(session, org.other, LeaveKind.SICK, day, day, None, now=clock())


async def test_overlapping_leave_is_refused_with_the_existing_dates(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    await declare_leave(
        session, org.staff, LeaveKind.LEAVE, date(2026, 3, 9), date(2026, 3, 13), None, now=clock()
    )
    before = await db_rows(session_factory)

    for start, end in [
        (date(2026, 3, 13), date(2026, 3, 16)),  # shares the last day
        (date(2026, 3, 5), date(2026, 3, 9)),  # shares the first day
        (date(2026, 3, 10), date(2026, 3, 10)),  # inside
        (date(2026, 3, 2), date(2026, 3, 31)),  # around
    ]:
        with pytest.raises(Invalid) as caught:
            await declare_leave(session, org.staff, LeaveKind.SICK, start, end, None, now=clock())
        assert caught.value.code == "leave_overlap"
        assert caught.value.params == {"start": "2026-03-09", "end": "2026-03-13"}

    await session.commit()
    assert await db_rows(session_factory) == before
    # Adjacent days and other employees are fine.
    await declare_leave(
        session, org.staff, LeaveKind.SICK, date(2026, 3, 14), date(2026, 3, 14), None, now=clock()
    )
    await declare_leave(
        session, org.other, LeaveKind.SICK, date(2026, 3, 10), date(2026, 3, 10), None, now=clock()
    )


async def test_cancel_frees_the_dates(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    leave = await declare_leave(
        session, org.staff, LeaveKind.LEAVE, date(2026, 3, 9), date(2026, 3, 13), None, now=clock()
    )
    clock.advance(hours=1)

    cancelled = await cancel_leave(session, org.staff, leave.id, now=clock())

    assert cancelled.cancelled_at == clock()
    async with session_factory() as s:
        stored = await s.get(Leave, leave.id)
    assert stored is not None
    assert stored.cancelled_at == clock()
    last = (await audits(session_factory))[-1]
    assert (last.action, last.entity_id, last.actor_id) == ("leave.cancel", leave.id, org.staff.id)
    assert last.before is not None
    assert last.before["start_date"] == "2026-03-09"

    again = await declare_leave(
        session, org.staff, LeaveKind.SICK, date(2026, 3, 10), date(2026, 3, 11), None, now=clock()
    )
    assert [x.id for x in await active_leaves(session, org.staff.id, TODAY, date(2026, 3, 31))] == [
        again.id
    ]


async def test_cancel_by_another_employee_or_twice_is_not_found(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    leave = await declare_leave(
        session, org.staff, LeaveKind.LEAVE, date(2026, 3, 9), date(2026, 3, 9), None, now=clock()
    )
    before = await db_rows(session_factory)
    with pytest.raises(NotFound):
        await cancel_leave(session, org.other, leave.id, now=clock())
    with pytest.raises(NotFound):
        await cancel_leave(session, org.boss, leave.id, now=clock())
    with pytest.raises(NotFound):
        await cancel_leave(session, org.staff, 999_999, now=clock())
    await session.commit()
    assert await db_rows(session_factory) == before

    await cancel_leave(session, org.staff, leave.id, now=clock())
    with pytest.raises(NotFound):
        await cancel_leave(session, org.staff, leave.id, now=clock())


async def test_upcoming_leaves_are_current_and_future_ones_in_date_order(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock())

    async def declare(start: date, end: date, who: str = "staff") -> int:
        leave = await declare_leave(
            session, getattr(org, who), LeaveKind.LEAVE, start, end, None, now=clock()
        )
        return leave.id

    await declare(date(2026, 2, 20), date(2026, 2, 27))  # over
    ongoing = await declare(date(2026, 2, 28), date(2026, 3, 2))  # ends today
    later = await declare(date(2026, 4, 6), date(2026, 4, 10))
    soon = await declare(date(2026, 3, 10), date(2026, 3, 11))
    cancelled = await declare(date(2026, 3, 20), date(2026, 3, 20))
    await cancel_leave(session, org.staff, cancelled, now=clock())
    await declare(date(2026, 3, 5), date(2026, 3, 5), who="other")

    upcoming = await upcoming_leaves(session, org.staff, clock())

    assert [x.id for x in upcoming] == [ongoing, soon, later]


async def test_upcoming_leaves_use_the_employees_today(
    session: AsyncSession, clock: FrozenClock
) -> None:
    clock.now = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)  # 2 Mar WIB, 3 Mar WIT
    org = await make_org(session, clock(), staff_timezone="Asia/Jayapura")
    for who in ("staff", "other"):
        await declare_leave(
            session, getattr(org, who), LeaveKind.SICK, TODAY, TODAY, None, now=clock()
        )
    assert await upcoming_leaves(session, org.staff, clock()) == []
    assert len(await upcoming_leaves(session, org.other, clock())) == 1
