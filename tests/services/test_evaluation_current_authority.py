"""Access to an evaluation follows who may assess the employee today (the supervisor, or an
acting official inside their dates, or an admin of the agency), not who happened to open it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Evaluation, EvaluationStatus
from services.errors import NotAllowed
from services.evaluation import (
    assessable_evaluation,
    finalize,
    readable_evaluation,
    team_curve,
)
from services.predicate import Rating
from tests.services.evaluation_helpers import rate
from tests.services.plan_helpers import (
    final_evaluation,
    make_acting,
    make_plan_org,
    open_fresh,
    stored,
    wib,
)

Factory = async_sessionmaker[AsyncSession]
PERIOD = "2026-Q1"
DURING = wib(date(2026, 4, 2))  # the Plt stands in for boss from 1 to 5 April
AFTER = wib(date(2026, 4, 7))


async def test_an_acting_official_loses_the_draft_when_their_dates_end(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_plan_org(session, wib(date(2026, 3, 1)))
    await make_acting(session, org.plt, org.boss, date(2026, 4, 1), date(2026, 4, 5), DURING)
    evaluation_id = await open_fresh(session_factory, org.plt, org.staff, PERIOD, DURING)
    async with session_factory() as s:
        assert (await readable_evaluation(s, org.plt, evaluation_id, DURING)).id == evaluation_id

    async with session_factory() as s:
        with pytest.raises(NotAllowed):
            await readable_evaluation(s, org.plt, evaluation_id, AFTER)
        with pytest.raises(NotAllowed):
            await assessable_evaluation(s, org.plt, evaluation_id, AFTER)
        with pytest.raises(NotAllowed):
            await rate(s, org.plt, evaluation_id, now=AFTER, result=Rating.ABOVE)
    async with session_factory() as s:
        # The real supervisor reads and rates what the Plt started.
        assert (await readable_evaluation(s, org.boss, evaluation_id, AFTER)).id == evaluation_id
        await rate(s, org.boss, evaluation_id, now=AFTER, result=Rating.AS_EXPECTED)
    assert (await stored(session_factory, Evaluation, evaluation_id)).result_rating == "sesuai"


async def test_the_supervisor_reads_a_draft_opened_by_a_plt_and_finalises_it(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_plan_org(session, wib(date(2026, 3, 1)))
    await make_acting(session, org.plt, org.boss, date(2026, 4, 1), date(2026, 4, 5), DURING)
    evaluation_id = await open_fresh(session_factory, org.plt, org.staff, PERIOD, DURING)
    async with session_factory() as s:
        await rate(
            s,
            org.boss,
            evaluation_id,
            now=AFTER,
            result=Rating.AS_EXPECTED,
            behaviour=Rating.AS_EXPECTED,
        )
    async with session_factory() as s:
        evaluation, _breaches = await finalize(s, org.boss, evaluation_id, now=AFTER)
    assert evaluation.status is EvaluationStatus.FINAL
    assert evaluation.assessor_id == org.boss.id  # who decided is who signs


async def test_outsiders_are_refused_and_admins_of_the_agency_may_read(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_plan_org(session, wib(date(2026, 3, 1)))
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, PERIOD, DURING)
    async with session_factory() as s:
        for outsider in (org.other_boss, org.staff2, org.plt, org.staff):
            with pytest.raises(NotAllowed):
                await readable_evaluation(s, outsider, evaluation_id, DURING)
        assert (await readable_evaluation(s, org.admin, evaluation_id, DURING)).id == evaluation_id
        with pytest.raises(NotAllowed):
            await assessable_evaluation(s, org.admin, evaluation_id, DURING)


async def test_the_curve_counts_the_team_assessed_now_whoever_opened_the_evaluations(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_plan_org(session, wib(date(2026, 3, 1)))
    # staff's evaluation was finalised by the Plt while acting; it is still boss's team.
    await final_evaluation(session, org.staff, org.plt, PERIOD, "sangat_baik", DURING)
    await final_evaluation(session, org.other_staff, org.other_boss, PERIOD, "baik", DURING)
    async with session_factory() as s:
        curve = await team_curve(s, org.boss, PERIOD, now=AFTER)
    assert [p.value for p in curve.predicates] == ["sangat_baik"]
