"""Enqueue outbox rows in the caller's transaction; a duplicate dedup key is silently ignored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models import Notification, NotificationStatus


async def enqueue(
    session: AsyncSession,
    *,
    recipient_id: int,
    kind: str,
    payload: dict[str, Any],
    dedup_key: str,
    now: datetime,
    not_before: datetime | None = None,
) -> None:
    values = {
        "recipient_id": recipient_id,
        "kind": kind,
        "payload": payload,
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
