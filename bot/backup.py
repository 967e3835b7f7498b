"""`python -m bot backup FILE` / `restore FILE`: a consistent copy of a SQLite database taken
with SQLite's online backup API (safe while the bot runs), and the copy put back. PostgreSQL
is backed up with its own tool (pg_dump); these verbs say so and exit non-zero. No aiogram."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from handlers.gettext import gettext as _


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        address = url.set(drivername="postgresql").render_as_string(hide_password=True)
        raise BackupError(
            _(
                "this database is not SQLite; back up PostgreSQL with pg_dump, e.g. "
                "pg_dump --format=custom --file=kinerja.dump '{address}' "
                "and restore with pg_restore --clean --dbname=... kinerja.dump"
            ).format(address=address)
        )
    if not url.database or url.database == ":memory:":
        raise BackupError(_("an in-memory SQLite database cannot be backed up"))
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
        raise BackupError(_("no database file at {path}").format(path=source))
    if target.exists():
        raise BackupError(_("{path} already exists; choose a new file name").format(path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return target


def restore(database_url: str, backup_file: Path) -> Path:
    """Replace the database's contents with the backup's (stop the bot first)."""
    target = sqlite_path(database_url)
    if not backup_file.is_file():
        raise BackupError(_("no such file: {path}").format(path=backup_file))
    check = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(_("{path} is not a sound SQLite database").format(path=backup_file))
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("{path} is not a SQLite database").format(path=backup_file)) from exc
    finally:
        check.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup_file, target)
    return target
