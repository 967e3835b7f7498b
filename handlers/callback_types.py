"""Bounded field types for callback data: a forged or stale button with an id past the database
integer range, a page of a million, or the date 9999-12-31 fails to parse, so it reaches the
"this button is no longer valid" fallback instead of a query or date arithmetic."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field

MAX_DB_INT = 2**31 - 1  # PostgreSQL `integer`; SQLite accepts more, the same bound applies
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)

DbId = Annotated[int, Field(ge=0, le=MAX_DB_INT)]
"""A row id (0 where the field is unused)."""
Version = Annotated[int, Field(ge=0, le=MAX_DB_INT)]
Page = Annotated[int, Field(ge=0, le=10_000)]


def _iso_day(value: str) -> str:
    if value == "":
        return value
    day = date.fromisoformat(value)  # ValueError: not a date
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError("date out of range")
    return day.isoformat()


IsoDay = Annotated[str, AfterValidator(_iso_day)]
"""`YYYY-MM-DD` between 2000 and 2100, or empty."""


def parse_day(value: str) -> date | None:
    """A date from a bounded ISO string (None if it is empty or not a date in range)."""
    try:
        checked = _iso_day(value)
    except ValueError:
        return None
    return date.fromisoformat(checked) if checked else None
