"""Engine and session factory. Nothing is created at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import registry
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

registry.register("sqlite.aiosqlite_onehop", "models.sqlite_onehop", "OneHopDialect")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create an engine; for SQLite, make the folder, enforce foreign keys and use WAL, with
    one thread round trip per statement (models/sqlite_onehop.py). Statement parameters are
    never shown in errors or logs: they hold names, NIPs and file ids."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs = {k: v for k, v in kwargs.items() if not k.startswith(("pool_", "max_"))}
        if parsed.get_driver_name() == "aiosqlite":
            parsed = parsed.set(drivername="sqlite+aiosqlite_onehop")
        engine = create_async_engine(
            parsed, connect_args={"timeout": 30}, hide_parameters=True, **kwargs
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
