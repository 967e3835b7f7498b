"""Write audit rows in the caller's transaction, and note who opened another person's data."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditLog, Employee


class Actor:
    """Who performs a use case: an employee, or a named system actor (cli, import, scheduler)."""

    __slots__ = ("employee_id", "label")

    def __init__(self, label: str, employee_id: int | None = None) -> None:
        self.label = label
        self.employee_id = employee_id

    @classmethod
    def employee(cls, employee_id: int) -> Actor:
        return cls("employee", employee_id)


def record(
    session: AsyncSession,
    *,
    actor: Actor,
    at: datetime,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditLog:
    row = AuditLog(
        at=at,
        actor_id=actor.employee_id,
        actor_label=actor.label,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
        reason=reason,
    )
    session.add(row)
    return row


READ_ACTION = "read"
# Paging through the same person's history is one look, not twenty: a repeat within this
# window by the same viewer of the same thing writes nothing.
READ_WINDOW = timedelta(minutes=10)


async def record_read(
    session: AsyncSession, actor: Actor | Employee, subject_id: int, what: str, now: datetime
) -> None:
    """Note (and commit) that `actor` opened `subject_id`'s data, e.g. "history", "recap",
    "evaluation", "plan", "personal_data". Reading one's own data is not recorded."""
    viewer = Actor.employee(actor.id) if isinstance(actor, Employee) else actor
    if viewer.employee_id == subject_id:
        return
    recent = await session.scalar(
        select(AuditLog.id)
        .where(
            AuditLog.action == READ_ACTION,
            AuditLog.entity == "employee",
            AuditLog.entity_id == subject_id,
            AuditLog.actor_id.is_(None)
            if viewer.employee_id is None
            else AuditLog.actor_id == viewer.employee_id,
            AuditLog.actor_label == viewer.label,
            AuditLog.at > now - READ_WINDOW,
            AuditLog.reason == what,
        )
        .limit(1)
    )
    if recent is None:
        record(
            session,
            actor=viewer,
            at=now,
            action=READ_ACTION,
            entity="employee",
            entity_id=subject_id,
            reason=what,
        )
    await session.commit()
