"""Rules checked when the card is sent: overlapping times and the daily maximum."""

from __future__ import annotations

from datetime import time

from aiogram.methods import EditMessageText
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.report_helpers import (
    ASK_TIME,
    Dialog,
    activities,
    add_activity,
    labels,
    only_sent,
    texts,
)

QUICK = "/lapor 08.00-10.30 Menyusun draf laporan keuangan"
OVERLAP = (
    "⚠️ Waktu ini bertabrakan dengan kegiatan lain Anda di hari itu:\n"
    "• 09.00–10.00 Rapat pagi &lt;pimpinan&gt;"
)


async def test_overlap_warns_and_stores_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_activity(
        session_factory, org.staff, "Rapat pagi <pimpinan>", start=time(9), end=time(10)
    )
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    before = await snapshot(session_factory)

    warning = only_sent(await d.press("✅ Kirim"))

    assert warning.text == OVERLAP
    assert labels(warning.reply_markup) == ["Tetap kirim", "⏱ Ubah waktu"]
    assert await snapshot(session_factory) == before


async def test_submit_anyway_stores_the_overlapping_activity(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_activity(
        session_factory, org.staff, "Rapat pagi <pimpinan>", start=time(9), end=time(10)
    )
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("✅ Kirim")

    calls = await d.press("Tetap kirim")

    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert edit.text.startswith("✅ Laporan terkirim.\n\n")
    assert texts(calls)[-1] == (
        "Sen 02/03/2026: 3 j 30 mnt dari 5 jam (2 kegiatan, 2 menunggu verifikasi). "
        "Kurang 1 j 30 mnt."
    )
    stored = await activities(session_factory)
    assert [(a.start_time, a.end_time) for a in stored] == [
        (time(9), time(10)),
        (time(8), time(10, 30)),
    ]


async def test_change_time_after_overlap_then_submit_without_warning(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_activity(session_factory, org.staff, "Rapat pagi", start=time(9), end=time(10))
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("✅ Kirim")

    assert only_sent(await d.press("⏱ Ubah waktu")).text.startswith(ASK_TIME)
    card = reply_text(await d.say("10.00-12.30"))
    assert "⏱ Waktu: 10.00–12.30 (2 j 30 mnt)\n" in card
    calls = await d.press("✅ Kirim")

    assert "⚠️" not in "".join(texts(calls))
    assert [(a.start_time, a.end_time) for a in await activities(session_factory)] == [
        (time(9), time(10)),
        (time(10), time(12, 30)),
    ]


async def test_touching_and_duration_only_activities_do_not_overlap(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_activity(session_factory, org.staff, "Apel pagi", start=time(7), end=time(8))
    await add_activity(session_factory, org.staff, "Membaca disposisi", minutes=60)
    d = Dialog(send, fake_session)
    await d.say(QUICK)

    calls = await d.press("✅ Kirim")

    assert texts(calls)[0].startswith("✅ Laporan terkirim.")
    assert len(await activities(session_factory)) == 3


async def test_more_than_the_daily_maximum_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await session.execute(update(Agency).values(max_activities_per_day=2))
        await session.commit()
    await add_activity(session_factory, org.staff, "Apel pagi", minutes=30)
    await add_activity(session_factory, org.staff, "Membaca disposisi", minutes=30)
    d = Dialog(send, fake_session)
    card = reply_text(await d.say(QUICK))
    before = await snapshot(session_factory)

    calls = await d.press("✅ Kirim")

    assert texts(calls) == ["Sudah ada 2 kegiatan pada hari itu, batas maksimal.", card]
    assert await snapshot(session_factory) == before

    # Another day still has room: the card stays usable.
    await d.press("📅 Tanggal")
    await d.press("Jum 27/02/2026")
    await d.press("✅ Kirim")
    assert [a.work_date.isoformat() for a in await activities(session_factory)][-1] == (
        "2026-02-27"
    )


async def test_deleted_activities_do_not_count_towards_the_maximum(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await session.execute(update(Agency).values(max_activities_per_day=1))
        await session.commit()
    await add_activity(session_factory, org.staff, "Salah input", minutes=30)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("🗑 1")
    await d.press("🗑 Ya, hapus")
    await d.say(QUICK)

    await d.press("✅ Kirim")

    [stored] = await activities(session_factory)
    assert stored.description == "Menyusun draf laporan keuangan"
