"""aiogram FSM storage in the database (table `fsm_state`): dialogs survive a restart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import FsmState
from services.clock import Clock, system_clock


class SqlStorage(BaseStorage):
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], clock: Clock = system_clock
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._keys = DefaultKeyBuilder(with_destiny=True)

    async def _upsert(self, key: StorageKey, **values: Any) -> None:
        async with self._session_factory() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            row = {"key": self._keys.build(key), "updated_at": self._clock(), **values}
            defaults: dict[str, Any] = {"state": None, "data": {}}
            await session.execute(
                insert(FsmState)
                .values(**(defaults | row))
                .on_conflict_do_update(index_elements=["key"], set_=row)
            )
            await session.commit()

    async def _row(self, key: StorageKey) -> FsmState | None:
        async with self._session_factory() as session:
            return await session.scalar(
                select(FsmState).where(FsmState.key == self._keys.build(key))
            )

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._upsert(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._row(key)
        return row.state if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._upsert(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._row(key)
        return dict(row.data) if row and row.data else {}

    async def close(self) -> None:
        return None
