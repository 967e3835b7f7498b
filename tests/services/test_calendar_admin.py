"""Admin edits of the agency calendar: add or replace an override (audited), remove it, list
upcoming days (national holidays merged with overrides); only admins may do it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, CalendarOverride, DayKind, Employee
from services.audit import Actor
from services.calendar import agency_calendar
from services.calendar_admin import CalendarDay, remove_override, set_override, upcoming_days
from services.errors import Invalid, NotAllowed, NotFound
from tests.factories import make_agency, make_employee, make_unit
from tests.services.reminder_helpers import audit_rows, utc

NOW = utc(2026, 3, 2, 3, 0)


async def overrides(factory: async_sessionmaker[AsyncSession]) -> list[tuple[object, ...]]:
    async with factory() as s:
        rows = await s.scalars(select(CalendarOverride).order_by(CalendarOverride.day))
        return [(r.agency_id, r.day, r.kind, r.name, r.created_by_id) for r in rows]


async def make_admin_org(session: AsyncSession) -> tuple[Agency, Employee, Employee]:
    agency = await make_agency(session, NOW)
    unit = await make_unit(session, agency)
    admin = await make_employee(session, agency, unit, 1, NOW, is_admin=True)
    staff = await make_employee(session, agency, unit, 2, NOW)
    await session.commit()
    return agency, admin, staff


async def test_set_override_creates_a_row_and_an_audit_entry(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, _ = await make_admin_org(session)

    row = await set_override(
        session,
        Actor.employee(admin.id),
        agency,
        date(2026, 4, 20),
        DayKind.HOLIDAY,
        "  Hari Jadi   Kabupaten ",
        now=NOW,
    )

    assert await overrides(session_factory) == [
        (agency.id, date(2026, 4, 20), DayKind.HOLIDAY, "Hari Jadi Kabupaten", admin.id)
    ]
    [entry] = await audit_rows(session_factory)
    assert (entry.actor_id, entry.action, entry.entity, entry.entity_id) == (
        admin.id,
        "calendar.set",
        "calendar_override",
        row.id,
    )
    assert entry.before is None
    assert entry.after == {"day": "2026-04-20", "kind": "libur", "name": "Hari Jadi Kabupaten"}
    calendar = await agency_calendar(session, agency)
    assert not calendar.is_workday(date(2026, 4, 20))
    assert calendar.holiday_name(date(2026, 4, 20)) == "Hari Jadi Kabupaten"


async def test_set_override_replaces_the_days_override_and_audits_the_old_value(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, _ = await make_admin_org(session)
    actor = Actor.employee(admin.id)
    day = date(2026, 8, 17)
    first = await set_override(session, actor, agency, day, DayKind.HOLIDAY, "Libur", now=NOW)

    second = await set_override(session, actor, agency, day, DayKind.WORKDAY, "", now=NOW)

    assert second.id == first.id
    assert await overrides(session_factory) == [
        (agency.id, day, DayKind.WORKDAY, "Hari kerja", admin.id)
    ]
    entries = await audit_rows(session_factory)
    assert [e.action for e in entries] == ["calendar.set", "calendar.set"]
    assert entries[1].before == {"kind": "libur", "name": "Libur"}
    assert entries[1].after == {"day": "2026-08-17", "kind": "kerja", "name": "Hari kerja"}
    assert (await agency_calendar(session, agency)).is_workday(day)


async def test_an_empty_holiday_name_defaults_and_a_too_long_one_is_refused(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, _ = await make_admin_org(session)
    actor = Actor.employee(admin.id)

    await set_override(session, actor, agency, date(2026, 4, 20), DayKind.HOLIDAY, " ", now=NOW)
    with pytest.raises(Invalid):
        await set_override(
            session, actor, agency, date(2026, 4, 21), DayKind.HOLIDAY, "x" * 201, now=NOW
        )

    assert [r[3] for r in await overrides(session_factory)] == ["Libur"]
    assert len(await audit_rows(session_factory)) == 1


async def test_remove_override_deletes_it_and_audits(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, _ = await make_admin_org(session)
    actor = Actor.employee(admin.id)
    day = date(2026, 4, 20)
    row = await set_override(session, actor, agency, day, DayKind.HOLIDAY, "Hari Jadi", now=NOW)

    await remove_override(session, actor, agency, day, now=NOW)

    assert await overrides(session_factory) == []
    entry = (await audit_rows(session_factory))[-1]
    assert (entry.action, entry.entity_id, entry.before, entry.after) == (
        "calendar.remove",
        row.id,
        {"day": "2026-04-20", "kind": "libur", "name": "Hari Jadi"},
        None,
    )
    assert (await agency_calendar(session, agency)).is_workday(day)


async def test_removing_a_missing_override_is_not_found_and_changes_nothing(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, _ = await make_admin_org(session)
    other = await make_agency(session, NOW)
    await session.commit()
    actor = Actor.employee(admin.id)
    await set_override(
        session, Actor("cli"), other, date(2026, 4, 20), DayKind.HOLIDAY, "", now=NOW
    )

    with pytest.raises(NotFound):
        await remove_override(session, actor, agency, date(2026, 4, 20), now=NOW)
    with pytest.raises(NotFound):  # a national holiday is not an override
        await remove_override(session, actor, agency, date(2026, 8, 17), now=NOW)

    assert len(await overrides(session_factory)) == 1
    assert [e.action for e in await audit_rows(session_factory)] == ["calendar.set"]


async def test_non_admins_may_not_edit_the_calendar(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, admin, staff = await make_admin_org(session)
    other = await make_agency(session, NOW)
    foreign_admin = await make_employee(
        session, other, await make_unit(session, other), 3, NOW, is_admin=True
    )
    retired_admin = await make_employee(
        session, agency, await make_unit(session, agency, "Dinas Uji / Lama"), 4, NOW
    )
    retired_admin.is_admin, retired_admin.active = True, False
    await session.commit()
    day = date(2026, 4, 20)
    await set_override(session, Actor.employee(admin.id), agency, day, DayKind.HOLIDAY, "", now=NOW)

    for person in (staff, foreign_admin, retired_admin):
        actor = Actor.employee(person.id)
        with pytest.raises(NotAllowed):
            await set_override(session, actor, agency, day, DayKind.WORKDAY, "", now=NOW)
        with pytest.raises(NotAllowed):
            await set_override(
                session, actor, agency, date(2026, 4, 21), DayKind.HOLIDAY, "", now=NOW
            )
        with pytest.raises(NotAllowed):
            await remove_override(session, actor, agency, day, now=NOW)

    assert await overrides(session_factory) == [
        (agency.id, day, DayKind.HOLIDAY, "Libur", admin.id)
    ]
    assert len(await audit_rows(session_factory)) == 1


async def test_a_system_actor_may_edit_the_calendar(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    agency, _, _ = await make_admin_org(session)

    await set_override(
        session, Actor("cli"), agency, date(2026, 4, 20), DayKind.HOLIDAY, "", now=NOW
    )

    assert await overrides(session_factory) == [
        (agency.id, date(2026, 4, 20), DayKind.HOLIDAY, "Libur", None)
    ]
    [entry] = await audit_rows(session_factory)
    assert (entry.actor_id, entry.actor_label) == (None, "cli")


async def test_upcoming_days_merge_national_holidays_and_overrides(
    session: AsyncSession,
) -> None:
    agency, admin, _ = await make_admin_org(session)
    other = await make_agency(session, NOW)
    await session.commit()
    actor = Actor.employee(admin.id)
    for day, kind, name in [
        (date(2026, 3, 24), DayKind.WORKDAY, "Masuk"),  # cancels a cuti bersama
        (date(2026, 4, 10), DayKind.HOLIDAY, "Hari Jadi Kota"),
        (date(2026, 3, 10), DayKind.HOLIDAY, "Sebelum"),  # before the start
        (date(2026, 6, 1), DayKind.WORKDAY, "Sesudah"),  # after the end
    ]:
        await set_override(session, actor, agency, day, kind, name, now=NOW)
    await set_override(
        session, Actor("cli"), other, date(2026, 3, 30), DayKind.HOLIDAY, "", now=NOW
    )

    days = await upcoming_days(session, agency, date(2026, 3, 15), days=30)

    assert [(d.day, d.source) for d in days] == [
        (date(2026, 3, 18), "national"),
        (date(2026, 3, 19), "national"),
        (date(2026, 3, 20), "national"),
        (date(2026, 3, 21), "national"),
        (date(2026, 3, 22), "national"),
        (date(2026, 3, 23), "national"),
        (date(2026, 3, 24), "kerja"),
        (date(2026, 4, 3), "national"),
        (date(2026, 4, 5), "national"),
        (date(2026, 4, 10), "libur"),
    ]
    assert days[6] == CalendarDay(date(2026, 3, 24), "Masuk", "kerja")
    assert days[-1] == CalendarDay(date(2026, 4, 10), "Hari Jadi Kota", "libur")
    assert days[0].name == "Cuti Bersama Hari Suci Nyepi"


async def test_upcoming_days_cross_the_turn_of_the_year(session: AsyncSession) -> None:
    agency, _, _ = await make_admin_org(session)

    days = await upcoming_days(session, agency, date(2026, 12, 20), days=20)

    assert [d.day for d in days][:3] == [date(2026, 12, 24), date(2026, 12, 25), date(2027, 1, 1)]
    assert all(d.source == "national" for d in days)
