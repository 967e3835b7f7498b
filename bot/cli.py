"""The CLI commands' bodies: each builds what it needs from settings and tears it down."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramUnauthorizedError
from aiogram.types import User
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import migrate as migrations
from bot.app import build_bot, build_dispatcher, invite_policy, set_bot_commands
from bot.clock import settings_clock
from bot.config import ConfigError, Settings
from bot.i18n import build_i18n
from bot.ratelimit import SendLimiter
from bot.scheduler import Ticker, build_scheduler
from bot.sender import OutboxSender
from handlers import texts
from models import Agency, DayKind
from models.db import create_engine, create_session_factory
from services.agency import AgencyDefaults, ensure_agency
from services.assignments import employee_by_nip
from services.audit import Actor
from services.calendar_admin import remove_override, set_override, upcoming_days
from services.clock import system_clock
from services.directory import unreachable_employees
from services.errors import NotAllowed, NotFound
from services.invites import format_code, issue_invite
from services.plan_import import import_plan as import_plan_file
from services.staff_file import StaffFileError, read_staff_file
from services.staff_import import ImportRejected, import_staff

logger = logging.getLogger("bot")


def migrate(settings: Settings) -> None:
    migrations.upgrade(settings.database_url)


@asynccontextmanager
async def _database(
    settings: Settings,
) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], Agency]]:
    engine = create_engine(settings.database_url)
    factory = create_session_factory(engine)
    try:
        async with factory() as session:
            agency = await ensure_agency(
                session,
                AgencyDefaults(name=settings.agency_name, timezone=settings.default_timezone),
                system_clock(),
            )
        yield factory, agency
    finally:
        await engine.dispose()


def _i18n(settings: Settings) -> I18n:
    i18n = build_i18n(settings.default_language)
    I18n.set_current(i18n)
    return i18n


@asynccontextmanager
async def _background(
    settings: Settings, bot: Bot, factory: async_sessionmaker[AsyncSession], i18n: I18n
) -> AsyncIterator[asyncio.Event]:
    """Scheduler ticks and the outbox sender, running until the block ends."""
    stop = asyncio.Event()
    limiter = SendLimiter(settings.send_rate_global, settings.send_rate_per_chat)
    clock = settings_clock(settings)
    sender = OutboxSender(bot, factory, i18n, clock, limiter)
    scheduler = build_scheduler(Ticker(factory, clock), settings.tick_seconds)
    sending = asyncio.create_task(sender.run(stop))
    scheduler.start()
    try:
        yield stop
    finally:
        stop.set()
        scheduler.shutdown(wait=False)
        await sending


async def _wait_for_bot_api(bot: Bot) -> User:
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
    async with _database(settings) as (factory, _agency):
        bot = build_bot(settings)
        try:
            me = await _wait_for_bot_api(bot)
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
    async with _database(settings) as (factory, _agency):
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


async def import_employees(settings: Settings, filename: str, data: bytes) -> int:
    i18n = _i18n(settings)
    async with _database(settings) as (factory, agency), factory() as session:
        with i18n.use_locale(settings.default_language):
            try:
                rows = read_staff_file(filename, data)
                result = await import_staff(session, agency.id, rows, Actor("cli"), system_clock())
            except StaffFileError as exc:
                print(texts.staff_file_error(exc), file=sys.stderr)
                return 1
            except ImportRejected as exc:
                print(texts.import_rejected(exc.issues, max_chars=None), file=sys.stderr)
                return 1
            print(texts.import_done(result))
    return 0


async def _bot_username(settings: Settings) -> str | None:
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    try:
        bot = build_bot(settings)
    except ConfigError:
        return None
    try:
        me = await bot.get_me()
        return me.username
    except (TelegramAPIError, OSError) as exc:
        logger.warning("Could not ask the Bot API for the bot's username: %s", type(exc).__name__)
        return None
    finally:
        await bot.session.close()


async def invite(settings: Settings, nip: str) -> int:
    async with _database(settings) as (factory, agency), factory() as session:
        try:
            issued = await issue_invite(
                session, nip, Actor("cli"), system_clock(), invite_policy(settings), agency.id
            )
        except NotFound:
            print("error: no active employee has that NIP", file=sys.stderr)
            return 1
    username = await _bot_username(settings)
    print(f"Employee: {issued.employee_name}")
    if username:
        print(f"Link:     {issued.deep_link(username)}")
    else:
        print("Link:     (set BOT_TOKEN or BOT_USERNAME to print the link)")
    print(f"Code:     {format_code(issued.code)}")
    print(f"Expires:  {issued.expires_at:%Y-%m-%d %H:%M} UTC")
    return 0


async def holidays(settings: Settings, action: str, day_text: str | None, name: str) -> int:
    async with _database(settings) as (factory, agency), factory() as session:
        if action == "list":
            for item in await upcoming_days(session, agency, system_clock().date(), days=366):
                print(f"{item.day.isoformat()}  {item.source:<8}  {item.name}")
            return 0
        try:
            day = date.fromisoformat(day_text or "")
        except ValueError:
            print("error: give the date as YYYY-MM-DD", file=sys.stderr)
            return 2
        try:
            if action == "remove":
                await remove_override(session, Actor("cli"), agency, day, now=system_clock())
            else:
                kind = DayKind.HOLIDAY if action == "add" else DayKind.WORKDAY
                await set_override(
                    session, Actor("cli"), agency, day, kind, name, now=system_clock()
                )
        except NotFound:
            print("error: no change recorded for that day", file=sys.stderr)
            return 1
        print(f"ok: {action} {day.isoformat()}")
    return 0


async def unreachable(settings: Settings) -> int:
    async with _database(settings) as (factory, agency), factory() as session:
        people = await unreachable_employees(session, agency.id)
        for person in people:
            since = person.unreachable_since
            print(f"{person.nip}  {person.name}  since {since:%Y-%m-%d %H:%M} UTC" if since else "")
        print(f"{len(people)} unreachable")
    return 0


async def import_plan(settings: Settings, nip: str, data: bytes, year: int | None) -> int:
    """The employee's SKP draft from a spreadsheet (they submit it in chat with /skp)."""
    i18n = _i18n(settings)
    async with _database(settings) as (factory, agency), factory() as session:
        with i18n.use_locale(settings.default_language):
            try:
                employee = await employee_by_nip(session, agency.id, nip)
                plan = await import_plan_file(
                    session, employee, year or system_clock().year, data, now=system_clock()
                )
            except NotFound:
                print("error: no active employee has that NIP", file=sys.stderr)
                return 1
            except ImportRejected as exc:
                print(texts.import_rejected(exc.issues, max_chars=None), file=sys.stderr)
                return 1
            except NotAllowed:
                print("error: that SKP is already submitted or approved", file=sys.stderr)
                return 1
            print(f"ok: SKP {plan.year} draft with {len(plan.items)} RHK")
    return 0
