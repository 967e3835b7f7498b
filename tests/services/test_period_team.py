"""The team of a period is whom the actor supervises on its last day: someone who moved away
after the period ended is rated for it by the old supervisor, and someone who joined after it is
not in it; the same holds for the rating prompts and the curve."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Evaluation, EvaluationStatus, Notification
from services.audit import Actor
from services.errors import NotAllowed
from services.evaluation import open_card, open_periods, team_curve, team_for_period
from services.schedule import run_tick
from services.transfers import transfer
from tests.factories import make_nip
from tests.services.plan_helpers import PlanOrg, make_plan_org, rows_of, wib
from tests.services.review_helpers import snapshot_db

Factory = async_sessionmaker[AsyncSession]
MOVED_ON = date(2026, 10, 5)  # Monday after Q3 ended; Q3 can be rated until 10 October
OCTOBER = wib(MOVED_ON, "10:00")
DECEMBER = wib(date(2026, 12, 2), "10:00")  # Q4 is open from 1 December


async def _moved(session: AsyncSession) -> PlanOrg:
    """staff (under boss until Q3's end) reports to other_boss from 5 October."""
    org = await make_plan_org(session, wib(date(2026, 6, 1)))
    await transfer(
        session,
        Actor("cli"),
        org.agency.id,
        make_nip(43),
        unit=None,
        supervisor_nip=make_nip(45),
        position=None,
        valid_from=MOVED_ON,
        now=OCTOBER,
    )
    return org


async def _names(
    session: AsyncSession, actor_key: str, org: PlanOrg, key: str, now: datetime
) -> set[str]:
    actor = getattr(org, actor_key)
    return {m.employee.name for m in await team_for_period(session, actor, key, now)}


async def test_the_old_supervisor_rates_the_period_that_ended_before_the_move(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await _moved(session)

    assert await _names(session, "boss", org, "2026-Q3", OCTOBER) == {"Siti Aminah", "Budi Santoso"}
    assert await _names(session, "other_boss", org, "2026-Q3", OCTOBER) == {"Staf Bidang B"}
    card = await open_card(session, org.boss, org.staff.id, "2026-Q3", OCTOBER)
    assert card.employee_name == "Siti Aminah"

    before = await snapshot_db(session_factory)
    with pytest.raises(NotAllowed):
        await open_card(session, org.other_boss, org.staff.id, "2026-Q3", OCTOBER)
    await session.rollback()
    assert await snapshot_db(session_factory) == before


async def test_the_new_supervisor_rates_the_period_after_the_move(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await _moved(session)

    assert await _names(session, "boss", org, "2026-Q4", DECEMBER) == {"Budi Santoso"}
    assert await _names(session, "other_boss", org, "2026-Q4", DECEMBER) == {
        "Siti Aminah",
        "Staf Bidang B",
    }
    await open_card(session, org.other_boss, org.staff.id, "2026-Q4", DECEMBER)
    expected = {(org.staff.id, org.other_boss.id)}

    before = await snapshot_db(session_factory)
    with pytest.raises(NotAllowed):
        await open_card(session, org.boss, org.staff.id, "2026-Q4", DECEMBER)
    await session.rollback()
    assert await snapshot_db(session_factory) == before
    owners = {(e.employee_id, e.assessor_id) for e in await rows_of(session_factory, Evaluation)}
    assert owners == expected


async def test_the_rating_prompt_counts_the_team_of_the_period(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await _moved(session)
    org.other_boss.telegram_user_id = org.other_boss.telegram_chat_id = 9405
    await session.commit()

    async with session_factory() as s:
        await run_tick(s, wib(date(2026, 10, 6), "09:00"))

    prompts = {
        n.recipient_id: n.payload["missing"]
        for n in await rows_of(session_factory, Notification)
        if n.kind == "evaluation.prompt"
    }
    assert prompts[org.boss.id] == 2  # staff moved after Q3: still boss's to rate
    assert prompts[org.other_boss.id] == 1  # other_staff only


async def test_a_reopened_period_and_the_curve_follow_the_team_of_the_period(
    session: AsyncSession,
) -> None:
    org = await _moved(session)
    session.add(
        Evaluation(
            employee_id=org.staff.id,
            assessor_id=org.boss.id,
            period_key="2026-Q2",
            status=EvaluationStatus.DRAFT,
            reopened_at=OCTOBER,
            created_at=OCTOBER,
            updated_at=OCTOBER,
            values=[],
            notes=[],
        )
    )
    session.add(
        Evaluation(
            employee_id=org.staff.id,
            assessor_id=org.boss.id,
            period_key="2026-Q3",
            status=EvaluationStatus.FINAL,
            predicate="baik",
            created_at=OCTOBER,
            updated_at=OCTOBER,
            values=[],
            notes=[],
        )
    )
    await session.commit()

    assert "2026-Q2" in await open_periods(session, org.boss, OCTOBER)
    assert "2026-Q2" not in await open_periods(session, org.other_boss, OCTOBER)
    boss_curve = await team_curve(session, org.boss, "2026-Q3", now=OCTOBER)
    other_curve = await team_curve(session, org.other_boss, "2026-Q3", now=OCTOBER)
    assert (len(boss_curve.predicates), len(other_curve.predicates)) == (1, 0)
