"""Bad input at each step of /lapor: a clear message, nothing changes, the step is asked again."""

from __future__ import annotations

import pytest
from aiogram.types import Update
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import STAFF_TG, Org, Send
from tests.handlers.helpers import only_reply, reply_text, snapshot, without_dialog
from tests.handlers.report_helpers import (
    ASK_EVIDENCE,
    ASK_OUTPUT,
    ASK_TIME,
    Dialog,
    document,
    labels,
    photo_message,
    sticker_message,
    texts,
)

# Render-only: what the person sees; the SQL behind it is tested on both backends.
pytestmark = pytest.mark.sqlite_only

UNREADABLE_TIME = "Waktunya tidak terbaca. Contoh: 08.00-10.30, 90 menit, 1,5 jam"
ACCEPTED = "doc, docx, jpeg, jpg, ods, odt, pdf, png, ppt, pptx, xls, xlsx, zip"
TEXT_PLEASE = "Jawab dengan teks (atau tekan tombol)."


async def at_step(d: Dialog, step: str) -> None:
    await d.say("/lapor")
    if step == "description":
        return
    await d.say("Menyusun draf laporan keuangan")
    if step == "time":
        return
    await d.say("08.00-10.30")
    if step == "output":
        return
    await d.say("3 dokumen")


# --- Kegiatan ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("ab", "Tuliskan kegiatannya (minimal 3 karakter)."),
        ("  a   ", "Tuliskan kegiatannya (minimal 3 karakter)."),
        ("x" * 1001, "Uraian kegiatan terlalu panjang (maksimal 1000 karakter)."),
    ],
)
async def test_bad_description_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    text: str,
    error: str,
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "description")
    before = await snapshot(session_factory)

    assert reply_text(await d.say(text)).startswith(error)

    assert without_dialog(await snapshot(session_factory)) == without_dialog(before)
    assert reply_text(await d.say("x" * 1000)) == ASK_TIME  # the limit itself is fine


# --- Waktu -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("besok pagi", UNREADABLE_TIME),
        ("08.00-10.30 rapat", UNREADABLE_TIME),
        ("1,5", UNREADABLE_TIME),
        ("0 menit", "Durasi harus lebih dari 0 menit."),
        ("0 jam 0 menit", "Durasi harus lebih dari 0 menit."),
        ("25 jam", "Durasi tidak boleh lebih dari 24 jam."),
        ("24 jam 1 menit", "Durasi tidak boleh lebih dari 24 jam."),
        ("10.30-08.00", "Jam selesai harus setelah jam mulai."),
        ("09.00-09.00", "Jam selesai harus setelah jam mulai."),
        ("08.00-24.00", "Itu bukan jam yang valid."),
        ("08.75-10.00", "Itu bukan jam yang valid."),
    ],
)
async def test_bad_time_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    text: str,
    error: str,
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "time")
    before = await snapshot(session_factory)

    assert reply_text(await d.say(text)) == error

    assert await snapshot(session_factory) == before
    assert reply_text(await d.say("24 jam")) == ASK_OUTPUT


# --- Realisasi ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("abc", "Tulis hasil sebagai angka dan satuan, misalnya 3 dokumen."),
        ("-1 dokumen", "Tulis hasil sebagai angka dan satuan, misalnya 3 dokumen."),
        ("1,5 dokumen", "Tulis hasil sebagai angka dan satuan, misalnya 3 dokumen."),
        ("0 dokumen", "Hasil harus bilangan bulat dari 1 sampai 100000."),
        ("100001 dokumen", "Hasil harus bilangan bulat dari 1 sampai 100000."),
        ("3", "Tambahkan satuan setelah angka, misalnya 3 dokumen."),
        ("3 " + "d" * 51, "Satuan terlalu panjang (maksimal 50 karakter)."),
    ],
)
async def test_bad_output_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    text: str,
    error: str,
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "output")
    before = await snapshot(session_factory)

    assert reply_text(await d.say(text)) == error

    assert await snapshot(session_factory) == before
    assert reply_text(await d.say("100000 lembar")) == ASK_EVIDENCE


async def test_superscript_digit_output_is_refused_politely(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "output")
    before = await snapshot(session_factory)

    text = reply_text(await d.say("² dokumen"))

    assert text == "Tulis hasil sebagai angka dan satuan, misalnya 3 dokumen."
    assert await snapshot(session_factory) == before


