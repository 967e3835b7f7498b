"""Continuous feedback (Umpan Balik Berkelanjutan) and dialog kinerja threads."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog, CoreValue, Feedback, FeedbackKind, Notification, NotificationStatus
from services.errors import Invalid, NotAllowed, NotFound
from services.feedback import (
    MAX_TEXT,
    feedback_for_activity,
    give_feedback,
    mark_read,
    reply,
    request_feedback,
    threads_of,
)
from tests.conftest import FrozenClock
from tests.services.review_helpers import make_review_org, rows_of, snapshot_db, submit

Factory = async_sessionmaker[AsyncSession]


async def _new_rows(factory: Factory, model: type, before: int) -> list:
    return (await rows_of(factory, model))[before:]


async def test_give_feedback_on_an_activity_with_a_core_value(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    audits_before = len(await rows_of(session_factory, AuditLog))
    notes_before = len(await rows_of(session_factory, Notification))
    clock.advance(hours=1)

    item = await give_feedback(
        session,
        org.assessor,
        org.staff.id,
        "  Laporan   rapi,\n pertahankan ",
        now=clock(),
        activity_id=activity.id,
        core_value=CoreValue.ACCOUNTABLE,
    )

    [row] = await rows_of(session_factory, Feedback)
    assert row.id == item.id
    assert (row.kind, row.author_id, row.recipient_id) == (
        FeedbackKind.FEEDBACK,
        org.assessor.id,
        org.staff.id,
    )
    assert (row.thread_id, row.activity_id, row.core_value) == (
        row.id,
        activity.id,
        CoreValue.ACCOUNTABLE,
    )
    assert (row.text, row.created_at, row.read_at) == ("Laporan rapi, pertahankan", clock(), None)

    [audit] = await _new_rows(session_factory, AuditLog, audits_before)
    assert (audit.action, audit.entity, audit.entity_id, audit.actor_id) == (
        "feedback.umpan_balik",
        "feedback",
        row.id,
        org.assessor.id,
    )
    assert audit.after == {
        "recipient_id": org.staff.id,
        "thread_id": row.id,
        "activity_id": activity.id,
        "core_value": "akuntabel",
        "text": "Laporan rapi, pertahankan",
    }
    [note] = await _new_rows(session_factory, Notification, notes_before)
    assert (note.kind, note.recipient_id, note.payload, note.dedup_key) == (
        "feedback.umpan_balik",
        org.staff.id,
        {"feedback_id": row.id},
        f"feedback:{row.id}",
    )
    assert (note.status, note.next_attempt_at) == (NotificationStatus.PENDING, clock())
    assert [f.id for f in await feedback_for_activity(session, activity.id)] == [row.id]


async def test_feedback_without_activity_or_value_is_fine(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    await give_feedback(session, org.assessor, org.staff2.id, "Terima kasih", now=clock())
    [row] = await rows_of(session_factory, Feedback)
    assert (row.recipient_id, row.activity_id, row.core_value) == (org.staff2.id, None, None)


async def test_feedback_on_someone_elses_activity_is_not_found(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    colleague_work = await submit(session, org.staff2, clock())
    before = await snapshot_db(session_factory)

    for activity_id in (colleague_work.id, colleague_work.id + 999):
        with pytest.raises(NotFound):
            await give_feedback(
                session,
                org.assessor,
                org.staff.id,
                "Bagus",
                now=clock(),
                activity_id=activity_id,
            )
    with pytest.raises(NotFound):
        await give_feedback(session, org.assessor, org.admin.id + 999, "Bagus", now=clock())
    assert await snapshot_db(session_factory) == before


async def test_request_goes_to_the_supervisor(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())

    item = await request_feedback(session, org.staff, "Mohon masukan untuk laporan", now=clock())

    [row] = await rows_of(session_factory, Feedback)
    assert (row.id, row.kind, row.author_id, row.recipient_id, row.thread_id) == (
        item.id,
        FeedbackKind.REQUEST,
        org.staff.id,
        org.assessor.id,
        item.id,
    )
    [audit] = list(await rows_of(session_factory, AuditLog))
    assert (audit.action, audit.actor_id) == ("feedback.permintaan", org.staff.id)
    [note] = await rows_of(session_factory, Notification)
    assert (note.kind, note.recipient_id) == ("feedback.permintaan", org.assessor.id)


async def test_request_without_a_supervisor_is_not_allowed(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    before = await snapshot_db(session_factory)
    with pytest.raises(NotAllowed):
        await request_feedback(session, org.head, "Mohon masukan", now=clock())
    assert await snapshot_db(session_factory) == before


async def test_replies_go_to_the_other_participant_and_stay_in_the_thread(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    root = await give_feedback(
        session, org.assessor, org.staff.id, "Lengkapi bukti", now=clock(), activity_id=activity.id
    )
    clock.advance(minutes=5)
    answer = await reply(session, org.staff, root.id, "Baik, sudah saya lengkapi", now=clock())
    clock.advance(minutes=5)
    back = await reply(session, org.assessor, root.id, "Terima kasih", now=clock())

    rows = await rows_of(session_factory, Feedback)
    assert [
        (r.id, r.kind, r.author_id, r.recipient_id, r.thread_id, r.activity_id) for r in rows
    ] == [
        (root.id, FeedbackKind.FEEDBACK, org.assessor.id, org.staff.id, root.id, activity.id),
        (answer.id, FeedbackKind.REPLY, org.staff.id, org.assessor.id, root.id, activity.id),
        (back.id, FeedbackKind.REPLY, org.assessor.id, org.staff.id, root.id, activity.id),
    ]
    feedback_audits = [
        a for a in await rows_of(session_factory, AuditLog) if a.entity == "feedback"
    ]
    assert [(a.action, a.entity_id, a.actor_id) for a in feedback_audits] == [
        ("feedback.umpan_balik", root.id, org.assessor.id),
        ("feedback.balasan", answer.id, org.staff.id),
        ("feedback.balasan", back.id, org.assessor.id),
    ]
    notes = [
        n for n in await rows_of(session_factory, Notification) if n.kind.startswith("feedback")
    ]
    assert [(n.kind, n.recipient_id, n.payload) for n in notes] == [
        ("feedback.umpan_balik", org.staff.id, {"feedback_id": root.id}),
        ("feedback.balasan", org.assessor.id, {"feedback_id": answer.id}),
        ("feedback.balasan", org.staff.id, {"feedback_id": back.id}),
    ]


async def test_outsiders_cannot_reply_and_only_thread_roots_take_replies(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    root = await give_feedback(session, org.assessor, org.staff.id, "Lengkapi bukti", now=clock())
    answer = await reply(session, org.staff, root.id, "Siap", now=clock())
    before = await snapshot_db(session_factory)

    for outsider in (org.staff2, org.head, org.admin, org.plt):
        with pytest.raises(NotAllowed):
            await reply(session, outsider, root.id, "Saya ikut", now=clock())
    for thread_id in (answer.id, answer.id + 999):
        with pytest.raises(NotFound):
            await reply(session, org.staff, thread_id, "Siap", now=clock())
    assert await snapshot_db(session_factory) == before


async def test_mark_read_only_by_the_recipient_and_only_once(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    item = await give_feedback(session, org.assessor, org.staff.id, "Bagus", now=clock())
    before = await snapshot_db(session_factory)

    for other in (org.assessor, org.staff2, org.head):
        with pytest.raises(NotAllowed):
            await mark_read(session, other, item.id, now=clock())
    with pytest.raises(NotFound):
        await mark_read(session, org.staff, item.id + 999, now=clock())
    assert await snapshot_db(session_factory) == before

    read_at = clock()
    await mark_read(session, org.staff, item.id, now=read_at)
    clock.advance(hours=1)
    again = await mark_read(session, org.staff, item.id, now=clock())

    assert again.read_at == read_at
    [row] = await rows_of(session_factory, Feedback)
    assert row.read_at == read_at
    reads = [a for a in await rows_of(session_factory, AuditLog) if a.action == "feedback.read"]
    assert [(a.entity_id, a.actor_id, a.at) for a in reads] == [(item.id, org.staff.id, read_at)]


async def test_threads_newest_first_with_unread_counts_per_side(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    first = await give_feedback(session, org.assessor, org.staff.id, "Pertama", now=clock())
    clock.advance(minutes=1)
    asked = await request_feedback(session, org.staff, "Mohon masukan", now=clock())
    clock.advance(minutes=1)
    follow_up = await reply(session, org.assessor, first.id, "Tambahan", now=clock())
    clock.advance(minutes=1)
    await give_feedback(session, org.assessor, org.staff2.id, "Untuk orang lain", now=clock())

    mine = await threads_of(session, org.staff)
    assert [(t.root.id, [m.id for m in t.messages], t.other.id, t.unread) for t in mine] == [
        (first.id, [first.id, follow_up.id], org.assessor.id, 2),
        (asked.id, [asked.id], org.assessor.id, 0),
    ]
    theirs = await threads_of(session, org.assessor)
    assert [(t.root.id, t.other.id, t.unread) for t in theirs] == [
        (theirs[0].root.id, org.staff2.id, 0),
        (first.id, org.staff.id, 0),
        (asked.id, org.staff.id, 1),
    ]

    await mark_read(session, org.staff, first.id, now=clock())
    assert [t.unread for t in await threads_of(session, org.staff)] == [1, 0]
    assert [t.root.id for t in await threads_of(session, org.staff, limit=1)] == [first.id]

    clock.advance(minutes=1)
    await reply(session, org.staff, asked.id, "Sudah dibaca?", now=clock())
    assert [t.root.id for t in await threads_of(session, org.staff)] == [asked.id, first.id]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (None, "text_empty"),
        ("", "text_empty"),
        ("  \n ", "text_empty"),
        ("a", "text_empty"),
        ("x" * (MAX_TEXT + 1), "text_too_long"),
    ],
)
async def test_empty_or_too_long_text_is_refused_everywhere(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    text: str | None,
    code: str,
) -> None:
    org = await make_review_org(session, clock())
    root = await give_feedback(session, org.assessor, org.staff.id, "Bagus", now=clock())
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as given:
        await give_feedback(session, org.assessor, org.staff.id, text, now=clock())
    with pytest.raises(Invalid) as requested:
        await request_feedback(session, org.staff, text, now=clock())
    with pytest.raises(Invalid) as replied:
        await reply(session, org.staff, root.id, text, now=clock())
    assert [e.value.code for e in (given, requested, replied)] == [code] * 3
    assert await snapshot_db(session_factory) == before


async def test_text_of_exactly_the_limit_is_kept(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    await request_feedback(session, org.staff, "y" * MAX_TEXT, now=clock())
    [row] = await rows_of(session_factory, Feedback)
    assert row.text == "y" * MAX_TEXT
