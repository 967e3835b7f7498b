"""Scheduler hooks of the evaluation cycle: period-end rating prompts to assessors (daily
until done or the deadline) and SKP reminders in January (weekly, to avoid mute-worthy noise).
Importing this module registers the producers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Evaluation, EvaluationStatus, Plan, PlanStatus
from services.outbox import OutboxItem
from services.periods import deadline, last_ended
from services.reminders import TickContext, producer


@producer
async def rating_prompts(session: AsyncSession, ctx: TickContext) -> list[OutboxItem]:
    items: list[OutboxItem] = []
    team: dict[int, list[int]] = {}
    for row in (
        await session.execute(
            select(Employee.id, Employee.supervisor_id).where(
                Employee.agency_id == ctx.agency.id,
                Employee.active.is_(True),
                Employee.supervisor_id.is_not(None),
            )
        )
    ).all():
        team.setdefault(row.supervisor_id, []).append(row.id)
    for person in ctx.people:
        members = team.get(person.id)
        local = ctx.local(person)
        today = local.date()
        if not members or not ctx.calendar.is_workday(today):
            continue
        if not ctx.awake(local, ctx.agency.digest_time):
            continue
        key = last_ended(ctx.agency.evaluation_period, today)
        if today > deadline(key, ctx.agency.evaluation_deadline_days):
            continue
        done = set(
            (
                await session.scalars(
                    select(Evaluation.employee_id).where(
                        Evaluation.period_key == key,
                        Evaluation.employee_id.in_(members),
                        Evaluation.status != EvaluationStatus.DRAFT,
                    )
                )
            ).all()
        )
        missing = len(set(members) - done)
        if missing:
            items.append(
                OutboxItem(
                    person.id,
                    "evaluation.prompt",
                    {"period": key, "missing": missing},
                    f"evaluation:prompt:{person.id}:{key}:{today.isoformat()}",
                )
            )
    return items


@producer
async def january_plan_reminders(session: AsyncSession, ctx: TickContext) -> list[OutboxItem]:
    items: list[OutboxItem] = []
    planned: set[int] | None = None
    for person in ctx.people:
        local = ctx.local(person)
        today = local.date()
        if today.month != 1 or today.weekday() != 0 or not ctx.calendar.is_workday(today):
            continue
        if not ctx.awake(local, person.reminder_time):
            continue
        if planned is None:
            planned = set(
                (
                    await session.scalars(
                        select(Plan.employee_id).where(
                            Plan.year == today.year,
                            Plan.status.in_((PlanStatus.SUBMITTED, PlanStatus.APPROVED)),
                        )
                    )
                ).all()
            )
        if person.id in planned:
            continue
        items.append(
            OutboxItem(
                person.id,
                "plan.reminder",
                {"year": today.year},
                f"plan:reminder:{person.id}:{today.isoformat()}",
                not_before=ctx.now + timedelta(minutes=2),
            )
        )
    return items