# --- Bukti dukung ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ftp://files.example.go.id/notulen.pdf",
        "javascript:alert(1)",
        "www.example.go.id/notulen",
        "https://",
        "lihat https://example.go.id/notulen",
    ],
)
async def test_link_that_is_not_http_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    text: str,
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "evidence")
    before = await snapshot(session_factory)

    assert reply_text(await d.say(text)) == "Tautan harus diawali http:// atau https://."

    assert await snapshot(session_factory) == before
    ok = only_reply(await d.say("https://example.go.id/notulen"))
    assert ok.text == "📎 Bukti diterima (1). Kirim lagi, atau tekan Selesai."


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (
            document(STAFF_TG, "setup.exe", 10_000, mime_type="application/x-msdownload"),
            f"Jenis berkas ini tidak diterima. Yang diterima: {ACCEPTED}.",
        ),
        (
            document(STAFF_TG, "laporan.pdf.exe", 10_000),
            f"Jenis berkas ini tidak diterima. Yang diterima: {ACCEPTED}.",
        ),
        (
            document(STAFF_TG, "laporan.pdf", 20_000_001),
            "Berkas terlalu besar (maksimal 20 MB).",
        ),
        (
            photo_message(STAFF_TG, file_size=20_000_001),
            "Berkas terlalu besar (maksimal 20 MB).",
        ),
    ],
    ids=["exe", "double-extension", "big-document", "big-photo"],
)
async def test_unacceptable_file_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    upload: Update,
    error: str,
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "evidence")
    before = await snapshot(session_factory)

    assert reply_text(await d.upload(upload)) == error

    assert await snapshot(session_factory) == before
    ok = reply_text(await d.upload(document(STAFF_TG, "laporan.pdf", 20_000_000)))
    assert ok == "📎 Bukti diterima (1). Kirim lagi, atau tekan Selesai."


async def test_file_size_limit_is_the_agency_setting(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await session.execute(update(Agency).values(max_evidence_bytes=5_000_000))
        await session.commit()
    d = Dialog(send, fake_session)
    await at_step(d, "evidence")
    before = await snapshot(session_factory)

    text = reply_text(await d.upload(document(STAFF_TG, "scan.pdf", 5_000_001)))

    assert text == "Berkas terlalu besar (maksimal 5 MB)."
    assert await snapshot(session_factory) == before


async def test_file_size_limit_below_one_megabyte_is_not_shown_as_zero(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await session.execute(update(Agency).values(max_evidence_bytes=500_000))
        await session.commit()
    d = Dialog(send, fake_session)
    await at_step(d, "evidence")

    text = reply_text(await d.upload(document(STAFF_TG, "scan.pdf", 600_000)))

    assert text.startswith("Berkas terlalu besar")
    assert "maksimal 0 MB" not in text


async def test_eleventh_piece_of_evidence_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "evidence")
    links = " ".join(f"https://example.go.id/{n}" for n in range(10))
    assert reply_text(await d.say(links)) == (
        "📎 Bukti diterima (10). Kirim lagi, atau tekan Selesai."
    )
    before = await snapshot(session_factory)

    text = reply_text(await d.upload(photo_message(STAFF_TG)))

    assert text == "Maksimal 10 bukti dukung per kegiatan."
    assert await snapshot(session_factory) == before
    card = texts(await d.press("✅ Selesai (10)"))[-1]
    assert "📎 Bukti: 10\n" in card


# --- not text where text is expected -----------------------------------------------------


@pytest.mark.parametrize("step", ["description", "time", "output"])
@pytest.mark.parametrize("kind", ["photo", "sticker", "document"])
async def test_non_text_where_text_is_expected_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    step: str,
    kind: str,
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, step)
    before = await snapshot(session_factory)
    upload = {
        "photo": photo_message(STAFF_TG, caption="Rapat koordinasi"),
        "sticker": sticker_message(STAFF_TG),
        "document": document(STAFF_TG, "laporan.pdf"),
    }[kind]

    assert reply_text(await d.upload(upload)) == TEXT_PLEASE

    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("step", ["description", "time", "output", "evidence", "confirm"])
async def test_another_command_in_the_middle_works_and_the_report_stays_open(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    step: str,
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "evidence" if step == "confirm" else step)
    if step == "confirm":
        await d.press("Lewati ➡️")
    before = await snapshot(session_factory)

    assert "<b>Yang bisa Anda lakukan</b>" in reply_text(await d.say("/help"))
    assert reply_text(await d.say("/jejak")).startswith("🧾 <b>Jejak audit: Citra Staf</b>")

    assert await snapshot(session_factory) == before  # the dialog is where it was
    assert reply_text(await d.say("/batal")) == "Dibatalkan. Tidak ada yang disimpan."


async def test_sticker_at_evidence_step_points_to_the_buttons(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await at_step(d, "evidence")
    before = await snapshot(session_factory)

    reply = only_reply(await d.upload(sticker_message(STAFF_TG)))

    assert reply.text == "Kirim foto, dokumen, atau tautan, atau tekan tombol."
    assert labels(reply.reply_markup) == ["Lewati ➡️", "⬅️ Kembali", "✖️ Batal"]
    assert await snapshot(session_factory) == before


async def test_text_at_the_card_shows_the_card_again(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    card = reply_text(await d.say("/lapor 08.00-10.30 Menyusun draf laporan keuangan"))
    before = await snapshot(session_factory)

    calls = await d.say("kirim")
    hint, again = texts(calls)

    assert "ketuk tombolnya pada kartu" in hint
    assert again == card
    again_markup = [c for c in calls if getattr(c, "reply_markup", None)][-1].reply_markup
    assert "✅ Kirim" in labels(again_markup)
    assert await snapshot(session_factory) == before
