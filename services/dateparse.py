"""Dates as Indonesians type them: `1/12`, `01-12-2026`, `2026-12-01`, ranges `1/12 - 3/12`."""

from __future__ import annotations

import re
from datetime import date

from services.errors import Invalid, Problem

_TOKEN = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?")
MIN_YEAR, MAX_YEAR = 2000, 2100  # nothing outside is a date anyone reports or takes leave on
NEW_YEAR_SPAN = 62  # a year-less end before the start means "next year" only this close
_SEPARATORS = re.compile(r"^\s*(?:-|–|—|s/?d|sampai|to|hingga)?\s*$", re.IGNORECASE)


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
