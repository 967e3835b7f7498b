"""Evaluation periods (PermenPANRB 6/2022 Pasal 5: periodic by agency choice, plus annual).

Keys: `2026-M03` (month), `2026-Q1` (quarter, triwulan), `2026-S1` (semester), `2026-Y` (year).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from models import EvaluationPeriod
from services.errors import Invalid, Problem

_MONTHS = {"M": 1, "Q": 3, "S": 6}
_PREFIX = {
    EvaluationPeriod.MONTHLY: "M",
    EvaluationPeriod.QUARTERLY: "Q",
    EvaluationPeriod.SEMESTER: "S",
}


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


_KEY = re.compile(r"(20\d\d)-(?:(Y)|M(0[1-9]|1[0-2])|Q([1-4])|S([12]))")


def bounds(key: str) -> tuple[date, date]:
    """First and last day of the period; Invalid for anything but a canonical key."""
    match = _KEY.fullmatch(key)
    if match is None:
        raise Invalid(Problem.PERIOD)
    year = int(match.group(1))
    if match.group(2):
        return date(year, 1, 1), date(year, 12, 31)
    part = "M" if match.group(3) else "Q" if match.group(4) else "S"
    size = _MONTHS[part]
    number = int(match.group(3) or match.group(4) or match.group(5))
    first_month = (number - 1) * size + 1
    return date(year, first_month, 1), _month_end(year, first_month + size - 1)


def key_of(kind: EvaluationPeriod, day: date) -> str:
    prefix = _PREFIX[kind]
    size = _MONTHS[prefix]
    number = (day.month - 1) // size + 1
    width = 2 if prefix == "M" else 1
    return f"{day.year}-{prefix}{number:0{width}d}"


def annual_key(year: int) -> str:
    return f"{year}-Y"


def last_ended(kind: EvaluationPeriod, day: date) -> str:
    """The most recent period (of that kind) that ended before `day`."""
    start, _end = bounds(key_of(kind, day))
    return key_of(kind, start - timedelta(days=1))


ANNUAL_MIN_DAYS = 45  # the annual evaluation is filled in during January and February


def deadline(key: str, days: int) -> date:
    """Last day ratings of the period can be filled in (the annual one gets at least
    ANNUAL_MIN_DAYS, so the year-end rating is not locked early in January)."""
    if key.endswith("-Y"):
        days = max(days, ANNUAL_MIN_DAYS)
    return bounds(key)[1] + timedelta(days=days)
