"""Parse how long someone worked: a range (`08.00-10.30`, `8:00 - 10:30`) or a duration
(`90 menit`, `1,5 jam`, `1j30m`, `2 jam 15 menit`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from services.errors import Invalid, Problem

MAX_MINUTES = 24 * 60
MAX_DIGITS = 6  # "1440 menit" is the most anyone may type; more digits are too long anyway

_CLOCK = r"(\d{1,2})[.:](\d{2})"
_RANGE = re.compile(rf"^\s*{_CLOCK}\s*(?:-|–|—|s/?d|sampai|to)\s*{_CLOCK}(?=\s|$)", re.IGNORECASE)
_HOURS = r"(\d+(?:[.,]\d+)?)\s*(?:jam|j|h|hours?|hrs?)"
_MINS = r"(\d+)\s*(?:menit|mnt|m|min|mins|minutes?)"
_DURATION = re.compile(rf"^\s*(?:{_HOURS})?\s*(?:{_MINS})?(?=\s|$)", re.IGNORECASE)


@dataclass(frozen=True)
class WorkTime:
    minutes: int
    start: time | None = None
    end: time | None = None


def _clock(hours: str, minutes: str) -> time:
    h, m = int(hours), int(minutes)
    if h > 23 or m > 59:
        raise Invalid(Problem.TIME_BAD_CLOCK)
    return time(h, m)


def _checked(minutes: int) -> int:
    if minutes <= 0:
        raise Invalid(Problem.TIME_ZERO)
    if minutes > MAX_MINUTES:
        raise Invalid(Problem.TIME_TOO_LONG)
    return minutes


def parse_leading_time(text: str) -> tuple[WorkTime | None, str]:
    """Parse a time at the start of `text`; return it (or None) and the rest of the text."""
    match = _RANGE.match(text)
    if match:
        start = _clock(match.group(1), match.group(2))
        end = _clock(match.group(3), match.group(4))
        span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        if span <= 0:
            raise Invalid(Problem.TIME_END_BEFORE_START)
        return WorkTime(_checked(span), start, end), text[match.end() :].strip()
    match = _DURATION.match(text)
    if match and (match.group(1) or match.group(2)):
        if any(len(group or "") > MAX_DIGITS for group in match.groups()):
            raise Invalid(Problem.TIME_TOO_LONG)  # never turn 400 digits into a float
        hours = float(match.group(1).replace(",", ".")) if match.group(1) else 0.0
        minutes = round(hours * 60) + (int(match.group(2)) if match.group(2) else 0)
        return WorkTime(_checked(minutes)), text[match.end() :].strip()
    return None, text.strip()


def split_leading_time(text: str) -> tuple[WorkTime | None, str, Invalid | None]:
    """Like `parse_leading_time`, but a time that is there and wrong (`25.00-26.00 Rapat`)
    still splits off: the rest comes back with the problem, so the activity is not lost."""
    try:
        parsed, rest = parse_leading_time(text)
    except Invalid as problem:
        match = _RANGE.match(text) or _DURATION.match(text)
        rest = text[match.end() :].strip() if match else text.strip()
        return None, rest, problem
    return parsed, rest, None


def parse_work_time(text: str) -> WorkTime:
    """The whole text must be one range or duration."""
    parsed, rest = parse_leading_time(text)
    if parsed is None or rest:
        raise Invalid(Problem.TIME_UNPARSED)
    return parsed


def span_minutes(start: time, end: time) -> int:
    base = datetime(2000, 1, 1)
    return int((datetime.combine(base, end) - datetime.combine(base, start)).total_seconds() // 60)
