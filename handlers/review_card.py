"""The supervisor's review card: one employee's pending work of one day, with one-tap buttons.

Twenty activities of 1,000 characters do not fit in one message: each description gets an
equal share of Telegram's limit (`handlers.fit`), and a 🔎 button sends what was cut.
"""

from __future__ import annotations

import enum
from html import escape
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from handlers.callback_types import DbId, IsoDay, Version
from handlers.fit import fit_budget, shorten
from handlers.texts.format import format_day, format_minutes, leave_label, time_span
from models import Activity, EvidenceKind
from services.review import PendingGroup, fingerprint

LINKS_SHOWN = 3  # links listed on the card; the rest come with 🔎


class ReviewAction(enum.StrEnum):
    APPROVE = "ok"
    REVISE = "rev"
    REJECT = "rej"
    DETAILS = "more"


class ReviewCb(CallbackData, prefix="rv"):
    """A button about one activity, made for one version of it."""

    action: ReviewAction
    id: DbId
    v: Version = 0


class DayAction(enum.StrEnum):
    APPROVE_ALL = "all"
    FEEDBACK = "fb"


Fingerprint = Annotated[str, Field(pattern=r"^([0-9a-f]{8})?$")]


class ReviewDayCb(CallbackData, prefix="rd"):
    """A button about one employee's day; `shown` fingerprints what the card showed."""

    action: DayAction
    employee: DbId
    day: IsoDay
    shown: Fingerprint = ""


def _links(activity: Activity) -> list[str]:
    return [e.url for e in activity.evidence if e.kind is EvidenceKind.LINK and e.url]


def _files(activity: Activity) -> int:
    return sum(1 for e in activity.evidence if e.kind is not EvidenceKind.LINK)


def link_line(url: str, label_chars: int = 60) -> str:
    return f'🔗 <a href="{escape(url, quote=True)}">{escape(shorten(url, label_chars))}</a>'


def _item(number: int, activity: Activity, budget: int) -> str:
    lines = [f"{number}. {time_span(activity)}", escape(shorten(activity.description, budget))]
    if activity.output_quantity is not None:
        lines.append(
            _("Output: {qty} {unit}").format(
                qty=activity.output_quantity, unit=escape(activity.output_unit or "")
            )
        )
    links = _links(activity)
    lines += [link_line(url, min(60, budget)) for url in links[:LINKS_SHOWN]]
    if len(links) > LINKS_SHOWN:
        lines.append(_("🔗 +{n} more link(s)").format(n=len(links) - LINKS_SHOWN))
    if files := _files(activity):
        lines.append(_("📎 {n} file(s)").format(n=files))
    return "\n".join(lines)


def needs_details(activity: Activity, budget: int) -> bool:
    """Something of it is not on the card: cut text, more links, or files to open."""
    return (
        len(activity.description) > budget
        or len(_links(activity)) > LINKS_SHOWN
        or _files(activity) > 0
    )


BUTTONS = (
    (ReviewAction.APPROVE, "✅"),
    (ReviewAction.REVISE, "✏️"),
    (ReviewAction.REJECT, "❌"),
)


def _flags(group: PendingGroup) -> list[str]:
    flags = []
    if group.day_minutes > group.long_minutes:
        flags.append(
            _("⚠️ More than {limit} reported on this day.").format(
                limit=format_minutes(group.long_minutes)
            )
        )
    if group.leave is not None:
        flags.append(_("⚠️ That day is marked: {leave}.").format(leave=leave_label(group.leave)))
    return flags


def render_review_card(group: PendingGroup) -> tuple[str, InlineKeyboardMarkup | None]:
    name = escape(group.employee.name)
    day = format_day(group.day)
    if not group.activities:
        return _("✔️ Nothing left to verify for {name} on {day}.").format(name=name, day=day), None
    head = "\n".join(
        [
            _("🧾 <b>{name}</b> · {day}\nAwaiting your verification: {n}").format(
                name=name, day=day, n=len(group.activities)
            ),
            _("Day total: {total}").format(total=format_minutes(group.day_minutes)),
            *_flags(group),
        ]
    )
    legend = _("✅ approve · ✏️ ask for revision · ❌ reject")

    def render(budget: int) -> str:
        body = [_item(group.number(a), a, budget) for a in group.activities]
        return "\n\n".join([head, *body, legend])

    fitted = fit_budget(render)
    text, budget = fitted.text, fitted.budget
    kb = InlineKeyboardBuilder()
    widths = []
    for activity in group.activities:
        number = group.number(activity)
        for action, icon in BUTTONS:
            kb.button(
                text=f"{icon} {number}",
                callback_data=ReviewCb(action=action, id=activity.id, v=activity.version),
            )
        details = needs_details(activity, budget)
        if details:
            kb.button(
                text=f"🔎 {number}",
                callback_data=ReviewCb(action=ReviewAction.DETAILS, id=activity.id),
            )
        widths.append(3 + details)
    employee, day = group.employee.id, group.day.isoformat()
    kb.button(
        text=_("✅ Approve all ({n})").format(n=len(group.activities)),
        callback_data=ReviewDayCb(
            action=DayAction.APPROVE_ALL,
            employee=employee,
            day=day,
            shown=fingerprint(group.activities),
        ),
    )
    kb.button(
        text=_("💬 Feedback"),
        callback_data=ReviewDayCb(action=DayAction.FEEDBACK, employee=employee, day=day),
    )
    kb.adjust(*widths, 2)
    return text, kb.as_markup()


def details_text(activity: Activity) -> str:
    """Everything of one activity: the whole description and every link (fits: a description
    has at most 1,000 characters and a link shows at most 60)."""
    lines = [
        f"<b>{format_day(activity.work_date)}</b> · {time_span(activity)}",
        escape(activity.description),
    ]
    if activity.output_quantity is not None:
        lines.append(
            _("Output: {qty} {unit}").format(
                qty=activity.output_quantity, unit=escape(activity.output_unit or "")
            )
        )
    lines += [link_line(url) for url in _links(activity)]
    return "\n".join(lines)
