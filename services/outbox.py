"""The outbox: enqueue rows in the caller's transaction (a duplicate dedup key is ignored);
claim due rows as batches for the sender and record how sending went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Notification, NotificationStatus


async def enqueue(
    session: AsyncSession,
    *,
    recipient_id: int,
    kind: str,
    payload: dict[str, Any],
    dedup_key: str,
    now: datetime,
    not_before: datetime | None = None,
    group_key: str | None = None,
) -> None:
    values = {
        "recipient_id": recipient_id,
        "kind": kind,
        "payload": payload,
        "group_key": group_key,
        "dedup_key": dedup_key,
        "status": NotificationStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": not_before or now,
        "created_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(Notification).values(**values).on_conflict_do_nothing(index_elements=["dedup_key"])
    )


@dataclass(frozen=True)
class OutboxItem:
    recipient_id: int
    kind: str
    payload: dict[str, Any]
    dedup_key: str
    not_before: datetime | None = None
    group_key: str | None = None


async def enqueue_many(session: AsyncSession, items: list[OutboxItem], now: datetime) -> int:
    """Insert the items whose dedup key is new (in chunks); return how many were new."""
    if not items:
        return 0
    unique = list({i.dedup_key: i for i in items}.values())
    known: set[str] = set()
    for start in range(0, len(unique), 500):
        chunk = [i.dedup_key for i in unique[start : start + 500]]
        known.update(
            (
                await session.scalars(
                    select(Notification.dedup_key).where(Notification.dedup_key.in_(chunk))
                )
            ).all()
        )
    fresh = [i for i in unique if i.dedup_key not in known]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for start in range(0, len(fresh), 500):
        rows = [
            {
                "recipient_id": i.recipient_id,
                "kind": i.kind,
                "payload": i.payload,
                "group_key": i.group_key,
                "dedup_key": i.dedup_key,
                "status": NotificationStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": i.not_before or now,
                "created_at": now,
            }
            for i in fresh[start : start + 500]
        ]
        await session.execute(
            insert(Notification).values(rows).on_conflict_do_nothing(index_elements=["dedup_key"])
        )
    return len(fresh)


async def report_failure(session: AsyncSession, batch: Batch, error: str, now: datetime) -> None:
    """Telegram refused a message for good (400): tell the agency's admins, once per row, so
    nothing is dropped silently. A refused report about a refusal is not reported again."""
    if batch.family == "delivery":
        return
    admins = (
        await session.scalars(
            select(Employee.id).where(
                Employee.agency_id == batch.recipient.agency_id,
                Employee.is_admin.is_(True),
                Employee.active.is_(True),
                Employee.telegram_chat_id.is_not(None),
            )
        )
    ).all()
    first = batch.rows[0]
    items = [
        OutboxItem(
            admin,
            "delivery.failed",
            {
                "recipient_id": batch.recipient.id,
                "kind": first.kind,
                "notification_id": first.id,
                "error": error,
            },
            f"delivery:failed:{first.id}:{admin}",
        )
        for admin in admins
    ]
    await enqueue_many(session, items, now)


def postpone(batch: Batch, at: datetime) -> None:
    """Quiet hours: wait without counting an attempt."""
    for row in batch.rows:
        row.next_attempt_at = at
        row.leased_until = None


@dataclass
class Batch:
    """Pending rows that become one message: same recipient, kind family and group."""

    recipient: Employee
    rows: list[Notification]

    @property
    def family(self) -> str:
        return self.rows[0].kind.split(".")[0]


def _family(kind: str) -> str:
    return kind.split(".")[0]


async def claim_due(
    session: AsyncSession, now: datetime, lease: timedelta, limit: int = 50
) -> list[Batch]:
    """Claim due rows (and the not-yet-due rows of the same groups) as batches, and commit.

    Claiming sets `leased_until`, so no other sender takes the rows while this one works
    (SKIP LOCKED on PostgreSQL keeps two simultaneous claims apart). If the sender dies, the
    rows fall free again when the lease ends. Group mates that are not due yet (waiting for
    the batching window) come along; rows leased by someone else or waiting for a retry do not.
    """
    free = or_(Notification.leased_until.is_(None), Notification.leased_until <= now)
    due_query = (
        select(Notification)
        .where(
            Notification.status == NotificationStatus.PENDING,
            Notification.next_attempt_at <= now,
            free,
        )
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(limit)
    )
    locking = session.get_bind().dialect.name == "postgresql"
    if locking:
        due_query = due_query.with_for_update(skip_locked=True)
    due = list((await session.scalars(due_query)).all())
    batches: dict[tuple[int, str, str], list[Notification]] = {}
    for row in due:
        key = (row.recipient_id, _family(row.kind), row.group_key or f"#{row.id}")
        batches.setdefault(key, []).append(row)
    for (recipient_id, family, group), rows in batches.items():
        if group.startswith("#"):
            continue
        seen = {r.id for r in rows}
        extra_query = select(Notification).where(
            Notification.recipient_id == recipient_id,
            Notification.group_key == group,
            Notification.status == NotificationStatus.PENDING,
            Notification.kind.like(f"{family}.%"),
            Notification.attempts == 0,
            free,
        )
        if locking:
            extra_query = extra_query.with_for_update(skip_locked=True)
        rows.extend(r for r in (await session.scalars(extra_query)).all() if r.id not in seen)
    for rows in batches.values():
        for row in rows:
            row.leased_until = now + lease
    recipients = {
        e.id: e
        for e in (
            await session.scalars(select(Employee).where(Employee.id.in_({k[0] for k in batches})))
        ).all()
    }
    await session.commit()
    return [Batch(recipients[key[0]], rows) for key, rows in batches.items()]


def mark(batch: Batch, status: NotificationStatus, now: datetime, error: str | None = None) -> None:
    for row in batch.rows:
        row.status = status
        row.attempts += 1
        row.last_error = error
        row.leased_until = None
        if status is NotificationStatus.SENT:
            row.sent_at = now


def retry_later(batch: Batch, at: datetime, error: str, max_attempts: int) -> None:
    """Try again at `at`; give up (FAILED) after `max_attempts`."""
    for row in batch.rows:
        row.attempts += 1
        row.last_error = error
        row.next_attempt_at = at
        row.leased_until = None
        if row.attempts >= max_attempts:
            row.status = NotificationStatus.FAILED


def next_allowed(now: datetime, zone: str, start: time, end: time) -> datetime | None:
    """None if `now` is inside the sending window [start, end) of that zone, else when it opens."""
    local = now.astimezone(ZoneInfo(zone))
    if start <= local.time() < end:
        return None
    day = local.date() if local.time() < start else local.date() + timedelta(days=1)
    return datetime.combine(day, start, ZoneInfo(zone)).astimezone(now.tzinfo)
