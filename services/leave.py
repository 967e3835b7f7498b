"""Leave, sick leave and official travel (DOMAIN §8): excused days, visible to the assessor."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Leave, LeaveKind
from services import audit, outbox
from services.audit import Actor
from services.calendar import agency_calendar
from services.errors import Invalid, NotFound, Problem
from services.localtime import agency_of, employee_zone, local_today
from services.text import one_line

MAX_SPAN_DAYS = 90
MAX_PAST_DAYS = 30
MAX_NOTE = 500


def _snapshot(leave: Leave) -> dict[str, str | None]:
    return {
        "kind": str(leave.kind),
        "start_date": leave.start_date.isoformat(),
        "end_date": leave.end_date.isoformat(),
        "note": leave.note,
    }


async def active_leaves(
    session: AsyncSession, employee_id: int, start: date, end: date
) -> list[Leave]:
    """Leaves of the employee that touch [start, end]."""
    return list(
        (
            await session.scalars(
                select(Leave)
                .where(
                    Leave.employee_id == employee_id,
                    Leave.cancelled_at.is_(None),
                    Leave.start_date <= end,
                    Leave.end_date >= start,
                )
                .order_by(Leave.start_date)
            )
        ).all()
    )


def check_range(start: date, end: date, today: date) -> None:
    if end < start:
        raise Invalid(Problem.LEAVE_ORDER)
    if (end - start).days + 1 > MAX_SPAN_DAYS:
        raise Invalid(Problem.LEAVE_TOO_LONG, limit=MAX_SPAN_DAYS)
    if start < today - timedelta(days=MAX_PAST_DAYS):
        raise Invalid(Problem.LEAVE_TOO_OLD, limit=MAX_PAST_DAYS)


async def workdays_in(session: AsyncSession, employee: Employee, start: date, end: date) -> int:
    """How many of the days from `start` to `end` are workdays of the person's agency (what a
    leave really costs: weekends, holidays and cuti bersama are not counted)."""
    calendar = await agency_calendar(session, await agency_of(session, employee))
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return sum(calendar.is_workday(day) for day in days)


async def declare_leave(
    session: AsyncSession,
    employee: Employee,
    kind: LeaveKind,
    start: date,
    end: date,
    note: str | None,
    *,
    now: datetime,
) -> Leave:
    agency = await agency_of(session, employee)
    check_range(start, end, local_today(now, employee_zone(employee, agency)))
    note = one_line(note) if note else None
    if note and len(note) > MAX_NOTE:
        raise Invalid(Problem.NOTE_TOO_LONG, limit=MAX_NOTE)
    clash = await active_leaves(session, employee.id, start, end)
    if clash:
        raise Invalid(
            Problem.LEAVE_OVERLAP,
            start=clash[0].start_date.isoformat(),
            end=clash[0].end_date.isoformat(),
        )
    leave = Leave(
        employee_id=employee.id,
        kind=kind,
        start_date=start,
        end_date=end,
        note=note,
        created_at=now,
    )
    session.add(leave)
    await session.flush()
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="leave.declare",
        entity="leave",
        entity_id=leave.id,
        after=_snapshot(leave),
    )
    if employee.supervisor_id is not None:
        await outbox.enqueue(
            session,
            recipient_id=employee.supervisor_id,
            kind="leave.declared",
            payload={"leave_id": leave.id, "employee_id": employee.id},
            dedup_key=f"leave:{leave.id}:declared",
            now=now,
        )
    await session.commit()
    return leave


async def cancel_leave(
    session: AsyncSession, employee: Employee, leave_id: int, *, now: datetime
) -> Leave:
    leave = await session.get(Leave, leave_id)
    if leave is None or leave.employee_id != employee.id or leave.cancelled_at is not None:
        raise NotFound("leave")
    leave.cancelled_at = now
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="leave.cancel",
        entity="leave",
        entity_id=leave.id,
        before=_snapshot(leave),
    )
    await session.commit()
    return leave


async def upcoming_leaves(session: AsyncSession, employee: Employee, now: datetime) -> list[Leave]:
    agency = await agency_of(session, employee)
    today = local_today(now, employee_zone(employee, agency))
    return await active_leaves(session, employee.id, today, date.max)
