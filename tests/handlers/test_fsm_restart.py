"""The dialog state lives in the database: a restart continues it; an unknown state is dropped."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.utils.i18n import I18n
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_dispatcher
from bot.config import Settings
from models import FsmState
from tests.conftest import FrozenClock
from tests.fakes.bot_session import BOT_USERNAME, FakeSession
from tests.handlers.conftest import Org, Send, detach_routers
from tests.handlers.helpers import only_reply, reply_text
from tests.handlers.report_helpers import (
    ASK_OUTPUT,
    ASK_TIME,
    Dialog,
    activities,
    fsm_rows,
    texts,
)

LOST = "Maaf, saya kehilangan jejak isian Anda sehingga dibatalkan. Silakan mulai lagi."


def _sender(dp: Dispatcher, bot: Bot, fake_session: FakeSession) -> Send:
    async def _send(update: Update) -> list[TelegramMethod[Any]]:
        start = len(fake_session.calls)
        await dp.feed_update(bot, update)
        return fake_session.calls[start:]

    return _send


async def test_dialog_continues_after_a_restart(
    dp: Dispatcher,
    send: Send,
    bot: Bot,
    org: Org,
    fake_session: FakeSession,
    settings: Settings,
    i18n: I18n,
    clock: FrozenClock,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    before_restart = Dialog(send, fake_session)
    await before_restart.say("/lapor")
    assert reply_text(await before_restart.say("Menyusun draf laporan keuangan")) == ASK_TIME
    [row] = await fsm_rows(session_factory)
    assert row.state == "ReportForm:time"
    assert row.data["description"] == "Menyusun draf laporan keuangan"

    detach_routers(dp)  # the old process is gone
    restarted = build_dispatcher(settings, session_factory, i18n, BOT_USERNAME, clock=clock)
    try:
        after = Dialog(_sender(restarted, bot, fake_session), fake_session)
        assert reply_text(await after.say("08.00-10.30")) == ASK_OUTPUT
        await after.press("Lewati ➡️")
        card = texts(await after.press("Lewati ➡️"))[-1]
        assert "🗒 Kegiatan: Menyusun draf laporan keuangan\n" in card
        assert "⏱ Waktu: 08.00–10.30 (2 j 30 mnt)\n" in card
        await after.press("✅ Kirim")
    finally:
        detach_routers(restarted)

    [activity] = await activities(session_factory)
    assert (activity.description, activity.minutes) == ("Menyusun draf laporan keuangan", 150)


async def test_button_from_before_the_restart_still_works(
    dp: Dispatcher,
    send: Send,
    bot: Bot,
    org: Org,
    fake_session: FakeSession,
    settings: Settings,
    i18n: I18n,
    clock: FrozenClock,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await Dialog(send, fake_session).say("/lapor 08.00-10.30 Menyusun draf laporan keuangan")

    detach_routers(dp)
    restarted = build_dispatcher(settings, session_factory, i18n, BOT_USERNAME, clock=clock)
    try:
        after = Dialog(_sender(restarted, bot, fake_session), fake_session)
        calls = await after.press("✅ Kirim")
    finally:
        detach_routers(restarted)

    assert texts(calls)[0].startswith("✅ Laporan terkirim.")
    assert len(await activities(session_factory)) == 1


async def _force_state(session_factory: async_sessionmaker[AsyncSession], state: str) -> None:
    async with session_factory() as session:
        await session.execute(update(FsmState).values(state=state))
        await session.commit()


async def test_unknown_state_is_dropped_with_an_apology(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor")
    await d.say("Menyusun draf laporan keuangan")
    await _force_state(session_factory, "OldForm:step")

    assert reply_text(await d.say("08.00-10.30")) == LOST

    [row] = await fsm_rows(session_factory)
    assert (row.state, row.data) == (None, {})
    assert await activities(session_factory) == []
    assert "Maaf, saya tidak mengerti" in reply_text(await d.say("08.00-10.30"))


async def test_unknown_state_then_a_command_works_normally(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor")
    await _force_state(session_factory, "OldForm:step")

    reply = only_reply(await d.say("/riwayat"))

    assert reply.text.startswith("📜 <b>Hari ini, Sen 02/03/2026</b>")
