"""APScheduler with an in-memory job store: it only fires ticks; the database decides what is
due (see services/schedule.py), so two schedulers never double-send."""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.clock import Clock
from services.schedule import run_tick

logger = logging.getLogger(__name__)


class Ticker:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = session_factory
        self._clock = clock

    async def tick(self) -> dict[str, int]:
        async with self._sessions() as session:
            counts = await run_tick(session, self._clock())
        enqueued = {kind: n for kind, n in counts.items() if n}
        if enqueued:
            logger.info("Tick enqueued %s", enqueued)
        return counts


def build_scheduler(ticker: Ticker, seconds: int) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_job(
        ticker.tick, IntervalTrigger(seconds=seconds), id="tick", misfire_grace_time=seconds
    )
    return scheduler
