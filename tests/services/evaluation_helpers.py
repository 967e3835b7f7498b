"""Rating a draft evaluation in one call in tests: each given part through its own use case
(services/evaluation/rating.py), in the order the card offers them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import CoreValue, Employee, Evaluation
from services.evaluation import (
    assessable_evaluation,
    rate_behaviour,
    rate_result,
    rate_value,
    set_recommendation,
    set_result_note,
    set_value_feedback,
)
from services.predicate import Rating


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
    """`value`'s feedback None clears it, as a fresh rating of the value does on the card."""
    if result is not None:
        await rate_result(session, actor, evaluation_id, result, now=now)
    if behaviour is not None:
        await rate_behaviour(session, actor, evaluation_id, behaviour, now=now)
    if value is not None:
        core, rating, feedback = value
        await rate_value(
            session, actor, evaluation_id, core, rating, now=now, feedback=feedback or ""
        )
    if value_feedback is not None:
        await set_value_feedback(session, actor, evaluation_id, *value_feedback, now=now)
    if note is not None:
        await set_result_note(session, actor, evaluation_id, *note, now=now)
    if recommendation is not None:
        await set_recommendation(session, actor, evaluation_id, recommendation, now=now)
    return await assessable_evaluation(session, actor, evaluation_id, now)
