"""Announcements: an admin writes to everyone or to a unit with its sub-units; one outbox row
per linked active recipient; delivery status counts those rows."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, Announcement, Employee, Notification, NotificationStatus, Unit
from services.announcements import Delivery, announce, delivery_status, top_units
from services.audit import Actor
from services.errors import Invalid, NotAllowed, NotFound
from tests.factories import make_agency, make_employee, make_unit
from tests.services.reminder_helpers import audit_rows, outbox_rows, utc

NOW = utc(2026, 3, 2, 3, 0)


@dataclass
class Office:
    agency: Agency
    root: Unit
    bidang_a: Unit
    seksi_1: Unit
    bidang_b: Unit
    bidang_ab: Unit
    admin: Employee
    a: Employee
    a1: Employee
    b: Employee
    ab: Employee


async def child(session: AsyncSession, agency: Agency, parent: Unit, name: str) -> Unit:
    unit = await make_unit(session, agency, f"{parent.path} / {name}")
    unit.parent_id = parent.id
    await session.flush()
    return unit


async def make_office(session: AsyncSession) -> Office:
    agency = await make_agency(session, NOW)
    root = await make_unit(session, agency, "Dinas")
    bidang_a = await child(session, agency, root, "Bidang A")
    seksi_1 = await child(session, agency, bidang_a, "Seksi 1")
    bidang_b = await child(session, agency, root, "Bidang B")
    bidang_ab = await child(session, agency, root, "Bidang AB")  # starts like "Bidang A"

    async def person(unit: Unit, i: int, *, linked: bool = True, admin: bool = False) -> Employee:
        return await make_employee(
            session, agency, unit, i, NOW, is_admin=admin, telegram_user_id=i if linked else None
        )

    admin = await person(root, 1, admin=True)
    a = await person(bidang_a, 2)
    a1 = await person(seksi_1, 3)
    b = await person(bidang_b, 4)
    ab = await person(bidang_ab, 5)
    await person(bidang_a, 6, linked=False)
    gone = await person(seksi_1, 7)
    gone.active = False
    # Another agency's linked employee never receives anything.
    other = await make_agency(session, NOW)
    await make_employee(
        session, other, await make_unit(session, other, "Dinas"), 8, NOW, telegram_user_id=8
    )
    await session.commit()
    return Office(agency, root, bidang_a, seksi_1, bidang_b, bidang_ab, admin, a, a1, b, ab)


async def recipients(factory: async_sessionmaker[AsyncSession]) -> list[int]:
    return sorted(r.recipient_id for r in await outbox_rows(factory, "announcement.message"))


async def test_an_announcement_to_everyone_reaches_every_linked_active_employee(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    o = await make_office(session)

    item = await announce(
        session,
        Actor.employee(o.admin.id),
        o.agency,
        "  Apel pagi Senin pukul 07.30  ",
        None,
        now=NOW,
    )

    rows = await outbox_rows(session_factory, "announcement.message")
    everyone = [o.admin, o.a, o.a1, o.b, o.ab]
    assert sorted((r.recipient_id, r.dedup_key) for r in rows) == sorted(
        (p.id, f"announcement:{item.id}:{p.id}") for p in everyone
    )
    assert all(r.payload == {"announcement_id": item.id} for r in rows)
    assert all(r.status is NotificationStatus.PENDING and r.next_attempt_at == NOW for r in rows)
    async with session_factory() as s:
        stored = await s.get(Announcement, item.id)
        assert stored is not None
        assert (stored.agency_id, stored.author_id, stored.unit_id) == (
            o.agency.id,
            o.admin.id,
            None,
        )
        assert (stored.text, stored.recipients, stored.created_at) == (
            "Apel pagi Senin pukul 07.30",
            5,
            NOW,
        )
    [entry] = await audit_rows(session_factory)
    assert (entry.action, entry.entity_id, entry.after) == (
        "announcement.create",
        item.id,
        {"unit_id": None, "recipients": 5},
    )


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("bidang_a", ["a", "a1"]),  # with Seksi 1 below it, not Bidang AB
        ("seksi_1", ["a1"]),
        ("bidang_b", ["b"]),
        ("root", ["admin", "a", "a1", "b", "ab"]),
    ],
)
async def test_an_announcement_to_a_unit_reaches_its_subtree(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    unit: str,
    expected: list[str],
) -> None:
    o = await make_office(session)
    target: Unit = getattr(o, unit)

    item = await announce(
        session, Actor.employee(o.admin.id), o.agency, "Rapat bidang besok", target.id, now=NOW
    )

    assert await recipients(session_factory) == sorted(getattr(o, n).id for n in expected)
    assert item.recipients == len(expected)
    assert item.unit_id == target.id


async def test_two_announcements_have_their_own_rows(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    o = await make_office(session)
    actor = Actor.employee(o.admin.id)

    first = await announce(session, actor, o.agency, "Pengumuman satu", o.bidang_b.id, now=NOW)
    second = await announce(session, actor, o.agency, "Pengumuman dua", o.bidang_b.id, now=NOW)

    assert first.id != second.id
    assert sorted(r.dedup_key for r in await outbox_rows(session_factory)) == sorted(
        [f"announcement:{first.id}:{o.b.id}", f"announcement:{second.id}:{o.b.id}"]
    )


async def test_non_admins_may_not_announce_and_nothing_is_stored(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    o = await make_office(session)

    with pytest.raises(NotAllowed):
        await announce(session, Actor.employee(o.a.id), o.agency, "Halo semua", None, now=NOW)

    assert await outbox_rows(session_factory) == []
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(Announcement)) == 0


@pytest.mark.parametrize("text", ["", "  ", "ok", "x" * 3001])
async def test_too_short_or_too_long_text_is_refused(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], text: str
) -> None:
    o = await make_office(session)

    with pytest.raises(Invalid):
        await announce(session, Actor.employee(o.admin.id), o.agency, text, None, now=NOW)

    assert await outbox_rows(session_factory) == []


async def test_a_unit_of_another_agency_is_not_found(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    o = await make_office(session)
    other = await make_agency(session, NOW)
    foreign = await make_unit(session, other, "Dinas Lain")
    await session.commit()

    with pytest.raises(NotFound):
        await announce(
            session, Actor.employee(o.admin.id), o.agency, "Halo semua", foreign.id, now=NOW
        )
    await session.rollback()

    assert await outbox_rows(session_factory) == []
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(Announcement)) == 0


async def test_top_units_are_the_first_two_levels(session: AsyncSession) -> None:
    o = await make_office(session)

    units = await top_units(session, o.agency)

    assert [u.path for u in units] == [
        "Dinas",
        "Dinas / Bidang A",
        "Dinas / Bidang AB",
        "Dinas / Bidang B",
    ]


async def test_delivery_status_counts_the_rows_of_one_announcement(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    o = await make_office(session)
    actor = Actor.employee(o.admin.id)
    item = await announce(session, actor, o.agency, "Untuk semua pegawai", None, now=NOW)
    other = await announce(session, actor, o.agency, "Untuk Bidang B", o.bidang_b.id, now=NOW)
    assert await delivery_status(session, actor, item.id) == Delivery(5, 0, 5, 0)

    outcome = {
        o.admin.id: NotificationStatus.SENT,
        o.a.id: NotificationStatus.SENT,
        o.a1.id: NotificationStatus.FAILED,
        o.b.id: NotificationStatus.SKIPPED,
    }
    async with session_factory() as s:
        rows = await s.scalars(
            select(Notification).where(Notification.dedup_key.like(f"announcement:{item.id}:%"))
        )
        for row in rows:
            row.status = outcome.get(row.recipient_id, NotificationStatus.PENDING)
        await s.commit()

    status = await delivery_status(session, actor, item.id)
    assert status == Delivery(total=5, sent=2, pending=1, failed=2)
    assert await delivery_status(session, actor, other.id) == Delivery(1, 0, 1, 0)
    with pytest.raises(NotFound):
        await delivery_status(session, actor, item.id + other.id + 100)


async def test_delivery_status_is_for_admins_of_the_announcing_agency_only(
    session: AsyncSession,
) -> None:
    o = await make_office(session)
    item = await announce(session, Actor.employee(o.admin.id), o.agency, "Rapat", None, now=NOW)
    foreign_agency = await make_agency(session, NOW)
    foreign_unit = await make_unit(session, foreign_agency, "Dinas Lain")
    foreign_admin = await make_employee(
        session, foreign_agency, foreign_unit, 90, NOW, is_admin=True
    )
    await session.commit()

    for outsider in (o.a.id, foreign_admin.id):
        with pytest.raises(NotFound):
            await delivery_status(session, Actor.employee(outsider), item.id)
