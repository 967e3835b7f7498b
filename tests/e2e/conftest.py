"""End-to-end fixtures: the local Bot API server on 127.0.0.1 and the real bot process."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from tests.e2e.bot_process import TOKEN, BotProcess


@pytest.fixture
async def api() -> AsyncIterator[LocalBotAPI]:
    """The server; a test fails if the bot sent anything Telegram would refuse as malformed
    (bad HTML, too long, bad buttons), races such as "message is not modified" aside."""
    server = LocalBotAPI(TOKEN)
    await server.start()
    yield server
    await server.stop()
    refused = [(c.method, c.error, c.text[:200]) for c in server.malformed()]
    assert not refused, f"Telegram would refuse these calls: {refused}"


@pytest.fixture
async def bot_process(
    api: LocalBotAPI,
    database_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> AsyncIterator[BotProcess]:
    """The bot's CLI bound to a clean database and the local API (not started yet)."""
    process = BotProcess(tmp_path, database_url, api.base_url)
    yield process
    await process.stop()


@pytest.fixture
async def hook_api() -> AsyncIterator[LocalBotAPI]:
    """The server for webhook tests (front ends register with setWebhook)."""
    # Update ids start somewhere new each run: Redis remembers taken ids for an hour.
    server = LocalBotAPI(TOKEN, first_update_id=random.randrange(10**6, 10**9))
    await server.start()
    yield server
    await server.stop()
    refused = [(c.method, c.error, c.text[:200]) for c in server.malformed()]
    assert not refused, f"Telegram would refuse these calls: {refused}"
