"""Scheduler producers of the evaluation cycle: period-end rating prompts to assessors (daily
until done or the deadline) and SKP reminders in January (weekly, to avoid mute-worthy noise)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, Date, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models import Employee, Evaluation, EvaluationStatus, Plan, PlanStatus
from services import outbox
from services.outbox import OutboxItem
from services.periods import bounds, deadline, last_ended
from services.postings import verifier_sql
from services.reminders import Due, TickContext, dedup_key, insert_due, not_sent


async def rating_prompts(session: AsyncSession, ctx: TickContext) -> int:
    """Assessors whose team of the period that ended last (whom they supervise on its last
    day) still has members without a finished evaluation, each workday from the digest hour
    until the deadline."""
    member = aliased(Employee)
    items = []
    for zone in ctx.zones:
        if not zone.workday or not ctx.awake(zone, ctx.agency.digest_time):
            continue
        key = last_ended(ctx.agency.evaluation_period, zone.today)
        if zone.today > deadline(key, ctx.agency.evaluation_deadline_days):
            continue
        day = zone.today.isoformat()
        last = literal(bounds(key)[1], Date())
        unrated = ~exists().where(
            Evaluation.employee_id == member.id,
            Evaluation.period_key == key,
            Evaluation.status != EvaluationStatus.DRAFT,
        )
        rows = await session.execute(
            select(Employee.id, func.count(member.id))
            .join(member, verifier_sql(member.id, last, member.supervisor_id) == Employee.id)
            .where(
                *ctx.recipients(zone),
                member.active.is_(True),
                unrated,
                not_sent(dedup_key("evaluation:prompt", f"{key}:{day}")),
            )
            .group_by(Employee.id)
        )
        items += [
            OutboxItem(
                person,
                "evaluation.prompt",
                {"period": key, "missing": int(missing)},
                f"evaluation:prompt:{person}:{key}:{day}",
            )
            for person, missing in rows.all()
        ]
    return await outbox.enqueue_many(session, items, ctx.now)


async def january_plan_reminders(session: AsyncSession, ctx: TickContext) -> int:
    """Mondays in January: people whose SKP for the year is not submitted yet."""
    due = [
        Due(
            {"year": zone.today.year},
            dedup_key("plan:reminder", zone.today.isoformat()),
            [*ctx.recipients(zone), *ctx.reminder_due(zone), _no_plan(zone.today.year)],
        )
        for zone in ctx.zones
        if zone.today.month == 1 and zone.today.weekday() == 0 and zone.workday
    ]
    later = ctx.now + timedelta(minutes=2)
    return await insert_due(session, ctx.now, "plan.reminder", due, not_before=later)


def _no_plan(year: int) -> ColumnElement[bool]:
    return ~exists().where(
        Plan.employee_id == Employee.id,
        Plan.year == year,
        Plan.status.in_((PlanStatus.SUBMITTED, PlanStatus.APPROVED)),
    )
