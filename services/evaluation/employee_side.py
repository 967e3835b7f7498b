"""The employee's side of a final evaluation (read, respond, acknowledge) and the admin's
reopening."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Evaluation, EvaluationStatus
from services import audit, outbox
from services.audit import Actor
from services.directory import require_admin
from services.errors import NotFound
from services.evaluation.access import own_evaluation, required_text


async def my_evaluations(session: AsyncSession, employee: Employee) -> list[Evaluation]:
    return list(
        (
            await session.scalars(
                select(Evaluation)
                .where(
                    Evaluation.employee_id == employee.id,
                    Evaluation.status != EvaluationStatus.DRAFT,
                )
                .order_by(Evaluation.period_key.desc())
            )
        ).all()
    )


async def respond(
    session: AsyncSession, employee: Employee, evaluation_id: int, text: str, *, now: datetime
) -> Evaluation:
    """The employee answers the evaluation (dialog kinerja); the assessor is told."""
    evaluation = await own_evaluation(session, employee, evaluation_id)
    clean = required_text(text)
    evaluation.employee_response = clean
    evaluation.updated_at = now
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="evaluation.respond",
        entity="evaluation",
        entity_id=evaluation.id,
        after={"response": clean},
    )
    await outbox.enqueue(
        session,
        recipient_id=evaluation.assessor_id,
        kind="evaluation.response",
        payload={"evaluation_id": evaluation.id},
        dedup_key=f"evaluation:{evaluation.id}:response:{now.isoformat()}",
        now=now,
    )
    await session.commit()
    return evaluation


async def acknowledge(
    session: AsyncSession, employee: Employee, evaluation_id: int, *, now: datetime
) -> Evaluation:
    evaluation = await own_evaluation(session, employee, evaluation_id)
    if evaluation.status is EvaluationStatus.FINAL:
        evaluation.status = EvaluationStatus.ACKNOWLEDGED
        evaluation.acknowledged_at = evaluation.updated_at = now
        audit.record(
            session,
            actor=Actor.employee(employee.id),
            at=now,
            action="evaluation.acknowledge",
            entity="evaluation",
            entity_id=evaluation.id,
        )
        await session.commit()
    return evaluation


async def reopen(
    session: AsyncSession, actor: Actor, agency_id: int, evaluation_id: int, *, now: datetime
) -> Evaluation:
    await require_admin(session, actor, agency_id)
    evaluation = await session.get(Evaluation, evaluation_id)
    employee = await session.get(Employee, evaluation.employee_id) if evaluation else None
    if evaluation is None or employee is None or employee.agency_id != agency_id:
        raise NotFound("evaluation")
    before = {"status": str(evaluation.status), "predicate": evaluation.predicate}
    evaluation.status = EvaluationStatus.DRAFT
    evaluation.reopened_at = evaluation.updated_at = now
    audit.record(
        session,
        actor=actor,
        at=now,
        action="evaluation.reopen",
        entity="evaluation",
        entity_id=evaluation.id,
        before=before,
        after={"status": "draf"},
    )
    await session.commit()
    return evaluation
