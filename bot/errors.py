"""Unexpected errors: a short apology with a reference id in chat, the traceback in the log."""

from __future__ import annotations

import logging
import secrets

from aiogram import Router
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

logger = logging.getLogger(__name__)
router = Router(name="errors")


@router.errors()
async def on_error(event: ErrorEvent) -> bool:
    ref = secrets.token_hex(4).upper()
    logger.exception(
        "Unhandled error ref=%s update_id=%s", ref, event.update.update_id, exc_info=event.exception
    )
    text = _("Sorry, something went wrong on our side. Reference: {ref}").format(ref=ref)
    try:
        if event.update.message is not None:
            await event.update.message.answer(text)
        elif event.update.callback_query is not None:
            await event.update.callback_query.answer(text, show_alert=True)
    except Exception:
        logger.warning("Could not deliver the apology for ref=%s", ref, exc_info=True)
    return True
