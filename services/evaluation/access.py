"""Who may touch an evaluation and when: the assessor (one lookup), the deadline lock, the
card version that refuses buttons of an outdated card, and the free-text rule."""

from __future__ import annotations

import zlib
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Evaluation, EvaluationStatus
from services import audit
from services.errors import Invalid, Locked, NotFound, Problem, StaleVersion
from services.localtime import agency_of, employee_today
from services.periods import bounds, deadline
from services.postings import require_verifier
from services.text import one_line

MAX_TEXT = 2000


def clean_text(value: str | None) -> str | None:
    """One line of at most MAX_TEXT characters, or None when blank."""
    text = one_line(value) or None
    if text and len(text) > MAX_TEXT:
        raise Invalid(Problem.TEXT_TOO_LONG, limit=MAX_TEXT)
    return text


def required_text(value: str | None) -> str:
    text = clean_text(value)
    if not text:
        raise Invalid(Problem.TEXT_EMPTY)
    return text


async def require_evaluation_assessor(
    session: AsyncSession, actor: Employee, employee: Employee, period_key: str, now: datetime
) -> None:
    """The one place that decides who assesses `employee` for a period: whoever supervises
    them on the period's last day (after a transfer, the supervisor at the end, who sees the
    whole period), or the acting official of that supervisor today."""
    _first, last = bounds(period_key)
    await require_verifier(session, actor, employee, last, now)


def card_version(evaluation: Evaluation) -> int:
    """A fingerprint of what the card shows; a button made for other content is stale."""
    parts = [
        evaluation.result_rating or "",
        evaluation.behaviour_rating or "",
        evaluation.recommendation or "",
        *sorted(f"{v.value}={v.rating}={v.feedback or ''}" for v in evaluation.values),
        *sorted(f"{n.plan_item_id}={n.feedback}" for n in evaluation.notes),
    ]
    return zlib.crc32("\x1f".join(parts).encode()) & 0x7FFFFFFF


def check_version(evaluation: Evaluation, version: int | None) -> None:
    if version is not None and version != card_version(evaluation):
        raise StaleVersion("evaluation")


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
    await require_evaluation_assessor(session, actor, employee, evaluation.period_key, now)
    return evaluation


async def ensure_editable(session: AsyncSession, evaluation: Evaluation, now: datetime) -> None:
    """A draft before the period's deadline (or reopened by an admin)."""
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


async def editable_evaluation(
    session: AsyncSession,
    actor: Employee,
    evaluation_id: int,
    now: datetime,
    version: int | None = None,
) -> Evaluation:
    """Assessable, editable, and (if a version is given) still showing what the card showed."""
    evaluation = await assessable_evaluation(session, actor, evaluation_id, now)
    await ensure_editable(session, evaluation, now)
    check_version(evaluation, version)
    return evaluation


async def own_evaluation(
    session: AsyncSession, employee: Employee, evaluation_id: int
) -> Evaluation:
    """The employee's own evaluation once the assessor has finalised it."""
    evaluation = await session.get(Evaluation, evaluation_id)
    if evaluation is None or evaluation.employee_id != employee.id:
        raise NotFound("evaluation")
    if evaluation.status is EvaluationStatus.DRAFT:
        raise NotFound("evaluation")
    return evaluation


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
        await require_evaluation_assessor(session, actor, owner, evaluation.period_key, now)
    await audit.record_read(session, actor, owner.id, "evaluation", now)
    return evaluation
