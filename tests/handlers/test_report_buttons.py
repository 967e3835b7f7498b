"""Buttons of /lapor: double clicks, buttons of an older flow, forged callback data.

The double clicks run on both backends (row locking); the rest only renders (`sqlite_only`)."""

from __future__ import annotations

import pytest
from aiogram.methods import EditMessageReplyMarkup
from aiogram.types import InaccessibleMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import STAFF_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.report_helpers import (
    ASK_DESCRIPTION,
    ASK_OUTPUT,
    STALE,
    Dialog,
    activities,
    alert,
    answers,
    audits,
    notifications,
    only_sent,
    texts,
)

QUICK = "/lapor 08.00-10.30 Menyusun draf laporan keuangan"


async def test_double_click_on_submit_stores_one_activity(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    card = d.screen("✅ Kirim")

    await d.press("✅ Kirim", card)
    before = await snapshot(session_factory)
    second = await d.press("✅ Kirim", card)

    assert alert(second) == STALE
    assert texts(second) == []
    assert await snapshot(session_factory) == before
    assert len(await activities(session_factory)) == 1
    assert len(await audits(session_factory, "activity.create")) == 1
    assert len(await notifications(session_factory)) == 1


async def test_double_click_on_submit_anyway_stores_one_activity(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor 09.00-10.00 Rapat pagi")
    await d.press("✅ Kirim")
    await d.say(QUICK)
    await d.press("✅ Kirim")
    warning = d.screen("Tetap kirim")

    await d.press("Tetap kirim", warning)
    second = await d.press("Tetap kirim", warning)

    assert alert(second) == STALE
    assert len(await activities(session_factory)) == 2


@pytest.mark.sqlite_only
async def test_button_of_an_older_flow_is_refused_and_changes_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    old_card = d.screen("✅ Kirim")
    assert reply_text(await d.say("/lapor")) == ASK_DESCRIPTION
    before = await snapshot(session_factory)

    for label in ("✅ Kirim", "✖️ Batal", "📅 Tanggal", "✏️ Kegiatan"):
        calls = await d.press(label, old_card)
        assert alert(calls) == STALE
        assert texts(calls) == []

    assert await snapshot(session_factory) == before
    # The new flow is untouched and still works.
    await d.say("Rapat koordinasi")
    await d.say("1 jam")
    await d.press("Lewati ➡️")
    await d.press("Lewati ➡️")
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert activity.description == "Rapat koordinasi"


@pytest.mark.sqlite_only
async def test_refused_button_loses_its_keyboard(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    old_card = d.screen("✅ Kirim")
    await d.say("/batal")

    calls = await d.press("✅ Kirim", old_card)

    assert alert(calls) == STALE
    [removal] = [c for c in calls if isinstance(c, EditMessageReplyMarkup)]
    assert removal.message_id == old_card.message.message_id
    assert removal.reply_markup is None


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "data",
    [
        "rp:submit:deadbeef:",
        "rp:force:deadbeef:",
        "rp:cancel:deadbeef:",
        "rp:submit",
        "rp:nonsense:deadbeef:x",
        "zz:whatever",
    ],
)
@pytest.mark.parametrize("active", [True, False], ids=["flow-active", "no-flow"])
async def test_forged_callback_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    data: str,
    active: bool,
) -> None:
    d = Dialog(send, fake_session)
    if active:
        await d.say(QUICK)
    before = await snapshot(session_factory)

    calls = await d.tap(data, updates.bot_message(STAFF_TG))

    assert alert(calls) == STALE
    assert texts(calls) == []
    assert await snapshot(session_factory) == before


@pytest.mark.sqlite_only
@pytest.mark.parametrize("minutes", ["0", "1441", "-5", "abc", ""])
async def test_forged_duration_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    minutes: str,
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor Rapat koordinasi")
    screen = d.screen("1 jam")
    flow = screen.data("1 jam").split(":")[2]
    before = await snapshot(session_factory)

    calls = await d.tap(f"rp:dur:{flow}::{minutes}:0:", screen.message)

    assert STALE in texts(calls) + [a.text for a in answers(calls)]
    assert await snapshot(session_factory) == before


@pytest.mark.sqlite_only
async def test_forged_duration_with_superscript_digit_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor Rapat koordinasi")
    screen = d.screen("1 jam")
    flow = screen.data("1 jam").split(":")[2]
    before = await snapshot(session_factory)

    calls = await d.tap(f"rp:dur:{flow}::²:0:", screen.message)

    assert STALE in texts(calls) + [a.text for a in answers(calls)]
    assert await snapshot(session_factory) == before


@pytest.mark.sqlite_only
async def test_forged_edit_field_changes_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    card = d.screen("✅ Kirim")
    flow = card.data("✅ Kirim").split(":")[2]
    before = await snapshot(session_factory)

    calls = await d.tap(f"rp:edit:{flow}:status:0:0:", card.message)

    assert texts(calls) == []
    assert await snapshot(session_factory) == before


@pytest.mark.sqlite_only
async def test_report_another_starts_a_fresh_flow(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("✅ Kirim")

    assert only_sent(await d.press("➕ Lapor lagi")).text == ASK_DESCRIPTION
    await d.say("Rapat koordinasi")
    assert texts(await d.press("30 menit")) == [ASK_OUTPUT]
    await d.press("Lewati ➡️")
    await d.press("Lewati ➡️")
    await d.press("✅ Kirim")
    assert [a.description for a in await activities(session_factory)] == [
        "Menyusun draf laporan keuangan",
        "Rapat koordinasi",
    ]


@pytest.mark.sqlite_only
async def test_todays_history_button_after_submit_lists_the_report(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    await d.press("✅ Kirim")

    listing = only_sent(await d.press("📜 Riwayat hari ini")).text

    assert listing.startswith("📜 <b>Hari ini, Sen 02/03/2026</b>: 1 kegiatan, 2 j 30 mnt\n\n")
    assert "Menyusun draf laporan keuangan\n⏳ terkirim" in listing


@pytest.mark.sqlite_only
async def test_button_on_an_inaccessible_message_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say(QUICK)
    flow = d.screen("✅ Kirim").data("✅ Kirim")
    before = await snapshot(session_factory)
    gone = InaccessibleMessage(chat=updates.private_chat(STAFF_TG), message_id=1)

    calls = await send(updates.callback(STAFF_TG, flow, gone))  # type: ignore[arg-type]

    assert alert(calls) == "Tombol ini sudah terlalu lama. Silakan gunakan perintahnya lagi."
    assert texts(calls) == []
    assert await snapshot(session_factory) == before
