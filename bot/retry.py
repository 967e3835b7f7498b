"""A direct reply survives one bad moment at Telegram: inside an update, a 5xx answer or a
refused connection is retried briefly. The outbox sender has retries of its own (with backoff
and the row kept), so outside an update nothing is retried here."""

from __future__ import annotations

import asyncio
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

logger = logging.getLogger(__name__)
_in_update: ContextVar[bool] = ContextVar("handling_update", default=False)


@contextmanager
def handling_update() -> Any:
    token = _in_update.set(True)
    try:
        yield
    finally:
        _in_update.reset(token)


def _retryable(error: Exception) -> bool:
    """5xx, or a network error that is not a timeout (after a timeout the message may have
    arrived: sending it again would show it twice)."""
    if isinstance(error, TelegramServerError):
        return True
    return isinstance(error, TelegramNetworkError) and "timeout" not in error.message.lower()


class RetryDirectReplies(BaseRequestMiddleware):
    def __init__(self, delays: tuple[float, ...] = (0.3, 1.0)) -> None:
        self._delays = delays

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not _in_update.get():
            return await make_request(bot, method)
        for delay in self._delays:
            try:
                return await make_request(bot, method)
            except (TelegramServerError, TelegramNetworkError) as exc:
                if not _retryable(exc):
                    raise
                logger.warning(
                    "%s failed (%s); retrying in %.1f s",
                    type(method).__name__,
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
        return await make_request(bot, method)
