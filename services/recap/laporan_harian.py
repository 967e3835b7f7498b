"""Laporan Harian: one person's month as agencies print it for the supervisor's signature.

Header (employee, supervisor, month); one row per activity (date, times, Kegiatan, Realisasi
and Satuan, Bukti Dukung, status, the supervisor's decision and note); a total after each
day and for the month (all reported minutes and the approved ones); signature blocks.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from models import ActivityStatus
from services.documents import Party
from services.pdf_fonts import FONT, unicode_pdf
from services.recap.lines import STATUS_NAMES, ActivityLine, clock_text, month_name
from services.recap.months import Month
from services.spreadsheet import append_row

TITLE = "LAPORAN KINERJA HARIAN"
XLSX_HEAD = (
    "No",
    "Tanggal",
    "Jam Mulai",
    "Jam Selesai",
    "Menit",
    "Kegiatan",
    "Rencana Aksi / RHK",
    "Realisasi",
    "Satuan",
    "Bukti Dukung",
    "Status",
    "Keputusan Atasan",
    "Catatan Atasan",
)


@dataclass(frozen=True)
class DailyReport:
    employee: Party
    supervisor: Party | None
    month: Month
    lines: tuple[ActivityLine, ...]
    printed: date

    @property
    def title(self) -> str:
        return f"{TITLE} — {month_name(self.month.year, self.month.month).upper()}"

    def days(self) -> Iterator[tuple[date, list[ActivityLine]]]:
        for day, lines in groupby(self.lines, key=lambda line: line.day):
            yield day, list(lines)

    @property
    def total_minutes(self) -> int:
        return sum(
            line.minutes for line in self.lines if line.status is not ActivityStatus.REJECTED
        )

    @property
    def approved_minutes(self) -> int:
        return sum(line.minutes for line in self.lines if line.status is ActivityStatus.APPROVED)


def day_totals(lines: list[ActivityLine]) -> tuple[int, int]:
    """(minutes that still count, approved minutes) of one day's lines."""
    counted = sum(line.minutes for line in lines if line.status is not ActivityStatus.REJECTED)
    approved = sum(line.minutes for line in lines if line.status is ActivityStatus.APPROVED)
    return counted, approved


def decision_text(line: ActivityLine) -> str:
    if line.decided_by is None or line.status in (ActivityStatus.SUBMITTED,):
        return ""
    when = f", {line.decided_at:%d/%m/%Y}" if line.decided_at else ""
    return f"{STATUS_NAMES[line.status]} oleh {line.decided_by}{when}"


def _party_rows(label: str, party: Party | None) -> list[list[str]]:
    if party is None:
        return [[label, "-"]]
    return [
        [label, party.name],
        ["NIP", party.nip],
        ["Jabatan", party.position],
        ["Unit Kerja", party.unit],
    ]


