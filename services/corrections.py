"""A person asks the agency's admins to correct their data (UU 27/2022 PDP, the right to
rectification). The request is an audit row (its text in `reason`); each admin gets an outbox
message that points at it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditLog, Employee
from services import audit, outbox
from services.audit import Actor
from services.errors import Invalid, NotFound, Problem

ACTION = "personal_data.correction"
KIND = "pdp.correction"
MIN_CHARS = 10
MAX_CHARS = 1000  # audit_log.reason holds 1000
PER_DAY = 3


@dataclass(frozen=True)
class CorrectionSent:
    request_id: int
    admins: int  # how many admins it was sent to


@dataclass(frozen=True)
class CorrectionRequest:
    """What an admin reads."""

    name: str
    nip: str
    text: str
    at: datetime


def check_text(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) < MIN_CHARS:
        raise Invalid(Problem.CORRECTION_EMPTY, limit=MIN_CHARS)
    if len(cleaned) > MAX_CHARS:
        raise Invalid(Problem.CORRECTION_TOO_LONG, limit=MAX_CHARS)
    return cleaned


async def request_correction(
    session: AsyncSession, person: Employee, text: str, now: datetime
) -> CorrectionSent:
    cleaned = check_text(text)
    today = await session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(
            AuditLog.action == ACTION,
            AuditLog.actor_id == person.id,
            AuditLog.at > now - timedelta(days=1),
        )
    )
    if (today or 0) >= PER_DAY:
        raise Invalid(Problem.CORRECTION_LIMIT, limit=PER_DAY)
    row = audit.record(
        session,
        actor=Actor.employee(person.id),
        at=now,
        action=ACTION,
        entity="employee",
        entity_id=person.id,
        reason=cleaned,
    )
    await session.flush()
    admins = (
        await session.scalars(
            select(Employee.id).where(
                Employee.agency_id == person.agency_id,
                Employee.is_admin.is_(True),
                Employee.active.is_(True),
                Employee.telegram_chat_id.is_not(None),
            )
        )
    ).all()
    items = [
        outbox.OutboxItem(admin, KIND, {"request_id": row.id}, f"pdp:correction:{row.id}:{admin}")
        for admin in admins
    ]
    await outbox.enqueue_many(session, items, now)
    await session.commit()
    return CorrectionSent(row.id, len(items))


async def correction_request(session: AsyncSession, request_id: int) -> CorrectionRequest:
    row = await session.get(AuditLog, request_id)
    if row is None or row.action != ACTION or row.entity_id is None:
        raise NotFound("correction request")
    person = await session.get(Employee, row.entity_id)
    if person is None:
        raise NotFound("employee")
    return CorrectionRequest(person.name, person.nip, row.reason or "", row.at)
