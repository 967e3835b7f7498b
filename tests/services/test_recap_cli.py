"""`python -m bot export …` bodies, in process (the real process is covered for other verbs in
tests/e2e/test_cli_plan.py): the files, the audit rows with actor "cli", the errors, and no
Telegram stack loaded."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_exports import export
from bot.config import Settings
from models import AuditLog
from tests.services.recap_helpers import make_recap_org, march_of_staff


def _settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]


async def test_the_three_files_from_the_command_line(
    session: AsyncSession, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)
    settings = _settings(database_url)
    daily, ph, tpp = tmp_path / "lh.pdf", tmp_path / "ph.xlsx", tmp_path / "tpp.xlsx"

    codes = [
        await export(
            settings, "laporan-harian", nip=org.staff.nip, unit=None, month_text="2026-03",
            start=None, end=None, pdf=True, out=daily,
        ),
        await export(
            settings, "progres-harian", nip=None, unit="Dinas Uji/Bidang A", month_text=None,
            start="2026-03-01", end="2026-03-10", pdf=False, out=ph,
        ),
        await export(
            settings, "tpp", nip=None, unit="Dinas Uji", month_text="2026-03", start=None,
            end=None, pdf=False, out=tpp,
        ),
    ]  # fmt: skip

    assert codes == [0, 0, 0]
    assert daily.read_bytes().startswith(b"%PDF")
    assert load_workbook(io.BytesIO(ph.read_bytes())).sheetnames == [
        org.staff2.nip,  # Budi Santoso
        org.junior.nip,  # Joko Junior (Seksi 1, below Bidang A)
        org.boss.nip,  # Kepala Bidang A
        org.staff.nip,  # Siti Aminah
    ]
    assert load_workbook(io.BytesIO(tpp.read_bytes())).active.max_row == 7 + 8
    assert f"ok: wrote {daily}" in capsys.readouterr().out
    audit = (await session.scalars(select(AuditLog).order_by(AuditLog.id))).all()
    assert [(a.actor_label, a.entity, a.entity_id) for a in audit] == [
        ("cli", "employee", org.staff.id),
        ("cli", "unit", org.unit_a.id),
        ("cli", "unit", org.top.id),
    ]


@pytest.mark.parametrize(
    ("kind", "args", "code", "message"),
    [
        ("tpp", {"nip": "198001012010011999"}, 1, "no active employee with that NIP"),
        ("tpp", {"unit": "Dinas Tidak Ada"}, 1, "no unit with that path"),
        ("tpp", {"unit": "Dinas Uji", "month_text": "03-2026"}, 2, "Tulis bulan sebagai TTTT-BB"),
        ("tpp", {"unit": "Dinas Uji", "month_text": "2099-01"}, 2, "Bulan itu belum dimulai"),
        ("laporan-harian", {"unit": "Dinas Uji"}, 2, "needs --nip"),
        ("progres-harian", {"unit": "Dinas Uji", "start": "2026-03-10", "end": "2026-03-01"},
         2, "Tanggal selesai sebelum tanggal mulai"),
        ("progres-harian", {"unit": "Dinas Uji", "start": "10/03/2026"}, 2, "TTTT-BB-HH"),
    ],
)  # fmt: skip
async def test_errors_are_one_line_and_write_nothing(
    session: AsyncSession,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    args: dict[str, str],
    code: int,
    message: str,
) -> None:
    await make_recap_org(session)
    out = tmp_path / "x.xlsx"
    values: dict[str, str | None] = {
        "nip": None, "unit": None, "month_text": "2026-03", "start": None, "end": None, **args
    }  # fmt: skip

    result = await export(_settings(database_url), kind, pdf=False, out=out, **values)  # type: ignore[arg-type]

    assert result == code
    assert message in capsys.readouterr().err
    assert not out.exists()
    assert (await session.scalars(select(AuditLog))).all() == []


def test_the_export_command_does_not_load_telegram() -> None:
    code = "import sys, bot.cli_exports; print('aiogram' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
