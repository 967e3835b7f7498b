"""Buttons of the report flow. Every button carries the flow id, so old ones are recognisable."""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from handlers.callback_types import DbId, IsoDay
from handlers.fit import shorten
from handlers.report.draft import Step
from handlers.texts.format import format_day, format_minutes

DURATIONS = (30, 60, 90, 120, 180, 240)

FlowId = Annotated[str, Field(pattern=r"^([0-9a-f]{8}|-)$")]
Minutes = Annotated[int, Field(ge=0, le=24 * 60)]


class ReportAction(enum.StrEnum):
    BACK = "back"
    CANCEL = "cancel"
    KEEP = "keep"  # keep the answer given before
    SKIP = "skip"  # no output / no evidence
    DONE = "done"  # evidence complete
    DURATION = "dur"
    TARGET = "target"
    EDIT = "edit"
    CARD = "card"
    DATES = "dates"
    DATE = "date"
    TRIM = "trim"  # cut an over-long activity to the limit
    SUBMIT = "submit"
    OVERLAP_OK = "force"
    LONG_OK = "long"
    AGAIN = "again"
    HISTORY = "history"


class ReportCb(CallbackData, prefix="rp"):
    action: ReportAction
    flow: FlowId
    step: Step | None = None  # edit
    minutes: Minutes = 0  # dur
    item: DbId = 0  # target (0: additional task / other)
    day: IsoDay = ""  # date


def _nav(kb: InlineKeyboardBuilder, flow: str, back: bool = True) -> None:
    if back:
        kb.button(text=_("⬅️ Back"), callback_data=ReportCb(action=ReportAction.BACK, flow=flow))
    kb.button(text=_("✖️ Cancel"), callback_data=ReportCb(action=ReportAction.CANCEL, flow=flow))


def step_keyboard(
    flow: str, *, back: bool = True, skip: bool = False, keep: bool = False
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    first = 0
    if keep:
        kb.button(text=_("Keep it ➡️"), callback_data=ReportCb(action=ReportAction.KEEP, flow=flow))
        first += 1
    if skip:
        kb.button(text=_("Skip ➡️"), callback_data=ReportCb(action=ReportAction.SKIP, flow=flow))
        first += 1
    _nav(kb, flow, back)
    kb.adjust(*([first] if first else []), 2)
    return kb.as_markup()


def trim_keyboard(flow: str, limit: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("✂️ Keep the first {n} characters").format(n=limit),
        callback_data=ReportCb(action=ReportAction.TRIM, flow=flow),
    )
    _nav(kb, flow, back=False)
    kb.adjust(1)
    return kb.as_markup()


def duration_label(minutes: int) -> str:
    if minutes < 60:
        return _("{n} min").format(n=minutes)
    return _("{n} h").format(n=f"{minutes / 60:g}".replace(".", ","))


def time_keyboard(flow: str, keep: bool = False) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for minutes in DURATIONS:
        kb.button(
            text=duration_label(minutes),
            callback_data=ReportCb(action=ReportAction.DURATION, flow=flow, minutes=minutes),
        )
    if keep:
        kb.button(text=_("Keep it ➡️"), callback_data=ReportCb(action=ReportAction.KEEP, flow=flow))
    _nav(kb, flow)
    kb.adjust(3, 3, *([1] if keep else []), 2)
    return kb.as_markup()


def evidence_keyboard(flow: str, count: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if count:
        kb.button(
            text=_("✅ Done ({n})").format(n=count),
            callback_data=ReportCb(action=ReportAction.DONE, flow=flow),
        )
    else:
        kb.button(text=_("Skip ➡️"), callback_data=ReportCb(action=ReportAction.SKIP, flow=flow))
    _nav(kb, flow)
    kb.adjust(1, 2)
    return kb.as_markup()


def target_keyboard(flow: str, targets: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item_id, text in targets:
        kb.button(
            text=f"🎯 {shorten(text, 50)}",
            callback_data=ReportCb(action=ReportAction.TARGET, flow=flow, item=item_id),
        )
    kb.button(
        text=_("Additional task / other"),
        callback_data=ReportCb(action=ReportAction.TARGET, flow=flow, item=0),
    )
    kb.button(text=_("✖️ Cancel"), callback_data=ReportCb(action=ReportAction.CANCEL, flow=flow))
    kb.adjust(1)
    return kb.as_markup()


def card_keyboard(
    flow: str, editing_existing: bool, has_targets: bool = False
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for step, label in (
        (Step.DESCRIPTION, _("✏️ Activity")),
        (Step.TIME, _("⏱ Time")),
        (Step.OUTPUT, _("📦 Output")),
        (Step.EVIDENCE, _("📎 Evidence")),
    ):
        kb.button(
            text=label, callback_data=ReportCb(action=ReportAction.EDIT, flow=flow, step=step)
        )
    kb.button(text=_("📅 Date"), callback_data=ReportCb(action=ReportAction.DATES, flow=flow))
    if has_targets:
        kb.button(
            text=_("🎯 Target"),
            callback_data=ReportCb(action=ReportAction.EDIT, flow=flow, step=Step.TARGET),
        )
    submit = _("💾 Save changes") if editing_existing else _("✅ Submit")
    kb.button(text=submit, callback_data=ReportCb(action=ReportAction.SUBMIT, flow=flow))
    kb.button(text=_("✖️ Cancel"), callback_data=ReportCb(action=ReportAction.CANCEL, flow=flow))
    kb.adjust(2, 2, 2 if has_targets else 1, 2)
    return kb.as_markup()


def dates_keyboard(flow: str, days: list[date]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for index, day in enumerate(days):
        label = _("Today") if index == 0 else format_day(day)
        kb.button(
            text=label,
            callback_data=ReportCb(action=ReportAction.DATE, flow=flow, day=day.isoformat()),
        )
    kb.button(text=_("⬅️ Back"), callback_data=ReportCb(action=ReportAction.CARD, flow=flow))
    kb.adjust(1)
    return kb.as_markup()


def overlap_keyboard(flow: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("Submit anyway"), callback_data=ReportCb(action=ReportAction.OVERLAP_OK, flow=flow)
    )
    kb.button(
        text=_("⏱ Change time"),
        callback_data=ReportCb(action=ReportAction.EDIT, flow=flow, step=Step.TIME),
    )
    kb.adjust(2)
    return kb.as_markup()


def long_keyboard(flow: str, minutes: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("✅ Yes, {time} is right").format(time=format_minutes(minutes)),
        callback_data=ReportCb(action=ReportAction.LONG_OK, flow=flow),
    )
    kb.button(
        text=_("⏱ Change time"),
        callback_data=ReportCb(action=ReportAction.EDIT, flow=flow, step=Step.TIME),
    )
    kb.adjust(1)
    return kb.as_markup()


def after_submit_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("➕ Report another"), callback_data=ReportCb(action=ReportAction.AGAIN, flow="-")
    )
    kb.button(
        text=_("📜 Today's history"),
        callback_data=ReportCb(action=ReportAction.HISTORY, flow="-"),
    )
    kb.adjust(2)
    return kb.as_markup()
