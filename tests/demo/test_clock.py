"""The movable demo clock: the bot process reads its offset from CLOCK_FILE, and the web
chat's time travel lands just before the next 16.00 workday reminder or the first workday
morning after the evaluation period ends."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import OffsetFileClock, settings_clock, write_offset
from bot.config import Settings
from bot.demo.timetravel import LEAD, TimeTravel, period_end_moment, reminder_moment
from models import Agency, EvaluationPeriod
from services.calendar import WorkCalendar
from services.clock import system_clock
from tests.factories import make_agency

WIB = ZoneInfo("Asia/Jakarta")


def wib(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), WIB)


def test_without_a_file_the_clock_is_the_system_clock(tmp_path: Path) -> None:
    clock = OffsetFileClock(tmp_path / "clock.json")
    before = datetime.now(UTC)
    now = clock()
    assert before <= now <= datetime.now(UTC)


def test_the_offset_in_the_file_moves_the_clock_while_it_runs(tmp_path: Path) -> None:
    path = tmp_path / "clock.json"
    clock = OffsetFileClock(path)
    clock()
    write_offset(path, timedelta(days=3))
    before = datetime.now(UTC) + timedelta(days=3)
    assert before <= clock() <= datetime.now(UTC) + timedelta(days=3)

    write_offset(path, timedelta(hours=-2))
    assert clock.offset == timedelta(hours=-2)
    assert json.loads(path.read_text()) == {"offset_seconds": -7200.0}


def test_a_broken_file_means_no_offset(tmp_path: Path) -> None:
    path = tmp_path / "clock.json"
    path.write_text("{not json")

    assert OffsetFileClock(path).offset == timedelta()


def test_only_a_clock_file_setting_makes_the_clock_movable(tmp_path: Path) -> None:
    assert settings_clock(Settings(_env_file=None)) is system_clock  # type: ignore[call-arg]
    movable = settings_clock(Settings(_env_file=None, clock_file=str(tmp_path / "c.json")))  # type: ignore[call-arg]
    assert isinstance(movable, OffsetFileClock)


def _agency(period: EvaluationPeriod = EvaluationPeriod.MONTHLY) -> Agency:
    return Agency(
        name="x",
        timezone="Asia/Jakarta",
        reminder_time=time(16, 0),
        digest_time=time(8, 0),
        evaluation_period=period,
    )


def test_the_reminder_moment_is_the_next_workday_at_reminder_time() -> None:
    calendar = WorkCalendar("12345")
    wednesday = date(2026, 3, 4)

    assert reminder_moment(calendar, _agency(), wib(wednesday, "10:00")) == wib(wednesday, "16:00")
    assert reminder_moment(calendar, _agency(), wib(wednesday, "16:30")) == wib(
        date(2026, 3, 5), "16:00"
    )
    friday_evening = wib(date(2026, 3, 6), "17:00")
    assert reminder_moment(calendar, _agency(), friday_evening) == wib(date(2026, 3, 9), "16:00")
    # Nyepi on 19 March 2026, cuti bersama on 18, 20, 23 and 24 March, a weekend between.
    assert reminder_moment(calendar, _agency(), wib(date(2026, 3, 17), "17:00")) == wib(
        date(2026, 3, 25), "16:00"
    )


def test_the_period_end_moment_is_the_first_workday_morning_after_it() -> None:
    calendar = WorkCalendar("12345")

    december = wib(date(2026, 12, 2), "10:00")  # 1 January is a holiday, then a weekend
    assert period_end_moment(calendar, _agency(), december) == wib(date(2027, 1, 4), "08:00")
    quarterly = _agency(EvaluationPeriod.QUARTERLY)
    assert period_end_moment(calendar, quarterly, wib(date(2026, 5, 5), "10:00")) == wib(
        date(2026, 7, 1), "08:00"
    )


async def test_time_travel_writes_the_offset_the_bot_reads(
    session_factory: async_sessionmaker[AsyncSession], session: AsyncSession, tmp_path: Path
) -> None:
    agency = await make_agency(
        session, datetime.now(UTC), evaluation_period=EvaluationPeriod.MONTHLY
    )
    await session.commit()
    path = tmp_path / "clock.json"
    travel, bot_clock = TimeTravel(path, session_factory), OffsetFileClock(path)

    moved = await travel("period_end")
    landed = bot_clock().astimezone(ZoneInfo(agency.timezone))
    assert landed.date() == datetime.fromisoformat(moved["now"]).date()
    assert (landed + LEAD).time().replace(second=0, microsecond=0) == agency.digest_time
    assert moved["label"].endswith(" WIB")

    moved = await travel("workday_1600")
    landed = bot_clock().astimezone(ZoneInfo(agency.timezone))
    assert (landed + LEAD).time().replace(second=0, microsecond=0) == time(16, 0)
    assert landed > datetime.now(UTC)

    await travel("now")
    assert bot_clock.offset == timedelta()
