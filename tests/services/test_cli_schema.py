"""A verb run against a database that is not at this version's migration stops with one line
that says what to do (and touches nothing), on both backends."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect, text

from bot.migrate import upgrade
from bot.schema import newest_revision
from models.db import create_engine

ROOT = Path(__file__).resolve().parents[2]


def bot(url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "BOT_TOKEN": "1:x", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


async def agencies(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(text("SELECT count(*) FROM agency")) or 0)
    finally:
        await engine.dispose()


async def test_an_empty_database_asks_for_migrate_and_stays_empty(fresh_url: str) -> None:
    done = await asyncio.to_thread(bot, fresh_url, "holidays", "list")

    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: the database has no tables yet: run `python -m bot migrate` first"
    )
    assert "Traceback" not in done.stderr
    assert await tables(fresh_url) == set()


async def test_an_older_schema_names_both_migrations_and_changes_nothing(fresh_url: str) -> None:
    newest = newest_revision()
    older = f"{int(newest) - 1:04d}"
    await asyncio.to_thread(upgrade, fresh_url, older)

    done = await asyncio.to_thread(bot, fresh_url, "unreachable")

    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: the database is at migration {older}, this version needs {newest}: "
        "run `python -m bot migrate` first"
    )
    assert await agencies(fresh_url) == 0  # the verb did not start: no agency made

    assert (await asyncio.to_thread(bot, fresh_url, "migrate")).returncode == 0
    after = await asyncio.to_thread(bot, fresh_url, "unreachable")
    assert after.returncode == 0, after.stderr


async def test_a_newer_schema_runs_with_a_warning(fresh_url: str) -> None:
    # A rollback of the code after an additive migration must not lock the operator out.
    await asyncio.to_thread(upgrade, fresh_url)
    engine = create_engine(fresh_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        await engine.dispose()

    done = await asyncio.to_thread(bot, fresh_url, "status")

    assert done.returncode == 0, done.stderr
    assert "Status bot" in done.stdout
    assert "is at migration 9999, newer than this version" in done.stderr
