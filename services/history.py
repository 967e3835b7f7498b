"""An employee's activities over a date range, newest first, in pages."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Employee
from services.audit import record_read

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
