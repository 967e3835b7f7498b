"""The shared send budget: two limiters on one Redis (two workers) hand out one schedule."""

from __future__ import annotations

import random
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.ratelimit import RedisSendLimiter


@pytest.fixture
async def two_workers(redis_url: str) -> AsyncIterator[tuple[RedisSendLimiter, RedisSendLimiter]]:
    bot_id = random.randrange(10**9, 10**10)  # a bot of its own: no other test shares its keys
    clients = [Redis.from_url(redis_url), Redis.from_url(redis_url)]
    yield (
        RedisSendLimiter(clients[0], bot_id, global_per_second=10, per_chat_per_second=1),
        RedisSendLimiter(clients[1], bot_id, global_per_second=10, per_chat_per_second=1),
    )
    await clients[0].delete(*await clients[0].keys(f"kinerja:send:{bot_id}:*") or ["-"])
    for client in clients:
        await client.aclose()


async def test_two_workers_draw_from_one_global_budget(
    two_workers: tuple[RedisSendLimiter, RedisSendLimiter],
) -> None:
    a, b = two_workers
    began = time.monotonic()
    delays = [await (a if i % 2 else b).reserve(chat_id=1000 + i) for i in range(20)]
    elapsed = time.monotonic() - began
    assert delays[0] < 0.05
    # 20 slots at 10/s span 1.9 s however the two workers interleave: per process it would be 0.9.
    assert delays[-1] >= 1.9 - elapsed
    assert delays == sorted(delays)


async def test_one_chat_gets_one_message_per_second_across_workers(
    two_workers: tuple[RedisSendLimiter, RedisSendLimiter],
) -> None:
    a, b = two_workers
    began = time.monotonic()
    first = await a.reserve(chat_id=7)
    second = await b.reserve(chat_id=7)
    elapsed = time.monotonic() - began
    assert first < 0.05
    assert second >= 1.0 - elapsed


async def test_a_429_seen_by_one_worker_pauses_the_other(
    two_workers: tuple[RedisSendLimiter, RedisSendLimiter],
) -> None:
    a, b = two_workers
    began = time.monotonic()
    await a.pause(3)
    await a.pause(1)  # a shorter retry_after never shortens the pause
    delay = await b.reserve(chat_id=42)
    assert delay >= 3 - (time.monotonic() - began)
    assert delay <= 3.1
