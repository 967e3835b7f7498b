"""The predicate matrix of PermenPANRB 6/2022 (DOMAIN §4): all nine cells."""

from __future__ import annotations

import pytest

from services.predicate import CREDIT_PERCENT, Predicate, Rating, predicate

A, S, B = Rating.ABOVE, Rating.AS_EXPECTED, Rating.BELOW


@pytest.mark.parametrize(
    ("result", "behaviour", "expected"),
    [
        (A, B, Predicate.POOR),
        (A, S, Predicate.GOOD),
        (A, A, Predicate.VERY_GOOD),
        (S, B, Predicate.POOR),
        (S, S, Predicate.GOOD),
        (S, A, Predicate.GOOD),
        (B, B, Predicate.VERY_POOR),
        (B, S, Predicate.NEEDS_IMPROVEMENT),
        (B, A, Predicate.NEEDS_IMPROVEMENT),
    ],
)
def test_matrix_cell(result: Rating, behaviour: Rating, expected: Predicate) -> None:
    assert predicate(result, behaviour) is expected


def test_order_worst_to_best() -> None:
    ordered = sorted(Predicate, key=lambda p: p.rank)
    assert ordered == [
        Predicate.VERY_POOR,
        Predicate.POOR,
        Predicate.NEEDS_IMPROVEMENT,
        Predicate.GOOD,
        Predicate.VERY_GOOD,
    ]


def test_credit_conversion_follows_the_order() -> None:
    assert [CREDIT_PERCENT[p] for p in sorted(Predicate, key=lambda p: p.rank)] == [
        25,
        50,
        75,
        100,
        150,
    ]
