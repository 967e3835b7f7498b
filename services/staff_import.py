"""Staff import: validate every row first, then upsert units and employees in one transaction.

Nothing is written if any row is bad. Re-importing the same file changes nothing; an edited
file updates employees in place (keyed by NIP). Employees absent from the file are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import EllipsisType
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Departure, Employee, PositionType, Unit
from services import audit
from services.audit import Actor
from services.directory import require_admin
from services.errors import Invalid, Problem
from services.localtime import employee_today
from services.nip import NipError, parse_nip
from services.staff_file import RawRow
from services.text import one_line
from services.transfers import (
    Posted,
    check_effective,
    parse_effective_cell,
    posted,
    posting_since,
    record_change,
)
from services.zones import parse_zone

MAX_TEXT = 200
MAX_UNIT_PATH = 1000  # the unit.path column
UNIT_JOINER = " / "
UNIT_SEPARATORS = ("/", ">")
_TRUE = {"ya", "y", "yes", "true", "1", "admin"}
_FALSE = {"tidak", "t", "no", "n", "false", "0", ""}
_POSITION_TYPES = {
    "struktural": PositionType.STRUCTURAL,
    "jpt": PositionType.STRUCTURAL,
    "administrator": PositionType.STRUCTURAL,
    "pengawas": PositionType.STRUCTURAL,
    "fungsional": PositionType.FUNCTIONAL,
    "jf": PositionType.FUNCTIONAL,
    "pelaksana": PositionType.EXECUTOR,
    "": PositionType.EXECUTOR,
}


@dataclass(frozen=True)
class RowIssue:
    """One problem in one row. `code` names the problem; `detail` carries its specifics."""

    row: int
    column: str
    code: str
    detail: str = ""


class ImportRejected(Invalid):
    def __init__(self, issues: list[RowIssue]) -> None:
        super().__init__(Problem.IMPORT_REJECTED, count=len(issues))
        self.issues = issues


@dataclass(frozen=True)
class StaffRow:
    row: int
    nip: str
    name: str
    position: str
    unit_path: tuple[str, ...]
    supervisor_nip: str | None
    # None (or ... for the zone, where None means "agency default"): the column is absent
    # from the file, so the stored value is kept.
    position_type: PositionType | None
    timezone: str | EllipsisType | None
    is_admin: bool | None
    # From `tanggal_efektif`: a change of unit, supervisor or position counts from this date
    # (a posting in the history, services/transfers.py) instead of silently overwriting.
    effective: date | None = None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    changed_nips: list[str] = field(default_factory=list)


def _split_unit(raw: str) -> tuple[str, ...]:
    text = raw
    for sep in UNIT_SEPARATORS[1:]:
        text = text.replace(sep, UNIT_SEPARATORS[0])
    return tuple(one_line(p) for p in text.split(UNIT_SEPARATORS[0]) if p.strip())


def _parse_nip_cell(raw: RawRow, column: str, issues: list[RowIssue]) -> str | None:
    if column in raw.numeric_columns:
        issues.append(RowIssue(raw.number, column, "nip_numeric", raw.values[column]))
        return None
    try:
        return parse_nip(raw.values[column]).digits
    except NipError as exc:
        issues.append(RowIssue(raw.number, column, "nip_invalid", exc.reason))
        return None


def _parse_row(raw: RawRow, issues: list[RowIssue]) -> tuple[str | None, StaffRow | None]:
    """Return the row's NIP (if readable, even when other cells are bad) and the parsed row."""
    v = raw.values
    before = len(issues)
    nip = _parse_nip_cell(raw, "nip", issues)
    for column in ("nama", "jabatan", "unit"):
        if not v[column]:
            issues.append(RowIssue(raw.number, column, "required"))
        elif len(v[column]) > MAX_TEXT and column != "unit":
            issues.append(RowIssue(raw.number, column, "too_long", str(MAX_TEXT)))
    unit_path = _split_unit(v["unit"])
    if v["unit"] and (
        not unit_path
        or any(len(p) > MAX_TEXT for p in unit_path)
        or len(UNIT_JOINER.join(unit_path)) > MAX_UNIT_PATH
    ):
        issues.append(RowIssue(raw.number, "unit", "unit_invalid"))
    supervisor_nip = _parse_nip_cell(raw, "nip_atasan", issues) if v["nip_atasan"] else None
    position_type: PositionType | None = None
    if "jenis_jabatan" in v:
        position_type = _POSITION_TYPES.get(v["jenis_jabatan"].strip().lower())
        if position_type is None:
            issues.append(RowIssue(raw.number, "jenis_jabatan", "unknown_position_type"))
    timezone: str | EllipsisType | None = Ellipsis
    if "zona_waktu" in v:
        timezone = parse_zone(v["zona_waktu"]) if v["zona_waktu"] else None
        if v["zona_waktu"] and timezone is None:
            issues.append(RowIssue(raw.number, "zona_waktu", "unknown_zone", v["zona_waktu"]))
    is_admin: bool | None = None
    if "admin" in v:
        flag = v["admin"].strip().lower()
        is_admin = flag in _TRUE
        if flag not in _TRUE | _FALSE:
            issues.append(RowIssue(raw.number, "admin", "bad_flag", v["admin"]))
    effective: date | None = None
    if v.get("tanggal_efektif"):
        try:
            effective = parse_effective_cell(v["tanggal_efektif"])
        except ValueError:
            issues.append(RowIssue(raw.number, "tanggal_efektif", "bad_date", v["tanggal_efektif"]))
    if len(issues) > before or nip is None:
        return nip, None
    return nip, StaffRow(
        row=raw.number,
        nip=nip,
        name=one_line(v["nama"]),
        position=one_line(v["jabatan"]),
        unit_path=unit_path,
        supervisor_nip=supervisor_nip,
        position_type=position_type,
        timezone=timezone,
        is_admin=is_admin,
        effective=effective,
    )


