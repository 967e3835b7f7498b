"""Reading the audit trail: an employee sees the trail of their own items; an admin anyone's
in their agency."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, AuditLog, Employee, Feedback, Leave
from services.errors import NotAllowed


async def trail_of(
    session: AsyncSession, actor: Employee, subject: Employee, limit: int = 20
) -> list[AuditLog]:
    """Newest first: changes to the subject's activities, leave, feedback and record."""
    if subject.id != actor.id and not (actor.is_admin and actor.agency_id == subject.agency_id):
        raise NotAllowed("trail")
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
            )
        )
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(query)).all())
