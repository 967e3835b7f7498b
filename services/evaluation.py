"""Periodic and annual evaluation by the assessor: ratings, predicate, curve, response.

Ratings lock after the period's deadline; reopening needs an admin and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    CoreValue,
    Employee,
    Evaluation,
    EvaluationStatus,
    Plan,
    PlanItem,
    ResultNote,
    Unit,
    UnitPredicate,
    ValueRating,
)
from services import audit, outbox
from services.audit import Actor
from services.authority import require_assessor, team_ids, team_members
from services.curve import Breach, OrgPredicate, check_distribution
from services.directory import require_admin
from services.errors import Invalid, Locked, NotAllowed, NotFound, Problem
from services.localtime import agency_of, employee_today
from services.periods import bounds, deadline
from services.plans import plan_for
from services.predicate import Predicate, Rating, predicate
from services.text import one_line

MAX_TEXT = 2000


class CurveBlocked(NotAllowed):
    def __init__(self, breaches: list[Breach]) -> None:
        super().__init__("curve")
        self.breaches = breaches


@dataclass(frozen=True)
class Curve:
    org: OrgPredicate | None
    predicates: list[Predicate]
    breaches: list[Breach]


def _text(value: str | None) -> str | None:
    text = one_line(value) or None
    if text and len(text) > MAX_TEXT:
        raise Invalid(Problem.TEXT_TOO_LONG, limit=MAX_TEXT)
    return text


async def _editable(session: AsyncSession, evaluation: Evaluation, now: datetime) -> None:
    if evaluation.status is not EvaluationStatus.DRAFT:
        raise Locked("final")
    employee = await session.get(Employee, evaluation.employee_id)
    assert employee is not None
    agency = await agency_of(session, employee)
    today = await employee_today(session, employee, now)
    if evaluation.reopened_at is None and today > deadline(
        evaluation.period_key, agency.evaluation_deadline_days
    ):
        raise Locked("deadline")


async def open_evaluation(
    session: AsyncSession, actor: Employee, employee_id: int, period_key: str, *, now: datetime
) -> Evaluation:
    bounds(period_key)  # validates the key
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise NotFound("employee")
    await require_assessor(session, actor, employee, now)
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


async def assessable_evaluation(
    session: AsyncSession, actor: Employee, evaluation_id: int, now: datetime
) -> Evaluation:
    """An evaluation the actor may rate today: they assess its employee now (the supervisor,
    or an acting official inside their dates), whoever opened it."""
    evaluation = await session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise NotFound("evaluation")
    employee = await session.get(Employee, evaluation.employee_id)
    assert employee is not None
    await require_assessor(session, actor, employee, now)
    return evaluation


async def rate(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    *,
    now: datetime,
    result: Rating | None = None,
    behaviour: Rating | None = None,
    value: tuple[CoreValue, Rating, str | None] | None = None,
    value_feedback: tuple[CoreValue, str] | None = None,
    note: tuple[int, str] | None = None,
    recommendation: str | None = None,
) -> Evaluation:
    """Set any part of the rating (each call changes what it is given)."""
    evaluation = await assessable_evaluation(session, actor, evaluation_id, now)
    await _editable(session, evaluation, now)
    changed: dict[str, object] = {}
    if result is not None:
        evaluation.result_rating = changed["result"] = result.value
    if behaviour is not None:
        evaluation.behaviour_rating = changed["behaviour"] = behaviour.value
    if value is not None:
        core, rating, feedback = value
        row = next((v for v in evaluation.values if v.value == core.value), None)
        if row is None:
            row = ValueRating(value=core.value, rating=rating.value)
            evaluation.values.append(row)
        row.rating, row.feedback = rating.value, _text(feedback)
        changed[f"value:{core.value}"] = rating.value
    if value_feedback is not None:
        core, text = value_feedback
        rated = next((v for v in evaluation.values if v.value == core.value), None)
        if rated is None:
            raise Invalid(Problem.VALUE_UNRATED)
        rated.feedback = _text(text)
        if not rated.feedback:
            raise Invalid(Problem.TEXT_EMPTY)
        changed[f"feedback:{core.value}"] = rated.feedback
    if note is not None:
        item_id, text = note
        clean = _text(text)
        if not clean:
            raise Invalid(Problem.TEXT_EMPTY)
        owner = await session.scalar(
            select(Plan.employee_id)
            .join(PlanItem, PlanItem.plan_id == Plan.id)
            .where(PlanItem.id == item_id)
        )
        if owner != evaluation.employee_id:
            raise Invalid(Problem.TARGET_INVALID)
        row_note = next((n for n in evaluation.notes if n.plan_item_id == item_id), None)
        if row_note is None:
            evaluation.notes.append(ResultNote(plan_item_id=item_id, feedback=clean))
        else:
            row_note.feedback = clean
        changed[f"note:{item_id}"] = clean
    if recommendation is not None:
        evaluation.recommendation = changed["recommendation"] = _text(recommendation)
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


async def unit_predicate(
    session: AsyncSession, unit_id: int, period_key: str
) -> OrgPredicate | None:
    row = await session.scalar(
        select(UnitPredicate).where(
            UnitPredicate.unit_id == unit_id, UnitPredicate.period_key == period_key
        )
    )
    return OrgPredicate(row.predicate) if row else None


async def team_curve(
    session: AsyncSession,
    actor: Employee,
    period_key: str,
    extra: Predicate | None = None,
    exclude_id: int | None = None,
    *,
    now: datetime,
) -> Curve:
    """The distribution of the team the actor assesses today for the period (final ones, plus
    `extra`) and the rules of the actor's unit predicate it breaks."""
    team = await team_ids(session, actor, now)
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


