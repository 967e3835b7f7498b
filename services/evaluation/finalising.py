"""The team curve and finalising: the predicate of the matrix, checked against the unit's
organisation predicate, on an approved plan only; the employee is told through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Evaluation, EvaluationStatus, PlanStatus
from services import audit, outbox
from services.audit import Actor
from services.curve import Breach, OrgPredicate, check_distribution
from services.errors import Invalid, NotAllowed, Problem
from services.evaluation.access import editable_evaluation
from services.evaluation.scope import evaluation_plan
from services.evaluation.units import unit_predicate
from services.localtime import agency_of
from services.periods import bounds
from services.postings import team_on
from services.predicate import Predicate, Rating, predicate


class CurveBlocked(NotAllowed):
    def __init__(self, breaches: list[Breach]) -> None:
        super().__init__("curve")
        self.breaches = breaches


@dataclass(frozen=True)
class Curve:
    org: OrgPredicate | None
    predicates: list[Predicate]
    breaches: list[Breach]


def draft_predicate(evaluation: Evaluation) -> Predicate | None:
    """The predicate the two ratings give (None until both are set)."""
    if evaluation.result_rating and evaluation.behaviour_rating:
        return predicate(Rating(evaluation.result_rating), Rating(evaluation.behaviour_rating))
    return None


async def team_curve(
    session: AsyncSession,
    actor: Employee,
    period_key: str,
    extra: Predicate | None = None,
    exclude_id: int | None = None,
    *,
    now: datetime,
) -> Curve:
    """The distribution of the actor's team of the period (final ones, plus `extra`) and the
    rules of the actor's unit predicate it breaks."""
    team = await team_on(session, actor, bounds(period_key)[1], now)
    rows = (
        await session.scalars(
            select(Evaluation.predicate).where(
                Evaluation.employee_id.in_(team),
                Evaluation.period_key == period_key,
                Evaluation.status != EvaluationStatus.DRAFT,
                Evaluation.predicate.is_not(None),
                Evaluation.id != (exclude_id or 0),
            )
        )
    ).all()
    predicates = [Predicate(p) for p in rows if p]
    if extra is not None:
        predicates.append(extra)
    org = await unit_predicate(session, actor.unit_id, period_key)
    breaches = check_distribution(org, predicates) if org and predicates else []
    return Curve(org, predicates, breaches)


async def curve_with(
    session: AsyncSession, actor: Employee, evaluation: Evaluation, *, now: datetime
) -> Curve:
    """The team curve as it would be with this evaluation's draft predicate."""
    extra = draft_predicate(evaluation)
    return await team_curve(session, actor, evaluation.period_key, extra, evaluation.id, now=now)


async def finalize(
    session: AsyncSession, actor: Employee, evaluation_id: int, *, now: datetime
) -> tuple[Evaluation, list[Breach]]:
    evaluation = await editable_evaluation(session, actor, evaluation_id, now)
    result = draft_predicate(evaluation)
    if result is None:
        raise Invalid(Problem.EVALUATION_INCOMPLETE)
    plan = await evaluation_plan(session, evaluation)
    if plan is not None and plan.status is not PlanStatus.APPROVED:
        raise Invalid(Problem.PLAN_NOT_APPROVED)
    curve = await team_curve(session, actor, evaluation.period_key, result, evaluation.id, now=now)
    agency = await agency_of(session, actor)
    # Blocking judges the whole team: until the last member is finalised the curve can still
    # be met, so earlier finalisations only warn.
    if (
        curve.breaches
        and agency.curve_blocks
        and await _completes_team(session, actor, evaluation, now)
    ):
        raise CurveBlocked(curve.breaches)
    evaluation.predicate = result.value
    evaluation.assessor_id = actor.id
    evaluation.status = EvaluationStatus.FINAL
    evaluation.finalized_at = evaluation.updated_at = now
    audit.record(
        session,
        actor=Actor.employee(actor.id),
        at=now,
        action="evaluation.finalize",
        entity="evaluation",
        entity_id=evaluation.id,
        after={"predicate": result.value, "curve_breaches": len(curve.breaches)},
    )
    await outbox.enqueue(
        session,
        recipient_id=evaluation.employee_id,
        kind="evaluation.final",
        payload={"evaluation_id": evaluation.id},
        dedup_key=f"evaluation:{evaluation.id}:final:{now.isoformat()}",
        now=now,
    )
    await session.commit()
    return evaluation, curve.breaches


async def _completes_team(
    session: AsyncSession, actor: Employee, evaluation: Evaluation, now: datetime
) -> bool:
    members = set(await team_on(session, actor, bounds(evaluation.period_key)[1], now))
    final = set(
        (
            await session.scalars(
                select(Evaluation.employee_id).where(
                    Evaluation.period_key == evaluation.period_key,
                    Evaluation.employee_id.in_(members),
                    Evaluation.status != EvaluationStatus.DRAFT,
                )
            )
        ).all()
    )
    return members - final <= {evaluation.employee_id}
