"""Broadcast by one and by two sender processes sharing Redis (issue #15).

An announcement to N linked employees puts N rows in the outbox (PostgreSQL). Then W sender
processes (`python -m bench.broadcast --worker`: the worker's `OutboxSender` with a
`RedisSendLimiter`, exactly as `python -m bot worker` builds it when `REDIS_URL` is set, minus
the scheduler) drain it over HTTP to the local Bot API server. Reported per case and W:
- achieved rate = (N − 1) / (last send − first send), and as a share of the configured limit;
- the busiest 1-second window (sends in any [t, t+1 s)): must not exceed the limit (+1);
- duplicates (a chat that got more than one message; must be 0) and every row SENT;
- CPU ms per message of the sender processes (from the first send on).

Two cases by default: **10,000 messages at a 200/s limit** (above what one sender does on a
busy 2-core machine: measures capacity, and whether a second sender adds to it) and **2,000 at
40/s** (below it: measures that two senders together hold the shared limit). `SEND_RATE_GLOBAL`
is capped at 30/s (Telegram's limit), where 10,000 messages take 5.6 minutes per case; the
child takes the limit directly so the run takes a few minutes.

Usage: `python -m bench.broadcast [--cases 10000@200,2000@40] [--workers 1,2]
[--database-url URL] [--redis-url URL]`. Without a URL a scratch PostgreSQL database is created
and dropped; a given URL must point at an empty database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.delivery import _empty, _seed, _wipe
from bench.processes import BENCH_TOKEN, Child, cpu_seconds
from bot.local_api import LocalBotAPI
from bot.migrate import upgrade
from models import Notification, NotificationStatus
from models.db import create_engine, create_session_factory
from services.announcements import announce
from services.audit import Actor
from services.clock import system_clock
from tests.conftest import REDIS, create_pg_database, drop_pg_database
from tests.e2e.delivery_helpers import daytime_zone

CHAT_BASE = 5_000_000


@dataclass
class BroadcastResult:
    workers: int
    messages: int
    limit: float
    seconds: float
    busiest_second: int
    duplicates: int
    all_sent: bool
    cpu_seconds: float  # of the sender processes, from the first send on

    @property
    def rate(self) -> float:
        return (self.messages - 1) / self.seconds if self.seconds else float("nan")


def _busiest_second(times: list[float]) -> int:
    times = sorted(times)
    best, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= 1.0:
            first += 1
        best = max(best, last - first + 1)
    return best


async def _enqueue(factory: async_sessionmaker[AsyncSession], messages: int) -> None:
    await _wipe(factory)
    now = system_clock()
    agency = await _seed(
        factory,
        messages,
        now,
        chat_base=CHAT_BASE,
        timezone=daytime_zone(now),
        quiet_start=clock_time(0, 0),
        quiet_end=clock_time(23, 59),
        nudge_enabled=False,
    )
    async with factory() as session:
        await announce(session, Actor("bench"), agency, "Uji siaran 10.000 pesan.", None, now=now)


async def bench_broadcast(
    factory: async_sessionmaker[AsyncSession],
    database_url: str,
    redis_url: str,
    workers: int,
    messages: int,
    rate: float,
) -> BroadcastResult:
    await _enqueue(factory, messages)
    api = LocalBotAPI(BENCH_TOKEN)
    await api.start()
    workdir = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))},
        "DATABASE_URL": database_url,
        "TELEGRAM_API_URL": api.base_url,
        "REDIS_URL": redis_url,
        "BENCH_RATE": str(rate),
        "PYTHONPATH": os.getcwd(),
    }
    argv = [sys.executable, "-m", "bench.broadcast", "--worker"]
    children = [await Child.start(argv, env, workdir / f"{i}.log") for i in range(workers)]
    cpu_at_first_send: float | None = None
    cpu = 0.0
    try:
        deadline = time.monotonic() + 120 + messages / rate * 10
        while (sent := sum(c.method == "sendMessage" for c in api.calls)) < messages:
            if time.monotonic() > deadline or any(c.exited for c in children):
                raise RuntimeError(f"{workers} worker(s): not every message sent; see {workdir}")
            if sent and cpu_at_first_send is None:  # startup (imports) left out
                cpu_at_first_send = sum(cpu_seconds(c.pid) for c in children)
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # a duplicate would arrive now
        cpu = sum(cpu_seconds(c.pid) for c in children) - (cpu_at_first_send or 0.0)
    finally:
        for child in children:
            await child.stop()
        await api.stop()
    sends = [c for c in api.calls if c.method == "sendMessage" and c.error is None]
    times = [c.at for c in sends]
    chats = Counter(c.chat_id for c in sends)
    async with factory() as session:
        statuses = Counter((await session.scalars(select(Notification.status))).all())
    return BroadcastResult(
        workers,
        messages,
        rate,
        max(times) - min(times),
        _busiest_second(times),
        sum(n - 1 for n in chats.values()),
        statuses == {NotificationStatus.SENT: messages},
        cpu,
    )


async def _worker() -> None:
    """One sender process: the worker's OutboxSender with the Redis-shared budget."""
    from aiogram import Bot
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.enums import ParseMode
    from redis.asyncio import Redis

    from bot.i18n import build_i18n
    from bot.ratelimit import RedisSendLimiter
    from bot.sender import OutboxSender

    bot = Bot(
        BENCH_TOKEN,
        session=AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"])),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    engine = create_engine(os.environ["DATABASE_URL"])
    redis = Redis.from_url(os.environ["REDIS_URL"])
    limiter = RedisSendLimiter(redis, bot.id, float(os.environ["BENCH_RATE"]), 1.0)
    sender = OutboxSender(
        bot, create_session_factory(engine), build_i18n("id"), system_clock, limiter
    )
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    try:
        await sender.run(stop)
    finally:
        await bot.session.close()
        await redis.aclose()
        await engine.dispose()


def _print(results: list[BroadcastResult]) -> None:
    print(
        "\nBroadcast: messages to distinct chats, the global limit shared in Redis, "
        "per chat 1/s, PostgreSQL"
    )
    print(
        f"{'messages':>8}{'limit/s':>8}{'workers':>8}{'seconds':>9}{'msg/s':>8}{'x limit':>9}"
        f"{'busiest 1 s':>13}"
        f"{'dupes':>7}{'all SENT':>10}{'CPU ms/msg':>12}"
    )
    for r in results:
        print(
            f"{r.messages:>8}{r.limit:>8.0f}{r.workers:>8}{r.seconds:>9.1f}{r.rate:>8.1f}"
            f"{r.rate / r.limit:>8.2f}x"
            f"{r.busiest_second:>13}{r.duplicates:>7}{'yes' if r.all_sent else 'NO':>10}"
            f"{r.cpu_seconds / r.messages * 1000:>12.2f}"
        )


async def run(args: argparse.Namespace, database_url: str) -> list[BroadcastResult]:
    await asyncio.to_thread(upgrade, database_url)
    engine = create_engine(database_url)
    factory = create_session_factory(engine)
    results = []
    try:
        await _empty(factory)
        for messages, rate in args.cases:
            for workers in args.workers:
                result = await bench_broadcast(
                    factory, database_url, args.redis_url, workers, messages, rate
                )
                results.append(result)
                await asyncio.sleep(1.5)  # let the shared schedule's keys expire
    finally:
        await engine.dispose()
    return results


async def main(argv: list[str] | None = None) -> list[BroadcastResult]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--cases",
        default="10000@200,2000@40",
        help="messages@limit per second, comma-separated",
    )
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default=REDIS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        await _worker()
        return []
    args.workers = [int(w) for w in str(args.workers).split(",") if w.strip()]
    args.cases = [
        (int(messages), float(rate))
        for messages, rate in (case.split("@") for case in str(args.cases).split(",") if case)
    ]
    if args.database_url:
        results = await run(args, args.database_url)
    else:
        url = await create_pg_database()
        try:
            results = await run(args, url)
        finally:
            await drop_pg_database(url)
    _print(results)
    return results


if __name__ == "__main__":
    asyncio.run(main())
