"""/help and /bantuan show what this person can do, by role; unknown input gets a hint."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee
from tests.fakes import updates
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot

IMPORT_HINT = "Kirim berkas .csv atau .xlsx berkolom nip, nama, jabatan, unit, nip_atasan"


async def test_plain_employee_sees_basic_commands_only(send: Send, org: Org) -> None:
    text = reply_text(await send(updates.text_message(STAFF_TG, "/help")))

    assert "<b>Citra Staf</b> — Analis" in text
    assert "Peran: pegawai\n" in text
    assert "<b>Yang bisa Anda lakukan</b>" in text
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
    assert "/undang — Buat undangan: /undang &lt;NIP&gt;" in text
    assert IMPORT_HINT in text


async def test_supervisor_is_shown_as_atasan(send: Send, org: Org) -> None:
    text = reply_text(await send(updates.text_message(BOSS_TG, "/help")))

    assert "Peran: pegawai, atasan" in text
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
