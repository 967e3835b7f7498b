"""Texts of /rekap: chart labels, captions and summaries, each within Telegram's limits."""

from __future__ import annotations

from datetime import datetime
from html import escape

from aiogram.utils.i18n import gettext as _

from handlers.fit import shorten
from services.recap.chart_labels import ChartLabels
from services.recap.data import Backlog
from services.recap.month import MonthRecap
from services.recap.months import Month
from services.recap.recaps import TeamRecap

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
NAME_CHARS = 24


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units); tags counted too, so an upper bound."""
    return len(text.encode("utf-16-le")) // 2


def fit(header: list[str], lines: list[str], limit: int) -> str:
    """`header` and as many `lines` as fit in `limit`, then "…"."""
    text = "\n".join(header)
    for index, line in enumerate(lines):
        candidate = f"{text}\n{line}"
        rest = len(lines) - index - 1
        reserve = 2 if rest else 0
        if telegram_length(candidate) + reserve > limit:
            return f"{text}\n…"
        text = candidate
    return text


def month_names() -> list[str]:
    return [
        _("January"),
        _("February"),
        _("March"),
        _("April"),
        _("May"),
        _("June"),
        _("July"),
        _("August"),
        _("September"),
        _("October"),
        _("November"),
        _("December"),
    ]


def month_label(month: Month) -> str:
    return f"{month_names()[month.month - 1]} {month.year}"


def month_short(month: Month) -> str:
    return f"{month.month:02d}/{month.year}"


def chart_labels(month: Month) -> ChartLabels:
    return ChartLabels(
        month=month_label(month),
        minutes=_("minutes"),
        minutes_short=_("min"),
        target=_("Daily target {minutes} min"),
        approved=_("Approved"),
        submitted=_("Waiting for verification"),
        revision=_("Revision requested"),
        rejected=_("Rejected"),
        reported=_("Reported, not yet approved"),
        missing=_("Not reported"),
        leave=_("Leave / sick / travel"),
        holiday=_("Holiday"),
        off=_("Weekend"),
        today=_("Today"),
        not_yet=_("Not yet"),
        page="{page}/{pages}",
    )


def number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    return f"{min(part, whole) * 100 // whole}%" if whole else "-"


def personal_caption(recap: MonthRecap) -> str:
    lines = [
        _("📊 <b>Recap {month}</b> — {name}").format(
            month=month_label(recap.month), name=escape(shorten(recap.member.name, 60))
        ),
        _("Workdays reported: {reported} of {due} so far").format(
            reported=recap.reported_days, due=recap.due_days
        ),
        _("Approved: {approved} of {target} min target so far ({percent})").format(
            approved=number(recap.approved_minutes),
            target=number(recap.target_to_date),
            percent=percent(recap.approved_minutes, recap.target_to_date),
        ),
        _("🔥 Streak: {days} workday(s) in a row").format(days=recap.streak),
    ]
    if recap.pending or recap.revision:
        lines.append(
            _("⏳ Waiting for verification: {pending} · ✏️ To revise: {revision}").format(
                pending=recap.pending, revision=recap.revision
            )
        )
    if recap.leave_days:
        lines.append(_("🌴 Days on leave: {days}").format(days=recap.leave_days))
    lines.append(
        _("Workdays this month: {workdays} · TPP ratio: {ratio}").format(
            workdays=recap.required_days,
            ratio=percent(min(recap.approved_minutes, recap.month_target), recap.month_target),
        )
    )
    return fit(lines[:1], lines[1:], CAPTION_LIMIT)


def person_line(recap: MonthRecap) -> str:
    compliance = recap.compliance_percent
    return _("• {name}: {approved} min · reported {percent}").format(
        name=escape(shorten(recap.member.name, NAME_CHARS)),
        approved=number(recap.approved_minutes),
        percent="-" if compliance is None else f"{compliance}%",
    )


def team_caption(recap: TeamRecap, people: tuple[MonthRecap, ...], page: int, pages: int) -> str:
    header = [
        _("👥 <b>{title}</b> — {month} ({page}/{pages})").format(
            title=escape(shorten(recap.scope.title, 80)),
            month=month_label(recap.month),
            page=page,
            pages=pages,
        )
    ]
    if not people:
        header.append(_("No team members."))
    return fit(header, [person_line(p) for p in people], CAPTION_LIMIT)


def backlog_age(backlog: Backlog, now: datetime) -> str:
    if backlog.oldest is None:
        return ""
    oldest = backlog.oldest if backlog.oldest.tzinfo else backlog.oldest.replace(tzinfo=now.tzinfo)
    days = max(0, (now - oldest).days)
    return _("oldest {days} day(s)").format(days=days) if days else _("oldest today")


def team_summary(recap: TeamRecap, backlog: Backlog, now: datetime) -> str:
    compliance = recap.compliance_percent
    lines = [
        _("👥 <b>{title}</b> — {month}").format(
            title=escape(shorten(recap.scope.title, 80)), month=month_label(recap.month)
        ),
        _("People: {count} · days reported: {percent}").format(
            count=len(recap.people), percent="-" if compliance is None else f"{compliance}%"
        ),
        _("Approved minutes (all): {minutes}").format(minutes=number(recap.approved_minutes)),
    ]
    if backlog.count:
        lines.append(
            _("⏳ Waiting for verification: {count}, {age}").format(
                count=backlog.count, age=backlog_age(backlog, now)
            )
        )
    else:
        lines.append(_("✅ Nothing waits for verification."))
    lines.append(_("Tap a name under a picture for that person's month."))
    return fit(lines[:1], lines[1:], TEXT_LIMIT)
