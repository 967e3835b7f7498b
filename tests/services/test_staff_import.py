"""Staff import from real files: unit tree, supervisors, idempotent re-import, edits, actors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, AuditLog, Employee, PositionType, Unit
from services.audit import Actor
from services.errors import NotAllowed
from services.staff_import import ImportResult, import_staff
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_nip, make_unit
from tests.services.staff_helpers import HEADER, db_state, read, write_csv, write_xlsx

OPTIONAL = ["Jenis Jabatan", "Zona Waktu", "Admin"]

# Subordinates come before their supervisors on purpose: file order must not matter.
# The first NIP is make_nip(4) typed with spaces.
STAFF = [
    ["19800101 201001 1 005", "Staf Seksi Dua", "Pengelola", "Dinas Uji > Bidang A > Seksi 2",
     make_nip(2)],
    [make_nip(2), "Kepala Bidang A", "Kepala Bidang", "Dinas Uji / Bidang A", make_nip(1)],
    [make_nip(3), "Staf Seksi Satu", "Analis", "Dinas Uji / Bidang A / Seksi 1", make_nip(2)],
    [make_nip(1), "Kepala Dinas", "Kepala Dinas", "Dinas Uji", ""],
    [make_nip(5), "Kepala Bidang B", "Kepala Bidang", "  Dinas   Uji/Bidang B ", make_nip(1)],
]  # fmt: skip


async def _employees(session: AsyncSession) -> dict[str, dict[str, Any]]:
    rows = (
        await session.execute(select(Employee, Unit.path).join(Unit, Employee.unit_id == Unit.id))
    ).all()
    nip_by_id = {e.id: e.nip for e, _ in rows}
    return {
        e.nip: {
            "name": e.name,
            "position": e.position,
            "unit": path,
            "supervisor": nip_by_id.get(e.supervisor_id) if e.supervisor_id else None,
            "position_type": e.position_type,
            "timezone": e.timezone,
            "is_admin": e.is_admin,
            "active": e.active,
        }
        for e, path in rows
    }


async def _audit(session: AsyncSession) -> list[AuditLog]:
    return list((await session.scalars(select(AuditLog).order_by(AuditLog.id))).all())


async def _import(
    session: AsyncSession, agency: Agency, path: Path, now: datetime, actor: Actor | None = None
) -> ImportResult:
    return await import_staff(session, agency.id, read(path), actor or Actor("cli"), now)


async def test_import_creates_unit_tree_and_employees_with_supervisors(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency = await make_agency(session, clock())
    await session.commit()
    path = write_csv(tmp_path / "pegawai.csv", STAFF, delimiter=";", bom=True)

    result = await _import(session, agency, path, clock())

    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    assert result.units_created == 5
    assert sorted(result.changed_nips) == sorted(make_nip(i) for i in (1, 2, 3, 4, 5))
    session.expunge_all()
    units = (await session.scalars(select(Unit))).all()
    by_id = {u.id: u for u in units}
    tree = {u.path: (u.name, by_id[u.parent_id].path if u.parent_id else None) for u in units}
    assert tree == {
        "Dinas Uji": ("Dinas Uji", None),
        "Dinas Uji / Bidang A": ("Bidang A", "Dinas Uji"),
        "Dinas Uji / Bidang A / Seksi 1": ("Seksi 1", "Dinas Uji / Bidang A"),
        "Dinas Uji / Bidang A / Seksi 2": ("Seksi 2", "Dinas Uji / Bidang A"),
        "Dinas Uji / Bidang B": ("Bidang B", "Dinas Uji"),
    }
    assert all(u.agency_id == agency.id for u in units)
    employees = await _employees(session)
    assert {nip: (e["unit"], e["supervisor"]) for nip, e in employees.items()} == {
        make_nip(1): ("Dinas Uji", None),
        make_nip(2): ("Dinas Uji / Bidang A", make_nip(1)),
        make_nip(3): ("Dinas Uji / Bidang A / Seksi 1", make_nip(2)),
        make_nip(4): ("Dinas Uji / Bidang A / Seksi 2", make_nip(2)),
        make_nip(5): ("Dinas Uji / Bidang B", make_nip(1)),
    }
    assert employees[make_nip(4)]["name"] == "Staf Seksi Dua"
    assert employees[make_nip(4)]["position"] == "Pengelola"
    assert all(
        (e["position_type"], e["timezone"], e["is_admin"], e["active"])
        == (PositionType.EXECUTOR, None, False, True)
        for e in employees.values()
    )
    stored = (await session.scalars(select(Employee))).all()
    assert all(e.created_at == e.updated_at == clock() for e in stored)
    assert all(e.telegram_user_id is None for e in stored)

    audit = await _audit(session)
    assert sorted(a.entity_id or 0 for a in audit) == sorted(e.id for e in stored)
    assert {(a.action, a.entity, a.actor_label, a.actor_id, a.at) for a in audit} == {
        ("employee.create", "employee", "cli", None, clock())
    }
    boss = next(e for e in stored if e.nip == make_nip(2))
    [boss_audit] = [a for a in audit if a.entity_id == boss.id]
    assert boss_audit.before is None
    assert boss_audit.after is not None
    assert boss_audit.after["name"] == "Kepala Bidang A"
    assert boss_audit.after["supervisor_nip"] == make_nip(1)


async def test_existing_units_are_reused(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency = await make_agency(session, clock())
    root = await make_unit(session, agency, "Dinas Uji")
    await session.commit()
    path = write_csv(tmp_path / "pegawai.csv", STAFF)

    result = await _import(session, agency, path, clock())

    assert result.units_created == 4
    units = (await session.scalars(select(Unit).where(Unit.path == "Dinas Uji"))).all()
    assert [u.id for u in units] == [root.id]
    boss = await session.scalar(select(Employee).where(Employee.nip == make_nip(1)))
    assert boss is not None
    assert boss.unit_id == root.id


async def test_optional_columns_are_applied(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency = await make_agency(session, clock())
    await session.commit()
    rows = [
        [make_nip(1), "Kepala", "Kepala Dinas", "Dinas Uji", "", "JPT", "WITA", "Ya"],
        [make_nip(2), "Dokter", "Dokter", "Dinas Uji", make_nip(1), "jf", "Asia/Jayapura", "0"],
        [make_nip(3), "Staf", "Pengadministrasi", "Dinas Uji", make_nip(1), "", "", "tidak"],
    ]  # fmt: skip
    path = write_csv(tmp_path / "pegawai.csv", rows, header=HEADER + OPTIONAL)

    await _import(session, agency, path, clock())

    employees = await _employees(session)
    got = {n: (e["position_type"], e["timezone"], e["is_admin"]) for n, e in employees.items()}
    assert got == {
        make_nip(1): (PositionType.STRUCTURAL, "Asia/Makassar", True),
        make_nip(2): (PositionType.FUNCTIONAL, "Asia/Jayapura", False),
        make_nip(3): (PositionType.EXECUTOR, None, False),
    }


async def test_xlsx_import(session: AsyncSession, clock: FrozenClock, tmp_path: Path) -> None:
    agency = await make_agency(session, clock())
    await session.commit()
    path = write_xlsx(
        tmp_path / "pegawai.xlsx",
        [[*row, "pelaksana", "WIB", row[4] == ""] for row in STAFF],
        header=HEADER + OPTIONAL,
    )

    result = await _import(session, agency, path, clock())

    assert result.created == 5
    employees = await _employees(session)
    assert employees[make_nip(4)]["supervisor"] == make_nip(2)
    assert employees[make_nip(1)]["is_admin"] is True
    assert employees[make_nip(2)]["is_admin"] is False
    assert employees[make_nip(2)]["timezone"] == "Asia/Jakarta"


async def test_reimporting_the_same_file_changes_nothing(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await make_agency(session, clock())
    await session.commit()
    path = write_csv(
        tmp_path / "pegawai.csv",
        [[*row, "fungsional", "WITA", "ya"] for row in STAFF],
        header=HEADER + OPTIONAL,
    )
    await _import(session, agency, path, clock())
    before = await db_state(session_factory)
    clock.advance(minutes=60)

    result = await _import(session, agency, path, clock())

    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert result.units_created == 0
    assert result.changed_nips == []
    assert await db_state(session_factory) == before  # incl. updated_at and the audit trail


async def test_edited_file_updates_in_place_and_audits_only_changed_fields(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await make_agency(session, clock())
    await session.commit()
    await _import(session, agency, write_csv(tmp_path / "v1.csv", STAFF), clock())
    first_import = clock()
    ids = {e.nip: e.id for e in (await session.scalars(select(Employee))).all()}
    units = {u.path: u.id for u in (await session.scalars(select(Unit))).all()}
    audit_before = len(await _audit(session))
    clock.advance(minutes=30)

    edited = [list(row) for row in STAFF]
    edited[2][1] = "Staf Seksi Satu, S.E."  # make_nip(3): renamed
    edited[2][3] = "Dinas Uji / Bidang A / Seksi 2"  # ... and moved
    edited[4][4] = make_nip(2)  # make_nip(5): new supervisor
    edited[1][2] = "Sekretaris"  # make_nip(2): new position
    result = await _import(session, agency, write_csv(tmp_path / "v2.csv", edited), clock())

    assert (result.created, result.updated, result.unchanged) == (0, 3, 2)
    assert sorted(result.changed_nips) == sorted([make_nip(2), make_nip(3), make_nip(5)])
    assert result.units_created == 0
    session.expunge_all()
    stored = {e.nip: e for e in (await session.scalars(select(Employee))).all()}
    assert {nip: e.id for nip, e in stored.items()} == ids  # same rows, no duplicates
    updated_at = {nip: e.updated_at for nip, e in stored.items()}
    assert updated_at == {
        make_nip(1): first_import,
        make_nip(2): clock(),
        make_nip(3): clock(),
        make_nip(4): first_import,
        make_nip(5): clock(),
    }
    new_audit = (await _audit(session))[audit_before:]
    changes = {a.entity_id: (a.action, a.before, a.after) for a in new_audit}
    assert changes == {
        ids[make_nip(3)]: (
            "employee.update",
            {"name": "Staf Seksi Satu", "unit_id": units["Dinas Uji / Bidang A / Seksi 1"]},
            {"name": "Staf Seksi Satu, S.E.", "unit_id": units["Dinas Uji / Bidang A / Seksi 2"]},
        ),
        ids[make_nip(5)]: (
            "employee.update",
            {"supervisor_nip": make_nip(1)},
            {"supervisor_nip": make_nip(2)},
        ),
        ids[make_nip(2)]: (
            "employee.update",
            {"position": "Kepala Bidang"},
            {"position": "Sekretaris"},
        ),
    }
    assert all(a.at == clock() for a in new_audit)


async def test_reversing_a_reporting_line_is_not_a_cycle(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency = await make_agency(session, clock())
    await session.commit()
    v1 = [
        [make_nip(1), "Lama", "Kepala", "Dinas Uji", ""],
        [make_nip(2), "Baru", "Staf", "Dinas Uji", make_nip(1)],
    ]
    v2 = [
        [make_nip(1), "Lama", "Staf", "Dinas Uji", make_nip(2)],
        [make_nip(2), "Baru", "Kepala", "Dinas Uji", ""],
    ]
    await _import(session, agency, write_csv(tmp_path / "v1.csv", v1), clock())
    result = await _import(session, agency, write_csv(tmp_path / "v2.csv", v2), clock())

    assert result.updated == 2
    employees = await _employees(session)
    assert employees[make_nip(1)]["supervisor"] == make_nip(2)
    assert employees[make_nip(2)]["supervisor"] is None


async def test_employees_absent_from_the_file_are_left_alone(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await make_agency(session, clock())
    await session.commit()
    await _import(session, agency, write_csv(tmp_path / "v1.csv", STAFF), clock())
    before = await db_state(session_factory)
    clock.advance(minutes=5)

    only_head = [row for row in STAFF if row[0] == make_nip(1)]
    result = await _import(session, agency, write_csv(tmp_path / "v2.csv", only_head), clock())

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert await db_state(session_factory) == before


async def test_absent_optional_columns_keep_stored_values(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await make_agency(session, clock())
    await session.commit()
    with_optional = write_csv(
        tmp_path / "v1.csv",
        [[*row, "fungsional", "WIT", "ya"] for row in STAFF],
        header=HEADER + OPTIONAL,
    )
    await _import(session, agency, with_optional, clock())
    before = await db_state(session_factory)
    clock.advance(minutes=5)

    result = await _import(session, agency, write_csv(tmp_path / "v2.csv", STAFF), clock())

    assert result.unchanged == 5
    assert await db_state(session_factory) == before
    employees = await _employees(session)
    assert {(e["position_type"], e["timezone"], e["is_admin"]) for e in employees.values()} == {
        (PositionType.FUNCTIONAL, "Asia/Jayapura", True)
    }


async def test_non_admin_employee_may_not_import(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    clerk = await make_employee(session, agency, unit, 900, clock())
    await session.commit()
    before = await db_state(session_factory)

    with pytest.raises(NotAllowed):
        await _import(
            session, agency, write_csv(tmp_path / "p.csv", STAFF), clock(), Actor.employee(clerk.id)
        )

    assert await db_state(session_factory) == before


async def test_admin_employee_may_import_and_is_recorded_as_actor(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    admin = await make_employee(session, agency, unit, 900, clock(), is_admin=True)
    await session.commit()

    result = await _import(
        session, agency, write_csv(tmp_path / "p.csv", STAFF), clock(), Actor.employee(admin.id)
    )

    assert result.created == 5
    audit = await _audit(session)
    assert len(audit) == 5
    assert {(a.actor_id, a.actor_label) for a in audit} == {(admin.id, "employee")}
