"""Periodic and annual evaluation by the assessor: ratings, predicate, curve, response.

Ratings lock after the period's deadline; reopening needs an admin and is audited.
`access` (who and when), `rating` (one use case per change), `finalising` (curve and
predicate), `employee_side`, `units` (organisation predicate), `scope` (plan and open
periods), `cards` (read models of the dialog).
"""

from services.evaluation.access import (
    MAX_TEXT,
    assessable_evaluation,
    card_version,
    own_evaluation,
    readable_evaluation,
    require_evaluation_assessor,
)
from services.evaluation.cards import (
    EvaluationCard,
    IndicatorLine,
    ItemLine,
    TeamMember,
    ValueLine,
    assessor_card,
    evaluation_card,
    open_card,
    team_for_period,
)
from services.evaluation.employee_side import acknowledge, my_evaluations, reopen, respond
from services.evaluation.finalising import (
    Curve,
    CurveBlocked,
    curve_with,
    draft_predicate,
    finalize,
    team_curve,
)
from services.evaluation.rating import (
    open_evaluation,
    rate_behaviour,
    rate_result,
    rate_value,
    set_recommendation,
    set_result_note,
    set_value_feedback,
)
from services.evaluation.scope import (
    evaluation_plan,
    is_open,
    open_periods,
    periods_open,
    unit_period,
)
from services.evaluation.units import lower_units, set_unit_predicate, unit_predicate

__all__ = [
    "MAX_TEXT",
    "Curve",
    "CurveBlocked",
    "EvaluationCard",
    "IndicatorLine",
    "ItemLine",
    "TeamMember",
    "ValueLine",
    "acknowledge",
    "assessable_evaluation",
    "assessor_card",
    "card_version",
    "curve_with",
    "draft_predicate",
    "evaluation_card",
    "evaluation_plan",
    "finalize",
    "is_open",
    "lower_units",
    "my_evaluations",
    "open_card",
    "open_evaluation",
    "open_periods",
    "own_evaluation",
    "periods_open",
    "rate_behaviour",
    "rate_result",
    "rate_value",
    "readable_evaluation",
    "reopen",
    "require_evaluation_assessor",
    "respond",
    "set_recommendation",
    "set_result_note",
    "set_unit_predicate",
    "set_value_feedback",
    "team_curve",
    "team_for_period",
    "unit_period",
    "unit_predicate",
]
