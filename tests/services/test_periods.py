"""Evaluation periods: keys, their dates, the period that just ended and its deadline."""

from __future__ import annotations

from datetime import date

import pytest

from models import EvaluationPeriod
from services.errors import Invalid
from services.periods import annual_key, bounds, deadline, key_of, last_ended

MONTHLY = EvaluationPeriod.MONTHLY
QUARTERLY = EvaluationPeriod.QUARTERLY
SEMESTER = EvaluationPeriod.SEMESTER


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026-M01", date(2026, 1, 1), date(2026, 1, 31)),
        ("2026-M02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-M02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-M11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2026-M12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-S1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-S2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Y", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_bounds(key: str, start: date, end: date) -> None:
    assert bounds(key) == (start, end)


@pytest.mark.parametrize(
    "key",
    [
        "2026-M13",
        "2026-M00",
        "2026-Q0",
        "2026-Q5",
        "2026-S3",
        "2026-q1",
        "2026-X1",
        "2026-YY",
        "2026",
        "Q1-2026",
        "abcd-Q1",
        "2026-Q1-x",
        "",
        "2026-Y ",
        "0-Y",
    ],
)
def test_invalid_keys_raise_invalid_input(key: str) -> None:
    with pytest.raises(Invalid):
        bounds(key)


@pytest.mark.parametrize("key", ["2026-", "9999-Q4"])
def test_malformed_keys_raise_invalid_input_not_a_crash(key: str) -> None:
    with pytest.raises(Invalid):
        bounds(key)


@pytest.mark.parametrize("key", ["2026-Q01", "2026-Q+1", "2026-M3", " 2026-Q1"])
def test_non_canonical_keys_are_refused(key: str) -> None:
    with pytest.raises(Invalid):
        bounds(key)


@pytest.mark.parametrize(
    ("kind", "day", "key"),
    [
        (MONTHLY, date(2026, 1, 1), "2026-M01"),
        (MONTHLY, date(2026, 9, 30), "2026-M09"),
        (MONTHLY, date(2026, 12, 31), "2026-M12"),
        (QUARTERLY, date(2026, 3, 31), "2026-Q1"),
        (QUARTERLY, date(2026, 4, 1), "2026-Q2"),
        (QUARTERLY, date(2026, 12, 31), "2026-Q4"),
        (SEMESTER, date(2026, 6, 30), "2026-S1"),
        (SEMESTER, date(2026, 7, 1), "2026-S2"),
    ],
)
def test_key_of(kind: EvaluationPeriod, day: date, key: str) -> None:
    assert key_of(kind, day) == key
    start, end = bounds(key)
    assert start <= day <= end


@pytest.mark.parametrize(
    ("kind", "day", "key"),
    [
        (MONTHLY, date(2026, 1, 1), "2025-M12"),
        (MONTHLY, date(2026, 3, 1), "2026-M02"),
        (MONTHLY, date(2026, 3, 31), "2026-M02"),
        (QUARTERLY, date(2026, 1, 5), "2025-Q4"),
        (QUARTERLY, date(2026, 3, 31), "2025-Q4"),
        (QUARTERLY, date(2026, 4, 1), "2026-Q1"),
        (QUARTERLY, date(2026, 10, 1), "2026-Q3"),
        (SEMESTER, date(2026, 6, 30), "2025-S2"),
        (SEMESTER, date(2026, 7, 1), "2026-S1"),
        (SEMESTER, date(2027, 1, 1), "2026-S2"),
    ],
)
def test_last_ended_is_the_period_before_the_current_one(
    kind: EvaluationPeriod, day: date, key: str
) -> None:
    assert last_ended(kind, day) == key
    assert bounds(key)[1] < day


def test_annual_key() -> None:
    assert annual_key(2026) == "2026-Y"
    assert bounds(annual_key(2026)) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("key", "days", "last_day"),
    [
        ("2026-Q1", 10, date(2026, 4, 10)),
        ("2026-Q4", 10, date(2027, 1, 10)),
        ("2026-M02", 0, date(2026, 2, 28)),
        ("2026-M12", 31, date(2027, 1, 31)),
        ("2026-S1", 5, date(2026, 7, 5)),
        ("2026-Y", 15, date(2027, 2, 14)),  # the annual one gets at least 45 days
    ],
)
def test_deadline_is_period_end_plus_days(key: str, days: int, last_day: date) -> None:
    assert deadline(key, days) == last_day


def test_deadline_of_an_invalid_key_is_invalid_input() -> None:
    with pytest.raises(Invalid):
        deadline("2026-Q7", 10)
