"""Sending a generated document (PDF or XLSX) in chat."""

from __future__ import annotations

import asyncio
from datetime import date

from aiogram import Bot
from aiogram.types import BufferedInputFile

from services.documents import Document, to_pdf, to_xlsx


async def send_document_file(
    bot: Bot, chat_id: int, document: Document, file_format: str, basename: str, today: date
) -> None:
    """`file_format` is "pdf" or "xlsx" (the button's action)."""
    # Building the file blocks (fpdf2 subsets the TrueType font), so it runs in a thread.
    if file_format == "pdf":
        data, filename = await asyncio.to_thread(to_pdf, document, today), f"{basename}.pdf"
    else:
        data, filename = await asyncio.to_thread(to_xlsx, document), f"{basename}.xlsx"
    await bot.send_document(chat_id, BufferedInputFile(data, filename))
