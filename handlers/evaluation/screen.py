"""Showing a screen of the evaluation dialogs in place, and refusing a tap."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.stale import reject_stale
from handlers.texts.problems import problem_text
from services.errors import DomainError, Invalid, Locked, NotAllowed, StaleVersion


def _unchanged(error: TelegramBadRequest) -> bool:
    return "not modified" in str(error)


async def show(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message into this screen (the same screen twice is fine)."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as error:
        if not _unchanged(error):
            raise


async def show_at(
    bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    """Edit a message the dialog remembers; if it is gone, send the screen anew."""
    try:
        await bot.edit_message_text(
            text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except TelegramBadRequest as error:
        if not _unchanged(error):
            await bot.send_message(chat_id, text, reply_markup=markup)


def refusal(error: DomainError) -> str:
    if isinstance(error, Invalid):
        return problem_text(error)
    if isinstance(error, Locked):
        return _("This evaluation is final or past its deadline; an admin can reopen it.")
    if isinstance(error, StaleVersion):
        return _("This button is no longer valid.")
    if isinstance(error, NotAllowed):
        return _("You are not this employee's assessor.")
    return _("This evaluation no longer exists.")


async def refuse(callback: CallbackQuery, error: DomainError) -> None:
    """An alert saying why; a refused input keeps the screen, anything else drops its buttons."""
    if isinstance(error, Invalid):
        await callback.answer(refusal(error), show_alert=True)
        return
    await reject_stale(callback, refusal(error))
