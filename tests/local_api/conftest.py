"""The local Bot API server on 127.0.0.1, and an aiogram Bot talking to it over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.local_api import LocalBotAPI, Person

TOKEN = "123456789:AAE2e-TestTokenTestTokenTestToken_xyz"
USER = 5001


@pytest.fixture
async def server() -> AsyncIterator[LocalBotAPI]:
    api = LocalBotAPI(TOKEN, people=[Person(USER, "Budi Santoso", "Analis Data")])
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(server: LocalBotAPI) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url))
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    yield bot
    await bot.session.close()
