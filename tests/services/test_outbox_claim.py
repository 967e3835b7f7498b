"""Claiming outbox rows for the sender: batches, leases, concurrent senders, outcomes."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Notification, NotificationStatus
from services import outbox
from services.outbox import Batch, claim_due, mark, retry_later
from tests.conftest import FrozenClock
from tests.services.review_helpers import make_review_org, rows_of

Factory = async_sessionmaker[AsyncSession]
LEASE = timedelta(minutes=5)


class Queue:
    """Enqueue rows by a short name and find their ids again."""

    def __init__(self, session: AsyncSession, now: datetime) -> None:
        self.session = session
        self.now = now
        self.names: list[str] = []

    async def add(
        self,
        name: str,
        recipient_id: int,
        kind: str,
        *,
        group: str | None = None,
        delay: timedelta = timedelta(0),
    ) -> None:
        await outbox.enqueue(
            self.session,
            recipient_id=recipient_id,
            kind=kind,
            payload={"name": name},
            dedup_key=name,
            now=self.now,
            not_before=self.now + delay,
            group_key=group,
        )
        self.names.append(name)


def _names(batches: list[Batch]) -> set[tuple[int, str, tuple[str, ...]]]:
    return {
        (b.recipient.id, b.family, tuple(sorted(r.payload["name"] for r in b.rows)))
        for b in batches
    }


async def _stored(factory: Factory) -> dict[str, Notification]:
    return {n.dedup_key: n for n in await rows_of(factory, Notification)}


async def test_rows_of_one_recipient_family_and_group_become_one_batch(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    boss, staff = org.assessor.id, org.staff.id
    q = Queue(session, clock())
    await q.add("due", boss, "review.submitted", group="g1")
    await q.add("later-same-group", boss, "review.updated", group="g1", delay=timedelta(hours=1))
    await q.add("other-group", boss, "review.submitted", group="g2")
    await q.add("other-family", boss, "decision.made", group="g1")
    await q.add("other-recipient", staff, "review.submitted", group="g1")
    await q.add("lone-1", boss, "leave.declared")
    await q.add("lone-2", boss, "leave.declared")
    await q.add("not-due-group", boss, "review.submitted", group="g3", delay=timedelta(seconds=1))
    await q.add("sent-same-group", boss, "review.submitted", group="g1")
    await session.commit()
    sent = (await _stored(session_factory))["sent-same-group"]
    async with session_factory() as s:
        row = await s.get(Notification, sent.id)
        assert row is not None
        row.status = NotificationStatus.SENT
        await s.commit()

    batches = await claim_due(session, clock(), LEASE)

    assert _names(batches) == {
        (boss, "review", ("due", "later-same-group")),
        (boss, "review", ("other-group",)),
        (boss, "decision", ("other-family",)),
        (staff, "review", ("other-recipient",)),
        (boss, "leave", ("lone-1",)),
        (boss, "leave", ("lone-2",)),
    }
    stored = await _stored(session_factory)
    claimed = {r.payload["name"] for b in batches for r in b.rows}
    for name, row in stored.items():
        if name in claimed:
            assert row.leased_until == clock() + LEASE, name
            assert (row.status, row.attempts) == (NotificationStatus.PENDING, 0), name
    assert stored["not-due-group"].next_attempt_at == clock() + timedelta(seconds=1)
    assert stored["not-due-group"].leased_until is None
    assert stored["sent-same-group"].status is NotificationStatus.SENT


async def test_limit_takes_the_earliest_due_rows(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    q = Queue(session, clock() - timedelta(minutes=10))
    await q.add("third", org.staff.id, "x.a", delay=timedelta(minutes=3))
    await q.add("first", org.staff.id, "x.a", delay=timedelta(minutes=1))
    await q.add("second", org.staff.id, "x.a", delay=timedelta(minutes=2))
    await session.commit()

    batches = await claim_due(session, clock(), LEASE, limit=2)

    assert [r.payload["name"] for b in batches for r in b.rows] == ["first", "second"]
    rest = await claim_due(session, clock(), LEASE, limit=2)
    assert [r.payload["name"] for b in rest for r in b.rows] == ["third"]


async def test_a_claimed_row_is_not_claimed_again_before_the_lease_ends(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    q = Queue(session, clock())
    await q.add("a", org.staff.id, "decision.made", group="2026-03-02")
    await q.add("b", org.staff.id, "leave.declared")
    await session.commit()

    first = await claim_due(session, clock(), LEASE)
    assert len(first) == 2

    assert await claim_due(session, clock(), LEASE) == []
    async with session_factory() as other_sender:
        assert await claim_due(other_sender, clock() + LEASE - timedelta(seconds=1), LEASE) == []
        # the sender died: the rows fall due again when the lease ends
        again = await claim_due(other_sender, clock() + LEASE, LEASE)
    assert _names(again) == _names(first)
    stored = await _stored(session_factory)
    assert {n.leased_until for n in stored.values()} == {clock() + 2 * LEASE}


async def test_a_leased_row_is_not_pulled_into_a_later_batch_of_its_group(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    q = Queue(session, clock())
    await q.add("first", org.assessor.id, "review.submitted", group="12:2026-03-02")
    await session.commit()
    [batch] = await claim_due(session, clock(), LEASE)  # sender A is sending it now
    assert [r.payload["name"] for r in batch.rows] == ["first"]

    clock.advance(seconds=30)
    async with session_factory() as s:
        q = Queue(s, clock())
        await q.add("second", org.assessor.id, "review.updated", group="12:2026-03-02")
        await s.commit()
        batches = await claim_due(s, clock(), LEASE)  # sender B

    assert [[r.payload["name"] for r in b.rows] for b in batches] == [["second"]]


async def test_concurrent_claims_never_share_a_row(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("row locks (SKIP LOCKED) keep senders apart on PostgreSQL only")
    org = await make_review_org(session, clock())
    people = [org.staff.id, org.staff2.id, org.assessor.id, org.head.id]
    q = Queue(session, clock())
    for i in range(60):
        group = f"solo-{i}" if i % 2 else None
        await q.add(f"n{i}", people[i % len(people)], "leave.declared", group=group)
    await session.commit()

    async def sender() -> list[Batch]:
        async with session_factory() as s:
            return await claim_due(s, clock(), LEASE, limit=20)

    for _ in range(3):
        a, b = await asyncio.gather(sender(), sender())
        ids_a = [r.id for batch in a for r in batch.rows]
        ids_b = [r.id for batch in b for r in batch.rows]
        assert len(ids_a) == len(set(ids_a))
        assert len(ids_b) == len(set(ids_b))
        assert not set(ids_a) & set(ids_b)

    leftover = await claim_due(session, clock(), LEASE, limit=100)
    assert leftover == []  # 3 rounds x 2 senders x 20 took all 60, each once
    stored = await _stored(session_factory)
    assert {n.leased_until for n in stored.values()} == {clock() + LEASE}


async def _claim_one(session: AsyncSession, clock: FrozenClock, org: Any) -> Batch:
    q = Queue(session, clock())
    await q.add("a", org.staff.id, "decision.made", group="2026-03-02")
    await q.add("b", org.staff.id, "decision.made", group="2026-03-02")
    await session.commit()
    [batch] = await claim_due(session, clock(), LEASE)
    return batch


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (NotificationStatus.SENT, None),
        (NotificationStatus.SKIPPED, "not linked"),
        (NotificationStatus.FAILED, "403 forbidden"),
    ],
)
async def test_mark_records_the_outcome_of_every_row(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    status: NotificationStatus,
    error: str | None,
) -> None:
    org = await make_review_org(session, clock())
    batch = await _claim_one(session, clock, org)
    clock.advance(seconds=2)

    mark(batch, status, clock(), error)
    await session.commit()

    stored = await _stored(session_factory)
    for row in stored.values():
        assert (row.status, row.attempts, row.last_error) == (status, 1, error)
        assert row.sent_at == (clock() if status is NotificationStatus.SENT else None)
    assert await claim_due(session, clock() + 2 * LEASE, LEASE) == []


async def test_retry_later_waits_then_fails_after_max_attempts(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    batch = await _claim_one(session, clock, org)

    for attempt in (1, 2):
        at = clock() + timedelta(minutes=attempt)
        retry_later(batch, at, "TelegramNetworkError", max_attempts=3)
        await session.commit()
        stored = await _stored(session_factory)
        for row in stored.values():
            assert (row.status, row.attempts, row.next_attempt_at, row.last_error) == (
                NotificationStatus.PENDING,
                attempt,
                at,
                "TelegramNetworkError",
            )
            assert row.sent_at is None
        assert await claim_due(session, at - timedelta(seconds=1), LEASE) == []
        [batch] = await claim_due(session, at, LEASE)
        assert sorted(r.payload["name"] for r in batch.rows) == ["a", "b"]
        clock.now = at

    retry_later(batch, clock() + timedelta(minutes=3), "TelegramServerError", max_attempts=3)
    await session.commit()
    stored = await _stored(session_factory)
    for row in stored.values():
        assert (row.status, row.attempts, row.last_error) == (
            NotificationStatus.FAILED,
            3,
            "TelegramServerError",
        )
    assert await claim_due(session, clock() + timedelta(days=1), LEASE) == []
