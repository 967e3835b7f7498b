"""Verifications overdue by the agency's number of workdays, per supervisor, for escalation
to the supervisor's own supervisor ("atasan lalai", DOMAIN §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models import Activity, ActivityStatus, Agency, Employee
from services.calendar import WorkCalendar, agency_calendar
from services.localtime import local_today
from services.postings import verifier_sql


@dataclass(frozen=True)
class Overdue:
    supervisor_id: int
    escalate_to_id: int | None
    count: int
    oldest_submitted: datetime


def overdue_cutoff(agency: Agency, calendar: WorkCalendar, today: date) -> date:
    """Reports submitted on or before this local date have waited `escalation_workdays`
    workdays (counted like /verifikasi: workdays after the submission day up to today)."""
    return calendar.workdays_back(today, agency.escalation_workdays)[-1]


async def overdue_verifications(
    session: AsyncSession, agency: Agency, now: datetime
) -> list[Overdue]:
    calendar = await agency_calendar(session, agency)
    cutoff_day = overdue_cutoff(agency, calendar, local_today(now, agency.timezone))
    cutoff = datetime.combine(cutoff_day + timedelta(days=1), time(0), ZoneInfo(agency.timezone))
    # Each report waits for whoever verifies its day (services/postings.py).
    verifier = verifier_sql(Activity.employee_id, Activity.work_date, Employee.supervisor_id)
    waiting = (
        select(
            verifier.label("supervisor_id"),
            Activity.id.label("activity_id"),
            Activity.submitted_at.label("submitted_at"),
        )
        .join(Employee, Employee.id == Activity.employee_id)
        .where(
            Employee.agency_id == agency.id,
            Activity.status == ActivityStatus.SUBMITTED,
            Activity.deleted_at.is_(None),
            Activity.submitted_at < cutoff,
        )
        .subquery()
    )
    supervisor = aliased(Employee)
    rows = (
        await session.execute(
            select(
                waiting.c.supervisor_id,
                supervisor.supervisor_id,
                func.count(waiting.c.activity_id),
                func.min(waiting.c.submitted_at),
            )
            .join(supervisor, supervisor.id == waiting.c.supervisor_id)
            .group_by(waiting.c.supervisor_id, supervisor.supervisor_id)
        )
    ).all()
    return [
        Overdue(sup, above, int(count), oldest)
        for sup, above, count, oldest in rows
        if sup is not None
    ]
