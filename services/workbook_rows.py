"""The rows of an uploaded workbook's first sheet, as values (never formulas evaluated).

openpyxl is imported when a file arrives, not with the bot: it (with Pillow and numpy, which it
pulls in) weighs tens of MiB in every process."""

from __future__ import annotations

import io
from typing import Any


class UnreadableWorkbook(Exception):
    """Not an .xlsx openpyxl can open; `reason` is the exception's type name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def first_sheet_rows(data: bytes, max_row: int | None = None) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise UnreadableWorkbook(type(exc).__name__) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(r) for r in sheet.iter_rows(max_row=max_row, values_only=True)]
    finally:
        workbook.close()
