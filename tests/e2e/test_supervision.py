"""Two users through the real process: the employee's reports reach the supervisor as a review
card; one tap approves, ✏️/❌ ask for a reason; the employee is told each decision."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from models import Activity, ActivityStatus, Agency
from tests.e2e.bot_process import BotProcess
from tests.e2e.flows import HEAD_NIP, STAFF_CSV, STAFF_NIP, Chat, _link_token, start_bot

pytestmark = pytest.mark.e2e

HEAD_USER, STAFF_USER = 7101, 7102


async def _register(chat: Chat, token: str, name: str) -> None:
    await chat.say(f"/start {token}", f"Selamat datang, {name}")


async def _report(staff: Chat, text: str) -> None:
    await staff.say(f"/lapor {text}", "Periksa, lalu tekan Kirim")
    await staff.press("Kirim", expect="Laporan terkirim")


async def test_supervisor_decides_and_the_employee_is_told(
    api: LocalBotAPI,
    bot_process: BotProcess,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    staff_file = tmp_path / "pegawai.csv"
    staff_file.write_text(STAFF_CSV)
    assert (await bot_process.cli("import-employees", str(staff_file))).returncode == 0
    async with session_factory() as session:  # messages flow at once, whatever the hour
        await session.execute(
            update(Agency).values(
                review_batch_seconds=1, quiet_start=time(0, 0), quiet_end=time(23, 59)
            )
        )
        await session.commit()
    head_token = _link_token((await bot_process.cli("invite", HEAD_NIP)).stdout)
    staff_token = _link_token((await bot_process.cli("invite", STAFF_NIP)).stdout)
    await start_bot(api, bot_process)
    head, staff = Chat(api, bot_process, HEAD_USER), Chat(api, bot_process, STAFF_USER)
    await _register(head, head_token, "Siti Rahmawati")
    await _register(staff, staff_token, "Budi Santoso")

    mark = head.mark()
    await _report(staff, "08.00-09.00 Menyusun notulen rapat")
    await head.expect("Menunggu verifikasi Anda: 1", mark)
    await head.press("✏️ 1", expect="Apa yang perlu direvisi")
    mark = staff.mark()
    await head.say("Lampirkan daftar hadir", "Dikembalikan untuk revisi")
    told = await staff.expect("Atasan sudah memeriksa laporan Anda", mark)
    assert "Lampirkan daftar hadir" in told.text

    mark = head.mark()
    await _report(staff, "09.00-10.00 Rapat yang tidak relevan")
    await head.expect("Rapat yang tidak relevan", mark)
    await head.press("❌ 2", expect="Mengapa laporan ini ditolak")
    await head.say("Bukan tugas jabatan", "Ditolak dengan catatan")

    mark = head.mark()
    await _report(staff, "10.00-11.30 Mengolah data statistik")
    await head.expect("Mengolah data statistik", mark)
    tap = await head.press("✅ 3")
    [answer] = await head.answers(tap, 1)
    assert answer.params.get("text") == "✅ Disetujui."
    await head.expect("Tidak ada lagi yang perlu diverifikasi", tap.mark)

    async with session_factory() as session:
        rows = (await session.execute(select(Activity).order_by(Activity.id))).scalars().all()
        assert [(a.status, a.decision_reason) for a in rows] == [
            (ActivityStatus.REVISION, "Lampirkan daftar hadir"),
            (ActivityStatus.REJECTED, "Bukan tugas jabatan"),
            (ActivityStatus.APPROVED, None),
        ]
