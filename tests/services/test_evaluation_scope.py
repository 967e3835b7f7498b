"""Which periods can be rated on a given day (a periodic one from its last month to its
deadline, the annual one from 1 January of the next year to its deadline), and that an
evaluation is finalised only on an approved SKP."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, Evaluation, EvaluationPeriod, EvaluationStatus
from services.errors import Invalid
from services.evaluation import finalize, periods_open
from services.plans import save_draft, submit_plan
from services.predicate import Rating
from tests.conftest import FrozenClock
from tests.services.evaluation_helpers import rate
from tests.services.plan_helpers import (
    APRIL_2,
    Q1,
    approved_plan,
    make_cascade,
    make_plan_org,
    open_fresh,
    rhk,
    snapshot_db,
    stored,
)

Factory = async_sessionmaker[AsyncSession]


def _agency(kind: EvaluationPeriod, days: int = 10) -> Agency:
    return Agency(name="Dinas", evaluation_period=kind, evaluation_deadline_days=days)


@pytest.mark.parametrize(
    ("kind", "today", "open_now"),
    [
        (EvaluationPeriod.QUARTERLY, date(2026, 12, 1), ["2026-Q4"]),  # not yet the annual one
        (EvaluationPeriod.QUARTERLY, date(2026, 11, 30), []),  # Q3 closed on 10 October
        (EvaluationPeriod.QUARTERLY, date(2026, 4, 2), ["2026-Q1"]),
        (EvaluationPeriod.QUARTERLY, date(2026, 4, 11), []),
        (EvaluationPeriod.QUARTERLY, date(2027, 1, 1), ["2026-Q4", "2026-Y"]),
        (EvaluationPeriod.QUARTERLY, date(2027, 2, 14), ["2026-Y"]),  # annual: at least 45 days
        (EvaluationPeriod.QUARTERLY, date(2027, 2, 15), []),
        (EvaluationPeriod.MONTHLY, date(2026, 3, 5), ["2026-M02", "2026-M03"]),
        (EvaluationPeriod.SEMESTER, date(2026, 6, 1), ["2026-S1"]),
    ],
)
def test_the_periods_open_on_a_day(
    kind: EvaluationPeriod, today: date, open_now: list[str]
) -> None:
    assert periods_open(_agency(kind), today) == open_now


async def test_an_evaluation_on_an_unapproved_plan_cannot_be_finalised(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await save_draft(
        session, org.staff, 2026, [rhk("Data terkirim", cascade.boss_items[0].id)], now=clock.now
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(
        session, org.boss, evaluation_id, now=clock.now, result=Rating.ABOVE, behaviour=Rating.ABOVE
    )
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as caught:
        await finalize(session, org.boss, evaluation_id, now=clock.now)

    assert caught.value.code == "plan_not_approved"
    assert await snapshot_db(session_factory) == before
    row = await stored(session_factory, Evaluation, evaluation_id)
    assert row.status is EvaluationStatus.DRAFT


async def test_an_evaluation_on_an_approved_plan_is_finalised(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    await approved_plan(
        session, org.staff, org.boss, [rhk("Data terkirim", cascade.boss_items[0].id)], clock.now
    )
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(
        session, org.boss, evaluation_id, now=clock.now, result=Rating.ABOVE, behaviour=Rating.ABOVE
    )

    evaluation, _breaches = await finalize(session, org.boss, evaluation_id, now=clock.now)

    assert evaluation.status is EvaluationStatus.FINAL
