"""/umpanbalik: feedback on a BerAKHLAK value, asking for feedback, replies, read receipts."""

from __future__ import annotations

from datetime import datetime

import pytest
from aiogram.methods import EditMessageReplyMarkup
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog, CoreValue, Employee, Feedback, FeedbackKind
from services.feedback import give_feedback
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.supervision_helpers import (
    STALE_BUTTON,
    add_employee,
    alert,
    answers,
    buttons,
    data_snapshot,
    feedbacks,
    labels,
    last_message_with,
    load,
    notifications,
    press,
    review_cards,
    rows,
    say,
    sent,
    sent_texts,
    submit,
    tap,
)

Factory = async_sessionmaker[AsyncSession]
CHOOSE_VALUE = "Tentang nilai BerAKHLAK yang mana? (atau Umum)"
WRITE = "Tulis umpan balik Anda:"
SENT = "✅ Terkirim."
CANNOT = "Anda tidak dapat mengirim umpan balik ke sana."
BERAKHLAK = [
    "Berorientasi Pelayanan",
    "Akuntabel",
    "Kompeten",
    "Harmonis",
    "Loyal",
    "Adaptif",
    "Kolaboratif",
    "Umum",
    "📝 Tentang laporan tertentu",
]


async def boss_feedback(factory: Factory, org: Org, now: datetime, text: str) -> Feedback:
    async with factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        return await give_feedback(session, boss, org.staff.id, text, now=now)


async def test_supervisor_gives_feedback_on_a_value(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    calls = await say(send, BOSS_TG, "/umpanbalik")

    [overview] = sent(calls)
    assert overview.text == "Beri umpan balik kepada anggota tim, atau minta umpan balik ke atasan."
    assert labels(overview.reply_markup) == ["💬 Citra Staf"]  # the boss has no supervisor

    calls = await press(
        send, BOSS_TG, last_message_with(fake_session, "💬 Citra Staf"), "💬 Citra Staf"
    )

    [values] = sent(calls)
    assert values.text == CHOOSE_VALUE
    assert labels(values.reply_markup) == BERAKHLAK

    calls = await press(send, BOSS_TG, last_message_with(fake_session, "Akuntabel"), "Akuntabel")

    assert sent_texts(calls) == [WRITE]
    assert await feedbacks(session_factory) == []

    assert sent_texts(await say(send, BOSS_TG, "Laporan keuangan Anda  rapi dan tepat waktu")) == [
        SENT
    ]

    [item] = await feedbacks(session_factory)
    assert (item.kind, item.author_id, item.recipient_id) == (
        FeedbackKind.FEEDBACK,
        org.boss.id,
        org.staff.id,
    )
    assert (item.core_value, item.text) == (
        CoreValue.ACCOUNTABLE,
        "Laporan keuangan Anda rapi dan tepat waktu",
    )
    assert (item.thread_id, item.read_at) == (item.id, None)
    [row] = await notifications(session_factory)
    assert (row.kind, row.recipient_id, row.payload) == (
        "feedback.umpan_balik",
        org.staff.id,
        {"feedback_id": item.id},
    )
    [audit] = await rows(session_factory, AuditLog, AuditLog.action == "feedback.umpan_balik")
    assert audit.actor_id == org.boss.id


async def test_general_feedback_from_the_review_card(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock())
    [card] = await review_cards(send, fake_session, BOSS_TG)

    calls = await press(send, BOSS_TG, card, "💬 Umpan balik")

    assert sent_texts(calls) == [CHOOSE_VALUE]
    values = last_message_with(fake_session, "Umum")
    assert sent_texts(await press(send, BOSS_TG, values, "Umum")) == [WRITE]
    assert sent_texts(await say(send, BOSS_TG, "Pertahankan!")) == [SENT]
    [item] = await feedbacks(session_factory)
    assert (item.recipient_id, item.core_value, item.text) == (org.staff.id, None, "Pertahankan!")


async def test_too_short_text_is_refused_and_the_dialog_stays(
    send: Send, org: Org, session_factory: Factory, fake_session: FakeSession
) -> None:
    await tap(send, BOSS_TG, f"fb:value:{org.staff.id}:kompeten:0")
    before = await snapshot(session_factory)

    assert reply_text(await say(send, BOSS_TG, " x ")) == "Tuliskan pesannya."
    assert await snapshot(session_factory) == before

    assert reply_text(await say(send, BOSS_TG, "Bagus")) == SENT
    [item] = await feedbacks(session_factory)
    assert (item.core_value, item.text) == (CoreValue.COMPETENT, "Bagus")


async def test_feedback_to_someone_outside_the_team_is_refused(
    send: Send, org: Org, session_factory: Factory
) -> None:
    """A forged "to" button: the value can be chosen, the text is refused and not stored."""
    await tap(send, STAFF_TG, f"fb:to:{org.newcomer.id}::0")
    await tap(send, STAFF_TG, f"fb:value:{org.newcomer.id}:loyal:0")
    before = await data_snapshot(session_factory)

    assert reply_text(await say(send, STAFF_TG, "Kerja bagus")) == CANNOT

    assert await data_snapshot(session_factory) == before
    assert await feedbacks(session_factory) == []
    assert reply_text(await say(send, STAFF_TG, "Kerja bagus")).startswith("Maaf, saya tidak")


async def test_unknown_value_button_is_refused(
    send: Send, org: Org, session_factory: Factory
) -> None:
    before = await snapshot(session_factory)

    calls = await tap(send, BOSS_TG, f"fb:value:{org.staff.id}:rajin:0")

    assert alert(calls) == STALE_BUTTON
    assert sent(calls) == []
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    "data",
    ["fb:act:{id}::abc", "fb:act:{id}::²", "fb:act:{id}::-1", "fb:shout:{id}::0", "fb:to:{id}"],
)
async def test_forged_feedback_button_is_refused(
    send: Send, org: Org, session_factory: Factory, data: str
) -> None:
    before = await snapshot(session_factory)

    calls = await tap(send, BOSS_TG, data.format(id=org.staff.id))

    assert alert(calls) == STALE_BUTTON
    assert sent(calls) == []
    assert await snapshot(session_factory) == before
    assert reply_text(await say(send, BOSS_TG, "Kerja bagus")).startswith("Maaf, saya tidak")


