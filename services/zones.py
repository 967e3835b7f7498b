"""Indonesian time zones (DOMAIN §8): WIB UTC+7, WITA UTC+8, WIT UTC+9; no DST."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

ZONE_ALIASES = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
}
INDONESIAN_ZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
_BY_LOWER = {z.lower(): z for z in INDONESIAN_ZONES} | {
    k.lower(): v for k, v in ZONE_ALIASES.items()
}


def parse_zone(raw: str) -> str | None:
    """Return the IANA name for `WIB`/`WITA`/`WIT` or an Indonesian IANA zone, else None."""
    return _BY_LOWER.get(raw.strip().lower())


_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_label(zone: str) -> str:
    """`WIB`, `WITA` or `WIT` (the IANA name for any other zone)."""
    return _LABELS.get(zone, zone)


def local_time_label(moment: datetime, zone: str) -> str:
    """A moment as people read it there: `09/12/2026 12.00 WIB`."""
    return f"{moment.astimezone(ZoneInfo(zone)):%d/%m/%Y %H.%M} {zone_label(zone)}"
