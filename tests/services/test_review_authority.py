"""Who may act on whose work: every verification action against every kind of actor.

Only the assessor (direct supervisor) and an official acting for them (Plt/Plh) within the
assignment's dates may decide; the assessor's own supervisor may look at the team but not
decide; an admin has no say over work they do not assess. A refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus, Employee, Feedback
from services.errors import NotAllowed
from services.feedback import give_feedback
from services.review import (
    Decision,
    approve_day,
    check_decidable,
    decide,
    pending_group,
    pending_groups,
    reviewable_activity,
)
from services.team import team_view
from tests.conftest import FrozenClock
from tests.services.review_helpers import (
    LINK,
    MONDAY,
    PHOTO,
    ReviewOrg,
    make_acting,
    make_review_org,
    rows_of,
    snapshot_db,
    submit,
)

Factory = async_sessionmaker[AsyncSession]

# (start, end, revoked) of an acting assignment for the assessor, seen on Monday 2 March.
ACTING = {
    "acting_inside": (date(2026, 3, 1), date(2026, 3, 6), False),
    "acting_starts_today": (MONDAY, date(2026, 3, 6), False),
    "acting_ends_today": (date(2026, 2, 23), MONDAY, False),
    "acting_before_start": (date(2026, 3, 3), date(2026, 3, 6), False),
    "acting_after_end": (date(2026, 2, 23), date(2026, 3, 1), False),
    "acting_revoked": (date(2026, 3, 1), date(2026, 3, 6), True),
}
PLAIN = {
    "self": "staff",
    "assessor": "assessor",
    "other_team_supervisor": "other_boss",
    "assessor_supervisor": "head",
    "admin": "admin",
}
ACTORS = [*PLAIN, *ACTING]
DECIDERS = {"assessor", "acting_inside", "acting_starts_today", "acting_ends_today"}
VIEWERS = DECIDERS | {"assessor_supervisor"}


async def _actor(session: AsyncSession, org: ReviewOrg, name: str, now: datetime) -> Employee:
    if name in PLAIN:
        return getattr(org, PLAIN[name])
    start, end, revoked = ACTING[name]
    await make_acting(
        session,
        org.plt,
        org.assessor,
        start,
        end,
        now,
        revoked_at=now - timedelta(hours=1) if revoked else None,
    )
    return org.plt


async def _stored(factory: Factory, activity_id: int) -> Activity:
    async with factory() as s:
        activity = await s.get(Activity, activity_id)
        assert activity is not None
        return activity


# Each action: (call, check when allowed). `call` returns what the service returned.
Call = Callable[[AsyncSession, Employee, ReviewOrg, Activity, datetime], Awaitable[Any]]
Check = Callable[[Factory, Employee, ReviewOrg, Activity, Any, dict[str, Any]], Awaitable[None]]


def _decision(decision: Decision, status: ActivityStatus) -> tuple[Call, Check]:
    reason = None if decision is Decision.APPROVE else "Lampirkan notulen"

    async def call(
        session: AsyncSession, actor: Employee, org: ReviewOrg, a: Activity, now: datetime
    ) -> Any:
        return await decide(session, actor, a.id, a.version, decision, reason, now=now)

    async def check(
        factory: Factory, actor: Employee, org: ReviewOrg, a: Activity, result: Any, before: Any
    ) -> None:
        stored = await _stored(factory, a.id)
        assert (stored.status, stored.decided_by_id, stored.decision_reason) == (
            status,
            actor.id,
            reason,
        )

    return call, check


async def _approve_day(
    session: AsyncSession, actor: Employee, org: ReviewOrg, a: Activity, now: datetime
) -> Any:
    return await approve_day(session, actor, org.staff.id, MONDAY, now=now)


async def _approve_day_check(
    factory: Factory, actor: Employee, org: ReviewOrg, a: Activity, result: Any, before: Any
) -> None:
    assert result == 1
    stored = await _stored(factory, a.id)
    assert (stored.status, stored.decided_by_id) == (ActivityStatus.APPROVED, actor.id)


async def _check_decidable(
    session: AsyncSession, actor: Employee, org: ReviewOrg, a: Activity, now: datetime
) -> Any:
    return await check_decidable(session, actor, a.id, a.version, now)


async def _unchanged(
    factory: Factory, actor: Employee, org: ReviewOrg, a: Activity, result: Any, before: Any
) -> None:
    assert await snapshot_db(factory) == before


async def _evidence(
    session: AsyncSession, actor: Employee, org: ReviewOrg, a: Activity, now: datetime
) -> Any:
    return await reviewable_activity(session, actor, a.id, now)


async def _evidence_check(
    factory: Factory, actor: Employee, org: ReviewOrg, a: Activity, result: Any, before: Any
) -> None:
    assert result.id == a.id
    assert [e.file_id for e in result.evidence if e.file_id] == [PHOTO.file_id]
    await _unchanged(factory, actor, org, a, result, before)


async def _feedback(
    session: AsyncSession, actor: Employee, org: ReviewOrg, a: Activity, now: datetime
) -> Any:
    return await give_feedback(session, actor, org.staff.id, "Bagus, lanjutkan", now=now)


async def _feedback_check(
    factory: Factory, actor: Employee, org: ReviewOrg, a: Activity, result: Any, before: Any
) -> None:
    [row] = await rows_of(factory, Feedback)
    assert (row.author_id, row.recipient_id, row.text) == (
        actor.id,
        org.staff.id,
        "Bagus, lanjutkan",
    )


async def _pending_group(
    session: AsyncSession, actor: Employee, org: ReviewOrg, a: Activity, now: datetime
) -> Any:
    return await pending_group(session, actor, org.staff.id, MONDAY, now)


async def _pending_group_check(
    factory: Factory, actor: Employee, org: ReviewOrg, a: Activity, result: Any, before: Any
) -> None:
    assert (result.employee.id, result.day, [x.id for x in result.activities]) == (
        org.staff.id,
        MONDAY,
        [a.id],
    )
    await _unchanged(factory, actor, org, a, result, before)


async def _team(
    session: AsyncSession, actor: Employee, org: ReviewOrg, a: Activity, now: datetime
) -> Any:
    return await team_view(session, actor, now, org.assessor.id)


async def _team_check(
    factory: Factory, actor: Employee, org: ReviewOrg, a: Activity, result: Any, before: Any
) -> None:
    assert result.supervisor.id == org.assessor.id
    assert [m.employee.id for m in result.members] == [org.staff2.id, org.staff.id]  # by name
    await _unchanged(factory, actor, org, a, result, before)


ACTIONS: dict[str, tuple[Call, Check]] = {
    "approve": _decision(Decision.APPROVE, ActivityStatus.APPROVED),
    "revision": _decision(Decision.REVISION, ActivityStatus.REVISION),
    "reject": _decision(Decision.REJECT, ActivityStatus.REJECTED),
    "approve_day": (_approve_day, _approve_day_check),
    "check_decidable": (_check_decidable, _unchanged),
    "reviewable_activity": (_evidence, _evidence_check),
    "give_feedback": (_feedback, _feedback_check),
    "pending_group": (_pending_group, _pending_group_check),
    "team_view": (_team, _team_check),
}


def _allowed(actor: str, action: str) -> bool:
    return actor in (VIEWERS if action == "team_view" else DECIDERS)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("actor_name", ACTORS)
async def test_authorization_matrix(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    actor_name: str,
    action: str,
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock(), evidence=[PHOTO, LINK])
    actor = await _actor(session, org, actor_name, clock())
    call, check = ACTIONS[action]
    before = await snapshot_db(session_factory)

    if _allowed(actor_name, action):
        result = await call(session, actor, org, activity, clock())
        await check(session_factory, actor, org, activity, result, before)
    else:
        with pytest.raises(NotAllowed):
            await call(session, actor, org, activity, clock())
        assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize("actor_name", ACTORS)
async def test_pending_groups_show_only_work_the_actor_may_decide(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, actor_name: str
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    foreign = await submit(session, org.other_staff, clock())
    actor = await _actor(session, org, actor_name, clock())

    groups = await pending_groups(session, actor, clock())

    ids = {a.id for g in groups for a in g.activities}
    assert (activity.id in ids) is (actor_name in DECIDERS)
    if actor_name != "other_team_supervisor":
        assert foreign.id not in ids


async def test_an_acting_subordinate_decides_for_colleagues_but_not_own_work(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    own = await submit(session, org.staff2, clock())
    colleague = await submit(session, org.staff, clock())
    await make_acting(session, org.staff2, org.assessor, MONDAY, MONDAY, clock())
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await decide(session, org.staff2, own.id, 1, Decision.APPROVE, None, now=clock())
    with pytest.raises(NotAllowed):
        await approve_day(session, org.staff2, org.staff2.id, MONDAY, now=clock())
    assert await snapshot_db(session_factory) == before

    await decide(session, org.staff2, colleague.id, 1, Decision.APPROVE, None, now=clock())
    assert (await _stored(session_factory, colleague.id)).decided_by_id == org.staff2.id
    assert (await _stored(session_factory, own.id)).status is ActivityStatus.SUBMITTED


async def test_work_of_a_deactivated_employee_cannot_be_decided(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    org.staff.active = False
    await session.commit()
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await decide(session, org.assessor, activity.id, 1, Decision.APPROVE, None, now=clock())
    assert await snapshot_db(session_factory) == before
    assert await pending_groups(session, org.assessor, clock()) == []


async def test_acting_for_another_supervisor_gives_no_say_over_this_team(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    await make_acting(session, org.plt, org.other_boss, MONDAY, MONDAY, clock())
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await decide(session, org.plt, activity.id, 1, Decision.APPROVE, None, now=clock())
    assert await snapshot_db(session_factory) == before
    assert [
        a.employee_id for g in await pending_groups(session, org.plt, clock()) for a in g.activities
    ] == []
    assert (
        await session.scalar(select(Activity.status).where(Activity.id == activity.id))
        is ActivityStatus.SUBMITTED
    )
