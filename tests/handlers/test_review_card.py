"""The review card's one-tap buttons: ✅, double taps, stale and forged buttons, approve all, 📎."""

from __future__ import annotations

import pytest
from aiogram.methods import EditMessageText, SendDocument, SendPhoto
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus, Employee
from services.reporting import delete_activity
from tests.conftest import FrozenClock
from tests.handlers.conftest import BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import snapshot
from tests.handlers.supervision_helpers import (
    ALREADY_DECIDED,
    FALLBACK,
    FRIDAY,
    NOT_ASSESSOR,
    STALE_VERSION,
    MediaSession,
    activities,
    add_employee,
    after_edit,
    alert,
    answers,
    audit_actions,
    document,
    edit,
    edits,
    keyboard_removed,
    labels,
    link,
    load,
    notifications,
    photo,
    press,
    review_cards,
    say,
    sent,
    submit,
    tap,
)

Factory = async_sessionmaker[AsyncSession]
OTHER_BOSS_TG = 3001


@pytest.fixture
def fake_session() -> MediaSession:
    return MediaSession()


async def two_reports(factory: Factory, org: Org, clock: FrozenClock) -> tuple[Activity, Activity]:
    first = await submit(
        factory, org.staff, "Menyusun laporan", clock(), start="08:00", end="09:30"
    )
    second = await submit(
        factory, org.staff, "Rapat koordinasi", clock(), start="10:00", end="11:00"
    )
    return first, second


async def other_supervisor(factory: Factory, org: Org, clock: FrozenClock) -> Employee:
    """A supervisor with a team of their own, but not Citra's assessor."""
    fajar = await add_employee(
        factory, org, 20, "Fajar Atasan Lain", clock(), telegram_user_id=OTHER_BOSS_TG
    )
    await add_employee(factory, org, 21, "Gita Staf Lain", clock(), supervisor=fajar)
    return fajar


