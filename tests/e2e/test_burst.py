"""A whole office at once: 100 people send `/lapor …` and press "Kirim" simultaneously.

Through the real bot process, on both databases: every report is stored, every person gets
their answer, and the log has no pool error and no apology.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from models import Activity
from tests.e2e.bot_process import BotProcess
from tests.e2e.flows import Chat, start_bot
from tests.factories import make_agency, make_employee, make_unit

pytestmark = pytest.mark.e2e

PEOPLE = 100
FIRST_USER = 50_000
TIMEOUT = 120.0


async def _seed_office(session_factory: async_sessionmaker[AsyncSession]) -> None:
    now = datetime.now().astimezone()
    async with session_factory() as session:
        agency = await make_agency(session, now)
        unit = await make_unit(session, agency)
        head = await make_employee(session, agency, unit, 1, now, telegram_user_id=FIRST_USER - 1)
        for i in range(PEOPLE):
            await make_employee(
                session, agency, unit, i + 2, now, supervisor=head, telegram_user_id=FIRST_USER + i
            )
        await session.commit()


async def test_hundred_people_submit_at_once(
    api: LocalBotAPI,
    bot_process: BotProcess,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed_office(session_factory)
    await start_bot(api, bot_process)
    chats = [Chat(api, bot_process, FIRST_USER + i, timeout=TIMEOUT) for i in range(PEOPLE)]

    mark = len(api.calls)
    for i, chat in enumerate(chats):
        api.push_text(chat.user_id, f"/lapor 08.00-10.30 Menyusun laporan bulanan nomor {i}")
    await asyncio.gather(*(chat.expect("Kirim", mark) for chat in chats))

    mark = len(api.calls)
    for chat in chats:
        api.push_update(chat.callback_update("Kirim"))
    await asyncio.gather(*(chat.expect("Laporan terkirim", mark) for chat in chats))

    async with session_factory() as session:
        stored = await session.scalar(select(func.count()).select_from(Activity))
        descriptions = set((await session.scalars(select(Activity.description))).all())
    assert stored == PEOPLE
    assert descriptions == {f"Menyusun laporan bulanan nomor {i}" for i in range(PEOPLE)}
    answered = {c.chat_id for c in api.calls[mark:] if c.method == "answerCallbackQuery"} | {
        c.chat_id for c in api.calls[mark:] if "Laporan terkirim" in c.text
    }
    assert {chat.user_id for chat in chats} <= answered
    log = bot_process.log()
    assert "QueuePool limit" not in log
    assert "TimeoutError" not in log
    assert "Unhandled error" not in log
