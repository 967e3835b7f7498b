"""The assessor's changes to a draft evaluation, one use case per kind of change. Each one
checks the assessor, the deadline lock and the card version, writes one audit row and commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    CoreValue,
    Employee,
    Evaluation,
    EvaluationStatus,
    Plan,
    PlanItem,
    ResultNote,
    ValueRating,
)
from services import audit
from services.audit import Actor
from services.errors import Invalid, NotFound, Problem
from services.evaluation.access import (
    clean_text,
    editable_evaluation,
    require_evaluation_assessor,
    required_text,
)
from services.periods import bounds
from services.predicate import Rating


async def open_evaluation(
    session: AsyncSession, actor: Employee, employee_id: int, period_key: str, *, now: datetime
) -> Evaluation:
    """The employee's evaluation of the period, created as a draft on first open."""
    bounds(period_key)  # validates the key
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise NotFound("employee")
    await require_evaluation_assessor(session, actor, employee, period_key, now)
    evaluation = await session.scalar(
        select(Evaluation).where(
            Evaluation.employee_id == employee_id, Evaluation.period_key == period_key
        )
    )
    if evaluation is None:
        evaluation = Evaluation(
            employee_id=employee_id,
            assessor_id=actor.id,
            period_key=period_key,
            status=EvaluationStatus.DRAFT,
            created_at=now,
            updated_at=now,
            values=[],
            notes=[],
        )
        session.add(evaluation)
        await session.flush()
        audit.record(
            session,
            actor=Actor.employee(actor.id),
            at=now,
            action="evaluation.open",
            entity="evaluation",
            entity_id=evaluation.id,
            after={"period": period_key, "employee_id": employee_id},
        )
        await session.commit()
    return evaluation


async def _saved(
    session: AsyncSession,
    actor: Employee,
    evaluation: Evaluation,
    now: datetime,
    changed: dict[str, object],
) -> Evaluation:
    evaluation.assessor_id = actor.id  # the one who rates is the one who signs
    evaluation.updated_at = now
    audit.record(
        session,
        actor=Actor.employee(actor.id),
        at=now,
        action="evaluation.rate",
        entity="evaluation",
        entity_id=evaluation.id,
        after=changed,
    )
    await session.commit()
    return evaluation


async def rate_result(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    rating: Rating,
    *,
    now: datetime,
    version: int | None = None,
) -> Evaluation:
    """Hasil Kerja."""
    evaluation = await editable_evaluation(session, actor, evaluation_id, now, version)
    evaluation.result_rating = rating.value
    return await _saved(session, actor, evaluation, now, {"result": rating.value})


async def rate_behaviour(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    rating: Rating,
    *,
    now: datetime,
    version: int | None = None,
) -> Evaluation:
    """Perilaku Kerja as a whole."""
    evaluation = await editable_evaluation(session, actor, evaluation_id, now, version)
    evaluation.behaviour_rating = rating.value
    return await _saved(session, actor, evaluation, now, {"behaviour": rating.value})


async def rate_value(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    value: CoreValue,
    rating: Rating,
    *,
    now: datetime,
    feedback: str | None = None,
    version: int | None = None,
) -> Evaluation:
    """One BerAKHLAK value; `feedback` replaces its feedback ("" clears it, None keeps it)."""
    evaluation = await editable_evaluation(session, actor, evaluation_id, now, version)
    text = clean_text(feedback) if feedback is not None else None
    row = next((v for v in evaluation.values if v.value == value.value), None)
    if row is None:
        row = ValueRating(value=value.value, rating=rating.value)
        evaluation.values.append(row)
    row.rating = rating.value
    if feedback is not None:
        row.feedback = text
    return await _saved(session, actor, evaluation, now, {f"value:{value.value}": rating.value})


async def set_value_feedback(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    value: CoreValue,
    text: str,
    *,
    now: datetime,
) -> Evaluation:
    """Feedback on a value already rated."""
    evaluation = await editable_evaluation(session, actor, evaluation_id, now)
    rated = next((v for v in evaluation.values if v.value == value.value), None)
    if rated is None:
        raise Invalid(Problem.VALUE_UNRATED)
    rated.feedback = required_text(text)
    return await _saved(
        session, actor, evaluation, now, {f"feedback:{value.value}": rated.feedback}
    )


async def set_result_note(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    item_id: int,
    text: str,
    *,
    now: datetime,
) -> Evaluation:
    """Feedback on one RHK of the employee's plan (replaces the earlier one)."""
    evaluation = await editable_evaluation(session, actor, evaluation_id, now)
    clean = required_text(text)
    owner = await session.scalar(
        select(Plan.employee_id)
        .join(PlanItem, PlanItem.plan_id == Plan.id)
        .where(PlanItem.id == item_id)
    )
    if owner != evaluation.employee_id:
        raise Invalid(Problem.TARGET_INVALID)
    note = next((n for n in evaluation.notes if n.plan_item_id == item_id), None)
    if note is None:
        evaluation.notes.append(ResultNote(plan_item_id=item_id, feedback=clean))
    else:
        note.feedback = clean
    return await _saved(session, actor, evaluation, now, {f"note:{item_id}": clean})


async def set_recommendation(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    text: str,
    *,
    now: datetime,
) -> Evaluation:
    """The development recommendation (blank clears it)."""
    evaluation = await editable_evaluation(session, actor, evaluation_id, now)
    evaluation.recommendation = clean_text(text)
    return await _saved(
        session, actor, evaluation, now, {"recommendation": evaluation.recommendation}
    )
