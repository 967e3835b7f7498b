"""/riwayat: my activities for today, this week or a chosen date, with edit and delete."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import DbId, IsoDay, Page, Version
from handlers.commands import command
from handlers.fit import shorten
from handlers.report.draft import from_activity
from handlers.report.flow import show_card
from handlers.report.keyboards import ReportAction, ReportCb
from handlers.stale import callback_message, reject_stale
from handlers.texts.format import format_day, format_minutes
from handlers.texts.report import activity_line, progress
from models import ActivityStatus, Employee
from services.clock import Clock
from services.errors import DomainError, Locked, NotFound, StaleVersion
from services.feedback import feedback_for_activities
from services.history import HistoryPage, history_page, week_of
from services.localtime import employee_today
from services.plans import report_targets
from services.reporting import delete_activity, editable_activity

router = Router(name="history")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)

PICK_DAYS = 14


class HistoryCb(CallbackData, prefix="hs"):
    scope: str  # day | week | pick
    day: IsoDay  # the date the view is anchored on
    page: Page = 0


class ActivityCb(CallbackData, prefix="ac"):
    action: str  # edit | del | delok | delno
    id: DbId
    v: Version


def _range(scope: str, day: date) -> tuple[date, date]:
    return week_of(day) if scope == "week" else (day, day)


def _title(scope: str, day: date, today: date, page: HistoryPage) -> str:
    if scope == "week":
        start, end = week_of(day)
        label = _("Week {start} – {end}").format(start=f"{start:%d/%m}", end=f"{end:%d/%m/%Y}")
    elif day == today:
        label = _("Today, {day}").format(day=format_day(day))
    else:
        label = format_day(day)
    return _("📜 <b>{label}</b>: {n} activities, {minutes}").format(
        label=label, n=page.total, minutes=format_minutes(page.total_minutes)
    )


def _keyboard(scope: str, day: date, page: HistoryPage) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    first = page.page * 5 + 1
    editable = [
        (n, a) for n, a in enumerate(page.items, first) if a.status is not ActivityStatus.APPROVED
    ]
    for number, activity in editable:
        kb.button(
            text=f"✏️ {number}",
            callback_data=ActivityCb(action="edit", id=activity.id, v=activity.version),
        )
        kb.button(
            text=f"🗑 {number}",
            callback_data=ActivityCb(action="del", id=activity.id, v=activity.version),
        )
        widths.append(2)
    if page.pages > 1:
        iso = day.isoformat()
        if page.page > 0:
            kb.button(text="◀️", callback_data=HistoryCb(scope=scope, day=iso, page=page.page - 1))
        kb.button(
            text=f"{page.page + 1}/{page.pages}",
            callback_data=HistoryCb(scope=scope, day=iso, page=page.page),
        )
        if page.page < page.pages - 1:
            kb.button(text="▶️", callback_data=HistoryCb(scope=scope, day=iso, page=page.page + 1))
        widths.append(1 + (page.page > 0) + (page.page < page.pages - 1))
    today_iso = day.isoformat()
    kb.button(text=_("Day"), callback_data=HistoryCb(scope="day", day=today_iso))
    kb.button(text=_("Week"), callback_data=HistoryCb(scope="week", day=today_iso))
    kb.button(text=_("📅 Pick a date"), callback_data=HistoryCb(scope="pick", day=today_iso))
    widths.append(3)
    kb.adjust(*widths)
    return kb.as_markup()


async def render_history(
    session: AsyncSession, employee: Employee, clock: Clock, scope: str, day: date, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    today = await employee_today(session, employee, clock())
    start, end = _range(scope, day)
    result = await history_page(session, employee, start, end, page)
    lines = [_title(scope, day, today, result)]
    first = result.page * 5 + 1
    # Five entries of at most ~800 characters each stay under Telegram's 4096.
    feedback = await feedback_for_activities(session, [a.id for a in result.items])
    lines += [
        activity_line(a, n, limit=500)
        + "".join(
            "\n" + _("💬 {text}").format(text=escape(shorten(f.text, 120)))
            for f in feedback.get(a.id, [])[-2:]
        )
        for n, a in enumerate(result.items, first)
    ]
    if not result.items:
        lines.append(_("No activities yet. Report one with /lapor."))
    return "\n\n".join(lines), _keyboard(scope, day, result)


@router.message(command("riwayat"))
async def history_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    today = await employee_today(session, employee, clock())
    text, keyboard = await render_history(session, employee, clock, "day", today, 0)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(ReportCb.filter(F.action == ReportAction.HISTORY))
async def history_after_report(
    callback: CallbackQuery, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    await callback.answer()
    today = await employee_today(session, employee, clock())
    text, keyboard = await render_history(session, employee, clock, "day", today, 0)
    await callback_message(callback).answer(text, reply_markup=keyboard)


def _pick_keyboard(today: date) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for back in range(PICK_DAYS):
        day = today - timedelta(days=back)
        kb.button(text=format_day(day), callback_data=HistoryCb(scope="day", day=day.isoformat()))
    kb.adjust(2)
    return kb.as_markup()


@router.callback_query(HistoryCb.filter())
async def history_navigate(
    callback: CallbackQuery,
    callback_data: HistoryCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        day = date.fromisoformat(callback_data.day)
    except ValueError:
        await reject_stale(callback)
        return
    await callback.answer()
    message = callback_message(callback)
    if callback_data.scope == "pick":
        today = await employee_today(session, employee, clock())
        await message.edit_text(_("Which day?"), reply_markup=_pick_keyboard(today))
        return
    scope = "week" if callback_data.scope == "week" else "day"
    text, keyboard = await render_history(session, employee, clock, scope, day, callback_data.page)
    await message.edit_text(text, reply_markup=keyboard)


async def _refuse(callback: CallbackQuery, error: DomainError) -> None:
    text = {
        StaleVersion: _("This activity changed since this list was shown. Open /riwayat again."),
        Locked: _("This activity is already approved and can no longer change."),
        NotFound: _("This activity no longer exists."),
    }[type(error)]
    await reject_stale(callback, text)


@router.callback_query(ActivityCb.filter(F.action == "edit"))
async def edit_activity(
    callback: CallbackQuery,
    callback_data: ActivityCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
) -> None:
    try:
        activity = await editable_activity(session, employee, callback_data.id, callback_data.v)
    except (NotFound, Locked, StaleVersion) as exc:
        await _refuse(callback, exc)
        return
    await callback.answer()
    targets = await report_targets(session, employee, activity.work_date)
    await show_card(callback_message(callback), state, from_activity(activity, targets))


@router.callback_query(ActivityCb.filter(F.action == "del"))
async def confirm_delete(
    callback: CallbackQuery,
    callback_data: ActivityCb,
    session: AsyncSession,
    employee: Employee,
) -> None:
    try:
        activity = await editable_activity(session, employee, callback_data.id, callback_data.v)
    except (NotFound, Locked, StaleVersion) as exc:
        await _refuse(callback, exc)
        return
    await callback.answer()
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("🗑 Yes, delete"),
        callback_data=ActivityCb(action="delok", id=callback_data.id, v=callback_data.v),
    )
    kb.button(
        text=_("✖️ No, keep it"),
        callback_data=ActivityCb(action="delno", id=callback_data.id, v=callback_data.v),
    )
    kb.adjust(2)
    question = _("Delete this activity? This cannot be undone.")
    await callback_message(callback).answer(
        f"{question}\n\n{activity_line(activity, limit=300)}", reply_markup=kb.as_markup()
    )


@router.callback_query(ActivityCb.filter(F.action == "delno"))
async def delete_declined(callback: CallbackQuery) -> None:
    await callback.answer()
    await callback_message(callback).edit_text(_("Not deleted."), reply_markup=None)


@router.callback_query(ActivityCb.filter(F.action == "delok"))
async def delete_confirmed(
    callback: CallbackQuery,
    callback_data: ActivityCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        summary = await delete_activity(
            session, employee, callback_data.id, callback_data.v, now=clock()
        )
    except (NotFound, Locked, StaleVersion) as exc:
        await _refuse(callback, exc)
        return
    await callback.answer()
    await callback_message(callback).edit_text(
        _("🗑 Deleted.") + "\n" + progress(summary), reply_markup=None
    )
