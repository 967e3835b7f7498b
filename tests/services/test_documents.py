"""The SKP and the Dokumen Evaluasi Kinerja Pegawai as printable PDF and XLSX: what a reader of
the file actually sees."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Aspect, CoreValue, Evaluation, Plan
from services.documents import evaluation_document, plan_document, to_pdf, to_xlsx
from services.evaluation import finalize, respond
from services.plans import save_draft
from services.predicate import Rating
from services.review import Decision, decide
from tests.conftest import FrozenClock
from tests.services.evaluation_helpers import rate
from tests.services.plan_helpers import (
    APRIL_2,
    Q1,
    PlanOrg,
    approved_plan,
    iki,
    make_cascade,
    make_plan_org,
    open_fresh,
    report,
    rhk,
    wib,
)

Factory = async_sessionmaker[AsyncSession]
RHK_1 = "Dokumen layanan data tersusun"
RHK_2 = "Surat dinas terkirim tepat waktu"
SIGNERS = ("Pegawai yang dinilai", "Pejabat Penilai Kinerja")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(data))
    return [
        tuple(v for v in row if v is not None)
        for row in workbook.active.iter_rows(values_only=True)
    ]


async def _approved(session: AsyncSession, clock: FrozenClock) -> tuple[PlanOrg, Plan]:
    """Staff's approved SKP with 3 dokumen approved in March and 2 more in April."""
    clock.now = wib(date(2026, 3, 2))
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await approved_plan(
        session,
        org.staff,
        org.boss,
        [
            rhk(
                RHK_1,
                cascade.boss_items[0].id,
                iki("Jumlah dokumen", "12", "dokumen"),
                iki("Ketepatan", "100", "%", Aspect.QUALITY),
            ),
            rhk(RHK_2, cascade.boss_items[1].id, iki("Jumlah surat", "50", "surat")),
        ],
        clock.now,
    )
    plan.leader_expectation = "Responsif terhadap permintaan data"
    await session.commit()
    for now, quantity in ((clock.now, 3), (APRIL_2, 2)):
        activity = await report(
            session,
            org.staff,
            now,
            day=now.date(),
            item_id=plan.items[0].id,
            quantity=quantity,
            unit="dokumen",
        )
        await decide(
            session, org.boss, activity.id, activity.version, Decision.APPROVE, None, now=now
        )
    clock.now = APRIL_2
    return org, plan


async def _final_evaluation(
    session: AsyncSession, factory: Factory, org: PlanOrg, plan: Plan, now: datetime
) -> Evaluation:
    evaluation_id = await open_fresh(factory, org.boss, org.staff, Q1, now)
    await rate(
        session,
        org.boss,
        evaluation_id,
        now=now,
        result=Rating.ABOVE,
        behaviour=Rating.AS_EXPECTED,
        value=(CoreValue.LOYAL, Rating.ABOVE, None),
        note=(plan.items[0].id, "Pertahankan mutu"),
        recommendation="Pelatihan analisis data",
    )
    await finalize(session, org.boss, evaluation_id, now=now)
    evaluation = await respond(session, org.staff, evaluation_id, "Terima kasih", now=now)
    return evaluation


async def test_plan_pdf_shows_parties_rhks_targets_realization_and_signatures(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)

    text = pdf_text(to_pdf(await plan_document(session, plan), date(2026, 4, 2)))

    for expected in (
        "SASARAN KINERJA PEGAWAI 2026",
        f"Pegawai yang dinilai: Siti Aminah / NIP {org.staff.nip} / Analis / Dinas Uji / Bidang A",
        f"Pejabat Penilai Kinerja: Kepala Bidang A / NIP {org.boss.nip}",
        RHK_1,
        RHK_2,
        "Jumlah dokumen",
        "12 dokumen",
        "5 dokumen",  # 3 in March + 2 in April, both approved
        "50 surat",
        "0 surat",
        "Utama",
        "Kuantitas",
        "Kualitas",
        "Periode: 01/01/2026 - 31/12/2026",
        "Status: Disetujui",
        "Ekspektasi khusus pimpinan: Responsif terhadap permintaan data",
        "Dicetak 02/04/2026",
        "Atasan Pejabat Penilai Kinerja",
        f"Kepala Dinas NIP {org.head.nip}",
        f"Siti Aminah NIP {org.staff.nip}",
    ):
        assert expected in text, expected
    assert all(role in text for role in SIGNERS)


