"""An admin imports staff by sending a .csv or .xlsx file to the bot."""

from __future__ import annotations

import io

from aiogram.methods import GetFile
from aiogram.types import Update
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload

from bot.config import Settings
from models import Employee
from tests.factories import make_nip
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import of_type, reply_text, snapshot

HEADER = "nip,nama,jabatan,unit,nip_atasan"
KEPALA, ANALIS = make_nip(10), make_nip(11)
GOOD_CSV = (
    f"{HEADER}\n"
    f"{KEPALA},Gita Kepala,Kepala Bidang,Dinas Uji / Bidang Umum,\n"
    f"{ANALIS},Hadi Analis,Analis Data,Dinas Uji / Bidang Umum,{KEPALA}\n"
).encode()


def _document(
    fake_session: FakeSession, name: str, content: bytes, user_id: int = ADMIN_TG
) -> Update:
    fake_session.put_document("doc-1", content)
    return updates.document_message(user_id, name, len(content), file_id="doc-1")


async def _imported(session_factory: async_sessionmaker[AsyncSession]) -> dict[str, Employee]:
    async with session_factory() as session:
        rows = await session.scalars(
            select(Employee)
            .options(joinedload(Employee.unit))
            .where(Employee.nip.in_([KEPALA, ANALIS]))
        )
        return {e.nip: e for e in rows.all()}


async def test_good_file_is_imported(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    calls = await send(_document(fake_session, "pegawai.csv", GOOD_CSV))

    [get_file] = of_type(calls, GetFile)
    assert get_file.file_id == "doc-1"
    assert fake_session.downloads == ["documents/doc-1"]
    assert reply_text(calls[1:]) == (
        "Impor selesai: 2 ditambahkan, 0 diperbarui, 0 tidak berubah, 1 unit baru."
    )
    imported = await _imported(session_factory)
    assert imported[KEPALA].name == "Gita Kepala"
    assert imported[KEPALA].unit.path == "Dinas Uji / Bidang Umum"
    assert imported[KEPALA].agency_id == org.agency.id
    assert imported[ANALIS].supervisor_id == imported[KEPALA].id
    assert imported[ANALIS].telegram_user_id is None


async def test_sending_the_same_file_again_changes_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await send(_document(fake_session, "pegawai.csv", GOOD_CSV))
    before = await snapshot(session_factory)

    calls = await send(_document(fake_session, "pegawai.csv", GOOD_CSV))

    assert reply_text(calls[1:]) == (
        "Impor selesai: 0 ditambahkan, 0 diperbarui, 2 tidak berubah, 0 unit baru."
    )
    assert await snapshot(session_factory) == before


async def test_xlsx_file_is_imported(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append([KEPALA, "Gita Kepala", "Kepala Bidang", "Dinas Uji / Bidang Umum", None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    calls = await send(_document(fake_session, "Pegawai.XLSX", buffer.getvalue()))

    assert "Impor selesai: 1 ditambahkan" in reply_text(calls[1:])
    assert set(await _imported(session_factory)) == {KEPALA}


async def test_bad_rows_are_listed_and_nothing_is_imported(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    content = (
        f"{HEADER}\n"
        f"{KEPALA},Gita Kepala,Kepala Bidang,Dinas Uji / Bidang Umum,\n"
        f"12345,Hadi Analis,Analis Data,Dinas Uji / Bidang Umum,{KEPALA}\n"
        f"{ANALIS},,Analis Data,Dinas Uji / Bidang Umum,{KEPALA}\n"
    ).encode()
    before = await snapshot(session_factory)

    text = reply_text((await send(_document(fake_session, "pegawai.csv", content)))[1:])

    assert text.splitlines() == [
        "Tidak ada yang diimpor: ditemukan 2 masalah. Perbaiki lalu kirim ulang berkasnya.",
        "Baris 3, nip: NIP tidak valid: harus 18 digit",
        "Baris 4, nama: tidak boleh kosong",
    ]
    assert await snapshot(session_factory) == before


async def test_cell_text_in_a_problem_report_is_html_escaped(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    content = (
        f"{HEADER},zona_waktu\n{KEPALA},Gita Kepala,Kepala Bidang,Dinas Uji / Bidang Umum,,<b>WIB\n"
    ).encode()

    text = reply_text((await send(_document(fake_session, "pegawai.csv", content)))[1:])

    assert "Baris 2, zona_waktu: zona waktu" in text
    assert "&lt;b&gt;WIB" in text
    assert "<b>" not in text


async def test_missing_columns_are_named(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    content = f"nip,nama,jabatan\n{KEPALA},Gita Kepala,Kepala Bidang\n".encode()
    before = await snapshot(session_factory)

    text = reply_text((await send(_document(fake_session, "pegawai.csv", content)))[1:])

    assert text == (
        "Kolom tidak ada: unit, nip_atasan. Wajib: nip, nama, jabatan, unit, nip_atasan."
    )
    assert await snapshot(session_factory) == before


async def test_corrupt_xlsx_is_reported(send: Send, org: Org, fake_session: FakeSession) -> None:
    text = reply_text((await send(_document(fake_session, "pegawai.xlsx", b"not a zip")))[1:])

    assert text == "Berkas tidak dapat dibaca. Apakah berkas .xlsx-nya valid?"


async def test_wrong_extension_is_refused_without_downloading(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    calls = await send(_document(fake_session, "pegawai.pdf", GOOD_CSV))

    assert reply_text(calls) == "Kirim berkas .csv atau .xlsx."
    assert fake_session.downloads == []


async def test_too_large_file_is_refused_without_downloading(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    fake_session.put_document("doc-1", GOOD_CSV)
    size = settings.max_import_file_bytes + 1
    update = updates.document_message(ADMIN_TG, "pegawai.csv", size, file_id="doc-1")

    calls = await send(update)

    assert reply_text(calls) == "Berkas terlalu besar untuk diimpor."
    assert fake_session.downloads == []
    assert await _imported(session_factory) == {}


async def test_file_from_non_admin_is_not_imported(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    before = await snapshot(session_factory)

    calls = await send(_document(fake_session, "pegawai.csv", GOOD_CSV, user_id=STAFF_TG))

    assert reply_text(calls) == (
        "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
    )
    assert fake_session.downloads == []
    assert await snapshot(session_factory) == before
