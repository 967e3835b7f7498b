"""Helpers for staff-file tests: write real CSV/XLSX files and snapshot what the DB holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog, Employee, Unit
from services.staff_file import RawRow, read_staff_file

HEADER = ["NIP", "Nama", "Jabatan", "Unit", "NIP Atasan"]


def write_csv(
    path: Path,
    rows: list[list[Any]],
    *,
    header: list[str] = HEADER,
    delimiter: str = ",",
    bom: bool = False,
    encoding: str = "utf-8",
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], *, header: list[str] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def read(path: Path) -> list[RawRow]:
    return read_staff_file(path.name, path.read_bytes())


async def db_state(
    factory: async_sessionmaker[AsyncSession],
) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import may touch, read through a fresh session (committed data only)."""
    async with factory() as s:
        employees = (
            await s.execute(select(*Employee.__table__.columns).order_by(Employee.id))
        ).all()
        units = (await s.execute(select(*Unit.__table__.columns).order_by(Unit.id))).all()
        audits = (await s.execute(select(*AuditLog.__table__.columns).order_by(AuditLog.id))).all()
    return {
        "employees": [tuple(r) for r in employees],
        "units": [tuple(r) for r in units],
        "audit": [tuple(r) for r in audits],
    }
