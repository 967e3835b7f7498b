"""Verification of daily work by the assessor: approve, ask for revision, reject.

Exactly one decision wins when two arrive together (double tap, two devices): the status
change is a conditional UPDATE on (id, version, status).
"""

from __future__ import annotations

import enum
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Agency, Employee, Leave, LeaveKind
from services import audit, outbox
from services.audit import Actor
from services.calendar import agency_calendar
from services.errors import AlreadyDecided, Invalid, NotFound, Problem, StaleVersion
from services.localtime import agency_of, employee_zone, local_today
from services.postings import require_verifier, verification_scope
from services.reporting import snapshot
from services.text import one_line

MAX_REASON = 500


class Decision(enum.StrEnum):
    APPROVE = "approve"
    REVISION = "revision"
    REJECT = "reject"


_STATUS = {
    Decision.APPROVE: ActivityStatus.APPROVED,
    Decision.REVISION: ActivityStatus.REVISION,
    Decision.REJECT: ActivityStatus.REJECTED,
}


@dataclass(frozen=True)
class PendingGroup:
    """One employee's submitted work of one day, as a review card shows it."""

    employee: Employee
    day: date
    activities: list[Activity]  # submitted, in time order (work without times last)
    # Each activity's number among everything reported that day: it stays the same when
    # others are decided, so "✏️ 3" always means the third report of the day.
    numbers: dict[int, int] = field(default_factory=dict)
    day_minutes: int = 0  # the day's total, rejected work aside
    leave: LeaveKind | None = None  # the employee was on leave (cuti, sick, travel) that day
    long_minutes: int = 720  # the agency's "long day": above it the card flags the day

    def number(self, activity: Activity) -> int:
        return self.numbers.get(activity.id, self.activities.index(activity) + 1)


def clean_reason(decision: Decision, reason: str | None) -> str | None:
    text = one_line(reason) or None
    if decision is not Decision.APPROVE and not text:
        raise Invalid(Problem.REASON_REQUIRED)
    if text and len(text) > MAX_REASON:
        raise Invalid(Problem.REASON_TOO_LONG, limit=MAX_REASON)
    return text


async def _load(session: AsyncSession, activity_id: int) -> tuple[Activity, Employee]:
    activity = await session.get(Activity, activity_id)
    if activity is None or activity.deleted_at is not None:
        raise NotFound("activity")
    employee = await session.get(Employee, activity.employee_id)
    assert employee is not None
    return activity, employee


