"""`python -m bot status`: the agency's numbers in Indonesian, no names or NIPs, no Telegram
stack loaded."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot import ops
from bot.__main__ import main
from bot.config import Settings
from services.clock import system_clock
from services.outbox import enqueue
from tests.factories import make_agency, make_employee, make_unit


async def test_status_prints_the_numbers(
    session: AsyncSession, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    now = system_clock()  # the CLI reads the real clock
    agency = await make_agency(session, now)
    agency.timezone = "Asia/Makassar"
    unit = await make_unit(session, agency)
    linked = await make_employee(
        session, agency, unit, 1, now, name="Siti Rahasia", telegram_user_id=77
    )
    await make_employee(session, agency, unit, 2, now, name="Budi Rahasia")
    await enqueue(
        session,
        recipient_id=linked.id,
        kind="reminder.daily",
        payload={},
        dedup_key="r1",
        now=now - timedelta(minutes=30),
    )
    await session.commit()
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]

    assert await ops.status(settings) == 0

    out = capsys.readouterr().out
    assert "Status bot: Dinas Uji" in out
    assert "Pegawai: 1 terhubung ke Telegram, 1 belum terhubung" in out
    assert "Undangan yang belum dipakai: 0" in out
    assert "Tidak dapat dihubungi (memblokir bot): 0" in out
    assert "Antrean pesan: 1 belum terkirim, 1 di antaranya sudah waktunya" in out
    assert "WITA (30 mnt)" in out
    assert "Penjadwal terakhir mengantrekan:" in out
    assert "Ukuran basis data: " in out
    assert "Rahasia" not in out
    assert linked.nip not in out


def test_the_status_command_does_not_load_telegram() -> None:
    code = "import sys, bot.ops, bot.__main__; print('aiogram' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_status_through_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    monkeypatch.setenv("AGENCY_NAME", "Dinas Baru")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "id")
    assert main(["migrate"]) == 0

    assert main(["status"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("Status bot: Dinas Baru\nPer ")
    assert " WIB\n" in out
    assert "Pegawai: 0 terhubung ke Telegram, 0 belum terhubung" in out
    assert "Penjadwal terakhir mengantrekan: belum pernah" in out
    assert "Ukuran basis data: " in out
    assert " KB" in out
