"""Long work shows progress: the chat action while it runs, and a "preparing…" message (edited
when done) once it takes longer than `PROGRESS_AFTER_SECONDS`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import Message
from aiogram.utils.chat_action import ChatActionSender

T = TypeVar("T")
PROGRESS_AFTER_SECONDS = 1.0
RETRIES = 2
MAX_WAIT_SECONDS = 30


async def with_progress(
    bot: Bot, chat_id: int, action: ChatAction, work: Awaitable[T], notice: str
) -> tuple[T, Message | None]:
    """Run `work` while Telegram shows `action`; post `notice` if it is slow. Returns the
    result and the notice message (to be edited by the caller when the answer is out)."""
    task = asyncio.ensure_future(work)
    sent: Message | None = None
    async with ChatActionSender(bot=bot, chat_id=chat_id, action=action, initial_sleep=0):
        done, _pending = await asyncio.wait({task}, timeout=PROGRESS_AFTER_SECONDS)
        if not done:
            sent = await bot.send_message(chat_id, notice)
        result = await task
    return result, sent


async def finish(bot: Bot, chat_id: int, notice: Message | None, text: str) -> None:
    if notice is not None:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=notice.message_id)


async def send_retrying(make: Callable[[], Awaitable[T]]) -> T:
    """A burst of pictures to one chat can meet Telegram's flood limit: wait as told, retry."""
    for attempt in range(RETRIES + 1):
        try:
            return await make()
        except TelegramRetryAfter as exc:
            if attempt == RETRIES:
                raise
            await asyncio.sleep(min(exc.retry_after, MAX_WAIT_SECONDS))
    raise AssertionError("unreachable")
