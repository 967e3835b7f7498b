"""A transfer mid-period: work dated before the effective date is verified by the old
supervisor, work from the date by the new one; the period evaluation belongs to the assessor
at the period's end; both supervisors are told what moved; every refusal changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus, AuditLog, Notification, Posting
from services.audit import Actor
from services.errors import Invalid, NotAllowed, NotFound, Problem
from services.escalation import overdue_verifications
from services.evaluation import open_evaluation
from services.postings import history, supervisor_on, verifier_on
from services.review import Decision, decide, pending_groups
from services.transfers import transfer
from tests.factories import make_nip, make_unit
from tests.services.reminder_helpers import tick
from tests.services.review_helpers import (
    INDEX,
    MONDAY,
    at_wib,
    make_review_org,
    rows_of,
    snapshot_db,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
FRIDAY = MONDAY - timedelta(days=3)  # 27 Feb, before the transfer
NOW = at_wib(MONDAY, 10)


def nip(key: str) -> str:
    return make_nip(INDEX[key])


async def test_work_before_the_date_stays_with_the_old_supervisor(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    before = await submit(session, org.staff, NOW, day=FRIDAY)
    after = await submit(session, org.staff, NOW, day=MONDAY)
    admin = Actor.employee(org.admin.id)

    move = await transfer(
        session,
        admin,
        org.agency.id,
        nip("staff"),
        unit=None,
        supervisor_nip=nip("other_boss"),
        position="Analis Kebijakan",
        valid_from=MONDAY,
        now=NOW,
    )

    assert (move.old_supervisor_id, move.new_supervisor_id, move.moved) == (
        org.assessor.id,
        org.other_boss.id,
        1,
    )
    assert await supervisor_on(session, org.staff.id, FRIDAY) == org.assessor.id
    assert await supervisor_on(session, org.staff.id, MONDAY) == org.other_boss.id
    old_days = [g.day for g in await pending_groups(session, org.assessor, NOW)]
    new_days = [g.day for g in await pending_groups(session, org.other_boss, NOW)]
    assert (old_days, new_days) == ([FRIDAY], [MONDAY])
    for actor, activity in ((org.other_boss, before), (org.assessor, after)):
        with pytest.raises(NotAllowed):
            await decide(
                session, actor, activity.id, activity.version, Decision.APPROVE, None, now=NOW
            )
    await decide(session, org.assessor, before.id, before.version, Decision.APPROVE, None, now=NOW)
    await decide(session, org.other_boss, after.id, after.version, Decision.APPROVE, None, now=NOW)
    statuses = {a.id: a.status for a in await rows_of(session_factory, type(before))}
    assert statuses[before.id] is statuses[after.id] is ActivityStatus.APPROVED

    notices = {
        (n.kind, n.recipient_id, n.payload.get("count"))
        for n in await rows_of(session_factory, Notification)
        if n.kind.startswith("posting.")
    }
    assert notices == {
        ("posting.moved_out", org.assessor.id, 1),
        ("posting.moved_in", org.other_boss.id, 1),
        ("posting.transferred", org.staff.id, None),
    }
    audit = [a for a in await rows_of(session_factory, AuditLog) if a.action == "employee.transfer"]
    assert len(audit) == 1
    assert audit[0].actor_id == org.admin.id
    assert audit[0].after["supervisor_id"] == org.other_boss.id
    assert audit[0].after["valid_from"] == "2026-03-02"
    stints = await history(session, org.staff)
    assert [(s.start, s.end, s.supervisor, s.position) for s in stints] == [
        (MONDAY, None, "Atasan Lain", "Analis Kebijakan"),
        (date(2026, 2, 1), FRIDAY + timedelta(days=2), "Atasan", "Analis"),
    ]


async def test_a_backdated_report_after_the_move_reaches_the_old_supervisor(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    await transfer(
        session,
        Actor("cli"),
        org.agency.id,
        nip("staff"),
        unit=None,
        supervisor_nip=nip("other_boss"),
        position=None,
        valid_from=MONDAY,
        now=NOW,
    )
    late = await submit(session, org.staff, NOW, day=FRIDAY)
    fresh = await submit(session, org.staff, NOW, day=MONDAY)

    cards = {
        n.payload["activity_id"]: n.recipient_id
        for n in await rows_of(session_factory, Notification)
        if n.kind.startswith("review.")
    }
    assert cards == {late.id: org.assessor.id, fresh.id: org.other_boss.id}


async def test_the_evaluation_goes_to_the_assessor_at_the_period_end(
    session: AsyncSession,
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 1, 2), 8))
    await transfer(
        session,
        Actor("cli"),
        org.agency.id,
        nip("staff"),
        unit=None,
        supervisor_nip=nip("other_boss"),
        position=None,
        valid_from=MONDAY,
        now=NOW,
    )
    later = at_wib(date(2026, 4, 2), 10)

    with pytest.raises(NotAllowed):
        await open_evaluation(session, org.assessor, org.staff.id, "2026-Q1", now=later)
    evaluation = await open_evaluation(session, org.other_boss, org.staff.id, "2026-Q1", now=later)

    assert evaluation.assessor_id == org.other_boss.id


async def test_a_new_unit_and_a_second_move_extend_the_history(session: AsyncSession) -> None:
    org = await make_review_org(session, at_wib(date(2026, 1, 2), 8))
    await make_unit(session, org.agency, "Dinas Uji / Bidang Dua")
    await session.commit()
    cli = Actor("cli")
    await transfer(
        session,
        cli,
        org.agency.id,
        nip("staff"),
        unit="bidang dua",
        supervisor_nip=None,
        position=None,
        valid_from=FRIDAY,
        now=NOW,
    )
    await transfer(
        session,
        cli,
        org.agency.id,
        nip("staff"),
        unit=None,
        supervisor_nip=nip("plt"),
        position=None,
        valid_from=MONDAY,
        now=NOW,
    )

    postings = (
        await session.scalars(select(Posting).where(Posting.employee_id == org.staff.id))
    ).all()
    assert sorted((p.valid_from, p.valid_to) for p in postings) == [
        (date(2026, 1, 2), FRIDAY),
        (FRIDAY, MONDAY),
        (MONDAY, None),
    ]
    assert await verifier_on(session, org.staff.id, FRIDAY) == org.assessor.id
    assert await verifier_on(session, org.staff.id, MONDAY) == org.plt.id


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nip": "123"}, NotFound),
        ({"nip": make_nip(900)}, NotFound),
        ({"supervisor_nip": make_nip(900)}, NotFound),
        ({"unit": "Bidang Tidak Ada"}, Problem.UNIT_UNKNOWN),
        ({"supervisor_nip": nip("assessor")}, Problem.TRANSFER_SAME),
        ({"valid_from": MONDAY + timedelta(days=91)}, Problem.EFFECTIVE_DATE),
        ({"valid_from": MONDAY - timedelta(days=400)}, Problem.EFFECTIVE_DATE),
        ({"position": "x" * 201}, Problem.PLAN_TEXT_TOO_LONG),
        ({"nip": nip("head"), "supervisor_nip": nip("staff")}, Problem.SUPERVISOR_CYCLE),
        ({"actor": "staff"}, NotAllowed),
    ],
)
async def test_refused_transfers_change_nothing(
    session: AsyncSession,
    session_factory: Factory,
    changes: dict[str, object],
    expected: type[Exception] | Problem,
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    await submit(session, org.staff, NOW, day=MONDAY)
    changes = dict(changes)  # parametrize shares the dict between backends
    actor_key = changes.pop("actor", "admin")
    actor = Actor.employee(getattr(org, str(actor_key)).id)
    args: dict[str, object] = {
        "nip": nip("staff"),
        "unit": None,
        "supervisor_nip": nip("other_boss"),
        "position": None,
        "valid_from": MONDAY,
        **changes,
    }
    before = await snapshot_db(session_factory)

    raised = Invalid if isinstance(expected, Problem) else expected
    with pytest.raises(raised) as caught:
        await transfer(session, actor, org.agency.id, now=NOW, **args)  # type: ignore[arg-type]
    await session.rollback()

    if isinstance(expected, Problem):
        assert isinstance(caught.value, Invalid)
        assert caught.value.code is expected
    assert await snapshot_db(session_factory) == before
    assert await rows_of(session_factory, Posting) == []


async def test_each_supervisors_morning_digest_counts_the_days_they_verify(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    for person, chat in ((org.assessor, 7011), (org.other_boss, 7014)):
        person.telegram_user_id = person.telegram_chat_id = chat
    await submit(session, org.staff, NOW, day=FRIDAY)
    await submit(session, org.staff, NOW, day=MONDAY)
    await submit(session, org.staff2, NOW, day=MONDAY)
    await transfer(
        session,
        Actor("cli"),
        org.agency.id,
        nip("staff"),
        unit=None,
        supervisor_nip=nip("other_boss"),
        position=None,
        valid_from=MONDAY,
        now=NOW,
    )

    await tick(session_factory, at_wib(MONDAY + timedelta(days=1), 8, 5))

    digests = {
        n.recipient_id: n.payload["count"]
        for n in await rows_of(session_factory, Notification)
        if n.kind == "digest.pending"
    }
    assert digests == {org.assessor.id: 2, org.other_boss.id: 1}


async def test_an_overdue_report_escalates_above_the_supervisor_of_its_day(
    session: AsyncSession,
) -> None:
    org = await make_review_org(session, at_wib(date(2026, 2, 1), 8))
    old_day = date(2026, 2, 24)
    await submit(session, org.staff, at_wib(old_day, 15), day=old_day)
    await transfer(
        session,
        Actor("cli"),
        org.agency.id,
        nip("staff"),
        unit=None,
        supervisor_nip=nip("plt"),
        position=None,
        valid_from=FRIDAY,
        now=NOW,
    )

    overdue = await overdue_verifications(session, org.agency, NOW)

    assert [(o.supervisor_id, o.escalate_to_id, o.count) for o in overdue] == [
        (org.assessor.id, org.head.id, 1)
    ]
