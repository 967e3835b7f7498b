"""Daily reports: submit, edit and delete activities, and the day's progress.

Every change writes an audit row and an outbox row for the assessor in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Agency, Employee, Evidence
from services import audit, outbox
from services.audit import Actor
from services.calendar import WorkCalendar, agency_calendar
from services.errors import Invalid, Locked, NotFound, Problem, StaleVersion
from services.localtime import agency_of, employee_zone, local_today
from services.plans import check_target
from services.postings import verifier_on
from services.report_rules import ActivityDraft, check_draft

OPEN_STATUSES = (ActivityStatus.SUBMITTED, ActivityStatus.REVISION)
MAX_DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Overlap:
    activity_id: int
    start_time: time
    end_time: time
    description: str


class OverlapDetected(Invalid):
    def __init__(self, overlaps: list[Overlap]) -> None:
        super().__init__(Problem.OVERLAP)
        self.overlaps = overlaps


@dataclass(frozen=True)
class ReviewGroup:
    """One employee's reports of one day, waiting for one card: the outbox group key shared by
    this producer and the reader of review notices (services/notices.py)."""

    employee_id: int
    day: date

    @property
    def key(self) -> str:
        return f"{self.employee_id}:{self.day.isoformat()}"

    @classmethod
    def parse(cls, key: str | None) -> ReviewGroup | None:
        employee, _sep, day = (key or "").partition(":")
        try:
            return cls(int(employee), date.fromisoformat(day))
        except ValueError:
            return None


@dataclass(frozen=True)
class DaySummary:
    day: date
    minutes: int
    target_minutes: int
    count: int
    pending: int

    @property
    def remaining_minutes(self) -> int:
        return max(0, self.target_minutes - self.minutes)


@dataclass(frozen=True)
class Saved:
    activity: Activity
    summary: DaySummary
    duplicate: bool = False


def reportable_dates(
    agency: Agency, calendar: WorkCalendar, zone: str, now: datetime
) -> list[date]:
    """Today in the employee's zone and the agency's back-dating window, newest first."""
    return calendar.workdays_back(local_today(now, zone), agency.backdate_workdays)


def _check_date(day: date, allowed: list[date]) -> None:
    if day > allowed[0]:
        raise Invalid(Problem.DATE_FUTURE)
    if day < allowed[-1]:
        raise Invalid(Problem.DATE_TOO_OLD, oldest=allowed[-1].isoformat())


async def _day_activities(
    session: AsyncSession, employee_id: int, day: date, exclude_id: int | None = None
) -> list[Activity]:
    query = select(Activity).where(
        Activity.employee_id == employee_id,
        Activity.work_date == day,
        Activity.deleted_at.is_(None),
    )
    if exclude_id is not None:
        query = query.where(Activity.id != exclude_id)
    return list((await session.scalars(query)).all())


def _overlaps(draft: ActivityDraft, others: list[Activity]) -> list[Overlap]:
    if draft.start_time is None or draft.end_time is None:
        return []
    return [
        Overlap(a.id, a.start_time, a.end_time, a.description)
        for a in others
        if a.start_time is not None
        and a.end_time is not None
        and a.start_time < draft.end_time
        and draft.start_time < a.end_time
        and a.status is not ActivityStatus.REJECTED
    ]


async def _check_day(
    session: AsyncSession,
    employee: Employee,
    agency: Agency,
    draft: ActivityDraft,
    now: datetime,
    allow_overlap: bool,
    others: list[Activity],
    check_date: bool = True,
    allow_long: bool = False,
) -> None:
    """Refuse the draft unless it fits the day beside `others` (that day's other activities)."""
    check_draft(agency, draft)
    if draft.plan_item_id is not None:
        await check_target(session, employee, draft.plan_item_id)
    if check_date:
        calendar = await agency_calendar(session, agency)
        zone = employee_zone(employee, agency)
        _check_date(draft.work_date, reportable_dates(agency, calendar, zone, now))
    if len(others) >= agency.max_activities_per_day:
        raise Invalid(Problem.TOO_MANY_TODAY, limit=agency.max_activities_per_day)
    spent = sum(a.minutes for a in others if a.status is not ActivityStatus.REJECTED)
    if spent + draft.minutes > MAX_DAY_MINUTES:
        raise Invalid(Problem.DAY_FULL, left_minutes=max(0, MAX_DAY_MINUTES - spent))
    if draft.minutes > agency.long_activity_minutes and not allow_long:
        raise Invalid(Problem.LONG_ACTIVITY, limit_minutes=agency.long_activity_minutes)
    overlaps = _overlaps(draft, others)
    if overlaps and not allow_overlap:
        raise OverlapDetected(overlaps)


async def day_summary(
    session: AsyncSession, employee: Employee, agency: Agency, day: date
) -> DaySummary:
    return _summary(agency, day, await _day_activities(session, employee.id, day))


def _summary(agency: Agency, day: date, rows: list[Activity]) -> DaySummary:
    counted = [a for a in rows if a.status is not ActivityStatus.REJECTED]
    return DaySummary(
        day=day,
        minutes=sum(a.minutes for a in counted),
        target_minutes=agency.daily_target_minutes,
        count=len(counted),
        pending=sum(1 for a in rows if a.status in OPEN_STATUSES),
    )


def snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "work_date": activity.work_date.isoformat(),
        "start_time": activity.start_time.isoformat() if activity.start_time else None,
        "end_time": activity.end_time.isoformat() if activity.end_time else None,
        "minutes": activity.minutes,
        "description": activity.description,
        "output_quantity": activity.output_quantity,
        "output_unit": activity.output_unit,
        "status": str(activity.status),
        "version": activity.version,
        "evidence": len(activity.evidence),
        "plan_item_id": activity.plan_item_id,
    }


