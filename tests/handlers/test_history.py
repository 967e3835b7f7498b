"""/riwayat: today's activities, the week, a picked date, and pages of five."""

from __future__ import annotations

import html
import re
from datetime import date, time

import pytest
from aiogram.methods import EditMessageText
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import only_reply, snapshot
from tests.handlers.report_helpers import (
    Dialog,
    activities,
    add_activity,
    alert,
    answers,
    labels,
    set_activity,
    texts,
)

NAV = ["Hari", "Pekan", "🗓 Bulan", "📅 Pilih tanggal"]


async def test_today_lists_activities_with_status_and_buttons(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_activity(
        session_factory, org.staff, "Menyusun draf <laporan>", start=time(8), end=time(10, 30)
    )
    later = await add_activity(
        session_factory, org.staff, "Rapat koordinasi", start=time(13), end=time(14)
    )
    await set_activity(
        session_factory,
        later.id,
        output_quantity=1,
        output_unit="notulen",
        status=ActivityStatus.REVISION,
        decision_reason="Lampirkan notulen",
    )
    await add_activity(session_factory, org.staff, "Kemarin", day=date(2026, 2, 27), minutes=60)
    await add_activity(session_factory, org.boss, "Punya atasan", minutes=60)
    d = Dialog(send, fake_session)

    reply = only_reply(await d.say("/riwayat"))

    assert reply.text == (
        "📜 <b>Hari ini, Sen 02/03/2026</b>: 2 kegiatan, 3 j 30 mnt\n\n"
        "1. <b>Sen 02/03/2026</b> · 13.00–14.00 (1 jam)\n"
        "Rapat koordinasi\n"
        "Hasil: 1 notulen\n"
        "✏️ perlu revisi\n"
        "Catatan atasan: Lampirkan notulen\n\n"
        "2. <b>Sen 02/03/2026</b> · 08.00–10.30 (2 j 30 mnt)\n"
        "Menyusun draf &lt;laporan&gt;\n"
        "⏳ terkirim"
    )
    assert labels(reply.reply_markup) == ["✏️ 1", "🗑 1", "✏️ 2", "🗑 2", *NAV]


async def test_empty_day_says_how_to_report(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)

    reply = only_reply(await d.say("/riwayat"))

    assert reply.text == (
        "📜 <b>Hari ini, Sen 02/03/2026</b>: 0 kegiatan, 0 mnt\n\n"
        "Belum ada kegiatan. Laporkan dengan /lapor."
    )
    assert labels(reply.reply_markup) == NAV


async def test_week_view_shows_monday_to_sunday(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    clock.advance(days=2)  # Wednesday 04/03
    await add_activity(session_factory, org.staff, "Senin", day=date(2026, 3, 2), minutes=60)
    await add_activity(session_factory, org.staff, "Rabu", day=date(2026, 3, 4), minutes=90)
    await add_activity(session_factory, org.staff, "Jumat lalu", day=date(2026, 2, 27), minutes=30)
    gone = await add_activity(session_factory, org.staff, "Terhapus", minutes=45)
    await set_activity(session_factory, gone.id, deleted_at=clock())
    d = Dialog(send, fake_session)
    today = only_reply(await d.say("/riwayat"))
    assert today.text.startswith("📜 <b>Hari ini, Rab 04/03/2026</b>: 1 kegiatan, 1 j 30 mnt")

    calls = await d.press("Pekan")

    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert edit.text.startswith("📜 <b>Pekan 02/03 – 08/03/2026</b>: 2 kegiatan, 2 j 30 mnt\n\n")
    assert "1. <b>Rab 04/03/2026</b> · 1 j 30 mnt\nRabu\n" in edit.text
    assert "2. <b>Sen 02/03/2026</b> · 1 jam\nSenin\n" in edit.text
    assert "Jumat lalu" not in edit.text
    assert "Terhapus" not in edit.text

    back = [c for c in await d.press("Hari") if isinstance(c, EditMessageText)]
    assert back[0].text == today.text


async def test_pick_a_date_shows_that_day(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_activity(
        session_factory, org.staff, "Kunjungan lapangan", day=date(2026, 2, 27), minutes=60
    )
    d = Dialog(send, fake_session)
    await d.say("/riwayat")

    picker = await d.press("📅 Pilih tanggal")

    assert texts(picker) == [
        "Tanggal berapa? Ketuk tanggalnya, atau ketik "
        "(misalnya 30/11, kemarin, atau 11/2026 untuk satu bulan)."
    ]
    days = d.screen("Jum 27/02/2026").labels
    assert len(days) == 15
    assert (days[0], days[-2], days[-1]) == ("Sen 02/03/2026", "Sel 17/02/2026", "🗓 Bulan")
    shown = texts(await d.press("Jum 27/02/2026"))
    assert shown == [
        "📜 <b>Jum 27/02/2026</b>: 1 kegiatan, 1 jam\n\n"
        "1. <b>Jum 27/02/2026</b> · 1 jam\nKunjungan lapangan\n⏳ terkirim"
    ]


async def test_more_than_five_activities_are_paged(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    for hour in range(7, 14):  # seven activities, 07.00 to 13.00
        await add_activity(
            session_factory, org.staff, f"Tugas jam {hour}", start=time(hour), end=time(hour, 30)
        )
    d = Dialog(send, fake_session)

    first = only_reply(await d.say("/riwayat"))

    assert first.text.startswith("📜 <b>Hari ini, Sen 02/03/2026</b>: 7 kegiatan, 3 j 30 mnt")
    assert re.findall(r"^(\d+)\. .*\n(Tugas jam \d+)", first.text, re.M) == [
        ("1", "Tugas jam 13"),
        ("2", "Tugas jam 12"),
        ("3", "Tugas jam 11"),
        ("4", "Tugas jam 10"),
        ("5", "Tugas jam 9"),
    ]
    assert labels(first.reply_markup)[10:] == ["1/2", "▶️", *NAV]

    second = texts(await d.press("▶️"))[0]
    assert re.findall(r"^(\d+)\. .*\n(Tugas jam \d+)", second, re.M) == [
        ("6", "Tugas jam 8"),
        ("7", "Tugas jam 7"),
    ]
    assert d.screen("◀️").labels == ["✏️ 6", "🗑 6", "✏️ 7", "🗑 7", "◀️", "2/2", *NAV]

    assert texts(await d.press("◀️"))[0] == first.text


async def test_page_counter_button_is_harmless(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    for hour in range(7, 13):
        await add_activity(
            session_factory, org.staff, "Tugas", start=time(hour), end=time(hour, 30)
        )
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    before = await snapshot(session_factory)

    calls = await d.press("1/2")

    # Same page again: Telegram refuses the identical edit, which is ignored quietly.
    assert [a.text for a in answers(calls)] == [None]
    assert [type(c).__name__ for c in calls] == ["AnswerCallbackQuery", "EditMessageText"]
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("data", ["hs:day:kemarin:0", "hs:day:2026-13-01:0", "hs:week:x:1"])
async def test_forged_history_navigation_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    data: str,
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    before = await snapshot(session_factory)

    calls = await d.tap(data)

    assert alert(calls) == "Tombol ini sudah tidak berlaku."
    assert await snapshot(session_factory) == before


def _visible_length(text: str) -> int:
    """Characters Telegram counts after parsing HTML entities (limit: 4096)."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)))


async def test_page_of_long_descriptions_fits_in_one_telegram_message(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    for n in range(5):
        await d.say(f"/lapor {8 + n}.00-{8 + n}.30 " + f"Uraian {n} " + "panjang " * 123)
        await d.press("✅ Kirim")
    assert all(len(a.description) > 990 for a in await activities(session_factory))

    reply = only_reply(await d.say("/riwayat"))

    assert _visible_length(reply.text) <= 4096
