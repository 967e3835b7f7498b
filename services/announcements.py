"""Announcements from an admin to everyone or to a unit (with its sub-units), via the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, Announcement, Employee, Notification, NotificationStatus, Unit
from services import audit, outbox
from services.audit import Actor
from services.directory import require_admin
from services.errors import Invalid, NotAllowed, NotFound, Problem
from services.outbox import OutboxItem
from services.text import without_controls

MAX_TEXT = 3000


async def top_units(session: AsyncSession, agency: Agency) -> list[Unit]:
    """Units an announcement can target: the top two levels of the tree."""
    units = (
        await session.scalars(select(Unit).where(Unit.agency_id == agency.id).order_by(Unit.path))
    ).all()
    return [u for u in units if u.path.count(" / ") <= 1]


async def announce(
    session: AsyncSession,
    actor: Actor,
    agency: Agency,
    text: str,
    unit_id: int | None,
    *,
    now: datetime,
) -> Announcement:
    await require_admin(session, actor, agency.id)
    text = without_controls(text)
    if len(text) < 3:
        raise Invalid(Problem.TEXT_EMPTY)
    if len(text) > MAX_TEXT:
        raise Invalid(Problem.TEXT_TOO_LONG, limit=MAX_TEXT)
    query = select(Employee.id).where(
        Employee.agency_id == agency.id,
        Employee.active.is_(True),
        Employee.telegram_chat_id.is_not(None),
    )
    if unit_id is not None:
        unit = await session.get(Unit, unit_id)
        if unit is None or unit.agency_id != agency.id:
            raise NotFound("unit")
        subtree = select(Unit.id).where(
            Unit.agency_id == agency.id,
            or_(Unit.id == unit.id, Unit.path.like(f"{unit.path} / %")),
        )
        query = query.where(Employee.unit_id.in_(subtree))
    recipients = list((await session.scalars(query)).all())
    item = Announcement(
        agency_id=agency.id,
        author_id=actor.employee_id,
        unit_id=unit_id,
        text=text,
        recipients=len(recipients),
        created_at=now,
    )
    session.add(item)
    await session.flush()
    await outbox.enqueue_many(
        session,
        [
            OutboxItem(
                r,
                "announcement.message",
                {"announcement_id": item.id},
                f"announcement:{item.id}:{r}",
            )
            for r in recipients
        ],
        now,
    )
    audit.record(
        session,
        actor=actor,
        at=now,
        action="announcement.create",
        entity="announcement",
        entity_id=item.id,
        after={"unit_id": unit_id, "recipients": len(recipients)},
    )
    await session.commit()
    return item


@dataclass(frozen=True)
class Delivery:
    total: int
    sent: int
    pending: int
    failed: int


async def delivery_status(session: AsyncSession, actor: Actor, announcement_id: int) -> Delivery:
    """How an announcement was delivered, for an admin of its agency (NotFound otherwise,
    the same answer as for an id that does not exist)."""
    item = await session.get(Announcement, announcement_id)
    if item is None:
        raise NotFound("announcement")
    try:
        await require_admin(session, actor, item.agency_id)
    except NotAllowed:
        raise NotFound("announcement") from None
    rows = dict(
        (
            await session.execute(
                select(Notification.status, func.count())
                .where(Notification.kind == "announcement.message")
                .where(Notification.dedup_key.like(f"announcement:{announcement_id}:%"))
                .group_by(Notification.status)
            )
        ).all()
    )
    sent = int(rows.get(NotificationStatus.SENT, 0))
    pending = int(rows.get(NotificationStatus.PENDING, 0))
    failed = int(rows.get(NotificationStatus.FAILED, 0)) + int(
        rows.get(NotificationStatus.SKIPPED, 0)
    )
    return Delivery(sent + pending + failed, sent, pending, failed)
