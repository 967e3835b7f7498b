"""Texts of the report flow: step prompts (with the answer given so far) and the card."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from handlers.fit import shorten
from handlers.report.draft import ReportDraft, Step
from handlers.texts.format import format_day, format_minutes
from handlers.texts.problems import TIME_EXAMPLES


def _prompts() -> dict[Step, str]:
    return {
        Step.DESCRIPTION: _("What did you work on? Write the activity (Kegiatan)."),
        Step.TIME: _("When, or for how long? E.g. {examples}. Or tap a duration.").format(
            examples=TIME_EXAMPLES
        ),
        Step.OUTPUT: _("What was the output (Realisasi)? A number and a unit, e.g. 3 dokumen."),
        Step.EVIDENCE: _(
            "Send evidence (Bukti Dukung): photos, documents or links. Tap Done when finished."
        ),
        Step.TARGET: _("Which target (RHK) does this work serve?"),
    }


def time_text(draft: ReportDraft) -> str:
    if not draft.minutes:
        return "—"
    duration = format_minutes(draft.minutes)
    if draft.start and draft.end:
        return f"{draft.start:%H.%M}–{draft.end:%H.%M} ({duration})"
    return duration


def current_answer(draft: ReportDraft, step: Step) -> str | None:
    """What the person answered at `step` before (shown when they come back to it)."""
    if step is Step.DESCRIPTION and draft.description:
        return escape(shorten(draft.description, 300))
    if step is Step.TIME and draft.minutes:
        return time_text(draft)
    if step is Step.OUTPUT and draft.qty:
        return f"{draft.qty} {escape(draft.unit or '')}"
    return None


def prompt(step: Step, draft: ReportDraft | None = None) -> str:
    text = _prompts()[step]
    answer = current_answer(draft, step) if draft is not None else None
    if answer:
        text += "\n" + _("Now: {answer}").format(answer=answer)
    return text


def target_name(draft: ReportDraft) -> str:
    names = dict(draft.targets)
    return names.get(draft.plan_item_id or 0, _("Additional task / other"))


def render_card(draft: ReportDraft) -> str:
    title = _("📝 <b>Edit report</b>") if draft.activity_id else _("📝 <b>Daily report</b>")
    output = f"{draft.qty} {escape(draft.unit or '')}" if draft.qty else "—"
    evidence = len(draft.evidence)
    lines = [title, _("📅 Date: {day}").format(day=format_day(draft.work_date))]
    if draft.targets:
        lines.append(_("🎯 Target: {target}").format(target=escape(target_name(draft))))
    lines += [
        _("🗒 Activity: {text}").format(text=escape(draft.description or "—")),
        _("⏱ Time: {time}").format(time=time_text(draft)),
        _("📦 Output: {output}").format(output=output),
        _("📎 Evidence: {n}").format(n=evidence if evidence else "—"),
        "",
        _("Check it, then tap Submit."),
    ]
    return "\n".join(lines)
