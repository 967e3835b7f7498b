"""The bot process's clock: the system clock, or — for demos and training — the system clock
moved by an offset kept in a small JSON file (`CLOCK_FILE`), so another process (the demo's
web chat) can send everyone to "16.00 on a workday" or to the end of an evaluation period
while the bot keeps running. Services never see this: they get a `Clock` as always.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from services.clock import Clock, system_clock

logger = logging.getLogger(__name__)


class OffsetFileClock:
    """`now()` = system time + the file's `offset_seconds` (0 while the file is missing).

    The file is re-read whenever its modification time changes, so a move takes effect on
    the next call without a restart. A broken file counts as no offset (and is logged once).
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp: int | None = None
        self._offset = timedelta()

    @property
    def offset(self) -> timedelta:
        self._refresh()
        return self._offset

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def _refresh(self) -> None:
        try:
            stamp = self._path.stat().st_mtime_ns
        except OSError:
            self._stamp, self._offset = None, timedelta()
            return
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            seconds = float(json.loads(self._path.read_text())["offset_seconds"])
            self._offset = timedelta(seconds=seconds)
        except (OSError, ValueError, KeyError, TypeError, OverflowError):
            logger.warning("Clock file %s is unreadable; using the system time", self._path)
            self._offset = timedelta()


def write_offset(path: Path, offset: timedelta) -> None:
    """Move an `OffsetFileClock` reading `path` (atomically: it never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps({"offset_seconds": offset.total_seconds()}))
    os.replace(scratch, path)


def settings_clock(settings: Settings) -> Clock:
    """The clock the bot process runs on: `CLOCK_FILE` set = a movable demo clock."""
    if settings.clock_file:
        return OffsetFileClock(Path(settings.clock_file))
    return system_clock
