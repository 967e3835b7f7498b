"""Is the database at this version's migration? Checked whenever a verb opens the database,
so an operator who updated the code but not the schema reads one line, not a traceback.

Without Alembic (the CLI stays light): the newest migration is the highest numbered file in
migrations/versions (revisions are "0001", "0002", … in one line), the database's is in
`alembic_version`. A database *newer* than the code (a rollback of the code after an additive
migration, an old instance restarting mid-deploy) is allowed with a warning.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import ConfigError

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
logger = logging.getLogger(__name__)


def newest_revision() -> str | None:
    """None when the migration files are not shipped with this copy (nothing to compare)."""
    names = (p.name.split("_", 1)[0] for p in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    return max(names, default=None)


async def database_revision(engine: AsyncEngine) -> str | None:
    """The database's migration, or None when it has none (empty, or not ours)."""
    async with engine.connect() as connection:
        if not await connection.run_sync(lambda c: inspect(c).has_table("alembic_version")):
            return None
        found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    return str(found) if found is not None else None


async def require_current(engine: AsyncEngine) -> None:
    """ConfigError when the database is behind this version's newest migration."""
    needed = newest_revision()
    if needed is None:
        return
    found = await database_revision(engine)
    if found is None:
        raise ConfigError("the database has no tables yet: run `python -m bot migrate` first")
    if found < needed:
        raise ConfigError(
            f"the database is at migration {found}, this version needs {needed}: "
            "run `python -m bot migrate` first"
        )
    if found > needed:
        logger.warning(
            "the database is at migration %s, newer than this version (%s): update the code",
            found,
            needed,
        )
