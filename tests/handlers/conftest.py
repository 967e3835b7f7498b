"""The real Dispatcher (build_dispatcher) on the test database, talking to a fake Bot API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_dispatcher
from bot.config import Settings
from bot.i18n import build_i18n
from models import Agency, Employee, Unit
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit
from tests.fakes.bot_session import BOT_TOKEN, BOT_USERNAME, FakeSession, make_bot

Send = Callable[[Update], Awaitable[list[TelegramMethod[Any]]]]

ADMIN_TG = 1001
BOSS_TG = 1002
STAFF_TG = 1003
STRANGER_TG = 2001


@pytest.fixture
def fake_session() -> FakeSession:
    return FakeSession()


@pytest.fixture
def bot(fake_session: FakeSession) -> Bot:
    return make_bot(fake_session)


@pytest.fixture
def settings() -> Settings:
    return Settings(bot_token=BOT_TOKEN, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def i18n() -> I18n:
    return build_i18n("id")


def detach_routers(router: Router) -> None:
    """Undo include_router for the whole tree below `router`.

    The feature routers are module-level objects and aiogram lets a router have one parent
    only, so a second build_dispatcher in the same process fails unless the first
    dispatcher's routers are released.
    """
    for sub in router.sub_routers:
        detach_routers(sub)
        sub._parent_router = None
    router.sub_routers.clear()


@pytest.fixture
def dp(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: I18n,
    clock: FrozenClock,
) -> Iterator[Dispatcher]:
    dispatcher = build_dispatcher(settings, session_factory, i18n, BOT_USERNAME, clock=clock)
    yield dispatcher
    detach_routers(dispatcher)


@pytest.fixture
def send(dp: Dispatcher, bot: Bot, fake_session: FakeSession) -> Send:
    """Feed one update through the dispatcher; return the Bot API calls it made, in order."""

    async def _send(update: Update) -> list[TelegramMethod[Any]]:
        start = len(fake_session.calls)
        await dp.feed_update(bot, update)
        return fake_session.calls[start:]

    return _send


@dataclass(frozen=True)
class Org:
    """One agency: a linked admin, a linked supervisor with one linked staff member, and
    `newcomer`, who is on the roster but has not linked Telegram yet."""

    agency: Agency
    unit: Unit
    admin: Employee
    boss: Employee
    staff: Employee
    newcomer: Employee


@pytest.fixture
async def org(session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock) -> Org:
    now = clock()
    async with session_factory() as session:
        agency = await make_agency(session, now)
        unit = await make_unit(session, agency)
        admin = await make_employee(
            session,
            agency,
            unit,
            1,
            now,
            name="Ani Admin",
            is_admin=True,
            telegram_user_id=ADMIN_TG,
        )
        boss = await make_employee(
            session, agency, unit, 2, now, name="Bambang Atasan", telegram_user_id=BOSS_TG
        )
        staff = await make_employee(
            session,
            agency,
            unit,
            3,
            now,
            name="Citra Staf",
            supervisor=boss,
            telegram_user_id=STAFF_TG,
        )
        newcomer = await make_employee(session, agency, unit, 4, now, name="Dewi Baru")
        await session.commit()
    return Org(agency, unit, admin, boss, staff, newcomer)
