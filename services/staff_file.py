"""Read a staff spreadsheet (CSV or XLSX) into raw rows keyed by normalised column name."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from services.errors import Invalid, Problem
from services.text import without_controls
from services.workbook_rows import UnreadableWorkbook, first_sheet_rows

REQUIRED_COLUMNS = ("nip", "nama", "jabatan", "unit", "nip_atasan")
OPTIONAL_COLUMNS = ("jenis_jabatan", "zona_waktu", "admin", "tanggal_efektif")


@dataclass(frozen=True)
class RawRow:
    number: int  # the row number as the spreadsheet shows it (header is row 1)
    values: dict[str, str]
    # Columns whose cell Excel stored as a float: an 18-digit NIP has lost digits there.
    numeric_columns: frozenset[str] = frozenset()

    @property
    def numeric_nip(self) -> bool:
        return "nip" in self.numeric_columns


class StaffFileError(Invalid):
    """The file as a whole is unusable; `reason` is unsupported_type, unreadable or columns."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(Problem.STAFF_FILE)
        self.reason = reason
        self.detail = detail


def _normalise_header(name: Any) -> str:
    return "_".join(str(name or "").strip().lower().split())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return without_controls(str(value))


def _rows_from_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _rows_from_xlsx(data: bytes) -> list[list[Any]]:
    try:
        return first_sheet_rows(data)
    except UnreadableWorkbook as exc:
        raise StaffFileError("unreadable", exc.reason) from exc


def read_staff_file(filename: str, data: bytes) -> list[RawRow]:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        table = _rows_from_csv(data)
    elif suffix == ".xlsx":
        table = _rows_from_xlsx(data)
    else:
        raise StaffFileError("unsupported_type", suffix or filename)
    if not table:
        raise StaffFileError("columns", ", ".join(REQUIRED_COLUMNS))
    header = [_normalise_header(h) for h in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise StaffFileError("columns", ", ".join(missing))
    known = {c: header.index(c) for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if c in header}
    rows: list[RawRow] = []
    for offset, cells in enumerate(table[1:], start=2):
        values = {
            col: _cell_text(cells[idx]) if idx < len(cells) else "" for col, idx in known.items()
        }
        if not any(values.values()):
            continue
        numeric = frozenset(
            col
            for col in ("nip", "nip_atasan")
            if known[col] < len(cells) and isinstance(cells[known[col]], float)
        )
        rows.append(RawRow(offset, values, numeric_columns=numeric))
    return rows
