"""What /riwayat shows: a day or a week of activities in pages of five, or a month as one line
per reported day; and the typed buttons that move between them."""

from __future__ import annotations

import enum
from datetime import date
from html import escape

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callback_types import DbId, IsoDay, Page, Version
from handlers.fit import shorten
from handlers.recap.texts import month_label
from handlers.texts.format import format_day, format_minutes
from handlers.texts.report import activity_line
from models import ActivityStatus, Employee
from services.feedback import feedback_for_activities
from services.history import DaySummary, HistoryPage, MonthSummary, history_page, week_of


class HistoryScope(enum.StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"  # `day` is the first of the month
    PICK = "pick"


class HistoryCb(CallbackData, prefix="hs"):
    scope: HistoryScope
    day: IsoDay  # the date the view is anchored on
    page: Page = 0


class ActivityAction(enum.StrEnum):
    EDIT = "edit"
    DELETE = "del"
    DELETE_CONFIRMED = "delok"
    DELETE_DECLINED = "delno"


class ActivityCb(CallbackData, prefix="ac"):
    action: ActivityAction
    id: DbId
    v: Version


def _title(scope: HistoryScope, day: date, today: date, page: HistoryPage) -> str:
    if scope is HistoryScope.WEEK:
        start, end = week_of(day)
        label = _("Week {start} – {end}").format(start=f"{start:%d/%m}", end=f"{end:%d/%m/%Y}")
    elif day == today:
        label = _("Today, {day}").format(day=format_day(day))
    else:
        label = format_day(day)
    return _("📜 <b>{label}</b>: {n} activities, {minutes}").format(
        label=label, n=page.total, minutes=format_minutes(page.total_minutes)
    )


def _views_row(kb: InlineKeyboardBuilder, day: date) -> list[int]:
    iso = day.isoformat()
    kb.button(text=_("Day"), callback_data=HistoryCb(scope=HistoryScope.DAY, day=iso))
    kb.button(text=_("Week"), callback_data=HistoryCb(scope=HistoryScope.WEEK, day=iso))
    kb.button(
        text=_("🗓 Month"),
        callback_data=HistoryCb(scope=HistoryScope.MONTH, day=day.replace(day=1).isoformat()),
    )
    kb.button(text=_("📅 Pick a date"), callback_data=HistoryCb(scope=HistoryScope.PICK, day=iso))
    return [2, 2]


def _keyboard(scope: HistoryScope, day: date, page: HistoryPage) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    first = page.page * 5 + 1
    editable = [
        (n, a) for n, a in enumerate(page.items, first) if a.status is not ActivityStatus.APPROVED
    ]
    for number, activity in editable:
        for label, action in (("✏️", ActivityAction.EDIT), ("🗑", ActivityAction.DELETE)):
            kb.button(
                text=f"{label} {number}",
                callback_data=ActivityCb(action=action, id=activity.id, v=activity.version),
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
    widths += _views_row(kb, day)
    kb.adjust(*widths)
    return kb.as_markup()


async def render_history(
    session: AsyncSession,
    employee: Employee,
    today: date,
    scope: HistoryScope,
    day: date,
    page: int,
) -> tuple[str, InlineKeyboardMarkup]:
    start, end = week_of(day) if scope is HistoryScope.WEEK else (day, day)
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


def _day_line(summary: DaySummary) -> str:
    counts = [
        f"{mark} {n}"
        for mark, n in (("✅", summary.approved), ("⏳", summary.pending), ("↩️", summary.returned))
        if n
    ]
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    day = summary.day
    return _("<b>{day}</b> · {n} activities · {minutes} · {counts}").format(
        day=f"{names[day.weekday()]} {day:%d/%m}",
        n=summary.activities,
        minutes=format_minutes(summary.minutes),
        counts=" ".join(counts),
    )


def render_month(summary: MonthSummary, today: date) -> tuple[str, InlineKeyboardMarkup]:
    """At most 31 lines of ~70 characters and no user text: it fits one message by
    construction, however many activities the days hold."""
    lines = [
        _("🗓 <b>{month}</b>: {days} days reported, {minutes}").format(
            month=month_label(summary.month),
            days=len(summary.days),
            minutes=format_minutes(summary.minutes),
        ),
        "",
    ]
    lines += [_day_line(d) for d in summary.days]
    if summary.days:
        lines += ["", _("✅ approved · ⏳ waiting · ↩️ returned. Tap a day to open it.")]
    else:
        lines.append(_("No activities this month."))
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    for d in summary.days:
        kb.button(
            text=f"{d.day:%d}",
            callback_data=HistoryCb(scope=HistoryScope.DAY, day=d.day.isoformat()),
        )
    full, rest = divmod(len(summary.days), 7)
    widths += [7] * full + ([rest] if rest else [])
    moves = [
        (summary.previous, _("◀️ Previous month")),
        (summary.next, _("Next month ▶️")),
    ]
    shown = [(m, label) for m, label in moves if m is not None]
    for month, label in shown:
        kb.button(
            text=label,
            callback_data=HistoryCb(scope=HistoryScope.MONTH, day=month.start.isoformat()),
        )
    if shown:
        widths.append(len(shown))
    widths += _views_row(kb, summary.month.end if summary.month < summary.latest else today)
    kb.adjust(*widths)
    return "\n".join(lines), kb.as_markup()
