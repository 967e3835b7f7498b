"""Send pacing: a global rate, a per-chat rate, and a global pause after a 429.

`SendLimiter` keeps the schedule in this process. `RedisSendLimiter` keeps it in Redis, so
every worker that shares `REDIS_URL` draws from the same budget: two workers together stay
under Telegram's limits. Both reserve a send slot ("virtual scheduling"): the next free
instant for the whole bot and for the chat is moved on by one interval, and the caller sleeps
until its slot.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis


class Limiter(Protocol):
    async def wait(self, chat_id: int) -> None:
        """Return when a message to `chat_id` may be sent."""

    async def pause(self, seconds: float) -> None:
        """Telegram said 429 retry_after: nothing is sent before it has passed."""


class SendLimiter:
    """The schedule in this process (one worker, or tests)."""

    def __init__(self, global_per_second: float, per_chat_per_second: float) -> None:
        self._global_interval = 1.0 / global_per_second
        self._chat_interval = 1.0 / per_chat_per_second
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    async def wait(self, chat_id: int) -> None:
        async with self._lock:
            now = time.monotonic()
            start = max(now, self._next_global, self._paused_until, self._next_chat.get(chat_id, 0))
            self._next_global = start + self._global_interval
            self._next_chat[chat_id] = start + self._chat_interval
            if len(self._next_chat) > 10_000:
                self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        delay = start - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


# KEYS: global next slot, chat next slot, pause-until (microseconds on Redis's own clock, so
# every process agrees on "now"). ARGV: global interval, chat interval (microseconds).
# Returns the caller's delay in microseconds. Keys expire once their instant has passed.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local start = now
for i = 1, 3 do
  local v = tonumber(redis.call('GET', KEYS[i]) or '0')
  if v > start then start = v end
end
local g = start + tonumber(ARGV[1])
local c = start + tonumber(ARGV[2])
redis.call('SET', KEYS[1], g, 'PX', math.floor((g - now) / 1000) + 1000)
redis.call('SET', KEYS[2], c, 'PX', math.floor((c - now) / 1000) + 1000)
return start - now
"""

# KEYS: pause-until. ARGV: seconds (microseconds). Only ever moves the pause later.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local until_ = now + tonumber(ARGV[1])
local v = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > v then
  redis.call('SET', KEYS[1], until_, 'PX', math.floor(tonumber(ARGV[1]) / 1000) + 1000)
end
return 0
"""


class RedisSendLimiter:
    """The schedule in Redis, shared by every worker of one bot (keys carry the bot's id)."""

    def __init__(
        self,
        redis: Redis,
        bot_id: int,
        global_per_second: float,
        per_chat_per_second: float,
    ) -> None:
        self._global_us = round(1_000_000 / global_per_second)
        self._chat_us = round(1_000_000 / per_chat_per_second)
        self._prefix = f"kinerja:send:{bot_id}"
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[f"{self._prefix}:pause"], args=[round(seconds * 1_000_000)])

    async def reserve(self, chat_id: int) -> float:
        """Take the next free slot for `chat_id`; return how many seconds until it."""
        keys = [f"{self._prefix}:global", f"{self._prefix}:chat:{chat_id}", f"{self._prefix}:pause"]
        delay_us = int(await self._reserve(keys=keys, args=[self._global_us, self._chat_us]))
        return max(0, delay_us) / 1_000_000

    async def wait(self, chat_id: int) -> None:
        delay = await self.reserve(chat_id)
        if delay > 0:
            await asyncio.sleep(delay)