async def test_employee_asks_the_supervisor_for_feedback(
    send: Send, org: Org, session_factory: Factory, fake_session: FakeSession
) -> None:
    [overview] = sent(await say(send, STAFF_TG, "/umpanbalik"))
    assert overview.text == "Minta umpan balik ke atasan, atau balas percakapan di atas."
    assert labels(overview.reply_markup) == ["🙋 Minta umpan balik ke atasan"]

    ask = last_message_with(fake_session, "🙋 Minta umpan balik ke atasan")
    calls = await press(send, STAFF_TG, ask, "🙋 Minta umpan balik ke atasan")

    assert sent_texts(calls) == [
        "Ingin umpan balik tentang apa? Pesan Anda akan diteruskan ke atasan."
    ]
    assert reply_text(await say(send, STAFF_TG, "Bagaimana presentasi saya kemarin?")) == SENT
    [item] = await feedbacks(session_factory)
    assert (item.kind, item.author_id, item.recipient_id, item.text) == (
        FeedbackKind.REQUEST,
        org.staff.id,
        org.boss.id,
        "Bagaimana presentasi saya kemarin?",
    )
    [row] = await notifications(session_factory)
    assert (row.kind, row.recipient_id) == ("feedback.permintaan", org.boss.id)


async def test_someone_without_team_supervisor_or_threads_is_told_so(send: Send, org: Org) -> None:
    assert reply_text(await say(send, ADMIN_TG, "/umpanbalik")) == (
        "Belum ada percakapan umpan balik."
    )


