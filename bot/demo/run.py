"""`python -m bot demo`: a fresh demo database, the local Bot API server with its web chat,
and the real bot process (`python -m bot run`) pointed at it; prints one line with the URL.

Everything lives under ./data/: `demo.db` (recreated on every start, never the production
database), `demo-clock.json` (the time-travel offset) and `demo.log` (both processes' logs).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot import migrate as migrations
from bot.config import Settings
from bot.demo.agency import role_of
from bot.demo.seed import demo_agency, seed
from bot.demo.timetravel import TimeTravel
from bot.local_api import LocalBotAPI, Person
from bot.logging_setup import RedactingFormatter
from models.db import create_engine, create_session_factory

DEMO_TOKEN = "1000000001:demo-local-chat-token-not-a-secret"
DATA = Path("data")
START_SECONDS = 60.0

logger = logging.getLogger("bot.demo")


def _log_to(path: Path) -> None:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def _fresh(database: Path, clock_file: Path) -> None:
    for path in (database, database.with_name(database.name + "-wal"), clock_file):
        path.unlink(missing_ok=True)
    database.with_name(database.name + "-shm").unlink(missing_ok=True)


def bot_environment(database_url: str, api_url: str, clock_file: Path) -> dict[str, str]:
    """The child's settings: the demo's own database, token, server and clock."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    return {
        **keep,
        "BOT_TOKEN": DEMO_TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_API_URL": api_url,
        "CLOCK_FILE": str(clock_file),
        "TICK_SECONDS": "5",
        "PYTHONUNBUFFERED": "1",
    }


async def _until_polling(api: LocalBotAPI, child: asyncio.subprocess.Process) -> bool:
    try:
        async with asyncio.timeout(START_SECONDS):
            while child.returncode is None:
                if any(c.method == "getUpdates" for c in api.calls):
                    return True
                await asyncio.sleep(0.2)
    except TimeoutError:
        pass
    return False


def demo(settings: Settings, data: Path = DATA) -> int:
    """Prepare ./data (fresh demo database, migrated), then serve until Ctrl-C."""
    data.mkdir(parents=True, exist_ok=True)
    database, clock_file, log_path = data / "demo.db", data / "demo-clock.json", data / "demo.log"
    _log_to(log_path)
    _fresh(database, clock_file)
    url = f"sqlite+aiosqlite:///{database}"
    migrations.upgrade(url)
    return asyncio.run(_serve(settings, url, clock_file, log_path))


async def _serve(settings: Settings, url: str, clock_file: Path, log_path: Path) -> int:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    async with sessions() as session:
        await demo_agency(session, datetime.now(UTC))
    api = LocalBotAPI(DEMO_TOKEN, poll_seconds=10)
    api.time_travel = TimeTravel(clock_file, sessions)
    try:
        await api.start(port=settings.demo_port)
    except OSError as exc:
        await engine.dispose()
        print(
            f"error: cannot listen on 127.0.0.1:{settings.demo_port} ({exc.strerror}); "
            "set DEMO_PORT to a free port",
            file=sys.stderr,
        )
        return 1
    with log_path.open("ab") as log:
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=bot_environment(url, api.base_url, clock_file),
            stdout=log,
            stderr=log,
        )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        # The bot starts (imports, migration check, getMe) while the history is written.
        async with sessions() as session:
            users = await seed(session, datetime.now(UTC))
        api.people = [Person(user_id, p.name, role_of(p)) for user_id, p in users]
        if not await _until_polling(api, child):
            print(f"error: the bot did not start; see {log_path}", file=sys.stderr)
            return 1
        print(
            f"Demo ready: open {api.base_url}/ in a browser (no BOT_TOKEN set; "
            f"Ctrl-C stops; log: {log_path})",
            flush=True,
        )
        exited = asyncio.create_task(child.wait())
        waiting = asyncio.create_task(stop.wait())
        await asyncio.wait({exited, waiting}, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        if child.returncode is not None and not stop.is_set():
            print(f"error: the bot stopped; see {log_path}", file=sys.stderr)
            return 1
        return 0
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGINT)
            try:
                async with asyncio.timeout(15):
                    await child.wait()
            except TimeoutError:
                child.kill()
                await child.wait()
        with contextlib.suppress(Exception):
            await api.stop()
        await engine.dispose()
