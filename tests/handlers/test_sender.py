"""The outbox sender: batching review cards, decisions, and how Telegram errors are handled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendMessage
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ratelimit import SendLimiter
from bot.sender import OutboxSender
from models import Agency, Employee, NotificationStatus
from services.feedback import give_feedback
from services.outbox import enqueue
from services.review import Decision, approve_day, decide
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.supervision_helpers import (
    MONDAY,
    buttons,
    labels,
    load,
    notifications,
    say,
    set_supervisor,
    submit,
)

Factory = async_sessionmaker[AsyncSession]


def fast_limiter() -> SendLimiter:
    return SendLimiter(global_per_second=10_000, per_chat_per_second=10_000)


@pytest.fixture
def sender(bot: Bot, session_factory: Factory, i18n: I18n, clock: FrozenClock) -> OutboxSender:
    return OutboxSender(bot, session_factory, i18n, clock, fast_limiter())


class Outbox:
    """Runs the sender once; returns the messages Telegram accepted (failed tries aside)."""

    def __init__(self, sender: OutboxSender, fake_session: FakeSession) -> None:
        self.sender = sender
        self.fake_session = fake_session

    async def drain(self) -> list[Message]:
        start = len(self.fake_session.sent)
        await self.sender.drain_once()
        return self.fake_session.sent[start:]


@pytest.fixture
def outbox(sender: OutboxSender, fake_session: FakeSession) -> Outbox:
    return Outbox(sender, fake_session)


async def batch_seconds(factory: Factory, org: Org) -> int:
    return (await load(factory, Agency, org.agency.id)).review_batch_seconds


async def boss_decides(
    factory: Factory,
    org: Org,
    clock: FrozenClock,
    decisions: list[tuple[int, Decision, str | None]],
) -> None:
    async with factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        for activity_id, decision, reason in decisions:
            await decide(session, boss, activity_id, 1, decision, reason, now=clock())


def fake_method(chat_id: int) -> SendMessage:
    return SendMessage(chat_id=chat_id, text="…")


# --- review cards, batched ----------------------------------------------------------------------


async def test_reports_within_the_batch_window_reach_the_supervisor_as_one_card(
    org: Org, session_factory: Factory, clock: FrozenClock, outbox: Outbox
) -> None:
    window = await batch_seconds(session_factory, org)
    first = await submit(
        session_factory, org.staff, "Menyusun laporan", clock(), start="08:00", end="09:30"
    )
    clock.advance(seconds=20)
    second = await submit(
        session_factory, org.staff, "Rapat koordinasi", clock(), start="10:00", end="11:00"
    )

    assert await outbox.drain() == []  # still inside the window

    clock.advance(seconds=window - 20 + 1)
    [message] = await outbox.drain()

    assert message.chat.id == BOSS_TG
    assert message.text.startswith(
        "🧾 <b>Citra Staf</b> · Sen 02/03/2026\nMenunggu verifikasi Anda: 2\n"
        "Total hari itu: 2 j 30 mnt\n\n"
    )
    assert "1. 08.00–09.30 (1 j 30 mnt)\nMenyusun laporan" in message.text
    assert "2. 10.00–11.00 (1 jam)\nRapat koordinasi" in message.text
    assert ("✅ 1", f"rv:ok:{first.id}:1") in buttons(message.reply_markup)
    assert ("✅ 2", f"rv:ok:{second.id}:1") in buttons(message.reply_markup)
    assert "✅ Setujui semua (2)" in labels(message.reply_markup)
    rows = await notifications(session_factory)
    assert [(r.kind, r.status, r.sent_at) for r in rows] == [
        ("review.submitted", NotificationStatus.SENT, clock()),
        ("review.submitted", NotificationStatus.SENT, clock()),
    ]

    clock.advance(minutes=10)
    assert await outbox.drain() == []


async def test_review_card_shows_only_what_is_still_pending(
    org: Org, session_factory: Factory, clock: FrozenClock, outbox: Outbox
) -> None:
    first = await submit(session_factory, org.staff, "Menyusun laporan", clock(), minutes=90)
    await submit(session_factory, org.staff, "Rapat koordinasi", clock())
    await boss_decides(session_factory, org, clock, [(first.id, Decision.APPROVE, None)])
    await outbox.drain()  # the decision for Citra

    clock.advance(seconds=await batch_seconds(session_factory, org) + 1)
    [card] = await outbox.drain()

    assert card.chat.id == BOSS_TG
    assert "Menunggu verifikasi Anda: 1" in card.text
    assert "Rapat koordinasi" in card.text
    assert "Menyusun laporan" not in card.text


async def test_review_rows_are_skipped_when_everything_was_decided_meanwhile(
    org: Org, session_factory: Factory, clock: FrozenClock, outbox: Outbox
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock(), minutes=90)
    await submit(session_factory, org.staff, "Rapat koordinasi", clock())
    async with session_factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        await approve_day(session, boss, org.staff.id, MONDAY, now=clock())
    clock.advance(seconds=await batch_seconds(session_factory, org) + 1)

    messages = await outbox.drain()

    assert [m.chat.id for m in messages] == [STAFF_TG]  # the decisions only; no card
    review = await notifications(session_factory, "review.submitted")
    assert [(r.status, r.last_error) for r in review] == [
        (NotificationStatus.SKIPPED, "nothing to say"),
        (NotificationStatus.SKIPPED, "nothing to say"),
    ]


# --- decisions ----------------------------------------------------------------------------------


async def test_decisions_reach_the_employee_in_one_message(
    org: Org, session_factory: Factory, clock: FrozenClock, outbox: Outbox
) -> None:
    approved = await submit(
        session_factory, org.staff, "Menyusun laporan", clock(), start="08:00", end="09:30"
    )
    revised = await submit(
        session_factory, org.staff, "Rapat koordinasi", clock(), start="10:00", end="11:00"
    )
    await boss_decides(
        session_factory,
        org,
        clock,
        [
            (approved.id, Decision.APPROVE, None),
            (revised.id, Decision.REVISION, "Lampirkan <notulen>"),
        ],
    )

    [message] = await outbox.drain()  # the review rows are not due yet

    assert message.chat.id == STAFF_TG
    assert message.text == (
        "📋 <b>Atasan sudah memeriksa laporan Anda untuk Sen 02/03/2026</b>\n"
        "✅ 08.00–09.30 (1 j 30 mnt) · Menyusun laporan\n"
        "✏️ 10.00–11.00 (1 jam) · Rapat koordinasi\n"
        "   Catatan: Lampirkan &lt;notulen&gt;"
    )
    assert labels(message.reply_markup) == ["✏️ Perbaiki: Rapat koordinasi"]
    decisions = await notifications(session_factory, "decision.made")
    assert {r.status for r in decisions} == {NotificationStatus.SENT}
    assert await outbox.drain() == []


# --- Telegram errors ----------------------------------------------------------------------------


async def decided_report(factory: Factory, org: Org, clock: FrozenClock) -> None:
    report = await submit(factory, org.staff, "Menyusun laporan", clock())
    await boss_decides(factory, org, clock, [(report.id, Decision.APPROVE, None)])


async def test_blocked_bot_marks_the_recipient_unreachable(
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    outbox: Outbox,
    fake_session: FakeSession,
) -> None:
    await decided_report(session_factory, org, clock)
    fake_session.fail_next(
        SendMessage,
        TelegramForbiddenError(fake_method(STAFF_TG), "Forbidden: bot was blocked by the user"),
    )

    await outbox.drain()

    [row] = await notifications(session_factory, "decision.made")
    assert (row.status, row.attempts, row.last_error) == (
        NotificationStatus.FAILED,
        1,
        "403 forbidden",
    )
    assert (await load(session_factory, Employee, org.staff.id)).unreachable_since == clock()

    clock.advance(minutes=5)
    second = await submit(session_factory, org.staff, "Rapat", clock(), start="13:00", end="14:00")
    await boss_decides(session_factory, org, clock, [(second.id, Decision.APPROVE, None)])

    assert await outbox.drain() == []  # not even tried
    _, later = await notifications(session_factory, "decision.made")
    assert (later.status, later.last_error) == (NotificationStatus.SKIPPED, "unreachable")


async def test_writing_again_makes_the_recipient_reachable(
    send: Send,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    outbox: Outbox,
    fake_session: FakeSession,
) -> None:
    await decided_report(session_factory, org, clock)
    fake_session.fail_next(
        SendMessage, TelegramForbiddenError(fake_method(STAFF_TG), "Forbidden: bot was blocked")
    )
    await outbox.drain()
    clock.advance(minutes=5)

    await say(send, STAFF_TG, "/help")  # unblocked the bot, and writes again

    assert (await load(session_factory, Employee, org.staff.id)).unreachable_since is None
    second = await submit(session_factory, org.staff, "Rapat", clock(), start="13:00", end="14:00")
    await boss_decides(session_factory, org, clock, [(second.id, Decision.APPROVE, None)])
    [message] = await outbox.drain()
    assert message.chat.id == STAFF_TG
    assert "Rapat" in (message.text or "")


async def test_nothing_is_sent_outside_the_sending_hours(
    org: Org, session_factory: Factory, clock: FrozenClock, outbox: Outbox
) -> None:
    clock.advance(hours=13)  # 22.00 WIB
    await decided_report(session_factory, org, clock)

    assert await outbox.drain() == []

    [row] = await notifications(session_factory, "decision.made")
    assert (row.status, row.attempts) == (NotificationStatus.PENDING, 0)
    assert row.next_attempt_at == datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # 06.00 WIB
    clock.now = row.next_attempt_at
    [message] = await outbox.drain()
    assert message.chat.id == STAFF_TG


async def test_too_many_requests_waits_for_retry_after(
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    outbox: Outbox,
    fake_session: FakeSession,
    bot: Bot,
    i18n: I18n,
) -> None:
    await decided_report(session_factory, org, clock)
    fake_session.fail_next(
        SendMessage,
        TelegramRetryAfter(fake_method(STAFF_TG), "Too Many Requests: retry after 30", 30),
    )
    failed_at = clock()

    assert await outbox.drain() == []

    [row] = await notifications(session_factory, "decision.made")
    assert (row.status, row.attempts, row.last_error) == (NotificationStatus.PENDING, 1, "429")
    assert row.next_attempt_at == failed_at + timedelta(seconds=30)

    clock.advance(seconds=29)
    assert await outbox.drain() == []

    clock.advance(seconds=2)
    # A fresh sender: this one's limiter really pauses sending for the 30 seconds.
    fresh = Outbox(OutboxSender(bot, session_factory, i18n, clock, fast_limiter()), fake_session)
    [message] = await fresh.drain()
    assert message.chat.id == STAFF_TG
    [row] = await notifications(session_factory, "decision.made")
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 2)


async def test_server_errors_are_retried_with_backoff_then_given_up(
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    outbox: Outbox,
    fake_session: FakeSession,
) -> None:
    await decided_report(session_factory, org, clock)
    tries = 0
    for attempt, delay in enumerate([5, 10, 20, 40, 80, 160, 320], start=1):
        fake_session.fail_next(
            SendMessage, TelegramServerError(fake_method(STAFF_TG), "Internal Server Error")
        )
        tries += 1
        assert await outbox.drain() == []
        [row] = await notifications(session_factory, "decision.made")
        assert (row.status, row.attempts, row.last_error) == (
            NotificationStatus.PENDING,
            attempt,
            "TelegramServerError",
        )
        assert row.next_attempt_at == clock() + timedelta(seconds=delay)
        clock.advance(seconds=delay - 1)
        assert await outbox.drain() == []  # not due yet
        clock.advance(seconds=1)

    fake_session.fail_next(SendMessage, TelegramServerError(fake_method(STAFF_TG), "Bad Gateway"))
    await outbox.drain()

    [row] = await notifications(session_factory, "decision.made")
    assert (row.status, row.attempts) == (NotificationStatus.FAILED, 8)
    clock.advance(hours=1)
    start = len(fake_session.calls)
    await outbox.drain()
    assert fake_session.calls[start:] == []
    assert len([c for c in fake_session.calls if isinstance(c, SendMessage)]) == tries + 1


async def test_bad_request_fails_the_row_at_once(
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    outbox: Outbox,
    fake_session: FakeSession,
) -> None:
    await decided_report(session_factory, org, clock)
    fake_session.fail_next(
        SendMessage, TelegramBadRequest(fake_method(STAFF_TG), "Bad Request: chat not found")
    )

    await outbox.drain()

    [row] = await notifications(session_factory, "decision.made")
    assert (row.status, row.attempts, row.last_error) == (
        NotificationStatus.FAILED,
        1,
        "Bad Request: chat not found",
    )
    assert (await load(session_factory, Employee, org.staff.id)).unreachable_since is None
    # The admin hears of it (once), in Indonesian, with the reference of the failed row.
    [report] = await notifications(session_factory, "delivery.failed")
    assert report.recipient_id == org.admin.id
    [notice] = await outbox.drain()
    assert notice.chat.id == org.admin.telegram_chat_id
    assert notice.text == (
        f"⚠️ Pesan untuk {org.staff.name} tidak dapat dikirim dan tidak akan dicoba lagi "
        f"(ref. #{row.id}, decision.made). Telegram menjawab: Bad Request: chat not found"
    )
    assert await outbox.drain() == []


async def test_a_refused_failure_report_is_not_reported_again(
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    outbox: Outbox,
    fake_session: FakeSession,
) -> None:
    await decided_report(session_factory, org, clock)
    for _ in range(2):
        fake_session.fail_next(
            SendMessage, TelegramBadRequest(fake_method(STAFF_TG), "Bad Request: chat not found")
        )
    await outbox.drain()
    await outbox.drain()

    # The report to the admin was refused too: it failed, and no report about it was made.
    assert [n.status for n in await notifications(session_factory, "delivery.failed")] == [
        NotificationStatus.FAILED
    ]


async def test_unlinked_recipient_is_skipped(
    org: Org, session_factory: Factory, clock: FrozenClock, outbox: Outbox
) -> None:
    await set_supervisor(session_factory, org.newcomer, org.boss)
    async with session_factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        await give_feedback(session, boss, org.newcomer.id, "Selamat bergabung", now=clock())

    assert await outbox.drain() == []

    [row] = await notifications(session_factory, "feedback.umpan_balik")
    assert (row.recipient_id, row.status, row.last_error) == (
        org.newcomer.id,
        NotificationStatus.SKIPPED,
        "not linked",
    )


@pytest.mark.parametrize(
    ("hour_utc", "greeting"),
    [(1, True), (7, False)],  # 08.00 and 14.00 WIB
)
async def test_the_digest_says_good_morning_only_in_the_morning(
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    outbox: Outbox,
    hour_utc: int,
    greeting: bool,
) -> None:
    clock.now = datetime(2026, 3, 2, hour_utc, 0, tzinfo=UTC)
    async with session_factory() as session:
        await enqueue(
            session,
            recipient_id=org.boss.id,
            kind="digest.pending",
            payload={"count": 3},
            dedup_key="digest-test",
            now=clock(),
        )
        await session.commit()

    [message] = await outbox.drain()

    assert (message.text or "").startswith("🧾 Selamat pagi!") is greeting
    assert "3 laporan tim menunggu verifikasi Anda." in (message.text or "")