async def test_approve_stores_decision_and_card_shows_what_is_left(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    first, second = await two_reports(session_factory, org, clock)
    [card] = await review_cards(send, fake_session, BOSS_TG)

    calls = await press(send, BOSS_TG, card, "✅ 1")

    [answer] = answers(calls)
    assert (answer.text, answer.show_alert) == ("✅ Disetujui.", None)
    card = after_edit(card, calls)
    assert "Menunggu verifikasi Anda: 1" in card.text
    assert "Rapat koordinasi" in card.text
    assert "Menyusun laporan" not in card.text
    # The second report keeps its number: "2" still means the report the supervisor read.
    assert "\n2. 10.00–11.00" in card.text
    assert labels(card.reply_markup) == [
        *("✅ 2", "✏️ 2", "❌ 2"),
        "✅ Setujui semua (1)",
        "💬 Umpan balik",
    ]
    approved = await load(session_factory, Activity, first.id)
    assert approved.status is ActivityStatus.APPROVED
    assert (approved.decided_by_id, approved.version) == (org.boss.id, 2)
    assert approved.decision_reason is None
    assert (await load(session_factory, Activity, second.id)).status is ActivityStatus.SUBMITTED
    [decision] = await notifications(session_factory, "decision.made")
    assert decision.recipient_id == org.staff.id
    assert decision.payload == {"activity_id": first.id, "decision": "approve"}
    assert "activity.approve" in await audit_actions(session_factory)

    calls = await press(send, BOSS_TG, card, "✅ 2")

    assert answers(calls)[0].text == "✅ Disetujui."
    assert after_edit(card, calls).text == (
        "✔️ Tidak ada lagi yang perlu diverifikasi untuk Citra Staf tanggal Sen 02/03/2026."
    )
    assert after_edit(card, calls).reply_markup is None
    assert {a.status for a in await activities(session_factory)} == {ActivityStatus.APPROVED}


async def test_double_tap_makes_one_decision(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    first, _ = await two_reports(session_factory, org, clock)
    [card] = await review_cards(send, fake_session, BOSS_TG)
    await press(send, BOSS_TG, card, "✅ 1")
    after_first = await snapshot(session_factory)

    calls = await press(send, BOSS_TG, card, "✅ 1")  # the same button again

    assert alert(calls) == ALREADY_DECIDED
    assert sent(calls) == []
    assert await snapshot(session_factory) == after_first
    assert len(await notifications(session_factory, "decision.made")) == 1
    assert (await audit_actions(session_factory)).count("activity.approve") == 1
    assert (await load(session_factory, Activity, first.id)).version == 2


async def test_stale_approve_is_refused_and_the_card_shows_the_new_version(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    first, _ = await two_reports(session_factory, org, clock)
    [card] = await review_cards(send, fake_session, BOSS_TG)
    await edit(session_factory, first, "Menyusun laporan final", clock())
    before = await snapshot(session_factory)

    calls = await press(send, BOSS_TG, card, "✅ 1")

    assert alert(calls) == STALE_VERSION
    assert await snapshot(session_factory) == before
    refreshed = after_edit(card, calls)
    assert "Menyusun laporan final" in refreshed.text
    assert refreshed.reply_markup.inline_keyboard[0][0].callback_data == f"rv:ok:{first.id}:2"

    calls = await press(send, BOSS_TG, refreshed, "✅ 1")

    assert answers(calls)[0].text == "✅ Disetujui."
    approved = await load(session_factory, Activity, first.id)
    assert (approved.status, approved.description) == (
        ActivityStatus.APPROVED,
        "Menyusun laporan final",
    )


@pytest.mark.parametrize("label", ["✏️ 1", "❌ 1"])
async def test_stale_revise_or_reject_is_refused_and_nothing_changes(
    send: Send,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    fake_session: MediaSession,
    label: str,
) -> None:
    first, _ = await two_reports(session_factory, org, clock)
    [card] = await review_cards(send, fake_session, BOSS_TG)
    await edit(session_factory, first, "Menyusun laporan final", clock())
    before = await snapshot(session_factory)

    calls = await press(send, BOSS_TG, card, label)

    assert alert(calls) == STALE_VERSION
    assert sent(calls) == []  # no question for a reason
    assert await snapshot(session_factory) == before
    # No reason dialog was started: a typed text is not taken as a reason.
    assert [m.text for m in sent(await say(send, BOSS_TG, "Kurang lengkap"))] == [FALLBACK]
    assert await snapshot(session_factory) == before


async def test_stale_revise_refreshes_the_card_as_the_alert_promises(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    first, _ = await two_reports(session_factory, org, clock)
    [card] = await review_cards(send, fake_session, BOSS_TG)
    await edit(session_factory, first, "Menyusun laporan final", clock())

    calls = await press(send, BOSS_TG, card, "✏️ 1")

    assert alert(calls) == STALE_VERSION
    assert edits(calls), "the card was not refreshed (only its buttons were removed)"
    refreshed = after_edit(card, calls)
    assert "Menyusun laporan final" in refreshed.text
    assert f"rv:rev:{first.id}:2" in [
        b.callback_data for row in refreshed.reply_markup.inline_keyboard for b in row
    ]


@pytest.mark.parametrize("action", ["ok", "rev", "rej", "more"])
async def test_a_missing_and_a_foreign_report_get_the_same_answer(
    send: Send,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    fake_session: MediaSession,
    action: str,
) -> None:
    report = await submit(session_factory, org.staff, "Menyusun laporan", clock())
    await other_supervisor(session_factory, org, clock)
    before = await snapshot(session_factory)

    existing = await tap(send, OTHER_BOSS_TG, f"rv:{action}:{report.id}:1")
    missing = await tap(send, OTHER_BOSS_TG, f"rv:{action}:{report.id + 999}:1")

    assert alert(existing) == alert(missing) == NOT_ASSESSOR
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("action", ["ok", "rev", "rej", "more"])
async def test_button_forged_by_another_supervisor_is_refused(
    send: Send,
    org: Org,
    session_factory: Factory,
    clock: FrozenClock,
    fake_session: MediaSession,
    action: str,
) -> None:
    report = await submit(
        session_factory, org.staff, "Menyusun laporan", clock(), evidence=[photo()]
    )
    await other_supervisor(session_factory, org, clock)
    before = await snapshot(session_factory)

    calls = await tap(send, OTHER_BOSS_TG, f"rv:{action}:{report.id}:1")

    assert alert(calls) == NOT_ASSESSOR
    assert sent(calls) == []
    assert not any(isinstance(c, SendPhoto | SendDocument) for c in calls)
    assert edits(calls) == []
    assert await snapshot(session_factory) == before


async def test_approve_all_forged_by_another_supervisor_is_refused(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await two_reports(session_factory, org, clock)
    await other_supervisor(session_factory, org, clock)
    before = await snapshot(session_factory)

    calls = await tap(send, OTHER_BOSS_TG, f"rd:all:{org.staff.id}:2026-03-02:")

    assert alert(calls) == NOT_ASSESSOR
    assert await snapshot(session_factory) == before


async def test_employee_cannot_approve_own_report(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    report = await submit(session_factory, org.staff, "Menyusun laporan", clock())
    before = await snapshot(session_factory)

    calls = await tap(send, STAFF_TG, f"rv:ok:{report.id}:1")

    assert alert(calls) == NOT_ASSESSOR
    assert await snapshot(session_factory) == before


async def test_deleted_report_is_refused(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    first, _ = await two_reports(session_factory, org, clock)
    [card] = await review_cards(send, fake_session, BOSS_TG)
    async with session_factory() as session:
        staff = await session.get(Employee, org.staff.id)
        assert staff is not None
        await delete_activity(session, staff, first.id, first.version, now=clock())
    before = await snapshot(session_factory)

    calls = await press(send, BOSS_TG, card, "✅ 1")

    assert alert(calls) == NOT_ASSESSOR  # the same answer as for a stranger's button
    assert await snapshot(session_factory) == before
    assert "Menyusun laporan" not in after_edit(card, calls).text


async def test_approve_all_approves_that_employee_day_only(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    first, second = await two_reports(session_factory, org, clock)
    older = await submit(session_factory, org.staff, "Arsip surat", clock(), work_date=FRIDAY)
    eko = await add_employee(session_factory, org, 5, "Eko Pelaksana", clock(), supervisor=org.boss)
    peer = await submit(session_factory, eko, "Entri data", clock())
    monday, _, _ = await review_cards(send, fake_session, BOSS_TG)

    calls = await press(send, BOSS_TG, monday, "✅ Setujui semua (2)")

    assert answers(calls)[0].text == "✅ 2 disetujui."
    assert after_edit(monday, calls).text.startswith("✔️ Tidak ada lagi")
    status = {a.id: a.status for a in await activities(session_factory)}
    assert status == {
        first.id: ActivityStatus.APPROVED,
        second.id: ActivityStatus.APPROVED,
        older.id: ActivityStatus.SUBMITTED,
        peer.id: ActivityStatus.SUBMITTED,
    }
    decisions = await notifications(session_factory, "decision.made")
    assert sorted(n.payload["activity_id"] for n in decisions) == [first.id, second.id]
    assert {n.recipient_id for n in decisions} == {org.staff.id}


async def test_approve_all_with_a_malformed_day_is_refused(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await two_reports(session_factory, org, clock)
    before = await snapshot(session_factory)

    calls = await tap(send, BOSS_TG, f"rd:all:{org.staff.id}:2026-13-45:")

    assert alert(calls) == "Tombol ini sudah tidak berlaku."
    assert await snapshot(session_factory) == before


async def test_approve_all_does_not_approve_work_the_card_did_not_show(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    first, second = await two_reports(session_factory, org, clock)
    [card] = await review_cards(send, fake_session, BOSS_TG)
    await edit(session_factory, second, "Rapat koordinasi dan makan siang", clock())
    added = await submit(
        session_factory, org.staff, "Kegiatan baru", clock(), start="13:00", end="14:00"
    )

    calls = await press(send, BOSS_TG, card, "✅ Setujui semua (2)")

    # The card no longer shows what is pending: nothing is approved, the card is redrawn.
    status = {a.id: a.status for a in await activities(session_factory)}
    assert status[added.id] is ActivityStatus.SUBMITTED
    assert status[second.id] is ActivityStatus.SUBMITTED
    assert status[first.id] is ActivityStatus.SUBMITTED
    assert [a.text for a in answers(calls)] == [STALE_VERSION]
    redrawn = [c for c in calls if isinstance(c, EditMessageText)]
    assert len(redrawn) == 1
    assert "Setujui semua (3)" in str(redrawn[0].reply_markup)


async def test_details_button_sends_the_whole_activity_and_its_files(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: MediaSession
) -> None:
    await submit(
        session_factory,
        org.staff,
        "Menyusun laporan",
        clock(),
        evidence=[photo("foto-rapat"), link(), document("doc-sop", "sop.pdf")],
    )
    [card] = await review_cards(send, fake_session, BOSS_TG)
    before = await snapshot(session_factory)

    calls = await press(send, BOSS_TG, card, "🔎 1")

    [details] = sent(calls)
    assert details.text.startswith("<b>Sen 02/03/2026</b>")
    assert "Menyusun laporan" in details.text
    assert "https://drive.example.go.id/berkas" in details.text
    photos = [c for c in calls if isinstance(c, SendPhoto)]
    documents = [c for c in calls if isinstance(c, SendDocument)]
    assert [(p.chat_id, p.photo) for p in photos] == [(BOSS_TG, "foto-rapat")]
    assert [(d.chat_id, d.document) for d in documents] == [(BOSS_TG, "doc-sop")]
    assert len(answers(calls)) == 1
    assert not keyboard_removed(calls)
    assert await snapshot(session_factory) == before
