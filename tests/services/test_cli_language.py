"""CLI verbs speak the chat's language: Indonesian by default, English with
DEFAULT_LANGUAGE=en (bot/locales.py installs the same catalogs as the bot)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import handlers.gettext
from bot import ops
from bot.config import Settings
from services.clock import system_clock
from tests.factories import make_agency, make_employee, make_unit


@pytest.fixture(autouse=True)
def _restore_cli_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """install_for_cli sets a process-wide translation; undo it for the tests that follow."""
    monkeypatch.setattr(handlers.gettext, "_translate", handlers.gettext._translate)


def _settings(database_url: str, language: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        database_url=database_url, default_language=language, bot_username="", _env_file=None
    )


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("id", ["Pegawai:  Siti Aminah", "Tautan:   (isi", "Kode:     ", "Berlaku sampai: "]),
        ("en", ["Employee: Siti Aminah", "Link:     (set", "Code:     ", "Expires:  "]),
    ],
)
async def test_invite_prints_in_the_default_language(
    session: AsyncSession,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    lines: list[str],
) -> None:
    now = system_clock()
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    person = await make_employee(session, agency, unit, 1, now, name="Siti Aminah")
    await session.commit()
    monkeypatch.setattr(ops, "_ask_username", lambda settings: None)

    assert await ops.invite(_settings(database_url, language), person.nip) == 0

    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(lines)
    assert all(line.startswith(start) for line, start in zip(out, lines, strict=True)), out


@pytest.mark.parametrize(
    ("language", "error"),
    [
        ("id", "galat: tidak ada pegawai aktif dengan NIP itu"),
        ("en", "error: no active employee has that NIP"),
    ],
)
async def test_an_error_is_in_the_default_language_too(
    session: AsyncSession,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    language: str,
    error: str,
) -> None:
    await make_agency(session, system_clock())
    await session.commit()

    assert await ops.invite(_settings(database_url, language), "199001012020011001") == 1

    assert capsys.readouterr().err.strip() == error
