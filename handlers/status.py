"""/status: the bot's health for an admin of the agency (numbers only; services/status.py)."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.texts.status import render_status
from models import Employee
from services.audit import Actor
from services.clock import Clock
from services.errors import NotAllowed
from services.localtime import agency_of, employee_zone
from services.status import agency_status

router = Router(name="status")
router.message.filter(filters.registered)


@router.message(command("status"))
async def status_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    try:
        report = await agency_status(
            session, Actor.employee(employee.id), employee.agency_id, clock()
        )
    except NotAllowed:
        await message.answer(_("Only admins can see the bot's status."))
        return
    zone = employee_zone(employee, await agency_of(session, employee))
    await message.answer(render_status(report, zone, title="📊 <b>" + _("Bot status") + "</b>"))
