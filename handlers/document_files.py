"""Sending a generated document (PDF or XLSX) in chat."""

from __future__ import annotations

import asyncio
from datetime import date
from html import escape

from aiogram import Bot
from aiogram.types import BufferedInputFile
from aiogram.utils.i18n import gettext as _

from handlers.fit import shorten
from services.documents import Document, Format, render

MAX_NAME_IN_CAPTION = 200  # with the label and the status line, far below Telegram's 1,024


def document_caption(document: Document) -> str:
    """What the file is, whose it is, and whether it may be signed (HTML, at most ~450 visible
    characters whatever the name)."""
    status = (
        _("Approved: print it and sign.")
        if document.approved
        else _("DRAFT: not approved yet, so it has no signature blocks.")
    )
    subject = escape(shorten(document.subject, MAX_NAME_IN_CAPTION) or "-")
    return f"📄 <b>{escape(shorten(document.label, 100))}</b> — {subject}\n{status}"


async def send_document_file(
    bot: Bot, chat_id: int, document: Document, file_format: str, today: date
) -> None:
    """`file_format` is "pdf" or "xlsx" (the button's action). aiogram uploads every file as
    application/octet-stream; Telegram gives the document its media type from the extension
    (.pdf → application/pdf, .xlsx → the Office Open XML spreadsheet type)."""
    kind: Format = "pdf" if file_format == "pdf" else "xlsx"
    # Building the file blocks (fpdf2 subsets the TrueType font), so it runs in a thread.
    file = await asyncio.to_thread(render, document, kind, today)
    await bot.send_document(
        chat_id, BufferedInputFile(file.data, file.filename), caption=document_caption(document)
    )
