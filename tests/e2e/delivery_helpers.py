"""Helpers for outbox delivery tests: a `python -m bot worker` process, seeding linked staff
with an always-open sending window, fault scripts for the local Bot API server and bounded waits."""

from __future__ import annotations

import asyncio
import sys
import time as monotonic
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import Call, LocalBotAPI
from models import Agency, CalendarOverride, DayKind, Employee, Notification
from services.announcements import announce
from services.audit import Actor
from tests.e2e.bot_process import BotProcess
from tests.factories import make_agency, make_employee, make_unit

# Zones to choose from so that the agency's local time is far from midnight: the sending
# window is 00:00-23:59 and "today" must not change while a test runs.
ZONES = ("Asia/Jakarta", "Asia/Jayapura", "Europe/London", "America/New_York", "Pacific/Honolulu")

TOO_MANY = {
    "ok": False,
    "error_code": 429,
    "description": "Too Many Requests: retry after 1",
    "parameters": {"retry_after": 1},
}
SERVER_ERROR = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
BAD_GATEWAY = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
BLOCKED = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}


def daytime_zone(now: datetime | None = None) -> str:
    """A time zone where it is now between 01:00 and 22:00 (far from the window's edges)."""
    now = now or datetime.now(UTC)
    for zone in ZONES:
        if time(1, 0) <= now.astimezone(ZoneInfo(zone)).time() < time(22, 0):
            return zone
    raise AssertionError("no daytime zone found")  # pragma: no cover - the zones span 24 h


class WorkerProcess(BotProcess):
    """`python -m bot worker` (scheduler + outbox sender, no polling), with its own log file."""

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log_path = self.workdir / f"{name}.log"

    async def start(self) -> None:
        log = self.log_path.open("ab")
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "worker",
            cwd=self.workdir,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        log.close()


async def kill_and_wait(process: BotProcess, timeout: float = 10) -> None:
    """SIGKILL: no shutdown code runs, as when the machine loses power."""
    process.kill()
    deadline = monotonic.monotonic() + timeout
    while process.running:
        if monotonic.monotonic() > deadline:
            raise AssertionError("the killed process did not exit")
        await asyncio.sleep(0.02)


@dataclass
class Staff:
    agency_id: int
    zone: str
    # employee id -> chat id (chat id == Telegram user id for private chats)
    chats: dict[int, int]

    @property
    def chat_ids(self) -> list[int]:
        return list(self.chats.values())


async def seed_staff(
    session_factory: async_sessionmaker[AsyncSession],
    count: int,
    chat_base: int,
    *,
    reminder_time: time | None = None,
    workday_today: bool = False,
) -> Staff:
    """An agency whose sending window is open around the clock, and `count` linked employees.

    Nudges are off and the agency reminder time is 23:58, so the scheduler enqueues nothing
    of its own unless `reminder_time` (per employee) says otherwise. With `workday_today`,
    every weekday is a workday and today is a workday by override (national holidays too).
    """
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    async with session_factory() as session:
        agency = await make_agency(
            session,
            now,
            quiet_start=time(0, 0),
            quiet_end=time(23, 59),
            nudge_enabled=False,
            reminder_time=time(23, 58),
            workdays="1234567" if workday_today else "12345",
        )
        agency.timezone = zone
        if workday_today:
            session.add(
                CalendarOverride(
                    agency_id=agency.id,
                    day=now.astimezone(ZoneInfo(zone)).date(),
                    kind=DayKind.WORKDAY,
                    name="Hari kerja uji",
                    created_at=now,
                )
            )
        unit = await make_unit(session, agency)
        chats: dict[int, int] = {}
        for i in range(count):
            employee = await make_employee(
                session, agency, unit, chat_base + i, now, telegram_user_id=chat_base + i
            )
            employee.reminder_time = reminder_time
            chats[employee.id] = chat_base + i
        await session.commit()
        return Staff(agency.id, zone, chats)


async def broadcast(
    session_factory: async_sessionmaker[AsyncSession], staff: Staff, text: str
) -> int:
    """An announcement to everyone, as the CLI would make it: one outbox row per person."""
    async with session_factory() as session:
        agency = await session.get(Agency, staff.agency_id)
        assert agency is not None
        item = await announce(session, Actor("cli"), agency, text, None, now=datetime.now(UTC))
        return item.id


async def notifications(
    session_factory: async_sessionmaker[AsyncSession], kind: str | None = None
) -> list[Notification]:
    async with session_factory() as session:
        query = select(Notification).order_by(Notification.id)
        if kind is not None:
            query = query.where(Notification.kind == kind)
        return list((await session.scalars(query)).all())


async def employee(session_factory: async_sessionmaker[AsyncSession], id_: int) -> Employee:
    async with session_factory() as session:
        found = await session.get(Employee, id_)
        assert found is not None
        return found


async def wait_until(
    check: Callable[[], Awaitable[bool]],
    timeout: float,
    what: str,
    on_timeout: Callable[[], str] = lambda: "",
    poll: float = 0.1,
) -> None:
    deadline = monotonic.monotonic() + timeout
    while not await check():
        if monotonic.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout:.0f}s waiting for {what}\n{on_timeout()}"
            )
        await asyncio.sleep(poll)


def delivered(api: LocalBotAPI, chats: Iterable[int], contains: str = "") -> dict[int, list[str]]:
    """Texts of the successful sendMessage calls per chat (faults never reach `api.calls`)."""
    wanted = set(chats)
    texts: dict[int, list[str]] = {c: [] for c in wanted}
    for call in api.sent_to_any(wanted):
        if contains in call.text:
            texts[call.chat_id].append(call.text)
    return texts


@dataclass
class Attempt:
    at: float
    chat_id: int
    status: int  # 200 when the fake answered normally


@dataclass
class FaultScript:
    """A `LocalBotAPI.fault` hook: the n-th sendMessage attempt (1-based) gets a scripted
    error; chats in `blocked` always get 403. Every attempt is recorded with its outcome."""

    by_attempt: dict[int, tuple[int, Any]] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    attempts: list[Attempt] = field(default_factory=list)

    def __call__(self, call: Call) -> tuple[int, Any] | None:
        if call.method != "sendMessage":
            return None
        number = len(self.attempts) + 1
        assert call.chat_id is not None
        blocked = call.chat_id in self.blocked
        answer = (403, BLOCKED) if blocked else self.by_attempt.get(number)
        self.attempts.append(Attempt(call.at, call.chat_id, answer[0] if answer else 200))
        return answer

    def injected(self, status: int) -> list[Attempt]:
        return [a for a in self.attempts if a.status == status]


def today_in(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()
