"""A long working day still reaches the supervisor: 20 activities of 1,000 characters with ten
links each fit in one review card (each text cut with "…", 🔎 sends the whole), through the
outbox, /verifikasi and the decision notice. The fake Bot API refuses anything over Telegram's
limits exactly as Telegram does ("message is too long")."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ratelimit import SendLimiter
from bot.sender import OutboxSender
from models import Employee, NotificationStatus
from services.review import Decision, decide
from tests.conftest import FrozenClock
from tests.fakes.bot_session import TEXT_LIMIT, visible_units
from tests.handlers.conftest import BOSS_TG, Org, Send
from tests.handlers.supervision_helpers import (
    MediaSession,
    answers,
    link,
    notifications,
    press,
    review_cards,
    sent,
    submit,
)

Factory = async_sessionmaker[AsyncSession]


@pytest.fixture
def fake_session() -> MediaSession:
    return MediaSession()


def long_text(n: int, size: int = 1000) -> str:
    stem = f"Kegiatan nomor {n}: menyusun laporan & <analisis> data "
    return (stem * (size // len(stem) + 1))[:size]


async def long_day(factory: Factory, org: Org, clock: FrozenClock, count: int = 20) -> list[int]:
    ids = []
    for n in range(1, count + 1):
        evidence = [
            link(f"https://drive.example.go.id/berkas/{n}/{k}/" + "x" * 150) for k in range(10)
        ]
        activity = await submit(
            factory, org.staff, long_text(n), clock(), minutes=20, evidence=evidence
        )
        ids.append(activity.id)
    return ids


async def test_twenty_long_activities_reach_the_supervisor_as_one_card(
    bot: Bot,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    i18n: I18n,
    fake_session: MediaSession,
) -> None:
    await long_day(session_factory, org, clock)
    clock.advance(minutes=5)  # past the batching window
    sender = OutboxSender(bot, session_factory, i18n, clock, SendLimiter(10_000, 10_000))

    await sender.drain_once()

    [card] = [m for m in fake_session.sent if m.chat.id == BOSS_TG]
    assert visible_units(card.text or "") <= TEXT_LIMIT
    assert "Kegiatan nomor 20" in (card.text or "")
    assert (card.text or "").count("…") >= 20  # every description was cut to fit
    labels = [b.text for row in card.reply_markup.inline_keyboard for b in row]
    assert [f"🔎 {n}" in labels for n in range(1, 21)] == [True] * 20
    assert "✅ Setujui semua (20)" in labels
    assert {n.status for n in await notifications(session_factory, "review.submitted")} == {
        NotificationStatus.SENT
    }


async def test_verify_command_shows_a_long_card_and_the_details_button_the_whole_text(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    ids = await long_day(session_factory, org, clock, count=5)

    [card] = await review_cards(send, fake_session, BOSS_TG)
    assert visible_units(card.text or "") <= TEXT_LIMIT
    calls = await press(send, BOSS_TG, card, "🔎 3")

    [details] = sent(calls)
    assert long_text(3).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in (
        details.text
    )
    assert details.text.count("🔗") == 10
    assert len(answers(calls)) == 1
    assert ids


async def test_the_decision_notice_for_a_long_day_fits(
    bot: Bot,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    i18n: I18n,
    fake_session: MediaSession,
) -> None:
    ids = await long_day(session_factory, org, clock)
    async with session_factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        for activity_id in ids:
            await decide(
                session, boss, activity_id, 1, Decision.REVISION, "Perbaiki " * 55, now=clock()
            )
    clock.advance(minutes=5)
    sender = OutboxSender(bot, session_factory, i18n, clock, SendLimiter(10_000, 10_000))

    await sender.drain_once()

    notices = [m for m in fake_session.sent if m.chat.id == org.staff.telegram_chat_id]
    assert len(notices) == 1
    assert visible_units(notices[0].text or "") <= TEXT_LIMIT
    assert {n.status for n in await notifications(session_factory, "decision.made")} == {
        NotificationStatus.SENT
    }
