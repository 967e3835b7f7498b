"""The supervisor's review card: one employee's pending work of one day, with one-tap buttons."""

from __future__ import annotations

from html import escape

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.report_texts import format_day, time_span
from models import Activity, EvidenceKind
from services.review import PendingGroup, fingerprint


class ReviewCb(CallbackData, prefix="rv"):
    action: str  # ok | rev | rej | all | fb | files
    id: int  # activity id (ok, rev, rej, files) or employee id (all, fb)
    v: int = 0  # activity version the button was made for
    day: str = ""  # ISO date (all), followed by "~" and the fingerprint of what was shown


def _evidence(activity: Activity) -> list[str]:
    lines = []
    links = [e.url for e in activity.evidence if e.kind is EvidenceKind.LINK and e.url]
    files = [e for e in activity.evidence if e.kind is not EvidenceKind.LINK]
    lines += [f'🔗 <a href="{escape(url, quote=True)}">{escape(url[:60])}</a>' for url in links]
    if files:
        lines.append(_("📎 {n} file(s)").format(n=len(files)))
    return lines


def _item(number: int, activity: Activity) -> str:
    lines = [f"{number}. {time_span(activity)}", escape(activity.description)]
    if activity.output_quantity is not None:
        lines.append(
            _("Output: {qty} {unit}").format(
                qty=activity.output_quantity, unit=escape(activity.output_unit or "")
            )
        )
    return "\n".join(lines + _evidence(activity))


def render_review_card(group: PendingGroup) -> tuple[str, InlineKeyboardMarkup | None]:
    name = escape(group.employee.name)
    day = format_day(group.day)
    if not group.activities:
        return _("✔️ Nothing left to verify for {name} on {day}.").format(name=name, day=day), None
    head = _("🧾 <b>{name}</b> · {day}\nAwaiting your verification: {n}").format(
        name=name, day=day, n=len(group.activities)
    )
    body = [_item(n, a) for n, a in enumerate(group.activities, 1)]
    kb = InlineKeyboardBuilder()
    for number, activity in enumerate(group.activities, 1):
        for action, icon in (("ok", "✅"), ("rev", "✏️"), ("rej", "❌")):
            kb.button(
                text=f"{icon} {number}",
                callback_data=ReviewCb(action=action, id=activity.id, v=activity.version),
            )
        if any(e.kind is not EvidenceKind.LINK for e in activity.evidence):
            kb.button(text=f"📎 {number}", callback_data=ReviewCb(action="files", id=activity.id))
    widths = [
        3 + any(e.kind is not EvidenceKind.LINK for e in a.evidence) for a in group.activities
    ]
    kb.button(
        text=_("✅ Approve all ({n})").format(n=len(group.activities)),
        callback_data=ReviewCb(
            action="all",
            id=group.employee.id,
            day=f"{group.day.isoformat()}~{fingerprint(group.activities)}",
        ),
    )
    kb.button(text=_("💬 Feedback"), callback_data=ReviewCb(action="fb", id=group.employee.id))
    kb.adjust(*widths, 2)
    legend = _("✅ approve · ✏️ ask for revision · ❌ reject")
    return "\n\n".join([head, *body, legend]), kb.as_markup()
