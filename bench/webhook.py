"""Paced load against webhook front ends on PostgreSQL + Redis, with an echo bot as the floor.

Three setups, one after the other, in one run (issue #15):
- **echo**: `bench/echo_bot.py webhook`, a bare aiogram webhook bot (`SimpleRequestHandler`, one
  handler answering with sendMessage; no DB, no Redis);
- **kinerja ×1** and **kinerja ×2**: one or two `python -m bot webhook` processes sharing the
  database and Redis (`REDIS_URL`: FSM, event isolation, update-id de-duplication).

The local Bot API server (bot/local_api) delivers each pushed update to the front ends' URLs in
turn (round-robin, as a load balancer) and records every answer. For each setup and rate
(default 50 / 200 / 500 updates/s for `--seconds` each) the driver pushes updates at a fixed
pace (open loop: it does not wait for answers) and reports p50/p95 latency from push to the
first sendMessage/editMessageText in that chat, updates left unanswered `--drain` seconds after
the last push, answered updates per second, and CPU ms per update of the bot processes.

The mix: linked employees (1 000 by default) take turns; each one's actions cycle through
`/help`, `/lapor HH.MM-HH.MM Rapat koordinasi …` (a new 10-minute slot each time, so nothing
overlaps) and pressing "Kirim" on the card it got (→ "✅ Laporan terkirim."). The echo floor
gets the same sequence as plain text messages (it has no buttons to press).

Usage: `python -m bench.webhook [--rates 50,200,500] [--seconds 6] [--users 1000]
[--database-url URL] [--redis-url URL]`. Without a URL a scratch PostgreSQL database is created
(and dropped) on the server the tests use; a given URL must point at an empty database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.processes import BENCH_TOKEN, Child, cpu_seconds, free_port, percentile
from bot.local_api import Call, LocalBotAPI
from bot.migrate import upgrade
from models.db import create_engine, create_session_factory
from tests.conftest import REDIS, create_pg_database, drop_pg_database
from tests.factories import make_agency, make_employee, make_unit

SECRET = "bench-webhook_Secret-15"
REPLY_METHODS = ("sendMessage", "editMessageText")
APOLOGY = "Kode rujukan:"  # bot/errors.py, in Indonesian: an unexpected error's reply
FIRST_SLOT_MINUTES = 7 * 60  # 07.00-07.10, 07.10-07.20, … (never overlapping)


@dataclass
class Sample:
    setup: str
    rate: float
    pushed: int = 0
    latencies: list[float] = field(default_factory=list)
    unanswered: int = 0
    answered_per_second: float = 0.0
    cpu_ms_per_update: float = 0.0
    refused_deliveries: int = 0
    # What was pushed (help, lapor, kirim, or help instead of kirim when no card had come) and
    # how many reports were confirmed ("Laporan terkirim").
    kinds: Counter[str] = field(default_factory=Counter)
    confirmed: int = 0
    # Answers that were the bot's apology for an unexpected error (counted as answered).
    apologies: int = 0

    def p(self, q: int) -> float:
        return percentile(self.latencies, q) * 1000 if self.latencies else float("nan")


class People:
    """Whose turn it is and what each person does next; survives across setups."""

    def __init__(self, first_user: int, count: int) -> None:
        self.users = [first_user + i for i in range(count)]
        self.turn = 0
        # Staggered, so any run of consecutive pushes is a third of each action.
        self.step: dict[int, int] = {user: i % 3 for i, user in enumerate(self.users)}
        self.reports: dict[int, int] = dict.fromkeys(self.users, 0)

    def next_user(self) -> int:
        user = self.users[self.turn % len(self.users)]
        self.turn += 1
        return user

    def report_text(self, user: int) -> str:
        start = FIRST_SLOT_MINUTES + 10 * self.reports[user]
        self.reports[user] += 1
        end = start + 10
        span = f"{start // 60:02d}.{start % 60:02d}-{end // 60:02d}.{end % 60:02d}"
        return f"/lapor {span} Rapat koordinasi evaluasi kinerja ke-{self.reports[user]}"


class Driver:
    """Pushes paced updates and matches each chat's answers to its pushes, oldest first."""

    def __init__(self, api: LocalBotAPI, people: People, buttons: bool) -> None:
        self.api = api
        self.people = people
        self.buttons = buttons
        self.pending: dict[int, deque[float]] = {}
        self.cards: dict[int, Call] = {}
        self.index = 0
        self.latencies: list[float] = []
        self.kinds: Counter[str] = Counter()
        self.confirmed = self.apologies = 0

    def _collect(self) -> None:
        calls = self.api.calls
        for call in calls[self.index :]:
            if call.method not in REPLY_METHODS or call.chat_id is None:
                continue
            waiting = self.pending.get(call.chat_id)
            if waiting:
                self.latencies.append(call.at - waiting.popleft())
            if "Laporan terkirim" in call.text:
                self.confirmed += 1
            if APOLOGY in call.text:
                self.apologies += 1
            if "Kirim" in str(call.params.get("reply_markup")) and call.result:
                self.cards[call.chat_id] = call
        self.index = len(calls)

    def _push(self, user: int) -> None:
        step = self.people.step[user] % 3
        self.people.step[user] += 1
        card = self.cards.pop(user, None) if step == 2 else None
        if step == 2 and card is not None and self.buttons:
            message = {
                "message_id": card.result["message_id"],
                "date": int(time.time()),
                "chat": {"id": user, "type": "private"},
                "text": card.text,
            }
            self.api.push_callback(user, _button(card, "Kirim"), message)
            self.kinds["kirim"] += 1
        elif step == 1:
            self.api.push_text(user, self.people.report_text(user))
            self.kinds["lapor"] += 1
        elif step == 2 and not self.buttons:
            self.api.push_text(user, "Kirim")
            self.kinds["kirim"] += 1
        else:  # step 0, or no card arrived (yet) to press: ask for help instead
            self.api.push_text(user, "/help")
            self.kinds["help" if step == 0 else "help instead of kirim"] += 1
        self.pending.setdefault(user, deque()).append(time.monotonic())

    async def run(self, setup: str, rate: float, seconds: float, drain: float) -> Sample:
        self._collect()
        self.pending.clear()
        self.latencies = []
        self.kinds = Counter()
        self.confirmed = self.apologies = 0
        count = max(1, round(rate * seconds))
        start = time.monotonic()
        for i in range(count):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
                self._collect()
            self._push(self.people.next_user())
        deadline = time.monotonic() + drain
        while any(self.pending.values()) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            self._collect()
        last = time.monotonic()
        unanswered = sum(len(q) for q in self.pending.values())
        return Sample(
            setup,
            rate,
            count,
            list(self.latencies),
            unanswered,
            (count - unanswered) / max(last - start, 1e-9),
            kinds=self.kinds,
            confirmed=self.confirmed,
            apologies=self.apologies,
        )


