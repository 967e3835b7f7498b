"""How days, durations, statuses and leave kinds read in the person's language."""

from __future__ import annotations

from datetime import date

from handlers.gettext import gettext as _
from models import Activity, ActivityStatus, LeaveKind


def status_label(status: ActivityStatus) -> str:
    return {
        ActivityStatus.SUBMITTED: _("⏳ submitted"),
        ActivityStatus.REVISION: _("✏️ needs revision"),
        ActivityStatus.APPROVED: _("✅ approved"),
        ActivityStatus.REJECTED: _("❌ rejected"),
    }[status]


def leave_label(kind: LeaveKind) -> str:
    return {
        LeaveKind.LEAVE: _("Leave (cuti)"),
        LeaveKind.SICK: _("Sick leave"),
        LeaveKind.OFFICIAL_TRAVEL: _("Official travel (dinas luar)"),
    }[kind]


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("{h} h {m} min").format(h=hours, m=rest)
    if hours:
        return _("{h} h").format(h=hours)
    return _("{m} min").format(m=rest)


def format_day(day: date) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return f"{names[day.weekday()]} {day:%d/%m/%Y}"


def time_span(activity: Activity) -> str:
    if activity.start_time and activity.end_time:
        span = f"{activity.start_time:%H.%M}–{activity.end_time:%H.%M}"
        return f"{span} ({format_minutes(activity.minutes)})"
    return format_minutes(activity.minutes)


_ROMAN = ("I", "II", "III", "IV")


def period_label(key: str) -> str:
    """`2026-Q4` → "Triwulan IV 2026", `2026-Y` → "Tahunan 2026" (the words on agency forms)."""
    year, _dash, part = key.partition("-")
    if part == "Y":
        return _("Annual {year}").format(year=year)
    kind, number = part[:1], int(part[1:] or 0)
    if kind == "Q" and 1 <= number <= 4:
        return _("Quarter {n} {year}").format(n=_ROMAN[number - 1], year=year)
    if kind == "S" and 1 <= number <= 2:
        return _("Semester {n} {year}").format(n=_ROMAN[number - 1], year=year)
    if kind == "M" and 1 <= number <= 12:
        return _("Month {n:02d}/{year}").format(n=number, year=year)
    return key
