"""What reminder messages say and do: snooze, still-missing checks, the weekly summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Employee, Leave, Notification
from services import outbox
from services.calendar import agency_calendar
from services.errors import Invalid, Problem
from services.leave import active_leaves
from services.localtime import agency_of, employee_today

SNOOZE = timedelta(hours=1)
MAX_SNOOZES = 3


async def still_missing(session: AsyncSession, employee_id: int, day: date) -> bool:
    """True if the employee has no report for `day` and is not on leave then."""
    reported = await session.scalar(
        select(func.count())
        .select_from(Activity)
        .where(
            Activity.employee_id == employee_id,
            Activity.work_date == day,
            Activity.deleted_at.is_(None),
        )
    )
    on_leave = await session.scalar(
        select(func.count())
        .select_from(Leave)
        .where(
            Leave.employee_id == employee_id,
            Leave.cancelled_at.is_(None),
            Leave.start_date <= day,
            Leave.end_date >= day,
        )
    )
    return not reported and not on_leave


async def snooze_reminder(session: AsyncSession, employee: Employee, *, now: datetime) -> datetime:
    """Remind again in an hour (at most MAX_SNOOZES times a day); return when."""
    today = await employee_today(session, employee, now)
    prefix = f"reminder:daily:{employee.id}:{today.isoformat()}:snooze:"
    used = int(
        await session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.dedup_key.like(f"{prefix}%"))
        )
        or 0
    )
    if used >= MAX_SNOOZES:
        raise Invalid(Problem.SNOOZE_LIMIT)
    at = now + SNOOZE
    agency = await agency_of(session, employee)
    zone = ZoneInfo(employee.timezone or agency.timezone)
    if at.astimezone(zone).time() >= agency.quiet_end or at.astimezone(zone).date() != today:
        raise Invalid(Problem.SNOOZE_LATE)  # it would wait for tomorrow and be about yesterday
    await outbox.enqueue(
        session,
        recipient_id=employee.id,
        kind="reminder.daily",
        payload={"day": today.isoformat()},
        dedup_key=f"{prefix}{used + 1}",
        now=now,
        not_before=at,
    )
    await session.commit()
    return at


@dataclass(frozen=True)
class WeekSummary:
    week_start: date
    workdays: int
    days_reported: int
    minutes: int
    approved_share: float  # of reported minutes, 0..1
    streak: int  # consecutive workdays reported, ending today or the last workday


async def weekly_summary(
    session: AsyncSession, employee: Employee, week_start: date, now: datetime
) -> WeekSummary:
    agency = await agency_of(session, employee)
    calendar = await agency_calendar(session, agency)
    today = await employee_today(session, employee, now)
    week_end = min(week_start + timedelta(days=6), today)
    rows = (
        await session.execute(
            select(Activity.work_date, Activity.minutes, Activity.status).where(
                Activity.employee_id == employee.id,
                Activity.deleted_at.is_(None),
                Activity.status != ActivityStatus.REJECTED,
                Activity.work_date >= week_start - timedelta(days=60),
                Activity.work_date <= today,  # the streak runs up to today
            )
        )
    ).all()
    in_week = [r for r in rows if week_start <= r.work_date <= week_end]
    minutes = sum(r.minutes for r in in_week)
    approved = sum(r.minutes for r in in_week if r.status is ActivityStatus.APPROVED)
    days = {r.work_date for r in rows}
    leave_days = {
        leave.start_date + timedelta(days=n)
        for leave in await active_leaves(
            session, employee.id, week_start - timedelta(days=90), today
        )
        for n in range((leave.end_date - leave.start_date).days + 1)
    }
    workdays = sum(  # a leave day is no workday to report
        1
        for n in range((week_end - week_start).days + 1)
        if calendar.is_workday(day := week_start + timedelta(days=n)) and day not in leave_days
    )
    streak = 0
    for day in calendar.workdays_back(today, 60):
        if day in leave_days and day not in days:
            continue  # leave neither breaks nor extends the streak
        if day == today and day not in days:
            continue  # today is not over yet
        if day not in days:
            break
        streak += 1
    return WeekSummary(
        week_start,
        workdays,
        len({d for d in days if week_start <= d <= week_end}),
        minutes,
        approved / minutes if minutes else 0.0,
        streak,
    )
