"""Per-update middlewares: one DB session (and so at most one connection) per update, through
which the person, their roles and their dialog state are read at once."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User
from aiogram.utils.i18n import gettext as _
from sqlalchemy import BigInteger, Select, String, bindparam
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.fsm_storage import SqlStorage, UpdateScope
from bot.retry import handling_update
from models import FsmState
from services.directory import identity_of, identity_query, mark_reachable

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger("bot")

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


@functools.cache
def _identity_and_dialog() -> Select[Any]:
    """Who is writing and their dialog row, built once (parameters `user` and `dialog`)."""
    return (
        identity_query(bindparam("user", type_=BigInteger()))
        .add_columns(FsmState.state, FsmState.data)
        .outerjoin(FsmState, FsmState.key == bindparam("dialog", type_=String()))
    )


class UpdateSessionMiddleware(FSMContextMiddleware):
    """Replaces aiogram's FSM middleware (the dispatcher runs with `disable_fsm=True`).

    For each update, in this order: a slot out of `concurrency` (so updates wait here, in
    order, instead of timing out at the pool), the person's lock (two fast taps never race),
    one session. The lock is taken only once a slot is held, so a long queue never outlives a
    Redis lock's expiry (`bot/app.py` LOCK_SECONDS) while the update still waits. One query
    reads who is writing (employee, unit, agency, roles) and their dialog row; what the
    handler changed in the dialog is written before the lock is released. Use cases commit;
    anything uncommitted is rolled back when the session closes.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        storage: SqlStorage,
        events_isolation: BaseEventIsolation,
        concurrency: int,
    ) -> None:
        super().__init__(storage=storage, events_isolation=events_isolation)
        self._sessions = session_factory
        self._sql = storage
        self._slots = asyncio.Semaphore(concurrency)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        context = self.resolve_event_context(cast(Bot, data["bot"]), data)
        data["fsm_storage"] = self.storage
        lock = (
            self.events_isolation.lock(key=context.key)
            if context is not None
            else contextlib.nullcontext()
        )
        async with self._slots, lock, self._sessions() as session:
            data["session"] = session
            with handling_update(), self._sql.bind(session) as scope:
                await self._load(session, scope, context, data)
                try:
                    result = await handler(event, data)
                except Exception as exc:
                    # Keep the dialog where the handler left it (as if each change had been
                    # written at once), unless the database itself failed.
                    if not isinstance(exc, SQLAlchemyError):
                        with contextlib.suppress(SQLAlchemyError):
                            await self._sql.flush(scope)
                    raise
                await self._sql.flush(scope)
                return result

    async def _load(
        self,
        session: AsyncSession,
        scope: UpdateScope,
        context: FSMContext | None,
        data: dict[str, Any],
    ) -> None:
        """`employee`, `roles`, `state` and `raw_state` for the handlers, in one round trip."""
        user: User | None = data.get("event_from_user")
        identity = None
        if user is not None:
            key = self._sql.key_of(context.key) if context is not None else ""
            params = {"user": user.id, "dialog": key}
            row = (await session.execute(_identity_and_dialog(), params)).first()
            if row is not None:
                identity = identity_of(row[0], bool(row[1]))
                if context is not None:
                    self._sql.prime(scope, key, row[2], row[3])
        if identity is not None and identity.employee.unreachable_since is not None:
            await mark_reachable(session, identity.employee)
        data["employee"] = identity.employee if identity else None
        data["language"] = identity.employee.language if identity else None
        data["roles"] = identity.roles if identity else frozenset()
        if context is not None:
            data.update(state=context, raw_state=await context.get_state())


class OldButtonMiddleware(BaseMiddleware):
    """A button on a message Telegram no longer gives us (too old to edit) is refused politely,
    so handlers can rely on `callback.message` being a real message."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, CallbackQuery) and not isinstance(event.message, Message):
            await event.answer(
                _("This button is too old. Please use the command again."), show_alert=True
            )
            return None
        return await handler(event, data)


class SeenUpdates:
    """Which update ids were already taken, so a redelivered update acts once.

    With Redis (`REDIS_URL`) the mark is shared by every front end (`SET NX EX`, one key per bot
    and update); without it a bounded in-process cache covers one process."""

    def __init__(self, redis: Redis | None = None, capacity: int = 10_000, ttl: int = 3600) -> None:
        self._redis = redis
        self._capacity = capacity
        self._ttl = ttl
        self._recent: OrderedDict[tuple[int, int], None] = OrderedDict()

    async def first(self, bot_id: int, update_id: int) -> bool:
        """True the first time (bot, update) is seen; the mark is taken at once."""
        if self._redis is not None:
            key = f"kinerja:update:{bot_id}:{update_id}"
            return bool(await self._redis.set(key, 1, nx=True, ex=self._ttl))
        mark = (bot_id, update_id)
        if mark in self._recent:
            return False
        self._recent[mark] = None
        if len(self._recent) > self._capacity:
            self._recent.popitem(last=False)
        return True


class DeduplicateUpdates(BaseMiddleware):
    """Outer update middleware: an update id already taken is dropped before anything runs."""

    def __init__(self, seen: SeenUpdates) -> None:
        self._seen = seen

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update):
            bot = cast(Bot, data["bot"])
            if not await self._seen.first(bot.id, event.update_id):
                logger.info("Update %s was delivered again; dropped", event.update_id)
                return None
        return await handler(event, data)