async def _apply_decision(
    session: AsyncSession,
    actor: Employee,
    activity: Activity,
    employee: Employee,
    decision: Decision,
    reason: str | None,
    expected_version: int,
    now: datetime,
) -> bool:
    """Flip the status if nobody else did first; False (and nothing written) otherwise."""
    before = snapshot(activity)
    claimed = await session.execute(
        update(Activity)
        .where(
            Activity.id == activity.id,
            Activity.version == expected_version,
            Activity.status == ActivityStatus.SUBMITTED,
        )
        .values(
            status=_STATUS[decision],
            version=expected_version + 1,
            decided_by_id=actor.id,
            decided_at=now,
            decision_reason=reason,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    await session.refresh(activity)
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    audit.record(
        session,
        actor=Actor.employee(actor.id),
        at=now,
        action=f"activity.{decision.value}",
        entity="activity",
        entity_id=activity.id,
        before=before,
        after=snapshot(activity),
        reason=reason,
    )
    await outbox.enqueue(
        session,
        recipient_id=employee.id,
        kind="decision.made",
        payload={"activity_id": activity.id, "decision": decision.value},
        dedup_key=f"decision:{activity.id}:v{activity.version}",
        now=now,
        group_key=activity.work_date.isoformat(),
    )
    return True


async def decide(
    session: AsyncSession,
    actor: Employee,
    activity_id: int,
    expected_version: int,
    decision: Decision,
    reason: str | None,
    *,
    now: datetime,
) -> Activity:
    """Decide on one submitted activity. Raises NotAllowed, NotFound, AlreadyDecided,
    StaleVersion (edited since shown) or Invalid (reason missing or too long)."""
    activity, employee = await _load(session, activity_id)
    await require_verifier(session, actor, employee, activity.work_date, now)
    reason = clean_reason(decision, reason)
    if activity.status is not ActivityStatus.SUBMITTED:
        raise AlreadyDecided(str(activity.status))
    if activity.version != expected_version:
        raise StaleVersion("activity")
    if not await _apply_decision(
        session, actor, activity, employee, decision, reason, expected_version, now
    ):
        current = activity.status
        await session.rollback()
        if current is not ActivityStatus.SUBMITTED:
            raise AlreadyDecided(str(current))
        raise StaleVersion("activity")
    await session.commit()
    return activity


def fingerprint(activities: list[Activity]) -> str:
    """A short digest of which versions a card showed, so "approve all" approves only those."""
    text = ",".join(f"{a.id}:{a.version}" for a in sorted(activities, key=lambda a: a.id))
    return f"{zlib.crc32(text.encode()):08x}"


async def approve_day(
    session: AsyncSession,
    actor: Employee,
    employee_id: int,
    day: date,
    *,
    now: datetime,
    expected: str | None = None,
) -> int:
    """Approve every submitted activity of that employee and day; return how many.

    With `expected` (the card's fingerprint), refuse with StaleVersion if the pending work
    is no longer exactly what the card showed."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise NotFound("employee")
    await require_verifier(session, actor, employee, day, now)
    activities = (
        await session.scalars(
            select(Activity).where(
                Activity.employee_id == employee_id,
                Activity.work_date == day,
                Activity.status == ActivityStatus.SUBMITTED,
                Activity.deleted_at.is_(None),
            )
        )
    ).all()
    if not activities:
        raise AlreadyDecided("approved")  # nothing left: a second tap, or decided elsewhere
    if expected is not None and fingerprint(list(activities)) != expected:
        raise StaleVersion("group")
    approved = 0
    for activity in activities:
        approved += await _apply_decision(
            session, actor, activity, employee, Decision.APPROVE, None, activity.version, now
        )
    await session.commit()
    return approved


async def _pending(session: AsyncSession, employee_ids: list[int]) -> list[PendingGroup]:
    if not employee_ids:
        return []
    rows = (
        await session.scalars(
            select(Activity)
            .where(
                Activity.employee_id.in_(employee_ids),
                Activity.status == ActivityStatus.SUBMITTED,
                Activity.deleted_at.is_(None),
            )
            .order_by(Activity.submitted_at, Activity.id)
        )
    ).all()
    groups: dict[tuple[int, date], list[Activity]] = {}
    for activity in rows:
        groups.setdefault((activity.employee_id, activity.work_date), []).append(activity)
    employees = {
        e.id: e
        for e in (
            await session.scalars(select(Employee).where(Employee.id.in_(employee_ids)))
        ).all()
    }
    context = await _day_context(session, employee_ids, {day for _emp, day in groups})
    agencies = {e.agency_id for e in employees.values()}
    long_minutes = {
        a.id: a.long_activity_minutes
        for a in (await session.scalars(select(Agency).where(Agency.id.in_(agencies)))).all()
    }
    result = [
        PendingGroup(
            employees[emp],
            day,
            sorted(acts, key=lambda a: _in_time_order(a.start_time, a.id)),
            *context.get((emp, day), ({}, 0, None)),
            long_minutes=long_minutes[employees[emp].agency_id],
        )
        for (emp, day), acts in groups.items()
    ]
    return sorted(result, key=lambda g: min(a.submitted_at for a in g.activities))


_Context = tuple[dict[int, int], int, LeaveKind | None]


def _in_time_order(start: time | None, activity_id: int) -> tuple[bool, time, int]:
    return (start is None, start or time(0), activity_id)


async def _day_context(
    session: AsyncSession, employee_ids: list[int], days: set[date]
) -> dict[tuple[int, date], _Context]:
    """For each employee-day: numbers of all its reports, its total minutes, a leave."""
    if not days:
        return {}
    rows = (
        await session.execute(
            select(Activity.id, Activity.employee_id, Activity.work_date, Activity.minutes)
            .add_columns(Activity.status, Activity.start_time)
            .where(
                Activity.employee_id.in_(employee_ids),
                Activity.work_date.in_(days),
                Activity.deleted_at.is_(None),
            )
        )
    ).all()
    numbers: dict[tuple[int, date], dict[int, int]] = {}
    minutes: dict[tuple[int, date], int] = {}
    in_order = sorted(rows, key=lambda r: _in_time_order(r.start_time, r.id))
    for activity_id, employee_id, day, spent, status, _start in in_order:
        key = (employee_id, day)
        numbers.setdefault(key, {})[activity_id] = len(numbers.get(key, {})) + 1
        if status is not ActivityStatus.REJECTED:
            minutes[key] = minutes.get(key, 0) + spent
    leaves = (
        await session.execute(
            select(Leave.employee_id, Leave.start_date, Leave.end_date, Leave.kind).where(
                Leave.employee_id.in_(employee_ids),
                Leave.cancelled_at.is_(None),
                Leave.start_date <= max(days),
                Leave.end_date >= min(days),
            )
        )
    ).all()
    on_leave = {
        (employee_id, day): kind
        for employee_id, start, end, kind in leaves
        for day in days
        if start <= day <= end
    }
    return {key: (numbers[key], minutes.get(key, 0), on_leave.get(key)) for key in numbers}


async def pending_groups(
    session: AsyncSession, actor: Employee, now: datetime
) -> list[PendingGroup]:
    """My team's submitted work, grouped by employee and day, oldest first: each day goes to
    whoever supervised the employee that day (services/postings.py)."""
    scope = await verification_scope(session, actor, now)
    return [
        g for g in await _pending(session, scope.employee_ids) if scope.mine(g.employee.id, g.day)
    ]


async def pending_group(
    session: AsyncSession, actor: Employee, employee_id: int, day: date, now: datetime
) -> PendingGroup:
    """One employee-day of pending work (possibly empty), after the authorization check."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise NotFound("employee")
    await require_verifier(session, actor, employee, day, now)
    groups = [g for g in await _pending(session, [employee_id]) if g.day == day]
    return groups[0] if groups else PendingGroup(employee, day, [])


@dataclass(frozen=True)
class PendingStats:
    count: int
    oldest: date | None
    oldest_workdays: int


async def pending_stats(
    session: AsyncSession, actor: Employee, groups: list[PendingGroup], now: datetime
) -> PendingStats:
    agency = await agency_of(session, actor)
    today = local_today(now, employee_zone(actor, agency))
    count = sum(len(g.activities) for g in groups)
    if not groups:
        return PendingStats(0, None, 0)
    oldest = min(local_today(a.submitted_at, agency.timezone) for g in groups for a in g.activities)
    calendar = await agency_calendar(session, agency)
    age = 0
    day = today
    while day > oldest and age < 366:
        if calendar.is_workday(day):
            age += 1
        day = date.fromordinal(day.toordinal() - 1)
    return PendingStats(count, oldest, age)


async def activity_target(session: AsyncSession, activity_id: int) -> tuple[int, date] | None:
    """(employee id, work date) of an activity, to re-render its card; None if unknown."""
    row = (
        await session.execute(
            select(Activity.employee_id, Activity.work_date).where(Activity.id == activity_id)
        )
    ).first()
    return (row.employee_id, row.work_date) if row else None


async def check_decidable(
    session: AsyncSession, actor: Employee, activity_id: int, expected_version: int, now: datetime
) -> None:
    """Raise what `decide` would raise before any reason is typed (same rules, no change)."""
    activity, employee = await _load(session, activity_id)
    await require_verifier(session, actor, employee, activity.work_date, now)
    if activity.status is not ActivityStatus.SUBMITTED:
        raise AlreadyDecided(str(activity.status))
    if activity.version != expected_version:
        raise StaleVersion("activity")


async def reviewable_activity(
    session: AsyncSession, actor: Employee, activity_id: int, now: datetime
) -> Activity:
    """An activity with its evidence, for its assessor."""
    activity, employee = await _load(session, activity_id)
    await require_verifier(session, actor, employee, activity.work_date, now)
    return activity
