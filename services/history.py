"""An employee's activities over a date range, newest first, in pages."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Employee
from services.audit import record_read
from services.dateparse import parse_day
from services.errors import Invalid, Problem
from services.recap.months import Month

PAGE_SIZE = 5


@dataclass(frozen=True)
class HistoryPage:
    items: list[Activity]
    page: int
    pages: int
    total: int
    total_minutes: int  # rejected work does not count, as in the day summary


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday around `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


async def history_page(
    session: AsyncSession,
    employee: Employee,
    start: date,
    end: date,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    *,
    viewer: Employee | None = None,
    now: datetime | None = None,
) -> HistoryPage:
    """`viewer` (with `now`) is who looks when it is not the employee: the look is audited."""
    if viewer is not None and now is not None:
        await record_read(session, viewer, employee.id, "history", now)
    where = (
        Activity.employee_id == employee.id,
        Activity.deleted_at.is_(None),
        Activity.work_date >= start,
        Activity.work_date <= end,
    )
    counted_minutes = case((Activity.status == ActivityStatus.REJECTED, 0), else_=Activity.minutes)
    total, minutes = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(counted_minutes), 0)).where(*where)
        )
    ).one()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    items = (
        await session.scalars(
            select(Activity)
            .where(*where)
            .order_by(
                Activity.work_date.desc(),
                Activity.start_time.desc().nulls_last(),
                Activity.id.desc(),
            )
            .offset(page * page_size)
            .limit(page_size)
        )
    ).all()
    return HistoryPage(list(items), page, pages, int(total), int(minutes))


# --- The month view: one line per reported day, bounded to the months the person has data in.


@dataclass(frozen=True)
class DaySummary:
    day: date
    activities: int
    minutes: int  # rejected work does not count
    approved: int
    pending: int  # submitted, waiting for the supervisor
    returned: int  # sent back for revision or rejected


@dataclass(frozen=True)
class MonthSummary:
    month: Month
    days: list[DaySummary]  # only days with activities, oldest first
    earliest: Month  # the first month the person can page back to
    latest: Month  # this month

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.days)

    @property
    def previous(self) -> Month | None:
        return self.month.previous() if self.month > self.earliest else None

    @property
    def next(self) -> Month | None:
        return self.month.next() if self.month < self.latest else None


async def history_bounds(session: AsyncSession, employee: Employee, today: date) -> Month:
    """The first month of the person's history: their link (or, unlinked, creation) date, or
    their first activity if they reported a day before that (a backdated report)."""
    first = await session.scalar(
        select(func.min(Activity.work_date)).where(
            Activity.employee_id == employee.id, Activity.deleted_at.is_(None)
        )
    )
    joined = (employee.linked_at or employee.created_at).date()
    return Month.of(min(joined, first or joined, today))


def check_in_history(day: date, earliest: Month, today: date) -> None:
    """Invalid unless `day` (or the month it starts) lies between the first month of the
    history and today."""
    if day > today:
        raise Invalid(Problem.HISTORY_FUTURE)
    if Month.of(day) < earliest:
        raise Invalid(Problem.HISTORY_BEFORE_START, month=f"{earliest.month:02d}/{earliest.year}")


async def month_summary(
    session: AsyncSession, employee: Employee, month: Month, today: date
) -> MonthSummary:
    earliest = await history_bounds(session, employee, today)
    check_in_history(month.start, earliest, today)
    status = Activity.status
    rows = (
        await session.execute(
            select(
                Activity.work_date,
                func.count(),
                func.coalesce(
                    func.sum(case((status == ActivityStatus.REJECTED, 0), else_=Activity.minutes)),
                    0,
                ),
                func.sum(case((status == ActivityStatus.APPROVED, 1), else_=0)),
                func.sum(case((status == ActivityStatus.SUBMITTED, 1), else_=0)),
            )
            .where(
                Activity.employee_id == employee.id,
                Activity.deleted_at.is_(None),
                Activity.work_date >= month.start,
                Activity.work_date <= month.end,
            )
            .group_by(Activity.work_date)
            .order_by(Activity.work_date)
        )
    ).all()
    days = [
        DaySummary(
            day=day,
            activities=int(n),
            minutes=int(minutes),
            approved=int(approved),
            pending=int(pending),
            returned=int(n) - int(approved) - int(pending),
        )
        for day, n, minutes, approved, pending in rows
    ]
    return MonthSummary(month, days, earliest, Month.of(today))


_MONTH = re.compile(r"^\s*(?:(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{4})-(\d{1,2}))\s*$")
_MONTH_WORDS = ("bulan", "bulan ini", "month", "this month")
_WEEK_WORDS = ("pekan", "pekan ini", "minggu ini", "week", "this week")


@dataclass(frozen=True)
class HistoryAsk:
    """What `/riwayat <text>` asks for: a day, a week (anchored on a day) or a month."""

    day: date
    scope: str  # day | week | month


def parse_history_ask(text: str, today: date) -> HistoryAsk:
    """`11/2026`, `2026-11`, `bulan` → that month; `pekan` → this week; any date `parse_day`
    reads (`30/11`, `kemarin`, `senin`) → that day. Invalid otherwise."""
    words = " ".join(text.lower().split())
    if words in _MONTH_WORDS:
        return HistoryAsk(today.replace(day=1), "month")
    if words in _WEEK_WORDS:
        return HistoryAsk(today, "week")
    match = _MONTH.match(text)
    if match:
        month_text, year_text = match.group(1) or match.group(4), match.group(2) or match.group(3)
        if not 1 <= int(month_text) <= 12:
            raise Invalid(Problem.DATE_INVALID)
        return HistoryAsk(Month(int(year_text), int(month_text)).start, "month")  # MONTH_RANGE
    return HistoryAsk(parse_day(text, today), "day")
