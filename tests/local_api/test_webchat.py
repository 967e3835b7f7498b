"""The web chat's JSON endpoints: being someone, typing, tapping, sending and fetching files,
and seeing the bot's messages change (edits, deletions, button answers)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.types import BotCommand, BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.local_api import LocalBotAPI
from tests.local_api.conftest import USER


@pytest.fixture
async def http(server: LocalBotAPI) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=server.base_url) as session:
        yield session


async def events(http: aiohttp.ClientSession, after: int = 0) -> dict[str, Any]:
    async with http.get(f"/chat/api/{USER}/events", params={"after": after}) as response:
        assert response.status == 200
        return dict(await response.json())


async def test_the_page_and_its_people_are_served(http: aiohttp.ClientSession) -> None:
    async with http.get("/") as page:
        assert "chat.js" in await page.text()
    async with http.get("/static/chat.js") as script:
        assert script.status == 200
    async with http.get("/chat/api/people") as response:
        body = await response.json()
    assert body["people"] == [
        {"user_id": USER, "name": "Budi Santoso", "role": "Analis Data", "language": "id"}
    ]
    assert body["clock"] is False
    async with http.get("/chat/api/999/events") as stranger:
        assert stranger.status == 404


async def test_typed_text_becomes_an_update_for_the_bot(
    http: aiohttp.ClientSession, server: LocalBotAPI
) -> None:
    async with http.post(f"/chat/api/{USER}/send", json={"text": "/lapor 08.00-10.30 Rapat"}):
        pass
    update = server._updates[-1]["message"]

    assert update["from"]["first_name"] == "Budi Santoso"
    assert update["text"] == "/lapor 08.00-10.30 Rapat"
    assert update["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    (mine,) = (await events(http))["messages"]
    assert (mine["from_bot"], mine["text"]) == (False, "/lapor 08.00-10.30 Rapat")
    async with http.post(f"/chat/api/{USER}/send", json={"text": "  "}) as empty:
        assert empty.status == 400


async def test_bot_messages_edits_deletions_and_answers_reach_the_page(
    http: aiohttp.ClientSession, server: LocalBotAPI, bot: Bot
) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="✅ Kirim", callback_data="r:send")]]
    )
    card = await bot.send_message(USER, "📝 <b>Laporan</b>", reply_markup=markup)
    first = await events(http)
    (drawn,) = first["messages"]
    assert (drawn["text"], drawn["entities"]) == (
        "📝 Laporan",
        [{"type": "bold", "offset": 3, "length": 7}],
    )
    assert drawn["buttons"] == [[{"text": "✅ Kirim", "callback_data": "r:send"}]]

    async with http.post(
        f"/chat/api/{USER}/press", json={"message_id": card.message_id, "data": "r:send"}
    ):
        pass
    query = server._updates[-1]["callback_query"]
    assert (query["data"], query["message"]["text"]) == ("r:send", "📝 Laporan")
    await bot.answer_callback_query(query["id"], "Terkirim")
    await bot.edit_message_text("✅ Laporan terkirim.", chat_id=USER, message_id=card.message_id)
    second = await events(http, first["rev"])
    (edited,) = second["messages"]
    assert (edited["text"], edited["edited"], edited["buttons"]) == (
        "✅ Laporan terkirim.",
        True,
        [],
    )
    assert second["toasts"] == [{"text": "Terkirim", "alert": False}]

    async with http.post(
        f"/chat/api/{USER}/press", json={"message_id": card.message_id, "data": "r:send"}
    ) as stale:
        assert stale.status == 409  # the button is gone
    await bot.delete_message(USER, card.message_id)
    (gone,) = (await events(http, second["rev"]))["messages"]
    assert gone["deleted"] is True


async def test_photos_and_documents_both_ways(
    http: aiohttp.ClientSession, server: LocalBotAPI, bot: Bot
) -> None:
    form = aiohttp.FormData()
    form.add_field("file", b"\xff\xd8jpeg", filename="bukti.jpg", content_type="image/jpeg")
    form.add_field("as", "photo")
    form.add_field("width", "640")
    form.add_field("height", "480")
    form.add_field("caption", "Foto kegiatan")
    async with http.post(f"/chat/api/{USER}/upload", data=form):
        pass
    photo = server._updates[-1]["message"]
    assert photo["caption"] == "Foto kegiatan"
    assert photo["photo"][0]["width"] == 640
    file_id = photo["photo"][0]["file_id"]
    assert (await bot.download(file_id)).read() == b"\xff\xd8jpeg"  # type: ignore[union-attr]

    await bot.send_document(USER, BufferedInputFile(b"%PDF-1.4 SKP", "SKP 2026.pdf"))
    page = await events(http)
    sent = next(m for m in page["messages"] if m["from_bot"])
    assert sent["file"]["name"] == "SKP 2026.pdf"
    async with http.get(sent["file"]["url"]) as download:
        assert await download.read() == b"%PDF-1.4 SKP"
        assert download.headers["Content-Disposition"] == (
            "attachment; filename=\"SKP 2026.pdf\"; filename*=UTF-8''SKP%202026.pdf"
        )


async def test_the_command_menu_is_the_one_the_bot_set(
    http: aiohttp.ClientSession, bot: Bot
) -> None:
    await bot.set_my_commands([BotCommand(command="lapor", description="Laporan harian")])

    async with http.get("/chat/api/commands", params={"lang": "id"}) as response:
        body = await response.json()
    assert body == {"commands": [{"command": "lapor", "description": "Laporan harian"}]}
