"""What a person reads about their own reports: one activity, and the day's progress."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from handlers.fit import shorten
from handlers.texts.format import format_day, format_minutes, status_label, time_span
from models import Activity
from services.reporting import DaySummary


def activity_line(activity: Activity, number: int | None = None, limit: int = 1000) -> str:
    """One activity; lists pass a smaller `limit` so a page fits in one Telegram message."""
    head = f"{number}. " if number is not None else ""
    lines = [
        f"{head}<b>{format_day(activity.work_date)}</b> · {time_span(activity)}",
        escape(shorten(activity.description, limit)),
    ]
    if activity.output_quantity is not None:
        lines.append(
            _("Output: {qty} {unit}").format(
                qty=activity.output_quantity, unit=escape(activity.output_unit or "")
            )
        )
    if activity.evidence:
        lines.append(_("Evidence: {n}").format(n=len(activity.evidence)))
    lines.append(status_label(activity.status))
    if activity.decision_reason:
        lines.append(
            _("Note from supervisor: {reason}").format(reason=escape(activity.decision_reason))
        )
    return "\n".join(lines)


def progress(summary: DaySummary) -> str:
    text = _("{day}: {done} of {target} ({count} activities, {pending} awaiting verification).")
    text = text.format(
        day=format_day(summary.day),
        done=format_minutes(summary.minutes),
        target=format_minutes(summary.target_minutes),
        count=summary.count,
        pending=summary.pending,
    )
    if summary.remaining_minutes:
        text += " " + _("{left} to go.").format(left=format_minutes(summary.remaining_minutes))
    else:
        text += " " + _("Daily target reached 🎉")
    return text
