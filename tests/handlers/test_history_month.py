"""/riwayat by month: a summary per reported day, earlier months within the person's history,
and typed dates (`/riwayat 27/02`, `/riwayat 2/2026`); bad input and forged buttons change
nothing."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import only_reply, reply_text, snapshot, without_dialog
from tests.handlers.report_helpers import Dialog, add_activity, alert, labels, texts

USAGE = (
    "Buka satu hari dengan, misalnya, /riwayat 30/11 atau /riwayat kemarin, "
    "satu bulan dengan /riwayat 11/2026."
)
NAV = ["Hari", "Pekan", "🗓 Bulan", "📅 Pilih tanggal"]


async def _february(session_factory: async_sessionmaker[AsyncSession], org: Org) -> None:
    """Two February days and today (Monday 02/03/2026); the staff member linked today."""
    await add_activity(session_factory, org.staff, "Rapat", day=date(2026, 2, 10), minutes=60)
    await add_activity(
        session_factory,
        org.staff,
        "Disetujui",
        day=date(2026, 2, 27),
        minutes=120,
        status=ActivityStatus.APPROVED,
    )
    await add_activity(
        session_factory,
        org.staff,
        "Ditolak",
        day=date(2026, 2, 27),
        minutes=30,
        status=ActivityStatus.REJECTED,
    )
    await add_activity(session_factory, org.staff, "Hari ini", minutes=90)


async def test_month_view_summarises_each_reported_day(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _february(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")

    march = texts(await d.press("🗓 Bulan"))

    assert march == [
        "🗓 <b>Maret 2026</b>: 1 hari dilaporkan, 1 j 30 mnt\n\n"
        "<b>Sen 02/03</b> · 1 kegiatan · 1 j 30 mnt · ⏳ 1\n\n"
        "✅ disetujui · ⏳ menunggu · ↩️ dikembalikan. Ketuk tanggal untuk membukanya."
    ]
    assert d.screen("◀️ Bulan sebelumnya").labels == ["02", "◀️ Bulan sebelumnya", *NAV]

    february = texts(await d.press("◀️ Bulan sebelumnya"))

    assert february == [
        "🗓 <b>Februari 2026</b>: 2 hari dilaporkan, 3 jam\n\n"
        "<b>Sel 10/02</b> · 1 kegiatan · 1 jam · ⏳ 1\n"
        "<b>Jum 27/02</b> · 2 kegiatan · 2 jam · ✅ 1 ↩️ 1\n\n"
        "✅ disetujui · ⏳ menunggu · ↩️ dikembalikan. Ketuk tanggal untuk membukanya."
    ]
    # The history starts in February (the first report): no month before it.
    assert d.screen("Bulan berikutnya ▶️").labels == ["10", "27", "Bulan berikutnya ▶️", *NAV]

    day = texts(await d.press("27"))[0]
    assert day.startswith("📜 <b>Jum 27/02/2026</b>: 2 kegiatan, 2 jam\n\n")

    assert texts(await d.press("🗓 Bulan")) == february
    assert texts(await d.press("Bulan berikutnya ▶️")) == march


async def test_a_new_person_has_only_this_month(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    d = Dialog(send, fake_session)

    reply = only_reply(await d.say("/riwayat bulan"))

    assert reply.text == (
        "🗓 <b>Maret 2026</b>: 0 hari dilaporkan, 0 mnt\n\nBelum ada kegiatan pada bulan ini."
    )
    assert labels(reply.reply_markup) == NAV


@pytest.mark.parametrize(
    ("typed", "start"),
    [
        ("/riwayat 27/02", "📜 <b>Jum 27/02/2026</b>: 2 kegiatan"),
        ("/riwayat 27/2/2026", "📜 <b>Jum 27/02/2026</b>: 2 kegiatan"),
        ("/riwayat kemarin", "📜 <b>Min 01/03/2026</b>: 0 kegiatan"),
        ("/riwayat 2/2026", "🗓 <b>Februari 2026</b>: 2 hari dilaporkan"),
        ("/riwayat 2026-02", "🗓 <b>Februari 2026</b>: 2 hari dilaporkan"),
        ("/history pekan", "📜 <b>Pekan 02/03 – 08/03/2026</b>: 1 kegiatan"),
    ],
)
async def test_typed_day_or_month_opens_it(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    typed: str,
    start: str,
) -> None:
    await _february(session_factory, org)
    d = Dialog(send, fake_session)

    assert reply_text(await d.say(typed)).startswith(start)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("/riwayat laporan", "Tulis tanggal seperti 1/12 atau 2026-12-01"),
        ("/riwayat 31/02", "Tanggal itu tidak ada."),
        ("/riwayat 13/2026", "Tanggal itu tidak ada."),
        ("/riwayat 1/12 - 3/12", "Tulis tanggal seperti 1/12 atau 2026-12-01"),
        ("/riwayat 5/03", "Hari atau bulan itu belum tiba."),
        ("/riwayat 4/2026", "Hari atau bulan itu belum tiba."),
        ("/riwayat 12/2025", "Riwayat Anda dimulai pada 02/2026."),
        ("/riwayat 1/1/2026", "Riwayat Anda dimulai pada 02/2026."),
        ("/riwayat " + "1" * 5000, "Tulis tanggal seperti 1/12 atau 2026-12-01"),
    ],
)
async def test_bad_typed_date_says_how_and_changes_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    typed: str,
    problem: str,
) -> None:
    await _february(session_factory, org)
    d = Dialog(send, fake_session)
    before = await snapshot(session_factory)

    text = reply_text(await d.say(typed))

    assert text.startswith(problem)
    assert text.endswith(USAGE)
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    "data",
    [
        "hs:month:2026-04-01:0",  # next month: the future
        "hs:month:2026-01-01:0",  # before the history starts
        "hs:day:2026-03-03:0",  # tomorrow
        "hs:year:2026-03-01:0",  # not a view
        "hs:month::0",
        "ac:remove:1:1",  # an activity action that does not exist
    ],
)
async def test_forged_or_old_month_buttons_are_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    data: str,
) -> None:
    await _february(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    before = await snapshot(session_factory)

    calls = await d.tap(data)

    assert alert(calls) == "Tombol ini sudah tidak berlaku."
    assert await snapshot(session_factory) == before


async def test_double_tap_on_a_month_button_is_harmless(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _february(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("🗓 Bulan")
    before = await snapshot(session_factory)

    old = d.screen("◀️ Bulan sebelumnya")
    first = texts(await d.press("◀️ Bulan sebelumnya", old))
    again = await d.press("◀️ Bulan sebelumnya", old)

    assert first[0].startswith("🗓 <b>Februari 2026</b>")
    assert [type(c).__name__ for c in again] == ["AnswerCallbackQuery", "EditMessageText"]
    assert await snapshot(session_factory) == before


def _visible_length(text: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)))


async def test_a_full_month_of_many_activities_fits_one_message(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    statuses = list(ActivityStatus)
    at = datetime(2026, 2, 1, tzinfo=UTC)
    async with session_factory() as session:
        for offset in range(31):
            for n in range(20):
                session.add(
                    Activity(
                        employee_id=org.staff.id,
                        work_date=date(2026, 1, 1) + timedelta(days=offset),
                        minutes=35,
                        description="Uraian panjang " * 60,
                        status=statuses[n % len(statuses)],
                        version=1,
                        idempotency_key=f"jan:{offset}:{n}",
                        submitted_at=at,
                        updated_at=at,
                    )
                )
        await session.commit()
    d = Dialog(send, fake_session)

    reply = only_reply(await d.say("/riwayat 1/2026"))

    assert reply.text.startswith("🗓 <b>Januari 2026</b>: 31 hari dilaporkan, ")
    assert "<b>Sab 31/01</b> · 20 kegiatan · " in reply.text
    assert _visible_length(reply.text) <= 4096
    day_buttons = [label for label in labels(reply.reply_markup) if label.isdigit()]
    assert day_buttons == [f"{n:02d}" for n in range(1, 32)]


async def test_the_picker_understands_a_typed_date_once(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _february(session_factory, org)
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("📅 Pilih tanggal")

    assert reply_text(await d.say("27/2")).startswith("📜 <b>Jum 27/02/2026</b>: 2 kegiatan")
    # The question is answered: later text is not read as a date.
    assert reply_text(await d.say("27/2")).startswith("Maaf, saya tidak mengerti.")


async def test_the_picker_refuses_a_bad_date_with_the_hint_and_lets_go(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/riwayat")
    await d.press("📅 Pilih tanggal")
    before = await snapshot(session_factory)

    text = reply_text(await d.say("rapat koordinasi"))

    assert (
        text
        == "Tulis tanggal seperti 1/12 atau 2026-12-01, atau rentang seperti 1/12 - 3/12.\n" + USAGE
    )
    assert without_dialog(await snapshot(session_factory)) == without_dialog(before)
    assert reply_text(await d.say("rapat")).startswith("Maaf, saya tidak mengerti.")


async def test_the_picker_never_replaces_a_report_being_written(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session)
    await d.say("/lapor Menyusun draf")  # asks for the time
    await d.say("/riwayat")
    await d.press("📅 Pilih tanggal")

    card = reply_text(await d.say("2 jam"))

    assert "Menyusun draf" in card  # the report dialog got the answer, with its text kept
