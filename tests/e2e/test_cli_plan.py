"""`python -m bot import-plan NIP FILE`: the operator's way to load an SKP draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Indicator, Plan, PlanItem, PlanStatus
from tests.e2e.bot_process import BotProcess
from tests.e2e.flows import STAFF_CSV, STAFF_NIP
from tests.services.plan_helpers import xlsx

pytestmark = pytest.mark.e2e

HEADER = ["jenis", "rhk_atasan", "rhk", "aspek", "iki", "target", "satuan"]


async def test_import_plan_from_the_command_line(
    bot_process: BotProcess, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    staff_file = tmp_path / "pegawai.csv"
    staff_file.write_text(STAFF_CSV)
    assert (await bot_process.cli("import-employees", str(staff_file))).returncode == 0
    bad = tmp_path / "skp-salah.xlsx"
    bad.write_bytes(
        xlsx(HEADER, [["utama", "", "Data tersaji", "kuantitas", "Jumlah", "abc", "x"]])
    )
    good = tmp_path / "skp.xlsx"
    good.write_bytes(
        xlsx(
            HEADER,
            [
                ["utama", "", "Data tersaji", "kuantitas", "Jumlah tabel", 12, "tabel"],
                ["utama", "", "Data tersaji", "waktu", "Tepat waktu", 12, "bulan"],
            ],
        )
    )

    rejected = await bot_process.cli("import-plan", STAFF_NIP, str(bad), "--year", "2026")
    assert rejected.returncode == 1
    assert "Baris 2, target: target harus angka lebih dari 0" in rejected.stderr
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Plan)) == 0

    imported = await bot_process.cli("import-plan", STAFF_NIP, str(good), "--year", "2026")
    assert imported.returncode == 0, imported.stderr
    assert "ok: draf SKP 2026 dengan 1 RHK" in imported.stdout
    async with session_factory() as session:
        plan = await session.scalar(select(Plan))
        assert plan is not None
        assert (plan.year, plan.status) == (2026, PlanStatus.DRAFT)
        assert await session.scalar(select(func.count()).select_from(PlanItem)) == 1
        assert await session.scalar(select(func.count()).select_from(Indicator)) == 2
