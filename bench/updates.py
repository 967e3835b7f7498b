"""The inbound hot path of the real bot process against a bare aiogram echo bot, in one run.

Both run as child processes against the same local Bot API server (HTTP on 127.0.0.1), one after
the other, so ratios cancel out the machine. For each bot:

- **burst**: N messages pushed at once (from `--users` people, round robin); throughput is
  N / time until the last reply reached the server;
- **paced**: `--rate` updates per second for `--paced` updates; p50/p95 push-to-reply latency,
  unanswered updates, and CPU seconds the bot process spent (utime + stime from /proc);
- **peak RSS** of the bot process (VmHWM) at the end;
- kinerja only, **write path**: every person sends a quick `/lapor 08.00-10.30 …`, waits for
  its card, and presses "Kirim"; updates/s (two per report) against the echo burst rate.

A third bot, **echo+reply**, is the echo bot answering with the very text the bot sent for
`/help` (same length, same HTML): the gap between it and the bare echo is what sending a long
message costs in aiogram and aiohttp; the gap between it and kinerja is the bot's own work.

Usage: `python -m bench.updates [--users 100] [--burst 1000] [--paced 750] [--rate 50]
[--database-url URL]` (a given URL must point at an empty scratch database).
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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bot.local_api import Call, LocalBotAPI
from bot.migrate import upgrade
from models import Agency
from models.db import create_engine, create_session_factory
from tests.e2e.bot_process import TOKEN
from tests.factories import make_agency, make_employee, make_unit

USER_BASE = 100_000
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
REPLY_METHODS = ("sendMessage", "editMessageText")


@dataclass
class Result:
    name: str
    burst_rate: float = 0.0
    paced_p50: float = 0.0
    paced_p95: float = 0.0
    unanswered: int = 0
    cpu_per_update_ms: float = 0.0
    peak_rss_mib: float = 0.0
    write_rate: float = 0.0
    reply: str = ""  # the text of the last burst reply
    extra: dict[str, float] = field(default_factory=dict)


async def _seed(database_url: str, users: int) -> None:
    await asyncio.to_thread(upgrade, database_url)
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    async with create_session_factory(engine)() as session:
        if await session.scalar(select(func.count()).select_from(Agency)):
            raise SystemExit("the benchmark needs an empty scratch database")
        agency = await make_agency(session, now, review_batch_seconds=3600)
        unit = await make_unit(session, agency)
        head = await make_employee(session, agency, unit, 0, now, telegram_user_id=USER_BASE - 1)
        for i in range(1, users + 1):
            await make_employee(
                session, agency, unit, i, now, supervisor=head, telegram_user_id=USER_BASE + i
            )
        await session.commit()
    await engine.dispose()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def _replies(api: LocalBotAPI, after: int) -> list[Call]:
    return [c for c in api.calls[after:] if c.method in REPLY_METHODS]


async def _wait_replies(
    api: LocalBotAPI, pushed: list[tuple[int, float]], after: int, limit_s: float = 300
) -> list[float]:
    """Latency of the first reply to each pushed message (per chat, in push order)."""
    waiting: dict[int, list[float]] = {}
    for chat, at in pushed:
        waiting.setdefault(chat, []).append(at)
    latencies: list[float] = []
    deadline = time.monotonic() + limit_s
    index = after
    while len(latencies) < len(pushed) and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
        for call in api.calls[index:]:
            if call.method in REPLY_METHODS and waiting.get(call.chat_id or 0):
                latencies.append(call.at - waiting[call.chat_id or 0].pop(0))
        index = len(api.calls)
    return latencies


async def _burst(api: LocalBotAPI, users: int, count: int, text: str) -> float:
    mark = len(api.calls)
    pushed = []
    start = time.monotonic()
    for i in range(count):
        chat = USER_BASE + 1 + i % users
        pushed.append((chat, time.monotonic()))
        api.push_text(chat, text)
    latencies = await _wait_replies(api, pushed, mark)
    if len(latencies) < count:
        raise RuntimeError(f"burst: only {len(latencies)} of {count} replies arrived")
    last = max(c.at for c in _replies(api, mark))
    return count / (last - start)


async def _paced(
    api: LocalBotAPI, pid: int, users: int, count: int, rate: float, text: str
) -> tuple[float, float, int, float]:
    mark = len(api.calls)
    cpu_before = _cpu_seconds(pid)
    pushed = []
    start = time.monotonic()
    for i in range(count):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        chat = USER_BASE + 1 + i % users
        pushed.append((chat, time.monotonic()))
        api.push_text(chat, text)
    latencies = await _wait_replies(api, pushed, mark, limit_s=60)
    cpu = _cpu_seconds(pid) - cpu_before
    return (
        _percentile(latencies, 50) * 1000,
        _percentile(latencies, 95) * 1000,
        count - len(latencies),
        cpu / count * 1000,
    )


def _button(call: Call, label: str) -> str:
    markup = call.params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []) if isinstance(markup, dict) else []:
        for button in row:
            if label in str(button.get("text")):
                return str(button["callback_data"])
    raise RuntimeError(f"no {label!r} button in {call.text[:80]!r}")


async def _write_path(api: LocalBotAPI, users: int) -> float:
    """Every person: quick /lapor → card → Kirim. Returns updates per second."""
    mark = len(api.calls)
    start = time.monotonic()
    chats = [USER_BASE + i for i in range(1, users + 1)]
    for chat in chats:
        api.push_text(chat, "/lapor 08.00-10.30 Menyusun laporan kinerja bulanan")
    cards: dict[int, Call] = {}
    while len(cards) < users and time.monotonic() - start < 300:
        await asyncio.sleep(0.005)
        for call in _replies(api, mark):
            if call.chat_id in chats and "Kirim" in str(call.params.get("reply_markup")):
                cards.setdefault(call.chat_id or 0, call)
    second = len(api.calls)
    for chat, card in cards.items():
        message = {
            "message_id": card.result["message_id"],
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "text": card.text,
        }
        api.push_callback(chat, _button(card, "Kirim"), message)
    done: set[int] = set()
    while len(done) < users and time.monotonic() - start < 300:
        await asyncio.sleep(0.005)
        done |= {c.chat_id or 0 for c in _replies(api, second) if "terkirim" in c.text}
    if len(done) < users:
        raise RuntimeError(f"write path: only {len(done)} of {users} reports were confirmed")
    last = max(c.at for c in _replies(api, second) if "terkirim" in c.text)
    return 2 * users / (last - start)


async def _start(
    argv: list[str], env: dict[str, str], api: LocalBotAPI
) -> asyncio.subprocess.Process:
    mark = len(api.calls)
    proc = await asyncio.create_subprocess_exec(
        *argv, env=env, stdout=sys.stderr, stderr=sys.stderr
    )
    await api.wait_for(lambda c: c.method == "getUpdates", timeout=120, after=mark)
    return proc


async def _stop(proc: asyncio.subprocess.Process) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        await asyncio.wait_for(proc.wait(), 20)
    except TimeoutError:
        proc.kill()


async def _run_bot(
    name: str, argv: list[str], env: dict[str, str], args: argparse.Namespace, api: LocalBotAPI
) -> Result:
    text = "/help" if name == "kinerja" else "halo"
    mark = len(api.calls)
    proc = await _start(argv, env, api)
    result = Result(name)
    try:
        await _burst(api, args.users, args.users, text)  # warm-up: imports, caches, pools
        result.burst_rate = await _burst(api, args.users, args.burst, text)
        replies = _replies(api, mark)
        result.reply = str(replies[-1].params.get("text", "")) if replies else ""
        p50, p95, missing, cpu = await _paced(
            api, proc.pid, args.users, args.paced, args.rate, text
        )
        result.paced_p50, result.paced_p95, result.unanswered = p50, p95, missing
        result.cpu_per_update_ms = cpu
        if name == "kinerja":
            try:
                result.write_rate = await _write_path(api, args.users)
            except RuntimeError as exc:
                print(f"write path failed: {exc}", file=sys.stderr)
        result.peak_rss_mib = _peak_rss_mib(proc.pid)
    finally:
        await _stop(proc)
    return result


def _report(args: argparse.Namespace, database_url: str, floor: Result, real: Result) -> None:
    print(
        f"users={args.users} burst={args.burst} paced={args.paced}@{args.rate}/s "
        f"db={database_url.split(':')[0]}"
    )
    print(f"{'':<22}{'echo':>12}{'kinerja':>12}{'ratio':>10}")
    rows = [
        ("burst updates/s", floor.burst_rate, real.burst_rate, real.burst_rate / floor.burst_rate),
        ("paced p50 ms", floor.paced_p50, real.paced_p50, real.paced_p50 / floor.paced_p50),
        ("paced p95 ms", floor.paced_p95, real.paced_p95, real.paced_p95 / floor.paced_p95),
        ("unanswered", floor.unanswered, real.unanswered, float("nan")),
        (
            "CPU ms/update",
            floor.cpu_per_update_ms,
            real.cpu_per_update_ms,
            real.cpu_per_update_ms / floor.cpu_per_update_ms,
        ),
        (
            "peak RSS MiB",
            floor.peak_rss_mib,
            real.peak_rss_mib,
            real.peak_rss_mib - floor.peak_rss_mib,
        ),
        (
            "write path upd/s",
            floor.burst_rate,
            real.write_rate,
            real.write_rate / floor.burst_rate,
        ),
    ]
    for label, a, b, ratio in rows:
        suffix = " MiB" if label.startswith("peak") else "x"
        print(f"{label:<22}{a:>12.1f}{b:>12.1f}{ratio:>9.2f}{suffix}")


def _report_same_reply(floor: Result, same: Result, real: Result) -> None:
    """Where the gap is: sending the long reply (echo+reply vs echo), the bot's own work
    (kinerja vs echo+reply)."""
    print(f"\necho+reply: the echo bot answering with kinerja's {len(same.reply)}-character reply")
    print(f"{'':<22}{'echo+reply':>12}{'vs echo':>10}{'kinerja vs it':>15}")
    for label, attr in (
        ("burst updates/s", "burst_rate"),
        ("paced p95 ms", "paced_p95"),
        ("CPU ms/update", "cpu_per_update_ms"),
    ):
        value = getattr(same, attr)
        ratio_floor = value / getattr(floor, attr)
        ratio_real = getattr(real, attr) / value
        print(f"{label:<22}{value:>12.1f}{ratio_floor:>9.2f}x{ratio_real:>14.2f}x")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--paced", type=int, default=750)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--only", choices=["echo", "kinerja"], default=None)
    parser.add_argument("--profile", default="", help="py-spy flame graph of the kinerja bot")
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
        "PYTHONPATH": os.getcwd(),
    }
    bots = {
        "echo": [sys.executable, str(Path(__file__).with_name("echo_bot.py"))],
        "kinerja": [sys.executable, "-m", "bot", "run"],
    }
    if args.profile:  # py-spy (pip install py-spy) samples the bot; its pid is the bot's parent
        spy = [str(Path(sys.executable).with_name("py-spy")), "record", "-r", "100", "--gil"]
        bots["kinerja"] = [*spy, "-o", args.profile, "-f", "raw", "--", *bots["kinerja"]]
    results: dict[str, Result] = {}
    try:
        for name, argv in bots.items():
            if args.only in (None, name):
                results[name] = await _run_bot(name, argv, env, args, api)
        if len(results) == 2 and results["kinerja"].reply:
            same = {**env, "ECHO_REPLY": results["kinerja"].reply}
            results["echo+reply"] = await _run_bot("echo+reply", bots["echo"], same, args, api)
    finally:
        await api.stop()
    if len(results) == 3:
        _report(args, database_url, results["echo"], results["kinerja"])
        _report_same_reply(results["echo"], results["echo+reply"], results["kinerja"])
    else:
        print(results)


if __name__ == "__main__":
    asyncio.run(main())
