"""What an evaluation is about: the plan it rates and the periods that can be rated now.

A periodic period opens in its last month (Triwulan IV from 1 December) and closes at its
deadline (period end + the agency's `evaluation_deadline_days`). The annual evaluation opens
on 1 January of the following year (the year's work is complete only then; DOMAIN.md gives no
earlier window and no agency setting opens it) and closes at its deadline (at least
ANNUAL_MIN_DAYS). A period an admin reopened for one of the actor's team stays on offer.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, Employee, Evaluation, EvaluationStatus, Plan, PlanStatus
from services.localtime import agency_of, employee_today
from services.periods import annual_key, bounds, deadline, key_of, last_ended
from services.plans import plan_for
from services.postings import verification_scope


def _month_start(day: date) -> date:
    return day.replace(day=1)


def is_open(agency: Agency, key: str, today: date) -> bool:
    """Whether the period's rating window contains `today` (see the module docstring)."""
    _start, end = bounds(key)
    opens = date(end.year + 1, 1, 1) if key.endswith("-Y") else _month_start(end)
    return opens <= today <= deadline(key, agency.evaluation_deadline_days)


def periods_open(agency: Agency, today: date) -> list[str]:
    """The periodic periods then the annual one whose window contains `today`, oldest first."""
    kind = agency.evaluation_period
    candidates = [last_ended(kind, today), key_of(kind, today)]
    periodic = [k for k in dict.fromkeys(candidates) if is_open(agency, k, today)]
    annual = annual_key(today.year - 1)
    return periodic + ([annual] if is_open(agency, annual, today) else [])


async def open_periods(session: AsyncSession, actor: Employee, now: datetime) -> list[str]:
    """The periods the actor can rate today, plus those an admin reopened for one of their team
    of that period (whom they supervise on its last day)."""
    agency = await agency_of(session, actor)
    today = await employee_today(session, actor, now)
    keys = periods_open(agency, today)
    scope = await verification_scope(session, actor, now)
    if scope.employee_ids:
        reopened = await session.execute(
            select(Evaluation.employee_id, Evaluation.period_key)
            .where(
                Evaluation.employee_id.in_(scope.employee_ids),
                Evaluation.status == EvaluationStatus.DRAFT,
                Evaluation.reopened_at.is_not(None),
            )
            .distinct()
        )
        mine = {key for person, key in reopened.all() if scope.mine(person, bounds(key)[1])}
        keys += sorted(mine - set(keys))
    return keys


async def evaluation_plan(session: AsyncSession, evaluation: Evaluation) -> Plan | None:
    """The plan the evaluation is about: the approved one covering the period's end, else its
    start, else any plan covering the period (to say it is not approved yet)."""
    start, end = bounds(evaluation.period_key)
    approved = (PlanStatus.APPROVED,)
    employee_id = evaluation.employee_id
    return (
        await plan_for(session, employee_id, end, approved)
        or await plan_for(session, employee_id, start, approved)
        or await plan_for(session, employee_id, end)
        or await plan_for(session, employee_id, start)
    )


async def unit_period(session: AsyncSession, actor: Employee, now: datetime) -> str:
    """The periodic period whose organisation predicate is set now: the oldest one open for
    rating, else the current one (so it can be set before ratings start)."""
    agency = await agency_of(session, actor)
    today = await employee_today(session, actor, now)
    periodic = [k for k in periods_open(agency, today) if not k.endswith("-Y")]
    return periodic[0] if periodic else key_of(agency.evaluation_period, today)