def _cycle_rows(rows: dict[str, StaffRow], graph: dict[str, str | None]) -> set[str]:
    """NIPs of file rows whose supervisor chain (file over DB) leads back to themselves."""
    on_cycle: set[str] = set()
    for start in rows:
        seen = {start}
        current = graph.get(start)
        while current is not None and current not in seen:
            seen.add(current)
            current = graph.get(current)
        if current == start:
            on_cycle.add(start)
    return on_cycle


async def validate(session: AsyncSession, agency_id: int, raw_rows: list[RawRow]) -> list[StaffRow]:
    """Return the parsed rows, or raise `ImportRejected` listing every bad row."""
    issues: list[RowIssue] = []
    parsed: dict[str, StaffRow] = {}
    first_row: dict[str, int] = {}
    for raw in raw_rows:
        nip, row = _parse_row(raw, issues)
        if nip is None:
            continue
        if nip in first_row:
            issues.append(RowIssue(raw.number, "nip", "duplicate_nip", str(first_row[nip])))
            continue
        first_row[nip] = raw.number
        if row is not None:
            parsed[nip] = row

    stored = (
        await session.execute(
            select(Employee.id, Employee.nip, Employee.supervisor_id, Employee.active).where(
                Employee.agency_id == agency_id
            )
        )
    ).all()
    nip_by_id = {r.id: r.nip for r in stored}
    graph: dict[str, str | None] = {
        r.nip: nip_by_id.get(r.supervisor_id) if r.supervisor_id else None for r in stored
    }
    active_stored = {r.nip for r in stored if r.active}
    for row in parsed.values():
        graph[row.nip] = row.supervisor_nip

    for row in parsed.values():
        sup = row.supervisor_nip
        if sup is None:
            continue
        if sup == row.nip:
            issues.append(RowIssue(row.row, "nip_atasan", "own_supervisor"))
        elif sup not in first_row and sup not in active_stored:
            issues.append(RowIssue(row.row, "nip_atasan", "unknown_supervisor"))
    for nip in sorted(_cycle_rows(parsed, graph), key=lambda n: parsed[n].row):
        if parsed[nip].supervisor_nip != nip:
            issues.append(RowIssue(parsed[nip].row, "nip_atasan", "supervisor_cycle"))

    if issues:
        raise ImportRejected(sorted(issues, key=lambda i: (i.row, i.column)))
    return list(parsed.values())


async def _ensure_units(
    session: AsyncSession, agency_id: int, paths: set[tuple[str, ...]], result: ImportResult
) -> dict[tuple[str, ...], int]:
    existing = {
        u.path: u
        for u in (await session.scalars(select(Unit).where(Unit.agency_id == agency_id))).all()
    }
    ids: dict[tuple[str, ...], int] = {}
    for path in sorted(paths, key=len):
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            key = UNIT_JOINER.join(prefix)
            unit = existing.get(key)
            if unit is None:
                parent_id = ids[prefix[:-1]] if depth > 1 else None
                unit = Unit(agency_id=agency_id, parent_id=parent_id, name=prefix[-1], path=key)
                session.add(unit)
                await session.flush()
                existing[key] = unit
                result.units_created += 1
            ids[prefix] = unit.id
    return ids


