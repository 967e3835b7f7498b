"""Shared fixtures: every DB test runs on SQLite and on PostgreSQL (127.0.0.1:5432).

Without a reachable PostgreSQL server the PostgreSQL variants are skipped with the reason,
except under CI=true, where they fail. The schema is built by the real Alembic migrations.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import models
from bot.migrate import upgrade
from models.db import create_engine, create_session_factory

PG_HOST = os.environ.get("TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("TEST_PG_USER", "postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS = "redis://127.0.0.1:6379/0"


class FrozenClock:
    """A movable clock for services: `clock()` returns now; `advance` moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # Monday 09:00 WIB


async def _pg_admin() -> asyncpg.Connection:
    return await asyncpg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres", timeout=5
    )


async def create_pg_database() -> str:
    """Create a throw-away database and return its SQLAlchemy URL (or skip/fail)."""
    try:
        conn = await _pg_admin()
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        reason = f"PostgreSQL at {PG_HOST}:{PG_PORT} is not reachable: {exc!r}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"kinerja_test_{uuid.uuid4().hex[:12]}"
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


async def drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    conn = await _pg_admin()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("db")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run a test marked `sqlite_only` (a handler test that only renders: no locking, no
    concurrency, no SQL the backends treat differently) on SQLite alone; every other test
    that uses the database runs on both backends."""
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_pg = callspec is not None and callspec.params.get("database_url") == "postgresql"
        (dropped if on_pg and item.get_closest_marker("sqlite_only") else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_root: Path) -> AsyncIterator[str]:
    """A migrated database on each backend, shared by the tests of that backend."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_root / 'test.db'}"
        await asyncio.to_thread(upgrade, url)
        yield url
        return
    url = await create_pg_database()
    try:
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await drop_pg_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
async def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of its own (not the shared, already migrated test database)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
        return
    url = await create_pg_database()
    try:
        yield url
    finally:
        await drop_pg_database(url)


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A clean database for each test: every table emptied, children first."""
    async with engine.begin() as conn:
        for table in reversed(models.Base.metadata.sorted_tables):
            await conn.execute(delete(table))
    return create_session_factory(engine)


@pytest.fixture
async def session(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with session_factory() as session:
        yield session


@pytest.fixture
def backend(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


@pytest.fixture
async def redis_url() -> str:
    """The local Redis (a failure under CI=true, skipped elsewhere when it is not running)."""
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS)
    try:
        await client.ping()
    except Exception as exc:
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS} under CI=true: {exc}")
        pytest.skip(f"Redis is not reachable at {REDIS}: {exc}")
    finally:
        await client.aclose()
    return REDIS
