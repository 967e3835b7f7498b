"""Workdays: agency workdays (5 or 6 days), national holidays and cuti bersama (DOMAIN §8).

Holidays come from the `holidays` package, `ID` with categories public and government
(government = cuti bersama).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


@lru_cache(maxsize=16)
def national_holidays(year: int) -> dict[date, str]:
    calendar = holidays.country_holidays(
        "ID", years=year, categories=("public", "government"), language="id"
    )
    return dict(calendar.items())


def local_today(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


class WorkCalendar:
    """Answers "is this a workday?" for one agency."""

    def __init__(self, workdays: str, extra_holidays: dict[date, str] | None = None) -> None:
        self._weekdays = {int(ch) for ch in workdays if ch.isdigit()}
        self._extra = extra_holidays or {}

    def holiday_name(self, day: date) -> str | None:
        return self._extra.get(day) or national_holidays(day.year).get(day)

    def is_workday(self, day: date) -> bool:
        return day.isoweekday() in self._weekdays and self.holiday_name(day) is None

    def workdays_back(self, today: date, count: int) -> list[date]:
        """Today (whatever it is) and the `count` workdays before it, newest first."""
        days = [today]
        day = today
        for _ in range(366):
            if len(days) > count:
                break
            day -= timedelta(days=1)
            if self.is_workday(day):
                days.append(day)
        return days
