"""End-to-end fixtures: a fake Bot API server on 127.0.0.1 and the real bot process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.e2e.bot_process import TOKEN, BotProcess
from tests.e2e.fake_bot_api import FakeBotAPI


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI(TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot_process(
    api: FakeBotAPI,
    database_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> AsyncIterator[BotProcess]:
    """The bot's CLI bound to a clean database and the fake API (not started yet)."""
    process = BotProcess(tmp_path, database_url, api.base_url)
    yield process
    await process.stop()
