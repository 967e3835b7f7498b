"""Scheduler producers of the evaluation cycle: daily rating prompts to assessors after a period
ends (until the deadline or until all are rated), weekly SKP reminders on January Mondays."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import services.evaluation_prompts as evaluation_prompts
from models import (
    CalendarOverride,
    DayKind,
    Evaluation,
    EvaluationPeriod,
    EvaluationStatus,
    Notification,
    Plan,
    PlanStatus,
)
from services.schedule import PRODUCERS, run_tick
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit
from tests.services.plan_helpers import PlanOrg, final_evaluation, make_plan_org, rows_of, wib

Factory = async_sessionmaker[AsyncSession]


async def _tick(factory: Factory, now: datetime) -> None:
    async with factory() as s:
        await run_tick(s, now)


async def _rows(factory: Factory, kind: str) -> list[Notification]:
    return [n for n in await rows_of(factory, Notification) if n.kind == kind]


async def _prompts(factory: Factory) -> list[tuple[int, dict[str, object], str]]:
    return sorted(
        (n.recipient_id, n.payload, n.dedup_key) for n in await _rows(factory, "evaluation.prompt")
    )


def test_the_schedule_lists_both_producers() -> None:
    assert PRODUCERS["evaluation.prompt"] is evaluation_prompts.rating_prompts
    assert PRODUCERS["plan.reminder"] is evaluation_prompts.january_plan_reminders


async def _org(session: AsyncSession) -> PlanOrg:
    # head (linked) leads boss, other_boss, plt and admin; boss (linked) leads staff, staff2.
    return await make_plan_org(session, wib(date(2026, 3, 1)))


def _prompt(
    person_id: int, period: str, missing: int, day: date
) -> tuple[int, dict[str, object], str]:
    return (
        person_id,
        {"period": period, "missing": missing},
        f"evaluation:prompt:{person_id}:{period}:{day.isoformat()}",
    )


async def test_assessors_get_one_prompt_per_workday_after_the_quarter_ends(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _org(session)
    wednesday, thursday = date(2026, 4, 1), date(2026, 4, 2)

    await _tick(session_factory, wib(wednesday, "07:59"))  # before the digest time
    assert await _prompts(session_factory) == []

    await _tick(session_factory, wib(wednesday, "08:00"))
    await _tick(session_factory, wib(wednesday, "13:00"))  # same day: nothing new
    assert await _prompts(session_factory) == sorted(
        [
            _prompt(org.head.id, "2026-Q1", 4, wednesday),
            _prompt(org.boss.id, "2026-Q1", 2, wednesday),
        ]
    )

    await _tick(session_factory, wib(thursday, "08:30"))
    assert len(await _prompts(session_factory)) == 4
    assert _prompt(org.boss.id, "2026-Q1", 2, thursday) in await _prompts(session_factory)


async def test_final_evaluations_reduce_the_count_and_stop_the_prompt(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await _org(session)
    now = wib(date(2026, 4, 1), "07:00")
    await final_evaluation(session, org.staff, org.boss, "2026-Q1", "baik", now)
    # A draft is not done; a final evaluation of another period does not count either.
    pending = await final_evaluation(
        session, org.staff2, org.boss, "2026-Q1", "baik", now, status=EvaluationStatus.DRAFT
    )
    await final_evaluation(session, org.staff2, org.boss, "2025-Q4", "baik", now)

    await _tick(session_factory, wib(date(2026, 4, 1), "09:00"))
    assert _prompt(org.boss.id, "2026-Q1", 1, date(2026, 4, 1)) in await _prompts(session_factory)

    async with session_factory() as s:
        row = await s.get(Evaluation, pending.id)
        assert row is not None
        row.status, row.predicate = EvaluationStatus.ACKNOWLEDGED, "baik"
        await s.commit()
    await _tick(session_factory, wib(date(2026, 4, 2), "09:00"))

    boss_prompts = [p for p in await _prompts(session_factory) if p[0] == org.boss.id]
    assert boss_prompts == [_prompt(org.boss.id, "2026-Q1", 1, date(2026, 4, 1))]
    assert _prompt(org.head.id, "2026-Q1", 4, date(2026, 4, 2)) in await _prompts(session_factory)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 3), False),  # Good Friday, a national holiday
        (date(2026, 4, 4), False),  # Saturday
        (date(2026, 4, 10), True),  # the deadline day itself (31 March + 10 days)
        (date(2026, 4, 13), False),  # after the deadline
        (date(2026, 3, 31), False),  # the quarter has not ended; Q4 2025 is long past
        (date(2026, 1, 9), True),  # Q4 2025 within its deadline (10 January)
    ],
)
async def test_prompts_only_on_workdays_up_to_the_deadline(
    day: date, expected: bool, session: AsyncSession, session_factory: Factory
) -> None:
    org = await _org(session)

    await _tick(session_factory, wib(day, "09:00"))

    boss = [p for p in await _prompts(session_factory) if p[0] == org.boss.id]
    assert bool(boss) is expected
    if expected:
        period = "2025-Q4" if day.year == 2026 and day.month == 1 else "2026-Q1"
        assert boss == [_prompt(org.boss.id, period, 2, day)]


async def test_inactive_members_do_not_count_and_unlinked_assessors_get_nothing(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await _org(session)
    org.staff2.active = False
    await session.commit()

    await _tick(session_factory, wib(date(2026, 4, 1), "09:00"))

    recipients = {p[0]: p[1] for p in await _prompts(session_factory)}
    assert recipients[org.boss.id] == {"period": "2026-Q1", "missing": 1}
    assert org.other_boss.id not in recipients  # leads other_staff, but is not on Telegram


async def test_monthly_agency_prompts_for_the_last_month(
    session: AsyncSession, session_factory: Factory
) -> None:
    org = await make_plan_org(
        session, wib(date(2026, 3, 1)), evaluation_period=EvaluationPeriod.MONTHLY
    )

    await _tick(session_factory, wib(date(2026, 3, 2), "09:00"))

    assert _prompt(org.boss.id, "2026-M02", 2, date(2026, 3, 2)) in await _prompts(session_factory)


async def test_january_monday_plan_reminders_for_those_without_a_submitted_plan(
    session: AsyncSession, session_factory: Factory
) -> None:
    now = wib(date(2026, 1, 2))
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    people = {
        name: await make_employee(
            session, agency, unit, 70 + i, now, name=name, telegram_user_id=8800 + i
        )
        for i, name in enumerate(
            ["submitted", "approved", "draft", "returned", "none", "last_year"]
        )
    }
    unlinked = await make_employee(session, agency, unit, 79, now, name="unlinked")
    for name, year, status in [
        ("submitted", 2026, PlanStatus.SUBMITTED),
        ("approved", 2026, PlanStatus.APPROVED),
        ("draft", 2026, PlanStatus.DRAFT),
        ("returned", 2026, PlanStatus.RETURNED),
        ("last_year", 2025, PlanStatus.APPROVED),
    ]:
        session.add(
            Plan(
                employee_id=people[name].id,
                year=year,
                start_date=date(year, 1, 1),
                end_date=date(year, 12, 31),
                position="Analis",
                status=status,
                created_at=now,
            )
        )
    session.add(
        CalendarOverride(
            agency_id=agency.id,
            day=date(2026, 1, 19),
            kind=DayKind.HOLIDAY,
            name="Hari Jadi",
            created_at=now,
        )
    )
    await session.commit()
    due = {people[n].id for n in ("draft", "returned", "none", "last_year")}

    async def reminded() -> list[tuple[int, str]]:
        return sorted(
            (n.recipient_id, n.dedup_key) for n in await _rows(session_factory, "plan.reminder")
        )

    await _tick(session_factory, wib(date(2026, 1, 5), "15:59"))  # before the reminder time
    assert await reminded() == []

    monday = wib(date(2026, 1, 5), "16:00")
    await _tick(session_factory, monday)
    await _tick(session_factory, wib(date(2026, 1, 5), "18:00"))
    assert await reminded() == sorted((i, f"plan:reminder:{i}:2026-01-05") for i in due)
    rows = await _rows(session_factory, "plan.reminder")
    assert {(r.payload["year"], r.next_attempt_at) for r in rows} == {
        (2026, monday + timedelta(minutes=2))
    }
    assert unlinked.id not in {r.recipient_id for r in rows}

    await _tick(session_factory, wib(date(2026, 1, 6), "16:30"))  # Tuesday
    await _tick(session_factory, wib(date(2026, 1, 19), "16:30"))  # Monday, agency holiday
    await _tick(session_factory, wib(date(2026, 2, 2), "16:30"))  # Monday in February
    assert len(await reminded()) == len(due)

    await _tick(session_factory, wib(date(2026, 1, 12), "16:30"))  # the next Monday
    assert await reminded() == sorted(
        [(i, f"plan:reminder:{i}:2026-01-05") for i in due]
        + [(i, f"plan:reminder:{i}:2026-01-12") for i in due]
    )
