"""Finalising against the distribution curve of the assessor's unit: warn (breaches returned)
or block (agency.curve_blocks), counting only the assessor's final evaluations of the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee, Evaluation, EvaluationStatus
from services.curve import Breach, OrgPredicate
from services.evaluation import Curve, CurveBlocked, finalize, set_unit_predicate, team_curve
from services.predicate import Predicate, Rating
from tests.conftest import FrozenClock
from tests.factories import make_employee
from tests.services.evaluation_helpers import rate
from tests.services.plan_helpers import (
    APRIL_2,
    Q1,
    PlanOrg,
    audits,
    final_evaluation,
    make_plan_org,
    open_fresh,
    outbox,
    snapshot_db,
    stored,
)

Factory = async_sessionmaker[AsyncSession]
ABOVE, AS_EXPECTED, BELOW = Rating.ABOVE, Rating.AS_EXPECTED, Rating.BELOW
RATINGS = {
    "sangat_baik": (ABOVE, ABOVE),
    "baik": (ABOVE, AS_EXPECTED),
    "butuh_perbaikan": (BELOW, AS_EXPECTED),
}


@dataclass
class Team:
    org: PlanOrg
    members: list[Employee]


async def _team(
    session: AsyncSession, clock: FrozenClock, org_predicate: OrgPredicate, **agency: Any
) -> Team:
    """The boss's team of four in Bidang A, whose predicate for Q1 the head has set."""
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now, **agency)
    extra = [
        await make_employee(
            session,
            org.agency,
            org.unit_a,
            50 + i,
            clock.now,
            name=f"Staf {i}",
            supervisor=org.boss,
        )
        for i in (1, 2)
    ]
    await session.commit()
    await set_unit_predicate(session, org.head, org.unit_a.id, Q1, org_predicate, now=clock.now)
    return Team(org, [org.staff, org.staff2, *extra])


async def _finalize(
    session: AsyncSession,
    factory: Factory,
    team: Team,
    member: Employee,
    predicate: str,
    now: datetime,
) -> tuple[int, list[Breach]]:
    evaluation_id = await open_fresh(factory, team.org.boss, member, Q1, now)
    result, behaviour = RATINGS[predicate]
    await rate(session, team.org.boss, evaluation_id, now=now, result=result, behaviour=behaviour)
    _, breaches = await finalize(session, team.org.boss, evaluation_id, now=now)
    return evaluation_id, breaches


async def test_warn_mode_finalizes_and_returns_the_broken_rule(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    team = await _team(session, clock, OrgPredicate.GOOD)
    first, second, third, fourth = team.members
    for member, predicate in ((first, "butuh_perbaikan"), (second, "baik"), (third, "baik")):
        _, breaches = await _finalize(session, session_factory, team, member, predicate, clock.now)
        assert breaches == []  # 1 of 1, then 50 %, then 67 % Baik with a Butuh Perbaikan

    evaluation_id, breaches = await _finalize(
        session, session_factory, team, fourth, "baik", clock.now
    )

    assert [
        (b.rule.predicates, b.rule.max_percent, b.actual_percent, b.actual_count) for b in breaches
    ] == [(frozenset({Predicate.GOOD}), 70, 75.0, 3)]
    row = await stored(session_factory, Evaluation, evaluation_id)
    assert (row.status, row.predicate) == (EvaluationStatus.FINAL, "baik")
    [*_, last] = await audits(session_factory, "evaluation.finalize")
    assert last.after == {"predicate": "baik", "curve_breaches": 1}


async def test_one_more_sangat_baik_keeps_baik_under_seventy_percent(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    team = await _team(session, clock, OrgPredicate.GOOD, curve_blocks=True)
    first, second, third, fourth = team.members
    for member, predicate in ((first, "butuh_perbaikan"), (second, "baik"), (third, "baik")):
        await _finalize(session, session_factory, team, member, predicate, clock.now)

    _, breaches = await _finalize(session, session_factory, team, fourth, "sangat_baik", clock.now)

    assert breaches == []


BAIK_MAX = (frozenset({Predicate.GOOD}), 70.0, None)
SOME_LOW = (frozenset({Predicate.NEEDS_IMPROVEMENT, Predicate.POOR}), None, 1)


@pytest.mark.parametrize(
    ("predicate", "broken"),
    [("sangat_baik", [SOME_LOW]), ("baik", [BAIK_MAX, SOME_LOW])],
)
async def test_a_team_without_butuh_perbaikan_or_kurang_breaks_a_baik_unit(
    predicate: str,
    broken: list[tuple[frozenset[Predicate], float | None, int | None]],
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    team = await _team(session, clock, OrgPredicate.GOOD)
    # Noise that must not count: another period of this assessor, another assessor's team.
    await final_evaluation(
        session, team.members[1], team.org.boss, "2025-Q4", "butuh_perbaikan", clock.now
    )
    await final_evaluation(
        session, team.org.other_staff, team.org.other_boss, Q1, "kurang", clock.now
    )

    evaluation_id, breaches = await _finalize(
        session, session_factory, team, team.members[0], predicate, clock.now
    )

    assert [(b.rule.predicates, b.rule.max_percent, b.rule.min_count) for b in breaches] == broken
    assert (await stored(session_factory, Evaluation, evaluation_id)).predicate == predicate


async def test_blocking_mode_refuses_and_changes_nothing_until_the_rating_fits(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    team = await _team(session, clock, OrgPredicate.GOOD, curve_blocks=True)
    first, second, third, fourth = team.members
    for member, predicate in ((first, "butuh_perbaikan"), (second, "baik"), (third, "baik")):
        await _finalize(session, session_factory, team, member, predicate, clock.now)
    evaluation_id = await open_fresh(session_factory, team.org.boss, fourth, Q1, clock.now)
    await rate(
        session, team.org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=AS_EXPECTED
    )
    before = await snapshot_db(session_factory)

    with pytest.raises(CurveBlocked) as caught:
        await finalize(session, team.org.boss, evaluation_id, now=clock.now)

    assert [(b.rule.max_percent, b.actual_percent) for b in caught.value.breaches] == [(70, 75.0)]
    assert await snapshot_db(session_factory) == before
    assert len(await outbox(session_factory, "evaluation.final")) == 3

    await rate(session, team.org.boss, evaluation_id, now=clock.now, result=BELOW)
    _, breaches = await finalize(session, team.org.boss, evaluation_id, now=clock.now)

    assert breaches == []
    row = await stored(session_factory, Evaluation, evaluation_id)
    assert (row.status, row.predicate) == (EvaluationStatus.FINAL, "butuh_perbaikan")


async def test_team_curve_shows_the_breach_before_finalising(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    team = await _team(session, clock, OrgPredicate.OUTSTANDING)
    first, second, third, _ = team.members
    for member in (first, second):
        await _finalize(session, session_factory, team, member, "sangat_baik", clock.now)
    await _finalize(session, session_factory, team, third, "baik", clock.now)

    now_curve = await team_curve(session, team.org.boss, Q1, now=clock.now)
    preview = await team_curve(session, team.org.boss, Q1, Predicate.VERY_GOOD, now=clock.now)

    assert now_curve.org is OrgPredicate.OUTSTANDING
    assert sorted(now_curve.predicates) == ["baik", "sangat_baik", "sangat_baik"]
    assert now_curve.breaches == []  # 67 % Sangat Baik
    assert [(b.rule.max_percent, b.actual_percent) for b in preview.breaches] == [(70, 75.0)]
    assert await team_curve(session, team.org.other_boss, Q1, now=clock.now) == Curve(None, [], [])
