"""Daily reports through the real bot process: /lapor (guided and quick), /riwayat edit and
delete, bad input, a restart in the middle of a dialog and a duplicated button update."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from models import (
    Activity,
    ActivityStatus,
    AuditLog,
    Employee,
    Evidence,
    EvidenceKind,
    Notification,
)
from tests.e2e.bot_process import BotProcess
from tests.e2e.flows import HEAD_NIP, STAFF_NIP, Chat, register_staff, restart_bot

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n% notulen rapat\n" + b"0" * 2048
APOLOGY = "terjadi kesalahan"  # "Sorry, something went wrong on our side"


def today_wib() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


async def _people(session: AsyncSession) -> tuple[Employee, Employee]:
    staff = await session.scalar(select(Employee).where(Employee.nip == STAFF_NIP))
    head = await session.scalar(select(Employee).where(Employee.nip == HEAD_NIP))
    assert staff is not None
    assert head is not None
    assert staff.supervisor_id == head.id
    return staff, head


async def _activities(session: AsyncSession, employee: Employee) -> list[Activity]:
    query = select(Activity).where(Activity.employee_id == employee.id).order_by(Activity.id)
    return list((await session.scalars(query)).all())


async def _audit_actions(session: AsyncSession, activity_id: int) -> list[str]:
    query = (
        select(AuditLog.action)
        .where(AuditLog.entity == "activity", AuditLog.entity_id == activity_id)
        .order_by(AuditLog.id)
    )
    return list((await session.scalars(query)).all())


async def _notifications(
    session: AsyncSession, recipient: Employee, activity_id: int
) -> list[Notification]:
    rows = await session.scalars(
        select(Notification).where(Notification.recipient_id == recipient.id)
    )
    return [n for n in rows.all() if n.payload.get("activity_id") == activity_id]


def _said(chat: Chat, contains: str, after: int = 0) -> list[str]:
    return [
        c.text
        for c in chat.api.calls[after:]
        if c.method in ("sendMessage", "editMessageText")
        and c.chat_id == chat.user_id
        and contains in c.text
    ]


def _number_of(history_text: str, description: str) -> int:
    """The list number /riwayat gives the activity with this description."""
    for entry in history_text.split("\n\n"):
        match = re.match(r"(\d+)\. ", entry)
        if match and description in entry.splitlines():
            return int(match.group(1))
    raise AssertionError(f"{description!r} not listed in:\n{history_text}")


async def test_guided_report_with_evidence_and_a_duplicated_submit(
    api: LocalBotAPI,
    bot_process: BotProcess,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    first_day = today_wib()
    chat = await register_staff(api, bot_process, tmp_path)

    await chat.say("/lapor", "Apa yang Anda kerjakan? Tulis kegiatannya.")
    await chat.say("Menyusun draf laporan kinerja triwulan", "Jam berapa, atau berapa lama?")
    await chat.say("08.00-10.30", "Berapa hasilnya (Realisasi)?")
    await chat.say("3 dokumen", "Kirim bukti dukung: foto, dokumen, atau tautan.")
    await chat.say("https://drive.example.go.id/laporan-triwulan", "📎 Bukti diterima (1).")
    await chat.send_document("notulen.pdf", PDF, "📎 Bukti diterima (2).")
    assert chat.keyboard_message().labels()[0] == "✅ Selesai (2)"

    tap = await chat.press("Selesai (2)")
    card = await chat.expect("📝 <b>Laporan harian</b>", tap.mark)
    assert "🗒 Kegiatan: Menyusun draf laporan kinerja triwulan" in card.text
    assert "⏱ Waktu: 08.00–10.30 (2 j 30 mnt)" in card.text
    assert "📦 Hasil: 3 dokumen" in card.text
    assert "📎 Bukti: 2" in card.text
    assert "Periksa, lalu tekan Kirim." in card.text
    assert "✅ Kirim" in chat.keyboard_message().labels()

    # Telegram delivers the very same Kirim tap twice (same callback id).
    tap = await chat.press("Kirim", times=2)
    submitted = await chat.expect("✅ Laporan terkirim.", tap.mark)
    assert submitted.method == "editMessageText"  # the card turns into the confirmation
    assert "Menyusun draf laporan kinerja triwulan" in submitted.text
    progress = await chat.expect("dari 5 jam", tap.mark)
    assert "2 j 30 mnt dari 5 jam (1 kegiatan, 1 menunggu verifikasi). Kurang 2 j 30 mnt." in (
        progress.text
    )
    await chat.answers(tap, 2)  # both deliveries were handled
    assert len(_said(chat, "Laporan terkirim", tap.mark)) == 1
    assert not _said(chat, APOLOGY)

    async with session_factory() as session:
        staff, head = await _people(session)
        activities = await _activities(session, staff)
        assert len(activities) == 1
        activity = activities[0]
        assert activity.description == "Menyusun draf laporan kinerja triwulan"
        assert (activity.start_time, activity.end_time, activity.minutes) == (
            time(8, 0),
            time(10, 30),
            150,
        )
        assert (activity.output_quantity, activity.output_unit) == (3, "dokumen")
        assert activity.status is ActivityStatus.SUBMITTED
        assert activity.deleted_at is None
        assert activity.work_date in {first_day, today_wib()}

        link, document = activity.evidence
        assert link.kind is EvidenceKind.LINK
        assert link.url == "https://drive.example.go.id/laporan-triwulan"
        assert link.file_id is None
        assert document.kind is EvidenceKind.DOCUMENT
        (file_id,) = api.files
        assert document.file_id == file_id
        assert document.file_unique_id == f"u{file_id}"
        assert document.file_name == "notulen.pdf"
        assert document.file_size == len(PDF)
        assert document.url is None
        total_evidence = await session.scalar(select(func.count()).select_from(Evidence))
        assert total_evidence == 2

        assert await _audit_actions(session, activity.id) == ["activity.create"]
        audit = await session.scalar(
            select(AuditLog).where(AuditLog.entity == "activity", AuditLog.entity_id == activity.id)
        )
        assert audit is not None
        assert audit.actor_id == staff.id
        (note,) = await _notifications(session, head, activity.id)
        assert note.kind.endswith("submitted")
        assert note.payload["employee_id"] == staff.id


async def test_quick_form_history_edit_delete_and_bad_input(
    api: LocalBotAPI,
    bot_process: BotProcess,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    chat = await register_staff(api, bot_process, tmp_path)

    # Bad input is answered clearly, and nothing is stored.
    await chat.say("/lapor 25.00-26.00 Rapat koordinasi", "Itu bukan jam yang valid.")
    await chat.say("/lapor", "Apa yang Anda kerjakan?")
    await chat.say("Uji masukan yang salah", "Jam berapa, atau berapa lama?")
    await chat.say("jam sembilan pagi", "Waktunya tidak terbaca. Contoh: 08.00-10.30")
    await chat.say("10.30-08.00", "Jam selesai harus setelah jam mulai.")
    await chat.say("09.00-09.30", "Berapa hasilnya (Realisasi)?")
    await chat.press("Lewati", expect="Kirim bukti dukung")
    refused = await chat.say(
        "ftp://files.example.go.id/laporan.pdf", "Tautan harus diawali http:// atau https://."
    )
    assert "Bukti diterima" not in refused.text
    # The link was not taken: the evidence step still offers Skip, not Done.
    assert chat.keyboard_message().labels()[0] == "Lewati ➡️"
    await chat.press("Batal", expect="Dibatalkan. Tidak ada yang disimpan.")
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Activity)) == 0
        assert await session.scalar(select(func.count()).select_from(Evidence)) == 0

    # Quick form: time and description in one line go straight to the card.
    card = await chat.say("/lapor 13.00-14.00 Rapat koordinasi", "📝 <b>Laporan harian</b>")
    assert "🗒 Kegiatan: Rapat koordinasi" in card.text
    assert "⏱ Waktu: 13.00–14.00 (1 jam)" in card.text
    tap = await chat.press("Kirim", expect="✅ Laporan terkirim.")
    await chat.expect("1 jam dari 5 jam (1 kegiatan", tap.mark)

    # Only a duration: the bot asks just for what is missing.
    await chat.say("/lapor 1,5 jam", "Apa yang Anda kerjakan?")
    card = await chat.say("Menyusun notulen rapat", "📝 <b>Laporan harian</b>")
    assert "⏱ Waktu: 1 j 30 mnt" in card.text
    tap = await chat.press("Kirim", expect="✅ Laporan terkirim.")
    await chat.expect("2 j 30 mnt dari 5 jam (2 kegiatan", tap.mark)

    tap = await chat.press("📜 Riwayat hari ini")  # under the progress message
    history = await chat.expect("📜 <b>Hari ini", tap.mark)
    assert "2 kegiatan, 2 j 30 mnt" in history.text
    assert history.text.count("⏳ terkirim") == 2
    assert "Rapat koordinasi" in history.text
    assert "Menyusun notulen rapat" in history.text

    async with session_factory() as session:
        staff, head = await _people(session)
        meeting, minutes = await _activities(session, staff)
        assert meeting.description == "Rapat koordinasi"
        assert (meeting.start_time, meeting.end_time) == (time(13, 0), time(14, 0))
        assert (minutes.minutes, minutes.start_time) == (90, None)

    # Edit via ✏️: change the description, save in place.
    number = _number_of(history.text, "Rapat koordinasi")
    await chat.press(f"✏️ {number}", expect="📝 <b>Ubah laporan</b>")
    await chat.press("✏️ Kegiatan", expect="Apa yang Anda kerjakan?")
    card = await chat.say("Rapat koordinasi persiapan audit kinerja", "📝 <b>Ubah laporan</b>")
    assert "🗒 Kegiatan: Rapat koordinasi persiapan audit kinerja" in card.text
    assert "⏱ Waktu: 13.00–14.00 (1 jam)" in card.text
    tap = await chat.press("Simpan perubahan", expect="✅ Perubahan tersimpan.")
    assert not _said(chat, "Laporan terkirim", tap.mark)

    async with session_factory() as session:
        staff, head = await _people(session)
        activities = await _activities(session, staff)
        assert [a.id for a in activities] == [meeting.id, minutes.id]  # updated in place
        edited = activities[0]
        assert edited.description == "Rapat koordinasi persiapan audit kinerja"
        assert (edited.start_time, edited.end_time, edited.minutes) == (
            time(13, 0),
            time(14, 0),
            60,
        )
        assert edited.version == 2
        assert edited.status is ActivityStatus.SUBMITTED
        assert await _audit_actions(session, edited.id) == ["activity.create", "activity.update"]
        versions = {n.payload["version"] for n in await _notifications(session, head, edited.id)}
        assert 2 in versions

    # Delete via 🗑 → "Ya, hapus": soft-deleted, gone from the list.
    history = await chat.say("/riwayat", "📜 <b>Hari ini")  # fresh buttons (new version)
    assert "Rapat koordinasi persiapan audit kinerja" in history.text
    number = _number_of(history.text, "Menyusun notulen rapat")
    await chat.press(f"🗑 {number}", expect="Hapus kegiatan ini? Tidak bisa dibatalkan.")
    deleted = await chat.press("Ya, hapus", expect="🗑 Dihapus.")
    await chat.expect("1 jam dari 5 jam (1 kegiatan", deleted.mark)
    history = await chat.say("/riwayat", "📜 <b>Hari ini")
    assert "1 kegiatan, 1 jam" in history.text
    assert "Menyusun notulen rapat" not in history.text
    assert not _said(chat, APOLOGY)

    async with session_factory() as session:
        staff, head = await _people(session)
        activities = await _activities(session, staff)
        assert len(activities) == 2  # the row stays, marked deleted
        kept, gone = activities
        assert kept.deleted_at is None
        assert gone.id == minutes.id
        assert gone.deleted_at is not None
        assert await _audit_actions(session, gone.id) == ["activity.create", "activity.delete"]


async def test_dialog_continues_after_a_restart(
    api: LocalBotAPI,
    bot_process: BotProcess,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    chat = await register_staff(api, bot_process, tmp_path)

    await chat.say("/lapor", "Apa yang Anda kerjakan?")
    mark = chat.mark()
    update_id = api.push_text(chat.user_id, "Mengikuti rapat evaluasi kinerja")
    await chat.expect("Jam berapa, atau berapa lama?", mark)
    # Telegram forgets the update only once the bot asked for the next ones.
    await api.wait_for(
        lambda c: c.method == "getUpdates" and int(c.params.get("offset") or 0) > update_id,
        timeout=chat.timeout,
        after=mark,
    )

    await restart_bot(api, bot_process)

    await chat.say("14.00-15.30", "Berapa hasilnya (Realisasi)?")
    await chat.press("Lewati", expect="Kirim bukti dukung")
    tap = await chat.press("Lewati")
    card = await chat.expect("📝 <b>Laporan harian</b>", tap.mark)
    assert "🗒 Kegiatan: Mengikuti rapat evaluasi kinerja" in card.text
    assert "⏱ Waktu: 14.00–15.30 (1 j 30 mnt)" in card.text
    assert "📦 Hasil: —" in card.text
    tap = await chat.press("Kirim", expect="✅ Laporan terkirim.")
    await chat.expect("1 j 30 mnt dari 5 jam (1 kegiatan", tap.mark)
    assert not _said(chat, APOLOGY)

    async with session_factory() as session:
        staff, _head = await _people(session)
        (activity,) = await _activities(session, staff)
        assert activity.description == "Mengikuti rapat evaluasi kinerja"
        assert (activity.start_time, activity.end_time, activity.minutes) == (
            time(14, 0),
            time(15, 30),
            90,
        )
        assert activity.output_quantity is None
        assert activity.evidence == []
    assert bot_process.log().count("Bot started") == 2
