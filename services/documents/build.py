"""The SKP and the Dokumen Evaluasi Kinerja Pegawai read from the database, in the structure of
the PermenPANRB 6/2022 forms, every value in words."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Agency,
    CoreValue,
    Employee,
    Evaluation,
    EvaluationPeriod,
    EvaluationStatus,
    Plan,
    PlanItem,
    PlanStatus,
    Unit,
)
from services.core_values import CORE_VALUE_GUIDES, CORE_VALUE_NAMES
from services.documents.model import Document, Party, Table
from services.documents.words import (
    ASPECT_NAMES,
    KIND_NAMES,
    PLAN_STATUS_NAMES,
    action_period_words,
    date_words,
    number_words,
    period_words,
    predicate_name,
    rating_name,
    value_name,
)
from services.localtime import local_today
from services.periods import bounds
from services.plan_progress import realized_by_item
from services.predicate import CREDIT_PERCENT, Predicate

EMPLOYEE = "Pegawai yang dinilai"
ASSESSOR = "Pejabat Penilai Kinerja"
ABOVE = "Atasan Pejabat Penilai Kinerja"


async def _party(session: AsyncSession, employee_id: int | None) -> Party | None:
    if employee_id is None:
        return None
    employee = await session.get(Employee, employee_id)
    if employee is None:
        return None
    unit = await session.get(Unit, employee.unit_id)
    return Party(employee.name, employee.nip, employee.position, unit.path if unit else "")


async def _context(
    session: AsyncSession, employee_id: int, assessor_id: int | None
) -> tuple[Agency | None, Party | None, Party | None, Party | None]:
    person = await session.get(Employee, employee_id)
    agency = await session.get(Agency, person.agency_id) if person else None
    assessor = await session.get(Employee, assessor_id) if assessor_id else None
    above = assessor.supervisor_id if assessor else None
    return (
        agency,
        await _party(session, employee_id),
        await _party(session, assessor_id),
        await _party(session, above),
    )


def _signed_on(moment: datetime | None, agency: Agency | None) -> date | None:
    if moment is None:
        return None
    return local_today(moment, agency.timezone if agency else "Asia/Jakarta")


async def _parent_texts(session: AsyncSession, plan: Plan) -> dict[int, str]:
    ids = {i.parent_item_id for i in plan.items if i.parent_item_id is not None}
    if not ids:
        return {}
    rows = await session.execute(select(PlanItem.id, PlanItem.text).where(PlanItem.id.in_(ids)))
    return {row[0]: row[1] for row in rows.all()}


def _target(value: object, unit: str) -> str:
    return f"{number_words(value)} {unit}".strip()


async def plan_document(session: AsyncSession, plan: Plan) -> Document:
    agency, employee, assessor, above = await _context(session, plan.employee_id, plan.assessor_id)
    realized = await realized_by_item(session, [i.id for i in plan.items])
    parents = await _parent_texts(session, plan)
    # A Rencana Aksi's period number counts the agency's evaluation periods (months, triwulan…).
    period_kind = agency.evaluation_period if agency else EvaluationPeriod.QUARTERLY
    results, actions = [], []
    for number, item in enumerate(plan.items, 1):
        parent = parents.get(item.parent_item_id, "-") if item.parent_item_id else "-"
        for indicator in item.indicators:
            got = realized.get((item.id, indicator.target_unit.lower()), 0)
            results.append(
                [
                    str(number),
                    KIND_NAMES.get(item.kind, str(item.kind)),
                    parent,
                    item.text,
                    ASPECT_NAMES.get(indicator.aspect, str(indicator.aspect)),
                    indicator.text,
                    _target(indicator.target_value, indicator.target_unit),
                    _target(got, indicator.target_unit),
                ]
            )
        for action in item.actions:
            when = action_period_words(action.period, period_kind)
            actions.append([str(number), item.text, when, action.text])
    behaviour = [
        [str(n), CORE_VALUE_NAMES[value], "; ".join(CORE_VALUE_GUIDES[value])]
        for n, value in enumerate(CoreValue, 1)
    ]
    approved = plan.status is PlanStatus.APPROVED
    name = employee.name if employee else ""
    return Document(
        letterhead=agency.name if agency else "",
        title=f"SASARAN KINERJA PEGAWAI {plan.year}",
        label=f"SKP {plan.year}",
        subject=name,
        kind="SKP",
        file_period=str(plan.year),
        header=[(EMPLOYEE, employee), (ASSESSOR, assessor), (ABOVE, above)],
        tables=[
            Table(
                "A. HASIL KERJA",
                [
                    "No",
                    "Jenis",
                    "RHK atasan yang diintervensi",
                    "Rencana Hasil Kerja",
                    "Aspek",
                    "IKI",
                    "Target",
                    "Realisasi",
                ],
                results,
                widths=(4, 8, 25, 25, 9, 17, 11, 11),
            ),
            Table(
                "B. PERILAKU KERJA (BerAKHLAK)",
                ["No", "Perilaku Kerja", "Panduan"],
                behaviour,
                widths=(4, 18, 78),
            ),
            Table(
                "C. RENCANA AKSI",
                ["No RHK", "Rencana Hasil Kerja", "Periode", "Rencana Aksi"],
                actions,
                empty="Belum ada rencana aksi.",
                widths=(6, 35, 12, 47),
            ),
        ],
        extra=[
            (
                "Periode",
                f"{date_words(plan.start_date)} s.d. {date_words(plan.end_date)}",
            ),
            ("Pendekatan", plan.approach.title()),
            ("Status", PLAN_STATUS_NAMES.get(plan.status, str(plan.status))),
            ("Ekspektasi khusus pimpinan", plan.leader_expectation or "-"),
            ("Lampiran - Dukungan sumber daya", plan.resources or "-"),
            ("Lampiran - Skema pertanggungjawaban", plan.accountability or "-"),
            ("Lampiran - Konsekuensi", plan.consequences or "-"),
        ],
        approved=approved,
        place=agency.name if agency else "",
        signed_on=_signed_on(plan.decided_at, agency) if approved else None,
        signers=[(EMPLOYEE, employee), (ASSESSOR, assessor)] if approved else [],
    )


def _behaviour_rows(evaluation: Evaluation) -> list[list[str]]:
    """All seven BerAKHLAK values in their order, each with its rating and the feedback the
    assessor wrote in /nilai; a value stored under an unknown key still prints, in words."""
    rated = {v.value: v for v in evaluation.values}
    keys = [v.value for v in CoreValue] + [k for k in rated if k not in set(CoreValue)]
    rows = []
    for number, key in enumerate(keys, 1):
        found = rated.get(key)
        rows.append(
            [
                str(number),
                value_name(key),
                rating_name(found.rating) if found else "-",
                (found.feedback or "-") if found else "-",
            ]
        )
    return rows


async def evaluation_document(
    session: AsyncSession, evaluation: Evaluation, plan: Plan | None
) -> Document:
    agency, employee, assessor, above = await _context(
        session, evaluation.employee_id, evaluation.assessor_id
    )
    start, end = bounds(evaluation.period_key)
    notes = {n.plan_item_id: n.feedback for n in evaluation.notes}
    items = plan.items if plan else []
    realized = await realized_by_item(session, [i.id for i in items], until=end) if plan else {}
    results = []
    for number, item in enumerate(items, 1):
        for indicator in item.indicators:
            got = realized.get((item.id, indicator.target_unit.lower()), 0)
            results.append(
                [
                    str(number),
                    item.text,
                    indicator.text,
                    _target(indicator.target_value, indicator.target_unit),
                    _target(got, indicator.target_unit),
                    notes.get(item.id, "-"),
                ]
            )
    predicate = Predicate(evaluation.predicate) if evaluation.predicate else None
    credit = f"{CREDIT_PERCENT[predicate]} %" if predicate else "-"
    period = period_words(evaluation.period_key)
    approved = evaluation.status is not EvaluationStatus.DRAFT
    return Document(
        letterhead=agency.name if agency else "",
        title="DOKUMEN EVALUASI KINERJA PEGAWAI",
        label=f"Evaluasi Kinerja {period}",
        subject=employee.name if employee else "",
        kind="Evaluasi",
        file_period=period,
        header=[(EMPLOYEE, employee), (ASSESSOR, assessor), (ABOVE, above)],
        tables=[
            Table(
                "A. HASIL KERJA",
                ["No", "Rencana Hasil Kerja", "IKI", "Target", "Realisasi", "Umpan balik"],
                results,
                widths=(4, 28, 20, 11, 11, 26),
            ),
            Table(
                "B. PERILAKU KERJA (BerAKHLAK)",
                ["No", "Perilaku Kerja", "Penilaian", "Umpan balik"],
                _behaviour_rows(evaluation),
                widths=(4, 22, 18, 56),
            ),
        ],
        extra=[
            ("Periode", f"{period} ({date_words(start)} s.d. {date_words(end)})"),
            ("Rating Hasil Kerja", rating_name(evaluation.result_rating)),
            ("Rating Perilaku Kerja", rating_name(evaluation.behaviour_rating)),
            ("Predikat Kinerja Pegawai", predicate_name(evaluation.predicate)),
            ("Konversi angka kredit (Peraturan BKN 3/2023)", credit),
            ("Rekomendasi pengembangan", evaluation.recommendation or "-"),
            ("Tanggapan pegawai", evaluation.employee_response or "-"),
        ],
        approved=approved,
        place=agency.name if agency else "",
        signed_on=_signed_on(evaluation.finalized_at, agency) if approved else None,
        signers=[(ASSESSOR, assessor), (EMPLOYEE, employee)] if approved else [],
    )
