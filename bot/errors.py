"""Unexpected errors: a short apology with a reference id in chat, the traceback in the log."""

from __future__ import annotations

import logging
import secrets

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, ErrorEvent
from aiogram.utils.i18n import gettext as _

logger = logging.getLogger(__name__)
router = Router(name="errors")


def _harmless(exception: Exception) -> bool:
    """Telegram refusing to edit a message into what it already is (a double tap), or a
    second answer to one button tap (the same update delivered twice)."""
    return isinstance(exception, TelegramBadRequest) and (
        "not modified" in exception.message or "query is too old" in exception.message
    )


@router.errors()
async def on_error(event: ErrorEvent) -> bool:
    if _harmless(event.exception):
        logger.debug("Ignored: %s (update_id=%s)", event.exception, event.update.update_id)
        return True
    ref = secrets.token_hex(4).upper()
    logger.exception(
        "Unhandled error ref=%s update_id=%s", ref, event.update.update_id, exc_info=event.exception
    )
    text = _("Sorry, something went wrong on our side. Reference: {ref}").format(ref=ref)
    try:
        if event.update.message is not None:
            await event.update.message.answer(text)
        elif event.update.callback_query is not None:
            await _apologise_for_tap(event.update.callback_query, text)
    except Exception:
        logger.warning("Could not deliver the apology for ref=%s", ref, exc_info=True)
    return True


async def _apologise_for_tap(query: CallbackQuery, text: str) -> None:
    """An alert on the button; if the tap was already answered (or is too old), a message in
    the chat instead, so the person is never left without a word."""
    try:
        await query.answer(text, show_alert=True)
    except TelegramBadRequest:
        if query.message is None or query.bot is None:
            raise
        await query.bot.send_message(query.message.chat.id, text)
