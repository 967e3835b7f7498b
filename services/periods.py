"""Evaluation periods (PermenPANRB 6/2022 Pasal 5: periodic by agency choice, plus annual).

Keys: `2026-M03` (month), `2026-Q1` (quarter, triwulan), `2026-S1` (semester), `2026-Y` (year).
"""

from __future__ import annotations

from datetime import date, timedelta

from models import EvaluationPeriod
from services.errors import InvalidInput

_MONTHS = {"M": 1, "Q": 3, "S": 6}
_PREFIX = {
    EvaluationPeriod.MONTHLY: "M",
    EvaluationPeriod.QUARTERLY: "Q",
    EvaluationPeriod.SEMESTER: "S",
}


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def bounds(key: str) -> tuple[date, date]:
    try:
        year_text, part = key.split("-")
        year = int(year_text)
        if part == "Y":
            return date(year, 1, 1), date(year, 12, 31)
        size, number = _MONTHS[part[0]], int(part[1:])
        if not 1 <= number <= 12 // size:
            raise ValueError(key)
    except (ValueError, KeyError):
        raise InvalidInput("period") from None
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


def deadline(key: str, days: int) -> date:
    """Last day ratings of the period can be filled in."""
    return bounds(key)[1] + timedelta(days=days)
