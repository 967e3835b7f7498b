"""Helpers for scheduler tests: an organisation spread over WIB/WITA/WIT, activities and leave
written straight to the DB, a tick in its own session, and what the outbox holds."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    Activity,
    ActivityStatus,
    Agency,
    AuditLog,
    Employee,
    Leave,
    LeaveKind,
    Notification,
    Unit,
)
from services.schedule import run_tick
from tests.factories import make_agency, make_employee, make_unit

WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"
ZONES = (WIB, WITA, WIT)

_KEYS = itertools.count(1)
T = TypeVar("T")


def utc(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=UTC)


def local(day: date, hhmm: str, zone: str) -> datetime:
    """The UTC instant of `hhmm` on `day` in `zone`."""
    return datetime.combine(day, time.fromisoformat(hhmm), ZoneInfo(zone)).astimezone(UTC)


@dataclass
class ZoneOrg:
    """One agency (WIB) with a linked employee in each zone, no supervisors."""

    agency: Agency
    unit: Unit
    wib: Employee
    wita: Employee
    wit: Employee

    @property
    def people(self) -> list[Employee]:
        return [self.wib, self.wita, self.wit]


async def make_zone_org(session: AsyncSession, now: datetime, **agency_columns: Any) -> ZoneOrg:
    agency = await make_agency(session, now, **agency_columns)
    unit = await make_unit(session, agency)
    people = [
        await make_employee(session, agency, unit, i, now, telegram_user_id=7000 + i, timezone=zone)
        for i, zone in enumerate(ZONES, start=1)
    ]
    await session.commit()
    return ZoneOrg(agency, unit, *people)


async def add_activity(
    session: AsyncSession,
    employee: Employee,
    day: date,
    *,
    minutes: int = 60,
    status: ActivityStatus = ActivityStatus.APPROVED,
    deleted: bool = False,
    submitted_at: datetime | None = None,
) -> Activity:
    """A report row as the reporting service leaves it (the service is tested elsewhere)."""
    at = submitted_at or local(day, "10:00", WIB)
    activity = Activity(
        employee_id=employee.id,
        work_date=day,
        minutes=minutes,
        description="Menyusun laporan",
        status=status,
        version=1,
        idempotency_key=f"k{next(_KEYS)}",
        submitted_at=at,
        updated_at=at,
        deleted_at=at if deleted else None,
    )
    session.add(activity)
    await session.commit()
    return activity


async def add_leave(
    session: AsyncSession,
    employee: Employee,
    start: date,
    end: date | None = None,
    *,
    cancelled: bool = False,
    kind: LeaveKind = LeaveKind.LEAVE,
) -> Leave:
    now = utc(2026, 2, 1)
    leave = Leave(
        employee_id=employee.id,
        kind=kind,
        start_date=start,
        end_date=end or start,
        created_at=now,
        cancelled_at=now if cancelled else None,
    )
    session.add(leave)
    await session.commit()
    return leave


async def tick(factory: async_sessionmaker[AsyncSession], now: datetime) -> dict[str, int]:
    """One scheduler tick in its own session, as bot.scheduler does it."""
    async with factory() as session:
        return await run_tick(session, now)


async def outbox_rows(
    factory: async_sessionmaker[AsyncSession], kind: str | None = None
) -> list[Notification]:
    async with factory() as s:
        query = select(Notification).order_by(Notification.id)
        if kind is not None:
            query = query.where(Notification.kind == kind)
        return list((await s.scalars(query)).all())


async def dedup_keys(factory: async_sessionmaker[AsyncSession], kind: str) -> list[str]:
    return sorted(r.dedup_key for r in await outbox_rows(factory, kind))


async def audit_rows(factory: async_sessionmaker[AsyncSession]) -> list[AuditLog]:
    async with factory() as s:
        return list((await s.scalars(select(AuditLog).order_by(AuditLog.id))).all())


async def reload(factory: async_sessionmaker[AsyncSession], model: type[T], id_: int) -> T:
    async with factory() as s:
        row = await s.get(model, id_)
        assert row is not None
        return row


def daily(employee: Employee, day: date) -> str:
    return f"reminder:daily:{employee.id}:{day.isoformat()}"


def missing(employee: Employee, day: date) -> str:
    return f"reminder:missing:{employee.id}:{day.isoformat()}"


def weekly(employee: Employee, monday: date) -> str:
    return f"summary:weekly:{employee.id}:{monday.isoformat()}"


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]