def _apply(activity: Activity, draft: ActivityDraft) -> None:
    activity.work_date = draft.work_date
    activity.description = draft.description
    activity.minutes = draft.minutes
    activity.start_time = draft.start_time
    activity.end_time = draft.end_time
    activity.output_quantity = draft.output_quantity
    activity.output_unit = draft.output_unit if draft.output_quantity is not None else None
    activity.plan_item_id = draft.plan_item_id
    activity.evidence = [
        Evidence(
            kind=e.kind,
            file_id=e.file_id,
            file_unique_id=e.file_unique_id,
            file_name=e.file_name,
            mime_type=e.mime_type,
            file_size=e.file_size,
            url=e.url,
        )
        for e in draft.evidence
    ]


async def _notify_assessor(
    session: AsyncSession, employee: Employee, activity: Activity, event: str, now: datetime
) -> None:
    verifier = await verifier_on(session, employee.id, activity.work_date)
    if verifier is None:
        return
    agency = await agency_of(session, employee)
    await outbox.enqueue(
        session,
        recipient_id=verifier,
        kind=f"review.{event}",
        payload={
            "activity_id": activity.id,
            "employee_id": employee.id,
            "work_date": activity.work_date.isoformat(),
            "version": activity.version,
        },
        dedup_key=f"activity:{activity.id}:v{activity.version}:{event}",
        now=now,
        # Several reports in a short time become one message per employee and day.
        not_before=now + timedelta(seconds=agency.review_batch_seconds),
        group_key=ReviewGroup(employee.id, activity.work_date).key,
    )


async def _stored(session: AsyncSession, employee_id: int, key: str) -> Activity | None:
    return await session.scalar(
        select(Activity).where(Activity.employee_id == employee_id, Activity.idempotency_key == key)
    )


async def _day_and_stored(
    session: AsyncSession, employee_id: int, day: date, key: str
) -> tuple[list[Activity], Activity | None]:
    """In one read: the day's activities, and the one already stored under `key` wherever it
    is (that day, another day after an edit, or deleted since)."""
    rows = (
        await session.scalars(
            select(Activity).where(
                Activity.employee_id == employee_id,
                or_(
                    and_(Activity.work_date == day, Activity.deleted_at.is_(None)),
                    Activity.idempotency_key == key,
                ),
            )
        )
    ).all()
    stored = next((a for a in rows if a.idempotency_key == key), None)
    return [a for a in rows if a.work_date == day and a.deleted_at is None], stored


