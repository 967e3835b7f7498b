"""The month view's reading: what `/riwayat <text>` asks for, and the month's bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from models import ActivityStatus
from services.errors import Invalid, Problem
from services.history import HistoryAsk, month_summary, parse_history_ask
from services.recap.months import Month
from services.reporting import submit_activity
from tests.conftest import FrozenClock
from tests.services.report_helpers import draft, make_org, set_status

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("11/2026", HistoryAsk(date(2026, 11, 1), "month")),
        (" 1 / 2026 ", HistoryAsk(date(2026, 1, 1), "month")),
        ("2026-11", HistoryAsk(date(2026, 11, 1), "month")),
        ("Bulan ini", HistoryAsk(date(2026, 12, 1), "month")),
        ("pekan", HistoryAsk(TODAY, "week")),
        ("30/11", HistoryAsk(date(2026, 11, 30), "day")),
        ("30/11/2026", HistoryAsk(date(2026, 11, 30), "day")),
        ("kemarin", HistoryAsk(date(2026, 12, 1), "day")),
        ("senin", HistoryAsk(date(2026, 11, 30), "day")),
    ],
)
def test_what_is_asked(text: str, ask: HistoryAsk) -> None:
    assert parse_history_ask(text, TODAY) == ask


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("13/2026", Problem.DATE_INVALID),
        ("0/2026", Problem.DATE_INVALID),
        ("11/1999", Problem.MONTH_RANGE),
        ("November", Problem.DATE_FORMAT),
        ("30/11 - 2/12", Problem.DATE_FORMAT),
    ],
)
def test_what_is_not_understood(text: str, problem: Problem) -> None:
    with pytest.raises(Invalid) as caught:
        parse_history_ask(text, TODAY)
    assert caught.value.code is problem


async def test_month_counts_per_day_and_refuses_outside_the_history(
    session: AsyncSession, clock: FrozenClock
) -> None:
    clock.now = datetime(2026, 3, 13, 2, 0, tzinfo=UTC)
    org = await make_org(session, clock(), backdate_workdays=15)
    ids = []
    for n, day in enumerate(
        (date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 5))
    ):
        saved = await submit_activity(
            session, org.staff, draft(day, f"Tugas {n}", 60), idempotency_key=f"k{n}", now=clock()
        )
        ids.append(saved.activity.id)
    await set_status(session, ids[0], ActivityStatus.APPROVED)
    await set_status(session, ids[1], ActivityStatus.REJECTED)
    today = date(2026, 3, 13)

    summary = await month_summary(session, org.staff, Month(2026, 3), today)

    assert [
        (d.day.day, d.activities, d.minutes, d.approved, d.pending, d.returned)
        for d in summary.days
    ] == [
        (2, 3, 120, 1, 1, 1),
        (5, 1, 60, 0, 1, 0),
    ]
    assert (summary.previous, summary.next) == (None, None)  # linked this month, nothing earlier
    for month, problem in (
        (Month(2026, 4), Problem.HISTORY_FUTURE),
        (Month(2026, 2), Problem.HISTORY_BEFORE_START),
    ):
        with pytest.raises(Invalid) as caught:
            await month_summary(session, org.staff, month, today)
        assert caught.value.code is problem
