"""/start: deep-link invites, greeting registered people."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.basics import greeting
from handlers.registration import redeem_and_greet
from models import Employee
from services.clock import Clock
from services.directory import Role
from services.invites import InvitePolicy

router = Router(name="start")


@router.message(CommandStart(deep_link=True))
async def start_with_invite(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    clock: Clock,
    invite_policy: InvitePolicy,
) -> None:
    await redeem_and_greet(message, command.args or "", session, clock, invite_policy)


@router.message(CommandStart(), filters.registered)
async def start_registered(message: Message, employee: Employee, roles: frozenset[Role]) -> None:
    text, keyboard = greeting(employee, roles)
    await message.answer(text, reply_markup=keyboard)
