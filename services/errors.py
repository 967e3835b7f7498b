"""Domain errors. Front ends turn them into friendly, translated messages."""

from __future__ import annotations

import enum
from datetime import datetime


class DomainError(Exception):
    """Base of every error a user can cause; never a bug."""


class NotFound(DomainError):
    pass


class NotAllowed(DomainError):
    pass


class Problem(enum.StrEnum):
    """Why input was refused: one vocabulary for every feature (handlers/texts/problems.py
    says each in the person's language)."""

    # activities (progres harian)
    DESCRIPTION_EMPTY = "description_empty"
    DESCRIPTION_TOO_LONG = "description_too_long"
    MINUTES_RANGE = "minutes_range"
    OUTPUT_FORMAT = "output_format"
    OUTPUT_RANGE = "output_range"
    OUTPUT_UNIT_MISSING = "output_unit_missing"
    OUTPUT_UNIT_TOO_LONG = "output_unit_too_long"
    LINK_SCHEME = "link_scheme"
    LINK_TOO_LONG = "link_too_long"
    EVIDENCE_TOO_MANY = "evidence_too_many"
    EVIDENCE_SIZE = "evidence_size"
    EVIDENCE_TYPE = "evidence_type"
    EVIDENCE_INVALID = "evidence_invalid"
    TOO_MANY_TODAY = "too_many_today"
    DAY_FULL = "day_full"
    LONG_ACTIVITY = "long_activity"
    OVERLAP = "overlap"
    TARGET_INVALID = "target_invalid"
    # times and dates
    TIME_UNPARSED = "time_unparsed"
    TIME_ZERO = "time_zero"
    TIME_TOO_LONG = "time_too_long"
    TIME_END_BEFORE_START = "time_end_before_start"
    TIME_BAD_CLOCK = "time_bad_clock"
    DATE_FORMAT = "date_format"
    ISO_DATE = "iso_date"
    DATE_INVALID = "date_invalid"
    DATE_FUTURE = "date_future"
    DATE_TOO_OLD = "date_too_old"
    MONTH_FORMAT = "month_format"
    MONTH_RANGE = "month_range"
    MONTH_FUTURE = "month_future"
    HISTORY_FUTURE = "history_future"
    HISTORY_BEFORE_START = "history_before_start"
    RANGE_ORDER = "range_order"
    RANGE_TOO_LONG = "range_too_long"
    PERIOD = "period"
    # leave
    LEAVE_ORDER = "leave_order"
    LEAVE_TOO_LONG = "leave_too_long"
    LEAVE_TOO_OLD = "leave_too_old"
    NOTE_TOO_LONG = "note_too_long"
    LEAVE_OVERLAP = "leave_overlap"
    # decisions, feedback, free texts
    REASON_REQUIRED = "reason_required"
    REASON_TOO_LONG = "reason_too_long"
    TEXT_EMPTY = "text_empty"
    TEXT_TOO_LONG = "text_too_long"
    NAME_TOO_LONG = "name_too_long"
    # plans (SKP) and evaluation
    PLAN_TEXT_EMPTY = "plan_text_empty"
    PLAN_TEXT_TOO_LONG = "plan_text_too_long"
    PLAN_TOO_MANY = "plan_too_many"
    PLAN_NO_INDICATOR = "plan_no_indicator"
    PLAN_NO_ITEM = "plan_no_item"
    PLAN_TARGET = "plan_target"
    PLAN_DATES = "plan_dates"
    NOT_CASCADED = "not_cascaded"
    EVALUATION_INCOMPLETE = "evaluation_incomplete"
    VALUE_UNRATED = "value_unrated"
    PLAN_NOT_APPROVED = "plan_not_approved"
    # people, settings, files
    SUPERVISOR_CYCLE = "supervisor_cycle"
    ACTING_SELF = "acting_self"
    ACTING_DATES = "acting_dates"
    EFFECTIVE_DATE = "effective_date"
    TRANSFER_SAME = "transfer_same"
    UNIT_UNKNOWN = "unit_unknown"
    LEAVER_SELF = "leaver_self"
    LEAVER_REASON = "leaver_reason"
    LANGUAGE = "language"
    SETTING_KEY = "setting_key"
    SETTING_CLOCK = "setting_clock"
    SETTING_BOOLEAN = "setting_boolean"
    SETTING_RANGE = "setting_range"
    SETTING_CURVE_MODE = "setting_curve_mode"
    SETTING_WORKDAYS = "setting_workdays"
    SETTING_TARGET = "setting_target"
    OUTSIDE_WINDOW = "outside_window"
    SNOOZE_LIMIT = "snooze_limit"
    SNOOZE_LATE = "snooze_late"
    STAFF_FILE = "staff_file"
    IMPORT_REJECTED = "import_rejected"
    DAILY_REPORT_PERSON = "daily_report_person"
    USAGE = "usage"
    # personal data (PDP)
    CORRECTION_EMPTY = "correction_empty"
    CORRECTION_TOO_LONG = "correction_too_long"
    CORRECTION_LIMIT = "correction_limit"


class Invalid(DomainError):
    """Input a rule refuses: `code` says which rule, `params` fill its message."""

    def __init__(self, code: Problem, **params: object) -> None:
        super().__init__(code.value)
        self.code = code
        self.params = params


class InviteInvalid(DomainError):
    """The invite cannot be used; `reason` is one of unknown, used, expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AccountAlreadyLinked(DomainError):
    """This Telegram account already belongs to another employee."""


class RateLimited(DomainError):
    def __init__(self, retry_at: datetime) -> None:
        super().__init__(retry_at.isoformat())
        self.retry_at = retry_at


class StaleVersion(DomainError):
    """The item changed since the button or form was made; `current` is what it is now."""


class Locked(DomainError):
    """The item can no longer change (e.g. an approved activity)."""


class AlreadyDecided(DomainError):
    """Someone already decided on this item; `status` is the decision that stands."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status