def _snapshot(employee: Employee, supervisor_nip: str | None) -> dict[str, Any]:
    return {
        "name": employee.name,
        "position": employee.position,
        "position_type": str(employee.position_type),
        "unit_id": employee.unit_id,
        "supervisor_nip": supervisor_nip,
        "timezone": employee.timezone,
        "is_admin": employee.is_admin,
        "active": employee.active,
    }


async def apply(
    session: AsyncSession,
    agency_id: int,
    rows: list[StaffRow],
    actor: Actor,
    now: datetime,
) -> ImportResult:
    """Upsert validated rows and commit; audit every created or changed employee."""
    result = ImportResult()
    unit_ids = await _ensure_units(session, agency_id, {r.unit_path for r in rows}, result)
    employees = {
        e.nip: e
        for e in (
            await session.scalars(select(Employee).where(Employee.agency_id == agency_id))
        ).all()
    }
    nip_by_id = {e.id: e.nip for e in employees.values()}
    departed = set((await session.scalars(select(Departure.employee_id))).all())
    before: dict[str, dict[str, Any] | None] = {}
    postings: dict[str, tuple[date, Posted]] = {}
    for row in rows:
        employee = employees.get(row.nip)
        if employee is not None and row.effective is not None:
            postings[row.nip] = (row.effective, posted(employee))
        if employee is None:
            before[row.nip] = None
            employee = Employee(
                agency_id=agency_id,
                nip=row.nip,
                position_type=PositionType.EXECUTOR,
                is_admin=False,
                active=True,
                created_at=now,
                updated_at=now,
            )
            session.add(employee)
            employees[row.nip] = employee
        else:
            before[row.nip] = _snapshot(employee, nip_by_id.get(employee.supervisor_id or 0))
        employee.name = row.name
        employee.position = row.position
        employee.unit_id = unit_ids[row.unit_path]
        employee.active = employee.id not in departed  # a leaver stays gone on a re-import
        if row.position_type is not None:
            employee.position_type = row.position_type
        if not isinstance(row.timezone, EllipsisType):
            employee.timezone = row.timezone
        if row.is_admin is not None:
            employee.is_admin = row.is_admin
    await session.flush()
    for row in rows:
        employee = employees[row.nip]
        employee.supervisor_id = employees[row.supervisor_nip].id if row.supervisor_nip else None
    for nip, (day, was) in postings.items():
        await record_change(session, actor, employees[nip], day, was, now)
    for row in rows:
        employee = employees[row.nip]
        after = _snapshot(employee, row.supervisor_nip)
        old = before[row.nip]
        if old is None:
            result.created += 1
            action, changed_before, changed_after = "employee.create", None, after
        elif old != after:
            result.updated += 1
            keys = [k for k in after if after[k] != old[k]]
            action = "employee.update"
            changed_before = {k: old[k] for k in keys}
            changed_after = {k: after[k] for k in keys}
            employee.updated_at = now
        else:
            result.unchanged += 1
            continue
        result.changed_nips.append(row.nip)
        audit.record(
            session,
            actor=actor,
            at=now,
            action=action,
            entity="employee",
            entity_id=employee.id,
            before=changed_before,
            after=changed_after,
        )
    await session.commit()
    return result


async def _check_dates(
    session: AsyncSession, agency_id: int, rows: list[StaffRow], now: datetime
) -> None:
    """Every `tanggal_efektif` of a known employee within the transfer bounds."""
    issues: list[RowIssue] = []
    known = {
        e.nip: e
        for e in (
            await session.scalars(select(Employee).where(Employee.agency_id == agency_id))
        ).all()
    }
    for row in rows:
        employee = known.get(row.nip)
        if row.effective is None or employee is None:
            continue
        try:
            check_effective(
                row.effective,
                await employee_today(session, employee, now),
                await posting_since(session, employee),
            )
        except Invalid:
            issues.append(RowIssue(row.row, "tanggal_efektif", "date_out_of_range"))
    if issues:
        raise ImportRejected(issues)


async def import_staff(
    session: AsyncSession, agency_id: int, raw_rows: list[RawRow], actor: Actor, now: datetime
) -> ImportResult:
    """Validate then apply; only an agency admin or a system actor may import."""
    await require_admin(session, actor, agency_id)
    rows = await validate(session, agency_id, raw_rows)
    await _check_dates(session, agency_id, rows, now)
    return await apply(session, agency_id, rows, actor, now)
