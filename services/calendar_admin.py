"""Admin edits of the agency calendar: add a holiday, make a day a workday, undo, list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, CalendarOverride, DayKind
from services import audit
from services.audit import Actor
from services.calendar import national_holidays
from services.directory import require_admin
from services.errors import Invalid, NotFound, Problem
from services.text import one_line

MAX_NAME = 200


@dataclass(frozen=True)
class CalendarDay:
    day: date
    name: str
    source: str  # "national" | "libur" | "kerja"


async def set_override(
    session: AsyncSession,
    actor: Actor,
    agency: Agency,
    day: date,
    kind: DayKind,
    name: str,
    *,
    now: datetime,
) -> CalendarOverride:
    """Add (or replace) the override of one day."""
    await require_admin(session, actor, agency.id)
    name = one_line(name) or ("Libur" if kind is DayKind.HOLIDAY else "Hari kerja")
    if len(name) > MAX_NAME:
        raise Invalid(Problem.NAME_TOO_LONG)
    row = await session.scalar(
        select(CalendarOverride).where(
            CalendarOverride.agency_id == agency.id, CalendarOverride.day == day
        )
    )
    before = {"kind": str(row.kind), "name": row.name} if row else None
    if row is None:
        row = CalendarOverride(agency_id=agency.id, day=day, created_at=now)
        session.add(row)
    row.kind, row.name, row.created_by_id = kind, name, actor.employee_id
    await session.flush()
    audit.record(
        session,
        actor=actor,
        at=now,
        action="calendar.set",
        entity="calendar_override",
        entity_id=row.id,
        before=before,
        after={"day": day.isoformat(), "kind": str(kind), "name": name},
    )
    await session.commit()
    return row


async def remove_override(
    session: AsyncSession, actor: Actor, agency: Agency, day: date, *, now: datetime
) -> None:
    await require_admin(session, actor, agency.id)
    row = await session.scalar(
        select(CalendarOverride).where(
            CalendarOverride.agency_id == agency.id, CalendarOverride.day == day
        )
    )
    if row is None:
        raise NotFound("override")
    audit.record(
        session,
        actor=actor,
        at=now,
        action="calendar.remove",
        entity="calendar_override",
        entity_id=row.id,
        before={"day": day.isoformat(), "kind": str(row.kind), "name": row.name},
    )
    await session.delete(row)  # through the ORM: the agency's calendar stamp changes
    await session.commit()


async def upcoming_days(
    session: AsyncSession, agency: Agency, start: date, days: int = 90
) -> list[CalendarDay]:
    """National holidays and overrides from `start` for `days` days, in date order."""
    end = start + timedelta(days=days)
    result: dict[date, CalendarDay] = {}
    for year in range(start.year, end.year + 1):
        for day, name in national_holidays(year).items():
            if start <= day <= end:
                result[day] = CalendarDay(day, name, "national")
    rows = (
        await session.scalars(
            select(CalendarOverride).where(
                CalendarOverride.agency_id == agency.id,
                CalendarOverride.day >= start,
                CalendarOverride.day <= end,
            )
        )
    ).all()
    for row in rows:
        result[row.day] = CalendarDay(row.day, row.name, row.kind.value)
    return [result[d] for d in sorted(result)]
