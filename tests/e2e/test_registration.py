"""The foundation flow through the real process: import staff, invite, open the link, get help."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from models import Employee, Unit
from tests.e2e.bot_process import TOKEN, BotProcess
from tests.factories import make_nip

pytestmark = pytest.mark.e2e

HEAD, STAFF = make_nip(1), make_nip(2)
CSV = (
    "nip,nama,jabatan,unit,nip_atasan,admin\n"
    f"{HEAD},Siti Rahmawati,Kepala Bidang,Dinas Uji / Bidang Data,,ya\n"
    f'"{STAFF[:8]} {STAFF[8:14]} {STAFF[14]} {STAFF[14 + 1 :]}",Budi Santoso,Analis Data,'
    f"Dinas Uji / Bidang Data / Seksi Statistik,{HEAD},tidak\n"
)


def _link_token(stdout: str) -> str:
    match = re.search(r"https://t\.me/kinerja_test_bot\?start=([A-Za-z0-9_-]+)", stdout)
    assert match, stdout
    return match.group(1)


async def _started(api: LocalBotAPI, bot: BotProcess) -> None:
    await bot.start()
    await api.wait_for(lambda c: c.method == "getUpdates", timeout=30)


async def test_import_invite_and_register(
    api: LocalBotAPI,
    bot_process: BotProcess,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    staff_file = tmp_path / "pegawai.csv"
    staff_file.write_text(CSV)
    imported = await bot_process.cli("import-employees", str(staff_file))
    assert imported.returncode == 0, imported.stderr
    assert "2 ditambahkan" in imported.stdout

    invited = await bot_process.cli("invite", STAFF)
    assert invited.returncode == 0, invited.stderr
    token = _link_token(invited.stdout)
    admin_invite = _link_token((await bot_process.cli("invite", HEAD)).stdout)

    await _started(api, bot_process)
    menu = [c for c in api.calls if c.method == "setMyCommands"]
    assert {c.params.get("language_code") for c in menu} == {None, "en"}

    api.push_text(5001, f"/start {token}")
    greeting = await api.wait_for_text(5001, "Selamat datang, Budi Santoso")
    assert "Peran: pegawai" in greeting.text
    assert "/undang" not in greeting.text

    api.push_text(5002, f"/start {admin_invite}")
    admin_greeting = await api.wait_for_text(5002, "Selamat datang, Siti Rahmawati")
    assert "atasan" in admin_greeting.text
    assert "admin" in admin_greeting.text
    assert "/undang" in admin_greeting.text

    mark = len(api.calls)
    api.push_text(5001, "/help")
    help_reply = await api.wait_for_text(5001, "Yang bisa Anda lakukan", after=mark)
    assert "/bahasa" in help_reply.text
    assert "/undang" not in help_reply.text

    async with session_factory() as session:
        linked = await session.scalar(select(Employee).where(Employee.nip == STAFF))
        assert linked is not None
        assert linked.telegram_user_id == 5001
        units = await session.scalar(select(func.count()).select_from(Unit))
        assert units == 3

    await bot_process.stop()
    log = bot_process.log()
    assert "Bot started" in log
    for secret in (TOKEN, TOKEN.split(":")[1], STAFF, HEAD, "Budi Santoso", "Siti Rahmawati"):
        assert secret not in log


async def test_bad_invites_and_strangers_are_told_clearly(
    api: LocalBotAPI,
    bot_process: BotProcess,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    staff_file = tmp_path / "pegawai.csv"
    staff_file.write_text(CSV)
    assert (await bot_process.cli("import-employees", str(staff_file))).returncode == 0
    token = _link_token((await bot_process.cli("invite", STAFF)).stdout)
    await _started(api, bot_process)

    api.push_text(6001, "halo")
    await api.wait_for_text(6001, "minta undangan ke admin kepegawaian")
    api.push_text(6001, "/start tokenyangsalah")
    await api.wait_for_text(6001, "Undangan tidak dikenal")
    api.push_text(6001, STAFF)  # typing a NIP claims nothing
    await api.wait_for_text(6001, "minta undangan ke admin kepegawaian", after=len(api.calls) - 1)

    api.push_text(6002, f"/start {token}")
    await api.wait_for_text(6002, "Selamat datang")
    api.push_text(6003, f"/start {token}")
    await api.wait_for_text(6003, "Undangan ini sudah dipakai")

    async with session_factory() as session:
        employee = await session.scalar(select(Employee).where(Employee.nip == STAFF))
        assert employee is not None
        assert employee.telegram_user_id == 6002


async def test_bad_staff_file_imports_nothing(
    bot_process: BotProcess, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    bad = tmp_path / "pegawai.csv"
    bad.write_text(
        "nip,nama,jabatan,unit,nip_atasan\n"
        f"{HEAD},Siti,Kepala,Dinas,\n"
        "12345,Budi,Analis,Dinas,\n"
        f"{STAFF},Ani,Analis,Dinas,{make_nip(99)}\n"
    )
    result = await bot_process.cli("import-employees", str(bad))
    assert result.returncode == 1
    assert "Baris 3, nip: NIP tidak valid: harus 18 digit" in result.stderr
    assert "Baris 4, nip_atasan: NIP atasan tidak ada" in result.stderr
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Employee)) == 0


async def test_missing_token_is_one_clear_line(bot_process: BotProcess) -> None:
    bot_process.env["BOT_TOKEN"] = ""
    result = await bot_process.cli("run", timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: BOT_TOKEN is not set. Get one from @BotFather and put it in .env"
    ]
    bot_process.env["BOT_TOKEN"] = "not-a-token"
    result = await bot_process.cli("run", timeout=60)
    assert result.returncode == 2
    assert "malformed" in result.stderr
    assert "not-a-token" not in result.stderr
    assert "Traceback" not in result.stderr


async def test_refused_token_is_one_clear_line(bot_process: BotProcess) -> None:
    bot_process.env["BOT_TOKEN"] = "987654321:AAE2e-SomebodyElsesTokenxxxxxxxxxxxxx"
    result = await bot_process.cli("run", timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "error: BOT_TOKEN was refused by the Bot API (revoked or mistyped)"
    )
    assert "Traceback" not in result.stderr
    assert "SomebodyElses" not in result.stderr


async def test_unreachable_bot_api_is_retried_not_fatal(bot_process: BotProcess) -> None:
    bot_process.env["TELEGRAM_API_URL"] = "http://127.0.0.1:9"  # nothing listens there
    await bot_process.start()
    for _ in range(120):
        if "Bot API not reachable" in bot_process.log():
            break
        await asyncio.sleep(0.5)
    assert "Bot API not reachable (TelegramNetworkError); retrying" in bot_process.log()
    assert bot_process.running
    await bot_process.stop()
    assert "Traceback" not in bot_process.log()
