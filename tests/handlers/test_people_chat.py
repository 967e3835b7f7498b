"""Admin /mutasi (transfer from an effective date) and /berhenti (a leaver, confirmed with a
button): what the admin sees, what the database holds, and bad input that changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiogram import Bot
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ratelimit import SendLimiter
from bot.sender import OutboxSender
from models import AuditLog, Departure, Employee, Notification, Posting
from services.schedule import run_tick
from tests.conftest import FrozenClock
from tests.factories import make_nip
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.supervision_helpers import (
    FALLBACK,
    NIP_NOT_FOUND,
    STALE_BUTTON,
    alert,
    last_message_with,
    load,
    press,
    rows,
    say,
    sent_texts,
    submit,
    tap,
)
from tests.handlers.test_unregistered import HOW_TO_REGISTER

Factory = async_sessionmaker[AsyncSession]
TODAY = "2/3/2026"  # the clock: Monday 2 March 2026, 09:00 WIB
SAME = "Unit, atasan, dan jabatan itu sudah berlaku; tidak ada yang diubah."
DEACTIVATE = "✅ Nonaktifkan"
GONE = "Pegawai itu sudah tidak aktif; tidak ada yang diubah."


async def test_admin_transfers_a_person_and_sees_the_history(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock())
    command = f"/mutasi {org.staff.nip} {TODAY} atasan: {org.admin.nip} jabatan: Analis Kebijakan"

    text = reply_text(await say(send, ADMIN_TG, command))

    assert text.startswith("✅ Citra Staf dimutasi mulai ")
    assert "1 laporan sejak tanggal itu beralih ke atasan baru" in text
    assert "🗂 <b>Citra Staf</b>: riwayat penempatan" in text
    assert "Analis Kebijakan, Dinas Uji; atasan Ani Admin" in text
    assert "Analis, Dinas Uji; atasan Bambang Atasan" in text
    staff = await load(session_factory, Employee, org.staff.id)
    assert (staff.supervisor_id, staff.position) == (org.admin.id, "Analis Kebijakan")
    assert len(await rows(session_factory, Posting)) == 2
    [audit] = await rows(session_factory, AuditLog, AuditLog.action == "employee.transfer")
    assert audit.actor_id == org.admin.id
    notices = await rows(session_factory, Notification, Notification.kind.like("posting.%"))
    assert {(n.kind, n.recipient_id) for n in notices} == {
        ("posting.moved_out", org.boss.id),
        ("posting.moved_in", org.admin.id),
        ("posting.transferred", org.staff.id),
    }

    before = await snapshot(session_factory)  # the same message again: a double send
    assert reply_text(await say(send, ADMIN_TG, command)) == SAME
    assert await snapshot(session_factory) == before


async def test_a_transfer_dated_ahead_is_recorded_and_applied_on_the_day(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    command = f"/mutasi {org.staff.nip} 16/3/2026 atasan: {org.admin.nip}"

    text = reply_text(await say(send, ADMIN_TG, command))

    assert text.startswith(
        "🗓 Mutasi Citra Staf mulai Sen 16/03/2026 sudah dicatat. Mutasi berlaku pada tanggal itu"
    )
    assert "• Sen 16/03/2026 – sekarang: Analis, Dinas Uji; atasan Ani Admin" in text
    staff = await load(session_factory, Employee, org.staff.id)
    assert staff.supervisor_id == org.boss.id
    kinds = {n.kind for n in await rows(session_factory, Notification)}
    assert {k for k in kinds if k.startswith("posting.")} == {"posting.transferred"}

    async with session_factory() as s:
        await run_tick(s, datetime(2026, 3, 15, 17, 1, tzinfo=UTC))  # 16 March 00:01 WIB
    staff = await load(session_factory, Employee, org.staff.id)
    assert staff.supervisor_id == org.admin.id
    notices = await rows(session_factory, Notification, Notification.kind.like("posting.%"))
    assert {(n.kind, n.recipient_id) for n in notices} == {
        ("posting.transferred", org.staff.id),
        ("posting.moved_out", org.boss.id),
        ("posting.moved_in", org.admin.id),
    }


async def test_mutasi_with_only_a_nip_shows_where_the_person_was(send: Send, org: Org) -> None:
    text = reply_text(await say(send, ADMIN_TG, f"/transfer {org.staff.nip}"))

    assert text.startswith("🗂 <b>Citra Staf</b>: riwayat penempatan\n• Sen 02/03/2026 – sekarang")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", "Cara pakai: /mutasi"),
        ("{staff} 2/3/2026", "Cara pakai: /mutasi"),
        ("{staff} 2/3/2026 pindah saja", "Cara pakai: /mutasi"),
        ("19800101 2/3/2026 atasan: {admin}", NIP_NOT_FOUND),
        (make_nip(99) + " 2/3/2026 atasan: {admin}", NIP_NOT_FOUND),
        ("{staff} 2/3/2026 atasan: " + make_nip(99), NIP_NOT_FOUND),
        ("{staff} 1/6/2026 atasan: {admin}", "Tanggal harus antara "),  # 91 days ahead
        ("{staff} 1/1/2020 atasan: {admin}", "Tanggal harus antara "),
        ("{staff} 31/2/2026 atasan: {admin}", "Tanggal itu tidak ada"),
        ("{staff} 2/3/2026 unit: Bidang Antah", "Tidak ada unit dengan nama itu"),
        ("{staff} 2/3/2026 jabatan: " + "x" * 201, "terlalu panjang"),
        ("{boss} 2/3/2026 atasan: {staff}", "rantai atasan berputar"),
        ("{staff} 2/3/2026 atasan: {boss}", SAME),
    ],
)
async def test_bad_mutasi_changes_nothing(
    send: Send, org: Org, session_factory: Factory, args: str, expected: str
) -> None:
    before = await snapshot(session_factory)
    nips = {"staff": org.staff.nip, "admin": org.admin.nip, "boss": org.boss.nip}

    text = reply_text(await say(send, ADMIN_TG, f"/mutasi {args.format(**nips)}".strip()))

    assert expected in text
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    "command", ["/mutasi {staff} 2/3/2026 atasan: {boss}", "/berhenti {staff} pensiun 2/3/2026"]
)
async def test_non_admins_get_the_fallback(
    send: Send, org: Org, session_factory: Factory, command: str
) -> None:
    before = await snapshot(session_factory)

    text = reply_text(
        await say(send, BOSS_TG, command.format(staff=org.staff.nip, boss=org.boss.nip))
    )

    assert text == FALLBACK
    assert await snapshot(session_factory) == before


async def test_admin_deactivates_a_leaver_who_then_can_do_nothing(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock())
    card = reply_text(await say(send, ADMIN_TG, f"/berhenti {org.boss.nip} pindah keluar {TODAY}"))
    assert card.startswith("Nonaktifkan <b>Bambang Atasan</b> (pindah ke instansi lain) mulai ")
    assert "beralih ke tidak ada (tidak ada atasan di atasnya)." in card
    message = last_message_with(fake_session, DEACTIVATE)

    calls = await press(send, ADMIN_TG, message, DEACTIVATE)

    assert sent_texts(calls) == [
        "✅ Bambang Atasan dinonaktifkan mulai Sen 02/03/2026. 1 anggota tim dan 1 verifikasi yang "
        "belum selesai kini beralih ke -."
    ]
    boss = await load(session_factory, Employee, org.boss.id)
    assert (boss.active, boss.telegram_user_id, boss.telegram_chat_id) == (False, None, None)
    [departure] = await rows(session_factory, Departure)
    assert (departure.employee_id, str(departure.reason)) == (org.boss.id, "pindah_keluar")
    [audit] = await rows(session_factory, AuditLog, AuditLog.action == "employee.deactivate")
    assert (audit.actor_id, audit.reason) == (org.admin.id, "pindah_keluar")

    after = await snapshot(session_factory)  # a second tap on the same button
    assert alert(await press(send, ADMIN_TG, message, DEACTIVATE)) == GONE
    assert await snapshot(session_factory) == after
    for text in ("/verifikasi", "/lapor", "/help"):
        assert HOW_TO_REGISTER in reply_text(await say(send, BOSS_TG, text))
    assert await snapshot(session_factory) == after


async def test_the_acting_successor_is_named_on_the_card(
    send: Send, org: Org, session_factory: Factory
) -> None:
    await say(send, ADMIN_TG, f"/plt {org.admin.nip} {org.boss.nip} 1/3 - 31/3")

    card = reply_text(await say(send, ADMIN_TG, f"/berhenti {org.boss.nip} pensiun {TODAY}"))

    assert "beralih ke Ani Admin." in card


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", "Cara pakai: /berhenti"),
        ("{staff} pensiun", "Cara pakai: /berhenti"),
        ("{staff} bosan 2/3/2026", "Alasan harus salah satu dari"),
        ("19800101 pensiun 2/3/2026", NIP_NOT_FOUND),
        (make_nip(99) + " pensiun 2/3/2026", NIP_NOT_FOUND),
        ("{admin} pensiun 2/3/2026", "Anda tidak dapat menonaktifkan diri sendiri"),
        ("{staff} pensiun 3/3/2026", "Tanggal harus antara "),
        ("{staff} pensiun 32/3/2026", "Tanggal itu tidak ada"),
    ],
)
async def test_bad_berhenti_changes_nothing(
    send: Send, org: Org, session_factory: Factory, args: str, expected: str
) -> None:
    before = await snapshot(session_factory)
    nips = {"staff": org.staff.nip, "admin": org.admin.nip}

    text = reply_text(await say(send, ADMIN_TG, f"/berhenti {args.format(**nips)}".strip()))

    assert expected in text
    assert await snapshot(session_factory) == before


async def test_cancel_and_stale_buttons_change_nothing(
    send: Send, org: Org, session_factory: Factory, fake_session: FakeSession
) -> None:
    await say(send, ADMIN_TG, f"/berhenti {org.staff.nip} pensiun {TODAY}")
    message = last_message_with(fake_session, "Batal")
    before = await snapshot(session_factory)

    await press(send, ADMIN_TG, message, "Batal")
    stale = [
        f"pp:ok:{org.newcomer.id + 1000}:pensiun:2026-03-02",  # nobody
        f"pp:ok:{org.staff.id}:bosan:2026-03-02",  # not a reason
        f"pp:ok:{org.staff.id}:pensiun:9999-12-31",  # not a date in range
    ]
    answers = [alert(await tap(send, ADMIN_TG, data)) for data in stale]
    future = alert(await tap(send, ADMIN_TG, f"pp:ok:{org.staff.id}:pensiun:2026-03-09"))
    stranger = await tap(send, BOSS_TG, f"pp:ok:{org.staff.id}:pensiun:2026-03-02")

    assert answers == [GONE, STALE_BUTTON, STALE_BUTTON]
    assert future.startswith("Tanggal harus antara ")
    assert alert(stranger) == STALE_BUTTON
    assert await snapshot(session_factory) == before


async def test_both_supervisors_are_told_what_moved(
    send: Send,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    bot: Bot,
    i18n: I18n,
    fake_session: FakeSession,
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock())
    await say(send, ADMIN_TG, f"/mutasi {org.staff.nip} {TODAY} atasan: {org.admin.nip}")
    clock.advance(minutes=5)
    limiter = SendLimiter(global_per_second=10_000, per_chat_per_second=10_000)
    start = len(fake_session.sent)

    await OutboxSender(bot, session_factory, i18n, clock, limiter).drain_once()

    told = {m.chat.id: m.text for m in fake_session.sent[start:] if "🔀" in (m.text or "")}
    assert told == {
        BOSS_TG: "🔀 Citra Staf pindah ke atasan lain mulai Sen 02/03/2026.\n"
        "Laporan sebelum tanggal itu tetap Anda verifikasi; 1 laporan sesudahnya dipindahkan.",
        ADMIN_TG: "🔀 Citra Staf menjadi bawahan Anda mulai Sen 02/03/2026.\n"
        "1 laporan sejak tanggal itu kini menunggu verifikasi Anda di /verifikasi.",
        STAFF_TG: "🔀 Penempatan Anda berubah mulai Sen 02/03/2026: Analis, Dinas Uji; atasan "
        "Ani Admin.\nLaporan sejak tanggal itu diverifikasi atasan ini; laporan sebelumnya tetap "
        "pada atasan lama.",
    }


async def test_admins_are_told_when_a_leavers_team_has_nobody_to_verify(
    send: Send,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    bot: Bot,
    i18n: I18n,
    fake_session: FakeSession,
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock())
    await say(send, ADMIN_TG, f"/berhenti {org.boss.nip} pensiun {TODAY}")
    await press(send, ADMIN_TG, last_message_with(fake_session, DEACTIVATE), DEACTIVATE)
    clock.advance(minutes=5)
    limiter = SendLimiter(global_per_second=10_000, per_chat_per_second=10_000)
    start = len(fake_session.sent)

    await OutboxSender(bot, session_factory, i18n, clock, limiter).drain_once()

    told = [(m.chat.id, m.text) for m in fake_session.sent[start:] if "⚠️" in (m.text or "")]
    assert told == [
        (
            ADMIN_TG,
            "⚠️ Bambang Atasan telah berhenti (mulai Sen 02/03/2026) dan tidak ada yang "
            "memverifikasi 1 anggota timnya: tidak ada Plt/Plh dan tidak ada atasan di atasnya.\n"
            "1 laporan menunggu verifikasi. Tunjuk Plt/Plh atau pindahkan tim ke atasan baru "
            "dengan /mutasi.",
        )
    ]
    staff = await load(session_factory, Employee, org.staff.id)
    assert (staff.active, staff.supervisor_id) == (True, None)
