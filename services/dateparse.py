"""Dates as Indonesians type them: `1/12`, `01-12-2026`, `2026-12-01`, ranges `1/12 - 3/12`,
and words: `hari ini`, `kemarin`, `besok`, a weekday (`senin`: the last Monday, today
included; `senin depan`: the next one)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from services.errors import Invalid, Problem

_TOKEN = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?")
MIN_YEAR, MAX_YEAR = 2000, 2100  # nothing outside is a date anyone reports or takes leave on
NEW_YEAR_SPAN = 62  # a year-less end before the start means "next year" only this close
_SEPARATORS = re.compile(r"^\s*(?:-|–|—|s/?d|sampai|to|hingga)?\s*$", re.IGNORECASE)


_WEEKDAYS = {
    **dict.fromkeys(("senin", "monday", "mon"), 0),
    **dict.fromkeys(("selasa", "tuesday", "tue"), 1),
    **dict.fromkeys(("rabu", "wednesday", "wed"), 2),
    **dict.fromkeys(("kamis", "thursday", "thu"), 3),
    **dict.fromkeys(("jumat", "jum'at", "friday", "fri"), 4),
    **dict.fromkeys(("sabtu", "saturday", "sat"), 5),
    **dict.fromkeys(("minggu", "ahad", "sunday", "sun"), 6),
}
_RELATIVE = {"hari ini": 0, "today": 0, "kemarin": -1, "yesterday": -1, "besok": 1, "tomorrow": 1}
_WORD = re.compile(
    r"\b(hari ini|today|kemarin|yesterday|besok|tomorrow|"
    + "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
    + r")(\s+(?:depan|next|lalu|last))?\b",
    re.IGNORECASE,
)


def _word_date(match: re.Match[str], today: date) -> str:
    word, when = match.group(1).lower(), (match.group(2) or "").strip().lower()
    if word in _RELATIVE:
        day = today + timedelta(days=_RELATIVE[word])
    else:
        back = (today.weekday() - _WEEKDAYS[word]) % 7
        day = today - timedelta(days=back)
        if when in ("depan", "next"):
            day += timedelta(days=7)
        elif when in ("lalu", "last") and back == 0:
            day -= timedelta(days=7)
    return f"{day.day}/{day.month}/{day.year}"


def words_to_dates(text: str, today: date) -> str:
    """`kemarin` → `1/12/2026` and the like, so the number parser can read it."""
    return _WORD.sub(lambda m: _word_date(m, today), text)


def parse_day(text: str, today: date) -> date:
    """Exactly one date (numbers or words); Invalid otherwise."""
    start, end = parse_date_range(text, today)
    if start != end:
        raise Invalid(Problem.DATE_FORMAT)
    return start


def _to_date(match: re.Match[str], today: date) -> date:
    if match.group(1):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        day, month = int(match.group(4)), int(match.group(5))
        raw_year = match.group(6)
        year = today.year if raw_year is None else int(raw_year)
        if raw_year is not None and len(raw_year) == 2:
            year += 2000
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(Problem.DATE_INVALID)
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid(Problem.DATE_INVALID) from None


def parse_date_range(text: str, today: date) -> tuple[date, date]:
    """One date, or two separated by `-`, `s/d`, `sampai`; raise Invalid otherwise."""
    text = words_to_dates(text, today)
    matches = list(_TOKEN.finditer(text))
    if not matches or len(matches) > 2:
        raise Invalid(Problem.DATE_FORMAT)
    gaps = [text[: matches[0].start()], text[matches[-1].end() :]]
    if len(matches) == 2:
        gaps.append(text[matches[0].end() : matches[1].start()])
    if any(gap.strip() and not _SEPARATORS.match(gap) for gap in gaps[2:]) or any(
        gap.strip() for gap in gaps[:2]
    ):
        raise Invalid(Problem.DATE_FORMAT)
    start = _to_date(matches[0], today)
    end = _to_date(matches[-1], today)
    if end < start and _yearless(matches[-1]) and end.month < start.month:
        try:
            rolled = end.replace(year=end.year + 1)  # "29/12 - 2/1" runs into the new year
        except ValueError:
            raise Invalid(Problem.DATE_INVALID) from None
        if (rolled - start).days <= NEW_YEAR_SPAN:
            end = rolled
    return start, end


def _yearless(match: re.Match[str]) -> bool:
    return not match.group(1) and match.group(6) is None