def _button(call: Call, label: str) -> str:
    markup = call.params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []) if isinstance(markup, dict) else []:
        for button in row:
            if label in str(button.get("text")):
                return str(button["callback_data"])
    raise RuntimeError(f"no {label!r} button in {call.text[:80]!r}")


async def _seed(database_url: str, first_user: int, users: int) -> None:
    await asyncio.to_thread(upgrade, database_url)
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    async with create_session_factory(engine)() as session:
        agency = await make_agency(session, now, review_batch_seconds=3600)
        unit = await make_unit(session, agency)
        head = await make_employee(session, agency, unit, 0, now, telegram_user_id=first_user - 1)
        for i in range(users):
            await make_employee(
                session, agency, unit, i + 1, now, supervisor=head, telegram_user_id=first_user + i
            )
        await session.commit()
    await engine.dispose()


async def _quiet(api: LocalBotAPI, seconds: float = 1.0, limit: float = 60.0) -> None:
    """Wait until the bot has made no call for `seconds`: the last rate's backlog is done."""
    deadline = time.monotonic() + limit
    seen = -1
    while len(api.calls) != seen and time.monotonic() < deadline:
        seen = len(api.calls)
        await asyncio.sleep(seconds)


async def _setup(
    name: str, fronts: int, args: argparse.Namespace, people: People, env: dict[str, str]
) -> list[Sample]:
    api = LocalBotAPI(BENCH_TOKEN, first_update_id=random.randrange(10**6, 10**9))
    await api.start()
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-webhook-{name}-"))
    children = []
    try:
        for index in range(fronts):
            port = free_port()
            url = f"http://127.0.0.1:{port}/webhook"
            argv = (
                [sys.executable, str(Path(__file__).with_name("echo_bot.py")), "webhook"]
                if name == "echo"
                else [sys.executable, "-m", "bot", "webhook"]
            )
            child_env = {
                **env,
                "TELEGRAM_API_URL": api.base_url,
                "WEBHOOK_URL": url,
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_PORT": str(port),
            }
            children.append(await Child.start(argv, child_env, workdir / f"{index}.log", url))
        deadline = time.monotonic() + 120
        while set(api.webhooks) != {c.url for c in children}:
            if time.monotonic() > deadline or any(c.exited for c in children):
                raise RuntimeError(f"{name}: no setWebhook; logs in {workdir}")
            await asyncio.sleep(0.1)
        driver = Driver(api, people, buttons=name != "echo")
        # Warm-up (imports, pools, caches) at 50/s; for the bot a whole round of the people, so
        # each one who is to press "Kirim" next has a card to press.
        await driver.run(name, 50, 2 if name == "echo" else len(people.users) / 50, args.drain)
        samples = []
        for rate in args.rates:
            await _quiet(api)
            cpu = sum(cpu_seconds(c.pid) for c in children)
            refused = sum(status != 200 for *_ignored, status in api.deliveries)
            sample = await driver.run(name, rate, args.seconds, args.drain)
            answered = max(1, sample.pushed - sample.unanswered)
            sample.cpu_ms_per_update = (
                (sum(cpu_seconds(c.pid) for c in children) - cpu) / answered * 1000
            )
            sample.refused_deliveries = (
                sum(status != 200 for *_ignored, status in api.deliveries) - refused
            )
            samples.append(sample)
            print(_row(sample), file=sys.stderr, flush=True)
        return samples
    finally:
        for child in children:
            await child.stop()
        await api.stop()
        if malformed := api.malformed():
            print(f"{name}: {len(malformed)} calls Telegram would refuse", file=sys.stderr)


