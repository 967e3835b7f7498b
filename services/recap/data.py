"""The recap queries: per-day minutes by status, leave days, the verification backlog, and the
data version that keys the chart cache.

Every query filters on `employee_id IN (…) AND work_date BETWEEN …`, served by the index
`ix_activity_employee_day`; member lists are sent in chunks so a whole-agency unit never
exceeds a driver's parameter limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Leave, LeaveKind

CHUNK = 1000


def chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


@dataclass
class DayTotals:
    """Minutes and counts of one person's activities on one day, by status."""

    minutes: dict[ActivityStatus, int] = field(default_factory=dict)
    counts: dict[ActivityStatus, int] = field(default_factory=dict)

    def add(self, status: ActivityStatus, minutes: int, count: int) -> None:
        self.minutes[status] = self.minutes.get(status, 0) + minutes
        self.counts[status] = self.counts.get(status, 0) + count

    def of(self, status: ActivityStatus) -> int:
        return self.minutes.get(status, 0)

    def count(self, status: ActivityStatus) -> int:
        return self.counts.get(status, 0)

    @property
    def reported(self) -> bool:
        """Something that still counts (not only rejected work) was reported."""
        return any(n for s, n in self.counts.items() if s is not ActivityStatus.REJECTED)

    @property
    def open(self) -> bool:
        return bool(self.count(ActivityStatus.SUBMITTED) or self.count(ActivityStatus.REVISION))


DayKey = tuple[int, date]


async def day_totals(
    session: AsyncSession, ids: Sequence[int], start: date, end: date
) -> dict[DayKey, DayTotals]:
    totals: dict[DayKey, DayTotals] = {}
    for chunk in chunks(ids):
        rows = await session.execute(
            select(
                Activity.employee_id,
                Activity.work_date,
                Activity.status,
                func.sum(Activity.minutes),
                func.count(),
            )
            .where(
                Activity.employee_id.in_(chunk),
                Activity.work_date >= start,
                Activity.work_date <= end,
                Activity.deleted_at.is_(None),
            )
            .group_by(Activity.employee_id, Activity.work_date, Activity.status)
        )
        for employee_id, day, status, minutes, count in rows.all():
            totals.setdefault((employee_id, day), DayTotals()).add(
                ActivityStatus(status), int(minutes or 0), int(count)
            )
    return totals


async def leave_days(
    session: AsyncSession, ids: Sequence[int], start: date, end: date
) -> dict[DayKey, LeaveKind]:
    days: dict[DayKey, LeaveKind] = {}
    for chunk in chunks(ids):
        leaves = await session.scalars(
            select(Leave).where(
                Leave.employee_id.in_(chunk),
                Leave.cancelled_at.is_(None),
                Leave.start_date <= end,
                Leave.end_date >= start,
            )
        )
        for leave in leaves.all():
            day = max(leave.start_date, start)
            while day <= min(leave.end_date, end):
                days[(leave.employee_id, day)] = leave.kind
                day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class Backlog:
    """Activities waiting for the supervisor's decision (any month)."""

    count: int
    oldest: datetime | None


async def backlog(session: AsyncSession, ids: Sequence[int]) -> Backlog:
    count, oldest = 0, None
    for chunk in chunks(ids):
        row = (
            await session.execute(
                select(func.count(), func.min(Activity.submitted_at)).where(
                    Activity.employee_id.in_(chunk),
                    Activity.status == ActivityStatus.SUBMITTED,
                    Activity.deleted_at.is_(None),
                )
            )
        ).one()
        count += int(row[0])
        if row[1] is not None and (oldest is None or row[1] < oldest):
            oldest = row[1]
    return Backlog(count, oldest)


async def data_version(
    session: AsyncSession, ids: Sequence[int], start: date, end: date
) -> tuple[Any, ...]:
    """A cheap fingerprint of everything a month chart is drawn from.

    Activities: (rows, sum of `version`, newest `updated_at`) over the month, deleted rows
    included. Every change to an activity (edit, decision, delete) bumps its `version` and sets
    `updated_at`; moving one into or out of the month changes the row count. So any change
    changes the sum even when a frozen clock repeats `updated_at`. Leave: (rows, newest
    created_at, newest cancelled_at) of the leaves touching the month, cancelled ones included.
    """
    parts: list[Any] = []
    for chunk in chunks(ids):
        activity = (
            await session.execute(
                select(
                    func.count(), func.sum(Activity.version), func.max(Activity.updated_at)
                ).where(
                    Activity.employee_id.in_(chunk),
                    Activity.work_date >= start,
                    Activity.work_date <= end,
                )
            )
        ).one()
        leave = (
            await session.execute(
                select(
                    func.count(), func.max(Leave.created_at), func.max(Leave.cancelled_at)
                ).where(
                    Leave.employee_id.in_(chunk),
                    Leave.start_date <= end,
                    Leave.end_date >= start,
                )
            )
        ).one()
        parts.append((int(activity[0]), int(activity[1] or 0), str(activity[2]), *map(str, leave)))
    return tuple(parts)
