"""A transfer dated ahead (up to 90 days) is stored at once and takes effect on the day: the
scheduler's tick changes the employee row then and tells both supervisors; the person is told
when it is entered. Refusals change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog, Employee, Notification, Posting
from services.audit import Actor
from services.errors import Invalid, Problem
from services.postings import supervisor_on
from services.schedule import PRODUCERS
from services.transfers import apply_due_postings, transfer
from tests.factories import make_nip
from tests.services.reminder_helpers import tick
from tests.services.review_helpers import (
    INDEX,
    MONDAY,
    ReviewOrg,
    at_wib,
    make_review_org,
    rows_of,
    snapshot_db,
)

Factory = async_sessionmaker[AsyncSession]
NOW = at_wib(MONDAY, 10)  # Monday 2 March 2026
ON_THE_DAY = MONDAY + timedelta(days=14)


def nip(key: str) -> str:
    return make_nip(INDEX[key])


async def _schedule(session: AsyncSession, org: ReviewOrg, **changes: object) -> None:
    args: dict[str, object] = {
        "unit": None,
        "supervisor_nip": nip("other_boss"),
        "position": "Analis Kebijakan",
        "valid_from": ON_THE_DAY,
        **changes,
    }
    await transfer(
        session,
        Actor.employee(org.admin.id),
        org.agency.id,
        nip("staff"),
        now=NOW,
        **args,  # type: ignore[arg-type]
    )


async def _kinds(factory: Factory) -> list[tuple[str, int]]:
    return sorted(
        (n.kind, n.recipient_id)
        for n in await rows_of(factory, Notification)
        if n.kind.startswith("posting.")
    )


async def _row(factory: Factory, employee_id: int) -> tuple[int | None, str]:
    async with factory() as s:
        row = await s.get(Employee, employee_id)
        assert row is not None
        return row.supervisor_id, row.position


def test_the_schedule_lists_the_producer() -> None:
    assert PRODUCERS["posting.due"] is apply_due_postings


async def test_a_future_transfer_waits_for_its_day_and_then_takes_effect_once(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    staff_id, old, new = org.staff.id, org.assessor.id, org.other_boss.id

    await _schedule(session, org)

    assert await _row(session_factory, staff_id) == (old, "Analis")
    assert await supervisor_on(session, staff_id, MONDAY) == old
    assert await supervisor_on(session, staff_id, ON_THE_DAY) == new
    assert await _kinds(session_factory) == [("posting.transferred", staff_id)]

    await tick(session_factory, at_wib(ON_THE_DAY - timedelta(days=1), 23, 50))
    assert await _row(session_factory, staff_id) == (old, "Analis")

    await tick(session_factory, at_wib(ON_THE_DAY, 0, 5))
    await tick(session_factory, at_wib(ON_THE_DAY, 0, 6))  # a second tick changes nothing

    assert await _row(session_factory, staff_id) == (new, "Analis Kebijakan")
    assert await _kinds(session_factory) == sorted(
        [("posting.transferred", staff_id), ("posting.moved_out", old), ("posting.moved_in", new)]
    )
    applied = [
        a
        for a in await rows_of(session_factory, AuditLog)
        if a.action == "employee.transfer.applied"
    ]
    assert [(a.actor_label, a.entity_id, a.after["supervisor_id"]) for a in applied] == [
        ("scheduler", staff_id, new)
    ]


async def test_a_later_transfer_builds_on_the_scheduled_one(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    await _schedule(session, org)
    later = ON_THE_DAY + timedelta(days=7)

    await _schedule(session, org, supervisor_nip=None, position="Analis Utama", valid_from=later)

    postings = sorted(
        (p.valid_from, p.supervisor_id, p.position)
        for p in await rows_of(session_factory, Posting)
        if p.employee_id == org.staff.id
    )
    assert postings[1:] == [
        (ON_THE_DAY, org.other_boss.id, "Analis Kebijakan"),
        (later, org.other_boss.id, "Analis Utama"),
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"valid_from": MONDAY + timedelta(days=91), "position": "X"}, Problem.EFFECTIVE_DATE),
        ({"valid_from": ON_THE_DAY, "position": "X"}, Problem.EFFECTIVE_DATE),  # not after it
        ({"valid_from": MONDAY, "position": "X"}, Problem.EFFECTIVE_DATE),
        ({"valid_from": ON_THE_DAY + timedelta(days=1)}, Problem.TRANSFER_SAME),
    ],
)
async def test_refused_changes_to_a_scheduled_transfer_change_nothing(
    session: AsyncSession,
    session_factory: Factory,
    changes: dict[str, object],
    problem: Problem,
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    await _schedule(session, org)
    before = await snapshot_db(session_factory)
    postings = await rows_of(session_factory, Posting)

    with pytest.raises(Invalid) as caught:
        await _schedule(session, org, **dict(changes))
    await session.rollback()

    assert caught.value.code is problem
    assert await snapshot_db(session_factory) == before
    assert len(await rows_of(session_factory, Posting)) == len(postings)
