"""Indonesian time zones (DOMAIN §8): WIB UTC+7, WITA UTC+8, WIT UTC+9; no DST."""

from __future__ import annotations

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
