"""The staff file's `tanggal_efektif`: a changed unit, supervisor or position counts from that
date (a posting in the history), an unchanged row writes none, a bad date rejects the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog, Employee, LeaveReason, Posting
from services.audit import Actor
from services.leavers import deactivate
from services.postings import supervisor_on
from services.staff_import import ImportRejected, import_staff
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_nip
from tests.services.staff_helpers import HEADER, db_state, read, write_csv

WITH_DATE = [*HEADER, "Tanggal Efektif"]
STAFF = [
    [make_nip(1), "Kepala Dinas", "Kepala Dinas", "Dinas Uji", "", ""],
    [make_nip(2), "Kepala Bidang A", "Kepala Bidang", "Dinas Uji / Bidang A", make_nip(1), ""],
    [make_nip(3), "Staf", "Analis", "Dinas Uji / Bidang A", make_nip(2), ""],
]


async def _start(session: AsyncSession, clock: FrozenClock, tmp_path: Path) -> int:
    agency = await make_agency(session, clock())
    await session.commit()
    path = write_csv(tmp_path / "v1.csv", STAFF, header=WITH_DATE)
    await import_staff(session, agency.id, read(path), Actor("cli"), clock())
    clock.advance(minutes=30)
    return agency.id


async def test_a_dated_change_becomes_a_posting(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency_id = await _start(session, clock, tmp_path)
    edited = [list(r) for r in STAFF]
    edited[2][2:6] = ["Analis Madya", "Dinas Uji", make_nip(1), "2026-03-01"]
    edited[1][5] = "1/3/2026"  # unchanged: no posting

    path = write_csv(tmp_path / "v2.csv", edited, header=WITH_DATE)
    await import_staff(session, agency_id, read(path), Actor("cli"), clock())

    session.expunge_all()
    staff = await session.scalar(select(Employee).where(Employee.nip == make_nip(3)))
    boss = await session.scalar(select(Employee).where(Employee.nip == make_nip(2)))
    head = await session.scalar(select(Employee).where(Employee.nip == make_nip(1)))
    assert staff is not None
    assert boss is not None
    assert head is not None
    postings = (await session.scalars(select(Posting).order_by(Posting.valid_from))).all()
    assert [(p.employee_id, p.valid_from, p.valid_to, p.position) for p in postings] == [
        (staff.id, date(2026, 2, 28), date(2026, 3, 1), "Analis"),
        (staff.id, date(2026, 3, 1), None, "Analis Madya"),
    ]
    assert (staff.supervisor_id, staff.position) == (head.id, "Analis Madya")
    assert await supervisor_on(session, staff.id, date(2026, 2, 28)) == boss.id
    assert await supervisor_on(session, staff.id, date(2026, 3, 1)) == head.id
    actions = (await session.scalars(select(AuditLog.action).order_by(AuditLog.id))).all()
    assert actions[-2:] == ["employee.transfer", "employee.update"]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("kemarin", "bad_date"),
        ("2026-03-03", "date_out_of_range"),
        ("1/1/2020", "date_out_of_range"),
    ],
)
async def test_a_bad_date_rejects_the_file(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
    cell: str,
    code: str,
) -> None:
    agency_id = await _start(session, clock, tmp_path)
    edited = [list(r) for r in STAFF]
    edited[2][3:6] = ["Dinas Uji", make_nip(1), cell]
    before = await db_state(session_factory)

    path = write_csv(tmp_path / "v2.csv", edited, header=WITH_DATE)
    with pytest.raises(ImportRejected) as caught:
        await import_staff(session, agency_id, read(path), Actor("cli"), clock())
    await session.rollback()

    assert [(i.row, i.column, i.code) for i in caught.value.issues] == [
        (4, "tanggal_efektif", code)
    ]
    assert await db_state(session_factory) == before
    assert (await session.scalars(select(Posting))).all() == []


async def test_a_leaver_stays_inactive_when_an_old_file_is_imported_again(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency_id = await _start(session, clock, tmp_path)
    today = date(2026, 3, 2)
    await deactivate(
        session, Actor("cli"), agency_id, make_nip(3), LeaveReason.RETIRED, today, now=clock()
    )

    path = write_csv(tmp_path / "again.csv", STAFF, header=WITH_DATE)
    result = await import_staff(session, agency_id, read(path), Actor("cli"), clock())

    session.expunge_all()
    leaver = await session.scalar(select(Employee).where(Employee.nip == make_nip(3)))
    assert leaver is not None
    assert not leaver.active
    assert make_nip(3) not in result.changed_nips
