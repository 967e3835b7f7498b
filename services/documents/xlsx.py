"""A document as an XLSX workbook (openpyxl); every string goes through `services.spreadsheet`,
so nothing a user typed becomes a formula."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from services.documents.model import Document
from services.documents.pdf import DRAFT_BANNER
from services.spreadsheet import append_row

BOLD = Font(bold=True)


def to_xlsx(document: Document, today: date | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = document.kind
    if document.letterhead:
        append_row(sheet, [document.letterhead.upper()])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    append_row(sheet, [document.title])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
    if not document.approved:
        append_row(sheet, [DRAFT_BANNER])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13, color="C00000")
    for role, party in document.header:
        append_row(
            sheet,
            [role, party.name, party.nip, party.position, party.unit] if party else [role, "-"],
        )
    for table in document.tables:
        append_row(sheet, [])
        append_row(sheet, [table.title])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        if not table.rows:
            append_row(sheet, [table.empty])
            continue
        append_row(sheet, table.head)
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        for row in table.rows:
            append_row(sheet, row)
    append_row(sheet, [])
    for label, value in document.extra:
        append_row(sheet, [label, value])
    line = document.dated_line(today)
    if document.signers:
        append_row(sheet, [])
        if line:
            append_row(sheet, [line])
        append_row(sheet, [role for role, _ in document.signers])
        append_row(sheet, [])  # room for the wet signatures
        append_row(sheet, [party.name if party else "-" for _, party in document.signers])
        append_row(sheet, [f"NIP {party.nip}" if party else "-" for _, party in document.signers])
    elif line:
        append_row(sheet, [])
        append_row(sheet, [line])
    for column in "ABCDEFGH":
        sheet.column_dimensions[column].width = 26
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
