"""Translated renderings of plans, evaluations and their predicates."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from handlers.fit import fit, shorten
from models import PlanStatus
from services.curve import Breach, OrgPredicate
from services.plan_progress import PlanProgress
from services.predicate import Predicate, Rating


def rating_label(rating: Rating | str | None) -> str:
    if not rating:
        return "—"
    return {
        Rating.ABOVE: _("Above expectation"),
        Rating.AS_EXPECTED: _("As expected"),
        Rating.BELOW: _("Below expectation"),
    }[Rating(rating)]


def predicate_label(value: Predicate | str | None) -> str:
    if not value:
        return "—"
    return {
        Predicate.VERY_GOOD: _("Very good (Sangat Baik)"),
        Predicate.GOOD: _("Good (Baik)"),
        Predicate.NEEDS_IMPROVEMENT: _("Needs improvement (Butuh Perbaikan)"),
        Predicate.POOR: _("Poor/Misconduct (Kurang)"),
        Predicate.VERY_POOR: _("Very poor (Sangat Kurang)"),
    }[Predicate(value)]


def org_label(value: OrgPredicate) -> str:
    return {
        OrgPredicate.OUTSTANDING: "Istimewa",
        OrgPredicate.GOOD: "Baik",
        OrgPredicate.NEEDS_IMPROVEMENT: "Butuh Perbaikan",
        OrgPredicate.POOR: "Kurang",
        OrgPredicate.VERY_POOR: "Sangat Kurang",
    }[value]


def plan_status(status: PlanStatus) -> str:
    return {
        PlanStatus.DRAFT: _("draft"),
        PlanStatus.SUBMITTED: _("submitted, awaiting approval"),
        PlanStatus.APPROVED: _("approved"),
        PlanStatus.RETURNED: _("returned for changes"),
    }[status]


def breach_line(breach: Breach) -> str:
    names = ", ".join(
        predicate_label(p) for p in sorted(breach.rule.predicates, key=lambda p: p.rank)
    )
    if breach.rule.min_count is not None:
        rule = _("at least {n} person(s)").format(n=breach.rule.min_count)
    elif breach.rule.min_percent is not None:
        rule = _("at least {p}%").format(p=breach.rule.min_percent)
    else:
        rule = _("at most {p}%").format(p=breach.rule.max_percent)
    return _("⚠️ {names}: {rule} required, now {actual:.0f}% ({count})").format(
        names=names, rule=rule, actual=breach.actual_percent, count=breach.actual_count
    )


def render_progress(progress: PlanProgress, notes: tuple[str, ...] = ()) -> str:
    """The plan with its progress (and `notes` under its head); long RHK and IKI texts are cut
    so it fits one message."""
    plan = progress.plan
    head = [
        _("🎯 <b>SKP {year}</b> · {status}").format(
            year=plan.year, status=plan_status(plan.status)
        ),
        _("Period elapsed: {p:.0f}%").format(p=progress.elapsed_percent),
    ]
    if plan.return_note:
        head.append(_("Note from assessor: {note}").format(note=escape(plan.return_note)))
    head.extend(notes)

    def render(budget: int) -> str:
        lines = list(head)
        current = None
        for row in progress.rows:
            if row.item.id != current:
                current = row.item.id
                text = escape(shorten(row.item.text, budget))
                lines.append(f"\n<b>{text}</b> ({row.item.kind.value})")
            unit = escape(shorten(row.indicator.target_unit, 50))
            lines.append(
                _("• {iki}: {done} of {target} ({p:.0f}%)").format(
                    iki=escape(shorten(row.indicator.text, budget)),
                    done=f"{row.realized.normalize():f}",
                    target=f"{row.indicator.target_value.normalize():f} {unit}",
                    p=row.percent,
                )
            )
        return "\n".join(lines)

    return fit(render)
