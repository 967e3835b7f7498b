"""Buttons of the report flow. Every button carries the flow id, so old ones are recognisable."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.texts.format import format_day

DURATIONS = (30, 60, 90, 120, 180, 240)


class ReportCb(CallbackData, prefix="rp"):
    action: str
    flow: str
    arg: str = ""


def _nav(kb: InlineKeyboardBuilder, flow: str, back: bool = True) -> None:
    if back:
        kb.button(text=_("⬅️ Back"), callback_data=ReportCb(action="back", flow=flow))
    kb.button(text=_("✖️ Cancel"), callback_data=ReportCb(action="cancel", flow=flow))


def step_keyboard(flow: str, *, back: bool = True, skip: bool = False) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if skip:
        kb.button(text=_("Skip ➡️"), callback_data=ReportCb(action="skip", flow=flow))
    _nav(kb, flow, back)
    kb.adjust(1 if skip else 2, 2)
    return kb.as_markup()


def time_keyboard(flow: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for minutes in DURATIONS:
        label = (
            _("{n} min").format(n=minutes)
            if minutes < 60
            else _("{n} h").format(n=f"{minutes / 60:g}".replace(".", ","))
        )
        kb.button(text=label, callback_data=ReportCb(action="dur", flow=flow, arg=str(minutes)))
    _nav(kb, flow)
    kb.adjust(3, 3, 2)
    return kb.as_markup()


def evidence_keyboard(flow: str, count: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if count:
        kb.button(
            text=_("✅ Done ({n})").format(n=count),
            callback_data=ReportCb(action="done", flow=flow),
        )
    else:
        kb.button(text=_("Skip ➡️"), callback_data=ReportCb(action="skip", flow=flow))
    _nav(kb, flow)
    kb.adjust(1, 2)
    return kb.as_markup()


def target_keyboard(flow: str, targets: list[list[Any]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item_id, text in targets:
        kb.button(
            text=f"🎯 {text[:50]}",
            callback_data=ReportCb(action="target", flow=flow, arg=str(item_id)),
        )
    kb.button(
        text=_("Additional task / other"),
        callback_data=ReportCb(action="target", flow=flow, arg="0"),
    )
    kb.button(text=_("✖️ Cancel"), callback_data=ReportCb(action="cancel", flow=flow))
    kb.adjust(1)
    return kb.as_markup()


def card_keyboard(
    flow: str, editing_existing: bool, has_targets: bool = False
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for field, label in (
        ("description", _("✏️ Activity")),
        ("time", _("⏱ Time")),
        ("output", _("📦 Output")),
        ("evidence", _("📎 Evidence")),
    ):
        kb.button(text=label, callback_data=ReportCb(action="edit", flow=flow, arg=field))
    kb.button(text=_("📅 Date"), callback_data=ReportCb(action="dates", flow=flow))
    if has_targets:
        kb.button(
            text=_("🎯 Target"), callback_data=ReportCb(action="edit", flow=flow, arg="target")
        )
    submit = _("💾 Save changes") if editing_existing else _("✅ Submit")
    kb.button(text=submit, callback_data=ReportCb(action="submit", flow=flow))
    kb.button(text=_("✖️ Cancel"), callback_data=ReportCb(action="cancel", flow=flow))
    kb.adjust(2, 2, 2 if has_targets else 1, 2)
    return kb.as_markup()


def dates_keyboard(flow: str, days: list[date]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for index, day in enumerate(days):
        label = _("Today") if index == 0 else format_day(day)
        kb.button(text=label, callback_data=ReportCb(action="date", flow=flow, arg=day.isoformat()))
    kb.button(text=_("⬅️ Back"), callback_data=ReportCb(action="card", flow=flow))
    kb.adjust(1)
    return kb.as_markup()


def overlap_keyboard(flow: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("Submit anyway"), callback_data=ReportCb(action="force", flow=flow))
    kb.button(text=_("⏱ Change time"), callback_data=ReportCb(action="edit", flow=flow, arg="time"))
    kb.adjust(2)
    return kb.as_markup()


def after_submit_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("➕ Report another"), callback_data=ReportCb(action="again", flow="-"))
    kb.button(text=_("📜 Today's history"), callback_data=ReportCb(action="history", flow="-"))
    kb.adjust(2)
    return kb.as_markup()
