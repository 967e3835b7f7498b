"""✏️ and ❌ on the review card: the supervisor types a reason the employee will read."""

from __future__ import annotations

import pytest
from aiogram.types import Message, Sticker, Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus, AuditLog
from tests.conftest import FrozenClock
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import BOSS_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.supervision_helpers import (
    ALREADY_DECIDED,
    CANCELLED,
    FALLBACK,
    STALE_VERSION,
    activities,
    after_edit,
    answers,
    data_snapshot,
    edit,
    edits,
    load,
    notifications,
    press,
    review_cards,
    rows,
    say,
    sent_texts,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
ASK_REVISION = (
    "Apa yang perlu direvisi pada laporan ini? Tulis alasannya untuk pegawai.\n"
    "<blockquote>Menyusun laporan</blockquote>\n(atau /batal)"
)
ASK_REJECTION = (
    "Mengapa laporan ini ditolak? Tulis alasannya untuk pegawai.\n"
    "<blockquote>Menyusun laporan</blockquote>\n(atau /batal)"
)
REASON_REQUIRED = "Tuliskan alasannya (akan dibaca pegawai)."


async def card_for_two(
    send: Send, fake_session: FakeSession, factory: Factory, org: Org, clock: FrozenClock
) -> tuple[Activity, Activity, Message]:
    first = await submit(
        factory, org.staff, "Menyusun laporan", clock(), start="08:00", end="09:30"
    )
    second = await submit(
        factory, org.staff, "Rapat koordinasi", clock(), start="10:00", end="11:00"
    )
    [card] = await review_cards(send, fake_session, BOSS_TG)
    return first, second, card


@pytest.mark.parametrize(
    ("label", "question", "done", "status", "decision"),
    [
        (
            "✏️ 1",
            ASK_REVISION,
            "✏️ Dikembalikan untuk revisi dengan catatan Anda.",
            ActivityStatus.REVISION,
            "revision",
        ),
        (
            "❌ 1",
            ASK_REJECTION,
            "❌ Ditolak dengan catatan Anda.",
            ActivityStatus.REJECTED,
            "reject",
        ),
    ],
    ids=["revise", "reject"],
)
async def test_reason_is_stored_and_the_employee_is_told(
    send: Send,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    fake_session: FakeSession,
    label: str,
    question: str,
    done: str,
    status: ActivityStatus,
    decision: str,
) -> None:
    first, second, card = await card_for_two(send, fake_session, session_factory, org, clock)

    calls = await press(send, BOSS_TG, card, label)

    assert sent_texts(calls) == [question]
    assert answers(calls)[0].show_alert is None
    assert (await load(session_factory, Activity, first.id)).status is ActivityStatus.SUBMITTED

    calls = await say(send, BOSS_TG, "  Lengkapi   notulen rapat  ")

    assert sent_texts(calls) == [done]
    stored = await load(session_factory, Activity, first.id)
    assert stored.status is status
    assert stored.decision_reason == "Lengkapi notulen rapat"
    assert (stored.decided_by_id, stored.version) == (org.boss.id, 2)
    assert (await load(session_factory, Activity, second.id)).status is ActivityStatus.SUBMITTED
    [row] = await notifications(session_factory, "decision.made")
    assert row.recipient_id == org.staff.id
    assert row.payload == {"activity_id": first.id, "decision": decision}
    [audit] = await rows(session_factory, AuditLog, AuditLog.action == f"activity.{decision}")
    assert (audit.actor_id, audit.reason) == (org.boss.id, "Lengkapi notulen rapat")
    refreshed = after_edit(card, calls)
    assert "Menunggu verifikasi Anda: 1" in refreshed.text
    assert "Menyusun laporan" not in refreshed.text
    # The dialog is over: the next text is no reason.
    assert reply_text(await say(send, BOSS_TG, "Terima kasih")) == FALLBACK


async def test_blank_reason_is_refused_and_the_question_stays(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    first, _, card = await card_for_two(send, fake_session, session_factory, org, clock)
    await press(send, BOSS_TG, card, "❌ 1")
    before = await snapshot(session_factory)

    assert reply_text(await say(send, BOSS_TG, "   ")) == REASON_REQUIRED
    assert await snapshot(session_factory) == before

    assert sent_texts(await say(send, BOSS_TG, "Bukan tugas Anda")) == [
        "❌ Ditolak dengan catatan Anda."
    ]
    assert (await load(session_factory, Activity, first.id)).status is ActivityStatus.REJECTED


async def test_too_long_reason_is_refused(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    _, _, card = await card_for_two(send, fake_session, session_factory, org, clock)
    await press(send, BOSS_TG, card, "✏️ 1")
    before = await snapshot(session_factory)

    text = reply_text(await say(send, BOSS_TG, "a" * 501))

    assert text == "Alasan terlalu panjang (maksimal 500 karakter)."
    assert await snapshot(session_factory) == before


def sticker(user_id: int) -> Update:
    update = updates.text_message(user_id, "x")
    assert update.message is not None
    message = update.message.model_copy(
        update={
            "text": None,
            "sticker": Sticker(
                file_id="stk",
                file_unique_id="u-stk",
                type="regular",
                width=512,
                height=512,
                is_animated=False,
                is_video=False,
            ),
        }
    )
    return update.model_copy(update={"message": message})


async def test_a_sticker_is_no_reason(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    _, _, card = await card_for_two(send, fake_session, session_factory, org, clock)
    await press(send, BOSS_TG, card, "✏️ 1")
    before = await snapshot(session_factory)

    text = reply_text(await send(sticker(BOSS_TG)))

    assert text == "Ketik alasannya sebagai teks, atau /batal."
    assert await snapshot(session_factory) == before


async def test_batal_cancels_the_reason_dialog(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    _, _, card = await card_for_two(send, fake_session, session_factory, org, clock)
    before = await data_snapshot(session_factory)
    await press(send, BOSS_TG, card, "❌ 1")

    assert reply_text(await say(send, BOSS_TG, "/batal")) == CANCELLED
    assert reply_text(await say(send, BOSS_TG, "Tidak sesuai")) == FALLBACK

    assert await data_snapshot(session_factory) == before
    assert {a.status for a in await activities(session_factory)} == {ActivityStatus.SUBMITTED}
    assert await notifications(session_factory, "decision.made") == []


async def test_reason_after_the_report_was_approved_meanwhile(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    first, _, card = await card_for_two(send, fake_session, session_factory, org, clock)
    await press(send, BOSS_TG, card, "✏️ 1")
    await press(send, BOSS_TG, card, "✅ 1")  # e.g. from a second device
    before = await data_snapshot(session_factory)

    calls = await say(send, BOSS_TG, "Lengkapi notulen")

    assert sent_texts(calls) == [ALREADY_DECIDED]
    stored = await load(session_factory, Activity, first.id)
    assert (stored.status, stored.decision_reason) == (ActivityStatus.APPROVED, None)
    assert len(await notifications(session_factory, "decision.made")) == 1
    assert await data_snapshot(session_factory) == before
    assert reply_text(await say(send, BOSS_TG, "Lengkapi notulen")) == FALLBACK


async def test_reason_after_the_employee_edited_is_refused(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    first, _, card = await card_for_two(send, fake_session, session_factory, org, clock)
    await press(send, BOSS_TG, card, "✏️ 1")
    await edit(session_factory, first, "Menyusun laporan final", clock())
    before = await data_snapshot(session_factory)

    calls = await say(send, BOSS_TG, "Lengkapi notulen")

    assert sent_texts(calls) == [STALE_VERSION]
    stored = await load(session_factory, Activity, first.id)
    assert (stored.status, stored.version, stored.decision_reason) == (
        ActivityStatus.SUBMITTED,
        2,
        None,
    )
    assert await data_snapshot(session_factory) == before
    assert await notifications(session_factory, "decision.made") == []


async def test_reason_after_the_employee_edited_refreshes_the_card(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    first, _, card = await card_for_two(send, fake_session, session_factory, org, clock)
    await press(send, BOSS_TG, card, "✏️ 1")
    await edit(session_factory, first, "Menyusun laporan final", clock())

    calls = await say(send, BOSS_TG, "Lengkapi notulen")

    assert sent_texts(calls) == [STALE_VERSION]
    assert edits(calls), "the card was not refreshed"
    assert "Menyusun laporan final" in after_edit(card, calls).text
