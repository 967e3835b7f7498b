"""services/status.py: the numbers behind `python -m bot status` and /status, for one agency
only, for admins only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Notification, NotificationStatus
from services.audit import Actor
from services.errors import NotAllowed
from services.invites import InvitePolicy, issue_invite
from services.outbox import enqueue
from services.status import agency_status
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit


async def test_the_numbers_of_one_agency(session: AsyncSession, clock: FrozenClock) -> None:
    now = clock()
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    admin = await make_employee(session, agency, unit, 1, now, is_admin=True, telegram_user_id=11)
    blocked = await make_employee(session, agency, unit, 2, now, telegram_user_id=12)
    blocked.unreachable_since = now - timedelta(days=1)
    await make_employee(session, agency, unit, 3, now)  # not linked, no invite
    invited = await make_employee(session, agency, unit, 4, now)
    expired = await make_employee(session, agency, unit, 5, now)
    gone = await make_employee(session, agency, unit, 6, now, telegram_user_id=16)
    gone.active = False
    # Another agency's people, invites and messages are not counted.
    other = await make_agency(session, now)
    other_unit = await make_unit(session, other, "Dinas Lain")
    outsider = await make_employee(session, other, other_unit, 50, now, telegram_user_id=50)
    await make_employee(session, other, other_unit, 51, now)
    await session.commit()
    policy = InvitePolicy(valid_days=7)
    for person, days in ((invited, 1), (expired, 8)):
        issued_at = now - timedelta(days=days)
        await issue_invite(session, person.nip, Actor("cli"), issued_at, policy, agency.id)
    old, new = now - timedelta(hours=3), now - timedelta(minutes=10)
    await enqueue(
        session, recipient_id=admin.id, kind="reminder.daily", payload={}, dedup_key="a", now=old
    )
    await enqueue(
        session, recipient_id=blocked.id, kind="announcement", payload={}, dedup_key="b", now=new
    )
    await enqueue(
        session,
        recipient_id=admin.id,
        kind="summary.weekly",
        payload={},
        dedup_key="c",
        now=new - timedelta(minutes=5),
        not_before=now + timedelta(days=2),
    )
    await enqueue(
        session, recipient_id=outsider.id, kind="reminder.daily", payload={}, dedup_key="d", now=now
    )
    await enqueue(
        session,
        recipient_id=admin.id,
        kind="digest.pending",
        payload={},
        dedup_key="e",
        now=now - timedelta(days=3),
    )
    await session.commit()
    await session.execute(
        update(Notification)
        .where(Notification.dedup_key == "e")
        .values(status=NotificationStatus.SENT)
    )
    # Tried once and waiting for its retry: overdue, though its next attempt is later.
    await enqueue(
        session,
        recipient_id=blocked.id,
        kind="feedback.new",
        payload={},
        dedup_key="f",
        now=now - timedelta(hours=5),
    )
    await session.execute(
        update(Notification)
        .where(Notification.dedup_key == "f")
        .values(attempts=1, next_attempt_at=now + timedelta(minutes=5))
    )
    await session.commit()

    status = await agency_status(session, Actor.employee(admin.id), agency.id, now)

    assert (status.linked, status.unlinked) == (2, 3)
    assert status.pending_invites == 1
    assert status.unreachable == 1
    assert (status.outbox_unsent, status.outbox_due) == (4, 3)
    assert status.oldest_due_at == now - timedelta(hours=5)
    assert status.last_scheduled_at == new - timedelta(minutes=5)  # summary.weekly, a producer
    assert status.db_bytes is not None
    assert status.db_bytes > 0
    assert status.now == now


async def test_an_empty_agency_and_the_cli(session: AsyncSession, clock: FrozenClock) -> None:
    agency = await make_agency(session, clock())
    await session.commit()

    status = await agency_status(session, Actor("cli"), agency.id, clock())

    assert (status.linked, status.unlinked, status.pending_invites, status.unreachable) == (
        0,
        0,
        0,
        0,
    )
    assert (status.outbox_unsent, status.outbox_due) == (0, 0)
    assert status.oldest_due_at is None
    assert status.last_scheduled_at is None


async def test_only_an_admin_of_that_agency(session: AsyncSession, clock: FrozenClock) -> None:
    now = clock()
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    staff = await make_employee(session, agency, unit, 1, now, telegram_user_id=11)
    other = await make_agency(session, now)
    other_unit = await make_unit(session, other, "Dinas Lain")
    foreign_admin = await make_employee(session, other, other_unit, 2, now, is_admin=True)
    await session.commit()

    for actor in (Actor.employee(staff.id), Actor.employee(foreign_admin.id)):
        with pytest.raises(NotAllowed):
            await agency_status(session, actor, agency.id, now)
