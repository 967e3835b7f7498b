"""/status: an admin gets the agency's numbers in their own zone; anyone else a clear refusal,
and nothing changes."""

from __future__ import annotations

from datetime import timedelta

from aiogram.methods import SendMessage
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee
from services.outbox import enqueue
from tests.conftest import FrozenClock
from tests.fakes import updates
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import issue, of_type, reply_text, snapshot


async def test_admin_gets_the_numbers(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    await issue(session_factory, org.newcomer, clock())
    async with session_factory() as session:
        await session.execute(
            update(Employee)
            .where(Employee.id.in_([org.staff.id, org.admin.id]))
            .values(timezone="Asia/Makassar")
        )
        await session.execute(
            update(Employee)
            .where(Employee.id == org.staff.id)
            .values(unreachable_since=clock() - timedelta(days=1))
        )
        await enqueue(
            session,
            recipient_id=org.boss.id,
            kind="digest.pending",
            payload={"count": 1},
            dedup_key="digest:x",
            now=clock() - timedelta(minutes=90),
        )
        await session.commit()

    text = reply_text(await send(updates.text_message(ADMIN_TG, "/status")))

    lines = text.split("\n")
    assert lines[0] == "📊 <b>Status bot</b>"
    assert lines[1] == "Per 02/03/2026 10.00 WITA"
    assert "Pegawai: 3 terhubung ke Telegram, 1 belum terhubung" in lines
    assert "Undangan yang belum dipakai: 1" in lines
    assert "Tidak dapat dihubungi (memblokir bot): 1" in lines
    assert "Antrean pesan: 1 belum terkirim, 1 di antaranya sudah waktunya" in lines
    assert "Pesan tertua yang menunggu: sejak 02/03/2026 08.30 WITA (1 j 30 mnt)" in lines
    assert "Penjadwal terakhir mengantrekan: 02/03/2026 08.30 WITA (1 j 30 mnt yang lalu)" in lines
    assert lines[-1].startswith("Ukuran basis data: ")
    assert len(text) < 1000
    for person in (org.admin, org.boss, org.staff, org.newcomer):
        assert person.name not in text
        assert person.nip not in text


async def test_the_command_addressed_to_the_bot(send: Send, org: Org) -> None:
    calls = await send(updates.text_message(ADMIN_TG, "/status@kinerja_bot"))  # asks getMe

    [reply] = of_type(calls, SendMessage)
    assert reply.text.startswith("📊 <b>Status bot</b>")


async def test_non_admins_are_refused_and_nothing_changes(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    before = await snapshot(session_factory)

    for user in (STAFF_TG, BOSS_TG):
        text = reply_text(await send(updates.text_message(user, "/status")))
        assert text == "Hanya admin yang dapat melihat status bot."

    assert await snapshot(session_factory) == before
