"""The organisation predicate of a unit for a period, set by the leader above it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Unit, UnitPredicate
from services import audit
from services.audit import Actor
from services.curve import OrgPredicate
from services.errors import NotAllowed, NotFound
from services.periods import bounds


async def unit_predicate(
    session: AsyncSession, unit_id: int, period_key: str
) -> OrgPredicate | None:
    row = await session.scalar(
        select(UnitPredicate).where(
            UnitPredicate.unit_id == unit_id, UnitPredicate.period_key == period_key
        )
    )
    return OrgPredicate(row.predicate) if row else None


async def set_unit_predicate(
    session: AsyncSession,
    actor: Employee,
    unit_id: int,
    period_key: str,
    value: OrgPredicate,
    *,
    now: datetime,
) -> UnitPredicate:
    """Set by the leader above the unit: someone whose own unit contains it."""
    bounds(period_key)
    unit = await session.get(Unit, unit_id)
    own = await session.get(Unit, actor.unit_id)
    if unit is None or own is None or unit.agency_id != own.agency_id:
        raise NotFound("unit")
    if not unit.path.startswith(own.path + " / "):
        raise NotAllowed("not above the unit")
    leads = await session.scalar(
        select(func.count())
        .select_from(Employee)
        .where(Employee.supervisor_id == actor.id, Employee.active.is_(True))
    )
    if not leads:
        raise NotAllowed("not a leader")
    row = await session.scalar(
        select(UnitPredicate).where(
            UnitPredicate.unit_id == unit_id, UnitPredicate.period_key == period_key
        )
    )
    if row is None:
        row = UnitPredicate(unit_id=unit_id, period_key=period_key, set_at=now)
        session.add(row)
    before = row.predicate
    row.predicate, row.set_by_id, row.set_at = value.value, actor.id, now
    await session.flush()
    audit.record(
        session,
        actor=Actor.employee(actor.id),
        at=now,
        action="unit.predicate",
        entity="unit",
        entity_id=unit_id,
        before={"predicate": before} if before else None,
        after={"period": period_key, "predicate": value.value},
    )
    await session.commit()
    return row


async def lower_units(session: AsyncSession, actor: Employee) -> list[Unit]:
    """Units strictly below the actor's own unit (whose predicate the actor may set)."""
    own = await session.get(Unit, actor.unit_id)
    if own is None:
        return []
    return list(
        (
            await session.scalars(
                select(Unit)
                .where(Unit.agency_id == own.agency_id, Unit.path.like(f"{own.path} / %"))
                .order_by(Unit.path)
            )
        ).all()
    )
