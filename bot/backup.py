"""`python -m bot backup FILE` / `restore FILE`: a consistent copy of a SQLite database taken
with SQLite's online backup API (safe while the bot runs), and the copy put back. PostgreSQL
is backed up with its own tool (pg_dump); these verbs say so and exit non-zero. No aiogram."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            "this database is not SQLite; back up PostgreSQL with pg_dump, e.g. "
            "pg_dump --format=custom --file=kinerja.dump "
            f"'{url.set(drivername='postgresql').render_as_string(hide_password=True)}' "
            "and restore with pg_restore --clean --dbname=... kinerja.dump"
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup(database_url: str, target: Path) -> Path:
    """Write a consistent copy of the database to `target` (which must not exist)."""
    source = sqlite_path(database_url)
    if not source.is_file():
        raise BackupError(f"no database file at {source}")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return target


def restore(database_url: str, backup_file: Path) -> Path:
    """Replace the database's contents with the backup's (stop the bot first)."""
    target = sqlite_path(database_url)
    if not backup_file.is_file():
        raise BackupError(f"no such file: {backup_file}")
    check = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(f"{backup_file} is not a sound SQLite database")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup_file} is not a SQLite database") from exc
    finally:
        check.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup_file, target)
    return target
