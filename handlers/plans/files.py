"""An SKP spreadsheet sent in chat: recognised by the caption "SKP" or, without it, by its header
row (the SKP columns). An admin's .xlsx with other columns is a staff file (downloaded once,
handed to the staff import); any other document goes on to the next handler."""

from __future__ import annotations

import io
from html import escape

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.admin import staff_file_received
from handlers.context import BotSettings
from handlers.plans import card
from handlers.texts import staff as texts
from models import Employee
from services.clock import Clock
from services.errors import NotAllowed
from services.localtime import employee_today
from services.plan_import import import_plan, is_plan_sheet
from services.staff_import import ImportRejected

router = Router(name="plan_files")
router.message.filter(filters.registered)


@router.message(filters.document, StateFilter(None))
async def plan_file(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    bot_settings: BotSettings,
) -> None:
    document = message.document
    assert document is not None
    captioned = "skp" in (message.caption or "").lower()
    xlsx = (document.file_name or "").lower().endswith(".xlsx")
    too_large = (document.file_size or 0) > bot_settings.max_import_file_bytes
    if not captioned and (not xlsx or too_large):
        raise SkipHandler  # not ours to judge: another handler (or the fallback) answers
    if not xlsx:
        await message.answer(_("Please send the SKP as an .xlsx file."))
        return
    if too_large:
        await message.answer(_("The file is too large to import."))
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    data = buffer.getvalue()
    if not captioned and not is_plan_sheet(data):
        if employee.is_admin:
            await staff_file_received(
                message, document.file_name or "", data, session, employee, clock
            )
            return
        raise SkipHandler
    year = (await employee_today(session, employee, clock())).year
    try:
        plan = await import_plan(session, employee, year, data, now=clock())
    except ImportRejected as exc:
        await message.answer(escape(texts.import_rejected(exc.issues)))
        return
    except NotAllowed:
        await message.answer(card.already_filed())
        return
    await message.answer(
        _("✅ SKP draft saved with {n} RHK. Check it with /skp, then submit.").format(
            n=len(plan.items)
        )
    )
