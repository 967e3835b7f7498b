"""An agency's calendar is read from the database once per calendar stamp and process; every
change to its overrides (admin verbs, any ORM write) or its workdays is seen on the next read
of the agency, in this process or another."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, CalendarOverride, DayKind
from services.audit import Actor
from services.calendar import agency_calendar
from services.calendar_admin import remove_override, set_override
from tests.services.test_calendar_admin import NOW, make_admin_org

Factory = async_sessionmaker[AsyncSession]
DAY = date(2026, 4, 20)  # a Monday


@contextmanager
def statements(session: AsyncSession) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    bind = session.bind
    engine = getattr(bind, "sync_engine", bind)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def holiday(agency: Agency, name: str) -> CalendarOverride:
    """An override written through the ORM, as any code other than the admin verbs would."""
    return CalendarOverride(
        agency_id=agency.id, day=DAY, kind=DayKind.HOLIDAY, name=name, created_at=NOW
    )


async def fresh_agency(factory: Factory, agency_id: int) -> tuple[AsyncSession, Agency]:
    """The agency as the next update (another session, maybe another process) reads it."""
    s = factory()
    agency = await s.get(Agency, agency_id)
    assert agency is not None
    return s, agency


async def test_the_second_read_of_an_unchanged_calendar_asks_the_database_nothing(
    session: AsyncSession, session_factory: Factory
) -> None:
    agency, _admin, _ = await make_admin_org(session)
    first = await agency_calendar(session, agency)
    s, again = await fresh_agency(session_factory, agency.id)
    async with s:
        with statements(s) as seen:
            second = await agency_calendar(s, again)
    assert seen == []
    assert second is first


async def test_an_admin_holiday_is_seen_by_the_next_read_in_another_session(
    session: AsyncSession, session_factory: Factory
) -> None:
    agency, admin, _ = await make_admin_org(session)
    assert (await agency_calendar(session, agency)).is_workday(DAY)
    stamp = agency.calendar_stamp

    async with session_factory() as other:
        other_agency = await other.get(Agency, agency.id)
        assert other_agency is not None
        await set_override(
            other,
            Actor.employee(admin.id),
            other_agency,
            DAY,
            DayKind.HOLIDAY,
            "Hari Jadi",
            now=NOW,
        )
        # The admin's own session sees it at once, too.
        assert not (await agency_calendar(other, other_agency)).is_workday(DAY)

    s, fresh = await fresh_agency(session_factory, agency.id)
    async with s:
        assert fresh.calendar_stamp != stamp
        calendar = await agency_calendar(s, fresh)
    assert not calendar.is_workday(DAY)
    assert calendar.holiday_name(DAY) == "Hari Jadi"


async def test_removing_an_override_is_seen_by_the_next_read(
    session: AsyncSession, session_factory: Factory
) -> None:
    agency, admin, _ = await make_admin_org(session)
    actor = Actor.employee(admin.id)
    await set_override(session, actor, agency, DAY, DayKind.HOLIDAY, "Hari Jadi", now=NOW)
    assert not (await agency_calendar(session, agency)).is_workday(DAY)

    await remove_override(session, actor, agency, DAY, now=NOW)

    s, fresh = await fresh_agency(session_factory, agency.id)
    async with s:
        assert (await agency_calendar(s, fresh)).is_workday(DAY)


async def test_an_override_written_through_the_orm_outside_the_admin_verbs_changes_the_stamp(
    session: AsyncSession, session_factory: Factory
) -> None:
    agency, _admin, _ = await make_admin_org(session)
    assert (await agency_calendar(session, agency)).is_workday(DAY)

    session.add(holiday(agency, "Banjir"))
    await session.commit()

    assert not (await agency_calendar(session, agency)).is_workday(DAY)
    s, fresh = await fresh_agency(session_factory, agency.id)
    async with s:
        assert (await agency_calendar(s, fresh)).holiday_name(DAY) == "Banjir"


async def test_a_rolled_back_override_leaves_the_calendar_as_it_was(
    session: AsyncSession, session_factory: Factory
) -> None:
    agency, _admin, _ = await make_admin_org(session)
    session.add(holiday(agency, "Batal"))
    await session.flush()
    assert not (await agency_calendar(session, agency)).is_workday(DAY)
    await session.rollback()
    await session.refresh(agency)

    s, fresh = await fresh_agency(session_factory, agency.id)
    async with s:
        assert (await agency_calendar(s, fresh)).is_workday(DAY)
    assert (await agency_calendar(session, agency)).is_workday(DAY)


async def test_an_unflushed_override_read_and_rolled_back_leaves_no_phantom_holiday(
    session: AsyncSession, session_factory: Factory
) -> None:
    agency, _admin, _ = await make_admin_org(session)
    session.add(holiday(agency, "Batal"))
    assert not (await agency_calendar(session, agency)).is_workday(DAY)  # its own, pending
    agency_id = agency.id
    await session.rollback()

    s, fresh = await fresh_agency(session_factory, agency_id)
    async with s:
        assert (await agency_calendar(s, fresh)).is_workday(DAY)


async def test_changed_workdays_give_another_calendar(
    session: AsyncSession, session_factory: Factory
) -> None:
    agency, _admin, _ = await make_admin_org(session)
    saturday = date(2026, 4, 25)
    assert not (await agency_calendar(session, agency)).is_workday(saturday)

    agency.workdays = "123456"
    await session.commit()

    s, fresh = await fresh_agency(session_factory, agency.id)
    async with s:
        assert (await agency_calendar(s, fresh)).is_workday(saturday)
