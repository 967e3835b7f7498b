"""Periodic evaluation by the assessor: opening, rating, the predicate on finalising, and the
employee's side (drafts stay hidden; respond and acknowledge)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import CoreValue, Evaluation, EvaluationStatus, ResultNote, ValueRating
from services.errors import Invalid, Locked, NotAllowed, NotFound, StaleVersion
from services.evaluation import (
    MAX_TEXT,
    acknowledge,
    card_version,
    finalize,
    my_evaluations,
    open_evaluation,
    rate_behaviour,
    rate_result,
    rate_value,
    respond,
    set_recommendation,
)
from services.predicate import Rating
from tests.conftest import FrozenClock
from tests.services.evaluation_helpers import rate
from tests.services.plan_helpers import (
    APRIL_2,
    Q1,
    PlanOrg,
    approved_plan,
    audits,
    make_cascade,
    make_plan_org,
    open_fresh,
    outbox,
    rhk,
    rows_of,
    snapshot_db,
    stored,
)

Factory = async_sessionmaker[AsyncSession]
ABOVE, AS_EXPECTED, BELOW = Rating.ABOVE, Rating.AS_EXPECTED, Rating.BELOW


async def _org(session: AsyncSession, clock: FrozenClock) -> PlanOrg:
    clock.now = APRIL_2
    return await make_plan_org(session, clock.now)


async def test_assessor_opens_one_evaluation_per_employee_and_period(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)

    first = await open_evaluation(session, org.boss, org.staff.id, Q1, now=clock.now)
    clock.advance(hours=1)
    again = await open_evaluation(session, org.boss, org.staff.id, Q1, now=clock.now)

    assert again.id == first.id
    [row] = await rows_of(session_factory, Evaluation)
    assert (row.employee_id, row.assessor_id, row.period_key, row.status, row.predicate) == (
        org.staff.id,
        org.boss.id,
        Q1,
        EvaluationStatus.DRAFT,
        None,
    )
    [opened] = await audits(session_factory, "evaluation.open")
    assert (opened.actor_id, opened.entity_id, opened.after) == (
        org.boss.id,
        row.id,
        {"period": Q1, "employee_id": org.staff.id},
    )


@pytest.mark.parametrize("who", ["staff", "staff2", "other_boss", "head", "admin"])
async def test_only_the_assessor_opens_an_evaluation(
    who: str, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await open_evaluation(session, getattr(org, who), org.staff.id, Q1, now=clock.now)

    assert await snapshot_db(session_factory) == before


async def test_open_with_an_invalid_period_or_unknown_employee(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)

    with pytest.raises(Invalid):
        await open_evaluation(session, org.boss, org.staff.id, "2026-Q5", now=clock.now)
    with pytest.raises(NotFound):
        await open_evaluation(session, org.boss, org.staff.id + 1000, Q1, now=clock.now)

    assert await rows_of(session_factory, Evaluation) == []


async def test_each_change_is_its_own_use_case_and_audits_what_changed(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)

    await rate_result(session, org.boss, evaluation_id, ABOVE, now=clock.now)
    await rate_behaviour(session, org.boss, evaluation_id, AS_EXPECTED, now=clock.now)
    await rate_value(
        session,
        org.boss,
        evaluation_id,
        CoreValue.SERVICE,
        ABOVE,
        now=clock.now,
        feedback="  Ramah   dan cepat ",
    )
    await set_recommendation(
        session, org.boss, evaluation_id, "Pelatihan analisis data", now=clock.now
    )
    clock.advance(minutes=3)
    await rate_value(
        session, org.boss, evaluation_id, CoreValue.SERVICE, AS_EXPECTED, now=clock.now
    )

    row = await stored(session_factory, Evaluation, evaluation_id)
    assert (row.result_rating, row.behaviour_rating, row.recommendation, row.updated_at) == (
        "di_atas",
        "sesuai",
        "Pelatihan analisis data",
        clock.now,
    )
    assert row.status is EvaluationStatus.DRAFT
    # a new rating of a value keeps its feedback; "" clears it
    assert [
        (v.value, v.rating, v.feedback) for v in await rows_of(session_factory, ValueRating)
    ] == [("berorientasi_pelayanan", "sesuai", "Ramah dan cepat")]
    assert [a.after for a in await audits(session_factory, "evaluation.rate")] == [
        {"result": "di_atas"},
        {"behaviour": "sesuai"},
        {"value:berorientasi_pelayanan": "di_atas"},
        {"recommendation": "Pelatihan analisis data"},
        {"value:berorientasi_pelayanan": "sesuai"},
    ]
    await rate_value(
        session, org.boss, evaluation_id, CoreValue.SERVICE, AS_EXPECTED, now=clock.now, feedback=""
    )
    [value] = await rows_of(session_factory, ValueRating)
    assert value.feedback is None


async def test_a_change_from_an_outdated_card_is_refused(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    shown = card_version(await stored(session_factory, Evaluation, evaluation_id))
    await rate_result(session, org.boss, evaluation_id, ABOVE, now=clock.now, version=shown)
    before = await snapshot_db(session_factory)

    with pytest.raises(StaleVersion):
        await rate_result(session, org.boss, evaluation_id, BELOW, now=clock.now, version=shown)

    assert await snapshot_db(session_factory) == before


async def test_result_notes_per_rhk_are_replaced_not_duplicated(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    cascade = await make_cascade(session, org, clock.now)
    plan = await approved_plan(
        session, org.staff, org.boss, [rhk("Data terkirim", cascade.boss_items[0].id)], clock.now
    )
    item = plan.items[0].id
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)

    await rate(session, org.boss, evaluation_id, now=clock.now, note=(item, "Sudah baik"))
    await rate(session, org.boss, evaluation_id, now=clock.now, note=(item, " Pertahankan  mutu "))

    assert [(n.plan_item_id, n.feedback) for n in await rows_of(session_factory, ResultNote)] == [
        (item, "Pertahankan mutu")
    ]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"note": (1, "   ")}, "text_empty"),
        ({"recommendation": "x" * (MAX_TEXT + 1)}, "text_too_long"),
        ({"value": (CoreValue.LOYAL, ABOVE, "y" * (MAX_TEXT + 1))}, "text_too_long"),
    ],
)
async def test_bad_feedback_is_refused(
    kwargs: dict[str, object],
    code: str,
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as caught:
        await rate(session, org.boss, evaluation_id, now=clock.now, **kwargs)  # type: ignore[arg-type]

    assert caught.value.code == code
    assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize("who", ["staff", "staff2", "other_boss", "head"])
async def test_only_the_assessor_rates_and_finalizes(
    who: str, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=ABOVE)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await rate(session, getattr(org, who), evaluation_id, now=clock.now, result=BELOW)
    with pytest.raises(NotAllowed):
        await finalize(session, getattr(org, who), evaluation_id, now=clock.now)

    assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize(
    ("result", "behaviour", "predicate"),
    [
        (ABOVE, ABOVE, "sangat_baik"),
        (ABOVE, AS_EXPECTED, "baik"),
        (AS_EXPECTED, ABOVE, "baik"),
        (AS_EXPECTED, BELOW, "kurang"),
        (BELOW, ABOVE, "butuh_perbaikan"),
        (BELOW, BELOW, "sangat_kurang"),
    ],
)
async def test_finalize_stores_the_matrix_predicate_and_tells_the_employee(
    result: Rating,
    behaviour: Rating,
    predicate: str,
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=result, behaviour=behaviour)
    clock.advance(minutes=10)

    _, breaches = await finalize(session, org.boss, evaluation_id, now=clock.now)

    assert breaches == []  # no organisation predicate set: nothing to check against
    row = await stored(session_factory, Evaluation, evaluation_id)
    assert (row.status, row.predicate, row.finalized_at) == (
        EvaluationStatus.FINAL,
        predicate,
        clock.now,
    )
    [final] = await audits(session_factory, "evaluation.finalize")
    assert (final.actor_id, final.entity_id, final.after) == (
        org.boss.id,
        evaluation_id,
        {"predicate": predicate, "curve_breaches": 0},
    )
    [note] = await outbox(session_factory, "evaluation.final")
    assert (note.recipient_id, note.payload) == (org.staff.id, {"evaluation_id": evaluation_id})


@pytest.mark.parametrize("given", [{}, {"result": ABOVE}, {"behaviour": ABOVE}])
async def test_finalize_needs_both_ratings(
    given: dict[str, Any], session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    if given:
        await rate(session, org.boss, evaluation_id, now=clock.now, **given)
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as caught:
        await finalize(session, org.boss, evaluation_id, now=clock.now)

    assert caught.value.code == "evaluation_incomplete"
    assert await snapshot_db(session_factory) == before


async def test_a_final_evaluation_no_longer_changes(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=ABOVE)
    await finalize(session, org.boss, evaluation_id, now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(Locked):
        await rate(session, org.boss, evaluation_id, now=clock.now, result=BELOW)
    with pytest.raises(Locked):
        await finalize(session, org.boss, evaluation_id, now=clock.now)

    assert await snapshot_db(session_factory) == before


async def test_employee_does_not_see_or_answer_a_draft(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=ABOVE)
    before = await snapshot_db(session_factory)

    assert await my_evaluations(session, org.staff) == []
    with pytest.raises(NotFound):
        await respond(session, org.staff, evaluation_id, "Saya keberatan", now=clock.now)
    with pytest.raises(NotFound):
        await acknowledge(session, org.staff, evaluation_id, now=clock.now)

    assert await snapshot_db(session_factory) == before


async def test_employee_responds_and_acknowledges_a_final_evaluation(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=ABOVE)
    await finalize(session, org.boss, evaluation_id, now=clock.now)

    assert [e.id for e in await my_evaluations(session, org.staff)] == [evaluation_id]
    clock.advance(hours=2)
    await respond(
        session, org.staff, evaluation_id, "  Terima kasih,\n akan saya tingkatkan ", now=clock.now
    )

    row = await stored(session_factory, Evaluation, evaluation_id)
    assert (row.employee_response, row.status) == (
        "Terima kasih, akan saya tingkatkan",
        EvaluationStatus.FINAL,
    )
    [answer] = await outbox(session_factory, "evaluation.response")
    assert (answer.recipient_id, answer.payload) == (org.boss.id, {"evaluation_id": evaluation_id})
    [responded] = await audits(session_factory, "evaluation.respond")
    assert (responded.actor_id, responded.after) == (
        org.staff.id,
        {"response": "Terima kasih, akan saya tingkatkan"},
    )

    clock.advance(hours=1)
    acknowledged_at = clock.now
    await acknowledge(session, org.staff, evaluation_id, now=clock.now)
    clock.advance(hours=1)
    await acknowledge(session, org.staff, evaluation_id, now=clock.now)  # again: no change

    row = await stored(session_factory, Evaluation, evaluation_id)
    assert (row.status, row.acknowledged_at) == (EvaluationStatus.ACKNOWLEDGED, acknowledged_at)
    assert len(await audits(session_factory, "evaluation.acknowledge")) == 1


async def test_someone_else_cannot_answer_the_evaluation(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session, clock)
    evaluation_id = await open_fresh(session_factory, org.boss, org.staff, Q1, clock.now)
    await rate(session, org.boss, evaluation_id, now=clock.now, result=ABOVE, behaviour=ABOVE)
    await finalize(session, org.boss, evaluation_id, now=clock.now)
    before = await snapshot_db(session_factory)

    for who in (org.staff2, org.boss):
        with pytest.raises(NotFound):
            await respond(session, who, evaluation_id, "Bukan punya saya", now=clock.now)
        with pytest.raises(NotFound):
            await acknowledge(session, who, evaluation_id, now=clock.now)
    with pytest.raises(Invalid) as caught:
        await respond(session, org.staff, evaluation_id, "  ", now=clock.now)

    assert caught.value.code == "text_empty"
    assert await snapshot_db(session_factory) == before


async def test_a_new_evaluation_can_be_read_in_the_session_that_opened_it(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await _org(session, clock)

    evaluation = await open_evaluation(session, org.boss, org.staff.id, Q1, now=clock.now)

    # Reading them for real would crash the session (MissingGreenlet); ask instead whether a
    # read would need the database.
    assert {"values", "notes"}.isdisjoint(inspect(evaluation).unloaded)
