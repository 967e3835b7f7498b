"""Is the database at this version's migration? Checked whenever a verb opens the database,
so an operator who updated the code but not the schema reads one line, not a traceback.

Without Alembic (the CLI stays light): the newest migration is the highest numbered file in
migrations/versions (revisions are "0001", "0002", … in one line), the database's is in
`alembic_version`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import ConfigError

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def newest_revision() -> str:
    return max(p.name.split("_", 1)[0] for p in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


async def database_revision(engine: AsyncEngine) -> str | None:
    """The database's migration, or None when it has none (empty, or not ours)."""
    async with engine.connect() as connection:
        try:
            found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        except DBAPIError:  # no such table
            return None
    return str(found) if found is not None else None


async def require_current(engine: AsyncEngine) -> None:
    """ConfigError unless the database is at exactly this version's newest migration."""
    needed, found = newest_revision(), await database_revision(engine)
    if found == needed:
        return
    if found is None:
        raise ConfigError("the database has no tables yet: run `python -m bot migrate` first")
    if found < needed:
        raise ConfigError(
            f"the database is at migration {found}, this version needs {needed}: "
            "run `python -m bot migrate` first"
        )
    raise ConfigError(
        f"the database is at migration {found}, newer than this version ({needed}): "
        "update the bot's code"
    )
