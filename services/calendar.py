"""Workdays: agency workdays (5 or 6 days), national holidays and cuti bersama (DOMAIN §8).

Holidays come from the `holidays` package, `ID` with categories public and government
(government = cuti bersama).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, CalendarOverride, DayKind
from models.calendar import CALENDAR_WRITTEN


@lru_cache(maxsize=16)
def national_holidays(year: int) -> dict[date, str]:
    import holidays  # imports every country's calendar (~0.2 s): only for who needs a day

    calendar = holidays.country_holidays(
        "ID", years=year, categories=("public", "government"), language="id"
    )
    return dict(calendar.items())


class WorkCalendar:
    """Answers "is this a workday?" for one agency: its weekdays, the national calendar, and
    the admin's overrides (extra holidays; days that are workdays after all)."""

    def __init__(
        self,
        workdays: str,
        extra_holidays: dict[date, str] | None = None,
        extra_workdays: set[date] | None = None,
    ) -> None:
        self._weekdays = {int(ch) for ch in workdays if ch in "1234567"}
        self._extra = extra_holidays or {}
        self._workdays = extra_workdays or set()

    def holiday_name(self, day: date) -> str | None:
        if day in self._workdays:
            return None
        return self._extra.get(day) or national_holidays(day.year).get(day)

    def is_workday(self, day: date) -> bool:
        if day in self._workdays:
            return True
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


# Calendars by (agency, workdays, calendar stamp): a change of either gives a new key, so an
# entry is never stale, only unused; bounded, oldest first out.
_CALENDARS: dict[tuple[int, str, str], WorkCalendar] = {}
_MAX_CALENDARS = 256


def _writes_overrides(session: AsyncSession) -> bool:
    """True when this session has changed (or is about to change) calendar overrides: what it
    sees may still roll back, so it neither reads nor fills the shared cache."""
    sync = session.sync_session
    if sync.info.get(CALENDAR_WRITTEN):
        return True
    return any(isinstance(o, CalendarOverride) for o in (*sync.new, *sync.deleted, *sync.dirty))


async def agency_calendar(session: AsyncSession, agency: Agency) -> WorkCalendar:
    """The agency's calendar; its overrides are read once per calendar stamp per process.

    The stamp is the one on `agency` as loaded: a session kept open across another process's
    change (a tick) sees the change from its next session on."""
    shared = not _writes_overrides(session) and bool(agency.calendar_stamp)
    key = (agency.id, agency.workdays, agency.calendar_stamp)
    cached = _CALENDARS.get(key) if shared else None
    if cached is not None:
        return cached
    rows = (
        await session.scalars(
            select(CalendarOverride).where(CalendarOverride.agency_id == agency.id)
        )
    ).all()
    calendar = WorkCalendar(
        agency.workdays,
        extra_holidays={r.day: r.name for r in rows if r.kind is DayKind.HOLIDAY},
        extra_workdays={r.day for r in rows if r.kind is DayKind.WORKDAY},
    )
    if shared:  # rows written by raw SQL have no stamp: not cached either
        if len(_CALENDARS) >= _MAX_CALENDARS:
            del _CALENDARS[next(iter(_CALENDARS))]
        _CALENDARS[key] = calendar
    return calendar
