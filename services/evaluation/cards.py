"""Read models of the rating dialog: the team for a period and the card of one evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import CoreValue, Employee, Evaluation, EvaluationStatus, PlanStatus
from services.errors import Invalid, Problem
from services.evaluation.access import assessable_evaluation, card_version, check_version
from services.evaluation.finalising import draft_predicate
from services.evaluation.rating import open_evaluation
from services.evaluation.scope import evaluation_plan, open_periods
from services.periods import bounds
from services.plan_progress import realized_by_item
from services.postings import team_on
from services.predicate import Predicate, Rating


@dataclass(frozen=True)
class TeamMember:
    employee: Employee
    evaluation: Evaluation | None


async def team_for_period(
    session: AsyncSession, actor: Employee, period_key: str, now: datetime
) -> list[TeamMember]:
    """The actor's team of the period (whom they supervise on its last day, services/postings.py
    `team_on`) with each member's evaluation (if any); Invalid for a period that cannot be
    rated now."""
    _start, last = bounds(period_key)
    if period_key not in await open_periods(session, actor, now):
        raise Invalid(Problem.PERIOD)
    ids = await team_on(session, actor, last, now)
    members = (
        (
            await session.scalars(
                select(Employee).where(Employee.id.in_(ids)).order_by(Employee.name)
            )
        ).all()
        if ids
        else []
    )
    evaluations = {
        e.employee_id: e
        for e in (
            await session.scalars(
                select(Evaluation).where(
                    Evaluation.employee_id.in_(ids), Evaluation.period_key == period_key
                )
            )
        ).all()
    }
    return [TeamMember(m, evaluations.get(m.id)) for m in members]


@dataclass(frozen=True)
class IndicatorLine:
    text: str
    realized: Decimal
    target: Decimal
    unit: str


@dataclass(frozen=True)
class ItemLine:
    id: int
    text: str
    indicators: tuple[IndicatorLine, ...]
    note: str | None


@dataclass(frozen=True)
class ValueLine:
    value: CoreValue
    rating: Rating
    feedback: str | None


@dataclass(frozen=True)
class EvaluationCard:
    """What the assessor's card shows; `version` goes into its buttons."""

    id: int
    version: int
    employee_name: str
    period_key: str
    status: EvaluationStatus
    plan_status: PlanStatus | None  # None: no SKP covers the period
    items: tuple[ItemLine, ...]
    result: Rating | None
    behaviour: Rating | None
    values: tuple[ValueLine, ...]
    recommendation: str | None
    predicate: Predicate | None  # the stored one once final, else what the ratings give

    @property
    def plan_approved(self) -> bool:
        return self.plan_status is PlanStatus.APPROVED

    def value(self, core: CoreValue) -> ValueLine | None:
        return next((v for v in self.values if v.value is core), None)


async def evaluation_card(session: AsyncSession, evaluation: Evaluation) -> EvaluationCard:
    employee = await session.get(Employee, evaluation.employee_id)
    assert employee is not None
    _start, end = bounds(evaluation.period_key)
    plan = await evaluation_plan(session, evaluation)
    items = list(plan.items) if plan else []
    realized = await realized_by_item(session, [i.id for i in items], until=end) if items else {}
    notes = {n.plan_item_id: n.feedback for n in evaluation.notes}
    order = list(CoreValue)
    values = sorted(evaluation.values, key=lambda v: order.index(CoreValue(v.value)))
    return EvaluationCard(
        id=evaluation.id,
        version=card_version(evaluation),
        employee_name=employee.name,
        period_key=evaluation.period_key,
        status=evaluation.status,
        plan_status=plan.status if plan else None,
        items=tuple(
            ItemLine(
                item.id,
                item.text,
                tuple(
                    IndicatorLine(
                        ind.text,
                        Decimal(realized.get((item.id, ind.target_unit.lower()), 0)),
                        ind.target_value,
                        ind.target_unit,
                    )
                    for ind in item.indicators
                ),
                notes.get(item.id),
            )
            for item in items
        ),
        result=Rating(evaluation.result_rating) if evaluation.result_rating else None,
        behaviour=Rating(evaluation.behaviour_rating) if evaluation.behaviour_rating else None,
        values=tuple(ValueLine(CoreValue(v.value), Rating(v.rating), v.feedback) for v in values),
        recommendation=evaluation.recommendation,
        predicate=(
            Predicate(evaluation.predicate)
            if evaluation.predicate and evaluation.status is not EvaluationStatus.DRAFT
            else draft_predicate(evaluation)
        ),
    )


async def open_card(
    session: AsyncSession, actor: Employee, employee_id: int, period_key: str, now: datetime
) -> EvaluationCard:
    """The card of the member's evaluation of a period open now (a draft is created)."""
    bounds(period_key)
    if period_key not in await open_periods(session, actor, now):
        raise Invalid(Problem.PERIOD)
    evaluation = await open_evaluation(session, actor, employee_id, period_key, now=now)
    return await evaluation_card(session, evaluation)


async def assessor_card(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    now: datetime,
    version: int | None = None,
) -> EvaluationCard:
    """The card as its assessor sees it now; StaleVersion if it changed since `version`."""
    evaluation = await assessable_evaluation(session, actor, evaluation_id, now)
    check_version(evaluation, version)
    return await evaluation_card(session, evaluation)