async def test_plan_xlsx_cells(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)

    rows = sheet_rows(to_xlsx(await plan_document(session, plan)))

    assert rows[0] == ("SASARAN KINERJA PEGAWAI 2026",)
    assert rows[1] == (
        "Pegawai yang dinilai",
        "Siti Aminah",
        org.staff.nip,
        "Analis",
        "Dinas Uji / Bidang A",
    )
    assert rows[2] == (
        "Pejabat Penilai Kinerja",
        "Kepala Bidang A",
        org.boss.nip,
        "Analis",
        "Dinas Uji / Bidang A",
    )
    header = rows.index(
        ("No", "Jenis", "Rencana Hasil Kerja", "Aspek", "IKI", "Target", "Realisasi")
    )
    assert rows[header + 1 : header + 4] == [
        ("1", "Utama", RHK_1, "Kuantitas", "Jumlah dokumen", "12 dokumen", "5 dokumen"),
        ("1", "Utama", RHK_1, "Kualitas", "Ketepatan", "100 %", "0 %"),
        ("2", "Utama", RHK_2, "Kuantitas", "Jumlah surat", "50 surat", "0 surat"),
    ]
    assert ("Status", "Disetujui") in rows
    assert rows[-4:] == [
        ("Pegawai yang dinilai", "Pejabat Penilai Kinerja", "Atasan Pejabat Penilai Kinerja"),
        (),  # room for the wet signatures
        ("Siti Aminah", "Kepala Bidang A", "Kepala Dinas"),
        (f"NIP {org.staff.nip}", f"NIP {org.boss.nip}", f"NIP {org.head.nip}"),
    ]


async def test_evaluation_pdf_shows_ratings_predicate_and_only_the_periods_realization(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)
    evaluation = await _final_evaluation(session, session_factory, org, plan, clock.now)

    text = pdf_text(to_pdf(await evaluation_document(session, evaluation, plan), date(2026, 4, 2)))

    for expected in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        f"Pegawai yang dinilai: Siti Aminah / NIP {org.staff.nip}",
        f"Pejabat Penilai Kinerja: Kepala Bidang A / NIP {org.boss.nip}",
        f"Atasan Pejabat Penilai Kinerja: Kepala Dinas / NIP {org.head.nip}",
        RHK_1,
        "3 dokumen",  # the April output lies outside Q1
        "Pertahankan mutu",
        "Periode: 2026-Q1 (01/01/2026 - 31/03/2026)",
        "Rating Hasil Kerja: Di Atas Ekspektasi",
        "Rating Perilaku Kerja: Sesuai Ekspektasi",
        "Perilaku: loyal: Di Atas Ekspektasi",
        "Predikat Kinerja Pegawai: Baik",
        "Rekomendasi pengembangan: Pelatihan analisis data",
        "Tanggapan pegawai: Terima kasih",
        f"Kepala Bidang A NIP {org.boss.nip}",
        f"Siti Aminah NIP {org.staff.nip}",
    ):
        assert expected in text, expected
    assert "5 dokumen" not in text
    assert "Sangat Baik" not in text
    assert all(role in text for role in SIGNERS)


async def test_evaluation_xlsx_cells(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)
    evaluation = await _final_evaluation(session, session_factory, org, plan, clock.now)

    rows = sheet_rows(to_xlsx(await evaluation_document(session, evaluation, plan)))

    assert rows[0] == ("DOKUMEN EVALUASI KINERJA PEGAWAI",)
    assert rows[3] == (
        "Atasan Pejabat Penilai Kinerja",
        "Kepala Dinas",
        org.head.nip,
        "Analis",
        "Dinas Uji",
    )
    header = rows.index(("No", "Rencana Hasil Kerja", "IKI", "Target", "Realisasi", "Umpan balik"))
    assert rows[header + 1] == (
        "1",
        RHK_1,
        "Jumlah dokumen",
        "12 dokumen",
        "3 dokumen",
        "Pertahankan mutu",
    )
    assert rows[header + 3] == ("2", RHK_2, "Jumlah surat", "50 surat", "0 surat", "-")
    assert ("Predikat Kinerja Pegawai", "Baik") in rows
    assert ("Rating Hasil Kerja", "Di Atas Ekspektasi") in rows
    assert rows[-4:] == [
        ("Pejabat Penilai Kinerja", "Pegawai yang dinilai"),
        (),
        ("Kepala Bidang A", "Siti Aminah"),
        (f"NIP {org.boss.nip}", f"NIP {org.staff.nip}"),
    ]


async def test_evaluation_without_plan_or_rating_still_prints(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    evaluation = await session.get(Evaluation, evaluation_id)
    assert evaluation is not None

    document = await evaluation_document(session, evaluation, None)
    text = pdf_text(to_pdf(document, date(2026, 4, 2)))

    assert document.table == []
    assert "Predikat Kinerja Pegawai: -" in text
    assert "Rating Hasil Kerja: -" in text
    assert ("Predikat Kinerja Pegawai", "-") in sheet_rows(to_xlsx(document))


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Laporan “final” — revisi…", "Laporan “final” — revisi…"),
        ("Ñoman Ā Nguyễn", "Ñoman Ā Nguyễn"),
        # A glyph the font lacks is left out; the rest of the line still prints.
        ("Data ✅ terkirim", "Data  terkirim"),
    ],
)
async def test_unicode_text_prints_in_the_pdf(
    typed: str, printed: str, session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    plan = await save_draft(session, org.staff, 2026, [rhk(typed)], now=clock.now)

    reader = PdfReader(io.BytesIO(to_pdf(await plan_document(session, plan), date(2026, 3, 2))))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert printed in text
    # The spreadsheet keeps the text as typed.
    assert any(typed in row for row in sheet_rows(to_xlsx(await plan_document(session, plan))))
