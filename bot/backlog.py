"""A webhook handler that refuses work past a backlog instead of queueing it in memory.

aiogram's `SimpleRequestHandler` with `handle_in_background` answers 200 at once and keeps
every accepted update as a task. Under a burst the tasks queue at the update slots
(`UpdateSessionMiddleware`), unbounded. Here at most `limit` accepted updates are in hand; past
that the answer is 503 (`Retry-After: 1`) and Telegram delivers the update again later. On
shutdown the front end stops listening first, then finishes what it accepted (`drain`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

logger = logging.getLogger("bot")


class BoundedRequestHandler(SimpleRequestHandler):
    """Secret checked first (401), then the backlog (503), then accepted (200, handled after)."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret_token: str, limit: int) -> None:
        super().__init__(dispatcher=dispatcher, bot=bot, secret_token=secret_token)
        self._limit = limit
        self._in_hand: set[asyncio.Task[None]] = set()

    @property
    def in_hand(self) -> int:
        """Updates accepted and not finished."""
        return len(self._in_hand)

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        if not self.verify_secret(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), bot):
            return web.Response(body="Unauthorized", status=401)
        if len(self._in_hand) >= self._limit:
            logger.warning("Backlog of %s updates reached; answering 503", self._limit)
            return web.Response(status=503, text="busy", headers={"Retry-After": "1"})
        update = await request.json(loads=bot.session.json_loads)
        task = asyncio.create_task(self._feed(bot, update))
        self._in_hand.add(task)
        task.add_done_callback(self._in_hand.discard)
        return web.json_response({}, dumps=bot.session.json_dumps)

    __call__ = handle

    async def _feed(self, bot: Bot, update: dict[str, Any]) -> None:
        result = await self.dispatcher.feed_raw_update(bot=bot, update=update, **self.data)
        if isinstance(result, TelegramMethod):
            await self.dispatcher.silent_call_request(bot=bot, result=result)

    async def drain(self, seconds: float) -> int:
        """Wait up to `seconds` for the accepted updates; how many were left unfinished."""
        if self._in_hand:
            await asyncio.wait(set(self._in_hand), timeout=seconds)
        return len(self._in_hand)
