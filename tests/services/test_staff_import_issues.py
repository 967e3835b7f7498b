"""Bad staff files: every problem is reported with its row number and nothing is written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, Employee
from services.audit import Actor
from services.staff_import import ImportRejected, RowIssue, import_staff
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_nip, make_unit
from tests.services.staff_helpers import HEADER, db_state, read, write_csv, write_xlsx

FULL_HEADER = [*HEADER, "Jenis Jabatan", "Zona Waktu", "Admin"]


def _row(i: int, supervisor: str = "", **overrides: str) -> list[str]:
    values = {
        "nip": make_nip(i),
        "nama": f"Pegawai {i}",
        "jabatan": "Analis",
        "unit": "Dinas Uji / Bidang A",
        "nip_atasan": supervisor,
        "jenis": "pelaksana",
        "zona": "WIB",
        "admin": "tidak",
    } | overrides
    return list(values.values())


async def _seed(session: AsyncSession, now: datetime) -> Agency:
    """An agency with one stored employee and one audit row, so 'unchanged' means something."""
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    await make_employee(session, agency, unit, 500, now)
    await session.commit()
    return agency


async def _rejected(
    session: AsyncSession,
    factory: async_sessionmaker[AsyncSession],
    agency: Agency,
    path: Path,
    now: datetime,
) -> list[RowIssue]:
    before = await db_state(factory)
    with pytest.raises(ImportRejected) as info:
        await import_staff(session, agency.id, read(path), Actor("cli"), now)
    await session.rollback()
    assert await db_state(factory) == before
    return info.value.issues


def _codes(issues: list[RowIssue]) -> list[tuple[int, str, str]]:
    return [(i.row, i.column, i.code) for i in issues]


async def test_every_bad_row_is_reported_at_once_and_nothing_is_written(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await _seed(session, clock())
    rows = [
        _row(1),  # 2: fine
        _row(2, nip="123"),  # 3
        _row(3, nip=make_nip(1)),  # 4: same NIP as row 2
        _row(4, nama=""),  # 5
        _row(5, jabatan="x" * 201),  # 6
        _row(6, unit=" / "),  # 7
        _row(7, supervisor=make_nip(99)),  # 8: nobody has this NIP
        _row(8, supervisor=make_nip(8)),  # 9
        _row(9, supervisor=make_nip(10)),  # 10: 9 -> 10 -> 9
        _row(10, supervisor=make_nip(9)),  # 11
        _row(11, zona="GMT+7"),  # 12
        _row(12, jenis="direktur"),  # 13
        _row(13, admin="mungkin"),  # 14
        _row(14, supervisor="abc"),  # 15
        _row(15, unit="Dinas Uji / " + "x" * 201),  # 16
        _row(16, nama="", jabatan=""),  # 17: two problems in one row
        _row(17, supervisor=make_nip(1)),  # 18: fine
    ]
    path = write_csv(tmp_path / "pegawai.csv", rows, header=FULL_HEADER)

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert issues == [
        RowIssue(3, "nip", "nip_invalid", "length"),
        RowIssue(4, "nip", "duplicate_nip", "2"),
        RowIssue(5, "nama", "required"),
        RowIssue(6, "jabatan", "too_long", "200"),
        RowIssue(7, "unit", "unit_invalid"),
        RowIssue(8, "nip_atasan", "unknown_supervisor"),
        RowIssue(9, "nip_atasan", "own_supervisor"),
        RowIssue(10, "nip_atasan", "supervisor_cycle"),
        RowIssue(11, "nip_atasan", "supervisor_cycle"),
        RowIssue(12, "zona_waktu", "unknown_zone", "GMT+7"),
        RowIssue(13, "jenis_jabatan", "unknown_position_type"),
        RowIssue(14, "admin", "bad_flag", "mungkin"),
        RowIssue(15, "nip_atasan", "nip_invalid", "digits"),
        RowIssue(16, "unit", "unit_invalid"),
        RowIssue(17, "jabatan", "required"),
        RowIssue(17, "nama", "required"),
    ]


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (_row(2, nip="19800101 201001 3 002"), ("nip", "nip_invalid", "gender")),
        (_row(2, nama="  "), ("nama", "required", "")),
        (_row(2, unit=""), ("unit", "required", "")),
        (_row(2, nama="n" * 201), ("nama", "too_long", "200")),
        (_row(2, unit=">"), ("unit", "unit_invalid", "")),
        (_row(2, supervisor=make_nip(2)), ("nip_atasan", "own_supervisor", "")),
        (_row(2, zona="WITA Bali"), ("zona_waktu", "unknown_zone", "WITA Bali")),
        (_row(2, jenis="honorer"), ("jenis_jabatan", "unknown_position_type", "")),
        (_row(2, admin="2"), ("admin", "bad_flag", "2")),
    ],
)
async def test_single_issue_is_reported_on_its_row(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
    bad: list[str],
    expected: tuple[str, str, str],
) -> None:
    agency = await _seed(session, clock())
    rows = [_row(1), [], bad, _row(3, supervisor=make_nip(1))]  # the bad row is row 4
    path = write_csv(tmp_path / "pegawai.csv", rows, header=FULL_HEADER, delimiter=";")

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert issues == [RowIssue(4, *expected)]


async def test_text_of_exactly_200_characters_is_accepted(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency = await _seed(session, clock())
    rows = [_row(1, nama="n" * 200, jabatan="j" * 200, unit="u" * 200)]
    path = write_csv(tmp_path / "pegawai.csv", rows, header=FULL_HEADER)

    result = await import_staff(session, agency.id, read(path), Actor("cli"), clock())

    assert result.created == 1
    stored = await session.scalar(select(Employee).where(Employee.nip == make_nip(1)))
    assert stored is not None
    assert (stored.name, stored.position) == ("n" * 200, "j" * 200)


async def test_numeric_nip_in_xlsx_is_rejected(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await _seed(session, clock())
    path = write_xlsx(
        tmp_path / "pegawai.xlsx",
        [
            [make_nip(1), "Kepala", "Kepala", "Dinas Uji", None],
            [float(make_nip(2)), "Staf", "Analis", "Dinas Uji", make_nip(1)],
        ],
    )

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert _codes(issues) == [(3, "nip", "nip_numeric")]


async def test_supervisor_stored_in_the_database_is_accepted(
    session: AsyncSession, clock: FrozenClock, tmp_path: Path
) -> None:
    agency = await _seed(session, clock())  # employee make_nip(500) is stored
    path = write_csv(tmp_path / "p.csv", [_row(1, supervisor=make_nip(500))], header=FULL_HEADER)

    await import_staff(session, agency.id, read(path), Actor("cli"), clock())

    boss = await session.scalar(select(Employee.id).where(Employee.nip == make_nip(500)))
    staff = await session.scalar(select(Employee).where(Employee.nip == make_nip(1)))
    assert staff is not None
    assert staff.supervisor_id == boss


async def test_inactive_stored_supervisor_is_unknown(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await _seed(session, clock())
    await session.execute(update(Employee).values(active=False))
    await session.commit()
    path = write_csv(tmp_path / "p.csv", [_row(1, supervisor=make_nip(500))], header=FULL_HEADER)

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert _codes(issues) == [(2, "nip_atasan", "unknown_supervisor")]


@pytest.mark.parametrize("chain", [1, 3])
async def test_cycle_through_employees_only_in_the_database(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
    chain: int,
) -> None:
    """Stored: head <- e1 <- ... <- e<chain>. The file makes the head report to e<chain>."""
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    head = await make_employee(session, agency, unit, 1, clock())
    boss = head
    for i in range(2, chain + 2):
        boss = await make_employee(session, agency, unit, i, clock(), supervisor=boss)
    await session.commit()
    path = write_csv(
        tmp_path / "p.csv",
        [_row(50), _row(1, supervisor=make_nip(chain + 1))],
        header=FULL_HEADER,
    )

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert _codes(issues) == [(3, "nip_atasan", "supervisor_cycle")]


async def test_supervisor_of_another_agency_is_unknown(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await _seed(session, clock())
    other = await make_agency(session, clock())
    other_unit = await make_unit(session, other, "Dinas Lain")
    await make_employee(session, other, other_unit, 600, clock())
    await session.commit()
    path = write_csv(tmp_path / "p.csv", [_row(1, supervisor=make_nip(600))], header=FULL_HEADER)

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert _codes(issues) == [(2, "nip_atasan", "unknown_supervisor")]


async def test_numeric_supervisor_nip_in_xlsx_is_rejected(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await _seed(session, clock())
    path = write_xlsx(
        tmp_path / "pegawai.xlsx",
        [
            [make_nip(0), "Kepala", "Kepala", "Dinas Uji", None],  # …001
            [make_nip(7), "Bukan Atasan", "Analis", "Dinas Uji", None],  # …008
            [make_nip(1), "Staf", "Analis", "Dinas Uji", float(make_nip(0))],
        ],
    )

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert _codes(issues) == [(4, "nip_atasan", "nip_numeric")]


async def test_duplicate_of_a_bad_row_is_also_reported(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await _seed(session, clock())
    rows = [_row(1, nama=""), _row(2, nip=make_nip(1))]
    path = write_csv(tmp_path / "p.csv", rows, header=FULL_HEADER)

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert _codes(issues) == [(2, "nama", "required"), (3, "nip", "duplicate_nip")]


async def test_supervisor_in_a_bad_row_is_not_called_unknown(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await _seed(session, clock())
    rows = [_row(1, jabatan=""), _row(2, supervisor=make_nip(1))]
    path = write_csv(tmp_path / "p.csv", rows, header=FULL_HEADER)

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert _codes(issues) == [(2, "jabatan", "required")]


async def test_unit_path_longer_than_the_column_is_reported(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    agency = await _seed(session, clock())
    deep = " / ".join(f"{i}" + "u" * 190 for i in range(6))  # every part is under 200
    path = write_csv(tmp_path / "p.csv", [_row(1, unit=deep)], header=FULL_HEADER)

    issues = await _rejected(session, session_factory, agency, path, clock())

    assert [(i.row, i.column) for i in issues] == [(2, "unit")]
