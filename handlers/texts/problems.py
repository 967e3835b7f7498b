"""Why input was refused, in the person's language: one message per `services.errors.Problem`.

Translated through `handlers.gettext`, so the CLI can say the same without aiogram.
"""

from __future__ import annotations

from html import escape

from handlers.gettext import gettext as _
from handlers.texts.format import format_minutes
from services.errors import Invalid, Problem

TIME_EXAMPLES = "08.00-10.30, 90 menit, 1,5 jam"


def file_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    return f"{max(1, size // 1000)} KB"


def _messages() -> dict[Problem, str]:
    return {
        Problem.DESCRIPTION_EMPTY: _("Please describe the activity (at least 3 characters)."),
        Problem.DESCRIPTION_TOO_LONG: _(
            "The description is too long (at most {limit} characters)."
        ),
        Problem.MINUTES_RANGE: _("The duration must be between 1 minute and 24 hours."),
        Problem.OUTPUT_FORMAT: _("Write the output as a number and a unit, e.g. 3 dokumen."),
        Problem.OUTPUT_RANGE: _("The output must be a whole number from 1 to {limit}."),
        Problem.OUTPUT_UNIT_MISSING: _("Add the unit after the number, e.g. 3 dokumen."),
        Problem.OUTPUT_UNIT_TOO_LONG: _("The unit is too long (at most {limit} characters)."),
        Problem.LINK_SCHEME: _("Links must start with http:// or https://."),
        Problem.LINK_TOO_LONG: _("The link is too long (at most {limit} characters)."),
        Problem.EVIDENCE_TOO_MANY: _("At most {limit} pieces of evidence per activity."),
        Problem.EVIDENCE_SIZE: _("The file is too large (at most {limit})."),
        Problem.EVIDENCE_TYPE: _("This file type is not accepted. Accepted: {allowed}."),
        Problem.EVIDENCE_INVALID: _("This file cannot be used as evidence; please send it again."),
        Problem.TOO_MANY_TODAY: _("You already have {limit} activities on that day, the maximum."),
        Problem.DAY_FULL: _(
            "A day holds at most 24 hours of work; {left_minutes} are left for that day."
        ),
        Problem.LONG_ACTIVITY: _(
            "That is longer than {limit_minutes} for one activity. Is the time right?"
        ),
        Problem.OVERLAP: _("⚠️ This time overlaps with your other activities that day."),
        Problem.TARGET_INVALID: _("That target is not in your plan."),
        Problem.TIME_UNPARSED: _("I could not read that time. Examples: {examples}").format(
            examples=TIME_EXAMPLES
        ),
        Problem.TIME_ZERO: _("The duration must be more than 0 minutes."),
        Problem.TIME_TOO_LONG: _("The duration cannot exceed 24 hours."),
        Problem.TIME_END_BEFORE_START: _("The end time must be after the start time."),
        Problem.TIME_BAD_CLOCK: _("That is not a valid time of day."),
        Problem.DATE_FORMAT: _(
            "Write a date like 1/12 or 2026-12-01, or a range like 1/12 - 3/12."
        ),
        Problem.ISO_DATE: _("Give dates as YYYY-MM-DD."),
        Problem.DATE_INVALID: _("That date does not exist."),
        Problem.DATE_FUTURE: _("You cannot report for a future date."),
        Problem.DATE_TOO_OLD: _("That date is too far back; the earliest allowed is {oldest}."),
        Problem.MONTH_FORMAT: _("Give the month as YYYY-MM, e.g. 2026-03."),
        Problem.MONTH_RANGE: _("Give the month as YYYY-MM, e.g. 2026-03."),
        Problem.MONTH_FUTURE: _("That month has not started yet."),
        Problem.HISTORY_FUTURE: _("That day or month has not come yet."),
        Problem.HISTORY_BEFORE_START: _("Your history starts in {month}."),
        Problem.RANGE_ORDER: _("The end date is before the start date."),
        Problem.RANGE_TOO_LONG: _("A range covers at most {limit} days."),
        Problem.PERIOD: _("That evaluation period does not exist."),
        Problem.LEAVE_ORDER: _("The end date is before the start date."),
        Problem.LEAVE_TOO_LONG: _("A leave can cover at most {limit} days at once."),
        Problem.LEAVE_TOO_OLD: _("Leave can be declared at most {limit} days back."),
        Problem.LEAVE_OVERLAP: _("You already declared leave from {start} to {end}."),
        Problem.NOTE_TOO_LONG: _("The note is too long (at most {limit} characters)."),
        Problem.REASON_REQUIRED: _("Please write the reason (the employee will read it)."),
        Problem.REASON_TOO_LONG: _("The reason is too long (at most {limit} characters)."),
        Problem.TEXT_EMPTY: _("Please write a message."),
        Problem.TEXT_TOO_LONG: _("The message is too long (at most {limit} characters)."),
        Problem.NAME_TOO_LONG: _("The name is too long (at most {limit} characters)."),
        Problem.PLAN_TEXT_EMPTY: _("Every RHK needs a text."),
        Problem.PLAN_TEXT_TOO_LONG: _("That text is too long (at most {limit} characters)."),
        Problem.PLAN_TOO_MANY: _("That is too many (at most {limit})."),
        Problem.PLAN_NO_INDICATOR: _("Every RHK needs at least one indicator (IKI) with a target."),
        Problem.PLAN_NO_ITEM: _("The plan has no RHK yet."),
        Problem.PLAN_TARGET: _("Targets must be a number above 0 with a unit."),
        Problem.PLAN_DATES: _("The plan's dates must lie within one year."),
        Problem.NOT_CASCADED: _("Every RHK must intervene an RHK of your supervisor."),
        Problem.EVALUATION_INCOMPLETE: _("Rate both Hasil Kerja and Perilaku Kerja first."),
        Problem.VALUE_UNRATED: _("Rate this value first, then add feedback."),
        Problem.PLAN_NOT_APPROVED: _(
            "This period's SKP is not approved yet, so the evaluation cannot be finalised; "
            "nothing was changed. The employee submits the SKP (/skp) and you approve it first."
        ),
        Problem.SUPERVISOR_CYCLE: _(
            "That would make a loop in the supervisor chain; nothing changed."
        ),
        Problem.ACTING_SELF: _("An official cannot act for themselves."),
        Problem.ACTING_DATES: _("The end date must be after the start date, within one year."),
        Problem.EFFECTIVE_DATE: _("The date must be from {earliest} to {latest}; nothing changed."),
        Problem.TRANSFER_SAME: _(
            "That is already their unit, supervisor and position; nothing changed."
        ),
        Problem.UNIT_UNKNOWN: _("No unit has that name; write it as in the staff file."),
        Problem.LEAVER_SELF: _("You cannot deactivate yourself; ask another admin."),
        Problem.LEAVER_REASON: _(
            "The reason is one of: pensiun, pindah keluar, meninggal, diberhentikan."
        ),
        Problem.LANGUAGE: _("That language is not available."),
        Problem.SETTING_KEY: _("That setting does not exist."),
        Problem.SETTING_CLOCK: _("Write a time of day such as 16.00."),
        Problem.SETTING_BOOLEAN: _("Write on or off."),
        Problem.SETTING_RANGE: _("That value is outside the allowed range."),
        Problem.SETTING_CURVE_MODE: _("Write warn or block."),
        Problem.SETTING_WORKDAYS: _("Write the workdays as digits, e.g. 12345 (Monday = 1)."),
        Problem.SETTING_TARGET: _(
            "Give the daily target in hours between {low} and {high}, e.g. 7,5."
        ),
        Problem.OUTSIDE_WINDOW: _("That time is outside the sending window ({start}–{end})."),
        Problem.SNOOZE_LIMIT: _("You have snoozed enough for today."),
        Problem.SNOOZE_LATE: _("It is too late to snooze; please report now, or tomorrow morning."),
        Problem.STAFF_FILE: _("This staff file cannot be used."),
        Problem.IMPORT_REJECTED: _("The file has {count} problem(s); nothing was imported."),
        Problem.DAILY_REPORT_PERSON: _("A Laporan Harian is for one person."),
        Problem.USAGE: _("That is not how this command is used; see /help."),
        Problem.CORRECTION_EMPTY: _(
            "Please write what is wrong and what it should be (at least {limit} characters)."
        ),
        Problem.CORRECTION_TOO_LONG: _(
            "The correction request is too long (at most {limit} characters)."
        ),
        Problem.CORRECTION_LIMIT: _(
            "You have sent {limit} correction requests today; the admins will answer them first."
        ),
    }


def problem_text(error: Invalid) -> str:
    """The message for `error`, its parameters filled in (escaped for HTML)."""
    params = dict(error.params)
    if "limit_bytes" in params:
        params["limit"] = file_size(int(str(params.pop("limit_bytes"))))
    for name, value in params.items():
        if name.endswith("_minutes"):  # durations read as "12 h", "1 h 30 min"
            params[name] = format_minutes(int(str(value)))
    text = _messages().get(error.code, error.code.value)
    return text.format(**{k: escape(str(v)) for k, v in params.items()})
