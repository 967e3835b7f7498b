"""Redeeming an invite (deep link or typed code) and telling the user how it went."""

from __future__ import annotations

import math

from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.texts.help import render_greeting
from services.clock import Clock
from services.directory import roles_of
from services.errors import AccountAlreadyLinked, InviteInvalid, RateLimited
from services.invites import InvitePolicy, redeem_invite


def _invalid_text(reason: str) -> str:
    return {
        "used": _(
            "This invite has already been used. If that was not you, tell your admin right away."
        ),
        "expired": _("This invite has expired. Ask your admin for a new one."),
    }.get(reason, _("I don't know this invite. Check the link or code, or ask your admin."))


async def redeem_and_greet(
    message: Message,
    secret: str,
    session: AsyncSession,
    clock: Clock,
    policy: InvitePolicy,
) -> None:
    assert message.from_user is not None
    now = clock()
    try:
        employee = await redeem_invite(
            session,
            secret=secret,
            telegram_user_id=message.from_user.id,
            telegram_chat_id=message.chat.id,
            now=now,
            policy=policy,
        )
    except RateLimited as exc:
        minutes = max(1, math.ceil((exc.retry_at - now).total_seconds() / 60))
        await message.answer(
            _("Too many attempts. Please try again in {minutes} minute(s).").format(minutes=minutes)
        )
        return
    except InviteInvalid as exc:
        await message.answer(_invalid_text(exc.reason))
        return
    except AccountAlreadyLinked:
        await message.answer(
            _("This Telegram account is already linked to another employee. Contact your admin.")
        )
        return
    await message.answer(render_greeting(employee, await roles_of(session, employee)))
