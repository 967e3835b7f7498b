"""The distribution curve (SE MenPANRB 3/2023): the organisation's predicate bounds how
employee predicates may be distributed. The rules are data (services/data/curve_rules.json)."""

from __future__ import annotations

import enum
import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from services.predicate import Predicate

RULES_FILE = Path(__file__).with_name("data") / "curve_rules.json"


class OrgPredicate(enum.StrEnum):
    OUTSTANDING = "istimewa"
    GOOD = "baik"
    NEEDS_IMPROVEMENT = "butuh_perbaikan"
    POOR = "kurang"
    VERY_POOR = "sangat_kurang"


@dataclass(frozen=True)
class Rule:
    predicates: frozenset[Predicate]
    min_percent: float | None = None
    max_percent: float | None = None
    min_count: int | None = None


@dataclass(frozen=True)
class Breach:
    rule: Rule
    actual_percent: float
    actual_count: int


def load_rules(path: Path = RULES_FILE) -> dict[OrgPredicate, list[Rule]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {
        OrgPredicate(org): [
            Rule(
                frozenset(Predicate(p) for p in rule["predicates"]),
                rule.get("min"),
                rule.get("max"),
                rule.get("min_count"),
            )
            for rule in rules
        ]
        for org, rules in raw.items()
        if not org.startswith("_")
    }


@cache
def default_rules() -> dict[OrgPredicate, list[Rule]]:
    return load_rules()


def check_distribution(
    org: OrgPredicate,
    predicates: list[Predicate],
    rules: dict[OrgPredicate, list[Rule]] | None = None,
) -> list[Breach]:
    """Every rule of the organisation's predicate that this team distribution breaks."""
    counts = Counter(predicates)
    total = len(predicates)
    breaches = []
    for rule in (rules or default_rules())[org]:
        count = sum(counts[p] for p in rule.predicates)
        percent = 100.0 * count / total if total else 0.0
        broken = (
            (rule.min_percent is not None and percent < rule.min_percent)
            or (rule.max_percent is not None and percent > rule.max_percent)
            or (rule.min_count is not None and count < rule.min_count)
        )
        if broken:
            breaches.append(Breach(rule, percent, count))
    return breaches
