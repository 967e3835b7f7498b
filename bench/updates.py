"""Inbound update throughput of the real bot process vs a bare aiogram echo bot.

Both run as child processes against the same local Bot API server (HTTP on 127.0.0.1), in the
same run, so the ratio cancels out the machine. Usage: `python -m bench.updates [--users N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.local_api import LocalBotAPI
from bot.migrate import upgrade
from models.db import create_engine, create_session_factory
from tests.e2e.bot_process import TOKEN
from tests.factories import make_agency, make_employee, make_unit

USER_BASE = 100_000


@dataclass
class Result:
    name: str
    burst_rate: float
    burst_p50: float
    burst_p95: float
    seq_p50: float
    seq_p95: float


async def _seed(database_url: str, users: int) -> None:
    await asyncio.to_thread(upgrade, database_url)
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    async with create_session_factory(engine)() as session:
        agency = await make_agency(session, now)
        unit = await make_unit(session, agency)
        head = await make_employee(session, agency, unit, 0, now, telegram_user_id=USER_BASE - 1)
        for i in range(1, users + 1):
            await make_employee(
                session, agency, unit, i, now, supervisor=head, telegram_user_id=USER_BASE + i
            )
        await session.commit()
    await engine.dispose()


async def _start(
    argv: list[str], env: dict[str, str], api: LocalBotAPI
) -> asyncio.subprocess.Process:
    mark = len(api.calls)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        *argv,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await api.wait_for(lambda c: c.method == "getUpdates", timeout=60, after=mark)
    return proc


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


async def _measure(name: str, api: LocalBotAPI, users: int, text: str, sequential: int) -> Result:
    replies_before = len(api.calls)
    pushed: dict[int, float] = {}
    start = time.monotonic()
    for i in range(1, users + 1):
        chat = USER_BASE + i
        pushed[chat] = time.monotonic()
        api.push_text(chat, text)
    latencies = await _collect(api, pushed, replies_before)
    elapsed = time.monotonic() - start
    burst = sorted(latencies)

    seq: list[float] = []
    for i in range(1, sequential + 1):
        mark = len(api.calls)
        chat = USER_BASE + i
        t0 = time.monotonic()
        api.push_text(chat, text)
        await api.wait_for(
            lambda c, chat=chat: c.method == "sendMessage" and c.chat_id == chat,
            after=mark,
            timeout=30,
        )
        seq.append(time.monotonic() - t0)
    return Result(
        name,
        users / elapsed,
        _percentile(burst, 50) * 1000,
        _percentile(burst, 95) * 1000,
        _percentile(seq, 50) * 1000,
        _percentile(seq, 95) * 1000,
    )


async def _collect(api: LocalBotAPI, pushed: dict[int, float], after: int) -> list[float]:
    latencies: dict[int, float] = {}
    deadline = time.monotonic() + 300
    index = after
    while len(latencies) < len(pushed) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
        for call in api.calls[index:]:
            if call.method == "sendMessage" and call.chat_id in pushed:
                latencies.setdefault(call.chat_id, call.at - pushed[call.chat_id])
        index = len(api.calls)
    if len(latencies) < len(pushed):
        raise RuntimeError(f"only {len(latencies)} of {len(pushed)} replies arrived")
    return list(latencies.values())


async def _stop(proc: asyncio.subprocess.Process) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        await asyncio.wait_for(proc.wait(), 20)
    except TimeoutError:
        proc.kill()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    database_url = args.database_url or f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    await _seed(database_url, args.users)
    api = LocalBotAPI(TOKEN)
    await api.start()
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.base_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    results = []
    try:
        for name, argv in (
            ("echo (floor)", [str(Path(__file__).with_name("echo_bot.py"))]),
            ("kinerja /help", ["-m", "bot", "run"]),
        ):
            proc = await _start(argv, {**env, "PYTHONPATH": os.getcwd()}, api)
            try:
                text = "/help" if "kinerja" in name else "halo"
                results.append(await _measure(name, api, args.users, text, args.sequential))
            finally:
                await _stop(proc)
    finally:
        await api.stop()

    print(f"users={args.users} sequential={args.sequential} db={database_url.split(':')[0]}")
    print(
        f"{'bot':<16}{'burst upd/s':>12}{'burst p50':>11}{'burst p95':>11}"
        f"{'seq p50':>9}{'seq p95':>9}"
    )
    for r in results:
        print(
            f"{r.name:<16}{r.burst_rate:>12.0f}{r.burst_p50:>9.0f}ms{r.burst_p95:>9.0f}ms"
            f"{r.seq_p50:>7.1f}ms{r.seq_p95:>7.1f}ms"
        )
    floor, real = results
    print(
        f"ratio kinerja/echo: throughput {real.burst_rate / floor.burst_rate:.2f}x, "
        f"sequential p50 latency {real.seq_p50 / floor.seq_p50:.2f}x"
    )


if __name__ == "__main__":
    asyncio.run(main())
