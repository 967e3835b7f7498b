"""The files: Laporan Harian (XLSX and PDF), e-Kinerja Progres Harian (header and rows
exactly), the TPP recap; who may export, and the audit row for someone else's data."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import ActivityStatus, AuditLog
from services.errors import Invalid, NotAllowed
from services.plans import save_draft
from services.recap.access import ScopeKind, Viewer
from services.recap.exports import (
    ExportKind,
    daily_report,
    export,
    progress_report,
    tpp_recap,
)
from services.recap.months import Month
from tests.services.plan_helpers import iki, rhk
from tests.services.recap_helpers import (
    NOW,
    RecapOrg,
    add_activity,
    document,
    link,
    make_recap_org,
    march_of_staff,
)

MARCH = Month(2026, 3)
PROGRESS_HEADER = (
    "Rencana Aksi",
    "Tanggal",
    "Jam Mulai",
    "Jam Selesai",
    "Kegiatan",
    "Realisasi",
    "Satuan",
    "Bukti Dukung",
)


def rows(data: bytes, sheet: str | None = None) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(data))
    active = workbook[sheet] if sheet else workbook.active
    return [tuple(row) for row in active.iter_rows(values_only=True)]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def _planned_work(session: AsyncSession, org: RecapOrg) -> None:
    plan = await save_draft(
        session,
        org.staff,
        2026,
        [
            rhk(
                "Laporan data tersusun",
                None,
                iki(),
                actions={1: "Draf laporan triwulan I", 2: "Laporan triwulan II"},
            )
        ],
        now=NOW,
    )
    await add_activity(
        session,
        org.staff,
        2,
        150,
        description="Menyusun draf laporan",
        start="08:00",
        end="10:30",
        quantity=2,
        unit="dokumen",
        plan_item_id=plan.items[0].id,
        decided_by=org.boss,
        evidence=[link("https://drive.example.go.id/a"), document("notulen.pdf")],
    )
    await add_activity(
        session, org.staff, 3, 60, description="Rapat koordinasi", decided_by=org.boss
    )
    await add_activity(session, org.staff, 4, 90, ActivityStatus.SUBMITTED, description="Belum")
    await add_activity(
        session,
        org.staff,
        5,
        90,
        ActivityStatus.REJECTED,
        description="Ditolak",
        decided_by=org.boss,
    )
    await add_activity(session, org.staff2, 2, 300, description="Kerja Budi", decided_by=org.boss)


async def test_progres_harian_has_exactly_the_e_kinerja_fields_and_approved_rows(
    session: AsyncSession,
) -> None:
    org = await make_recap_org(session)
    await _planned_work(session, org)

    file = await progress_report(
        session, Viewer.of(org.staff), ScopeKind.PERSON, org.staff.id, MARCH.start, MARCH.end, NOW
    )

    assert file.filename == f"Progres-Harian-{org.staff.nip}-20260301-20260331.xlsx"
    workbook = load_workbook(io.BytesIO(file.data))
    assert workbook.sheetnames == [org.staff.nip]
    assert rows(file.data) == [
        PROGRESS_HEADER,
        (
            "Draf laporan triwulan I",  # the RHK's Rencana Aksi for triwulan I
            datetime(2026, 3, 2),
            "08:00",
            "10:30",
            "Menyusun draf laporan",
            2,
            "dokumen",
            "https://drive.example.go.id/a\nnotulen.pdf",
        ),
        (
            "Tugas tambahan / lainnya",
            datetime(2026, 3, 3),
            *(None, None),  # no times given
            "Rapat koordinasi",
            *(None, None, None),  # no output, no evidence
        ),
    ]


async def test_a_team_progres_harian_has_one_sheet_per_person(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await _planned_work(session, org)

    file = await progress_report(
        session, Viewer.of(org.boss), ScopeKind.TEAM, org.boss.id, MARCH.start, MARCH.end, NOW
    )

    workbook = load_workbook(io.BytesIO(file.data))
    assert workbook.sheetnames == [org.staff2.nip, org.staff.nip]  # Budi, Siti
    assert rows(file.data, org.staff2.nip)[1][4] == "Kerja Budi"
    assert len(rows(file.data, org.staff.nip)) == 3


async def test_progres_harian_ranges_are_bounded(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    viewer = Viewer.of(org.staff)
    with pytest.raises(Invalid):
        await progress_report(
            session, viewer, ScopeKind.PERSON, org.staff.id, MARCH.end, MARCH.start, NOW
        )
    with pytest.raises(Invalid):
        await progress_report(
            session, viewer, ScopeKind.PERSON, org.staff.id, MARCH.start.replace(year=2024),
            MARCH.end, NOW,
        )  # fmt: skip


async def test_laporan_harian_xlsx_rows_totals_and_signatures(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)

    file = await daily_report(
        session, Viewer.of(org.staff), org.staff.id, MARCH, ExportKind.DAILY_XLSX, NOW
    )

    found = rows(file.data)
    assert found[0][0] == "LAPORAN KINERJA HARIAN"
    assert found[1][:2] == ("Bulan", "Maret 2026")
    assert ("Nama Pegawai", "Siti Aminah") in [r[:2] for r in found]
    assert ("Atasan Langsung", "Kepala Bidang A") in [r[:2] for r in found]
    head = found.index(next(r for r in found if r[0] == "No"))
    assert found[head][:6] == ("No", "Tanggal", "Jam Mulai", "Jam Selesai", "Menit", "Kegiatan")
    first = found[head + 1]
    assert first[:5] == (1, datetime(2026, 3, 2), "08:00", "13:00", 300)
    assert first[10:12] == ("Disetujui", "Disetujui oleh Kepala Bidang A, 26/03/2026")
    rejected = next(r for r in found if r[10] == "Ditolak")
    assert rejected[12] == "Bukan tugas"
    totals = {r[1]: (r[4], r[5]) for r in found if isinstance(r[1], str) and "Jumlah" in r[1]}
    assert totals["Jumlah 03/03/2026"] == (240, "disetujui 240 menit")
    assert totals["Jumlah 04/03/2026"] == (120, "disetujui 0 menit")
    assert totals["Jumlah bulan ini"] == (2220, "disetujui 1920 menit")
    assert ("", "Mengetahui, Atasan Langsung", "", "", "", "Pegawai yang bersangkutan") in [
        tuple(v if v is not None else "" for v in r[:6]) for r in found
    ]
    assert sum(1 for r in found if isinstance(r[0], int)) == 11  # activities, not the deleted


async def test_laporan_harian_pdf_prints_unicode_names(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    org.staff.name = "Ñoman Āditya"
    await session.commit()
    await add_activity(session, org.staff, 2, 300, description="Rapat ĀĒĪ", decided_by=org.boss)

    file = await daily_report(
        session, Viewer.of(org.staff), org.staff.id, MARCH, ExportKind.DAILY_PDF, NOW
    )

    text = pdf_text(file.data)
    assert file.filename.endswith(".pdf")
    for expected in ("LAPORAN KINERJA HARIAN — MARET 2026", "Ñoman Āditya", "Rapat ĀĒĪ"):
        assert expected in text
    assert "Jumlah bulan ini: 300 menit, disetujui 300 menit" in text
    assert "Mengetahui, Atasan Langsung" in text


async def test_tpp_recap_per_person(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)

    file = await tpp_recap(session, Viewer.of(org.boss), ScopeKind.TEAM, org.boss.id, MARCH, NOW)

    found = rows(file.data)
    assert found[0][0] == "REKAPITULASI AKTIVITAS TPP"
    assert found[6] == (
        "No", "NIP", "Nama", "Jabatan", "Hari Kerja", "Hari Cuti/Sakit/DL", "Hari Wajib",
        "Menit Disetujui", "Target Menit", "Menit Diakui", "Rasio Aktivitas (%)",
    )  # fmt: skip
    assert found[7] == (1, org.staff2.nip, "Budi Santoso", "Analis", 17, 0, 17, 0, 5100, 0, 0)
    assert found[8] == (
        2,
        org.staff.nip,
        "Siti Aminah",
        "Analis",
        17,
        3,
        14,
        1920,
        4200,
        1920,
        45.71,
    )


async def test_exports_of_someone_else_are_audited(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)

    await export(
        session, Viewer.of(org.staff), ExportKind.DAILY_XLSX, ScopeKind.PERSON, org.staff.id,
        MARCH, NOW,
    )  # fmt: skip
    assert (await session.scalars(select(AuditLog))).all() == []
    await export(
        session, Viewer.of(org.boss), ExportKind.PROGRESS, ScopeKind.PERSON, org.staff.id,
        MARCH, NOW,
    )  # fmt: skip
    await export(
        session, Viewer.cli(org.agency.id), ExportKind.TPP, ScopeKind.UNIT, org.top.id, MARCH, NOW
    )

    audit = (await session.scalars(select(AuditLog).order_by(AuditLog.id))).all()
    assert [(a.actor_id, a.actor_label, a.action, a.entity, a.entity_id) for a in audit] == [
        (org.boss.id, "employee", "recap.export", "employee", org.staff.id),
        (None, "cli", "recap.export", "unit", org.top.id),
    ]
    assert audit[0].after == {"export": "ph", "from": "2026-03-01", "to": "2026-03-26", "people": 1}


async def test_who_may_export(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    refused = [
        (org.staff2, ExportKind.DAILY_PDF, ScopeKind.PERSON, org.staff.id),
        (org.staff, ExportKind.TPP, ScopeKind.TEAM, org.boss.id),
        (org.boss, ExportKind.TPP, ScopeKind.UNIT, org.unit_a.id),
        (org.other, ExportKind.PROGRESS, ScopeKind.PERSON, org.junior.id),
    ]
    for viewer, kind, scope_kind, scope_id in refused:
        with pytest.raises(NotAllowed):
            await export(session, Viewer.of(viewer), kind, scope_kind, scope_id, MARCH, NOW)
    with pytest.raises(Invalid):  # a Laporan Harian is one person's
        await export(
            session, Viewer.of(org.boss), ExportKind.DAILY_XLSX, ScopeKind.TEAM, org.boss.id,
            MARCH, NOW,
        )  # fmt: skip
    assert (await session.scalars(select(AuditLog))).all() == []
