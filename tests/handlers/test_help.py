"""/help and /bantuan show what this person can do, by role; unknown input gets a hint."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import only_reply, reply_text, snapshot
from tests.handlers.report_helpers import Dialog, labels, screens, texts

QUICK = (
    "Lapor cepat dalam satu baris: /lapor 2 jam Menyusun laporan bulanan, "
    "atau /lapor 08.00-10.30 Rapat koordinasi."
)
IMPORT_HINT = "Kirim berkas .csv atau .xlsx berkolom nip, nama, jabatan, unit, nip_atasan"


async def test_plain_employee_sees_basic_commands_only(send: Send, org: Org) -> None:
    text = reply_text(await send(updates.text_message(STAFF_TG, "/help")))

    assert "<b>Citra Staf</b> — Analis" in text
    assert "Peran: pegawai\n" in text
    assert "<b>Yang bisa Anda lakukan</b>\n\n👤 <b>Pegawai</b>\n/lapor — " in text
    assert "Atasan</b>" not in text
    assert "🛠 <b>Admin</b>" not in text
    assert QUICK in text
    assert "/help — Yang bisa saya bantu" in text
    assert "/bahasa — Ganti bahasa (Bahasa Indonesia / English)" in text
    assert "/undang" not in text
    assert IMPORT_HINT not in text


async def test_bantuan_is_the_same_as_help(send: Send, org: Org) -> None:
    help_text = reply_text(await send(updates.text_message(STAFF_TG, "/help")))

    assert reply_text(await send(updates.text_message(STAFF_TG, "/bantuan"))) == help_text


async def test_admin_sees_invite_command_and_import_hint(send: Send, org: Org) -> None:
    text = reply_text(await send(updates.text_message(ADMIN_TG, "/bantuan")))

    assert "Peran: pegawai, admin" in text
    assert "\n\n🛠 <b>Admin</b>\n/undang — Buat undangan: /undang &lt;NIP&gt;" in text
    assert text.index("👤 <b>Pegawai</b>") < text.index(QUICK) < text.index("🛠 <b>Admin</b>")
    assert "Atasan</b>" not in text
    assert IMPORT_HINT in text


async def test_supervisor_is_shown_as_atasan(send: Send, org: Org) -> None:
    text = reply_text(await send(updates.text_message(BOSS_TG, "/help")))

    assert "Peran: pegawai, atasan" in text
    assert "\n\n👥 <b>Atasan</b>\n/verifikasi — " in text
    assert "/undang" not in text


async def test_supervisor_of_inactive_staff_only_is_not_atasan(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        staff = await session.get(Employee, org.staff.id)
        assert staff is not None
        staff.active = False
        await session.commit()

    text = reply_text(await send(updates.text_message(BOSS_TG, "/help")))

    assert "Peran: pegawai\n" in text


async def test_start_without_payload_shows_help_to_a_registered_user(send: Send, org: Org) -> None:
    help_text = reply_text(await send(updates.text_message(BOSS_TG, "/help")))

    assert reply_text(await send(updates.start(BOSS_TG))) == help_text


async def test_unknown_text_gets_the_fallback_and_changes_nothing(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await send(updates.text_message(STAFF_TG, "laporan hari ini sudah?")))

    assert text == "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
    assert await snapshot(session_factory) == before


async def test_admin_greeting_is_short_with_a_more_button(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    full = reply_text(await send(updates.text_message(ADMIN_TG, "/help")))
    d = Dialog(send, fake_session, ADMIN_TG)

    greeting = only_reply(await d.say("/start"))

    assert greeting.text.count("\n") < 8
    assert QUICK in greeting.text
    assert "Sebagai admin: /undang, /pengaturan, /umumkan, /status, dan lainnya." in greeting.text
    assert labels(greeting.reply_markup) == ["📖 Selengkapnya"]

    assert texts(await d.press("📖 Selengkapnya")) == [full]
    assert screens(fake_session)[-1].labels == []


async def test_stale_more_button_shows_the_help_of_the_roles_held_now(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, ADMIN_TG)
    await d.say("/start")
    async with session_factory() as session:
        admin = await session.get(Employee, org.admin.id)
        assert admin is not None
        admin.is_admin = False
        await session.commit()
    before = await snapshot(session_factory)

    shown = texts(await d.press("📖 Selengkapnya"))

    assert "🛠 <b>Admin</b>" not in shown[0]  # the help of the roles held now
    assert await snapshot(session_factory) == before
