"""/cuti: declare leave, sick leave or official travel; list and cancel upcoming ones."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.methods import EditMessageText
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import LeaveKind
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import only_reply, reply_text, snapshot
from tests.handlers.report_helpers import (
    CANCELLED,
    STALE,
    Dialog,
    add_leave,
    alert,
    answers,
    audits,
    fsm_rows,
    labels,
    leaves,
    notifications,
    only_sent,
    texts,
)

ASK_DATES = "Tanggal berapa? Ketik misalnya 1/12 atau 1/12 - 3/12, atau tekan tombol."
ASK_NOTE = "Tambahkan catatan (misalnya nomor surat cuti), atau lewati."
NO_REPORTS = "Pada hari-hari ini tidak perlu lapor dan pengingat berhenti."
SAVED = "✅ Tersimpan. Atasan Anda dapat melihatnya."


async def test_overview_offers_the_three_kinds(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)

    reply = only_reply(await d.say("/cuti"))

    assert reply.text == "🗓 <b>Cuti, sakit, dan dinas luar</b>\nAjukan yang baru:"
    assert labels(reply.reply_markup) == ["Cuti", "Sakit", "Dinas luar"]


async def test_declare_leave_with_typed_range_and_note(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/cuti")

    ask = only_sent(await d.press("Cuti"))
    assert ask.text == ASK_DATES
    assert labels(ask.reply_markup) == ["Hari ini", "Besok", "✖️ Batal"]
    note = only_reply(await d.say("3/3 - 5/3"))
    assert note.text == ASK_NOTE
    assert labels(note.reply_markup) == ["Lewati ➡️", "✖️ Batal"]
    confirm = only_reply(await d.say("Surat   cuti  <12>/2026"))
    summary = (
        "<b>Cuti</b>\n"
        "📅 03/03/2026 – 05/03/2026 (3 hari, 3 hari kerja)\n"
        "🗒 Surat cuti &lt;12&gt;/2026\n" + NO_REPORTS
    )
    assert confirm.text == summary
    assert labels(confirm.reply_markup) == ["✅ Simpan", "✖️ Batal"]
    assert await leaves(session_factory) == []

    calls = await d.press("✅ Simpan")

    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert edit.text == summary + "\n\n" + SAVED
    assert edit.reply_markup is None
    [leave] = await leaves(session_factory)
    assert (leave.employee_id, leave.kind, leave.start_date, leave.end_date) == (
        org.staff.id,
        LeaveKind.LEAVE,
        date(2026, 3, 3),
        date(2026, 3, 5),
    )
    assert (leave.note, leave.created_at, leave.cancelled_at) == (
        "Surat cuti <12>/2026",
        clock(),
        None,
    )
    [audit] = await audits(session_factory)
    assert (audit.action, audit.actor_id, audit.entity_id) == (
        "leave.declare",
        org.staff.id,
        leave.id,
    )
    [note_row] = await notifications(session_factory)
    assert (note_row.recipient_id, note_row.kind) == (org.boss.id, "leave.declared")
    assert note_row.payload == {"leave_id": leave.id, "employee_id": org.staff.id}
    [row] = await fsm_rows(session_factory)
    assert (row.state, row.data) == (None, {})


@pytest.mark.parametrize(
    ("kind", "day_button", "label", "day"),
    [
        ("Sakit", "Hari ini", LeaveKind.SICK, date(2026, 3, 2)),
        ("Dinas luar", "Besok", LeaveKind.OFFICIAL_TRAVEL, date(2026, 3, 3)),
    ],
)
async def test_day_buttons_and_skipped_note(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    kind: str,
    day_button: str,
    label: LeaveKind,
    day: date,
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/cuti")
    await d.press(kind)

    assert texts(await d.press(day_button)) == [ASK_NOTE]
    confirm = texts(await d.press("Lewati ➡️"))
    assert confirm == [f"<b>{kind}</b>\n📅 {day:%d/%m/%Y} (1 hari, 1 hari kerja)\n{NO_REPORTS}"]
    await d.press("✅ Simpan")

    [leave] = await leaves(session_factory)
    assert (leave.kind, leave.start_date, leave.end_date, leave.note) == (label, day, day, None)


@pytest.mark.parametrize("step", ["dates", "note", "confirm"])
async def test_cancel_button_stores_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    step: str,
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/cuti")
    await d.press("Cuti")
    if step != "dates":
        await d.say("3/3 - 5/3")
    if step == "confirm":
        await d.press("Lewati ➡️")

    calls = await d.press("✖️ Batal")

    assert texts(calls) == [CANCELLED]
    assert await leaves(session_factory) == []
    assert await audits(session_factory) == []
    [row] = await fsm_rows(session_factory)
    assert row.state is None


async def test_batal_command_cancels_the_leave_form(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/cuti")
    await d.press("Cuti")
    await d.say("3/3 - 5/3")

    assert reply_text(await d.say("/batal")) == CANCELLED

    assert await leaves(session_factory) == []
    # The form is gone: the buttons of its note step are refused.
    assert alert(await d.press("Lewati ➡️")) == STALE


async def test_double_click_on_save_stores_one_leave(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/cuti")
    await d.press("Cuti")
    await d.say("3/3 - 5/3")
    await d.press("Lewati ➡️")
    confirm = d.screen("✅ Simpan")

    await d.press("✅ Simpan", confirm)
    before = await snapshot(session_factory)
    second = await d.press("✅ Simpan", confirm)

    assert alert(second) == STALE
    assert await snapshot(session_factory) == before
    assert len(await leaves(session_factory)) == 1


async def test_upcoming_leave_is_listed_and_can_be_cancelled(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    upcoming = await add_leave(session_factory, org.staff, date(2026, 3, 4), date(2026, 3, 6))
    await add_leave(session_factory, org.staff, date(2026, 2, 23), date(2026, 2, 27))  # past
    await add_leave(session_factory, org.boss, date(2026, 3, 9), date(2026, 3, 9))  # not mine
    d = Dialog(send, fake_session)

    overview = only_reply(await d.say("/cuti"))

    assert overview.text == (
        "🗓 <b>Cuti, sakit, dan dinas luar</b>\n"
        "Yang akan datang:\n"
        "• Cuti: 04/03/2026 – 06/03/2026\n"
        "Ajukan yang baru:"
    )
    assert labels(overview.reply_markup) == [
        "❌ Batalkan 04/03/2026 – 06/03/2026",
        *("Cuti", "Sakit", "Dinas luar"),
    ]

    calls = await d.press("❌ Batalkan 04/03/2026 – 06/03/2026")

    assert [a.text for a in answers(calls)] == ["Cuti dibatalkan."]
    assert texts(calls) == ["🗓 <b>Cuti, sakit, dan dinas luar</b>\nAjukan yang baru:"]
    stored = {leave.id: leave for leave in await leaves(session_factory)}
    assert stored[upcoming.id].cancelled_at == clock()
    assert [lv.id for lv in stored.values() if lv.cancelled_at] == [upcoming.id]
    [audit] = await audits(session_factory)
    assert (audit.action, audit.entity_id) == ("leave.cancel", upcoming.id)


async def test_leave_that_runs_today_is_listed(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_leave(session_factory, org.staff, date(2026, 2, 26), date(2026, 3, 2), LeaveKind.SICK)
    d = Dialog(send, fake_session)

    assert "• Sakit: 26/02/2026 – 02/03/2026" in reply_text(await d.say("/cuti"))