async def finalize(
    session: AsyncSession, actor: Employee, evaluation_id: int, *, now: datetime
) -> tuple[Evaluation, list[Breach]]:
    evaluation = await assessable_evaluation(session, actor, evaluation_id, now)
    await _editable(session, evaluation, now)
    if not evaluation.result_rating or not evaluation.behaviour_rating:
        raise Invalid(Problem.EVALUATION_INCOMPLETE)
    result = predicate(Rating(evaluation.result_rating), Rating(evaluation.behaviour_rating))
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
    members = set(await team_ids(session, actor, now))
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


async def _own(session: AsyncSession, employee: Employee, evaluation_id: int) -> Evaluation:
    evaluation = await session.get(Evaluation, evaluation_id)
    if evaluation is None or evaluation.employee_id != employee.id:
        raise NotFound("evaluation")
    if evaluation.status is EvaluationStatus.DRAFT:
        raise NotFound("evaluation")
    return evaluation


async def respond(
    session: AsyncSession, employee: Employee, evaluation_id: int, text: str, *, now: datetime
) -> Evaluation:
    """The employee answers the evaluation (dialog kinerja); the assessor is told."""
    evaluation = await _own(session, employee, evaluation_id)
    clean = _text(text)
    if not clean:
        raise Invalid(Problem.TEXT_EMPTY)
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
    evaluation = await _own(session, employee, evaluation_id)
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


async def set_unit_predicate(
    session: AsyncSession,
    actor: Employee,
    unit_id: int,
    period_key: str,
    value: OrgPredicate,
    *,
    now: datetime,
) -> UnitPredicate:
    """Set by the leader above the unit: someone whose own unit contains it."""
    bounds(period_key)
    unit = await session.get(Unit, unit_id)
    own = await session.get(Unit, actor.unit_id)
    if unit is None or own is None or unit.agency_id != own.agency_id:
        raise NotFound("unit")
    if not unit.path.startswith(own.path + " / "):
        raise NotAllowed("not above the unit")
    leads = await session.scalar(
        select(func.count())
        .select_from(Employee)
        .where(Employee.supervisor_id == actor.id, Employee.active.is_(True))
    )
    if not leads:
        raise NotAllowed("not a leader")
    row = await session.scalar(
        select(UnitPredicate).where(
            UnitPredicate.unit_id == unit_id, UnitPredicate.period_key == period_key
        )
    )
    if row is None:
        row = UnitPredicate(unit_id=unit_id, period_key=period_key, set_at=now)
        session.add(row)
    before = row.predicate
    row.predicate, row.set_by_id, row.set_at = value.value, actor.id, now
    await session.flush()
    audit.record(
        session,
        actor=Actor.employee(actor.id),
        at=now,
        action="unit.predicate",
        entity="unit",
        entity_id=unit_id,
        before={"predicate": before} if before else None,
        after={"period": period_key, "predicate": value.value},
    )
    await session.commit()
    return row


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


@dataclass(frozen=True)
class TeamMember:
    employee: Employee
    evaluation: Evaluation | None


async def team_for_period(
    session: AsyncSession, actor: Employee, period_key: str, now: datetime
) -> list[TeamMember]:
    """The actor's team with each member's evaluation for the period (if any)."""
    bounds(period_key)
    members = await team_members(session, actor, now)
    ids = [m.id for m in members]
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


async def lower_units(session: AsyncSession, actor: Employee) -> list[Unit]:
    """Units strictly below the actor's own unit (whose predicate the actor may set)."""
    own = await session.get(Unit, actor.unit_id)
    if own is None:
        return []
    return list(
        (
            await session.scalars(
                select(Unit)
                .where(Unit.agency_id == own.agency_id, Unit.path.like(f"{own.path} / %"))
                .order_by(Unit.path)
            )
        ).all()
    )


async def readable_evaluation(
    session: AsyncSession, actor: Employee, evaluation_id: int, now: datetime
) -> Evaluation:
    """An evaluation the actor may read: whoever assesses its employee today, the employee once
    it is final, or an admin of the agency."""
    evaluation = await session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise NotFound("evaluation")
    owner = await session.get(Employee, evaluation.employee_id)
    assert owner is not None
    if owner.id == actor.id and evaluation.status is not EvaluationStatus.DRAFT:
        return evaluation
    if not (actor.is_admin and actor.agency_id == owner.agency_id):
        await require_assessor(session, actor, owner, now)
    await audit.record_read(session, actor, owner.id, "evaluation", now)
    return evaluation


async def evaluation_plan(session: AsyncSession, evaluation: Evaluation) -> Plan | None:
    """The plan the evaluation is about: the one covering the period's end, else its start."""
    start, end = bounds(evaluation.period_key)
    return await plan_for(session, evaluation.employee_id, end) or await plan_for(
        session, evaluation.employee_id, start
    )
