"""What the supervisor's card says about the day: its total, a day longer than the agency's
limit, work reported on a leave day; and a second "Setujui semua" on a card already done."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import LeaveKind
from tests.conftest import FrozenClock
from tests.handlers.conftest import BOSS_TG, Org, Send
from tests.handlers.helpers import snapshot
from tests.handlers.report_helpers import add_leave
from tests.handlers.supervision_helpers import (
    ALREADY_DECIDED,
    MediaSession,
    after_edit,
    alert,
    press,
    review_cards,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
MONDAY = date(2026, 3, 2)


@pytest.fixture
def fake_session() -> MediaSession:
    return MediaSession()


async def test_the_card_flags_a_long_day_and_a_leave_day(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    await add_leave(session_factory, org.staff, MONDAY, MONDAY, LeaveKind.SICK)
    await submit(session_factory, org.staff, "Lembur menyusun anggaran", clock(), minutes=600)
    await submit(session_factory, org.staff, "Rapat evaluasi", clock(), minutes=180)

    [card] = await review_cards(send, fake_session, BOSS_TG)

    assert "Total hari itu: 13 jam\n" in (card.text or "")
    assert "⚠️ Lebih dari 12 jam dilaporkan pada hari ini." in (card.text or "")
    assert "⚠️ Hari itu tercatat: Sakit." in (card.text or "")


async def test_a_second_approve_all_says_it_is_done_not_that_the_employee_changed_it(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock(), minutes=60)
    [card] = await review_cards(send, fake_session, BOSS_TG)
    await press(send, BOSS_TG, card, "✅ Setujui semua (1)")
    before = await snapshot(session_factory)

    calls = await press(send, BOSS_TG, card, "✅ Setujui semua (1)")

    assert alert(calls) == ALREADY_DECIDED
    assert await snapshot(session_factory) == before
    assert after_edit(card, calls).reply_markup is None
