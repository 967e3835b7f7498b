"""Outbox benchmarks: deciding who is due (scheduler tick) and the sustained send rate.

1. **Tick**: 10,000 linked employees, all due for their daily reminder. Times
   `services.reminders.run_tick` the first time (enqueues ~10k rows) and again (nothing new:
   the dedup path), against a baseline measured in the same run: a plain SELECT of the
   employee rows.
2. **Send rate**: `OutboxSender` in this process, sending through a real aiogram `Bot` over
   HTTP to the local Bot API server on 127.0.0.1, N queued messages to N chats, global limit L/s.
   Reports achieved messages/s as a ratio to L, without faults and with 10% of the calls
   answered 429 retry_after=1.

Usage: `python -m bench.delivery [--employees 10000] [--messages 300] [--rate 20]
[--database-url URL]` (the URL must point at an empty scratch database; default: SQLite in a
temporary folder).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models
from bot.i18n import build_i18n
from bot.local_api import Call, LocalBotAPI
from bot.migrate import upgrade
from bot.ratelimit import SendLimiter
from bot.sender import OutboxSender
from models import Agency, Employee, Notification, NotificationStatus, PositionType, Unit
from models.db import create_engine, create_session_factory
from services.announcements import announce
from services.audit import Actor
from services.calendar import agency_calendar
from services.clock import system_clock
from services.schedule import run_tick
from tests.e2e.bot_process import TOKEN
from tests.e2e.delivery_helpers import TOO_MANY, daytime_zone
from tests.factories import make_nip

# A Monday 10:00 WIB that is no holiday: everyone's 09:00 reminder is due.
TICK_NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
REPEATS = 3


async def _timed(step: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = await step()
    return time.perf_counter() - start, result


async def _empty(factory: async_sessionmaker[AsyncSession]) -> None:
    async with factory() as session:
        if await session.scalar(select(func.count()).select_from(Agency)):
            raise SystemExit("error: the database is not empty; give a scratch database")


async def _wipe(factory: async_sessionmaker[AsyncSession]) -> None:
    async with factory() as session:
        for table in reversed(models.Base.metadata.sorted_tables):
            await session.execute(delete(table))
        await session.commit()


async def _seed(
    factory: async_sessionmaker[AsyncSession],
    count: int,
    now: datetime,
    chat_base: int,
    **agency_fields: Any,
) -> Agency:
    """One agency, one unit and `count` linked employees, inserted in bulk."""
    async with factory() as session:
        agency = Agency(name="Dinas Bench", created_at=now, **agency_fields)
        session.add(agency)
        await session.flush()
        unit = Unit(agency_id=agency.id, parent_id=None, name="Dinas Bench", path="Dinas Bench")
        session.add(unit)
        await session.flush()
        rows = [
            {
                "agency_id": agency.id,
                "nip": make_nip(i),
                "name": f"Pegawai {i}",
                "position": "Analis",
                "position_type": PositionType.EXECUTOR,
                "unit_id": unit.id,
                "is_admin": False,
                "telegram_user_id": chat_base + i,
                "telegram_chat_id": chat_base + i,
                "active": True,
                "linked_at": now,
                "reminder_time": clock_time(9, 0),
                "created_at": now,
                "updated_at": now,
            }
            for i in range(count)
        ]
        for start in range(0, len(rows), 1000):
            await session.execute(insert(Employee), rows[start : start + 1000])
        await session.commit()
        return agency


# -- 1. deciding who is due ----------------------------------------------------------------


@dataclass
class TickResult:
    employees: int
    enqueued: int
    baseline: float
    first: float
    again: float


async def bench_tick(factory: async_sessionmaker[AsyncSession], employees: int) -> TickResult:
    agency = await _seed(
        factory,
        employees,
        TICK_NOW,
        chat_base=1_000_000,
        timezone="Asia/Jakarta",
        nudge_enabled=False,
    )
    async with factory() as session:
        calendar = await agency_calendar(session, agency)
    assert calendar.is_workday(TICK_NOW.date()), "TICK_NOW must be a workday"

    async def baseline() -> int:
        async with factory() as session:
            return len((await session.execute(select(Employee.__table__))).all())

    async def tick() -> dict[str, int]:
        async with factory() as session:
            return await run_tick(session, TICK_NOW)

    await baseline()  # warm up: connection, statement caches
    base = []
    for _ in range(REPEATS):
        seconds, rows = await _timed(baseline)
        assert rows == employees
        base.append(seconds)
    first, again = [], []
    enqueued = 0
    for _ in range(REPEATS):
        async with factory() as session:
            await session.execute(delete(Notification))
            await session.commit()
        seconds, counts = await _timed(tick)
        enqueued = counts.get("reminder.daily", 0)
        assert enqueued == employees, counts
        first.append(seconds)
        seconds, counts = await _timed(tick)
        assert not any(counts.values()), counts
        again.append(seconds)
    return TickResult(
        employees,
        enqueued,
        statistics.median(base),
        statistics.median(first),
        statistics.median(again),
    )


# -- 2. sustained send rate ----------------------------------------------------------------


@dataclass
class SendResult:
    name: str
    messages: int
    limit: float
    seconds: float
    throttled: int
    duplicates: int

    @property
    def rate(self) -> float:
        return self.messages / self.seconds


class EveryNth429:
    """Answer every n-th sendMessage attempt with 429 retry_after=1 (n=0: never)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.attempts = 0
        self.throttled = 0

    def __call__(self, call: Call) -> tuple[int, dict[str, Any]] | None:
        if call.method != "sendMessage":
            return None
        self.attempts += 1
        if self.n and self.attempts % self.n == 0:
            self.throttled += 1
            return 429, TOO_MANY
        return None