def _row(s: Sample) -> str:
    return (
        f"{s.rate:>6.0f}  {s.setup:<11}{s.pushed:>7}{s.p(50):>10.1f}{s.p(95):>10.1f}"
        f"{s.unanswered:>11}{s.answered_per_second:>12.1f}{s.cpu_ms_per_update:>10.2f}"
        f"{s.refused_deliveries:>9}"
    )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b and b == b and a == a else "n/a"


def _report(args: argparse.Namespace, samples: list[Sample]) -> None:
    print(
        f"\nusers={args.users} seconds/rate={args.seconds:g} drain={args.drain:g}s "
        "db=postgresql redis=yes"
    )
    print(
        f"{'upd/s':>6}  {'setup':<11}{'pushed':>7}{'p50 ms':>10}{'p95 ms':>10}"
        f"{'unanswered':>11}{'answered/s':>12}{'CPU ms/u':>10}{'refused':>9}"
    )
    for sample in samples:
        print(_row(sample))
    print("\nmix pushed (confirmed reports, error apologies among the answers):")
    for s in samples:
        print(f"{s.rate:>6.0f}  {s.setup:<11}{dict(s.kinds)} ({s.confirmed}, {s.apologies})")
    by = {(s.setup, s.rate): s for s in samples}
    print(
        f"\n{'upd/s':>6}  {'answered/s 2fe/1fe':>19}{'p50 1fe/2fe':>12}{'p95 1fe/2fe':>12}", end=""
    )
    print(f"{'p50 1fe/echo':>13}{'p50 2fe/echo':>13}{'p95 1fe/echo':>13}{'p95 2fe/echo':>13}")
    for rate in args.rates:
        echo, one, two = (by.get((name, rate)) for name in ("echo", "kinerja×1", "kinerja×2"))
        if not (echo and one and two):
            continue
        print(
            f"{rate:>6.0f}  {_ratio(two.answered_per_second, one.answered_per_second):>19}"
            f"{_ratio(one.p(50), two.p(50)):>12}{_ratio(one.p(95), two.p(95)):>12}"
            f"{_ratio(one.p(50), echo.p(50)):>13}{_ratio(two.p(50), echo.p(50)):>13}"
            f"{_ratio(one.p(95), echo.p(95)):>13}{_ratio(two.p(95), echo.p(95)):>13}"
        )


async def run(args: argparse.Namespace, database_url: str) -> list[Sample]:
    first_user = random.randrange(10**8, 9 * 10**8)  # fresh chats: Redis keeps FSM state
    await _seed(database_url, first_user, args.users)
    people = People(first_user, args.users)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))},
        "BOT_TOKEN": BENCH_TOKEN,
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.getcwd(),
    }
    samples: list[Sample] = []
    for name, fronts in (("echo", 1), ("kinerja×1", 1), ("kinerja×2", 2)):
        if args.only in (None, name):
            samples += await _setup(name, fronts, args, people, env)
    return samples


def _parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rates", default="50,200,500", help="updates/s, comma-separated")
    parser.add_argument("--seconds", type=float, default=6.0, help="pushing time per rate")
    parser.add_argument("--drain", type=float, default=30.0, help="wait for answers after")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default=REDIS)
    parser.add_argument("--only", choices=["echo", "kinerja×1", "kinerja×2"], default=None)
    args = parser.parse_args(argv)
    args.rates = [float(r) for r in str(args.rates).split(",") if r.strip()]
    return args


async def main(argv: list[str] | None = None) -> list[Sample]:
    args = _parse(argv)
    if args.database_url:
        samples = await run(args, args.database_url)
    else:
        url = await create_pg_database()
        try:
            samples = await run(args, url)
        finally:
            await drop_pg_database(url)
    _report(args, samples)
    return samples


if __name__ == "__main__":
    asyncio.run(main())
