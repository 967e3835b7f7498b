"""A month of work for recap tests: March 2026 (17 workdays: 18–20 and 23–24 March are cuti
bersama / Nyepi on weekdays), seen on Thursday 26 March 09:00 WIB."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    ActingAssignment,
    Activity,
    ActivityStatus,
    Agency,
    Employee,
    Evidence,
    EvidenceKind,
    Leave,
    LeaveKind,
    Unit,
)
from tests.factories import make_agency, make_employee, make_unit

NOW = datetime(2026, 3, 26, 2, 0, tzinfo=UTC)  # Thursday 09:00 WIB
MARCH = (2026, 3)
_keys = itertools.count(1)


@dataclass(frozen=True)
class RecapOrg:
    agency: Agency
    top: Unit
    unit_a: Unit
    section: Unit
    unit_b: Unit
    head: Employee
    boss: Employee
    staff: Employee
    staff2: Employee
    junior: Employee  # below staff (a sub-team)
    other: Employee  # another unit, under head
    admin: Employee
    plt: Employee


async def _child(session: AsyncSession, parent: Unit, name: str) -> Unit:
    unit = Unit(
        agency_id=parent.agency_id, parent_id=parent.id, name=name, path=f"{parent.path} / {name}"
    )
    session.add(unit)
    await session.flush()
    return unit


async def make_recap_org(session: AsyncSession, now: datetime = NOW) -> RecapOrg:
    agency = await make_agency(session, now)
    top = await make_unit(session, agency, "Dinas Uji")
    unit_a = await _child(session, top, "Bidang A")
    unit_b = await _child(session, top, "Bidang B")
    section = await _child(session, unit_a, "Seksi 1")

    async def person(unit: Unit, i: int, name: str, **kwargs: Any) -> Employee:
        return await make_employee(session, agency, unit, 60 + i, now, name=name, **kwargs)

    head = await person(top, 1, "Kepala Dinas", telegram_user_id=9601)
    boss = await person(unit_a, 2, "Kepala Bidang A", supervisor=head, telegram_user_id=9602)
    staff = await person(unit_a, 3, "Siti Aminah", supervisor=boss, telegram_user_id=9603)
    staff2 = await person(unit_a, 4, "Budi Santoso", supervisor=boss, telegram_user_id=9604)
    junior = await person(section, 5, "Joko Junior", supervisor=staff, telegram_user_id=9605)
    other = await person(unit_b, 6, "Staf Bidang B", supervisor=head, telegram_user_id=9606)
    admin = await person(top, 7, "Admin Kepegawaian", is_admin=True, telegram_user_id=9607)
    plt = await person(unit_b, 8, "Pejabat Plt", supervisor=head, telegram_user_id=9608)
    await session.commit()
    return RecapOrg(
        agency, top, unit_a, section, unit_b, head, boss, staff, staff2, junior, other, admin, plt
    )


async def add_activity(
    session: AsyncSession,
    employee: Employee,
    day: int | date,
    minutes: int,
    status: ActivityStatus = ActivityStatus.APPROVED,
    *,
    description: str = "Menyusun laporan",
    start: str | None = None,
    end: str | None = None,
    quantity: int | None = None,
    unit: str | None = None,
    plan_item_id: int | None = None,
    decided_by: Employee | None = None,
    reason: str | None = None,
    deleted: bool = False,
    evidence: list[Evidence] | None = None,
    now: datetime = NOW,
) -> Activity:
    work_date = day if isinstance(day, date) else date(2026, 3, day)
    activity = Activity(
        employee_id=employee.id,
        work_date=work_date,
        start_time=time.fromisoformat(start) if start else None,
        end_time=time.fromisoformat(end) if end else None,
        minutes=minutes,
        description=description,
        output_quantity=quantity,
        output_unit=unit,
        plan_item_id=plan_item_id,
        status=status,
        version=1,
        idempotency_key=f"recap-{next(_keys)}",
        decision_reason=reason,
        decided_by_id=decided_by.id if decided_by else None,
        decided_at=now if decided_by else None,
        submitted_at=now - timedelta(days=2),
        updated_at=now,
        deleted_at=now if deleted else None,
        evidence=evidence or [],
    )
    session.add(activity)
    await session.commit()
    return activity


def link(url: str) -> Evidence:
    return Evidence(kind=EvidenceKind.LINK, url=url)


def document(name: str) -> Evidence:
    return Evidence(kind=EvidenceKind.DOCUMENT, file_id="f1", file_unique_id="u1", file_name=name)


async def add_leave(
    session: AsyncSession,
    employee: Employee,
    start: date,
    end: date,
    kind: LeaveKind = LeaveKind.LEAVE,
    now: datetime = NOW,
) -> None:
    session.add(
        Leave(employee_id=employee.id, kind=kind, start_date=start, end_date=end, created_at=now)
    )
    await session.commit()


async def add_acting(
    session: AsyncSession, official: Employee, replaced: Employee, start: date, end: date
) -> None:
    session.add(
        ActingAssignment(
            official_id=official.id,
            replaced_id=replaced.id,
            start_date=start,
            end_date=end,
            created_at=NOW,
        )
    )
    await session.commit()


async def march_of_staff(session: AsyncSession, org: RecapOrg) -> None:
    """The hand-computed month of `staff` (see test_recap_month.py for the expected numbers)."""
    boss = org.boss
    await add_activity(session, org.staff, 2, 300, start="08:00", end="13:00", decided_by=boss)
    await add_activity(session, org.staff, 3, 240, decided_by=boss)
    await add_activity(
        session, org.staff, 3, 60, ActivityStatus.REJECTED, decided_by=boss, reason="Bukan tugas"
    )
    await add_activity(
        session, org.staff, 4, 120, ActivityStatus.REVISION, decided_by=boss, reason="Lengkapi"
    )
    await add_activity(session, org.staff, 5, 200, ActivityStatus.REJECTED, decided_by=boss)
    await add_activity(session, org.staff, 9, 180, ActivityStatus.SUBMITTED)
    await add_activity(session, org.staff, 10, 360, decided_by=boss)
    await add_leave(session, org.staff, date(2026, 3, 11), date(2026, 3, 13))
    await add_activity(session, org.staff, 16, 300, decided_by=boss)
    await add_activity(session, org.staff, 16, 100, decided_by=boss, deleted=True)
    await add_activity(session, org.staff, 17, 300, decided_by=boss)
    await add_activity(session, org.staff, 21, 120, decided_by=boss)  # a Saturday
    await add_activity(session, org.staff, 25, 300, decided_by=boss)
