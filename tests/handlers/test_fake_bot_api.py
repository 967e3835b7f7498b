"""The fake Bot API enforces the rules the handler tests rely on."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import GetChat

from tests.fakes.bot_session import FakeSession, UnexpectedMethod, html_error


def test_html_check_accepts_telegram_markup() -> None:
    text = '<b>a</b> <i>b</i> <code>c</code> <a href="https://t.me/x">d</a> &lt;NIP&gt; &#x27;'
    assert html_error(text) is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("/undang <NIP>", 'Unsupported start tag "nip" at byte offset 8'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ],
)
def test_html_check_refuses_what_telegram_refuses(text: str, error: str) -> None:
    assert html_error(text) == error


async def test_html_message_with_bad_markup_is_refused(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(1, "Cara pakai: /undang <NIP>")


async def test_plain_text_message_is_not_parsed(bot: Bot, fake_session: FakeSession) -> None:
    message = await bot.send_message(1, "a <NIP>", parse_mode=None)

    assert (message.chat.id, message.text) == (1, "a <NIP>")
    assert fake_session.sent == [message]


async def test_editing_to_the_same_content_is_refused(bot: Bot) -> None:
    sent = await bot.send_message(7, "Pilih bahasa:")
    await bot.edit_message_text("Done", chat_id=7, message_id=sent.message_id)

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Done", chat_id=7, message_id=sent.message_id)


async def test_a_callback_query_is_answered_once(bot: Bot) -> None:
    assert await bot.answer_callback_query("q1") is True

    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("q1")


async def test_download_serves_registered_bytes(bot: Bot, fake_session: FakeSession) -> None:
    fake_session.put_document("f1", b"x" * 70_000)

    data = await bot.download("f1")

    assert data is not None
    assert data.read() == b"x" * 70_000


async def test_unknown_method_is_not_silently_answered(bot: Bot) -> None:
    with pytest.raises(UnexpectedMethod, match="GetChat"):
        await bot(GetChat(chat_id=1))


async def test_a_message_over_telegrams_length_is_refused(bot: Bot) -> None:
    await bot.send_message(1, "<b>" + "a" * 4096 + "</b>")  # counted after parsing

    with pytest.raises(TelegramBadRequest, match="Bad Request: message is too long"):
        await bot.send_message(1, "a" * 4097)


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

    button = InlineKeyboardButton(text="x", callback_data="é" * 33)
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(1, "Pilih", reply_markup=markup)
