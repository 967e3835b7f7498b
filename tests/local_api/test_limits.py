"""Each limit the local Bot API server enforces, seen through aiogram over real HTTP: the
refusal carries Telegram's own description, and nothing reaches the chat."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramNotFound, TelegramUnauthorizedError
from aiogram.methods import GetMe
from aiogram.types import BotCommand, BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.local_api import LocalBotAPI
from tests.local_api.conftest import USER


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Ok", callback_data=data)]]
    )


def shown(server: LocalBotAPI) -> list[str]:
    return [m.text.text for m in server.store.chat_since(USER, 0) if m.text and not m.deleted]


async def test_text_up_to_4096_characters_after_entity_parsing_is_sent(
    bot: Bot, server: LocalBotAPI
) -> None:
    await bot.send_message(USER, "<b>" + "a" * 4096 + "</b>")
    await bot.send_message(USER, "😀" * 4096)  # characters, not UTF-16 units

    assert [len(text) for text in shown(server)] == [4096, 4096]


async def test_text_over_4096_characters_is_too_long(bot: Bot, server: LocalBotAPI) -> None:
    with pytest.raises(
        TelegramBadRequest, match=r"^Telegram server says - Bad Request: message is too long$"
    ):
        await bot.send_message(USER, "a" * 4097)

    assert shown(server) == []
    assert server.calls[-1].error == "Bad Request: message is too long"


@pytest.mark.parametrize("text", ["", "   \n ", "<b> </b>"])
async def test_empty_text_is_refused(bot: Bot, server: LocalBotAPI, text: str) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: message text is empty"):
        await bot.send_message(USER, text)

    assert shown(server) == []


async def test_unsupported_tag_cannot_be_parsed(bot: Bot, server: LocalBotAPI) -> None:
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(USER, "Cara pakai: /undang <NIP>")

    assert refused.value.message == (
        'Bad Request: can\'t parse entities: Unsupported start tag "nip" at byte offset 20'
    )
    assert shown(server) == []


async def test_unclosed_tag_cannot_be_parsed(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match='corresponding to start tag "b"'):
        await bot.send_message(USER, "<b>Laporan")


async def test_plain_text_is_not_parsed(bot: Bot, server: LocalBotAPI) -> None:
    sent = await bot.send_message(USER, "a <NIP> & b", parse_mode=None)

    assert sent.text == "a <NIP> & b"
    assert shown(server) == ["a <NIP> & b"]


async def test_sent_message_comes_back_as_plain_text_with_entities(bot: Bot) -> None:
    sent = await bot.send_message(USER, "  <b>Hadir</b> &amp; tepat  ")

    assert sent.text == "Hadir & tepat"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [("bold", 0, 5)]


async def test_caption_up_to_1024_characters(bot: Bot, server: LocalBotAPI) -> None:
    pdf = BufferedInputFile(b"%PDF-1.4", "a.pdf")
    await bot.send_document(USER, pdf, caption="c" * 1024)

    with pytest.raises(TelegramBadRequest, match="Bad Request: message caption is too long"):
        await bot.send_document(USER, pdf, caption="c" * 1025)

    assert [m.caption.text for m in server.store.chat_since(USER, 0) if m.caption] == ["c" * 1024]


@pytest.mark.parametrize("data", ["x" * 64, "é" * 32])
async def test_callback_data_up_to_64_bytes(bot: Bot, data: str) -> None:
    sent = await bot.send_message(USER, "Pilih", reply_markup=keyboard(data))

    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == data


@pytest.mark.parametrize("data", ["x" * 65, "é" * 33])  # 33 × é = 66 bytes
async def test_callback_data_over_64_bytes_is_invalid(
    bot: Bot, server: LocalBotAPI, data: str
) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "Pilih", reply_markup=keyboard(data))

    assert shown(server) == []


async def test_a_button_without_action_is_refused(bot: Bot) -> None:
    markup = {"inline_keyboard": [[{"text": "Hanya teks"}]]}
    with pytest.raises(TelegramBadRequest, match="text buttons are unallowed"):
        await bot.send_message(USER, "Pilih", reply_markup=markup)  # type: ignore[arg-type]


async def test_editing_to_the_same_content_is_not_modified(bot: Bot, server: LocalBotAPI) -> None:
    sent = await bot.send_message(USER, "<b>Pilih</b>", reply_markup=keyboard("a"))
    await bot.edit_message_text("<b>Pilih</b>", chat_id=USER, message_id=sent.message_id)

    with pytest.raises(TelegramBadRequest, match="Bad Request: message is not modified"):
        await bot.edit_message_text("<b>Pilih</b>", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)

    (message,) = server.store.chat_since(USER, 0)
    assert (message.text and message.text.text, message.markup, message.edit_date is not None) == (
        "Pilih",
        None,
        True,
    )


async def test_edit_and_delete_need_an_existing_bot_message(bot: Bot, server: LocalBotAPI) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    server.push_text(USER, "halo")
    (own,) = server.store.chat_since(USER, 0)
    with pytest.raises(TelegramBadRequest, match="Bad Request: message can't be edited"):
        await bot.edit_message_text("x", chat_id=USER, message_id=own.message_id)

    sent = await bot.send_message(USER, "Sementara")
    assert await bot.delete_message(USER, sent.message_id) is True
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    assert shown(server) == ["halo"]


async def test_a_callback_query_is_answered_once(bot: Bot, server: LocalBotAPI) -> None:
    sent = await bot.send_message(USER, "Pilih", reply_markup=keyboard("a"))
    stored = server.store.messages[(USER, sent.message_id)]
    server.press(USER, stored, "a")
    query_id = server._updates[-1]["callback_query"]["id"]

    assert await bot.answer_callback_query(query_id, "✅ Disetujui.") is True
    with pytest.raises(TelegramBadRequest, match="query is too old and response timeout expired"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("never-sent")
    assert server.store.toasts[USER][0][1:] == ("✅ Disetujui.", False)


async def test_a_callback_answer_has_at_most_200_characters(bot: Bot, server: LocalBotAPI) -> None:
    server.push_callback(
        USER, "a", {"message_id": 1, "date": 0, "chat": {"id": USER, "type": "private"}}
    )
    query_id = server._updates[-1]["callback_query"]["id"]

    with pytest.raises(TelegramBadRequest, match="Bad Request: MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(query_id, "x" * 201, show_alert=True)


async def test_files_go_both_ways_and_keep_their_type(bot: Bot, server: LocalBotAPI) -> None:
    server.push_document(USER, "notulen.pdf", b"%PDF-1.4 notulen")
    (sent_by_user,) = server.store.chat_since(USER, 0)
    assert sent_by_user.file is not None
    file_id = sent_by_user.file.file_id

    assert (await bot.download(file_id)).read() == b"%PDF-1.4 notulen"  # type: ignore[union-attr]
    again = await bot.send_document(USER, file_id)
    assert again.document is not None
    assert again.document.file_id == file_id
    with pytest.raises(TelegramBadRequest, match="Bad Request: type of file mismatch"):
        await bot.send_photo(USER, file_id)
    with pytest.raises(TelegramBadRequest, match="wrong file identifier/HTTP URL specified"):
        await bot.send_document(USER, "no-such-file")
    with pytest.raises(TelegramBadRequest, match="Bad Request: invalid file_id"):
        await bot.get_file("no-such-file")

    made = await bot.send_document(USER, BufferedInputFile(b"PK\x03\x04", "SKP-2026.xlsx"))
    assert made.document is not None
    assert made.document.file_name == "SKP-2026.xlsx"
    assert server.files[made.document.file_id].content == b"PK\x03\x04"


async def test_bot_commands_are_checked_and_kept_per_language(
    bot: Bot, server: LocalBotAPI
) -> None:
    await bot.set_my_commands([BotCommand(command="lapor", description="Laporan harian")])
    await bot.set_my_commands(
        [BotCommand(command="lapor", description="Daily report")], language_code="en"
    )
    with pytest.raises(TelegramBadRequest, match="Bad Request: BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Lapor-Harian", description="x")])
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_DESCRIPTION_INVALID"):
        await bot.set_my_commands([BotCommand(command="lapor", description="d" * 257)])

    assert server.store.commands == {
        "": [{"command": "lapor", "description": "Laporan harian"}],
        "en": [{"command": "lapor", "description": "Daily report"}],
    }


async def test_unknown_method_and_wrong_token(server: LocalBotAPI, bot: Bot) -> None:
    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot.get_chat(USER)

    other = Bot("987654321:" + "B" * 35, session=bot.session)
    with pytest.raises(TelegramUnauthorizedError):
        await other(GetMe())
    assert (await bot.get_me()).username == "kinerja_test_bot"
