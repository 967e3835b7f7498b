"""Continuous feedback (Umpan Balik Berkelanjutan) and dialog kinerja threads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, CoreValue, Employee, Feedback, FeedbackKind
from services import audit, outbox
from services.audit import Actor
from services.authority import require_assessor
from services.errors import Invalid, NotAllowed, NotFound, Problem
from services.text import one_line

MAX_TEXT = 2000
MIN_TEXT = 2


def clean_text(text: str | None) -> str:
    cleaned = one_line(text)
    if len(cleaned) < MIN_TEXT:
        raise Invalid(Problem.TEXT_EMPTY)
    if len(cleaned) > MAX_TEXT:
        raise Invalid(Problem.TEXT_TOO_LONG, limit=MAX_TEXT)
    return cleaned


async def _store(
    session: AsyncSession,
    *,
    author: Employee,
    recipient_id: int,
    kind: FeedbackKind,
    text: str,
    now: datetime,
    thread_id: int | None = None,
    activity_id: int | None = None,
    core_value: CoreValue | None = None,
) -> Feedback:
    item = Feedback(
        thread_id=thread_id,
        kind=kind,
        author_id=author.id,
        recipient_id=recipient_id,
        activity_id=activity_id,
        core_value=core_value,
        text=text,
        created_at=now,
    )
    session.add(item)
    await session.flush()
    if item.thread_id is None:
        item.thread_id = item.id
    audit.record(
        session,
        actor=Actor.employee(author.id),
        at=now,
        action=f"feedback.{kind.value}",
        entity="feedback",
        entity_id=item.id,
        after={
            "recipient_id": recipient_id,
            "thread_id": item.thread_id,
            "activity_id": activity_id,
            "core_value": core_value.value if core_value else None,
            "text": text,
        },
    )
    await outbox.enqueue(
        session,
        recipient_id=recipient_id,
        kind=f"feedback.{kind.value}",
        payload={"feedback_id": item.id},
        dedup_key=f"feedback:{item.id}",
        now=now,
    )
    await session.commit()
    return item


async def give_feedback(
    session: AsyncSession,
    actor: Employee,
    employee_id: int,
    text: str | None,
    *,
    now: datetime,
    activity_id: int | None = None,
    core_value: CoreValue | None = None,
) -> Feedback:
    """Feedback from an assessor (or acting official) to a subordinate, at any time."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise NotFound("employee")
    await require_assessor(session, actor, employee, now)
    if activity_id is not None:
        activity = await session.get(Activity, activity_id)
        if activity is None or activity.employee_id != employee.id or activity.deleted_at:
            raise NotFound("activity")
    return await _store(
        session,
        author=actor,
        recipient_id=employee.id,
        kind=FeedbackKind.FEEDBACK,
        text=clean_text(text),
        now=now,
        activity_id=activity_id,
        core_value=core_value,
    )


async def request_feedback(
    session: AsyncSession, actor: Employee, text: str | None, *, now: datetime
) -> Feedback:
    """An employee asks their assessor for feedback."""
    if actor.supervisor_id is None:
        raise NotAllowed("no supervisor")
    return await _store(
        session,
        author=actor,
        recipient_id=actor.supervisor_id,
        kind=FeedbackKind.REQUEST,
        text=clean_text(text),
        now=now,
    )


async def _thread_root(session: AsyncSession, actor: Employee, thread_id: int) -> Feedback:
    root = await session.get(Feedback, thread_id)
    if root is None or root.id != root.thread_id:
        raise NotFound("feedback")
    if actor.id not in (root.author_id, root.recipient_id):
        raise NotAllowed("not in thread")
    return root


async def reply(
    session: AsyncSession, actor: Employee, thread_id: int, text: str | None, *, now: datetime
) -> Feedback:
    """A reply in a dialog kinerja thread, to the other participant."""
    root = await _thread_root(session, actor, thread_id)
    other = root.recipient_id if actor.id == root.author_id else root.author_id
    return await _store(
        session,
        author=actor,
        recipient_id=other,
        kind=FeedbackKind.REPLY,
        text=clean_text(text),
        now=now,
        thread_id=root.id,
        activity_id=root.activity_id,
    )


async def mark_read(
    session: AsyncSession, actor: Employee, feedback_id: int, *, now: datetime
) -> Feedback:
    item = await session.get(Feedback, feedback_id)
    if item is None:
        raise NotFound("feedback")
    if item.recipient_id != actor.id:
        raise NotAllowed("not the recipient")
    if item.read_at is None:
        item.read_at = now
        audit.record(
            session,
            actor=Actor.employee(actor.id),
            at=now,
            action="feedback.read",
            entity="feedback",
            entity_id=item.id,
        )
        await session.commit()
    return item


@dataclass(frozen=True)
class Thread:
    root: Feedback
    messages: list[Feedback]
    other: Employee
    unread: int


async def threads_of(session: AsyncSession, actor: Employee, limit: int = 10) -> list[Thread]:
    """The actor's most recent threads, newest activity first."""
    rows = (
        await session.scalars(
            select(Feedback)
            .where(or_(Feedback.author_id == actor.id, Feedback.recipient_id == actor.id))
            .order_by(Feedback.created_at.desc(), Feedback.id.desc())
            .limit(200)
        )
    ).all()
    by_thread: dict[int, list[Feedback]] = {}
    for row in rows:
        by_thread.setdefault(row.thread_id or row.id, []).append(row)
    threads = []
    for thread_id, messages in list(by_thread.items())[:limit]:
        root = await session.get(Feedback, thread_id)
        assert root is not None
        other_id = root.recipient_id if root.author_id == actor.id else root.author_id
        other = await session.get(Employee, other_id)
        assert other is not None
        ordered = sorted(messages, key=lambda m: (m.created_at, m.id))
        unread = sum(1 for m in ordered if m.recipient_id == actor.id and m.read_at is None)
        threads.append(Thread(root, ordered, other, unread))
    return threads


async def feedback_for_activity(session: AsyncSession, activity_id: int) -> list[Feedback]:
    return (await feedback_for_activities(session, [activity_id])).get(activity_id, [])


async def feedback_for_activities(
    session: AsyncSession, activity_ids: list[int]
) -> dict[int, list[Feedback]]:
    """Feedback tied to each activity (one query for a history page)."""
    found: dict[int, list[Feedback]] = {}
    if not activity_ids:
        return found
    rows = await session.scalars(
        select(Feedback)
        .where(Feedback.activity_id.in_(activity_ids))
        .order_by(Feedback.created_at, Feedback.id)
    )
    for row in rows.all():
        assert row.activity_id is not None
        found.setdefault(row.activity_id, []).append(row)
    return found


async def recent_activities(
    session: AsyncSession, actor: Employee, employee_id: int, *, now: datetime, limit: int = 5
) -> list[Activity]:
    """The subordinate's latest activities, for feedback on a specific one (assessor only)."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise NotFound("employee")
    await require_assessor(session, actor, employee, now)
    return list(
        (
            await session.scalars(
                select(Activity)
                .where(Activity.employee_id == employee_id, Activity.deleted_at.is_(None))
                .order_by(Activity.work_date.desc(), Activity.id.desc())
                .limit(limit)
            )
        ).all()
    )
