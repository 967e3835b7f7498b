"""People without a linked account learn how to register; nothing else happens."""

from __future__ import annotations

from aiogram.methods import AnswerCallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fakes import updates
from tests.handlers.conftest import STRANGER_TG, Org, Send
from tests.handlers.helpers import only_answer, reply_text, snapshot

HOW_TO_REGISTER = "Bot ini khusus untuk ASN instansi yang sudah terdaftar"


async def test_any_text_explains_how_to_get_an_invite(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await send(updates.text_message(STRANGER_TG, "selamat pagi")))

    assert HOW_TO_REGISTER in text
    assert "minta undangan ke admin kepegawaian" in text
    assert "kode 8 karakter" in text
    assert await snapshot(session_factory) == before


async def test_commands_get_the_same_explanation(send: Send, org: Org) -> None:
    for update in (
        updates.text_message(STRANGER_TG, "/help"),
        updates.text_message(STRANGER_TG, "/undang 198001012010011001"),
        updates.start(STRANGER_TG),
    ):
        assert HOW_TO_REGISTER in reply_text(await send(update))


async def test_a_file_gets_the_same_explanation(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await send(updates.document_message(STRANGER_TG, "pegawai.csv", 100)))

    assert HOW_TO_REGISTER in text
    assert await snapshot(session_factory) == before


async def test_pressed_button_gets_an_alert(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    before = await snapshot(session_factory)
    message = updates.bot_message(STRANGER_TG, "Pilih bahasa:")

    answer = only_answer(await send(updates.callback(STRANGER_TG, "lang:en", message)))

    assert isinstance(answer, AnswerCallbackQuery)
    assert answer.text == "Daftar dulu: minta undangan ke admin."
    assert answer.show_alert is True
    assert await snapshot(session_factory) == before


async def test_telegram_language_is_used_before_registration(send: Send, org: Org) -> None:
    text = reply_text(await send(updates.text_message(STRANGER_TG, "hello", language_code="en")))

    assert "This bot is for registered civil servants of the agency only." in text


async def test_deactivated_employee_is_treated_as_unregistered(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        staff = await session.get(type(org.staff), org.staff.id)
        assert staff is not None
        staff.active = False
        await session.commit()

    text = reply_text(await send(updates.text_message(staff.telegram_user_id or 0, "/help")))

    assert HOW_TO_REGISTER in text
