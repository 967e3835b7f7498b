"""/bahasa: choose Bahasa Indonesia or English with a button; the choice is stored."""

from __future__ import annotations

import logging

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import STAFF_TG, Org, Send
from tests.handlers.helpers import load_employee, only_answer, reply_text, snapshot


async def _open_menu(send: Send, fake_session: FakeSession) -> Message:
    calls = await send(updates.text_message(STAFF_TG, "/bahasa"))
    assert isinstance(calls[-1], SendMessage)
    return fake_session.sent[-1]


async def _language_audits(session_factory: async_sessionmaker[AsyncSession]) -> list[AuditLog]:
    async with session_factory() as session:
        rows = await session.scalars(
            select(AuditLog).where(AuditLog.action == "employee.language").order_by(AuditLog.id)
        )
        return list(rows.all())


async def test_bahasa_offers_both_languages(send: Send, org: Org) -> None:
    reply = (await send(updates.text_message(STAFF_TG, "/bahasa")))[0]

    assert isinstance(reply, SendMessage)
    assert reply.text == "Pilih bahasa:"
    assert isinstance(reply.reply_markup, InlineKeyboardMarkup)
    buttons = [b for row in reply.reply_markup.inline_keyboard for b in row]
    assert [(b.text, b.callback_data) for b in buttons] == [
        ("🇮🇩 Bahasa Indonesia", "lang:id"),
        ("🇬🇧 English", "lang:en"),
    ]


async def test_choosing_english_stores_it_and_switches_the_bot(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    menu = await _open_menu(send, fake_session)

    calls = await send(updates.callback(STAFF_TG, "lang:en", menu))

    answer, edit = calls
    assert isinstance(answer, AnswerCallbackQuery)
    assert answer.text == "Language set to English."
    assert isinstance(edit, EditMessageText)
    assert edit.text == "Language set to English."
    assert (edit.chat_id, edit.message_id) == (STAFF_TG, menu.message_id)
    assert edit.reply_markup is None
    assert (await load_employee(session_factory, org.staff.id)).language == "en"
    [audit] = await _language_audits(session_factory)
    assert (audit.before, audit.after) == ({"language": None}, {"language": "en"})

    text = reply_text(await send(updates.text_message(STAFF_TG, "/help")))
    assert "Role: employee" in text
    assert "/help — What I can do for you" in text


async def test_choosing_indonesian_again_switches_back(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await send(updates.callback(STAFF_TG, "lang:en", await _open_menu(send, fake_session)))

    menu = await _open_menu(send, fake_session)
    assert menu.text == "Choose your language:"
    answer = (await send(updates.callback(STAFF_TG, "lang:id", menu)))[0]

    assert isinstance(answer, AnswerCallbackQuery)
    assert answer.text == "Bahasa diubah ke Bahasa Indonesia."
    assert (await load_employee(session_factory, org.staff.id)).language == "id"
    assert "Peran: pegawai" in reply_text(await send(updates.text_message(STAFF_TG, "/help")))


async def test_forged_language_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    menu = await _open_menu(send, fake_session)
    before = await snapshot(session_factory)

    answer = only_answer(await send(updates.callback(STAFF_TG, "lang:xx", menu)))

    assert answer.text == "Tombol ini sudah tidak berlaku."
    assert answer.show_alert is True
    assert await snapshot(session_factory) == before


async def test_double_click_stores_the_choice_once(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    menu = await _open_menu(send, fake_session)

    await send(updates.callback(STAFF_TG, "lang:en", menu))
    await send(updates.callback(STAFF_TG, "lang:en", menu))

    assert (await load_employee(session_factory, org.staff.id)).language == "en"
    assert len(await _language_audits(session_factory)) == 1


async def test_double_click_is_harmless(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    menu = await _open_menu(send, fake_session)
    await send(updates.callback(STAFF_TG, "lang:en", menu))

    with caplog.at_level(logging.WARNING):
        calls = await send(updates.callback(STAFF_TG, "lang:en", menu))

    assert [c.text for c in calls if isinstance(c, AnswerCallbackQuery)] == [
        "Language set to English."
    ]
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
