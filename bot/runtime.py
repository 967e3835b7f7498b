"""The long-running processes: `run` (polling + scheduler + sender) and `worker`."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.types import User
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher, set_bot_commands
from bot.clock import settings_clock
from bot.config import ConfigError, Settings
from bot.i18n import build_i18n
from bot.ops import database, retention_policy
from bot.ratelimit import Limiter, RedisSendLimiter, SendLimiter
from bot.scheduler import Ticker, build_scheduler
from bot.sender import OutboxSender

logger = logging.getLogger("bot")


@asynccontextmanager
async def send_limiter(settings: Settings, bot_id: int) -> AsyncIterator[Limiter]:
    """With REDIS_URL the send budget is shared by every worker (its client closed at the
    end); otherwise it is this process's."""
    if not settings.redis_url:
        yield SendLimiter(settings.send_rate_global, settings.send_rate_per_chat)
        return
    from redis.asyncio import Redis

    redis = Redis.from_url(settings.redis_url)
    try:
        yield RedisSendLimiter(
            redis, bot_id, settings.send_rate_global, settings.send_rate_per_chat
        )
    finally:
        await redis.aclose()


@asynccontextmanager
async def _background(
    settings: Settings, bot: Bot, factory: async_sessionmaker[AsyncSession], i18n: I18n
) -> AsyncIterator[asyncio.Event]:
    """Scheduler ticks and the outbox sender, running until the block ends."""
    stop = asyncio.Event()
    async with send_limiter(settings, bot.id) as limiter:
        clock = settings_clock(settings)
        sender = OutboxSender(bot, factory, i18n, clock, limiter)
        ticker = Ticker(factory, clock, retention_policy(settings))
        scheduler = build_scheduler(ticker, settings.tick_seconds)
        sending = asyncio.create_task(sender.run(stop))
        scheduler.start()
        try:
            yield stop
        finally:
            stop.set()
            scheduler.shutdown(wait=False)
            await sending


async def wait_for_bot_api(bot: Bot) -> User:
    """getMe, retrying with backoff while the Bot API is unreachable (slow links, outages)."""
    delay = 1.0
    while True:
        try:
            return await bot.get_me()
        except TelegramUnauthorizedError:
            raise ConfigError(
                "BOT_TOKEN was refused by the Bot API (revoked or mistyped)"
            ) from None
        except TelegramNetworkError as exc:
            logger.warning(
                "Bot API not reachable (%s); retrying in %.0f s", type(exc).__name__, delay
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)


async def run(settings: Settings) -> None:
    """Everything in one process: long polling, scheduler ticks, outbox sender."""
    i18n = build_i18n(settings.default_language)
    async with database(settings) as (factory, _agency):
        bot = build_bot(settings)
        try:
            me = await wait_for_bot_api(bot)
            await set_bot_commands(bot, i18n)
            clock = settings_clock(settings)
            dp = build_dispatcher(settings, factory, i18n, me.username or "", clock=clock)
            async with _background(settings, bot, factory, i18n):
                logger.info("Bot started (id=%s)", me.id)
                await dp.start_polling(bot, handle_signals=True)
        finally:
            await bot.session.close()


async def worker(settings: Settings) -> None:
    """Only the scheduler and the sender, for deployments whose front ends run elsewhere."""
    i18n = build_i18n(settings.default_language)
    async with database(settings) as (factory, _agency):
        bot = build_bot(settings)
        loop = asyncio.get_running_loop()
        try:
            async with _background(settings, bot, factory, i18n) as stop:
                for signum in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(signum, stop.set)
                logger.info("Worker started")
                await stop.wait()
        finally:
            await bot.session.close()
