"""Helpers for verification, feedback, team and assignment tests: a two-level organisation
with an acting official, activities submitted through the real service, and DB snapshots."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    ActingAssignment,
    Activity,
    Agency,
    AuditLog,
    Employee,
    Evidence,
    EvidenceKind,
    Feedback,
    Leave,
    Notification,
    Unit,
)
from services.report_rules import EvidenceInput
from services.reporting import submit_activity
from tests.factories import make_agency, make_employee, make_unit
from tests.services.report_helpers import draft

MONDAY = date(2026, 3, 2)
PHOTO = EvidenceInput(kind=EvidenceKind.PHOTO, file_id="AgAC-photo", file_unique_id="uq-photo")
_KEYS = itertools.count(1)
LINK = EvidenceInput(kind=EvidenceKind.LINK, url="https://drive.example.go.id/bukti/1")

# make_nip index of each person, so tests can address them by NIP (assignments).
INDEX = {
    "head": 10,
    "assessor": 11,
    "staff": 12,
    "staff2": 13,
    "other_boss": 14,
    "other_staff": 15,
    "plt": 16,
    "admin": 17,
}


@dataclass
class ReviewOrg:
    """head
    ├── assessor ── staff (linked), staff2
    ├── other_boss ── other_staff
    ├── plt (may be made acting official for the assessor)
    └── admin (is_admin, leads nobody)
    """

    agency: Agency
    unit: Unit
    head: Employee
    assessor: Employee
    staff: Employee
    staff2: Employee
    other_boss: Employee
    other_staff: Employee
    plt: Employee
    admin: Employee


async def make_review_org(session: AsyncSession, now: datetime, **agency_columns: Any) -> ReviewOrg:
    agency = await make_agency(session, now, **agency_columns)
    unit = await make_unit(session, agency)

    async def person(key: str, name: str, **kwargs: Any) -> Employee:
        return await make_employee(session, agency, unit, INDEX[key], now, name=name, **kwargs)

    head = await person("head", "Kepala Dinas")
    assessor = await person("assessor", "Atasan", supervisor=head)
    staff = await person("staff", "Staf Satu", supervisor=assessor, telegram_user_id=5012)
    staff2 = await person("staff2", "Staf Dua", supervisor=assessor)
    other_boss = await person("other_boss", "Atasan Lain", supervisor=head)
    other_staff = await person("other_staff", "Staf Lain", supervisor=other_boss)
    plt = await person("plt", "Pejabat Plt", supervisor=head)
    admin = await person("admin", "Admin", supervisor=head, is_admin=True)
    await session.commit()
    return ReviewOrg(
        agency, unit, head, assessor, staff, staff2, other_boss, other_staff, plt, admin
    )


async def make_acting(
    session: AsyncSession,
    official: Employee,
    replaced: Employee,
    start: date,
    end: date,
    now: datetime,
    *,
    revoked_at: datetime | None = None,
) -> ActingAssignment:
    row = ActingAssignment(
        official_id=official.id,
        replaced_id=replaced.id,
        start_date=start,
        end_date=end,
        created_by_id=None,
        created_at=now,
        revoked_at=revoked_at,
    )
    session.add(row)
    await session.commit()
    return row


async def submit(
    session: AsyncSession,
    employee: Employee,
    now: datetime,
    *,
    day: date = MONDAY,
    key: str | None = None,
    description: str = "Menyusun laporan bulanan",
    minutes: int | None = None,
    start: str | None = None,
    end: str | None = None,
    evidence: list[EvidenceInput] | None = None,
) -> Activity:
    """Submit through the real reporting service; a unique key per call unless given."""
    saved = await submit_activity(
        session,
        employee,
        draft(day, description, minutes, start=start, end=end, evidence=evidence),
        idempotency_key=key or f"key-{next(_KEYS)}",
        now=now,
    )
    return saved.activity


TABLES = (
    ("activities", Activity),
    ("evidence", Evidence),
    ("audit", AuditLog),
    ("notifications", Notification),
    ("leaves", Leave),
    ("feedback", Feedback),
    ("acting", ActingAssignment),
    ("employees", Employee),
)


async def snapshot_db(
    factory: async_sessionmaker[AsyncSession],
) -> dict[str, list[tuple[Any, ...]]]:
    """Every committed row these services may touch, read through a fresh session."""
    async with factory() as s:
        result = {}
        for name, model in TABLES:
            rows = await s.execute(select(*model.__table__.columns).order_by(model.id))
            result[name] = [tuple(r) for r in rows]
        return result


async def rows_of(factory: async_sessionmaker[AsyncSession], model: type[Any]) -> list[Any]:
    """Committed ORM rows of one model, in id order, through a fresh session."""
    async with factory() as s:
        return list((await s.scalars(select(model).order_by(model.id))).all())


def at_wib(day: date, hour: int, minute: int = 0) -> datetime:
    """A UTC instant for a WIB (UTC+7) wall-clock time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=7)
