"""Whom a command is about: the sender, or the person whose NIP follows the command."""

from __future__ import annotations

from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee
from services.assignments import employee_by_nip
from services.errors import NotFound


async def subject_of(
    message: Message, session: AsyncSession, employee: Employee, args: str | None
) -> Employee | None:
    """The sender without arguments, else the NIP's employee; None (and the person told) if
    no active employee has it. Whether the sender may see them is the service's decision."""
    if not args:
        return employee
    try:
        return await employee_by_nip(session, employee.agency_id, args)
    except NotFound:
        await message.answer(_("No active employee has that NIP. Check the number."))
        return None
