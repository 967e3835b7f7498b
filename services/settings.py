"""Agency settings (admin) and an employee's own reminder time."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, Employee
from services import audit
from services.audit import Actor
from services.directory import require_admin
from services.errors import Invalid, Problem

_CLOCK = re.compile(r"^(\d{1,2})[.:](\d{2})$")
_RANGE = re.compile(r"^(\d{1,2}[.:]\d{2})\s*-\s*(\d{1,2}[.:]\d{2})$")
TIME_SETTINGS = {"pengingat": "reminder_time", "digest": "digest_time", "pagi": "nudge_time"}
_HOURS = re.compile(r"^(\d{1,2})(?:[.,](\d{1,2}))?\s*(?:jam|j|h|hours?)?$", re.IGNORECASE)
TARGET_HOURS = (1, 12)  # a daily target outside this is a typo, not a policy
BOOLEAN = {"ya": True, "on": True, "yes": True, "tidak": False, "off": False, "no": False}


def parse_clock(text: str) -> time:
    match = _CLOCK.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise Invalid(Problem.SETTING_CLOCK)
    return time(int(match.group(1)), int(match.group(2)))


def parse_target_hours(text: str) -> int:
    """`7,5` / `7.5` / `8 jam` → minutes, between TARGET_HOURS; Invalid otherwise."""
    low, high = TARGET_HOURS
    match = _HOURS.match(text.strip())
    if not match:
        raise Invalid(Problem.SETTING_TARGET, low=low, high=high)
    fraction = match.group(2) or "0"
    minutes = round((int(match.group(1)) + int(fraction) / 10.0 ** len(fraction)) * 60)
    if not low * 60 <= minutes <= high * 60:
        raise Invalid(Problem.SETTING_TARGET, low=low, high=high)
    return minutes


def agency_settings(agency: Agency) -> dict[str, Any]:
    return {
        "pengingat": agency.reminder_time,
        "pagi": agency.nudge_time,
        "nudge": agency.nudge_enabled,
        "digest": agency.digest_time,
        "tenang": (agency.quiet_start, agency.quiet_end),
        "hari_kerja": agency.workdays,
        "kurva": "blok" if agency.curve_blocks else "peringatan",
        "target": agency.daily_target_minutes,
    }


def _within_window(agency: Agency, value: time) -> bool:
    return agency.quiet_start <= value < agency.quiet_end


async def update_agency_setting(
    session: AsyncSession, actor: Actor, agency: Agency, key: str, value: str, *, now: datetime
) -> None:
    """`key` is one of pengingat, pagi, digest (HH.MM), nudge (ya/tidak), tenang (HH.MM-HH.MM),
    hari_kerja (ISO weekday digits such as 12345 or 123456), kurva (blok/peringatan: whether
    breaking the distribution curve blocks finalising or only warns), target (daily hours,
    decimal comma: 7,5)."""
    await require_admin(session, actor, agency.id)
    before = {k: str(v) for k, v in agency_settings(agency).items()}
    if key in TIME_SETTINGS:
        clock = parse_clock(value)
        if not _within_window(agency, clock):
            raise Invalid(Problem.OUTSIDE_WINDOW)
        setattr(agency, TIME_SETTINGS[key], clock)
    elif key == "nudge":
        if value.strip().lower() not in BOOLEAN:
            raise Invalid(Problem.SETTING_BOOLEAN)
        agency.nudge_enabled = BOOLEAN[value.strip().lower()]
    elif key == "tenang":
        match = _RANGE.match(value.strip())
        if not match:
            raise Invalid(Problem.SETTING_RANGE)
        start, end = parse_clock(match.group(1)), parse_clock(match.group(2))
        if not start < end:
            raise Invalid(Problem.SETTING_RANGE)
        scheduled = (agency.reminder_time, agency.nudge_time, agency.digest_time)
        if not all(start <= t < end for t in scheduled):
            raise Invalid(Problem.OUTSIDE_WINDOW)  # reminders would silently stop
        agency.quiet_start, agency.quiet_end = start, end
    elif key == "kurva":
        mode = value.strip().lower()
        if mode not in ("blok", "peringatan"):
            raise Invalid(Problem.SETTING_CURVE_MODE)
        agency.curve_blocks = mode == "blok"
    elif key == "target":
        agency.daily_target_minutes = parse_target_hours(value)
    elif key == "hari_kerja":
        digits = "".join(sorted(set(value.strip())))
        if not digits or not set(digits) <= set("1234567") or len(digits) < 5:
            raise Invalid(Problem.SETTING_WORKDAYS)
        agency.workdays = digits
    else:
        raise Invalid(Problem.SETTING_KEY)
    after = {k: str(v) for k, v in agency_settings(agency).items()}
    if after == before:  # a double tap, or the value it already had: nothing to record
        return
    audit.record(
        session,
        actor=actor,
        at=now,
        action="agency.settings",
        entity="agency",
        entity_id=agency.id,
        before={k: v for k, v in before.items() if v != after[k]},
        after={k: v for k, v in after.items() if v != before[k]},
    )
    await session.commit()


async def set_reminder_time(
    session: AsyncSession, employee: Employee, agency: Agency, value: str | None, *, now: datetime
) -> time:
    """The employee's own reminder time, within quiet hours; None/'' resets to the agency's."""
    clock = parse_clock(value) if value else None
    if clock is not None and not _within_window(agency, clock):
        raise Invalid(Problem.OUTSIDE_WINDOW)
    before = employee.reminder_time
    employee.reminder_time = clock
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="employee.reminder_time",
        entity="employee",
        entity_id=employee.id,
        before={"reminder_time": before.isoformat() if before else None},
        after={"reminder_time": clock.isoformat() if clock else None},
    )
    await session.commit()
    return clock or agency.reminder_time
