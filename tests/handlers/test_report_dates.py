"""📅 Tanggal on the card: today or the agency.backdate_workdays workdays before, nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.methods import EditMessageText
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import snapshot
from tests.handlers.report_helpers import Dialog, activities, answers, labels, only_sent, texts

# Render-only: what the person sees; the SQL behind it is tested on both backends.
pytestmark = pytest.mark.sqlite_only

QUICK = "/lapor 08.00-10.30 Menyusun draf laporan keuangan"


async def test_date_picker_offers_today_and_the_last_three_workdays(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    card = d.screen("📅 Tanggal")

    calls = await d.press("📅 Tanggal", card)

    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert edit.message_id == card.message.message_id
    assert (
        edit.text
        == "Laporan ini untuk hari apa? Ketuk tanggalnya, atau ketik (mis. kemarin, 30/11)."
    )
    picker = d.screen("Hari ini")
    # Monday: the weekend is skipped.
    assert picker.labels == [
        *("Hari ini", "Jum 27/02/2026", "Kam 26/02/2026", "Rab 25/02/2026"),
        "⬅️ Kembali",
    ]


async def test_backdate_window_follows_the_agency_setting(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await session.execute(update(Agency).values(backdate_workdays=1))
        await session.commit()
    d = Dialog(send, fake_session)
    await d.say(QUICK)

    await d.press("📅 Tanggal")

    assert d.screen("Hari ini").labels == ["Hari ini", "Jum 27/02/2026", "⬅️ Kembali"]


async def test_chosen_earlier_date_is_shown_and_stored(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("📅 Tanggal")

    card = only_sent(await d.press("Rab 25/02/2026"))

    assert "📅 Tanggal: Rab 25/02/2026\n" in card.text
    calls = await d.press("✅ Kirim")
    assert texts(calls)[-1].startswith("Rab 25/02/2026: 2 j 30 mnt dari 5 jam (1 kegiatan,")
    [activity] = await activities(session_factory)
    assert activity.work_date == date(2026, 2, 25)


async def test_back_from_the_picker_keeps_the_date(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("📅 Tanggal")

    card = only_sent(await d.press("⬅️ Kembali"))

    assert "📅 Tanggal: Sen 02/03/2026\n" in card.text
    assert "✅ Kirim" in labels(card.reply_markup)


@pytest.mark.parametrize(
    "day",
    ["2026-02-24", "2026-03-03", "2025-03-02", "kemarin", ""],
    ids=["before-window", "future", "last-year", "not-a-date", "empty"],
)
async def test_forged_date_outside_the_window_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    day: str,
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("📅 Tanggal")
    picker = d.screen("Hari ini")
    flow = picker.data("Hari ini").split(":")[2]
    before = await snapshot(session_factory)

    calls = await d.tap(f"rp:date:{flow}::0:0:{day}", picker.message)

    refusals = [t for t in texts(calls) + [a.text for a in answers(calls)] if t]
    assert refusals in (
        ["Tanggal itu sudah tidak bisa dipilih."],
        ["Tombol ini sudah tidak berlaku."],
    )
    assert await snapshot(session_factory) == before
    await d.press("Hari ini", picker)  # the picker still works
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert activity.work_date == date(2026, 3, 2)


async def test_date_button_that_left_the_window_overnight_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("📅 Tanggal")
    picker = d.screen("Rab 25/02/2026")
    clock.advance(days=1)  # Tuesday: Wednesday 25/02 is now four workdays back
    before = await snapshot(session_factory)

    calls = await d.press("Rab 25/02/2026", picker)

    assert texts(calls) == ["Tanggal itu sudah tidak bisa dipilih."]
    assert await snapshot(session_factory) == before


async def test_card_dated_inside_the_window_is_refused_once_the_window_moved(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("📅 Tanggal")
    card = texts(await d.press("Rab 25/02/2026"))[-1]
    clock.advance(days=1)
    before = await snapshot(session_factory)

    calls = await d.press("✅ Kirim")

    assert texts(calls) == ["Tanggal itu terlalu lama; paling awal 2026-02-26.", card]
    assert await snapshot(session_factory) == before
