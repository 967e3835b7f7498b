"""The personal data copy as files: JSON (complete, machine-readable) and XLSX (one sheet per
table; every string written as text by `services.spreadsheet`, never as a formula)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from services.personal_data import PersonalData

if TYPE_CHECKING:
    from services.spreadsheet import CellValue


def _plain(value: Any) -> Any:
    """A value as JSON holds it: moments in ISO 8601 (UTC), numbers exact, enums by value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def to_json(data: PersonalData) -> bytes:
    document = {
        "nip": data.nip,
        "name": data.name,
        "generated_at": data.generated_at.isoformat(),
        "tables": {
            name: [{k: _plain(v) for k, v in row.items()} for row in rows]
            for name, rows in data.tables.items()
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _cell(value: Any) -> CellValue:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    plain = _plain(value)
    return plain if plain is None or isinstance(plain, str | int | float) else str(plain)


def to_xlsx(data: PersonalData) -> bytes:
    from openpyxl import Workbook  # imported when a file is built (heavy)

    from services.spreadsheet import append_row

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "info"
    append_row(about, ["nip", data.nip])
    append_row(about, ["name", data.name])
    append_row(about, ["generated_at (UTC)", data.generated_at.isoformat()])
    for name, rows in data.tables.items():
        sheet = book.create_sheet(name[:31])
        columns = list(rows[0]) if rows else []
        append_row(sheet, columns)
        for row in rows:
            append_row(sheet, [_cell(row[c]) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
