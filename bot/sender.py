"""Outbox → Telegram: paced sending, 429 retry_after, retries with backoff, 403 → unreachable.

Each batch is claimed (leased) and then marked in its own transaction, so a crash or an
outage loses nothing, and a dedup key on every row means nothing is enqueued twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ratelimit import Limiter
from handlers.notifications import render_batch
from models import Agency, NotificationStatus
from services import outbox
from services.clock import Clock
from services.outbox import Batch

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
LEASE_MARGIN = timedelta(seconds=30)
MAX_ATTEMPTS = 8


def backoff(attempt: int) -> timedelta:
    return timedelta(seconds=min(600, 5 * 2 ** max(0, attempt - 1)))


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        i18n: I18n,
        clock: Clock,
        limiter: Limiter,
    ) -> None:
        self._bot = bot
        self._sessions = session_factory
        self._i18n = i18n
        self._clock = clock
        self._limiter = limiter

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        while not stop.is_set():
            try:
                sent = await self.drain_once()
            except Exception:
                logger.exception("Outbox drain failed; retrying")
                sent = 0
            if not sent:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), interval)

    async def drain_once(self, limit: int = 50) -> int:
        """Send what is due now; return how many batches were handled."""
        async with self._sessions() as session:
            claimed_at = self._clock()
            batches = await outbox.claim_due(session, claimed_at, LEASE, limit)
            for batch in batches:
                if self._clock() >= claimed_at + LEASE - LEASE_MARGIN:
                    break  # our hold is ending: leave the rest for the next claim
                await self._deliver(session, batch)
                await session.commit()
        return len(batches)

    async def _deliver(self, session: AsyncSession, batch: Batch) -> None:
        recipient = batch.recipient
        now = self._clock()
        if not recipient.active or recipient.telegram_chat_id is None:
            outbox.mark(batch, NotificationStatus.SKIPPED, now, "not linked")
            return
        if recipient.unreachable_since is not None:
            outbox.mark(batch, NotificationStatus.SKIPPED, now, "unreachable")
            return
        agency = await session.get(Agency, recipient.agency_id)
        assert agency is not None
        opens = outbox.next_allowed(
            now, recipient.timezone or agency.timezone, agency.quiet_start, agency.quiet_end
        )
        if opens is not None:  # quiet hours: it waits, nothing is lost
            outbox.postpone(batch, opens)
            return
        language = recipient.language or self._i18n.default_locale
        with self._i18n.context(), self._i18n.use_locale(language):
            rendered = await render_batch(session, batch, now)
        if rendered is None:
            outbox.mark(batch, NotificationStatus.SKIPPED, now, "nothing to say")
            return
        await self._limiter.wait(recipient.telegram_chat_id)
        try:
            await self._bot.send_message(
                recipient.telegram_chat_id, rendered.text, reply_markup=rendered.markup
            )
        except TelegramRetryAfter as exc:
            await self._limiter.pause(exc.retry_after)
            outbox.retry_later(
                batch, now + timedelta(seconds=exc.retry_after), "429", MAX_ATTEMPTS * 4
            )
        except TelegramForbiddenError:
            recipient.unreachable_since = now
            outbox.mark(batch, NotificationStatus.FAILED, now, "403 forbidden")
            logger.info("Recipient id=%s blocked the bot; marked unreachable", recipient.id)
        except TelegramBadRequest as exc:
            outbox.mark(batch, NotificationStatus.FAILED, now, exc.message[:500])
            logger.warning("Bad request for notification batch: %s", exc.message)
            await outbox.report_failure(session, batch, exc.message[:200], now)
        except (TelegramServerError, TelegramNetworkError) as exc:
            attempt = batch.rows[0].attempts + 1
            outbox.retry_later(batch, now + backoff(attempt), type(exc).__name__, MAX_ATTEMPTS)
        except Exception as exc:  # e.g. an undecodable proxy error page: retry, never stall
            logger.warning("Unexpected error sending a batch: %s", type(exc).__name__)
            attempt = batch.rows[0].attempts + 1
            outbox.retry_later(batch, now + backoff(attempt), type(exc).__name__, MAX_ATTEMPTS)
        else:
            outbox.mark(batch, NotificationStatus.SENT, now)
