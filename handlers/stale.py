"""Telling the user that a button is no longer valid, and removing keyboards safely."""

from __future__ import annotations

import contextlib

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _


async def drop_keyboard(message: Message) -> None:
    """Remove the buttons under a message; fine if they are already gone."""
    with contextlib.suppress(TelegramBadRequest):
        await message.edit_reply_markup(reply_markup=None)


async def reject_stale(callback: CallbackQuery, text: str | None = None) -> None:
    await callback.answer(text or _("This button is no longer valid."), show_alert=True)
    if isinstance(callback.message, Message):
        await drop_keyboard(callback.message)


def callback_message(callback: CallbackQuery) -> Message:
    """The message a button belongs to (OldButtonMiddleware guarantees it is accessible)."""
    assert isinstance(callback.message, Message)
    return callback.message
