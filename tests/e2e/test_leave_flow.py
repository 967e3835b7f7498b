"""/cuti through the real bot process: declare sick leave for today."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from models import AuditLog, Employee, Leave, LeaveKind, Notification
from tests.e2e.bot_process import BotProcess
from tests.e2e.flows import HEAD_NIP, STAFF_NIP, register_staff

pytestmark = pytest.mark.e2e


def today_wib() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


async def test_sick_leave_for_today(
    api: LocalBotAPI,
    bot_process: BotProcess,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    first_day = today_wib()
    chat = await register_staff(api, bot_process, tmp_path)

    overview = await chat.say("/cuti", "🗓 <b>Cuti, sakit, dan dinas luar</b>")
    assert "Ajukan yang baru:" in overview.text
    assert "Yang akan datang:" not in overview.text
    await chat.press("Sakit", expect="Tanggal berapa?")
    await chat.press("Hari ini", expect="Tambahkan catatan")
    confirm = await chat.press("Lewati", expect="<b>Sakit</b>")
    summary = await chat.expect("Pada hari-hari ini tidak perlu lapor", confirm.mark)
    assert "(1 hari, 1 hari kerja)" in summary.text
    await chat.press("Simpan", expect="✅ Tersimpan. Atasan Anda dapat melihatnya.")

    async with session_factory() as session:
        staff = await session.scalar(select(Employee).where(Employee.nip == STAFF_NIP))
        head = await session.scalar(select(Employee).where(Employee.nip == HEAD_NIP))
        assert staff is not None
        assert head is not None
        (leave,) = (await session.scalars(select(Leave))).all()
        assert leave.employee_id == staff.id
        assert leave.kind is LeaveKind.SICK
        assert leave.start_date == leave.end_date
        assert leave.start_date in {first_day, today_wib()}
        assert leave.note is None
        assert leave.cancelled_at is None
        audit = await session.scalar(
            select(AuditLog).where(AuditLog.entity == "leave", AuditLog.entity_id == leave.id)
        )
        assert audit is not None
        assert (audit.action, audit.actor_id) == ("leave.declare", staff.id)
        notes = (
            await session.scalars(select(Notification).where(Notification.recipient_id == head.id))
        ).all()
        assert [n.payload.get("leave_id") for n in notes] == [leave.id]

    overview = await chat.say("/cuti", "Yang akan datang:")
    assert f"• Sakit: {leave.start_date:%d/%m/%Y}" in overview.text
