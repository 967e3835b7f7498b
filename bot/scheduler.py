"""APScheduler with an in-memory job store: it only fires ticks; the database decides what is
due (see services/schedule.py), so two schedulers never double-send."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.clock import Clock
from services.retention import RetentionPolicy, purge
from services.schedule import run_tick

logger = logging.getLogger(__name__)


PURGE_EVERY = timedelta(hours=1)


class Ticker:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        retention: RetentionPolicy | None = None,
    ) -> None:
        self._sessions = session_factory
        self._clock = clock
        self._retention = retention
        self._purged_at: datetime | None = None

    async def tick(self) -> dict[str, int]:
        async with self._sessions() as session:
            counts = await run_tick(session, self._clock())
            await self._purge(session)
        enqueued = {kind: n for kind, n in counts.items() if n}
        if enqueued:
            logger.info("Tick enqueued %s", enqueued)
        return counts

    async def _purge(self, session: AsyncSession) -> None:
        """The retention purge, at most once per PURGE_EVERY (it scans; ticks are frequent)."""
        now = self._clock()
        if self._retention is None or (
            self._purged_at is not None and now - self._purged_at < PURGE_EVERY
        ):
            return
        self._purged_at = now
        purged = await purge(session, self._retention, now)
        if purged.evidence or purged.dialogs:
            logger.info("Retention purged %s", purged)


def build_scheduler(ticker: Ticker, seconds: int) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_job(
        ticker.tick, IntervalTrigger(seconds=seconds), id="tick", misfire_grace_time=seconds
    )
    return scheduler
