"""Write audit rows in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditLog


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
) -> None:
    session.add(
        AuditLog(
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
    )
