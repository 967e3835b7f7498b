"""A calendar month: its bounds, neighbours, and the bounds every month from a user obeys."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from services.errors import Invalid, Problem

MIN_YEAR = 2000
MAX_YEAR = 2100
_TEXT = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not (MIN_YEAR <= self.year <= MAX_YEAR and 1 <= self.month <= 12):
            raise Invalid(Problem.MONTH_RANGE)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """`YYYY-MM`, e.g. 2026-03."""
        match = _TEXT.match(text.strip())
        if not match:
            raise Invalid(Problem.MONTH_FORMAT)
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.end.day)]

    def previous(self) -> Month | None:
        day = self.start - timedelta(days=1)
        return Month.of(day) if day.year >= MIN_YEAR else None

    def next(self) -> Month | None:
        day = self.end + timedelta(days=1)
        return Month.of(day) if day.year <= MAX_YEAR else None


def require_not_future(month: Month, today: date) -> None:
    if month > Month.of(today):
        raise Invalid(Problem.MONTH_FUTURE)
