"""`python -m bot webhook`: a stateless front end behind a load balancer.

aiogram's `SimpleRequestHandler` (as `BoundedRequestHandler`, bot/backlog.py) answers Telegram
at once (the update is handled in the background), refuses a wrong or missing
`X-Telegram-Bot-Api-Secret-Token` with 401, and answers 503 past `WEBHOOK_BACKLOG` updates in
hand.
No migrations, no scheduler, no outbox sender here: `python -m bot migrate` is the release
step and `python -m bot worker` the only sender. `/healthz` says the process is up, `/readyz`
that the database (and Redis, when configured) answer.

Because the update is handled after the 200, an update accepted while the database or Redis
is down would be lost. So the webhook path is gated by the same readiness check (cached for
`READY_CACHE` seconds): while it fails, the front end answers 503 and Telegram redelivers
later. An update accepted just before an outage fails in its handler and gets the apology
(bot/errors.py); the person sees that it did not go through.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher, set_bot_commands
from bot.backlog import BoundedRequestHandler
from bot.clock import settings_clock
from bot.config import Settings
from bot.i18n import build_i18n
from bot.ops import database
from bot.runtime import wait_for_bot_api

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger("bot")

READY_TIMEOUT = 2.0
READY_CACHE = 0.5
DRAIN_SECONDS = 20.0


class Readiness:
    """`SELECT 1` and Redis `PING` within READY_TIMEOUT; one probe at a time, its answer
    reused for READY_CACHE seconds so that a burst of updates costs one round trip."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], redis: Redis | None) -> None:
        self._factory = factory
        self._redis = redis
        self._lock = asyncio.Lock()
        self._checked_at = -READY_CACHE
        self._problem: str | None = None

    async def problem(self) -> str | None:
        """None when ready, else why not (the exception's type name)."""
        async with self._lock:
            if time.monotonic() - self._checked_at >= READY_CACHE:
                self._problem = await self._probe()
                self._checked_at = time.monotonic()
            return self._problem

    async def _probe(self) -> str | None:
        try:
            async with asyncio.timeout(READY_TIMEOUT):
                async with self._factory() as session:
                    await session.execute(text("SELECT 1"))
                if self._redis is not None:
                    await self._redis.ping()
        except Exception as exc:  # any failure means "not ready"
            logger.warning("not ready: %s", type(exc).__name__)
            return type(exc).__name__
        return None


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def gate_webhook(app: web.Application, path: str, readiness: Readiness) -> None:
    """Answer 503 on the webhook path while not ready, so Telegram delivers the update again
    later instead of it being accepted and then failing in the background."""

    @web.middleware
    async def gate(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path == path and (problem := await readiness.problem()) is not None:
            return web.Response(status=503, text=f"not ready: {problem}")
        return await handler(request)

    app.middlewares.append(gate)


def health_routes(app: web.Application, readiness: Readiness) -> None:
    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def readyz(_request: web.Request) -> web.Response:
        if (problem := await readiness.problem()) is not None:
            return web.Response(status=503, text=f"not ready: {problem}")
        return web.Response(text="ready")

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)


async def webhook(settings: Settings) -> None:
    url, secret = settings.webhook()
    i18n = build_i18n(settings.default_language)
    redis: Redis | None = None
    if settings.redis_url:
        from redis.asyncio import Redis

        redis = Redis.from_url(settings.redis_url)
    async with database(settings) as (factory, _agency):
        bot = build_bot(settings)
        runner: web.AppRunner | None = None
        try:
            me = await wait_for_bot_api(bot)
            await set_bot_commands(bot, i18n)
            clock = settings_clock(settings)
            dp = build_dispatcher(
                settings, factory, i18n, me.username or "", clock=clock, redis=redis
            )
            app = web.Application()
            path = urlparse(url).path or "/"
            readiness = Readiness(factory, redis)
            gate_webhook(app, path, readiness)
            handler = BoundedRequestHandler(dp, bot, secret, settings.webhook_backlog)
            handler.register(app, path=path)
            health_routes(app, readiness)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
            await site.start()
            await dp.emit_startup(bot=bot)
            await bot.set_webhook(
                url, secret_token=secret, allowed_updates=dp.resolve_used_update_types()
            )
            logger.info(
                "Webhook front end started (id=%s) on %s:%s",
                me.id,
                settings.webhook_host,
                settings.webhook_port,
            )
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            await stop.wait()
            logger.info("Webhook front end stopping")
            await site.stop()  # the balancer sends new updates elsewhere; finish what is in hand
            if left := await handler.drain(DRAIN_SECONDS):
                logger.warning("%s accepted updates not finished after %s s", left, DRAIN_SECONDS)
            await dp.emit_shutdown(bot=bot)
        finally:
            if runner is not None:
                await runner.cleanup()
            await bot.session.close()
            if redis is not None:
                await redis.aclose()
