"""Unit monthly TPP activity recap (DOMAIN §3): per person the workdays, days on leave, the
required days, approved effective minutes and the capped ratio
`min(approved, cap) / (required days × daily target)`, with cap = required days × target."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from services.recap.lines import month_name
from services.recap.month import MonthRecap
from services.recap.months import Month
from services.spreadsheet import append_row

TITLE = "REKAPITULASI AKTIVITAS TPP"
HEADER = (
    "No",
    "NIP",
    "Nama",
    "Jabatan",
    "Hari Kerja",
    "Hari Cuti/Sakit/DL",
    "Hari Wajib",
    "Menit Disetujui",
    "Target Menit",
    "Menit Diakui",
    "Rasio Aktivitas (%)",
)


def accepted_minutes(recap: MonthRecap) -> int:
    return min(recap.approved_minutes, recap.month_target)


def to_xlsx(
    title: str, month: Month, target_minutes: int, people: Sequence[MonthRecap], printed: date
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rekap TPP"
    append_row(sheet, [TITLE])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, ["Unit", title])
    append_row(sheet, ["Bulan", month_name(month.year, month.month)])
    append_row(sheet, ["Target harian (menit)", target_minutes])
    append_row(
        sheet,
        [f"Rasio = min(menit disetujui, target menit) / target menit; dicetak {printed:%d/%m/%Y}"],
    )
    append_row(sheet, [])
    append_row(sheet, list(HEADER))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, person in enumerate(people, 1):
        ratio = person.ratio
        append_row(
            sheet,
            [
                number,
                person.member.nip,
                person.member.name,
                person.member.position,
                person.workdays,
                person.leave_days,
                person.required_days,
                person.approved_minutes,
                person.month_target,
                accepted_minutes(person),
                round(ratio * 100, 2) if ratio is not None else None,
            ],
        )
    for column, width in zip(
        "ABCDEFGHIJK", (5, 21, 30, 28, 10, 12, 10, 12, 12, 12, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
