"""Progress of an SKP: only approved output in the indicator's unit, reported against that RHK,
counts as realization; elapsed share of the plan's dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, Employee, Plan
from services.errors import Invalid
from services.plan_progress import PlanProgress, plan_progress
from services.reporting import delete_activity
from services.review import Decision, decide
from tests.conftest import FrozenClock
from tests.services.plan_helpers import (
    approved_plan,
    iki,
    make_cascade,
    make_plan_org,
    report,
    rhk,
)

Factory = async_sessionmaker[AsyncSession]
MONDAY = date(2026, 3, 2)


async def test_only_approved_output_in_the_indicator_unit_counts(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await approved_plan(
        session,
        org.staff,
        org.boss,
        [
            rhk(
                "Dokumen layanan tersusun",
                cascade.boss_items[0].id,
                iki("Jumlah dokumen", "12", "dokumen"),
                iki("Ketepatan", "100", "%"),
            ),
            rhk("Surat terkirim", cascade.boss_items[1].id, iki("Jumlah surat", "50", "surat")),
        ],
        clock.now,
    )
    docs, letters = (i.id for i in plan.items)

    async def add(
        item: int | None,
        quantity: int | None,
        unit: str | None,
        minutes: int,
        decision: Decision | None,
    ) -> Activity:
        activity = await report(
            session,
            org.staff,
            clock.now,
            day=MONDAY,
            item_id=item,
            quantity=quantity,
            unit=unit,
            minutes=minutes,
        )
        if decision is not None:
            reason = None if decision is Decision.APPROVE else "Bukti kurang"
            await decide(
                session, org.boss, activity.id, activity.version, decision, reason, now=clock.now
            )
        return activity

    await add(docs, 3, "dokumen", 30, Decision.APPROVE)
    await add(docs, 2, "Dokumen", 45, Decision.APPROVE)  # unit case does not matter
    await add(docs, 4, "dokumen", 70, None)  # still submitted
    await add(docs, 7, "dokumen", 80, Decision.REJECT)
    await add(docs, 1, "dokumen", 25, Decision.REVISION)
    await add(docs, 9, "lembar", 20, Decision.APPROVE)  # another unit
    await add(docs, None, None, 15, Decision.APPROVE)  # no output: minutes only
    await add(letters, 8, "surat", 50, Decision.APPROVE)
    await add(letters, 6, "dokumen", 35, Decision.APPROVE)  # dokumen, but for the other RHK
    await add(None, 10, "dokumen", 200, Decision.APPROVE)  # serves no RHK
    withdrawn = await add(docs, 5, "dokumen", 60, None)
    await delete_activity(session, org.staff, withdrawn.id, withdrawn.version, now=clock.now)
    # An approved activity cannot be deleted through the service; a row deleted anyway (an
    # admin repair) must not count either.
    removed = await add(docs, 6, "dokumen", 100, Decision.APPROVE)
    async with session_factory() as s:
        row = await s.get(Activity, removed.id)
        assert row is not None
        row.deleted_at = clock.now
        await s.commit()

    async with session_factory() as s:
        employee = await s.get(Employee, org.staff.id)
        assert employee is not None
        progress = await plan_progress(s, employee, clock.now)

    assert progress is not None
    assert progress.plan.id == plan.id
    assert [(r.item.id, r.indicator.target_unit, r.realized) for r in progress.rows] == [
        (docs, "dokumen", Decimal(5)),
        (docs, "%", Decimal(0)),
        (letters, "surat", Decimal(8)),
    ]
    assert progress.rows[0].percent == pytest.approx(100 * 5 / 12)
    assert progress.rows[2].percent == pytest.approx(16.0)
    assert progress.approved_minutes == 30 + 45 + 20 + 15 + 50 + 35


async def test_an_activity_cannot_serve_someone_elses_rhk(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await approved_plan(
        session, org.staff, org.boss, [rhk("Data terkirim", cascade.boss_items[0].id)], clock.now
    )

    with pytest.raises(Invalid) as caught:
        await report(
            session,
            org.staff2,
            clock.now,
            day=MONDAY,
            item_id=plan.items[0].id,
            quantity=1,
            unit="dokumen",
        )

    assert caught.value.code == "target_invalid"


async def test_no_plan_covering_today_means_no_progress(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    await approved_plan(
        session, org.staff, org.boss, [rhk("Data terkirim", cascade.boss_items[0].id)], clock.now
    )

    assert await plan_progress(session, org.staff2, clock.now) is None
    # 31 Dec 2026 18:00 UTC is already 1 Jan 2027 in Jakarta: the 2026 plan no longer covers it.
    assert await plan_progress(session, org.staff, datetime(2026, 12, 31, 18, tzinfo=UTC)) is None
    late = await plan_progress(session, org.staff, datetime(2026, 12, 31, 16, tzinfo=UTC))
    assert late is not None
    assert (late.today, late.elapsed_percent) == (date(2026, 12, 31), 100.0)


async def test_progress_today_follows_the_clock(session: AsyncSession, clock: FrozenClock) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    await approved_plan(
        session, org.staff, org.boss, [rhk("Data terkirim", cascade.boss_items[0].id)], clock.now
    )

    progress = await plan_progress(session, org.staff, clock.now)

    assert progress is not None
    assert progress.today == MONDAY
    assert progress.elapsed_percent == pytest.approx(100 * 61 / 365)  # 31 + 28 + 2 days


@pytest.mark.parametrize(
    ("start", "end", "today", "percent"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), date(2026, 1, 1), 100 / 365),
        (date(2026, 1, 1), date(2026, 12, 31), date(2026, 7, 2), 100 * 183 / 365),
        (date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31), 100.0),
        (date(2026, 1, 1), date(2026, 12, 31), date(2025, 12, 31), 0.0),
        (date(2026, 1, 1), date(2026, 12, 31), date(2027, 3, 1), 100.0),
        (date(2026, 7, 1), date(2026, 12, 31), date(2026, 7, 1), 100 / 184),
        (date(2026, 7, 1), date(2026, 12, 31), date(2026, 3, 2), 0.0),
        (date(2028, 1, 1), date(2028, 12, 31), date(2028, 3, 1), 100 * 61 / 366),
    ],
)
def test_elapsed_percent(start: date, end: date, today: date, percent: float) -> None:
    plan = Plan(start_date=start, end_date=end)

    assert PlanProgress(plan, today, [], 0).elapsed_percent == pytest.approx(percent)
