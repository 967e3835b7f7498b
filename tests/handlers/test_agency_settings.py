"""/pengaturan: the agency's settings as buttons (no typed keys), the daily target with a
decimal comma, typed times; wrong input, wrong role, double taps and forged buttons change
nothing."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, AuditLog
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import only_reply, reply_text, snapshot, without_dialog
from tests.handlers.report_helpers import Dialog, alert, answers, labels, texts

CARD = (
    "⚙️ <b>Pengaturan instansi</b>\n\n"
    "⏰ Pengingat harian: 16.00\n"
    "🌅 Pengingat pagi: 07.30\n"
    "🔔 Pengingat pagi aktif: ya\n"
    "📨 Ringkasan atasan: 08.00\n"
    "🌙 Jam pengiriman: 06.00–21.00\n"
    "📅 Hari kerja: Sen, Sel, Rab, Kam, Jum\n"
    "📈 Kurva distribusi: hanya peringatan\n"
    "🎯 Target harian: 5 jam\n\n"
    "Ketuk yang ingin Anda ubah."
)
BUTTONS = [
    "⏰ Pengingat harian",
    "🌅 Pengingat pagi",
    "🔔 Pengingat pagi aktif",
    "📨 Ringkasan atasan",
    "🌙 Jam pengiriman",
    "📅 Hari kerja",
    "📈 Kurva distribusi",
    "🎯 Target harian",
]


async def _agency(session_factory: async_sessionmaker[AsyncSession], org: Org) -> Agency:
    async with session_factory() as session:
        agency = await session.get(Agency, org.agency.id)
        assert agency is not None
        return agency


async def _audits(session_factory: async_sessionmaker[AsyncSession]) -> list[AuditLog]:
    async with session_factory() as session:
        rows = await session.scalars(select(AuditLog).where(AuditLog.action == "agency.settings"))
        return list(rows.all())


def _admin(send: Send, fake_session: FakeSession) -> Dialog:
    return Dialog(send, fake_session, ADMIN_TG)


async def test_the_card_names_settings_in_words_with_one_button_each(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    reply = only_reply(await _admin(send, fake_session).say("/pengaturan"))

    assert reply.text == CARD
    assert labels(reply.reply_markup) == BUTTONS
    assert "nudge" not in reply.text.lower()


@pytest.mark.parametrize(("tap", "typed", "minutes"), [("7,5 jam", None, 450), (None, "6,5", 390)])
async def test_daily_target_by_button_or_with_a_decimal_comma(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    tap: str | None,
    typed: str | None,
    minutes: int,
) -> None:
    d = _admin(send, fake_session)
    await d.say("/pengaturan")
    editor = texts(await d.press("🎯 Target harian"))
    assert editor == [
        "🎯 Target harian: 5 jam\n"
        "Ketuk target harian, atau ketik jumlah jam antara 1 dan 12, misalnya 7,5."
    ]
    assert d.screen("7,5 jam").labels == [
        "4 jam",
        "5 jam",
        "6 jam",
        "7 jam",
        "7,5 jam",
        "8 jam",
        "↩️ Kembali",
    ]

    if tap:
        calls = await d.press(tap)
        assert [a.text for a in answers(calls)] == ["✅ Tersimpan."]
        shown = texts(calls)[0]
    else:
        assert typed is not None
        shown = reply_text(await d.say(typed))
        assert shown.startswith("✅ Tersimpan.\n\n")

    assert f"🎯 Target harian: {minutes / 60:g} jam".replace(".", ",") in shown
    assert (await _agency(session_factory, org)).daily_target_minutes == minutes
    [audit] = await _audits(session_factory)
    assert (audit.before, audit.after) == ({"target": "300"}, {"target": str(minutes)})


@pytest.mark.parametrize("typed", ["0,5", "13", "tujuh jam", "7,5,5", "x" * 5000])
async def test_a_bad_target_is_explained_and_the_question_stays(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    typed: str,
) -> None:
    d = _admin(send, fake_session)
    await d.say("/pengaturan")
    await d.press("🎯 Target harian")
    before = await snapshot(session_factory)

    reply = only_reply(await d.say(typed))

    assert reply.text == (
        "Tulis target harian dalam jam antara 1 dan 12, misalnya 7,5.\n"
        "Ketuk target harian, atau ketik jumlah jam antara 1 dan 12, misalnya 7,5."
    )
    assert "7,5 jam" in labels(reply.reply_markup)
    assert await snapshot(session_factory) == before
    # Still asking: a good value now is saved.
    assert reply_text(await d.say("8")).startswith("✅ Tersimpan.")


async def test_a_time_is_typed_and_checked_against_the_sending_hours(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = _admin(send, fake_session)
    await d.say("/pengaturan")
    assert texts(await d.press("⏰ Pengingat harian")) == [
        "⏰ Pengingat harian: 16.00\nKetik jam yang baru, misalnya 16.00 (antara 06.00 dan 21.00)."
    ]
    before = await snapshot(session_factory)

    refused = reply_text(await d.say("jam empat"))

    assert refused.startswith("Tulis jam, misalnya 16.00.\n")
    assert await snapshot(session_factory) == before

    saved = reply_text(await d.say("15.30"))

    assert "⏰ Pengingat harian: 15.30" in saved
    assert (await _agency(session_factory, org)).reminder_time == time(15, 30)


async def test_back_leaves_the_question_without_saving(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = _admin(send, fake_session)
    await d.say("/pengaturan")
    await d.press("🌙 Jam pengiriman")
    before = await snapshot(session_factory)

    assert texts(await d.press("↩️ Kembali")) == [CARD]
    reply = reply_text(await d.say("06.00-20.00"))

    assert reply == "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
    assert await _audits(session_factory) == []
    assert (await snapshot(session_factory))["agency"] == before["agency"]


async def test_toggle_twice_on_the_same_button_sets_it_once(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = _admin(send, fake_session)
    await d.say("/pengaturan")
    old = d.screen("🔔 Pengingat pagi aktif")

    first = await d.press("🔔 Pengingat pagi aktif", old)
    await d.press("🔔 Pengingat pagi aktif", old)  # the same, older button again

    assert "🔔 Pengingat pagi aktif: tidak" in texts(first)[0]
    assert (await _agency(session_factory, org)).nudge_enabled is False
    assert len(await _audits(session_factory)) == 1


async def test_workdays_are_day_buttons_and_at_least_five_stay(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = _admin(send, fake_session)
    await d.say("/pengaturan")
    await d.press("📅 Hari kerja")
    assert d.screen("▫️ Sab").labels == [
        "✅ Sen",
        "✅ Sel",
        "✅ Rab",
        "✅ Kam",
        "✅ Jum",
        "▫️ Sab",
        "▫️ Min",
        "↩️ Kembali",
    ]

    await d.press("▫️ Sab")
    assert (await _agency(session_factory, org)).workdays == "123456"
    await d.press("✅ Sab")
    before = await snapshot(session_factory)

    calls = await d.press("✅ Jum")

    assert alert(calls) == "Tulis hari kerja sebagai angka, misalnya 12345 (Senin = 1)."
    assert await snapshot(session_factory) == before


async def test_typed_english_keys_are_not_needed_nor_applied(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    before = await snapshot(session_factory)

    reply = only_reply(await _admin(send, fake_session).say("/pengaturan nudge off"))

    assert reply.text == CARD
    assert without_dialog(await snapshot(session_factory)) == without_dialog(before)


async def test_not_for_employees(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, STAFF_TG)
    before = await snapshot(session_factory)

    assert reply_text(await d.say("/pengaturan")) == (
        "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
    )
    calls = await d.tap("st:set:target:480:0")

    assert alert(calls) == "Tombol ini sudah tidak berlaku."
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    "data",
    [
        "st:set:target:470:0",  # not one of the offered targets
        "st:set:target:9999:0",  # out of bounds
        "st:set:hari_kerja:8:1",  # no eighth weekday
        "st:set:pengingat:0:0",  # a time is typed, not set by a button
        "st:edit:nudge:0:0",  # toggles have no editor
        "st:edit:zona:0:0",  # not a setting
    ],
)
async def test_forged_buttons_change_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    data: str,
) -> None:
    d = _admin(send, fake_session)
    await d.say("/pengaturan")
    before = await snapshot(session_factory)

    calls = await d.tap(data)

    assert alert(calls) == "Tombol ini sudah tidak berlaku."
    assert await snapshot(session_factory) == before


async def test_settings_never_replace_a_report_being_written(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = _admin(send, fake_session)
    await d.say("/lapor Menyusun draf")  # asks for the time
    await d.say("/pengaturan")

    calls = await d.press("🎯 Target harian")
    await d.press("🔔 Pengingat pagi aktif")  # a toggle needs no typing: it works

    assert alert(calls) == "Selesaikan dulu isian Anda, atau /batal."
    assert "Menyusun draf" in reply_text(await d.say("2 jam"))
    assert (await _agency(session_factory, org)).daily_target_minutes == 300
