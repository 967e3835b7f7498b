"""Texts of the plan screens (the progress itself is `handlers.texts.plans.render_progress`)."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from handlers.fit import fit, shorten
from handlers.plans.draft import ItemDraft, PlanStep
from services.plan_cards import Cascade, Decided, TeamPlan

QUOTE = 200  # characters of a current answer quoted when fixing an RHK


def how_to_start() -> str:
    return escape(
        _(
            "No SKP for this year yet. Send it as an .xlsx file (columns: jenis, rhk_atasan, "
            "rhk, aspek, iki, target, satuan, optional rencana_aksi_1…12), or type /skp_baru "
            "to enter it step by step."
        )
    )


def no_parent_yet(cascade: Cascade, year: int) -> str:
    """The supervisor has no approved plan: who to ask and what happens meanwhile."""
    return _(
        "ℹ️ Your supervisor {name} has no approved SKP {year} yet, so your RHK cannot be linked "
        "to theirs now. Ask {name} to submit their SKP and get it approved. Meanwhile you can "
        "write and save your draft; once their SKP is approved, open /skp, tap ✏️ Edit one RHK "
        "to choose the RHK each one intervenes, then submit."
    ).format(name=escape(cascade.supervisor or "?"), year=year)


def ask(step: PlanStep, number: int, current: ItemDraft | None = None) -> str:
    """The question of `step` for RHK `number`; `current`: the values of an RHK being fixed."""
    if step is PlanStep.RHK:
        text = (
            _("RHK 1: what result will you deliver this year? (or /batal)")
            if number == 1
            else _("RHK {n}: what result will you deliver? (or /batal)").format(n=number)
        )
        value = current.text if current else ""
    elif step is PlanStep.PARENT:
        text, value = _("Which RHK of your supervisor does it support?"), ""
    elif step is PlanStep.IKI:
        text = _("Its indicator (IKI)? e.g. Jumlah laporan keuangan yang tersusun")
        value = current.iki if current else ""
    else:
        text = _("Target? A number and a unit, e.g. 12 dokumen.")
        value = current.target_text if current else ""
    if value:
        text += "\n" + _("Now: {value}").format(value=shorten(value, QUOTE))
    return escape(text)


def already_filed() -> str:
    return _("Your plan is already submitted or approved; it cannot be replaced.")


def team_plan_text(plan: TeamPlan) -> str:
    head = _("📋 <b>{name}</b> · SKP {year}").format(name=escape(plan.owner), year=plan.year)
    if plan.own:
        head += "\n" + _("Your own plan: you are the only admin, so you approve it yourself.")
    return fit(
        lambda budget: "\n".join([head, *(f"• {escape(shorten(t, budget))}" for t in plan.items)])
    )


def approved_text(result: Decided) -> str:
    """What the approver reads: whose plan, who was told, what comes next."""
    if result.own:
        lines = [_("✅ Your SKP {year} is approved.").format(year=result.year)]
    else:
        lines = [
            _(
                "✅ Approved the SKP {year} of {name}. They have been told and can now report "
                "their work against these RHK with /lapor."
            ).format(year=result.year, name=escape(result.owner))
        ]
    if result.has_team:
        lines.append(_("Their team can now link their own RHK to this plan."))
    if result.waiting:
        lines.append(
            _("{n} more plan(s) wait for you: /skp → 🗂 Team plans.").format(n=result.waiting)
        )
    return "\n".join(lines)


def not_cascaded_text(items: list[str]) -> str:
    head = _("Cannot approve: these RHK support none of your approved RHK:")
    tail = _(
        "Return the plan with a note so the RHK are linked (✏️ Edit one RHK), or approve your "
        "own SKP first if it is not approved yet."
    )
    return fit(
        lambda budget: "\n".join([head, *(f"• {escape(shorten(t, budget))}" for t in items), tail])
    )


def unlinked_text(count: int) -> str:
    return _(
        "⚠️ {n} RHK do not intervene an approved RHK of your supervisor yet; the plan cannot be "
        "approved like this. Tap ✏️ Edit one RHK to link them."
    ).format(n=count)
