"""Distribution curve rules (DOMAIN §5), each at and around its thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.curve import OrgPredicate, check_distribution, load_rules
from services.predicate import Predicate

SB, B, BP, K, SK = (
    Predicate.VERY_GOOD,
    Predicate.GOOD,
    Predicate.NEEDS_IMPROVEMENT,
    Predicate.POOR,
    Predicate.VERY_POOR,
)


def team(**counts: int) -> list[Predicate]:
    names = {"sb": SB, "b": B, "bp": BP, "k": K, "sk": SK}
    return [names[k] for k, n in counts.items() for _ in range(n)]


def broken(org: OrgPredicate, members: list[Predicate]) -> list[set[Predicate]]:
    return [set(b.rule.predicates) for b in check_distribution(org, members)]


@pytest.mark.parametrize(("sb", "ok"), [(6, True), (7, True), (8, False)])
def test_istimewa_at_most_70_percent_sangat_baik(sb: int, ok: bool) -> None:
    members = team(sb=sb, b=10 - sb)
    assert (broken(OrgPredicate.OUTSTANDING, members) == []) is ok


@pytest.mark.parametrize(("b", "ok"), [(6, True), (7, True), (8, False)])
def test_baik_at_most_70_percent_baik(b: int, ok: bool) -> None:
    members = team(b=b, bp=1, sb=9 - b)
    assert ({B} in broken(OrgPredicate.GOOD, members)) is not ok


@pytest.mark.parametrize(
    ("members", "ok"),
    [(team(b=5, sb=5), False), (team(b=5, sb=4, bp=1), True), (team(b=5, sb=4, k=1), True)],
)
def test_baik_must_include_butuh_perbaikan_or_kurang(members: list[Predicate], ok: bool) -> None:
    assert ({BP, K} in broken(OrgPredicate.GOOD, members)) is not ok


@pytest.mark.parametrize(("bp", "ok"), [(5, False), (6, True), (7, True)])
def test_butuh_perbaikan_at_least_60_percent(bp: int, ok: bool) -> None:
    members = team(bp=bp, b=10 - bp)
    assert ({BP} in broken(OrgPredicate.NEEDS_IMPROVEMENT, members)) is not ok


@pytest.mark.parametrize(("sb", "ok"), [(0, True), (1, True), (2, False)])
def test_butuh_perbaikan_sangat_baik_at_most_10_percent(sb: int, ok: bool) -> None:
    members = team(bp=6, sb=sb, b=4 - sb)
    assert ({SB} in broken(OrgPredicate.NEEDS_IMPROVEMENT, members)) is not ok


@pytest.mark.parametrize(
    ("members", "rule", "ok"),
    [
        (team(k=6, bp=1, b=3), {K}, True),
        (team(k=5, bp=2, b=3), {K}, False),
        (team(k=6, bp=1, b=3), {BP}, True),
        (team(k=6, bp=0, b=4), {BP}, False),
        (team(k=6, bp=1, sb=1, b=2), {SB}, True),
        (team(k=6, bp=1, sb=2, b=1), {SB}, False),
    ],
)
def test_kurang_rules(members: list[Predicate], rule: set[Predicate], ok: bool) -> None:
    assert (rule in broken(OrgPredicate.POOR, members)) is not ok


@pytest.mark.parametrize(
    ("members", "rule", "ok"),
    [
        (team(sk=6, k=1, b=3), {SK}, True),
        (team(sk=5, k=2, b=3), {SK}, False),
        (team(sk=6, bp=1, b=3), {K, BP}, True),
        (team(sk=6, b=4), {K, BP}, False),
        (team(sk=6, k=1, b=3), {SB}, True),
        (team(sk=6, k=1, sb=1, b=2), {SB}, False),
    ],
)
def test_sangat_kurang_rules(members: list[Predicate], rule: set[Predicate], ok: bool) -> None:
    assert (rule in broken(OrgPredicate.VERY_POOR, members)) is not ok


def test_rules_are_data(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"istimewa": [{"predicates": ["sangat_baik"], "max": 50}]}))
    rules = load_rules(path)
    assert check_distribution(OrgPredicate.OUTSTANDING, team(sb=6, b=4), rules)
    assert not check_distribution(OrgPredicate.OUTSTANDING, team(sb=6, b=4))
