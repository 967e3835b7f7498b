"""Wording of the evaluation dialogs: the card, a value's screen, the curve, the employee's
summary and the prompts. Every text built from user input fits by construction."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from handlers.evaluation.keyboards import Ask
from handlers.fit import fit, shorten
from handlers.texts.format import period_label
from handlers.texts.plans import breach_line, org_label, predicate_label, rating_label
from models import CoreValue, Evaluation
from services.core_values import CORE_VALUE_GUIDES, CORE_VALUE_NAMES
from services.evaluation import Curve, EvaluationCard


def _header(card: EvaluationCard) -> str:
    return _("📝 <b>{name}</b> · {period}").format(
        name=escape(shorten(card.employee_name, 100)), period=period_label(card.period_key)
    )


def _ratings(card: EvaluationCard, budget: int) -> list[str]:
    lines = [
        _("Hasil Kerja: {r}").format(r=rating_label(card.result)),
        _("Perilaku Kerja: {r}").format(r=rating_label(card.behaviour)),
    ]
    lines += [f"· {CORE_VALUE_NAMES[v.value]}: {rating_label(v.rating)}" for v in card.values]
    if card.predicate:
        lines.append(_("Predicate: {p}").format(p=predicate_label(card.predicate)))
    if card.recommendation:
        recommendation = escape(shorten(card.recommendation, budget))
        lines.append(_("Recommendation: {r}").format(r=recommendation))
    return lines


def card_text(card: EvaluationCard, notice: str = "") -> str:
    """The assessor's card: the plan with its realization, then the ratings so far."""

    def render(budget: int) -> str:
        lines = [notice, ""] if notice else []
        lines.append(_header(card))
        for item in card.items:
            lines.append(f"<b>{escape(shorten(item.text, budget))}</b>")
            lines += [
                f"• {escape(shorten(ind.text, budget))}: {ind.realized.normalize():f} / "
                f"{ind.target.normalize():f} {escape(ind.unit)}"
                for ind in item.indicators
            ]
            if item.note:
                lines.append(f"  💬 {escape(shorten(item.note, budget))}")
        if card.plan_status is None:
            lines.append(_("No SKP for this period."))
        elif not card.plan_approved:
            lines.append(_("⚠️ The SKP for this period is not approved yet."))
        return "\n".join([*lines, "", *_ratings(card, budget)])

    return fit(render)


def value_text(card: EvaluationCard, value: CoreValue) -> str:
    """One BerAKHLAK value: its three guides and what it is rated so far."""
    position = list(CoreValue).index(value) + 1
    line = card.value(value)
    lines = [
        _header(card),
        "",
        f"<b>{CORE_VALUE_NAMES[value]}</b> ({position}/{len(CoreValue)})",
        *(f"  – {g}" for g in CORE_VALUE_GUIDES[value]),
        "",
        _("Rating: {r}").format(r=rating_label(line.rating if line else None)),
    ]
    if line and line.feedback:
        lines.append(_("Feedback: {f}").format(f=escape(shorten(line.feedback, 1000))))
    return "\n".join(lines)


def notes_text(card: EvaluationCard) -> str:
    if not card.items:
        return "\n".join([_header(card), "", _("No SKP for this period.")])
    return "\n".join([_header(card), "", _("Feedback on which RHK?")])


def curve_text(curve: Curve, period_key: str) -> str:
    counts: dict[str, int] = {}
    for p in curve.predicates:
        counts[predicate_label(p)] = counts.get(predicate_label(p), 0) + 1
    lines = [_("📊 <b>Team distribution</b> {period}").format(period=period_label(period_key))]
    lines += [f"• {name}: {n}" for name, n in counts.items()] or [_("No final ratings yet.")]
    if curve.org is None:
        lines.append(_("The unit's organisation predicate is not set yet."))
    else:
        lines.append(_("Organisation predicate: {p}").format(p=org_label(curve.org)))
        lines += [breach_line(b) for b in curve.breaches] or [_("✔️ Within the curve.")]
    return "\n".join(lines)


def confirm_text(curve: Curve, period_key: str) -> str:
    return (
        curve_text(curve, period_key)
        + "\n\n"
        + _("Finalise this evaluation? The employee will receive it.")
    )


def evaluation_summary(evaluation: Evaluation) -> str:
    """What the employee sees of a final evaluation."""

    def render(budget: int) -> str:
        lines = [
            _("📋 <b>Evaluation {period}</b>").format(period=period_label(evaluation.period_key)),
            _("Hasil Kerja: {r}").format(r=rating_label(evaluation.result_rating)),
            _("Perilaku Kerja: {r}").format(r=rating_label(evaluation.behaviour_rating)),
            _("Predicate: {p}").format(p=predicate_label(evaluation.predicate)),
        ]
        if evaluation.recommendation:
            recommendation = escape(shorten(evaluation.recommendation, budget))
            lines.append(_("Recommendation: {r}").format(r=recommendation))
        return "\n".join(lines)

    return fit(render)


def prompt_text(ask: Ask, subject: str = "", problem: str = "") -> str:
    """The question of a typed answer, quoting what it is about, after a refusal if any."""
    prompt = {
        Ask.RECOMMENDATION: _("Write the development recommendation (e.g. a training):"),
        Ask.RESPONSE: _("Write your response to the evaluation:"),
        Ask.NOTE: _("Write your feedback on this RHK:"),
        Ask.VALUE_NOTE: _("Write your feedback on this value:"),
    }[ask]
    lines = [problem, ""] if problem else []
    if subject:
        lines.append(f"<b>{escape(shorten(subject, 500))}</b>")
    return "\n".join([*lines, prompt])
