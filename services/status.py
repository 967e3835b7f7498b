"""The bot's health at a glance, for `python -m bot status` and the admins' /status: numbers
only (no names, no NIPs), for one agency.

The last scheduler tick is not stored as such: a tick writes only when something is due, so
the newest outbox row of a scheduled kind (services/schedule.py PRODUCERS) stands for it: the
last time the scheduler enqueued anything for this agency."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Invite, Notification, NotificationStatus
from services.audit import Actor
from services.directory import require_admin
from services.schedule import PRODUCERS


@dataclass(frozen=True)
class AgencyStatus:
    linked: int  # active employees linked to Telegram
    unlinked: int  # active employees not linked yet
    pending_invites: int  # unused, unrevoked, unexpired
    unreachable: int  # Telegram refused our messages (blocked the bot)
    outbox_unsent: int  # pending rows, due or not
    outbox_due: int  # pending rows whose time has come, or already tried (retry backoff)
    oldest_due_at: datetime | None  # when the oldest due row was created
    last_scheduled_at: datetime | None  # newest row a scheduler producer enqueued
    db_bytes: int | None  # the whole database (None if it cannot be measured)
    now: datetime


async def database_size(session: AsyncSession) -> int | None:
    """PostgreSQL: pg_database_size; SQLite: the file plus its write-ahead log."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        size = await session.scalar(text("SELECT pg_database_size(current_database())"))
        return int(size) if size is not None else None
    path = bind.engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return _file_sizes(path)


def _file_sizes(path: str) -> int | None:
    """The file's size plus its -wal file's, if any; None without the file."""
    try:
        total = os.path.getsize(path)
    except OSError:
        return None
    with contextlib.suppress(OSError):
        total += os.path.getsize(f"{path}-wal")
    return total


async def agency_status(
    session: AsyncSession, actor: Actor, agency_id: int, now: datetime
) -> AgencyStatus:
    """The numbers for `agency_id`; an employee must be an active admin of it (NotAllowed)."""
    await require_admin(session, actor, agency_id)
    people = (
        await session.execute(
            select(
                func.count(Employee.telegram_user_id),
                func.count(Employee.id),
                func.count(Employee.id).filter(Employee.unreachable_since.is_not(None)),
            ).where(Employee.agency_id == agency_id, Employee.active.is_(True))
        )
    ).one()
    linked, everyone, unreachable = int(people[0]), int(people[1]), int(people[2])
    invites = await session.scalar(
        select(func.count(Invite.id))
        .join(Employee, Employee.id == Invite.employee_id)
        .where(
            Employee.agency_id == agency_id,
            Employee.active.is_(True),
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
    )
    mine = Notification.recipient_id.in_(select(Employee.id).where(Employee.agency_id == agency_id))
    pending = Notification.status == NotificationStatus.PENDING
    due = or_(Notification.next_attempt_at <= now, Notification.attempts > 0)
    backlog = (
        await session.execute(
            select(
                func.count(Notification.id),
                func.count(Notification.id).filter(due),
                func.min(Notification.created_at).filter(due),
            ).where(mine, pending)
        )
    ).one()
    last = await session.scalar(
        select(func.max(Notification.created_at)).where(
            mine, Notification.kind.in_(list(PRODUCERS))
        )
    )
    return AgencyStatus(
        linked=linked,
        unlinked=everyone - linked,
        pending_invites=int(invites or 0),
        unreachable=unreachable,
        outbox_unsent=int(backlog[0]),
        outbox_due=int(backlog[1]),
        oldest_due_at=backlog[2],
        last_scheduled_at=last,
        db_bytes=await database_size(session),
        now=now,
    )
