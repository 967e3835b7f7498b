"""Build the Bot and the Dispatcher from settings. Nothing is created at import time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.config import Settings
from bot.fsm_storage import SqlStorage
from bot.i18n import EmployeeI18nMiddleware
from bot.middlewares import (
    DeduplicateUpdates,
    OldButtonMiddleware,
    SeenUpdates,
    UpdateSessionMiddleware,
)
from bot.ops import invite_policy
from bot.response_models import pin_response_models
from bot.retry import RetryDirectReplies
from handlers.commands import menu_commands
from handlers.context import BotSettings
from handlers.routers import build_root_router
from services.clock import Clock, system_clock
from services.recap.views import RecapCharts

if TYPE_CHECKING:
    from redis.asyncio import Redis


def build_bot(settings: Settings) -> Bot:
    session = (
        AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
        if settings.telegram_api_url
        else AiohttpSession()
    )
    session.middleware(RetryDirectReplies())
    pin_response_models()
    return Bot(
        token=settings.token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


LOCK_SECONDS = 15  # far above one update's handling time (one short DB transaction)


def build_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: I18n,
    bot_username: str,
    clock: Clock = system_clock,
    redis: Redis | None = None,
) -> Dispatcher:
    """With `redis`, a person's lock and the redelivery marks are shared by every front end
    (RedisEventIsolation replaces the in-process lock; there is only ever one of them)."""
    storage = SqlStorage(session_factory, clock)
    isolation: BaseEventIsolation
    if redis is not None:
        from aiogram.fsm.storage.redis import RedisEventIsolation

        # A front end killed mid-update leaves its person's lock behind: it expires after
        # LOCK_SECONDS (aiogram's default is 60) instead of holding the person up for a minute.
        isolation = RedisEventIsolation(redis, lock_kwargs={"timeout": LOCK_SECONDS})
    else:
        isolation = SimpleEventIsolation()
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        disable_fsm=True,  # UpdateSessionMiddleware does its job through the update's session
        clock=clock,
        invite_policy=invite_policy(settings),
        bot_settings=BotSettings(
            username=bot_username, max_import_file_bytes=settings.max_import_file_bytes
        ),
        recap_charts=RecapCharts(),
    )
    dp.update.outer_middleware(DeduplicateUpdates(SeenUpdates(redis)))
    dp.update.outer_middleware(
        UpdateSessionMiddleware(session_factory, storage, isolation, settings.update_concurrency)
    )
    EmployeeI18nMiddleware(i18n).setup(dp)
    dp.callback_query.outer_middleware(OldButtonMiddleware())
    dp.include_router(errors.router)
    dp.include_router(build_root_router())
    return dp


async def set_bot_commands(bot: Bot, i18n: I18n) -> None:
    """The command menu in Indonesian (default for everyone) and English."""
    for language in ("id", "en"):
        with i18n.context(), i18n.use_locale(language):
            commands = [
                BotCommand(command=c.name, description=str(c.description)) for c in menu_commands()
            ]
        await bot.set_my_commands(commands, language_code=None if language == "id" else language)
