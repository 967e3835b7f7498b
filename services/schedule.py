"""Everything the scheduler produces, in one explicit list, and the tick that runs them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency
from services import evaluation_prompts, reminders, transfers
from services.reminders import TickContext

Producer = Callable[[AsyncSession, TickContext], Awaitable[int]]

PRODUCERS: dict[str, Producer] = {
    "reminder.daily": reminders.daily_reminders,
    "reminder.missing": reminders.missing_day_nudges,
    "summary.weekly": reminders.weekly_summaries,
    "digest.pending": reminders.supervisor_digests,
    "escalation.overdue": reminders.escalations,
    "evaluation.prompt": evaluation_prompts.rating_prompts,
    "plan.reminder": evaluation_prompts.january_plan_reminders,
    "posting.due": transfers.apply_due_postings,  # future-dated transfers take effect
}
"""Outbox kind → the producer that enqueues it."""


async def run_tick(session: AsyncSession, now: datetime) -> dict[str, int]:
    """Enqueue everything due at `now`; return the number of new items of every kind."""
    counts = dict.fromkeys(PRODUCERS, 0)
    agencies = (await session.scalars(select(Agency).order_by(Agency.id))).all()
    for agency in agencies:
        ctx = await reminders.tick_context(session, agency, now)
        for kind, produce in PRODUCERS.items():
            new = await produce(session, ctx)
            # Commit per producer: short write transactions keep SQLite usable for the bot.
            await session.commit()
            counts[kind] += new
    return counts