async def submit_activity(
    session: AsyncSession,
    employee: Employee,
    draft: ActivityDraft,
    *,
    idempotency_key: str,
    now: datetime,
    allow_overlap: bool = False,
    allow_long: bool = False,
) -> Saved:
    """Store a new activity. The same idempotency key returns the stored one (no second row).

    One read serves the duplicate check, the day's limits and the summary; a row stored by a
    racing worker meanwhile is caught by the unique constraint."""
    agency = await agency_of(session, employee)
    others, existing = await _day_and_stored(session, employee.id, draft.work_date, idempotency_key)
    if existing is not None:
        day = existing.work_date
        if day == draft.work_date:
            summary = _summary(agency, day, others)
        else:  # edited to another day since
            summary = await day_summary(session, employee, agency, day)
        return Saved(existing, summary, duplicate=True)
    await _check_day(
        session, employee, agency, draft, now, allow_overlap, others, allow_long=allow_long
    )
    activity = Activity(
        employee_id=employee.id,
        status=ActivityStatus.SUBMITTED,
        version=1,
        idempotency_key=idempotency_key,
        submitted_at=now,
        updated_at=now,
    )
    _apply(activity, draft)
    session.add(activity)
    employee_id = employee.id
    try:
        await session.flush()
    except IntegrityError:  # the same update raced in through another worker
        await session.rollback()
        await session.refresh(employee)
        await session.refresh(agency)
        raced = await _stored(session, employee_id, idempotency_key)
        if raced is None:
            raise
        summary = await day_summary(session, employee, agency, raced.work_date)
        return Saved(raced, summary, duplicate=True)
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="activity.create",
        entity="activity",
        entity_id=activity.id,
        after=snapshot(activity),
    )
    await _notify_assessor(session, employee, activity, "submitted", now)
    summary = _summary(agency, activity.work_date, [*others, activity])
    await session.commit()
    return Saved(activity, summary)


async def own_activity(session: AsyncSession, employee: Employee, activity_id: int) -> Activity:
    activity = await session.get(Activity, activity_id)
    if activity is None or activity.employee_id != employee.id or activity.deleted_at:
        raise NotFound("activity")
    return activity


def _check_changeable(activity: Activity, expected_version: int) -> None:
    if activity.status is ActivityStatus.APPROVED:
        raise Locked("approved")
    if activity.version != expected_version:
        raise StaleVersion("activity")


async def update_activity(
    session: AsyncSession,
    employee: Employee,
    activity_id: int,
    expected_version: int,
    draft: ActivityDraft,
    *,
    now: datetime,
    allow_overlap: bool = False,
    allow_long: bool = False,
) -> Saved:
    """Edit an activity that is not approved; a revised or rejected one is submitted again."""
    activity = await own_activity(session, employee, activity_id)
    _check_changeable(activity, expected_version)
    agency = await agency_of(session, employee)
    others = await _day_activities(session, employee.id, draft.work_date, activity.id)
    # A late revision request must stay fixable: the window applies only to moving the date.
    await _check_day(
        session,
        employee,
        agency,
        draft,
        now,
        allow_overlap,
        others,
        check_date=draft.work_date != activity.work_date,
        allow_long=allow_long,
    )
    before = snapshot(activity)
    _apply(activity, draft)
    activity.status = ActivityStatus.SUBMITTED
    activity.decided_by_id = activity.decided_at = activity.decision_reason = None
    activity.version += 1
    activity.updated_at = now
    activity.submitted_at = now
    await session.flush()
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="activity.update",
        entity="activity",
        entity_id=activity.id,
        before=before,
        after=snapshot(activity),
    )
    await _notify_assessor(session, employee, activity, "updated", now)
    summary = _summary(agency, activity.work_date, [*others, activity])
    await session.commit()
    return Saved(activity, summary)


async def delete_activity(
    session: AsyncSession,
    employee: Employee,
    activity_id: int,
    expected_version: int,
    *,
    now: datetime,
) -> DaySummary:
    activity = await own_activity(session, employee, activity_id)
    _check_changeable(activity, expected_version)
    before = snapshot(activity)
    activity.deleted_at = now
    activity.version += 1
    activity.updated_at = now
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="activity.delete",
        entity="activity",
        entity_id=activity.id,
        before=before,
    )
    await _notify_assessor(session, employee, activity, "deleted", now)
    await session.commit()
    agency = await agency_of(session, employee)
    return await day_summary(session, employee, agency, activity.work_date)


async def report_dates(session: AsyncSession, employee: Employee, now: datetime) -> list[date]:
    """The dates this employee may report for now (today first)."""
    agency = await agency_of(session, employee)
    calendar = await agency_calendar(session, agency)
    return reportable_dates(agency, calendar, employee_zone(employee, agency), now)


async def editable_activity(
    session: AsyncSession, employee: Employee, activity_id: int, expected_version: int
) -> Activity:
    """The employee's own activity if it may still change and has not changed since shown."""
    activity = await own_activity(session, employee, activity_id)
    _check_changeable(activity, expected_version)
    return activity
