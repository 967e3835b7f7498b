"""Ratings lock after the period's deadline (period end + agency.evaluation_deadline_days, in the
employee's local date); only an admin reopens, and that is audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, Employee, Evaluation, EvaluationStatus
from services.audit import Actor
from services.errors import Locked, NotAllowed, NotFound
from services.evaluation import finalize, reopen
from services.predicate import Rating
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit
from tests.services.evaluation_helpers import rate
from tests.services.plan_helpers import (
    APRIL_2,
    Q1,
    audits,
    make_plan_org,
    open_fresh,
    outbox,
    snapshot_db,
    stored,
    wib,
)

Factory = async_sessionmaker[AsyncSession]
ABOVE, AS_EXPECTED, BELOW = Rating.ABOVE, Rating.AS_EXPECTED, Rating.BELOW


@pytest.mark.parametrize(("days", "last_day"), [(10, 10), (3, 3), (0, 0)])
async def test_rating_locks_the_day_after_the_deadline(
    days: int,
    last_day: int,
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    clock.now = wib(date(2026, 3, 31))
    org = await make_plan_org(session, clock.now, evaluation_deadline_days=days)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)

    last_minute = wib(date(2026, 3, 31) if last_day == 0 else date(2026, 4, last_day), "23:59")
    await rate(session, org.boss, evaluation_id, now=last_minute, result=ABOVE)
    assert (await stored(session_factory, Evaluation, evaluation_id)).result_rating == "di_atas"

    locked_at = wib(date(2026, 4, last_day + 1), "00:00")
    before = await snapshot_db(session_factory)
    with pytest.raises(Locked, match="deadline"):
        await rate(session, org.boss, evaluation_id, now=locked_at, behaviour=ABOVE)
    with pytest.raises(Locked, match="deadline"):
        await finalize(session, org.boss, evaluation_id, now=locked_at)

    assert await snapshot_db(session_factory) == before


async def test_the_deadline_is_in_the_employees_own_zone(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    org.staff.timezone = "Asia/Jayapura"  # WIT, two hours ahead of the agency's WIB
    await session.commit()
    papua = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    java = await open_fresh(session_factory, org.boss, org.staff2, Q1, clock.now)
    # 23:00 on 10 April in Jakarta is already 01:00 on 11 April in Jayapura.
    late = wib(date(2026, 4, 10), "23:00")

    await rate(session, org.boss, java, now=late, result=ABOVE)
    with pytest.raises(Locked):
        await rate(session, org.boss, papua, now=late, result=ABOVE)

    assert (await stored(session_factory, Evaluation, java)).result_rating == "di_atas"
    assert (await stored(session_factory, Evaluation, papua)).result_rating is None


async def test_admin_reopens_a_final_evaluation_after_the_deadline(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=AS_EXPECTED)
    await finalize(session, org.boss, evaluation_id, now=clock.now)
    clock.now = wib(date(2026, 4, 20))
    with pytest.raises(Locked):
        await rate(session, org.boss, evaluation_id, now=clock.now, result=BELOW)

    await reopen(session, Actor.employee(org.admin.id), org.agency.id, evaluation_id, now=clock.now)

    reopened = await stored(session_factory, Evaluation, evaluation_id)
    assert (reopened.status, reopened.reopened_at) == (EvaluationStatus.DRAFT, clock.now)
    [row] = await audits(session_factory, "evaluation.reopen")
    assert (row.actor_id, row.actor_label, row.entity_id, row.before, row.after) == (
        org.admin.id,
        "employee",
        evaluation_id,
        {"status": "final", "predicate": "baik"},
        {"status": "draf"},
    )

    clock.advance(hours=1)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=BELOW)
    _, breaches = await finalize(session, org.boss, evaluation_id, now=clock.now)

    assert breaches == []
    final = await stored(session_factory, Evaluation, evaluation_id)
    assert (final.status, final.predicate, final.finalized_at) == (
        EvaluationStatus.FINAL,
        "butuh_perbaikan",
        clock.now,
    )
    assert len(await outbox(session_factory, "evaluation.final")) == 2


async def test_reopening_a_draft_that_missed_the_deadline_makes_it_editable(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    clock.now = wib(date(2026, 5, 4))
    with pytest.raises(Locked):
        await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE)

    await reopen(session, Actor("cli"), org.agency.id, evaluation_id, now=clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=ABOVE)
    await finalize(session, org.boss, evaluation_id, now=clock.now)

    assert (await stored(session_factory, Evaluation, evaluation_id)).predicate == "sangat_baik"
    [row] = await audits(session_factory, "evaluation.reopen")
    assert (row.actor_id, row.actor_label) == (None, "cli")


@pytest.mark.parametrize("who", ["boss", "head", "staff", "inactive_admin"])
async def test_only_an_active_admin_reopens(
    who: str, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=ABOVE)
    await finalize(session, org.boss, evaluation_id, now=clock.now)
    if who == "inactive_admin":
        org.admin.active = False
        await session.commit()
    actor: Employee = org.admin if who == "inactive_admin" else getattr(org, who)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await reopen(session, Actor.employee(actor.id), org.agency.id, evaluation_id, now=clock.now)

    assert await snapshot_db(session_factory) == before


async def test_reopen_of_an_unknown_evaluation(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)

    with pytest.raises(NotFound):
        await reopen(session, Actor.employee(org.admin.id), org.agency.id, 999, now=clock.now)


async def _foreign_admin(session: AsyncSession, clock: FrozenClock) -> tuple[Agency, Employee]:
    agency = await make_agency(session, clock.now)
    unit = await make_unit(session, agency, "Dinas Lain")
    admin = await make_employee(session, agency, unit, 90, clock.now, is_admin=True)
    await session.commit()
    return agency, admin


async def test_an_admin_of_another_agency_cannot_reopen(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.now = APRIL_2
    org = await make_plan_org(session, clock.now)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=ABOVE)
    await finalize(session, org.boss, evaluation_id, now=clock.now)
    agency, admin = await _foreign_admin(session, clock)
    before = await snapshot_db(session_factory)

    with pytest.raises((NotAllowed, NotFound)):
        await reopen(session, Actor.employee(admin.id), agency.id, evaluation_id, now=clock.now)

    assert await snapshot_db(session_factory) == before
