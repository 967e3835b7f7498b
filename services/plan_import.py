"""SKP from a spreadsheet (agencies prepare SKPs in Excel). One row per indicator:

    jenis | rhk_atasan | rhk | aspek | iki | target | satuan | rencana_aksi_1 … rencana_aksi_12

Rows with the same `rhk` form one RHK. `rhk_atasan` is the number or the text of the
supervisor's RHK it intervenes. Every row is checked first; any bad row imports nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import Aspect, Employee, Plan, ResultKind
from services.plans import (
    MAX_PLAN_TEXT,
    IndicatorInput,
    ItemInput,
    save_draft,
    supervisor_items,
)
from services.staff_import import ImportRejected, RowIssue
from services.text import one_line, without_controls
from services.workbook_rows import UnreadableWorkbook, first_sheet_rows

REQUIRED = ("jenis", "rhk", "aspek", "iki", "target", "satuan")
_KINDS = {"utama": ResultKind.MAIN, "tambahan": ResultKind.ADDITIONAL}
_ASPECTS = {a.value: a for a in Aspect}


def _header(row: Any) -> list[str]:
    return ["_".join(str(h or "").strip().lower().split()) for h in row]


def is_plan_sheet(data: bytes) -> bool:
    """The first sheet's header row has the SKP columns (a file sent without the caption SKP is
    still recognised; a staff file has other columns: nip, nama, …)."""
    try:
        rows = first_sheet_rows(data, max_row=1)
    except UnreadableWorkbook:
        return False
    return bool(rows) and set(REQUIRED) <= set(_header(rows[0]))


def _rows(data: bytes) -> tuple[list[str], list[list[Any]]]:
    try:
        table = first_sheet_rows(data)
    except UnreadableWorkbook as exc:
        raise ImportRejected([RowIssue(0, "file", "unreadable")]) from exc
    if not table:
        raise ImportRejected([RowIssue(1, "header", "columns", ", ".join(REQUIRED))])
    header = _header(table[0])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportRejected([RowIssue(1, "header", "columns", ", ".join(missing))])
    return header, table[1:]


async def import_plan(
    session: AsyncSession, employee: Employee, year: int, data: bytes, *, now: datetime
) -> Plan:
    header, rows = _rows(data)
    parents = await supervisor_items(session, employee, date(year, 1, 1))
    by_number = {str(n): p.id for n, p in enumerate(parents, 1)}
    by_text = {one_line(p.text.lower()): p.id for p in parents}
    issues: list[RowIssue] = []
    items: dict[str, ItemInput] = {}
    for number, cells in enumerate(rows, start=2):
        row = {h: cells[i] if i < len(cells) else None for i, h in enumerate(header)}
        text = {k: without_controls(str(v)) if v is not None else "" for k, v in row.items()}
        if not any(text.values()):
            continue
        for column in REQUIRED:
            if not text.get(column):
                issues.append(RowIssue(number, column, "required"))
        for column in ("rhk", "iki", "satuan", *(f"rencana_aksi_{p}" for p in range(1, 13))):
            limit = 50 if column == "satuan" else MAX_PLAN_TEXT
            if len(" ".join(text.get(column, "").split())) > limit:
                issues.append(RowIssue(number, column, "too_long", str(limit)))
        kind = _KINDS.get(text.get("jenis", "").lower())
        if text.get("jenis") and kind is None:
            issues.append(RowIssue(number, "jenis", "plan_kind"))
        aspect = _ASPECTS.get(text.get("aspek", "").lower())
        if text.get("aspek") and aspect is None:
            issues.append(RowIssue(number, "aspek", "plan_aspect"))
        try:
            target = Decimal(text.get("target", "").replace(",", "."))
            if target <= 0:
                raise InvalidOperation
        except InvalidOperation:
            target = Decimal(0)
            if text.get("target"):
                issues.append(RowIssue(number, "target", "plan_target"))
        parent: int | None = None
        wanted = " ".join(text.get("rhk_atasan", "").lower().split())
        if wanted:
            parent = by_number.get(wanted) or by_text.get(wanted)
            if parent is None:
                issues.append(RowIssue(number, "rhk_atasan", "plan_parent"))
        if issues and issues[-1].row == number:
            continue
        assert kind is not None
        assert aspect is not None
        item = items.setdefault(
            one_line(text["rhk"].lower()),
            ItemInput(text=text["rhk"], kind=kind, parent_item_id=parent),
        )
        item.indicators.append(IndicatorInput(text["iki"], target, text["satuan"], aspect))
        for period in range(1, 13):
            action = text.get(f"rencana_aksi_{period}")
            if action:
                item.actions[period] = action
    if issues:
        raise ImportRejected(issues)
    if not items:
        raise ImportRejected([RowIssue(2, "rhk", "required")])
    return await save_draft(session, employee, year, list(items.values()), now=now)
