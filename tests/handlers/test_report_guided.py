"""/lapor, guided: Kegiatan → Waktu → Realisasi → Bukti → card → Kirim; Back and Cancel."""

from __future__ import annotations

from datetime import time

import pytest
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus, EvidenceKind
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import STAFF_TG, Org, Send
from tests.handlers.helpers import only_reply, reply_text
from tests.handlers.report_helpers import (
    ASK_DESCRIPTION,
    ASK_EVIDENCE,
    ASK_OUTPUT,
    ASK_TIME,
    CANCELLED,
    MONDAY,
    Dialog,
    activities,
    audits,
    document,
    evidence_rows,
    fsm_rows,
    labels,
    notifications,
    only_sent,
    photo_message,
    texts,
)

# Render-only: what the person sees; the SQL behind it is tested on both backends.
pytestmark = pytest.mark.sqlite_only

DESCRIPTION = "Menyusun draf laporan keuangan"


async def reach(d: Dialog, step: str) -> None:
    """Walk the guided dialog up to `step` (description, time, output, evidence or card)."""
    await d.say("/lapor")
    if step == "description":
        return
    await d.say(DESCRIPTION)
    if step == "time":
        return
    await d.say("08.00-10.30")
    if step == "output":
        return
    await d.say("3 dokumen")
    if step == "evidence":
        return
    await d.press("Lewati ➡️")


