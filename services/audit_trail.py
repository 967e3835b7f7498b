"""Reading the audit trail: an employee sees the trail of their own items and who opened their
data; an admin sees anyone's in their agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, AuditLog, Employee, Feedback, Leave
from services.audit import READ_ACTION, record_read
from services.errors import NotAllowed

# Rows that say someone looked at (or exported) a person's data rather than changed it.
READS = (READ_ACTION, "recap.export")


def _check(actor: Employee, subject: Employee) -> None:
    if subject.id != actor.id and not (actor.is_admin and actor.agency_id == subject.agency_id):
        raise NotAllowed("trail")


async def trail_of(
    session: AsyncSession, actor: Employee, subject: Employee, limit: int = 20
) -> list[AuditLog]:
    """Newest first: changes to the subject's activities, leave, feedback and record."""
    _check(actor, subject)
    activity_ids = select(Activity.id).where(Activity.employee_id == subject.id)
    leave_ids = select(Leave.id).where(Leave.employee_id == subject.id)
    feedback_ids = select(Feedback.id).where(
        or_(Feedback.recipient_id == subject.id, Feedback.author_id == subject.id)
    )
    query = (
        select(AuditLog)
        .where(
            or_(
                and_(AuditLog.entity == "activity", AuditLog.entity_id.in_(activity_ids)),
                and_(AuditLog.entity == "leave", AuditLog.entity_id.in_(leave_ids)),
                and_(AuditLog.entity == "feedback", AuditLog.entity_id.in_(feedback_ids)),
                and_(AuditLog.entity == "employee", AuditLog.entity_id == subject.id),
            ),
            AuditLog.action.not_in(READS),
        )
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


@dataclass(frozen=True)
class ReadEntry:
    at: datetime
    viewer: str  # the viewer's name, or the system actor's label (cli)
    what: str  # history, recap, evaluation, plan, personal_data, trail, export


async def reads_of(
    session: AsyncSession,
    actor: Employee,
    subject: Employee,
    limit: int = 20,
    *,
    now: datetime | None = None,
) -> list[ReadEntry]:
    """Newest first: who opened or exported the subject's data, and what. With `now`, an admin
    reading someone's trail is itself recorded (after the listing, so it does not list itself)."""
    _check(actor, subject)
    rows = (
        await session.execute(
            select(AuditLog, Employee.name)
            .outerjoin(Employee, Employee.id == AuditLog.actor_id)
            .where(
                AuditLog.entity == "employee",
                AuditLog.entity_id == subject.id,
                AuditLog.action.in_(READS),
            )
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(limit)
        )
    ).all()
    if now is not None:
        await record_read(session, actor, subject.id, "trail", now)
    return [
        ReadEntry(
            row.at,
            name or row.actor_label,
            row.reason if row.action == READ_ACTION and row.reason else _export(row),
        )
        for row, name in rows
    ]


def _export(row: AuditLog) -> str:
    return "export"  # recap.export: a Laporan Harian, Progres Harian or TPP file
