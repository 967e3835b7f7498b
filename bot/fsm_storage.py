"""aiogram FSM storage in the database (table `fsm_state`): dialogs survive a restart.

Inside an update the storage works through that update's own session (`bind`): the row is read
once, changes are kept in memory and written by `flush` before the person's lock is released,
so an update never needs a second connection and never reads its state twice. Outside an update
(tests, tools) each call uses a short session of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy import Executable, Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import FsmState
from services.clock import Clock, system_clock


@dataclass
class _Entry:
    state: str | None
    data: dict[str, Any]
    dirty: bool = False


@dataclass
class UpdateScope:
    """The FSM rows one update has read or changed, and the session they go through."""

    session: AsyncSession
    entries: dict[str, _Entry] = field(default_factory=dict)


@functools.cache
def _upsert_statement(dialect: str) -> Executable:
    """INSERT … ON CONFLICT (key) DO UPDATE, built once per dialect (building it per dialog
    write cost more than running it)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = cast(Table, FsmState.__table__)
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={name: statement.excluded[name] for name in ("state", "data", "updated_at")},
    )


_scope: ContextVar[UpdateScope | None] = ContextVar("fsm_update_scope", default=None)


class SqlStorage(BaseStorage):
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], clock: Clock = system_clock
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._keys = DefaultKeyBuilder(with_destiny=True)

    @contextmanager
    def bind(self, session: AsyncSession) -> Iterator[UpdateScope]:
        """Route this task's storage calls through `session` until the block ends."""
        scope = UpdateScope(session)
        token = _scope.set(scope)
        try:
            yield scope
        finally:
            _scope.reset(token)

    def key_of(self, key: StorageKey) -> str:
        return self._keys.build(key)

    @staticmethod
    def prime(scope: UpdateScope, key: str, state: str | None, data: dict[str, Any] | None) -> None:
        """Seed the update's cache with a row read together with something else."""
        scope.entries[key] = _Entry(state, dict(data or {}))

    async def flush(self, scope: UpdateScope) -> None:
        """Write what the update changed, in its session, and commit."""
        dirty = {key: entry for key, entry in scope.entries.items() if entry.dirty}
        if not dirty:
            return
        for key, entry in dirty.items():
            await self._upsert(scope.session, key, entry.state, entry.data)
            entry.dirty = False
        await scope.session.commit()

    async def _upsert(
        self, session: AsyncSession, key: str, state: str | None, data: dict[str, Any]
    ) -> None:
        row = {"key": key, "state": state, "data": data, "updated_at": self._clock()}
        await session.execute(_upsert_statement(session.get_bind().dialect.name), row)

    async def _read(self, session: AsyncSession, key: str) -> _Entry:
        found = (
            await session.execute(select(FsmState.state, FsmState.data).where(FsmState.key == key))
        ).first()
        return _Entry(found.state, dict(found.data or {})) if found else _Entry(None, {})

    async def _entry(self, key: StorageKey) -> tuple[_Entry, UpdateScope | None]:
        built = self._keys.build(key)
        scope = _scope.get()
        if scope is None:
            async with self._session_factory() as session:
                return await self._read(session, built), None
        if built not in scope.entries:
            scope.entries[built] = await self._read(scope.session, built)
        return scope.entries[built], scope

    async def _change(self, key: StorageKey, **values: Any) -> None:
        entry, scope = await self._entry(key)
        entry.state = values.get("state", entry.state)
        entry.data = values.get("data", entry.data)
        if scope is not None:
            entry.dirty = True
            return
        async with self._session_factory() as session:
            await self._upsert(session, self._keys.build(key), entry.state, entry.data)
            await session.commit()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._change(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        entry, _scope_used = await self._entry(key)
        return entry.state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._change(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        entry, _scope_used = await self._entry(key)
        return dict(entry.data)

    async def close(self) -> None:
        return None
