"""Opening another person's data leaves an audit row "read" (evaluation, SKP document, recap,
history, personal data); one's own does not; paging within minutes counts once; the person
sees who looked (`reads_of`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditLog, Employee, Evaluation, EvaluationStatus, Plan
from services.audit import Actor, record_read
from services.audit_trail import ReadEntry, reads_of, trail_of
from services.errors import NotAllowed
from services.evaluation import readable_evaluation
from services.history import history_page
from services.plans import readable_plan
from services.recap.access import Viewer
from services.recap.months import Month
from services.recap.views import personal_request
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit

DAY = date(2026, 3, 2)


async def _org(session: AsyncSession, clock: FrozenClock) -> tuple[Employee, Employee, Employee]:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    admin = await make_employee(session, agency, unit, 1, clock(), name="Ani", is_admin=True)
    boss = await make_employee(session, agency, unit, 2, clock(), name="Bambang")
    staff = await make_employee(session, agency, unit, 3, clock(), name="Citra", supervisor=boss)
    await session.commit()
    return admin, boss, staff


async def _reads(session: AsyncSession) -> list[tuple[int | None, int | None, str | None]]:
    rows = (
        await session.scalars(select(AuditLog).where(AuditLog.action == "read").order_by("id"))
    ).all()
    return [(r.actor_id, r.entity_id, r.reason) for r in rows]


async def test_the_assessor_reading_an_evaluation_is_audited_the_owner_is_not(
    session: AsyncSession, clock: FrozenClock
) -> None:
    admin, boss, staff = await _org(session, clock)
    evaluation = Evaluation(
        employee_id=staff.id,
        assessor_id=boss.id,
        period_key="2026-Q1",
        status=EvaluationStatus.FINAL,
        created_at=clock(),
        updated_at=clock(),
    )
    session.add(evaluation)
    await session.commit()

    await readable_evaluation(session, staff, evaluation.id, clock())
    await readable_evaluation(session, boss, evaluation.id, clock())
    await readable_evaluation(session, admin, evaluation.id, clock())

    assert await _reads(session) == [
        (boss.id, staff.id, "evaluation"),
        (admin.id, staff.id, "evaluation"),
    ]


async def test_a_refused_read_writes_nothing(session: AsyncSession, clock: FrozenClock) -> None:
    _admin, boss, staff = await _org(session, clock)
    plan = Plan(
        employee_id=boss.id,
        year=2026,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        position="Kepala",
        created_at=clock(),
    )
    session.add(plan)
    await session.commit()

    with pytest.raises(NotAllowed):
        await readable_plan(session, staff, plan.id, clock())
    assert await _reads(session) == []


async def test_the_skp_document_recap_and_history_of_a_team_member(
    session: AsyncSession, clock: FrozenClock
) -> None:
    _admin, boss, staff = await _org(session, clock)
    plan = Plan(
        employee_id=staff.id,
        year=2026,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        position="Analis",
        assessor_id=boss.id,
        created_at=clock(),
    )
    session.add(plan)
    await session.commit()

    await readable_plan(session, boss, plan.id, clock())
    await personal_request(session, Viewer.of(boss), staff.id, Month.of(DAY), clock())
    await personal_request(session, Viewer.of(staff), staff.id, Month.of(DAY), clock())
    await history_page(session, staff, DAY, DAY, viewer=boss, now=clock())
    await history_page(session, staff, DAY, DAY)  # the person's own /riwayat

    assert await _reads(session) == [
        (boss.id, staff.id, "plan"),
        (boss.id, staff.id, "recap"),
        (boss.id, staff.id, "history"),
    ]


async def test_paging_within_ten_minutes_counts_once(
    session: AsyncSession, clock: FrozenClock
) -> None:
    _admin, boss, staff = await _org(session, clock)

    for page in range(3):
        await history_page(session, staff, DAY, DAY, page, viewer=boss, now=clock())
    clock.advance(minutes=11)
    await history_page(session, staff, DAY, DAY, viewer=boss, now=clock())
    await record_read(session, Actor("cli"), staff.id, "history", clock())

    assert await _reads(session) == [
        (boss.id, staff.id, "history"),
        (boss.id, staff.id, "history"),
        (None, staff.id, "history"),
    ]


async def test_the_person_sees_who_looked_and_the_trail_stays_about_changes(
    session: AsyncSession, clock: FrozenClock
) -> None:
    admin, boss, staff = await _org(session, clock)
    await record_read(session, boss, staff.id, "history", clock())
    clock.advance(minutes=5)
    await record_read(session, admin, staff.id, "personal_data", clock())
    session.add(
        AuditLog(
            at=clock() + timedelta(minutes=1),
            actor_id=boss.id,
            actor_label="employee",
            action="recap.export",
            entity="employee",
            entity_id=staff.id,
            after={"export": "lhx"},
        )
    )
    await session.commit()

    assert await reads_of(session, staff, staff) == [
        ReadEntry(clock() + timedelta(minutes=1), "Bambang", "export"),
        ReadEntry(clock(), "Ani", "personal_data"),
        ReadEntry(clock() - timedelta(minutes=5), "Bambang", "history"),
    ]
    assert await trail_of(session, staff, staff) == []
    assert len(await reads_of(session, admin, staff)) == 3
    with pytest.raises(NotAllowed):
        await reads_of(session, boss, staff)
