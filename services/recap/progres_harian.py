"""e-Kinerja BKN "Progres Harian": exactly the fields of DOMAIN §3, in that order, one row per
approved activity, so the rows can be re-used there instead of typed twice.

One sheet per person, named by NIP (the sheets of a unit export are in name order); every
sheet has the same header row and nothing else, ready to copy.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from services.recap.access import Member
from services.recap.lines import ActivityLine, clock_text
from services.spreadsheet import append_row

HEADER = (
    "Rencana Aksi",
    "Tanggal",
    "Jam Mulai",
    "Jam Selesai",
    "Kegiatan",
    "Realisasi",
    "Satuan",
    "Bukti Dukung",
)


def row_of(line: ActivityLine) -> list[object]:
    return [
        line.plan_text,
        line.day,
        clock_text(line.start),
        clock_text(line.end),
        line.description,
        line.quantity,
        line.unit or "",
        "\n".join(line.evidence),
    ]


def to_xlsx(members: Sequence[Member], lines: Sequence[ActivityLine]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    by_person: dict[int, list[ActivityLine]] = {}
    for line in lines:
        by_person.setdefault(line.employee_id, []).append(line)
    for member in members:
        sheet = workbook.create_sheet(title=member.nip[:31] or str(member.id))
        append_row(sheet, list(HEADER))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in by_person.get(member.id, []):
            append_row(sheet, row_of(line))  # type: ignore[arg-type]
            sheet.cell(sheet.max_row, 2).number_format = "DD/MM/YYYY"
        for column, width in zip("ABCDEFGH", (40, 12, 10, 10, 60, 10, 12, 40), strict=True):
            sheet.column_dimensions[column].width = width
    if not members:
        append_row(workbook.create_sheet(title="Progres Harian"), list(HEADER))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
