"""Migrations run up, down and up again on both backends, and match the models exactly."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

import models
from bot.migrate import downgrade, upgrade
from models.db import create_engine


def _inspect(connection: Connection) -> tuple[set[str], list[Any]]:
    tables = set(inspect(connection).get_table_names())
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return tables, compare_metadata(context, models.Base.metadata)


async def _schema(url: str) -> tuple[set[str], list[Any]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_inspect)
    finally:
        await engine.dispose()


MODEL_TABLES = set(models.Base.metadata.tables)


async def test_upgrade_downgrade_upgrade_and_schema_matches_models(fresh_url: str) -> None:
    await asyncio.to_thread(upgrade, fresh_url, "head")
    tables, diffs = await _schema(fresh_url)
    assert tables == MODEL_TABLES | {"alembic_version"}
    assert diffs == []

    await asyncio.to_thread(downgrade, fresh_url, "base")
    tables, _ = await _schema(fresh_url)
    assert tables == {"alembic_version"}

    await asyncio.to_thread(upgrade, fresh_url, "head")
    tables, diffs = await _schema(fresh_url)
    assert tables == MODEL_TABLES | {"alembic_version"}
    assert diffs == []


async def test_upgrade_to_head_twice_is_a_no_op(fresh_url: str) -> None:
    await asyncio.to_thread(upgrade, fresh_url, "head")
    await asyncio.to_thread(upgrade, fresh_url, "head")
    tables, diffs = await _schema(fresh_url)
    assert tables == MODEL_TABLES | {"alembic_version"}
    assert diffs == []


def test_compare_detects_a_schema_that_differs_from_the_models(tmp_path: Path) -> None:
    """Guard: the comparison above would notice a missing table (so it can fail)."""

    async def run() -> list[Any]:
        url = f"sqlite+aiosqlite:///{tmp_path / 'partial.db'}"
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(
                    lambda c: models.Base.metadata.create_all(
                        c, tables=[models.Base.metadata.tables["agency"]]
                    )
                )
            return (await _schema(url))[1]
        finally:
            await engine.dispose()

    diffs = asyncio.run(run())
    added = {d[1].name for d in diffs if isinstance(d, tuple) and d[0] == "add_table"}
    assert added == MODEL_TABLES - {"agency"}
