"""Backup and restore of a SQLite database: back up, change data, restore, the data is back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot import backup
from bot.__main__ import main
from handlers import gettext as shared_texts


@pytest.fixture(autouse=True)
def english_messages() -> None:
    """The messages in their English source form: a CLI test elsewhere in this worker may have
    installed the Indonesian catalogs process-wide."""
    shared_texts.use(str)


def _db(path: Path) -> str:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (v TEXT)")
    con.execute("INSERT INTO t VALUES ('before')")
    con.commit()
    con.close()
    return f"sqlite+aiosqlite:///{path}"


def _values(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [row[0] for row in con.execute("SELECT v FROM t ORDER BY v")]
    finally:
        con.close()


def test_backup_change_restore(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    url = _db(live)
    copy = backup.backup(url, tmp_path / "bak" / "copy.db")
    con = sqlite3.connect(live)
    con.execute("UPDATE t SET v = 'after'")
    con.execute("INSERT INTO t VALUES ('extra')")
    con.commit()
    con.close()
    assert _values(live) == ["after", "extra"]
    backup.restore(url, copy)
    assert _values(live) == ["before"]


def test_backup_refuses_existing_target_and_postgres(tmp_path: Path) -> None:
    url = _db(tmp_path / "live.db")
    existing = tmp_path / "x.db"
    existing.write_bytes(b"keep")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup(url, existing)
    assert existing.read_bytes() == b"keep"
    with pytest.raises(backup.BackupError, match="pg_dump"):
        backup.backup("postgresql+asyncpg://u:secret@h/db", tmp_path / "y.db")


def test_restore_refuses_a_non_database(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    url = _db(live)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(backup.BackupError):
        backup.restore(url, junk)
    assert _values(live) == ["before"]


def test_cli_backup_and_postgres_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _db(tmp_path / "live.db")
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["backup", str(tmp_path / "c.db")]) == 0
    assert _values(tmp_path / "c.db") == ["before"]
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u:secret@h/db")
    assert main(["backup", str(tmp_path / "d.db")]) == 1
    err = capsys.readouterr().err
    assert "pg_dump" in err
    assert "secret" not in err


def test_cli_restore_puts_the_data_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live = tmp_path / "live.db"
    monkeypatch.setenv("DATABASE_URL", _db(live))
    assert main(["backup", str(tmp_path / "c.db")]) == 0
    con = sqlite3.connect(live)
    con.execute("DELETE FROM t")
    con.commit()
    con.close()
    assert main(["restore", str(tmp_path / "c.db")]) == 0
    assert _values(live) == ["before"]
    assert main(["restore", str(tmp_path / "missing.db")]) == 1
    assert _values(live) == ["before"]
