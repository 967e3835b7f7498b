"""What an outbox message says, read from the database when it is sent (payloads only point at
rows; the rows may have changed since). One dataclass per kind family; the bot words them
(handlers/notifications.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Activity,
    ActivityStatus,
    Announcement,
    CoreValue,
    Employee,
    Evaluation,
    EvaluationStatus,
    Feedback,
    FeedbackKind,
    Leave,
    LeaveKind,
    Plan,
    PlanStatus,
    Posting,
    Unit,
)
from services.corrections import CorrectionRequest, correction_request
from services.errors import NotAllowed, NotFound
from services.localtime import agency_of, employee_zone
from services.nudges import WeekSummary, still_missing, weekly_summary
from services.outbox import Batch
from services.reporting import ReviewGroup
from services.review import PendingGroup, pending_group


@dataclass(frozen=True)
class ReviewNotice:
    group: PendingGroup


@dataclass(frozen=True)
class DecisionNotice:
    day: date
    activities: list[Activity]  # decided ones, by id


@dataclass(frozen=True)
class LeaveLine:
    name: str
    kind: LeaveKind
    start: date
    end: date


@dataclass(frozen=True)
class LeaveNotice:
    lines: list[LeaveLine]


@dataclass(frozen=True)
class FeedbackNotice:
    kind: FeedbackKind
    author: str
    core_value: CoreValue | None
    text: str
    thread_id: int
    feedback_id: int


@dataclass(frozen=True)
class ReminderNotice:
    day: date
    daily: bool  # today's reminder (snoozable); else a missing earlier day


@dataclass(frozen=True)
class SummaryNotice:
    week_start: date
    summary: WeekSummary


@dataclass(frozen=True)
class DigestNotice:
    count: int
    morning: bool  # before noon where the supervisor is: "Selamat pagi" only then


@dataclass(frozen=True)
class EscalationNotice:
    waiting: list[tuple[str, int]]  # supervisor's name, reports waiting


@dataclass(frozen=True)
class AnnouncementNotice:
    text: str
    author: str = ""  # the admin who sent it


@dataclass(frozen=True)
class PlanNotice:
    kind: str  # reminder | submitted | approved | returned
    year: int
    owner: str = ""
    note: str = ""


@dataclass(frozen=True)
class RatingPromptNotice:
    period: str
    missing: int


@dataclass(frozen=True)
class ResponseNotice:
    owner: str
    period: str
    text: str


@dataclass(frozen=True)
class EvaluationNotice:
    evaluation: Evaluation


@dataclass(frozen=True)
class DeliveryFailedNotice:
    recipient: str
    reference: int
    kind: str
    error: str


@dataclass(frozen=True)
class PostingNotice:
    """A transfer or a leaver changed whose work this person verifies (services/transfers.py)."""

    kind: str  # moved_out | moved_in | reassigned
    name: str  # the person who moved or left
    day: date
    pending: int  # reports waiting for verification that changed hands
    team: int = 0  # reassigned: team members who now report to this person


@dataclass(frozen=True)
class TransferNotice:
    """The person is told their own posting from a date (services/transfers.py)."""

    day: date
    unit: str
    supervisor: str | None  # None: no supervisor (the head of the agency)
    position: str


@dataclass(frozen=True)
class CorrectionNotice:
    request: CorrectionRequest
    zone: str  # the admin's, in which the request's time is shown


Notice = (
    ReviewNotice
    | DecisionNotice
    | LeaveNotice
    | FeedbackNotice
    | ReminderNotice
    | SummaryNotice
    | DigestNotice
    | EscalationNotice
    | AnnouncementNotice
    | PlanNotice
    | RatingPromptNotice
    | ResponseNotice
    | EvaluationNotice
    | DeliveryFailedNotice
    | PostingNotice
    | CorrectionNotice
    | TransferNotice
)

_DECIDED = (ActivityStatus.APPROVED, ActivityStatus.REVISION, ActivityStatus.REJECTED)


async def _name(session: AsyncSession, employee_id: int) -> str:
    found = await session.scalar(select(Employee.name).where(Employee.id == employee_id))
    return found or "?"


async def _review(session: AsyncSession, batch: Batch, now: datetime) -> Notice | None:
    group = ReviewGroup.parse(batch.rows[0].group_key)
    if group is None:
        return None
    try:
        pending = await pending_group(session, batch.recipient, group.employee_id, group.day, now)
    except (NotAllowed, NotFound):
        return None
    return ReviewNotice(pending) if pending.activities else None


async def _decisions(session: AsyncSession, batch: Batch) -> Notice | None:
    ids = {int(r.payload["activity_id"]) for r in batch.rows}
    rows = (await session.scalars(select(Activity).where(Activity.id.in_(ids)))).all()
    decided = sorted(
        (a for a in rows if a.deleted_at is None and a.status in _DECIDED), key=lambda a: a.id
    )
    return DecisionNotice(decided[0].work_date, decided) if decided else None


async def _leave(session: AsyncSession, batch: Batch) -> Notice | None:
    lines = []
    for row in batch.rows:
        leave = await session.get(Leave, row.payload["leave_id"])
        if leave is None or leave.cancelled_at is not None:
            continue
        name = await _name(session, int(row.payload["employee_id"]))
        lines.append(LeaveLine(name, leave.kind, leave.start_date, leave.end_date))
    return LeaveNotice(lines) if lines else None


async def _feedback(session: AsyncSession, batch: Batch) -> Notice | None:
    item = await session.get(Feedback, batch.rows[0].payload["feedback_id"])
    if item is None:
        return None
    return FeedbackNotice(
        item.kind,
        await _name(session, item.author_id),
        item.core_value,
        item.text,
        item.thread_id or item.id,
        item.id,
    )


async def _reminder(session: AsyncSession, batch: Batch) -> Notice | None:
    row = batch.rows[-1]
    day = date.fromisoformat(row.payload["day"])
    if not await still_missing(session, batch.recipient.id, day):
        return None  # reported (or went on leave) since the reminder was due
    return ReminderNotice(day, row.kind == "reminder.daily")


async def _summary(session: AsyncSession, batch: Batch, now: datetime) -> Notice:
    week_start = date.fromisoformat(batch.rows[-1].payload["week_start"])
    return SummaryNotice(
        week_start, await weekly_summary(session, batch.recipient, week_start, now)
    )


async def _escalation(session: AsyncSession, batch: Batch) -> Notice | None:
    waiting = [
        (await _name(session, int(r.payload["supervisor_id"])), int(r.payload["count"]))
        for r in batch.rows
    ]
    return EscalationNotice(waiting) if waiting else None


async def _announcement(session: AsyncSession, batch: Batch) -> Notice | None:
    item = await session.get(Announcement, batch.rows[0].payload["announcement_id"])
    if item is None:
        return None
    author = await _name(session, item.author_id) if item.author_id else ""
    return AnnouncementNotice(item.text, author)


async def _plan(session: AsyncSession, batch: Batch) -> Notice | None:
    row = batch.rows[-1]
    if row.kind == "plan.reminder":
        return PlanNotice("reminder", int(row.payload["year"]))
    plan = await session.get(Plan, row.payload["plan_id"])
    if plan is None:
        return None
    if row.kind == "plan.submitted":
        return PlanNotice("submitted", plan.year, await _name(session, plan.employee_id))
    if plan.status is PlanStatus.APPROVED:
        return PlanNotice("approved", plan.year)
    return PlanNotice("returned", plan.year, note=plan.return_note or "")


async def _evaluation(session: AsyncSession, batch: Batch) -> Notice | None:
    row = batch.rows[-1]
    if row.kind == "evaluation.prompt":
        return RatingPromptNotice(str(row.payload["period"]), int(row.payload["missing"]))
    evaluation = await session.get(Evaluation, row.payload["evaluation_id"])
    if evaluation is None:
        return None
    if row.kind == "evaluation.response":
        owner = await _name(session, evaluation.employee_id)
        return ResponseNotice(owner, evaluation.period_key, evaluation.employee_response or "")
    if evaluation.status is EvaluationStatus.DRAFT:
        return None  # reopened meanwhile
    return EvaluationNotice(evaluation)


async def _delivery_failed(session: AsyncSession, batch: Batch) -> Notice:
    payload = batch.rows[0].payload
    return DeliveryFailedNotice(
        await _name(session, int(payload["recipient_id"])),
        int(payload["notification_id"]),
        str(payload["kind"]),
        str(payload["error"]),
    )


async def _transferred(session: AsyncSession, posting_id: int) -> Notice | None:
    posting = await session.get(Posting, posting_id)
    if posting is None:
        return None
    unit = await session.get(Unit, posting.unit_id)
    boss = await _name(session, posting.supervisor_id) if posting.supervisor_id else None
    return TransferNotice(posting.valid_from, unit.path if unit else "?", boss, posting.position)


async def _posting(session: AsyncSession, batch: Batch) -> Notice | None:
    row = batch.rows[-1]
    payload = row.payload
    if row.kind == "posting.transferred":
        return await _transferred(session, int(payload["posting_id"]))
    return PostingNotice(
        row.kind.removeprefix("posting."),
        await _name(session, int(payload["employee_id"])),
        date.fromisoformat(str(payload["day"])),
        int(payload["count"]),
        int(payload.get("team", 0)),
    )


async def notice_for(session: AsyncSession, batch: Batch, now: datetime) -> Notice | None:
    """What the batch has to say now, or None when nothing is left worth sending."""
    family = batch.family
    if family == "review":
        return await _review(session, batch, now)
    if family == "decision":
        return await _decisions(session, batch)
    if family == "leave":
        return await _leave(session, batch)
    if family == "feedback":
        return await _feedback(session, batch)
    if family == "reminder":
        return await _reminder(session, batch)
    if family == "summary":
        return await _summary(session, batch, now)
    if family == "digest":
        agency = await agency_of(session, batch.recipient)
        local = now.astimezone(ZoneInfo(employee_zone(batch.recipient, agency)))
        return DigestNotice(int(batch.rows[-1].payload["count"]), local.hour < 12)
    if family == "escalation":
        return await _escalation(session, batch)
    if family == "announcement":
        return await _announcement(session, batch)
    if family == "plan":
        return await _plan(session, batch)
    if family == "evaluation":
        return await _evaluation(session, batch)
    if family == "delivery":
        return await _delivery_failed(session, batch)
    if family == "posting":
        return await _posting(session, batch)
    if family == "pdp":
        try:
            request = await correction_request(session, int(batch.rows[0].payload["request_id"]))
        except NotFound:
            return None
        agency = await agency_of(session, batch.recipient)
        return CorrectionNotice(request, employee_zone(batch.recipient, agency))
    return None
