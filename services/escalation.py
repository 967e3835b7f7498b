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
    employee = aliased(Employee)
    supervisor = aliased(Employee)
    rows = (
        await session.execute(
            select(
                employee.supervisor_id,
                supervisor.supervisor_id,
                func.count(Activity.id),
                func.min(Activity.submitted_at),
            )
            .join(employee, employee.id == Activity.employee_id)
            .join(supervisor, supervisor.id == employee.supervisor_id)
            .where(
                employee.agency_id == agency.id,
                Activity.status == ActivityStatus.SUBMITTED,
                Activity.deleted_at.is_(None),
                Activity.submitted_at < cutoff,
            )
            .group_by(employee.supervisor_id, supervisor.supervisor_id)
        )
    ).all()
    return [
        Overdue(sup, above, int(count), oldest)
        for sup, above, count, oldest in rows
        if sup is not None
    ]
