"""/rekap in chat: the month chart as a photo with its numbers and buttons, progress while it
renders, the cache on a second tap, month paging, the team heat-map and its files, the admin's
unit picker; and every bad input (wrong role, forged or stale buttons, future months, ids out
of range) answered clearly with nothing changed. Render-only: SQLite."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    SendChatAction,
    SendDocument,
    SendMessage,
    SendPhoto,
)
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.recap import progress
from models import ActivityStatus, AuditLog, Employee
from tests.conftest import FrozenClock
from tests.fakes import updates
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import Calls, of_type, snapshot
from tests.services.recap_helpers import add_activity

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

Factory = async_sessionmaker[AsyncSession]
NOW = datetime(2026, 3, 26, 2, 0, tzinfo=UTC)  # Thursday 09:00 WIB
REFUSED = "Anda tidak dapat melihat rekap itu."
STALE = "Tombol ini sudah tidak berlaku."
FUTURE = "Bulan itu belum dimulai."


@pytest.fixture(autouse=True)
def _march(clock: FrozenClock) -> None:
    clock.now = NOW


async def _work(factory: Factory, org: Org) -> None:
    async with factory() as session:
        staff = await session.get(Employee, org.staff.id)
        boss = await session.get(Employee, org.boss.id)
        assert staff is not None
        assert boss is not None
        await add_activity(session, staff, 2, 300, decided_by=boss, description="Menyusun data")
        await add_activity(session, staff, 3, 240, ActivityStatus.SUBMITTED)
        await add_activity(session, staff, 25, 300, decided_by=boss)


def photos(calls: Calls) -> list[SendPhoto]:
    return of_type(calls, SendPhoto)


def png_size(call: SendPhoto) -> tuple[int, int]:
    assert isinstance(call.photo, BufferedInputFile)
    picture = Image.open(io.BytesIO(call.photo.data))
    assert picture.format == "PNG"
    return picture.size


def button_data(markup: Any) -> dict[str, str]:
    assert isinstance(markup, InlineKeyboardMarkup)
    return {b.text: b.callback_data or "" for row in markup.inline_keyboard for b in row}


async def tap(send: Send, user_id: int, data: str) -> Calls:
    return await send(updates.callback(user_id, data, updates.bot_message(user_id)))


def alert_text(calls: Calls) -> str:
    [answer] = of_type(calls, AnswerCallbackQuery)
    assert answer.show_alert is True
    return answer.text or ""


async def test_an_employee_gets_the_month_as_a_photo_with_numbers_and_buttons(
    send: Send, org: Org, session_factory: Factory
) -> None:
    await _work(session_factory, org)
    before = await snapshot(session_factory)

    calls = await send(updates.text_message(STAFF_TG, "/rekap"))

    [photo] = photos(calls)
    assert png_size(photo) == (1000, 540)
    assert photo.caption is not None
    assert photo.caption.split("\n") == [
        "📊 <b>Rekap Maret 2026</b> — Citra Staf",
        "Hari kerja dilaporkan: 3 dari 13 sejauh ini",
        "Disetujui: 600 dari target 3.900 mnt sejauh ini (15%)",
        "🔥 Beruntun: 1 hari kerja",
        "⏳ Menunggu verifikasi: 1 · ✏️ Perlu revisi: 0",
        "Hari wajib bulan ini: 17 · Rasio TPP: 11%",
    ]
    assert list(button_data(photo.reply_markup)) == [
        "◀️ 02/2026",  # no next month: it is in the future
        "📄 Laporan Harian (XLSX)",
        "📄 Laporan Harian (PDF)",
        "📤 Progres Harian e-Kinerja (XLSX)",
    ]
    assert any(c.action == "upload_photo" for c in of_type(calls, SendChatAction))
    assert await snapshot(session_factory) == before


async def test_slow_work_shows_progress_and_a_second_tap_is_served_from_the_cache(
    send: Send, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "PROGRESS_AFTER_SECONDS", 0.0)

    first = await send(updates.text_message(STAFF_TG, "/rekap"))
    second = await send(updates.text_message(STAFF_TG, "/rekap"))

    [notice] = of_type(first, SendMessage)
    assert notice.text == "⏳ Menyiapkan rekap…"
    [done] = of_type(first, EditMessageText)
    assert done.text == "✅ Rekap sudah siap."
    assert len(photos(first)) == 1
    # Nothing to render the second time: the photo alone, at once.
    assert [type(c) for c in second] == [SendPhoto]
    assert photos(second)[0].photo.data == photos(first)[0].photo.data  # type: ignore[union-attr]


async def test_month_buttons_page_back_and_forward_but_never_into_the_future(
    send: Send, org: Org, session_factory: Factory
) -> None:
    [photo] = photos(await send(updates.text_message(STAFF_TG, "/rekap")))

    calls = await tap(send, STAFF_TG, button_data(photo.reply_markup)["◀️ 02/2026"])

    [february] = photos(calls)
    assert february.caption is not None
    assert february.caption.startswith("📊 <b>Rekap Februari 2026</b>")
    assert list(button_data(february.reply_markup))[:2] == ["◀️ 01/2026", "03/2026 ▶️"]
    before = await snapshot(session_factory)
    forged = await tap(send, STAFF_TG, f"rk:{org.staff.id}:2026:4")
    assert alert_text(forged) == FUTURE
    typed = await send(updates.text_message(STAFF_TG, "/rekap 2026-04"))
    assert [c.text for c in of_type(typed, SendMessage)] == [FUTURE]
    assert photos(forged + typed) == []
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    "data",
    [
        "rk:99999999999999999999:2026:3",
        "rk:0:2026:3",
        "rk:{staff}:1999:3",
        "rk:{staff}:2026:13",
        "rk:{staff}:x:3",
        "rt:z:{boss}:2026:3",
        "rx:nope:p:{staff}:2026:3",
        "ru:-1",
    ],
)
async def test_forged_buttons_out_of_range_are_stale(
    send: Send, org: Org, session_factory: Factory, data: str
) -> None:
    before = await snapshot(session_factory)

    calls = await tap(send, STAFF_TG, data.format(staff=org.staff.id, boss=org.boss.id))

    assert alert_text(calls) == STALE
    assert photos(calls) == []
    assert of_type(calls, SendDocument) == []
    assert await snapshot(session_factory) == before


async def test_wrong_role_and_other_peoples_data_are_refused(
    send: Send, org: Org, session_factory: Factory
) -> None:
    before = await snapshot(session_factory)
    refused = [
        f"rk:{org.boss.id}:2026:3",  # the supervisor's own month
        f"rk:{org.newcomer.id}:2026:3",  # someone outside the reporting line
        f"rk:{2**31 - 1}:2026:3",  # an id that does not exist: the same answer
        f"rt:s:{org.boss.id}:2026:3",  # the supervisor's team
        f"rt:u:{org.unit.id}:2026:3",  # a unit (admins only)
        f"rx:tpp:s:{org.boss.id}:2026:3",
        f"rx:lhx:p:{org.boss.id}:2026:3",
        f"ru:{org.unit.id}",
    ]
    for data in refused:
        calls = await tap(send, STAFF_TG, data)
        assert alert_text(calls) == REFUSED
        assert photos(calls) == []
        assert of_type(calls, SendDocument) == []

    team = await send(updates.text_message(STAFF_TG, "/rekap tim"))
    unit = await send(updates.text_message(STAFF_TG, "/rekap unit"))
    usage = await send(updates.text_message(STAFF_TG, "/rekap kemarin dulu sekali"))

    assert [c.text for c in of_type(team, SendMessage)] == [
        "Anda tidak memiliki tim untuk direkap. /rekap menampilkan bulan Anda sendiri."
    ]
    assert [c.text for c in of_type(unit, SendMessage)] == [
        "Hanya admin yang dapat melihat rekap unit mana pun."
    ]
    assert of_type(usage, SendMessage)[0].text.startswith("Gunakan /rekap (bulan saya)")
    assert await snapshot(session_factory) == before


async def test_an_employee_downloads_their_own_files_without_an_audit_row(
    send: Send, org: Org, session_factory: Factory
) -> None:
    await _work(session_factory, org)
    [photo] = photos(await send(updates.text_message(STAFF_TG, "/rekap")))
    buttons = button_data(photo.reply_markup)

    xlsx = of_type(await tap(send, STAFF_TG, buttons["📄 Laporan Harian (XLSX)"]), SendDocument)
    pdf = of_type(await tap(send, STAFF_TG, buttons["📄 Laporan Harian (PDF)"]), SendDocument)
    ph = of_type(
        await tap(send, STAFF_TG, buttons["📤 Progres Harian e-Kinerja (XLSX)"]), SendDocument
    )

    names = [c.document.filename for c in xlsx + pdf + ph]  # type: ignore[union-attr]
    assert names == [
        f"Laporan-Harian-{org.staff.nip}-2026-03.xlsx",
        f"Laporan-Harian-{org.staff.nip}-2026-03.pdf",
        f"Progres-Harian-{org.staff.nip}-20260301-20260326.xlsx",
    ]
    data = ph[0].document.data  # type: ignore[union-attr]
    sheet = load_workbook(io.BytesIO(data)).active
    assert [row[4] for row in sheet.iter_rows(values_only=True)] == [
        "Kegiatan",
        "Menyusun data",
        "Menyusun laporan",
    ]
    async with session_factory() as session:
        assert (await session.scalars(AuditLog.__table__.select())).all() == []


async def test_a_supervisor_gets_the_heatmap_backlog_drilldown_and_tpp_file(
    send: Send, org: Org, session_factory: Factory
) -> None:
    await _work(session_factory, org)

    calls = await send(updates.text_message(BOSS_TG, "/rekap tim"))

    [heatmap] = photos(calls)
    width, height = png_size(heatmap)
    assert width > 900
    assert height >= 200  # one person: a short picture
    assert heatmap.caption == (
        "👥 <b>Bambang Atasan</b> — Maret 2026 (1/1)\n• Citra Staf: 600 mnt · lapor 23%"
    )
    [summary] = of_type(calls, SendMessage)
    assert summary.text.split("\n")[:4] == [
        "👥 <b>Bambang Atasan</b> — Maret 2026",
        "Pegawai: 1 · hari dilaporkan: 23%",
        "Menit disetujui (semua): 600",
        "⏳ Menunggu verifikasi: 1, tertua 2 hari",
    ]
    person = await tap(send, BOSS_TG, button_data(heatmap.reply_markup)["👤 Citra Staf"])
    assert photos(person)[0].caption.startswith("📊 <b>Rekap Maret 2026</b> — Citra Staf")  # type: ignore[union-attr]

    tpp = await tap(send, BOSS_TG, button_data(summary.reply_markup)["📊 Rekap TPP (XLSX)"])

    [document] = of_type(tpp, SendDocument)
    assert document.document.filename == f"Rekap-TPP-tim{org.boss.id}-2026-03.xlsx"  # type: ignore[union-attr]
    async with session_factory() as session:
        audit = (await session.scalars(select(AuditLog).order_by(AuditLog.id))).all()
    # Opening Citra's own recap is an audited read; the team file is the export.
    assert [(a.action, a.entity, a.entity_id) for a in audit] == [
        ("read", "employee", org.staff.id),
        ("recap.export", "team", org.boss.id),
    ]


async def test_an_admin_picks_a_unit(send: Send, org: Org) -> None:
    picker = of_type(await send(updates.text_message(ADMIN_TG, "/rekap unit")), SendMessage)
    assert picker[0].text == "🏢 Pilih unit."
    level = of_type(
        await tap(send, ADMIN_TG, button_data(picker[0].reply_markup)["🏢 Dinas Uji"]), SendMessage
    )
    assert level[0].text.startswith("🏢 <b>Dinas Uji</b>")

    calls = await tap(send, ADMIN_TG, button_data(level[0].reply_markup)["📊 Rekap unit ini"])

    [heatmap] = photos(calls)
    assert heatmap.caption is not None
    assert heatmap.caption.count("\n• ") == 4  # admin, boss, staff, newcomer
