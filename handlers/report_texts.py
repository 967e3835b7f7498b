"""Translated texts of daily reports: rule violations, statuses, activity lines, progress."""

from __future__ import annotations

from datetime import date
from html import escape

from aiogram.utils.i18n import gettext as _

from models import Activity, ActivityStatus, LeaveKind
from services.report_rules import ReportInvalid
from services.reporting import DaySummary
from services.timeparse import TimeInvalid

TIME_EXAMPLES = "08.00-10.30, 90 menit, 1,5 jam"


def report_invalid(error: ReportInvalid) -> str:
    p = error.params
    texts = {
        "description_empty": _("Please describe the activity (at least 3 characters)."),
        "description_too_long": _("The description is too long (at most {limit} characters)."),
        "minutes_range": _("The duration must be between 1 minute and 24 hours."),
        "output_format": _("Write the output as a number and a unit, e.g. 3 dokumen."),
        "output_range": _("The output must be a whole number from 1 to {limit}."),
        "output_unit_missing": _("Add the unit after the number, e.g. 3 dokumen."),
        "output_unit_too_long": _("The unit is too long (at most {limit} characters)."),
        "link_scheme": _("Links must start with http:// or https://."),
        "link_too_long": _("The link is too long (at most {limit} characters)."),
        "evidence_too_many": _("At most {limit} pieces of evidence per activity."),
        "evidence_size": _("The file is too large (at most {limit})."),
        "evidence_type": _("This file type is not accepted. Accepted: {allowed}."),
        "evidence_invalid": _("This file cannot be used as evidence; please send it again."),
        "date_future": _("You cannot report for a future date."),
        "date_too_old": _("That date is too far back; the earliest allowed is {oldest}."),
        "too_many_today": _("You already have {limit} activities on that day, the maximum."),
        "leave_order": _("The end date is before the start date."),
        "leave_too_long": _("A leave can cover at most {limit} days at once."),
        "leave_too_old": _("Leave can be declared at most {limit} days back."),
        "note_too_long": _("The note is too long (at most {limit} characters)."),
        "leave_overlap": _("You already declared leave from {start} to {end}."),
        "date_format": _("Write a date like 1/12 or 2026-12-01, or a range like 1/12 - 3/12."),
        "date_invalid": _("That date does not exist."),
        "reason_required": _("Please write the reason (the employee will read it)."),
        "reason_too_long": _("The reason is too long (at most {limit} characters)."),
        "feedback_empty": _("Please write a message."),
        "plan_text_empty": _("Every RHK needs a text."),
        "plan_text_too_long": _("That text is too long (at most {limit} characters)."),
        "plan_too_many": _("That is too many (at most {limit})."),
        "plan_no_indicator": _("Every RHK needs at least one indicator (IKI) with a target."),
        "plan_target": _("Targets must be a number above 0 with a unit."),
        "plan_dates": _("The plan's dates must lie within one year."),
        "plan_no_item": _("The plan has no RHK yet."),
        "target_invalid": _("That target is not in your plan."),
        "evaluation_incomplete": _("Rate both Hasil Kerja and Perilaku Kerja first."),
        "value_unrated": _("Rate this value first, then add feedback."),
        "feedback_too_long": _("The message is too long (at most {limit} characters)."),
    }
    text = texts.get(error.code, error.code)
    if "limit_bytes" in p:
        p = {**p, "limit": file_size(int(str(p["limit_bytes"])))}
    return text.format(**{k: escape(str(v)) for k, v in p.items()})


def file_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    return f"{max(1, size // 1000)} KB"


def time_invalid(error: TimeInvalid) -> str:
    return {
        "zero": _("The duration must be more than 0 minutes."),
        "too_long": _("The duration cannot exceed 24 hours."),
        "end_before_start": _("The end time must be after the start time."),
        "bad_clock": _("That is not a valid time of day."),
    }.get(
        error.reason,
        _("I could not read that time. Examples: {examples}").format(examples=TIME_EXAMPLES),
    )


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


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