async def test_full_guided_report_is_stored_with_evidence_audit_and_notification(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    d = Dialog(send, fake_session)

    first = only_reply(await d.say("/lapor"))
    assert first.text == ASK_DESCRIPTION
    assert labels(first.reply_markup) == ["✖️ Batal"]
    ask_time = only_reply(await d.say(DESCRIPTION))
    assert ask_time.text == ASK_TIME
    assert labels(ask_time.reply_markup) == [
        *("30 menit", "1 jam", "1,5 jam", "2 jam", "3 jam", "4 jam"),
        *("⬅️ Kembali", "✖️ Batal"),
    ]
    ask_output = only_reply(await d.say("08.00-10.30"))
    assert ask_output.text == ASK_OUTPUT
    assert labels(ask_output.reply_markup) == ["Lewati ➡️", "⬅️ Kembali", "✖️ Batal"]
    assert reply_text(await d.say("3 dokumen")) == ASK_EVIDENCE

    link = only_reply(await d.say("https://drive.google.com/file/d/abc"))
    assert link.text == "📎 Bukti diterima (1). Kirim lagi, atau tekan Selesai."
    assert labels(link.reply_markup) == ["✅ Selesai (1)", "⬅️ Kembali", "✖️ Batal"]
    photo = reply_text(await d.upload(photo_message(STAFF_TG, "photo-7")))
    assert photo == "📎 Bukti diterima (2). Kirim lagi, atau tekan Selesai."
    doc = reply_text(await d.upload(document(STAFF_TG, "Notulen Rapat.PDF", 80_000, "doc-9")))
    assert doc == "📎 Bukti diterima (3). Kirim lagi, atau tekan Selesai."

    card_calls = await d.press("✅ Selesai (3)")
    assert texts(card_calls) == [
        "📝 <b>Laporan harian</b>\n"
        "📅 Tanggal: Sen 02/03/2026\n"
        "🗒 Kegiatan: Menyusun draf laporan keuangan\n"
        "⏱ Waktu: 08.00–10.30 (2 j 30 mnt)\n"
        "📦 Hasil: 3 dokumen\n"
        "📎 Bukti: 3\n\n"
        "Periksa, lalu tekan Kirim."
    ]
    assert await activities(session_factory) == []

    calls = await d.press("✅ Kirim")

    edit, progress = [c for c in calls if isinstance(c, EditMessageText | SendMessage)]
    assert isinstance(edit, EditMessageText)
    assert edit.text == (
        "✅ Laporan terkirim.\n\n"
        "<b>Sen 02/03/2026</b> · 08.00–10.30 (2 j 30 mnt)\n"
        "Menyusun draf laporan keuangan\n"
        "Hasil: 3 dokumen\n"
        "Bukti: 3\n"
        "⏳ terkirim"
    )
    assert progress.text == (
        "Sen 02/03/2026: 2 j 30 mnt dari 5 jam (1 kegiatan, 1 menunggu verifikasi). "
        "Kurang 2 j 30 mnt."
    )
    assert labels(progress.reply_markup) == ["➕ Lapor lagi", "📜 Riwayat hari ini"]

    [activity] = await activities(session_factory)
    assert activity.employee_id == org.staff.id
    assert (activity.work_date, activity.start_time, activity.end_time) == (
        MONDAY,
        time(8, 0),
        time(10, 30),
    )
    assert (activity.minutes, activity.description) == (150, DESCRIPTION)
    assert (activity.output_quantity, activity.output_unit) == (3, "dokumen")
    assert (activity.status, activity.version) == (ActivityStatus.SUBMITTED, 1)
    assert activity.submitted_at == clock()
    assert [
        (e.kind, e.url, e.file_id, e.file_name, e.file_size)
        for e in await evidence_rows(session_factory)
    ] == [
        (EvidenceKind.LINK, "https://drive.google.com/file/d/abc", None, None, None),
        (EvidenceKind.PHOTO, None, "photo-7", None, 150_000),
        (EvidenceKind.DOCUMENT, None, "doc-9", "Notulen Rapat.PDF", 80_000),
    ]
    [audit] = await audits(session_factory)
    assert (audit.action, audit.actor_id, audit.entity_id) == (
        "activity.create",
        org.staff.id,
        activity.id,
    )
    assert audit.after is not None
    assert audit.after["description"] == DESCRIPTION
    [note] = await notifications(session_factory)
    assert note.recipient_id == org.boss.id
    assert note.kind.endswith(".submitted")
    assert (note.payload["activity_id"], note.payload["employee_id"]) == (activity.id, org.staff.id)
    [row] = await fsm_rows(session_factory)
    assert (row.state, row.data) == (None, {})


async def test_typed_duration_with_output_and_evidence_skipped(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor")
    await d.say("Rapat koordinasi")

    assert reply_text(await d.say("1,5 jam")) == ASK_OUTPUT
    assert texts(await d.press("Lewati ➡️"))[-1] == ASK_EVIDENCE
    card = texts(await d.press("Lewati ➡️"))[-1]
    assert "⏱ Waktu: 1 j 30 mnt\n📦 Hasil: —\n📎 Bukti: —" in card

    calls = await d.press("✅ Kirim")

    assert texts(calls)[-1] == (
        "Sen 02/03/2026: 1 j 30 mnt dari 5 jam (1 kegiatan, 1 menunggu verifikasi). "
        "Kurang 3 j 30 mnt."
    )
    [activity] = await activities(session_factory)
    assert (activity.minutes, activity.start_time, activity.end_time) == (90, None, None)
    assert (activity.output_quantity, activity.output_unit) == (None, None)
    assert await evidence_rows(session_factory) == []


async def test_duration_button_sets_the_time(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor")
    await d.say("Rapat koordinasi")

    assert texts(await d.press("2 jam"))[-1] == ASK_OUTPUT
    await d.press("Lewati ➡️")
    card = texts(await d.press("Lewati ➡️"))[-1]
    assert "⏱ Waktu: 2 jam\n" in card
    await d.press("✅ Kirim")

    [activity] = await activities(session_factory)
    assert activity.minutes == 120


async def test_back_goes_to_the_previous_step_and_new_answers_replace_old_ones(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await reach(d, "evidence")

    back_to_output = only_sent(await d.press("⬅️ Kembali"))
    assert back_to_output.text == ASK_OUTPUT + "\nSaat ini: 3 dokumen"
    assert labels(back_to_output.reply_markup) == ["Tetap ➡️", "Lewati ➡️", "⬅️ Kembali", "✖️ Batal"]
    assert only_sent(await d.press("⬅️ Kembali")).text.startswith(ASK_TIME + "\nSaat ini: ")
    back_to_description = only_sent(await d.press("⬅️ Kembali"))
    assert back_to_description.text.startswith(ASK_DESCRIPTION + "\nSaat ini: ")
    assert labels(back_to_description.reply_markup) == ["Tetap ➡️", "✖️ Batal"]

    assert reply_text(await d.say("Rapat koordinasi anggaran")).startswith(ASK_TIME)
    assert reply_text(await d.say("13.00-14.00")).startswith(ASK_OUTPUT)
    assert reply_text(await d.say("2 berkas")) == ASK_EVIDENCE
    card = texts(await d.press("Lewati ➡️"))[-1]

    assert "🗒 Kegiatan: Rapat koordinasi anggaran\n" in card
    assert "⏱ Waktu: 13.00–14.00 (1 jam)\n📦 Hasil: 2 berkas\n" in card
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert (activity.description, activity.minutes, activity.output_quantity) == (
        "Rapat koordinasi anggaran",
        60,
        2,
    )


async def test_back_from_evidence_keeps_the_evidence_already_sent(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await reach(d, "evidence")
    await d.say("https://example.go.id/notulen")

    await d.press("⬅️ Kembali")
    assert reply_text(await d.say("4 dokumen")) == ASK_EVIDENCE
    back_on_evidence = fake_session.sent[-1]

    assert labels(back_on_evidence.reply_markup) == ["✅ Selesai (1)", "⬅️ Kembali", "✖️ Batal"]
    card = texts(await d.press("✅ Selesai (1)"))[-1]
    assert "📦 Hasil: 4 dokumen\n📎 Bukti: 1\n" in card


@pytest.mark.parametrize("step", ["description", "time", "output", "evidence", "card"])
async def test_cancel_button_at_every_step_stores_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    step: str,
) -> None:
    d = Dialog(send, fake_session)
    await reach(d, step)
    screen = d.screen("✖️ Batal")

    calls = await d.press("✖️ Batal", screen)

    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert edit.text == CANCELLED
    assert edit.message_id == screen.message.message_id
    assert edit.reply_markup is None
    assert await activities(session_factory) == []
    assert await audits(session_factory) == []
    [row] = await fsm_rows(session_factory)
    assert (row.state, row.data) == (None, {})
    assert "Maaf, saya tidak mengerti" in reply_text(await d.say("Rapat koordinasi"))


@pytest.mark.parametrize("step", ["description", "time", "output", "evidence", "card"])
@pytest.mark.parametrize("command", ["/batal", "/cancel"])
async def test_batal_command_at_every_step_stores_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    step: str,
    command: str,
) -> None:
    d = Dialog(send, fake_session)
    await reach(d, step)

    assert reply_text(await d.say(command)) == CANCELLED

    assert await activities(session_factory) == []
    [row] = await fsm_rows(session_factory)
    assert (row.state, row.data) == (None, {})


async def test_batal_without_a_dialog_says_there_is_nothing_to_cancel(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)

    assert reply_text(await d.say("/batal")) == "Tidak ada yang perlu dibatalkan."


async def test_back_then_keep_leaves_the_answer_as_it_was(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await reach(d, "evidence")
    await d.press("⬅️ Kembali")  # to the output step, "3 dokumen" shown

    assert only_sent(await d.press("Tetap ➡️")).text == ASK_EVIDENCE
    card = texts(await d.press("Lewati ➡️"))[-1]
    assert "📦 Hasil: 3 dokumen\n" in card
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert (activity.output_quantity, activity.output_unit) == (3, "dokumen")


async def test_a_too_long_activity_is_kept_and_can_be_cut_to_the_limit(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await reach(d, "description")
    long_text = "Menyusun laporan " * 300  # 5,100 characters

    refused = only_sent(await d.say(long_text))

    assert "Anda menulis 5099 karakter" in refused.text
    assert labels(refused.reply_markup) == ["✂️ Simpan 1000 karakter pertama", "✖️ Batal"]
    assert await activities(session_factory) == []
    assert only_sent(await d.press("✂️ Simpan 1000 karakter pertama")).text == ASK_TIME
    await d.say("1 jam")
    await d.press("Lewati ➡️")
    await d.press("Lewati ➡️")
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert len(activity.description) == 1000
    assert activity.description.endswith("…")
    assert long_text.startswith(activity.description[:-1])


async def test_a_date_typed_at_the_card_moves_the_report(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor 08.00-09.00 Rapat koordinasi")

    card = texts(await d.say("27/2"))[-1]

    assert "📅 Tanggal: Jum 27/02/2026\n" in card  # Friday: the last workday before Monday
    refused = texts(await d.say("kemarin"))  # Sunday: not a day to report
    assert refused[0] == "Tanggal itu sudah tidak bisa dipilih."
    assert "📅 Tanggal: Jum 27/02/2026\n" in refused[-1]
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert activity.work_date.isoformat() == "2026-02-27"
