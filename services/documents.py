"""Documents in the official structure: the SKP and the Dokumen Evaluasi Kinerja Pegawai, as
PDF (fpdf2 with a Unicode TrueType font, `services.pdf_fonts`) and XLSX (openpyxl, every
typed text written as text by `services.spreadsheet`), ready to print for wet signatures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.ext.asyncio import AsyncSession

from models import CoreValue, Employee, Evaluation, Plan, Unit
from services.core_values import CORE_VALUE_NAMES
from services.pdf_fonts import FONT, unicode_pdf
from services.periods import bounds
from services.plan_progress import realized_by_item
from services.predicate import CREDIT_PERCENT, Predicate
from services.spreadsheet import append_row

PREDICATE_NAMES = {
    Predicate.VERY_GOOD: "Sangat Baik",
    Predicate.GOOD: "Baik",
    Predicate.NEEDS_IMPROVEMENT: "Butuh Perbaikan",
    Predicate.POOR: "Kurang/Misconduct",
    Predicate.VERY_POOR: "Sangat Kurang",
}
RATING_NAMES = {
    "di_atas": "Di Atas Ekspektasi",
    "sesuai": "Sesuai Ekspektasi",
    "di_bawah": "Di Bawah Ekspektasi",
}


@dataclass(frozen=True)
class Party:
    name: str
    nip: str
    position: str
    unit: str


@dataclass(frozen=True)
class Document:
    title: str
    header: list[tuple[str, Party | None]]
    table_head: list[str]
    table: list[list[str]]
    extra: list[tuple[str, str]]
    signers: list[tuple[str, Party | None]]


async def _party(session: AsyncSession, employee_id: int | None) -> Party | None:
    if employee_id is None:
        return None
    employee = await session.get(Employee, employee_id)
    if employee is None:
        return None
    unit = await session.get(Unit, employee.unit_id)
    return Party(employee.name, employee.nip, employee.position, unit.path if unit else "")


async def _parties(
    session: AsyncSession, employee_id: int, assessor_id: int | None
) -> tuple[Party | None, Party | None, Party | None]:
    assessor = await session.get(Employee, assessor_id) if assessor_id else None
    above = assessor.supervisor_id if assessor else None
    return (
        await _party(session, employee_id),
        await _party(session, assessor_id),
        await _party(session, above),
    )


def _fmt(value: object) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


async def plan_document(session: AsyncSession, plan: Plan) -> Document:
    employee, assessor, above = await _parties(session, plan.employee_id, plan.assessor_id)
    realized = await realized_by_item(session, [i.id for i in plan.items])
    rows = []
    for number, item in enumerate(plan.items, 1):
        for indicator in item.indicators:
            got = realized.get((item.id, indicator.target_unit.lower()), 0)
            rows.append(
                [
                    str(number),
                    item.kind.value.title(),
                    item.text,
                    indicator.aspect.value.title(),
                    indicator.text,
                    f"{_fmt(indicator.target_value)} {indicator.target_unit}",
                    f"{_fmt(got)} {indicator.target_unit}",
                ]
            )
    return Document(
        title=f"SASARAN KINERJA PEGAWAI {plan.year}",
        header=[("Pegawai yang dinilai", employee), ("Pejabat Penilai Kinerja", assessor)],
        table_head=["No", "Jenis", "Rencana Hasil Kerja", "Aspek", "IKI", "Target", "Realisasi"],
        table=rows,
        extra=[
            ("Periode", f"{plan.start_date:%d/%m/%Y} - {plan.end_date:%d/%m/%Y}"),
            ("Status", plan.status.value.title()),
            ("Ekspektasi khusus pimpinan", plan.leader_expectation or "-"),
            ("Dukungan sumber daya", plan.resources or "-"),
            ("Skema pertanggungjawaban", plan.accountability or "-"),
            ("Konsekuensi", plan.consequences or "-"),
        ],
        signers=[("Pegawai yang dinilai", employee), ("Pejabat Penilai Kinerja", assessor)]
        + ([("Atasan Pejabat Penilai Kinerja", above)] if above else []),
    )


async def evaluation_document(
    session: AsyncSession, evaluation: Evaluation, plan: Plan | None
) -> Document:
    employee, assessor, above = await _parties(
        session, evaluation.employee_id, evaluation.assessor_id
    )
    start, end = bounds(evaluation.period_key)
    notes = {n.plan_item_id: n.feedback for n in evaluation.notes}
    realized = (
        await realized_by_item(session, [i.id for i in plan.items], until=end) if plan else {}
    )
    rows = []
    for number, item in enumerate(plan.items if plan else [], 1):
        for indicator in item.indicators:
            got = realized.get((item.id, indicator.target_unit.lower()), 0)
            rows.append(
                [
                    str(number),
                    item.text,
                    indicator.text,
                    f"{_fmt(indicator.target_value)} {indicator.target_unit}",
                    f"{_fmt(got)} {indicator.target_unit}",
                    notes.get(item.id, "-"),
                ]
            )
    behaviour = [
        (f"Perilaku: {v.value}", RATING_NAMES.get(v.rating, v.rating)) for v in evaluation.values
    ]
    pred = PREDICATE_NAMES.get(Predicate(evaluation.predicate)) if evaluation.predicate else "-"
    credit = f"{CREDIT_PERCENT[Predicate(evaluation.predicate)]} %" if evaluation.predicate else "-"
    return Document(
        title="DOKUMEN EVALUASI KINERJA PEGAWAI",
        header=[
            ("Pegawai yang dinilai", employee),
            ("Pejabat Penilai Kinerja", assessor),
            ("Atasan Pejabat Penilai Kinerja", above),
        ],
        table_head=["No", "Rencana Hasil Kerja", "IKI", "Target", "Realisasi", "Umpan balik"],
        table=rows,
        extra=[
            ("Periode", f"{evaluation.period_key} ({start:%d/%m/%Y} - {end:%d/%m/%Y})"),
            ("Rating Hasil Kerja", RATING_NAMES.get(evaluation.result_rating or "", "-")),
            ("Rating Perilaku Kerja", RATING_NAMES.get(evaluation.behaviour_rating or "", "-")),
            *behaviour,
            ("Predikat Kinerja Pegawai", pred or "-"),
            ("Konversi angka kredit (Peraturan BKN 3/2023)", credit),
            ("Rekomendasi pengembangan", evaluation.recommendation or "-"),
            ("Tanggapan pegawai", evaluation.employee_response or "-"),
        ],
        signers=[("Pejabat Penilai Kinerja", assessor), ("Pegawai yang dinilai", employee)],
    )


def _value_name(value: str) -> str:
    try:
        return CORE_VALUE_NAMES[CoreValue(value)]
    except ValueError:
        return value


def to_pdf(document: Document, today: date) -> bytes:
    pdf = unicode_pdf()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, document.title, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(FONT, size=9)
    for role, party in document.header:
        line = f"{role}: " + (
            f"{party.name} / NIP {party.nip} / {party.position} / {party.unit}" if party else "-"
        )
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(text_align="LEFT", line_height=5) as table:
        head = table.row()
        for title in document.table_head:
            head.cell(title)
        for values in document.table or [["-"] * len(document.table_head)]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(2)
    for label, value in document.extra:
        pdf.multi_cell(0, 5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / max(1, len(document.signers))
    pdf.cell(0, 5, f"Dicetak {today:%d/%m/%Y}", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y()
    for index, (role, party) in enumerate(document.signers):
        pdf.set_xy(pdf.l_margin + index * width, y)
        pdf.multi_cell(
            width,
            5,
            f"{role}\n\n\n\n{party.name if party else '-'}\nNIP {party.nip if party else '-'}",
        )
    return bytes(pdf.output())


def to_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dokumen"
    append_row(sheet, [document.title])
    sheet["A1"].font = Font(bold=True, size=13)
    for role, party in document.header:
        append_row(
            sheet,
            [role, party.name, party.nip, party.position, party.unit] if party else [role, "-"],
        )
    append_row(sheet, [])
    append_row(sheet, document.table_head)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in document.table:
        append_row(sheet, row)
    append_row(sheet, [])
    for label, value in document.extra:
        append_row(sheet, [label, value])
    append_row(sheet, [])
    append_row(sheet, [role for role, _ in document.signers])
    append_row(sheet, [""] * len(document.signers))
    append_row(sheet, [party.name if party else "-" for _, party in document.signers])
    append_row(sheet, [f"NIP {party.nip}" if party else "-" for _, party in document.signers])
    for column in "ABCDEFG":
        sheet.column_dimensions[column].width = 28
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