async def test_employee_replies_in_the_thread(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    root = await boss_feedback(session_factory, org, clock(), "Laporan Anda rapi")
    clock.advance(minutes=5)

    thread, _ = sent(await say(send, STAFF_TG, "/umpanbalik"))

    assert thread.text == "💬 Dengan Bambang Atasan (1 belum dibaca)\nLaporan Anda rapi"
    assert buttons(thread.reply_markup) == [
        ("💬 Balas", f"fb:reply:{root.id}::0"),
        ("✓ Tandai sudah dibaca", f"fb:read:{root.id}::0"),
    ]

    thread_message = last_message_with(fake_session, "💬 Balas")
    assert sent_texts(await press(send, STAFF_TG, thread_message, "💬 Balas")) == [
        "Tulis balasan Anda:"
    ]
    assert reply_text(await say(send, STAFF_TG, "Terima kasih, Pak")) == SENT

    _, reply = await feedbacks(session_factory)
    assert (reply.kind, reply.thread_id, reply.author_id, reply.recipient_id) == (
        FeedbackKind.REPLY,
        root.id,
        org.staff.id,
        org.boss.id,
    )
    assert [(n.kind, n.recipient_id) for n in await notifications(session_factory)] == [
        ("feedback.umpan_balik", org.staff.id),
        ("feedback.balasan", org.boss.id),
    ]
    boss_view = sent_texts(await say(send, BOSS_TG, "/umpanbalik"))
    assert boss_view[0] == "💬 Dengan Citra Staf (1 belum dibaca)\nTerima kasih, Pak"


async def test_reply_into_someone_elses_thread_is_refused(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    eko = await add_employee(
        session_factory, org, 5, "Eko", clock(), supervisor=org.boss, telegram_user_id=3005
    )
    root = await boss_feedback(session_factory, org, clock(), "Laporan Anda rapi")
    await tap(send, 3005, f"fb:reply:{root.id}::0")
    before = await data_snapshot(session_factory)

    assert reply_text(await say(send, 3005, "Saya ikut membaca")) == CANNOT

    assert await data_snapshot(session_factory) == before
    assert [f.author_id for f in await feedbacks(session_factory)] == [org.boss.id]
    assert eko.id not in {n.recipient_id for n in await notifications(session_factory)}


async def test_mark_as_read(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    root = await boss_feedback(session_factory, org, clock(), "Laporan Anda rapi")
    clock.advance(hours=1)
    await say(send, STAFF_TG, "/umpanbalik")
    thread = last_message_with(fake_session, "✓ Tandai sudah dibaca")

    calls = await press(send, STAFF_TG, thread, "✓ Tandai sudah dibaca")

    assert answers(calls)[0].text == "Ditandai sudah dibaca."
    [markup_edit] = [c for c in calls if isinstance(c, EditMessageReplyMarkup)]
    assert (markup_edit.chat_id, markup_edit.message_id) == (STAFF_TG, thread.message_id)
    assert labels(markup_edit.reply_markup) == ["💬 Balas"]
    assert (await load(session_factory, Feedback, root.id)).read_at == clock()
    assert "feedback.read" in [a.action for a in await rows(session_factory, AuditLog)]
    again = sent_texts(await say(send, STAFF_TG, "/umpanbalik"))
    assert again[0] == "💬 Dengan Bambang Atasan\nLaporan Anda rapi"


@pytest.mark.parametrize("reader", [BOSS_TG, ADMIN_TG], ids=["author", "outsider"])
async def test_only_the_recipient_can_mark_as_read(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, reader: int
) -> None:
    root = await boss_feedback(session_factory, org, clock(), "Laporan Anda rapi")
    before = await snapshot(session_factory)

    calls = await tap(send, reader, f"fb:read:{root.id}::0")

    assert alert(calls) == STALE_BUTTON
    assert await snapshot(session_factory) == before
    assert (await load(session_factory, Feedback, root.id)).read_at is None


async def test_feedback_on_a_specific_report_shows_in_the_employees_history(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    activity = await submit(session_factory, org.staff, "Menyusun notulen rapat", clock())
    await say(send, BOSS_TG, "/umpanbalik")
    await press(send, BOSS_TG, last_message_with(fake_session, "💬 Citra Staf"), "💬 Citra Staf")
    label = "📝 Tentang laporan tertentu"
    choose = await press(send, BOSS_TG, last_message_with(fake_session, label), label)
    assert sent_texts(choose) == ["Laporan yang mana?"]
    report_label = "02/03 Menyusun notulen rapat"
    await press(send, BOSS_TG, last_message_with(fake_session, report_label), report_label)

    assert sent_texts(await say(send, BOSS_TG, "Tambahkan daftar hadir")) == [SENT]

    [item] = await feedbacks(session_factory)
    assert (item.activity_id, item.text) == (activity.id, "Tambahkan daftar hadir")
    history = sent_texts(await say(send, STAFF_TG, "/riwayat"))
    assert "💬 Tambahkan daftar hadir" in history[0]


async def test_another_supervisor_cannot_list_someone_elses_reports(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await submit(session_factory, org.staff, "Menyusun notulen rapat", clock())
    before = await snapshot(session_factory)

    calls = await tap(send, ADMIN_TG, f"fb:acts:{org.staff.id}::0")

    assert alert(calls) == STALE_BUTTON
    assert await snapshot(session_factory) == before
