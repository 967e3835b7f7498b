"""Texts of the report flow: step prompts and the confirmation card."""

from __future__ import annotations

from datetime import date, time
from html import escape
from typing import Any

from aiogram.utils.i18n import gettext as _

from handlers.texts.format import format_day, format_minutes
from handlers.texts.problems import TIME_EXAMPLES


def prompt(step: str) -> str:
    return {
        "description": _("What did you work on? Write the activity (Kegiatan)."),
        "time": _("When, or for how long? E.g. {examples}. Or tap a duration.").format(
            examples=TIME_EXAMPLES
        ),
        "output": _("What was the output (Realisasi)? A number and a unit, e.g. 3 dokumen."),
        "evidence": _(
            "Send evidence (Bukti Dukung): photos, documents or links. Tap Done when finished."
        ),
        "target": _("Which target (RHK) does this work serve?"),
    }[step]


def _time_text(data: dict[str, Any]) -> str:
    if not data.get("minutes"):
        return "—"
    duration = format_minutes(int(data["minutes"]))
    if data.get("start") and data.get("end"):
        start, end = time.fromisoformat(data["start"]), time.fromisoformat(data["end"])
        return f"{start:%H.%M}–{end:%H.%M} ({duration})"
    return duration


def target_name(data: dict[str, Any]) -> str:
    names: dict[int, str] = dict(data.get("targets", []))
    return names.get(data.get("plan_item_id") or 0, _("Additional task / other"))


def render_card(data: dict[str, Any]) -> str:
    title = _("📝 <b>Edit report</b>") if data.get("activity_id") else _("📝 <b>Daily report</b>")
    output = f"{data['qty']} {escape(data.get('unit') or '')}" if data.get("qty") else "—"
    evidence = len(data.get("evidence", []))
    lines = [
        title,
        _("📅 Date: {day}").format(day=format_day(date.fromisoformat(data["work_date"]))),
    ]
    if data.get("targets"):
        lines.append(_("🎯 Target: {target}").format(target=escape(target_name(data))))
    lines += [
        _("🗒 Activity: {text}").format(text=escape(data.get("description") or "—")),
        _("⏱ Time: {time}").format(time=_time_text(data)),
        _("📦 Output: {output}").format(output=output),
        _("📎 Evidence: {n}").format(n=evidence if evidence else "—"),
        "",
        _("Check it, then tap Submit."),
    ]
    return "\n".join(lines)
