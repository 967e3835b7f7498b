"""Editing (✏️) and deleting (🗑) from /riwayat, and refusing stale, approved or foreign ones."""

from __future__ import annotations

from datetime import time

import pytest
from aiogram.methods import EditMessageText
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import only_reply, reply_text, snapshot
from tests.handlers.report_helpers import (
    ASK_DESCRIPTION,
    Dialog,
    activities,
    add_activity,
    alert,
    audits,
    labels,
    notifications,
    only_sent,
    set_activity,
    texts,
)

CHANGED = "Kegiatan ini sudah berubah sejak daftar ini ditampilkan. Buka /riwayat lagi."
APPROVED = "Kegiatan ini sudah disetujui dan tidak bisa diubah lagi."
GONE = "Kegiatan ini sudah tidak ada."
CONFIRM_DELETE = "Hapus kegiatan ini? Tidak bisa dibatalkan."


async def _seed(session_factory: async_sessionmaker[AsyncSession], org: Org) -> Activity:
    return await add_activity(
        session_factory, org.staff, "Rapat koordinasi", start=time(9), end=time(10)
    )


async def test_edit_changes_the_activity_in_place(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    seeded = await _seed(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")

    card = only_sent(await d.press("✏️ 1"))
    assert card.text == (
        "📝 <b>Ubah laporan</b>\n"
        "📅 Tanggal: Sen 02/03/2026\n"
        "🗒 Kegiatan: Rapat koordinasi\n"
        "⏱ Waktu: 09.00–10.00 (1 jam)\n"
        "📦 Hasil: —\n"
        "📎 Bukti: —\n\n"
        "Periksa, lalu tekan Kirim."
    )
    assert "💾 Simpan perubahan" in labels(card.reply_markup)
    assert "✅ Kirim" not in labels(card.reply_markup)
    assert only_sent(await d.press("✏️ Kegiatan")).text == (
        ASK_DESCRIPTION + "\nSaat ini: Rapat koordinasi"
    )
    changed = reply_text(await d.say("Rapat koordinasi anggaran 2026"))
    assert "🗒 Kegiatan: Rapat koordinasi anggaran 2026\n" in changed
    assert changed.startswith("📝 <b>Ubah laporan</b>")

    calls = await d.press("💾 Simpan perubahan")

    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert edit.text == (
        "✅ Perubahan tersimpan.\n\n"
        "<b>Sen 02/03/2026</b> · 09.00–10.00 (1 jam)\n"
        "Rapat koordinasi anggaran 2026\n"
        "⏳ terkirim"
    )
    assert texts(calls)[-1] == (
        "Sen 02/03/2026: 1 jam dari 5 jam (1 kegiatan, 1 menunggu verifikasi). Kurang 4 jam."
    )
    [stored] = await activities(session_factory)
    assert stored.id == seeded.id
    assert (stored.description, stored.version) == ("Rapat koordinasi anggaran 2026", 2)
    assert stored.updated_at == clock()
    [audit] = await audits(session_factory)
    assert (audit.action, audit.actor_id, audit.entity_id) == (
        "activity.update",
        org.staff.id,
        seeded.id,
    )
    assert audit.before is not None
    assert audit.after is not None
    assert (audit.before["description"], audit.after["description"]) == (
        "Rapat koordinasi",
        "Rapat koordinasi anggaran 2026",
    )
    [note] = await notifications(session_factory)
    assert note.recipient_id == org.boss.id
    assert note.kind.endswith(".updated")
    assert (note.payload["activity_id"], note.payload["version"]) == (seeded.id, 2)


async def test_editing_an_activity_sent_back_for_revision_submits_it_again(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    seeded = await _seed(session_factory, org)
    await set_activity(session_factory, seeded.id, status=ActivityStatus.REVISION)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("✏️ 1")
    await d.press("📦 Hasil")
    await d.say("1 notulen")

    await d.press("💾 Simpan perubahan")

    [stored] = await activities(session_factory)
    assert (stored.status, stored.output_quantity, stored.output_unit) == (
        ActivityStatus.SUBMITTED,
        1,
        "notulen",
    )


async def test_delete_after_confirmation_soft_deletes(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    seeded = await _seed(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")

    ask = only_sent(await d.press("🗑 1"))
    assert ask.text.startswith(CONFIRM_DELETE + "\n\n<b>Sen 02/03/2026</b> · 09.00–10.00")
    assert "Rapat koordinasi" in ask.text  # the item to be deleted is named
    assert labels(ask.reply_markup) == ["🗑 Ya, hapus", "✖️ Tidak, biarkan"]
    assert len(await activities(session_factory)) == 1
    calls = await d.press("🗑 Ya, hapus")

    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert edit.text == (
        "🗑 Dihapus.\n"
        "Sen 02/03/2026: 0 mnt dari 5 jam (0 kegiatan, 0 menunggu verifikasi). Kurang 5 jam."
    )
    assert edit.reply_markup is None
    assert await activities(session_factory) == []
    [row] = await activities(session_factory, with_deleted=True)
    assert (row.id, row.deleted_at, row.version) == (seeded.id, clock(), 2)
    [audit] = await audits(session_factory)
    assert (audit.action, audit.entity_id) == ("activity.delete", seeded.id)
    [note] = await notifications(session_factory)
    assert note.recipient_id == org.boss.id
    assert note.kind.endswith(".deleted")
    assert "Belum ada kegiatan" in reply_text(await d.say("/riwayat"))


async def test_second_yes_delete_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("🗑 1")
    confirm = d.screen("🗑 Ya, hapus")
    await d.press("🗑 Ya, hapus", confirm)
    before = await snapshot(session_factory)

    calls = await d.press("🗑 Ya, hapus", confirm)

    assert alert(calls) == GONE
    assert await snapshot(session_factory) == before


async def test_stale_edit_button_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    seeded = await _seed(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await set_activity(session_factory, seeded.id, version=2, description="Diubah di tempat lain")
    before = await snapshot(session_factory)

    calls = await d.press("✏️ 1")

    assert alert(calls) == CHANGED
    assert texts(calls) == []
    assert await snapshot(session_factory) == before


async def test_stale_yes_delete_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    seeded = await _seed(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("🗑 1")
    await set_activity(session_factory, seeded.id, version=2)
    before = await snapshot(session_factory)

    calls = await d.press("🗑 Ya, hapus")

    assert alert(calls) == CHANGED
    assert await snapshot(session_factory) == before
    assert len(await activities(session_factory)) == 1


async def test_edit_card_saved_after_the_activity_changed_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    seeded = await _seed(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("✏️ 1")
    await d.press("✏️ Kegiatan")
    await d.say("Versi saya")
    await set_activity(session_factory, seeded.id, version=2, description="Versi lain")

    calls = await d.press("💾 Simpan perubahan")

    assert texts(calls) == ["Kegiatan ini sudah berubah. Buka /riwayat untuk melihatnya."]
    [stored] = await activities(session_factory)
    assert (stored.description, stored.version) == ("Versi lain", 2)
    assert await audits(session_factory) == []


async def test_edit_card_saved_after_approval_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    seeded = await _seed(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("✏️ 1")
    await set_activity(session_factory, seeded.id, status=ActivityStatus.APPROVED)

    calls = await d.press("💾 Simpan perubahan")

    assert texts(calls) == [APPROVED]
    [stored] = await activities(session_factory)
    assert (stored.status, stored.version, stored.description) == (
        ActivityStatus.APPROVED,
        1,
        "Rapat koordinasi",
    )


async def test_approved_activity_has_no_edit_or_delete_buttons(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    approved = await _seed(session_factory, org)
    await set_activity(session_factory, approved.id, status=ActivityStatus.APPROVED)
    await add_activity(session_factory, org.staff, "Apel pagi", start=time(7), end=time(8))
    d = Dialog(send, fake_session)

    reply = only_reply(await d.say("/riwayat"))

    assert "1. <b>Sen 02/03/2026</b> · 09.00–10.00 (1 jam)\nRapat koordinasi\n✅ disetujui" in (
        reply.text
    )
    assert labels(reply.reply_markup) == [
        "✏️ 2",
        "🗑 2",
        "Hari",
        "Pekan",
        "🗓 Bulan",
        "📅 Pilih tanggal",
    ]


@pytest.mark.parametrize("action", ["edit", "delok"])
async def test_forged_button_for_an_approved_activity_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    action: str,
) -> None:
    approved = await _seed(session_factory, org)
    await set_activity(session_factory, approved.id, status=ActivityStatus.APPROVED)
    d = Dialog(send, fake_session)
    before = await snapshot(session_factory)

    calls = await d.tap(f"ac:{action}:{approved.id}:1")

    assert alert(calls) == APPROVED
    assert texts(calls) == []
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("action", ["edit", "delok"])
async def test_forged_button_for_another_employees_activity_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    action: str,
) -> None:
    theirs = await add_activity(
        session_factory, org.boss, "Rapat pimpinan", start=time(9), end=time(10)
    )
    d = Dialog(send, fake_session)
    before = await snapshot(session_factory)

    calls = await d.tap(f"ac:{action}:{theirs.id}:1")

    assert alert(calls) == GONE
    assert texts(calls) == []
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("case", ["stale", "approved", "foreign"])
async def test_delete_button_that_cannot_work_is_refused_before_asking(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    case: str,
) -> None:
    owner = org.boss if case == "foreign" else org.staff
    activity = await add_activity(
        session_factory, owner, "Rapat koordinasi", start=time(9), end=time(10)
    )
    if case == "stale":
        await set_activity(session_factory, activity.id, version=2)
    if case == "approved":
        await set_activity(session_factory, activity.id, status=ActivityStatus.APPROVED)
    d = Dialog(send, fake_session)

    calls = await d.tap(f"ac:del:{activity.id}:1")

    assert CONFIRM_DELETE not in texts(calls)
    assert alert(calls) == {"stale": CHANGED, "approved": APPROVED, "foreign": GONE}[case]


async def test_declining_the_deletion_keeps_the_activity(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("🗑 1")

    calls = await d.press("✖️ Tidak, biarkan")

    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert (edit.text, edit.reply_markup) == ("Tidak dihapus.", None)
    assert len(await activities(session_factory)) == 1
    assert await audits(session_factory) == []
