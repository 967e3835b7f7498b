"""Everything a person without a linked account can do: redeem a code, or learn how to get one."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.registration import redeem_and_greet
from services.clock import Clock
from services.invites import InvitePolicy, looks_like_code

router = Router(name="unregistered")
router.message.filter(filters.unregistered)
router.callback_query.filter(filters.unregistered)


def how_to_register() -> str:
    return _(
        "Hello! This bot is for registered civil servants of the agency only.\n"
        "To register, ask your staffing admin for an invite, then open the invite link "
        "or type the 8-character code here."
    )


@router.message(filters.Magic(F.text.func(lambda text: text is not None and looks_like_code(text))))
async def typed_code(
    message: Message, session: AsyncSession, clock: Clock, invite_policy: InvitePolicy
) -> None:
    await redeem_and_greet(message, message.text or "", session, clock, invite_policy)


@router.message()
async def explain(message: Message) -> None:
    await message.answer(how_to_register())


@router.callback_query()
async def explain_button(callback: CallbackQuery) -> None:
    await callback.answer(
        _("Please register first: ask your admin for an invite."), show_alert=True
    )
