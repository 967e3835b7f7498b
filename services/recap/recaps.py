"""Month recaps of one person or many, read from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, LeaveKind
from services.calendar import WorkCalendar, agency_calendar
from services.recap.access import Member, Scope, Viewer, viewer_today
from services.recap.data import DayTotals, day_totals, leave_days
from services.recap.month import (
    MonthRecap,
    build_month,
    calendar_days,
    heatmap_columns,
    weekdays_of,
)
from services.recap.months import Month, require_not_future

PAGE_SIZE = 20  # people per heat-map image (and per caption)


@dataclass(frozen=True)
class MonthContext:
    """The agency's rules for a month as seen by one viewer."""

    agency: Agency
    calendar: WorkCalendar
    month: Month
    today: date

    @property
    def weekdays(self) -> frozenset[int]:
        return weekdays_of(self.agency.workdays)

    def calendar_signature(self) -> tuple[tuple[date, bool, str | None], ...]:
        return tuple(
            (d, self.calendar.is_workday(d), self.calendar.holiday_name(d))
            for d in self.month.days()
        )


async def month_context(
    session: AsyncSession, viewer: Viewer, month: Month, now: datetime
) -> MonthContext:
    """Invalid(Problem.MONTH_FUTURE) for a month after the viewer's current one."""
    today = await viewer_today(session, viewer, now)
    require_not_future(month, today)
    agency = await session.get(Agency, viewer.agency_id)
    assert agency is not None
    return MonthContext(agency, await agency_calendar(session, agency), month, today)


async def month_recaps(
    session: AsyncSession, context: MonthContext, members: tuple[Member, ...]
) -> list[MonthRecap]:
    ids = [m.id for m in members]
    month = context.month
    totals = await day_totals(session, ids, month.start, month.end)
    leaves = await leave_days(session, ids, month.start, month.end)
    by_person: dict[int, dict[date, DayTotals]] = {}
    for (employee_id, day), day_total in totals.items():
        by_person.setdefault(employee_id, {})[day] = day_total
    leave_by_person: dict[int, dict[date, LeaveKind]] = {}
    for (employee_id, day), kind in leaves.items():
        leave_by_person.setdefault(employee_id, {})[day] = kind
    days_of_month = calendar_days(month, context.calendar)
    return [
        build_month(
            member,
            month,
            context.today,
            days_of_month,
            context.agency.daily_target_minutes,
            by_person.get(member.id, {}),
            leave_by_person.get(member.id, {}),
        )
        for member in members
    ]


@dataclass(frozen=True)
class TeamRecap:
    scope: Scope
    month: Month
    today: date
    columns: tuple[date, ...]
    people: tuple[MonthRecap, ...]

    def pages(self, size: int = PAGE_SIZE) -> list[tuple[MonthRecap, ...]]:
        return [self.people[i : i + size] for i in range(0, len(self.people), size)] or [()]

    @property
    def approved_minutes(self) -> int:
        return sum(p.approved_minutes for p in self.people)

    @property
    def compliance_percent(self) -> int | None:
        due = sum(p.due_days for p in self.people)
        return sum(p.reported_days for p in self.people) * 100 // due if due else None


async def team_recap(session: AsyncSession, context: MonthContext, scope: Scope) -> TeamRecap:
    people = await month_recaps(session, context, scope.members)
    columns = heatmap_columns(context.month, context.calendar, context.weekdays)
    return TeamRecap(scope, context.month, context.today, tuple(columns), tuple(people))