async def _raw_ceiling(api: LocalBotAPI, bot: Bot, messages: int) -> float:
    """Sequential send_message calls with no database and no limiter: the harness's ceiling."""
    start = time.perf_counter()
    for i in range(messages):
        await bot.send_message(3_000_000 + i, "📢 <b>Pengumuman</b>\nuji")
    return messages / (time.perf_counter() - start)


async def bench_send(
    factory: async_sessionmaker[AsyncSession],
    api: LocalBotAPI,
    bot: Bot,
    name: str,
    messages: int,
    rate: float,
    every_nth_429: int,
) -> SendResult:
    await _wipe(factory)
    now = system_clock()
    agency = await _seed(
        factory,
        messages,
        now,
        chat_base=2_000_000,
        timezone=daytime_zone(now),
        quiet_start=clock_time(0, 0),
        quiet_end=clock_time(23, 59),
        nudge_enabled=False,
    )
    async with factory() as session:
        await announce(session, Actor("bench"), agency, "Uji kecepatan kirim.", None, now=now)
    faults = EveryNth429(every_nth_429)
    api.fault = faults
    mark = len(api.calls)
    sender = OutboxSender(
        bot, factory, build_i18n("id"), system_clock, SendLimiter(rate, per_chat_per_second=1)
    )
    stop = asyncio.Event()
    start = time.perf_counter()
    running = asyncio.create_task(sender.run(stop))  # production idle interval (1 s)
    deadline = start + 30 + messages / rate * 20
    try:
        while sum(c.method == "sendMessage" for c in api.calls[mark:]) < messages:
            if time.perf_counter() > deadline or running.done():
                raise RuntimeError(f"{name}: not every message was sent in time")
            await asyncio.sleep(0.02)
        seconds = time.perf_counter() - start
    finally:
        stop.set()
        await running
        api.fault = None
    async with factory() as session:
        statuses = Counter((await session.scalars(select(Notification.status))).all())
    assert statuses == {NotificationStatus.SENT: messages}, statuses
    chats = Counter(c.chat_id for c in api.calls[mark:] if c.method == "sendMessage")
    return SendResult(
        name,
        messages,
        rate,
        seconds,
        faults.throttled,
        sum(n - 1 for n in chats.values()),
    )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--only", choices=["tick", "send"], default=None)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-delivery-"))
    database_url = args.database_url or f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    await asyncio.to_thread(upgrade, database_url)
    engine = create_engine(database_url)
    factory = create_session_factory(engine)
    api = LocalBotAPI(TOKEN)
    await api.start()
    bot = Bot(
        TOKEN,
        session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    try:
        await _empty(factory)
        tick = await bench_tick(factory, args.employees) if args.only != "send" else None
        ceiling, sends = 0.0, []
        if args.only != "tick":
            ceiling = await _raw_ceiling(api, bot, min(args.messages, 300))
            sends = [
                await bench_send(factory, api, bot, "no faults", args.messages, args.rate, 0),
                await bench_send(factory, api, bot, "10% 429 (1 s)", args.messages, args.rate, 10),
            ]
    finally:
        await bot.session.close()
        await api.stop()
        await engine.dispose()

    print(f"db={database_url.split(':')[0]}")
    if tick is not None:
        _print_tick(tick)
    if sends:
        _print_sends(args, ceiling, sends)


def _print_tick(tick: TickResult) -> None:
    print(f"\nDecide who is due: {tick.employees} linked employees, all due (median of {REPEATS})")
    print(f"{'step':<34}{'ms':>9}{'µs/employee':>13}{'x baseline':>12}")
    for label, seconds in (
        ("baseline: SELECT employee rows", tick.baseline),
        (f"run_tick, first (+{tick.enqueued} rows)", tick.first),
        ("run_tick, again (dedup, 0 new)", tick.again),
    ):
        print(
            f"{label:<34}{seconds * 1000:>9.0f}{seconds / tick.employees * 1e6:>13.1f}"
            f"{seconds / tick.baseline:>11.1f}x"
        )


def _print_sends(args: argparse.Namespace, ceiling: float, sends: list[SendResult]) -> None:
    print(
        f"\nSustained send rate: {args.messages} messages to distinct chats, "
        f"global limit {args.rate:g}/s, per chat 1/s"
    )
    print(f"ceiling (raw send_message loop, no DB, no limiter): {ceiling:.0f} msg/s")
    print(f"{'case':<16}{'seconds':>9}{'msg/s':>8}{'x limit':>9}{'429s':>6}{'dupes':>7}")
    for r in sends:
        print(
            f"{r.name:<16}{r.seconds:>9.1f}{r.rate:>8.1f}{r.rate / r.limit:>8.2f}x"
            f"{r.throttled:>6}{r.duplicates:>7}"
        )


if __name__ == "__main__":
    asyncio.run(main())
