"""The translated words a chart draws, kept apart from the charts so that reading them does
not import matplotlib (imported only when a chart is drawn)."""

from __future__ import annotations

from dataclasses import dataclass

from services.recap.month import DayState


@dataclass(frozen=True)
class ChartLabels:
    """Translated words drawn into the images (part of the cache key)."""

    month: str  # e.g. "Maret 2026"
    minutes: str  # y axis
    minutes_short: str  # "mnt"
    target: str  # "Target {minutes}"
    approved: str
    submitted: str
    revision: str
    rejected: str
    reported: str
    missing: str
    leave: str
    holiday: str
    off: str
    today: str
    not_yet: str
    page: str  # "{page}/{pages}"

    def state(self, state: DayState) -> str:
        return {
            DayState.APPROVED: self.approved,
            DayState.REPORTED: self.reported,
            DayState.MISSING: self.missing,
            DayState.LEAVE: self.leave,
            DayState.HOLIDAY: self.holiday,
            DayState.NOT_YET: self.not_yet,
            DayState.OFF: self.off,
        }[state]
