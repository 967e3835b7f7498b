"""Agency settings (admin only) and an employee's own reminder time: valid values are stored
and audited; invalid ones raise Invalid and change nothing."""

from __future__ import annotations

import contextlib
from datetime import time
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, Employee
from services.audit import Actor
from services.errors import Invalid, NotAllowed
from services.settings import agency_settings, set_reminder_time, update_agency_setting
from tests.factories import make_agency, make_employee, make_unit
from tests.services.reminder_helpers import audit_rows, reload, utc

NOW = utc(2026, 3, 2, 3, 0)
DEFAULTS = {
    "pengingat": time(16, 0),
    "pagi": time(7, 30),
    "nudge": True,
    "digest": time(8, 0),
    "tenang": (time(6, 0), time(21, 0)),
    "hari_kerja": "12345",
    "kurva": "peringatan",
    "target": 300,
}


async def setup(session: AsyncSession) -> tuple[Agency, Employee, Employee]:
    agency = await make_agency(session, NOW)
    unit = await make_unit(session, agency)
    admin = await make_employee(session, agency, unit, 1, NOW, is_admin=True, telegram_user_id=1)
    staff = await make_employee(session, agency, unit, 2, NOW, telegram_user_id=2)
    await session.commit()
    return agency, admin, staff


async def stored(factory: async_sessionmaker[AsyncSession], agency: Agency) -> dict[str, Any]:
    return agency_settings(await reload(factory, Agency, agency.id))


@pytest.mark.parametrize(
    ("key", "value", "changed"),
    [
        ("pengingat", "15.30", time(15, 30)),
        ("pengingat", "6:00", time(6, 0)),
        ("pengingat", "20.59", time(20, 59)),
        ("pagi", "07.00", time(7, 0)),
        ("digest", "09:15", time(9, 15)),
        ("nudge", "tidak", False),
        ("nudge", "OFF", False),
        ("tenang", "05.00-22.00", (time(5, 0), time(22, 0))),
        ("tenang", "06.00 - 21.30", (time(6, 0), time(21, 30))),
        ("hari_kerja", "123456", "123456"),
        ("hari_kerja", "654321", "123456"),
        ("hari_kerja", "1234567", "1234567"),
        ("kurva", "blok", "blok"),
        ("target", "7,5", 450),
        ("target", "8 jam", 480),
        ("target", "1", 60),
        ("target", "12.0", 720),
    ],
)
async def test_each_setting_is_stored_and_audited(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    key: str,
    value: str,
    changed: object,
) -> None:
    agency, admin, _ = await setup(session)

    await update_agency_setting(session, Actor.employee(admin.id), agency, key, value, now=NOW)

    assert await stored(session_factory, agency) == DEFAULTS | {key: changed}
    [entry] = await audit_rows(session_factory)
    assert (entry.actor_id, entry.action, entry.entity, entry.entity_id) == (
        admin.id,
        "agency.settings",
        "agency",
        agency.id,
    )
    assert entry.before == {key: str(DEFAULTS[key])}
    assert entry.after == {key: str(changed)}


async def test_nudge_can_be_switched_back_on(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, _ = await setup(session)
    actor = Actor.employee(admin.id)
    await update_agency_setting(session, actor, agency, "nudge", "tidak", now=NOW)
    assert (await stored(session_factory, agency))["nudge"] is False

    await update_agency_setting(session, actor, agency, "nudge", " Ya ", now=NOW)

    assert (await stored(session_factory, agency))["nudge"] is True


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("pengingat", "21.00"),  # quiet hours begin
        ("pengingat", "05.59"),  # before they end
        ("pengingat", "24.00"),
        ("pengingat", "16.60"),
        ("pengingat", "jam 4"),
        ("pengingat", ""),
        ("pagi", "05.30"),
        ("digest", "22:00"),
        ("nudge", "mungkin"),
        ("tenang", "21.00-06.00"),  # across midnight
        ("tenang", "08.00-08.00"),
        ("tenang", "06.00"),
        ("tenang", "06.00-25.00"),
        ("hari_kerja", "1234"),  # fewer than five days
        ("hari_kerja", "12348"),
        ("hari_kerja", "senin-jumat"),
        ("hari_kerja", ""),
        ("zona", "WITA"),  # not a setting
        ("kurva", "kadang"),
        ("target", "0,5"),  # under an hour
        ("target", "12,5"),
        ("target", "-3"),
        ("target", "tujuh"),
        ("target", ""),
    ],
)
async def test_invalid_values_raise_and_change_nothing(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    key: str,
    value: str,
) -> None:
    agency, admin, _ = await setup(session)

    with pytest.raises(Invalid):
        await update_agency_setting(session, Actor.employee(admin.id), agency, key, value, now=NOW)
    await session.commit()  # whatever the service left in the session

    assert await stored(session_factory, agency) == DEFAULTS
    assert agency_settings(agency) == DEFAULTS
    assert await audit_rows(session_factory) == []


