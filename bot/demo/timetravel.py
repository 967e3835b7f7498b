"""Time travel for demos and training: move the bot's clock (bot/clock.py) to just before
16.00 on the next workday (the daily reminder arrives) or to the first workday morning after
the current evaluation period ends (the rating prompts arrive). Workdays come from the
agency's own calendar, in the agency's zone; the clock keeps running from there."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import OffsetFileClock, write_offset
from models import Agency
from services.calendar import WorkCalendar, agency_calendar
from services.periods import bounds, key_of

LEAD = timedelta(seconds=10)  # land just before the moment, so the next tick sees it happen


def next_workday(calendar: WorkCalendar, day: date) -> date:
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def reminder_moment(calendar: WorkCalendar, agency: Agency, local_now: datetime) -> datetime:
    """The next daily reminder time on a workday (today if it is still ahead)."""
    day = local_now.date()
    if local_now.time() >= agency.reminder_time or not calendar.is_workday(day):
        day = next_workday(calendar, day + timedelta(days=1))
    return datetime.combine(day, agency.reminder_time, local_now.tzinfo)


def period_end_moment(calendar: WorkCalendar, agency: Agency, local_now: datetime) -> datetime:
    """The digest time of the first workday after the current period ends."""
    _start, end = bounds(key_of(agency.evaluation_period, local_now.date()))
    day = next_workday(calendar, end + timedelta(days=1))
    return datetime.combine(day, agency.digest_time, local_now.tzinfo)


class TimeTravel:
    """The web chat's clock control (`LocalBotAPI.time_travel`)."""

    def __init__(self, clock_file: Path, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._file = clock_file
        self._clock = OffsetFileClock(clock_file)
        self._sessions = sessions

    async def __call__(self, target: str) -> dict[str, Any]:
        async with self._sessions() as session:
            agency = await session.scalar(select(Agency).order_by(Agency.id).limit(1))
            assert agency is not None
            calendar = await agency_calendar(session, agency)
        zone = ZoneInfo(agency.timezone)
        local_now = self._clock().astimezone(zone)
        if target in ("workday_1600", "period_end", "now"):
            real_now = datetime.now(UTC)
            if target == "now":
                moment = real_now
            elif target == "workday_1600":
                moment = reminder_moment(calendar, agency, local_now) - LEAD
            else:
                moment = period_end_moment(calendar, agency, local_now) - LEAD
            write_offset(self._file, moment - real_now)
            local_now = moment.astimezone(zone)
        return {"now": local_now.isoformat(), "label": label(local_now)}


def label(moment: datetime) -> str:
    """E.g. "Sen, 7 Des 2026 15.59 WIB" (the agency's zone abbreviation)."""
    text = format_datetime(moment, "EEE, d MMM y HH.mm", locale="id")
    return f"{text} {moment.tzname()}"
