"""Typed buttons of /rekap: aiogram parses and bounds every field, so a forged or corrupted
button never reaches a handler with an id or a month out of range (it is answered as a stale
button by the fallback)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from handlers.callback_types import DbId
from handlers.fit import shorten
from handlers.recap.texts import month_short
from models import Unit
from services.recap.access import MAX_ID, ScopeKind
from services.recap.exports import ExportKind
from services.recap.month import MonthRecap
from services.recap.months import MAX_YEAR, MIN_YEAR, Month

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
MonthNumber = Annotated[int, Field(ge=1, le=12)]


class MonthCb(CallbackData, prefix="rk"):
    """One person's month chart."""

    id: Id
    y: Year
    m: MonthNumber


class TeamCb(CallbackData, prefix="rt"):
    """A team's (scope TEAM, a supervisor id) or a unit's (scope UNIT) heat-map."""

    scope: ScopeKind
    id: Id
    y: Year
    m: MonthNumber


class ExportCb(CallbackData, prefix="rx"):
    kind: ExportKind
    scope: ScopeKind
    id: Id
    y: Year
    m: MonthNumber


class UnitCb(CallbackData, prefix="ru"):
    """The admin's unit picker: the units below `id` (0: the top of the tree)."""

    id: DbId


def month_of(data: MonthCb | TeamCb | ExportCb) -> Month:
    return Month(data.y, data.m)


def _navigation(
    kb: InlineKeyboardBuilder, month: Month, today: date, data_for: Callable[[Month], CallbackData]
) -> int:
    """Previous / next month buttons, never past the current month; returns how many."""
    buttons = 0
    for target, label in ((month.previous(), "◀️ {m}"), (month.next(), "{m} ▶️")):
        if target is not None and target <= Month.of(today):
            kb.button(text=label.format(m=month_short(target)), callback_data=data_for(target))
            buttons += 1
    return buttons


def personal_keyboard(employee_id: int, month: Month, today: date) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    nav = _navigation(kb, month, today, lambda m: MonthCb(id=employee_id, y=m.year, m=m.month))
    for kind, label in (
        (ExportKind.DAILY_XLSX, _("📄 Laporan Harian (XLSX)")),
        (ExportKind.DAILY_PDF, _("📄 Laporan Harian (PDF)")),
        (ExportKind.PROGRESS, _("📤 e-Kinerja Progres Harian (XLSX)")),
    ):
        kb.button(
            text=label,
            callback_data=ExportCb(
                kind=kind, scope=ScopeKind.PERSON, id=employee_id, y=month.year, m=month.month
            ),
        )
    kb.adjust(*([nav] if nav else []), 2, 1)
    return kb.as_markup()


def people_keyboard(people: tuple[MonthRecap, ...], month: Month) -> InlineKeyboardMarkup | None:
    if not people:
        return None
    kb = InlineKeyboardBuilder()
    for person in people:
        kb.button(
            text=f"👤 {shorten(person.member.name, 28)}",
            callback_data=MonthCb(id=person.member.id, y=month.year, m=month.month),
        )
    kb.adjust(2)
    return kb.as_markup()


def team_keyboard(
    scope: ScopeKind, scope_id: int, month: Month, today: date
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    nav = _navigation(
        kb, month, today, lambda m: TeamCb(scope=scope, id=scope_id, y=m.year, m=m.month)
    )
    for kind, label in (
        (ExportKind.TPP, _("📊 TPP recap (XLSX)")),
        (ExportKind.PROGRESS, _("📤 e-Kinerja Progres Harian (XLSX)")),
    ):
        kb.button(
            text=label,
            callback_data=ExportCb(
                kind=kind, scope=scope, id=scope_id, y=month.year, m=month.month
            ),
        )
    kb.adjust(*([nav] if nav else []), 1, 1)
    return kb.as_markup()


def units_keyboard(units: list[Unit], parent: Unit | None, month: Month) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if parent is not None:
        kb.button(
            text=_("📊 Recap of this unit"),
            callback_data=TeamCb(scope=ScopeKind.UNIT, id=parent.id, y=month.year, m=month.month),
        )
    for unit in units[:50]:
        kb.button(text=f"🏢 {shorten(unit.name, 40)}", callback_data=UnitCb(id=unit.id))
    kb.adjust(1)
    return kb.as_markup()