async def test_times_are_checked_against_the_current_quiet_window(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, _ = await setup(session)
    actor = Actor.employee(admin.id)
    with pytest.raises(Invalid):
        await update_agency_setting(session, actor, agency, "digest", "05.30", now=NOW)

    await update_agency_setting(session, actor, agency, "tenang", "05.00-21.00", now=NOW)
    await update_agency_setting(session, actor, agency, "digest", "05.30", now=NOW)

    assert (await stored(session_factory, agency))["digest"] == time(5, 30)


async def test_only_admins_of_the_agency_change_settings(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, _, staff = await setup(session)
    other = await make_agency(session, NOW)
    foreign = await make_employee(
        session, other, await make_unit(session, other), 3, NOW, is_admin=True
    )
    await session.commit()

    for person in (staff, foreign):
        with pytest.raises(NotAllowed):
            await update_agency_setting(
                session, Actor.employee(person.id), agency, "pengingat", "15.00", now=NOW
            )

    assert await stored(session_factory, agency) == DEFAULTS
    assert await audit_rows(session_factory) == []


async def test_narrowing_quiet_hours_keeps_the_reminder_times_inside_them(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, _ = await setup(session)

    with contextlib.suppress(Invalid):  # refusing is fine
        await update_agency_setting(
            session, Actor.employee(admin.id), agency, "tenang", "08.00-15.00", now=NOW
        )

    settings = await stored(session_factory, agency)
    start, end = settings["tenang"]
    assert all(start <= settings[k] < end for k in ("pengingat", "pagi", "digest"))


# --- the employee's own reminder time --------------------------------------------------------


async def test_an_employee_sets_and_resets_their_reminder_time(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, _, staff = await setup(session)

    assert await set_reminder_time(session, staff, agency, "14.30", now=NOW) == time(14, 30)
    assert (await reload(session_factory, Employee, staff.id)).reminder_time == time(14, 30)
    assert await set_reminder_time(session, staff, agency, "", now=NOW) == time(16, 0)
    assert (await reload(session_factory, Employee, staff.id)).reminder_time is None
    await set_reminder_time(session, staff, agency, "06:00", now=NOW)
    assert await set_reminder_time(session, staff, agency, None, now=NOW) == time(16, 0)

    entries = await audit_rows(session_factory)
    assert [(e.actor_id, e.action, e.entity_id) for e in entries] == [
        (staff.id, "employee.reminder_time", staff.id)
    ] * 4
    assert [(e.before, e.after) for e in entries] == [
        ({"reminder_time": None}, {"reminder_time": "14:30:00"}),
        ({"reminder_time": "14:30:00"}, {"reminder_time": None}),
        ({"reminder_time": None}, {"reminder_time": "06:00:00"}),
        ({"reminder_time": "06:00:00"}, {"reminder_time": None}),
    ]


@pytest.mark.parametrize("value", ["21.00", "22.15", "05.59", "00.00", "25.00", "siang"])
async def test_a_reminder_time_outside_the_window_or_garbled_is_refused(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], value: str
) -> None:
    agency, _, staff = await setup(session)
    await set_reminder_time(session, staff, agency, "15.00", now=NOW)

    with pytest.raises(Invalid):
        await set_reminder_time(session, staff, agency, value, now=NOW)
    await session.commit()

    assert (await reload(session_factory, Employee, staff.id)).reminder_time == time(15, 0)
    assert len(await audit_rows(session_factory)) == 1


async def test_the_window_for_an_employee_is_the_agencys_quiet_window(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, staff = await setup(session)
    await update_agency_setting(
        session, Actor.employee(admin.id), agency, "tenang", "05.00-22.00", now=NOW
    )

    assert await set_reminder_time(session, staff, agency, "21.30", now=NOW) == time(21, 30)
    assert (await reload(session_factory, Employee, staff.id)).reminder_time == time(21, 30)