def to_xlsx(report: DailyReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Laporan Harian"
    append_row(sheet, [TITLE])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, ["Bulan", month_name(report.month.year, report.month.month)])
    append_row(sheet, [])
    for row in _party_rows("Nama Pegawai", report.employee):
        append_row(sheet, row)
    append_row(sheet, [])
    for row in _party_rows("Atasan Langsung", report.supervisor):
        append_row(sheet, row)
    append_row(sheet, [])
    append_row(sheet, list(XLSX_HEAD))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    number = 0
    for day, lines in report.days():
        for line in lines:
            number += 1
            append_row(
                sheet,
                [
                    number,
                    line.day,
                    clock_text(line.start),
                    clock_text(line.end),
                    line.minutes,
                    line.description,
                    line.plan_text,
                    line.quantity,
                    line.unit or "",
                    "\n".join(line.evidence),
                    STATUS_NAMES[line.status],
                    decision_text(line),
                    line.note or "",
                ],
            )
            sheet.cell(sheet.max_row, 2).number_format = "DD/MM/YYYY"
        counted, approved = day_totals(lines)
        append_row(
            sheet, ["", f"Jumlah {day:%d/%m/%Y}", "", "", counted, f"disetujui {approved} menit"]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    append_row(
        sheet,
        [
            "",
            "Jumlah bulan ini",
            "",
            "",
            report.total_minutes,
            f"disetujui {report.approved_minutes} menit",
        ],
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    append_row(sheet, [])
    append_row(sheet, ["", f"Dicetak {report.printed:%d/%m/%Y}"])
    for row in _signature_rows(report):
        append_row(sheet, row)
    widths = (5, 12, 9, 9, 7, 45, 30, 9, 10, 30, 18, 30, 30)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=9):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _signature_rows(report: DailyReport) -> list[list[str]]:
    boss, employee = report.supervisor, report.employee
    return [
        ["", "Mengetahui, Atasan Langsung", "", "", "", "Pegawai yang bersangkutan"],
        [],
        [],
        ["", boss.name if boss else "-", "", "", "", employee.name],
        ["", f"NIP {boss.nip}" if boss else "-", "", "", "", f"NIP {employee.nip}"],
    ]


PDF_HEAD = ("No", "Tanggal", "Jam", "Menit", "Kegiatan", "Realisasi", "Bukti Dukung", "Status")
PDF_WIDTHS = (8, 20, 22, 13, 88, 24, 52, 50)


def to_pdf(report: DailyReport) -> bytes:
    pdf = unicode_pdf()
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, report.title, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(FONT, size=9)
    for label, party in (("Pegawai", report.employee), ("Atasan Langsung", report.supervisor)):
        heading = f"{label}: " + (
            f"{party.name} / NIP {party.nip} / {party.position} / {party.unit}" if party else "-"
        )
        pdf.multi_cell(0, 5, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, size=8)
    with pdf.table(col_widths=PDF_WIDTHS, text_align="LEFT", line_height=4.2) as table:
        head = table.row()
        for title in PDF_HEAD:
            head.cell(title)
        number = 0
        for day, lines in report.days():
            for line in lines:
                number += 1
                times = f"{clock_text(line.start)}-{clock_text(line.end)}" if line.start else ""
                output = f"{line.quantity} {line.unit or ''}".strip() if line.quantity else ""
                status = STATUS_NAMES[line.status]
                decision = decision_text(line)
                if decision:
                    status += f"\n{decision}"
                if line.note:
                    status += f"\nCatatan: {line.note}"
                row = table.row()
                for value in (
                    str(number),
                    f"{line.day:%d/%m/%Y}",
                    times,
                    str(line.minutes),
                    f"{line.description}\n[{line.plan_text}]",
                    output,
                    "\n".join(line.evidence),
                    status,
                ):
                    row.cell(value)
            counted, approved = day_totals(lines)
            row = table.row()
            row.cell(
                f"Jumlah {day:%d/%m/%Y}: {counted} menit, disetujui {approved} menit", colspan=8
            )
        row = table.row()
        row.cell(
            f"Jumlah bulan ini: {report.total_minutes} menit, "
            f"disetujui {report.approved_minutes} menit",
            colspan=8,
        )
    pdf.set_font(FONT, size=9)
    pdf.ln(4)
    pdf.cell(0, 5, f"Dicetak {report.printed:%d/%m/%Y}", new_x="LMARGIN", new_y="NEXT")
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    y = pdf.get_y()
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    boss, employee = report.supervisor, report.employee
    blocks = (
        ("Mengetahui, Atasan Langsung", boss.name if boss else "-", boss.nip if boss else "-"),
        ("Pegawai yang bersangkutan", employee.name, employee.nip),
    )
    for index, (role, name, nip) in enumerate(blocks):
        pdf.set_xy(pdf.l_margin + index * width, y)
        pdf.multi_cell(width, 5, f"{role}\n\n\n\n{name}\nNIP {nip}", align="C")
    return bytes(pdf.output())
