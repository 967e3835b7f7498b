"""Two decisions at once (double tap, two devices, Plt and assessor): exactly one wins."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus, AuditLog, Employee, Notification
from services.errors import AlreadyDecided, StaleVersion
from services.review import Decision, approve_day, decide
from tests.conftest import FrozenClock
from tests.services.review_helpers import (
    MONDAY,
    make_acting,
    make_review_org,
    rows_of,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
REASON = {Decision.APPROVE: None, Decision.REVISION: "Perbaiki", Decision.REJECT: "Tidak sesuai"}
STATUS = {
    Decision.APPROVE: ActivityStatus.APPROVED,
    Decision.REVISION: ActivityStatus.REVISION,
    Decision.REJECT: ActivityStatus.REJECTED,
}


async def _decide_in_own_session(
    factory: Factory, actor_id: int, activity_id: int, decision: Decision, now: datetime
) -> Activity:
    async with factory() as s:
        actor = await s.get(Employee, actor_id)
        assert actor is not None
        return await decide(s, actor, activity_id, 1, decision, REASON[decision], now=now)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Decision.APPROVE, Decision.REJECT),
        (Decision.REJECT, Decision.APPROVE),
        (Decision.APPROVE, Decision.APPROVE),
        (Decision.REVISION, Decision.REJECT),
    ],
)
@pytest.mark.parametrize("same_actor", [True, False], ids=["double_tap", "assessor_and_plt"])
async def test_two_simultaneous_decisions_have_one_winner(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    first: Decision,
    second: Decision,
    same_actor: bool,
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    await make_acting(session, org.plt, org.assessor, MONDAY, MONDAY, clock())
    other = org.assessor if same_actor else org.plt

    results: list[Any] = await asyncio.gather(
        _decide_in_own_session(session_factory, org.assessor.id, activity.id, first, clock()),
        _decide_in_own_session(session_factory, other.id, activity.id, second, clock()),
        return_exceptions=True,
    )

    winners = [r for r in results if isinstance(r, Activity)]
    losers = [r for r in results if not isinstance(r, Activity)]
    assert len(winners) == 1, results
    assert len(losers) == 1, results
    assert isinstance(losers[0], AlreadyDecided | StaleVersion), results
    won = first if isinstance(results[0], Activity) else second
    winner_id = org.assessor.id if isinstance(results[0], Activity) else other.id

    async with session_factory() as s:
        stored = await s.get(Activity, activity.id)
    assert stored is not None
    assert (stored.status, stored.version, stored.decided_by_id) == (STATUS[won], 2, winner_id)
    assert stored.decision_reason == REASON[won]
    decisions = [
        a for a in await rows_of(session_factory, AuditLog) if a.action != "activity.create"
    ]
    assert [(a.action, a.actor_id) for a in decisions] == [(f"activity.{won.value}", winner_id)]
    notes = [n for n in await rows_of(session_factory, Notification) if n.kind == "decision.made"]
    assert [n.payload["decision"] for n in notes] == [won.value]


async def test_two_simultaneous_approve_days_approve_each_activity_once(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    ids = [
        (await submit(session, org.staff, clock(), start=f"{h:02d}:00", end=f"{h:02d}:45")).id
        for h in (8, 9, 10, 11)
    ]

    async def approve_all() -> int:
        async with session_factory() as s:
            actor = await s.get(Employee, org.assessor.id)
            assert actor is not None
            return await approve_day(s, actor, org.staff.id, MONDAY, now=clock())

    results: list[Any] = await asyncio.gather(approve_all(), approve_all(), return_exceptions=True)

    # The second may find nothing left (the first committed before it read): that is the
    # "already decided" answer a second tap gets, never an error or a double approval.
    counts = [r for r in results if isinstance(r, int)]
    assert all(isinstance(r, int | AlreadyDecided) for r in results), results
    assert sum(counts) == len(ids), results
    audits = [a for a in await rows_of(session_factory, AuditLog) if a.action == "activity.approve"]
    assert sorted(a.entity_id for a in audits) == ids
    notes = [n for n in await rows_of(session_factory, Notification) if n.kind == "decision.made"]
    assert sorted(n.payload["activity_id"] for n in notes) == ids
    for activity in await rows_of(session_factory, Activity):
        assert (activity.status, activity.version) == (ActivityStatus.APPROVED, 2)
