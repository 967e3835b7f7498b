"""Per-update middlewares: one DB session, the current employee loaded once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.directory import employee_by_telegram, mark_reachable

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    """Opens one session per update; use cases commit; anything uncommitted is rolled back."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self._session_factory() as session:
            data["session"] = session
            return await handler(event, data)


class CurrentEmployeeMiddleware(BaseMiddleware):
    """Puts the linked, active employee (or None) into `data["employee"]`."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        employee = await employee_by_telegram(session, user.id) if user else None
        if employee is not None and employee.unreachable_since is not None:
            await mark_reachable(session, employee)
        data["employee"] = employee
        return await handler(event, data)


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
