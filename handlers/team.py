"""/tim: today and this week for my team, with drill-down into sub-teams."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import DbId
from handlers.commands import command
from handlers.stale import callback_message, reject_stale
from handlers.texts.format import format_day, format_minutes, leave_label
from models import Employee
from services.clock import Clock
from services.errors import DomainError
from services.team import MemberStatus, TeamView, team_view

router = Router(name="team")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


class TeamCb(CallbackData, prefix="tm"):
    id: DbId


def _member_line(status: MemberStatus) -> str:
    name = escape(status.employee.name)
    if status.leave_today is not None:
        today = leave_label(status.leave_today)
    elif status.minutes_today:
        today = _("today {minutes}").format(minutes=format_minutes(status.minutes_today))
    else:
        today = _("❗ not reported today")
    parts = [
        f"• <b>{name}</b>: {today}",
        _("week: {days} day(s), {minutes}").format(
            days=status.days_reported_week, minutes=format_minutes(status.minutes_week)
        ),
    ]
    if status.pending:
        parts.append(_("⏳ {n} to verify").format(n=status.pending))
    if not status.linked:
        parts.append(_("⚠️ Telegram not linked"))
    return " · ".join(parts)


def render_team(view: TeamView) -> tuple[str, InlineKeyboardMarkup | None]:
    lines = [
        _("👥 <b>Team of {name}</b> · {day}").format(
            name=escape(view.supervisor.name), day=format_day(view.day)
        )
    ]
    if not view.members:
        lines.append(_("No team members."))
    lines += [_member_line(m) for m in view.members]
    kb = InlineKeyboardBuilder()
    for member in view.members:
        if member.leads_team:
            kb.button(
                text=_("👥 Team of {name}").format(name=member.employee.name),
                callback_data=TeamCb(id=member.employee.id),
            )
    kb.adjust(1)
    return "\n".join(lines), (kb.as_markup() if list(kb.buttons) else None)


@router.message(command("tim"))
async def team_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    text, keyboard = render_team(await team_view(session, employee, clock()))
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(TeamCb.filter())
async def drill_down(
    callback: CallbackQuery,
    callback_data: TeamCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        view = await team_view(session, employee, clock(), callback_data.id)
    except DomainError:
        await reject_stale(callback, _("You cannot see that team."))
        return
    await callback.answer()
    text, keyboard = render_team(view)
    await callback_message(callback).answer(text, reply_markup=keyboard)
