"""/cuti: bad dates and notes, overlapping leave, stale and forged buttons."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.leave import LeaveAction, LeaveCb
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import STAFF_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.report_helpers import (
    STALE,
    Dialog,
    add_leave,
    alert,
    audits,
    leaves,
    notifications,
    screens,
    sticker_message,
    texts,
)

ASK_NOTE = "Tambahkan catatan (misalnya nomor surat cuti), atau lewati."
DATE_FORMAT = "Tulis tanggal seperti 1/12 atau 2026-12-01, atau rentang seperti 1/12 - 3/12."


async def _at_dates(d: Dialog) -> None:
    await d.say("/cuti")
    await d.press("Cuti")


def _without_fsm(tables: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {name: rows for name, rows in tables.items() if name != "fsm_state"}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("5/3 - 3/3", "Tanggal selesai sebelum tanggal mulai."),
        ("besok pagi", DATE_FORMAT),
        ("kapan saja", DATE_FORMAT),
        ("mulai 3/3", DATE_FORMAT),
        ("3/3 - 5/3 - 7/3", DATE_FORMAT),
        ("3/3 dan 5/3", DATE_FORMAT),
        ("31/2", "Tanggal itu tidak ada."),
        ("1/3 - 30/6", "Satu pengajuan maksimal 90 hari."),
        ("1/1", "Cuti bisa diajukan paling lama 30 hari ke belakang."),
        ("2025-12-01 - 2025-12-03", "Cuti bisa diajukan paling lama 30 hari ke belakang."),
    ],
)
async def test_bad_dates_are_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    text: str,
    error: str,
) -> None:
    d = Dialog(send, fake_session)
    await _at_dates(d)
    before = await snapshot(session_factory)

    assert reply_text(await d.say(text)) == error

    assert await snapshot(session_factory) == before
    assert reply_text(await d.say("3/3 - 5/3")) == ASK_NOTE  # still asking for dates


async def test_ninety_days_and_thirty_days_back_are_still_allowed(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)
    await _at_dates(d)

    assert reply_text(await d.say("1/2 - 1/5")) == ASK_NOTE  # 1 Feb (29 days back), 90 days


async def test_too_long_note_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await _at_dates(d)
    await d.say("3/3")
    before = await snapshot(session_factory)

    text = reply_text(await d.say("x" * 501))

    assert text == "Catatan terlalu panjang (maksimal 500 karakter)."
    assert await snapshot(session_factory) == before
    assert reply_text(await d.say("x" * 500)).startswith(
        "<b>Cuti</b>\n📅 03/03/2026 (1 hari, 1 hari kerja)"
    )


async def test_overlap_with_existing_leave_is_refused_and_nothing_stored(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_leave(session_factory, org.staff, date(2026, 3, 4), date(2026, 3, 6))
    d = Dialog(send, fake_session)
    await _at_dates(d)
    await d.say("5/3 - 7/3")
    await d.press("Lewati ➡️")
    confirm = d.screen("✅ Simpan")
    before = await snapshot(session_factory)

    calls = await d.press("✅ Simpan", confirm)

    assert texts(calls) == ["Anda sudah mengajukan cuti dari 2026-03-04 sampai 2026-03-06."]
    assert _without_fsm(await snapshot(session_factory)) == _without_fsm(before)
    assert len(await leaves(session_factory)) == 1
    assert await notifications(session_factory) == []
    # The confirm message lost its buttons, and the form ended: a late tap is refused.
    assert not any("✅ Simpan" in s.labels for s in screens(fake_session))
    assert alert(await d.press("✅ Simpan", confirm)) == STALE


async def test_cancelled_leave_does_not_block_a_new_one(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    old = await add_leave(session_factory, org.staff, date(2026, 3, 4), date(2026, 3, 6))
    d = Dialog(send, fake_session)
    await d.say("/cuti")
    await d.press("❌ Batalkan 04/03/2026 – 06/03/2026")
    await d.press("Cuti")
    await d.say("5/3 - 7/3")
    await d.press("Lewati ➡️")

    await d.press("✅ Simpan")

    stored = await leaves(session_factory)
    assert [(lv.id == old.id, lv.cancelled_at is None) for lv in stored] == [
        (True, False),
        (False, True),
    ]


async def test_sticker_and_commands_in_the_form_get_a_hint(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await _at_dates(d)
    before = await snapshot(session_factory)

    sticker = reply_text(await d.upload(sticker_message(STAFF_TG)))
    command = reply_text(await d.say("/help"))
    unknown = reply_text(await d.say("/entahlah"))

    assert sticker == "Ketik jawaban Anda sebagai teks, atau tekan tombol."
    assert "<b>Yang bisa Anda lakukan</b>" in command  # commands work in the middle
    assert unknown == "Maaf, saya tidak mengerti. Lanjutkan pertanyaan di atas, atau /batal."
    assert await snapshot(session_factory) == before  # the form is still open


async def test_stale_cancel_button_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_leave(session_factory, org.staff, date(2026, 3, 4), date(2026, 3, 6))
    d = Dialog(send, fake_session)
    await d.say("/cuti")
    old = d.screen("❌ Batalkan 04/03/2026 – 06/03/2026")
    await d.press("❌ Batalkan 04/03/2026 – 06/03/2026", old)
    before = await snapshot(session_factory)

    calls = await d.press("❌ Batalkan 04/03/2026 – 06/03/2026", old)

    assert alert(calls) == "Cuti ini sudah dibatalkan."
    assert await snapshot(session_factory) == before
    assert len(await audits(session_factory, "leave.cancel")) == 1


@pytest.mark.parametrize("arg", ["other", "999999", "0"])
async def test_cancel_button_of_a_leave_not_yours_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    arg: str,
) -> None:
    theirs = await add_leave(session_factory, org.boss, date(2026, 3, 4), date(2026, 3, 6))
    d = Dialog(send, fake_session)
    before = await snapshot(session_factory)

    leave_id = theirs.id if arg == "other" else int(arg)
    calls = await d.tap(LeaveCb(action=LeaveAction.CANCEL, id=leave_id).pack())

    assert alert(calls) == "Cuti ini sudah dibatalkan."
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("leave_id", ["abc", "²", "-1", str(2**31), "1.5"])
async def test_forged_cancel_button_is_stale(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    leave_id: str,
) -> None:
    d = Dialog(send, fake_session)
    before = await snapshot(session_factory)

    calls = await d.tap(f"lv:cancel:-::0:{leave_id}")

    assert alert(calls) == STALE
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    "data",
    [
        "lv:kind:-:liburan:0:0",
        "lv:save:deadbeef::0:0",
        "lv:day:deadbeef::1:0",
        "lv:day:" + "ab" * 4 + "::2:0",
        "lv:skip:x::0:0",
        "lv:fly:-::0:0",
        "lv:kind:-:cuti",
    ],
)
async def test_forged_form_buttons_are_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    data: str,
) -> None:
    d = Dialog(send, fake_session)
    await _at_dates(d)
    before = await snapshot(session_factory)

    calls = await d.tap(data)

    assert alert(calls) == STALE
    assert await snapshot(session_factory) == before


async def test_range_across_new_year_is_understood(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    clock: FrozenClock,
) -> None:
    clock.now = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)
    d = Dialog(send, fake_session)
    await _at_dates(d)

    assert reply_text(await d.say("29/12 - 2/1")) == ASK_NOTE
    confirm = texts(await d.press("Lewati ➡️"))
    # New Year (a holiday) and the Saturday cost no leave: 3 of the 5 days are workdays.
    assert "📅 29/12/2026 – 02/01/2027 (5 hari, 3 hari kerja)" in confirm[0]
