"""CPU per update without HTTP: the real Dispatcher fed `/help` in this process, against a bare
aiogram echo Dispatcher fed the same updates (same process, same run). For profiling:

    py-spy record -o prof.json -f speedscope -- .venv/bin/python -m bench.inprocess --count 3000

Usage: `python -m bench.inprocess [--count 2000] [--users 100] [--text /help] [--write]
[--database-url URL]` (a given URL must point at an empty scratch database).

`--write`: the write path instead, each of `--users` people once: a quick `/lapor` to its card,
then "Kirim" on it (two updates per report, CPU per update; the echo bot gets as many `/help`).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.types import Message, Update

from bench.updates import USER_BASE, _seed
from bot.app import build_dispatcher
from bot.config import Settings
from bot.i18n import build_i18n
from models.db import create_engine, create_session_factory
from tests.fakes.bot_session import BOT_TOKEN, BOT_USERNAME, FakeSession, make_bot
from tests.fakes.updates import callback, text_message

QUICK_REPORT = "/lapor 08.00-10.30 Menyusun laporan kinerja bulanan"


def _echo() -> Dispatcher:
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    return dp


async def _feed(
    dp: Dispatcher, bot: Bot, updates: Callable[[int], Update], count: int
) -> tuple[float, float]:
    """(CPU ms per update, wall ms per update), updates fed one after the other."""
    for i in range(min(count, 200)):  # warm-up: caches, pools, first compiles
        await dp.feed_update(bot, updates(i))
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(count):
        await dp.feed_update(bot, updates(i))
    return (
        (time.process_time() - cpu) / count * 1000,
        (time.perf_counter() - wall) / count * 1000,
    )


def _kirim(message: Message) -> str:
    """The callback data of the card's "Kirim" button."""
    assert message.reply_markup is not None
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            if "Kirim" in button.text and button.callback_data:
                return button.callback_data
    raise RuntimeError(f"no Kirim button under {message.text!r}")


async def _feed_reports(dp: Dispatcher, bot: Bot, fake: FakeSession, users: int) -> float:
    """CPU ms per update of quick /lapor + Kirim, each person once."""
    cpu = time.process_time()
    for person in range(users):
        chat = USER_BASE + 1 + person
        await dp.feed_update(bot, text_message(chat, QUICK_REPORT))
        card = fake.sent[-1]
        await dp.feed_update(bot, callback(chat, _kirim(card), card))
    return (time.process_time() - cpu) / (2 * users) * 1000


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--text", default="/help")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--only", choices=["echo", "kinerja"], default=None)
    parser.add_argument("--write", action="store_true", help="quick /lapor + Kirim per person")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-inprocess-"))
    database_url = args.database_url or f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    await _seed(database_url, args.users)
    engine = create_engine(database_url)
    factory = create_session_factory(engine)
    settings = Settings(bot_token=BOT_TOKEN, database_url=database_url, _env_file=None)  # type: ignore[call-arg]

    def updates(i: int) -> Update:
        return text_message(USER_BASE + 1 + i % args.users, args.text)

    results: dict[str, tuple[float, float]] = {}
    if args.only in (None, "echo"):
        results["echo"] = await _feed(_echo(), make_bot(FakeSession()), updates, args.count)
    if args.only in (None, "kinerja"):
        dp = build_dispatcher(settings, factory, build_i18n("id"), BOT_USERNAME)
        if args.write:
            fake = FakeSession()
            cpu = await _feed_reports(dp, make_bot(fake), fake, args.users)
            results["kinerja"] = (cpu, cpu)
        else:
            results["kinerja"] = await _feed(dp, make_bot(FakeSession()), updates, args.count)
    await engine.dispose()

    print(f"{args.count} x {args.text!r}, db={database_url.split(':')[0]}")
    for name, (cpu, wall) in results.items():
        print(f"{name:<10} CPU {cpu:6.2f} ms/update   wall {wall:6.2f} ms/update")
    if len(results) == 2:
        print(f"ratio      CPU {results['kinerja'][0] / results['echo'][0]:.1f}x")


if __name__ == "__main__":
    asyncio.run(main())
