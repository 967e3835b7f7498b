"""In-process send pacing: a global rate, a per-chat rate, and a global pause after a 429.

For several sender processes, run one worker (see README): the limits are per process.
"""

from __future__ import annotations

import asyncio
import time


class SendLimiter:
    def __init__(self, global_per_second: float, per_chat_per_second: float) -> None:
        self._global_interval = 1.0 / global_per_second
        self._chat_interval = 1.0 / per_chat_per_second
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """Telegram said 429 retry_after: nothing is sent before it has passed."""
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
