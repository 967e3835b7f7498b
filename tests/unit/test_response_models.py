"""aiogram's response models survive a garbage collection once the bot is built, so no Bot API
answer pays for building one again (bot/response_models.py)."""

from __future__ import annotations

import gc
import weakref

from aiogram.methods import EditMessageText, GetUpdates, SendMessage
from aiogram.methods.base import Response

from bot.app import build_bot
from bot.config import Settings
from tests.e2e.bot_process import TOKEN


async def test_response_models_are_kept_across_garbage_collections() -> None:
    bot = build_bot(Settings(bot_token=TOKEN, _env_file=None))  # type: ignore[call-arg]
    try:
        for method in (SendMessage, EditMessageText, GetUpdates):
            model = weakref.ref(Response[method.__returning__])
            gc.collect()
            assert model() is not None, method.__name__
            assert Response[method.__returning__] is model()
    finally:
        await bot.session.close()
