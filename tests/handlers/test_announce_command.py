"""/umumkan: text, who receives it, a preview with the sender's name, then Send or Cancel;
nothing is queued before the confirmation, and never twice."""

from __future__ import annotations

from aiogram import Bot
from aiogram.utils.i18n import I18n
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ratelimit import SendLimiter
from bot.sender import OutboxSender
from models import Announcement, Notification
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import count, reply_text, snapshot, without_dialog
from tests.handlers.report_helpers import Dialog, alert, texts

TEXT = "Apel pagi besok pukul 07.30 <wajib>."


async def _to_preview(d: Dialog, text: str = TEXT) -> list[str]:
    await d.say("/umumkan")
    assert reply_text(await d.say(text)) == "Siapa yang menerima?"
    return texts(await d.press("👥 Semua pegawai"))


async def test_preview_shows_the_message_as_sent_with_the_senders_name(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, ADMIN_TG)

    preview = await _to_preview(d)

    assert preview == [
        "Pratinjau untuk semua pegawai. Kirim sekarang?\n\n"
        "📢 <b>Pengumuman</b>\n"
        "Apel pagi besok pukul 07.30 &lt;wajib&gt;.\n\n"
        "— Ani Admin"
    ]
    assert d.screen("📢 Kirim").labels == ["📢 Kirim", "✖️ Batal"]
    assert await count(session_factory, Announcement) == 0

    sent = texts(await d.press("📢 Kirim"))

    assert sent[0].startswith("📢 Dijadwalkan untuk 3 orang.")
    async with session_factory() as session:
        [item] = (await session.scalars(select(Announcement))).all()
        assert (item.text, item.author_id) == (TEXT, org.admin.id)
    assert await count(session_factory, Notification) == 3


async def test_second_tap_on_send_queues_nothing_more(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, ADMIN_TG)
    await _to_preview(d)
    preview = d.screen("📢 Kirim")
    await d.press("📢 Kirim", preview)
    before = await snapshot(session_factory)

    calls = await d.press("📢 Kirim", preview)

    assert alert(calls) == "Tombol ini sudah tidak berlaku."
    assert await snapshot(session_factory) == before
    assert await count(session_factory, Announcement) == 1


async def test_cancel_sends_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, ADMIN_TG)
    await _to_preview(d)
    preview = d.screen("📢 Kirim")

    assert texts(await d.press("✖️ Batal")) == ["Tidak dikirim."]
    assert alert(await d.press("📢 Kirim", preview)) == "Tombol ini sudah tidak berlaku."
    assert await count(session_factory, Announcement) == 0
    assert await count(session_factory, Notification) == 0


async def test_typing_at_the_preview_says_what_to_tap(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, ADMIN_TG)
    await _to_preview(d)

    assert reply_text(await d.say("ya kirim")) == (
        "Ketuk 📢 Kirim atau ✖️ Batal di atas, atau /batal."
    )
    assert await count(session_factory, Announcement) == 0
    assert texts(await d.press("📢 Kirim"))[0].startswith("📢 Dijadwalkan untuk 3 orang.")


async def test_too_long_or_too_short_text_is_refused_and_the_question_stays(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, ADMIN_TG)
    await d.say("/umumkan")
    before = without_dialog(await snapshot(session_factory))

    long = reply_text(await d.say("x" * 3500))
    short = reply_text(await d.say("ok"))

    assert long == (
        "Pesan terlalu panjang (maksimal 3000 karakter).\n"
        "Anda menulis 3500 karakter; mohon persingkat lalu kirim lagi."
    )
    assert short == "Tuliskan pesannya."
    assert without_dialog(await snapshot(session_factory)) == before
    assert reply_text(await d.say(TEXT)) == "Siapa yang menerima?"


async def test_forged_unit_or_stale_target_button_is_refused(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, ADMIN_TG)
    await d.say("/umumkan")
    await d.say(TEXT)
    before = await snapshot(session_factory)

    assert alert(await d.tap("an:unit:99999")) == "Tombol ini sudah tidak berlaku."
    assert alert(await d.tap("an:shout:0")) == "Tombol ini sudah tidak berlaku."
    assert await snapshot(session_factory) == before

    await d.press("👥 Semua pegawai")
    # The target buttons are gone with the preview; an old one cannot restart it.
    assert alert(await d.tap("an:unit:0")) == "Tombol ini sudah tidak berlaku."


async def test_not_for_employees(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    d = Dialog(send, fake_session, STAFF_TG)
    before = await snapshot(session_factory)

    assert reply_text(await d.say("/umumkan")) == (
        "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
    )
    assert alert(await d.tap("an:send:0")) == "Tombol ini sudah tidak berlaku."
    assert await snapshot(session_factory) == before


async def test_recipients_read_the_senders_name(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    bot: Bot,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: I18n,
    clock: FrozenClock,
) -> None:
    d = Dialog(send, fake_session, ADMIN_TG)
    await _to_preview(d)
    await d.press("📢 Kirim")
    limiter = SendLimiter(global_per_second=10_000, per_chat_per_second=10_000)
    start = len(fake_session.sent)

    await OutboxSender(bot, session_factory, i18n, clock, limiter).drain_once()

    received = {m.chat.id: m.text for m in fake_session.sent[start:]}
    assert received[STAFF_TG] == (
        "📢 <b>Pengumuman</b>\nApel pagi besok pukul 07.30 &lt;wajib&gt;.\n\n— Ani Admin"
    )
