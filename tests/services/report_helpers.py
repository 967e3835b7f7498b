"""Helpers for daily-report tests: an organisation, drafts, and what the DB holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    Activity,
    ActivityStatus,
    Agency,
    AuditLog,
    Employee,
    Evidence,
    Leave,
    Notification,
    Unit,
)
from services.report_rules import ActivityDraft, EvidenceInput
from tests.factories import make_agency, make_employee, make_unit

MONDAY = date(2026, 3, 2)


@dataclass
class Org:
    agency: Agency
    unit: Unit
    boss: Employee
    staff: Employee
    other: Employee


async def make_org(
    session: AsyncSession,
    now: datetime,
    *,
    staff_timezone: str | None = None,
    staff_has_supervisor: bool = True,
    **agency_columns: Any,
) -> Org:
    """An agency with a supervisor (`boss`), `staff` reporting to them and an unrelated peer."""
    agency = await make_agency(session, now, **agency_columns)
    unit = await make_unit(session, agency)
    boss = await make_employee(session, agency, unit, 1, now, name="Atasan")
    staff = await make_employee(
        session,
        agency,
        unit,
        2,
        now,
        name="Staf",
        supervisor=boss if staff_has_supervisor else None,
        timezone=staff_timezone,
    )
    other = await make_employee(session, agency, unit, 3, now, name="Lain", supervisor=boss)
    await session.commit()
    return Org(agency, unit, boss, staff, other)


def draft(
    work_date: date = MONDAY,
    description: str = "Menyusun laporan bulanan",
    minutes: int | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
    output_quantity: int | None = None,
    output_unit: str | None = None,
    evidence: list[EvidenceInput] | None = None,
) -> ActivityDraft:
    """A draft; `start`/`end` as "HH:MM" make a timed one whose minutes follow from the span."""
    start_time = time.fromisoformat(start) if start else None
    end_time = time.fromisoformat(end) if end else None
    if minutes is None:
        if start_time and end_time:
            minutes = (end_time.hour * 60 + end_time.minute) - (
                start_time.hour * 60 + start_time.minute
            )
        else:
            minutes = 60
    return ActivityDraft(
        work_date=work_date,
        description=description,
        minutes=minutes,
        start_time=start_time,
        end_time=end_time,
        output_quantity=output_quantity,
        output_unit=output_unit,
        evidence=list(evidence or []),
    )


async def set_status(session: AsyncSession, activity_id: int, status: ActivityStatus) -> None:
    """What an assessor's decision does to the row (the decision service is tested elsewhere)."""
    activity = await session.get(Activity, activity_id)
    assert activity is not None
    activity.status = status
    await session.commit()


async def counts(factory: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Committed row counts, read through a fresh session."""
    async with factory() as s:
        result = {}
        for name, model in (
            ("activities", Activity),
            ("evidence", Evidence),
            ("audit", AuditLog),
            ("notifications", Notification),
            ("leaves", Leave),
        ):
            result[name] = int(await s.scalar(select(func.count()).select_from(model)) or 0)
        return result


async def db_rows(factory: async_sessionmaker[AsyncSession]) -> dict[str, list[tuple[Any, ...]]]:
    """Every committed row a report or leave may touch, read through a fresh session."""
    async with factory() as s:
        result = {}
        for name, model in (
            ("activities", Activity),
            ("evidence", Evidence),
            ("audit", AuditLog),
            ("notifications", Notification),
            ("leaves", Leave),
        ):
            rows = await s.execute(select(*model.__table__.columns).order_by(model.id))
            result[name] = [tuple(r) for r in rows]
        return result


async def notifications(factory: async_sessionmaker[AsyncSession]) -> list[Notification]:
    async with factory() as s:
        return list((await s.scalars(select(Notification).order_by(Notification.id))).all())


async def audits(factory: async_sessionmaker[AsyncSession]) -> list[AuditLog]:
    async with factory() as s:
        return list((await s.scalars(select(AuditLog).order_by(AuditLog.id))).all())


async def stored_activity(
    factory: async_sessionmaker[AsyncSession], activity_id: int
) -> Activity | None:
    async with factory() as s:
        return await s.get(Activity, activity_id)


async def count_activities(session: AsyncSession, employee_id: int) -> int:
    """Non-deleted activities of an employee."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Activity)
            .where(Activity.employee_id == employee_id, Activity.deleted_at.is_(None))
        )
        or 0
    )
