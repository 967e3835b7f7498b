"""Telling the user that a button is no longer valid, and removing it."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _


async def reject_stale(callback: CallbackQuery, text: str | None = None) -> None:
    await callback.answer(text or _("This button is no longer valid."), show_alert=True)
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=None)


def callback_message(callback: CallbackQuery) -> Message:
    """The message a button belongs to (always present for our own inline keyboards)."""
    assert isinstance(callback.message, Message)
    return callback.message
