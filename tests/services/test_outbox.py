"""The outbox: rows join the caller's transaction and a repeated dedup key is ignored."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import NotificationStatus
from services import audit, outbox
from services.audit import Actor
from tests.conftest import FrozenClock
from tests.services.report_helpers import audits, make_org, notifications


async def test_enqueue_stores_a_pending_row(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    later = clock() + timedelta(hours=1)
    await outbox.enqueue(
        session,
        recipient_id=org.boss.id,
        kind="reminder.daily",
        payload={"day": "2026-03-02", "nested": {"n": [1, 2]}},
        dedup_key="reminder:2:2026-03-02",
        now=clock(),
        not_before=later,
    )
    await session.commit()

    [row] = await notifications(session_factory)
    assert (row.recipient_id, row.kind, row.dedup_key) == (
        org.boss.id,
        "reminder.daily",
        "reminder:2:2026-03-02",
    )
    assert row.payload == {"day": "2026-03-02", "nested": {"n": [1, 2]}}
    assert row.status is NotificationStatus.PENDING
    assert row.attempts == 0
    assert (row.created_at, row.next_attempt_at) == (clock(), later)
    assert row.sent_at is None
    assert row.last_error is None


async def test_duplicate_key_in_one_transaction_is_ignored_and_the_rest_commits(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    audit.record(
        session, actor=Actor("test"), at=clock(), action="x.before", entity="x", entity_id=1
    )
    for kind, key, recipient in [
        ("first", "same", org.boss.id),
        ("second", "same", org.other.id),
        ("third", "other", org.boss.id),
    ]:
        await outbox.enqueue(
            session, recipient_id=recipient, kind=kind, payload={}, dedup_key=key, now=clock()
        )
    audit.record(
        session, actor=Actor("test"), at=clock(), action="x.after", entity="x", entity_id=1
    )
    await session.commit()

    rows = await notifications(session_factory)
    assert [(n.kind, n.dedup_key, n.recipient_id) for n in rows] == [
        ("first", "same", org.boss.id),
        ("third", "other", org.boss.id),
    ]
    assert [a.action for a in await audits(session_factory)] == ["x.before", "x.after"]


async def test_duplicate_of_an_already_committed_key_is_ignored(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    await outbox.enqueue(
        session, recipient_id=org.boss.id, kind="a", payload={"v": 1}, dedup_key="k", now=clock()
    )
    await session.commit()

    async with session_factory() as other_worker:
        await outbox.enqueue(
            other_worker,
            recipient_id=org.boss.id,
            kind="a",
            payload={"v": 2},
            dedup_key="k",
            now=clock(),
        )
        audit.record(
            other_worker, actor=Actor("test"), at=clock(), action="x", entity="x", entity_id=None
        )
        await other_worker.commit()

    [row] = await notifications(session_factory)
    assert row.payload == {"v": 1}
    assert [a.action for a in await audits(session_factory)] == ["x"]


async def test_nothing_is_queued_when_the_transaction_rolls_back(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    await outbox.enqueue(
        session, recipient_id=org.boss.id, kind="a", payload={}, dedup_key="k", now=clock()
    )
    await session.rollback()
    assert await notifications(session_factory) == []
