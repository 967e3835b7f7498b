"""/lapor with arguments: the quick form asks only for what is missing."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import only_reply, reply_text, snapshot, without_dialog
from tests.handlers.report_helpers import (
    ASK_DESCRIPTION,
    ASK_TIME,
    Dialog,
    activities,
    labels,
    texts,
)

# Render-only: what the person sees; the SQL behind it is tested on both backends.
pytestmark = pytest.mark.sqlite_only

QUICK_CARD = (
    "📝 <b>Laporan harian</b>\n"
    "📅 Tanggal: Sen 02/03/2026\n"
    "🗒 Kegiatan: Menyusun draf laporan keuangan\n"
    "⏱ Waktu: 08.00–10.30 (2 j 30 mnt)\n"
    "📦 Hasil: —\n"
    "📎 Bukti: —\n\n"
    "Periksa, lalu tekan Kirim."
)


async def test_time_and_description_go_straight_to_the_card(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)

    card = only_reply(await d.say("/lapor 08.00-10.30 Menyusun draf laporan keuangan"))

    assert card.text == QUICK_CARD
    assert labels(card.reply_markup) == [
        *("✏️ Kegiatan", "⏱ Waktu", "📦 Hasil", "📎 Bukti", "📅 Tanggal"),
        *("✅ Kirim", "✖️ Batal"),
    ]
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert (activity.start_time, activity.end_time, activity.minutes) == (
        time(8, 0),
        time(10, 30),
        150,
    )
    assert activity.description == "Menyusun draf laporan keuangan"


async def test_description_only_asks_only_the_time(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)

    assert reply_text(await d.say("/lapor Menyusun draf")) == ASK_TIME
    card = reply_text(await d.say("90 menit"))

    assert card.startswith("📝 <b>Laporan harian</b>\n")
    assert "🗒 Kegiatan: Menyusun draf\n⏱ Waktu: 1 j 30 mnt\n📦 Hasil: —\n" in card
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert (activity.description, activity.minutes) == ("Menyusun draf", 90)


async def test_duration_only_asks_only_the_description(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)

    assert reply_text(await d.say("/lapor 90 menit")) == ASK_DESCRIPTION
    card = reply_text(await d.say("Rapat koordinasi anggaran"))

    assert "🗒 Kegiatan: Rapat koordinasi anggaran\n⏱ Waktu: 1 j 30 mnt\n" in card
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert (activity.description, activity.minutes, activity.start_time) == (
        "Rapat koordinasi anggaran",
        90,
        None,
    )


async def test_english_alias_and_hours_with_comma(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)

    card = reply_text(await d.say("/report 1,5 jam Rapat koordinasi"))

    assert "🗒 Kegiatan: Rapat koordinasi\n⏱ Waktu: 1 j 30 mnt\n" in card


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ("25.00-26.00 x", "Itu bukan jam yang valid."),
        ("10.00-09.00 Rapat", "Jam selesai harus setelah jam mulai."),
        ("0 menit Rapat", "Durasi harus lebih dari 0 menit."),
        ("25 jam Rapat", "Durasi tidak boleh lebih dari 24 jam."),
    ],
)
async def test_bad_time_is_explained_and_the_activity_is_kept(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    args: str,
    error: str,
) -> None:
    d = Dialog(send, fake_session)
    before = await snapshot(session_factory)

    problem, question = texts(await d.say(f"/lapor {args}"))

    assert problem == error
    assert without_dialog(await snapshot(session_factory)) == without_dialog(before)
    if args.endswith("Rapat"):  # the activity is kept; only the time is asked again
        assert question.startswith("Jam berapa, atau berapa lama?")
        card = reply_text(await d.say("1 jam"))
        assert "🗒 Kegiatan: Rapat\n⏱ Waktu: 1 jam\n" in card
    else:  # "x" is no activity: it is asked for
        assert question.startswith("Apa yang Anda kerjakan?")


async def test_too_short_description_is_explained_and_asked_again(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)

    calls = await d.say("/lapor 08.00-10.30 ab")

    assert texts(calls) == ["Tuliskan kegiatannya (minimal 3 karakter).", ASK_DESCRIPTION]
    card = reply_text(await d.say("Rapat koordinasi"))
    assert "🗒 Kegiatan: Rapat koordinasi\n⏱ Waktu: 08.00–10.30 (2 j 30 mnt)\n" in card
    assert await activities(session_factory) == []
