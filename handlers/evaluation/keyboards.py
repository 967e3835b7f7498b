"""Buttons of /nilai, /evaluasi and /predikatunit: one CallbackData class per action with
enum and bounded int fields. Card buttons carry the card's version, so a button of an
outdated card (or a forged one) is refused as stale."""

from __future__ import annotations

import enum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from handlers.callback_types import DbId, Version
from handlers.fit import shorten
from handlers.texts.format import period_label
from handlers.texts.plans import org_label, rating_label
from models import CoreValue, Evaluation, EvaluationStatus
from services.curve import OrgPredicate
from services.evaluation import EvaluationCard, TeamMember
from services.predicate import Rating

PeriodKey = Annotated[str, Field(pattern=r"^20\d\d-(Y|M(0[1-9]|1[0-2])|Q[1-4]|S[12])$")]
ICONS = {Rating.ABOVE: "⬆️", Rating.AS_EXPECTED: "✔️", Rating.BELOW: "⬇️"}
LABEL = 60  # characters of an RHK or a unit kept for its button


class Aspect(enum.StrEnum):
    RESULT = "r"  # Hasil Kerja
    BEHAVIOUR = "b"  # Perilaku Kerja


class View(enum.StrEnum):
    CARD = "card"
    VALUES = "values"  # one BerAKHLAK value (`value`), with its guides
    NOTES = "notes"  # which RHK to give feedback on
    CURVE = "curve"
    CONFIRM = "confirm"  # the curve and "finalise?"


class Ask(enum.StrEnum):
    RECOMMENDATION = "rec"
    NOTE = "note"  # feedback on RHK `item`
    VALUE_NOTE = "val"  # feedback on value `value`
    RESPONSE = "resp"  # the employee's response


class EmployeeAction(enum.StrEnum):
    SHOW = "show"
    ACKNOWLEDGE = "ack"
    PDF = "pdf"
    XLSX = "xlsx"


class PeriodCb(CallbackData, prefix="evp"):
    period: PeriodKey


class MemberCb(CallbackData, prefix="evm"):
    employee: DbId
    period: PeriodKey


class RateCb(CallbackData, prefix="evr"):
    evaluation: DbId
    version: Version
    aspect: Aspect
    rating: Rating


class ValueCb(CallbackData, prefix="evv"):
    evaluation: DbId
    version: Version
    value: CoreValue
    rating: Rating


class ViewCb(CallbackData, prefix="evw"):
    evaluation: DbId
    version: Version
    view: View
    value: CoreValue | None = None


class AskCb(CallbackData, prefix="eva"):
    evaluation: DbId
    version: Version = 0
    ask: Ask
    item: DbId = 0
    value: CoreValue | None = None


class FinaliseCb(CallbackData, prefix="evf"):
    evaluation: DbId
    version: Version


class EmployeeCb(CallbackData, prefix="eve"):
    evaluation: DbId
    action: EmployeeAction


class UnitCb(CallbackData, prefix="evu"):
    unit: DbId
    period: PeriodKey


class UnitSetCb(CallbackData, prefix="evs"):
    unit: DbId
    period: PeriodKey
    predicate: OrgPredicate


def rating_button(aspect: Aspect, rating: Rating) -> str:
    """ "Hasil Kerja: di atas ekspektasi" — the aspect and the rating in words."""
    words = {
        Rating.ABOVE: _("above expectation"),
        Rating.AS_EXPECTED: _("as expected"),
        Rating.BELOW: _("below expectation"),
    }[rating]
    if aspect is Aspect.RESULT:
        return _("Hasil Kerja: {rating}").format(rating=words)
    return _("Perilaku Kerja: {rating}").format(rating=words)


def periods_keyboard(keys: list[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for key in keys:
        kb.button(text=period_label(key), callback_data=PeriodCb(period=key))
    kb.adjust(1)
    return kb.as_markup()


def team_keyboard(members: list[TeamMember], period: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for member in members:
        evaluation = member.evaluation
        status = (
            "✅"
            if evaluation and evaluation.status is not EvaluationStatus.DRAFT
            else "✏️"
            if evaluation
            else "•"
        )
        kb.button(
            text=f"{status} {member.employee.name}",
            callback_data=MemberCb(employee=member.employee.id, period=period),
        )
    kb.adjust(1)
    return kb.as_markup()


def _view(card: EvaluationCard, view: View, value: CoreValue | None = None) -> ViewCb:
    return ViewCb(evaluation=card.id, version=card.version, view=view, value=value)


def _team(kb: InlineKeyboardBuilder, card: EvaluationCard) -> None:
    kb.button(text=_("👥 Back to the team"), callback_data=PeriodCb(period=card.period_key))


def card_keyboard(card: EvaluationCard) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for aspect, chosen in ((Aspect.RESULT, card.result), (Aspect.BEHAVIOUR, card.behaviour)):
        for rating, icon in ICONS.items():
            kb.button(
                text=f"{'✅' if chosen is rating else icon} {rating_button(aspect, rating)}",
                callback_data=RateCb(
                    evaluation=card.id, version=card.version, aspect=aspect, rating=rating
                ),
            )
    first = next(iter(CoreValue))
    kb.button(text=_("🧭 BerAKHLAK values"), callback_data=_view(card, View.VALUES, first))
    kb.button(text=_("💬 Feedback per RHK"), callback_data=_view(card, View.NOTES))
    kb.button(
        text=_("📝 Recommendation"),
        callback_data=AskCb(evaluation=card.id, version=card.version, ask=Ask.RECOMMENDATION),
    )
    kb.button(text=_("📊 Team curve"), callback_data=_view(card, View.CURVE))
    kb.button(text=_("✅ Finalise"), callback_data=_view(card, View.CONFIRM))
    _team(kb, card)
    kb.adjust(1, 1, 1, 1, 1, 1, 2, 2, 1, 1)
    return kb.as_markup()


def back_keyboard(card: EvaluationCard) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("⬅️ Back to the card"), callback_data=_view(card, View.CARD))
    return kb.as_markup()


def final_keyboard(card: EvaluationCard) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _team(kb, card)
    return kb.as_markup()


def value_keyboard(card: EvaluationCard, value: CoreValue) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    line = card.value(value)
    for rating, icon in ICONS.items():
        chosen = line is not None and line.rating is rating
        kb.button(
            text=f"{'✅' if chosen else icon} {rating_label(rating)}",
            callback_data=ValueCb(
                evaluation=card.id, version=card.version, value=value, rating=rating
            ),
        )
    kb.button(
        text=_("💬 Feedback on this value"),
        callback_data=AskCb(
            evaluation=card.id, version=card.version, ask=Ask.VALUE_NOTE, value=value
        ),
    )
    values = list(CoreValue)
    index = values.index(value)
    if index > 0:
        kb.button(text=_("◀️ Previous"), callback_data=_view(card, View.VALUES, values[index - 1]))
    if index < len(values) - 1:
        kb.button(text=_("Next ▶️"), callback_data=_view(card, View.VALUES, values[index + 1]))
    kb.button(text=_("⬅️ Back to the card"), callback_data=_view(card, View.CARD))
    nav = (index > 0) + (index < len(values) - 1)
    kb.adjust(1, 1, 1, 1, nav, 1)
    return kb.as_markup()


def notes_keyboard(card: EvaluationCard) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in card.items:
        kb.button(
            text=("💬 " if item.note else "") + shorten(item.text, LABEL),
            callback_data=AskCb(
                evaluation=card.id, version=card.version, ask=Ask.NOTE, item=item.id
            ),
        )
    kb.button(text=_("⬅️ Back to the card"), callback_data=_view(card, View.CARD))
    kb.adjust(1)
    return kb.as_markup()


def confirm_keyboard(card: EvaluationCard) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("✅ Yes, finalise"),
        callback_data=FinaliseCb(evaluation=card.id, version=card.version),
    )
    kb.button(text=_("⬅️ Back to the card"), callback_data=_view(card, View.CARD))
    kb.adjust(1)
    return kb.as_markup()


def employee_keyboard(evaluation: Evaluation) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("💬 Respond"), callback_data=AskCb(evaluation=evaluation.id, ask=Ask.RESPONSE))
    if evaluation.status is EvaluationStatus.FINAL:
        kb.button(
            text=_("✅ Acknowledge"),
            callback_data=EmployeeCb(evaluation=evaluation.id, action=EmployeeAction.ACKNOWLEDGE),
        )
    kb.button(
        text="📄 PDF", callback_data=EmployeeCb(evaluation=evaluation.id, action=EmployeeAction.PDF)
    )
    kb.button(
        text="📊 XLSX",
        callback_data=EmployeeCb(evaluation=evaluation.id, action=EmployeeAction.XLSX),
    )
    kb.adjust(2, 2)
    return kb.as_markup()


def cancel_keyboard(data: CallbackData) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("✖️ Cancel"), callback_data=data)
    return kb.as_markup()


def units_keyboard(units: list[tuple[int, str]], period: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for unit_id, path in units:
        kb.button(text=path[-50:], callback_data=UnitCb(unit=unit_id, period=period))
    kb.adjust(1)
    return kb.as_markup()


def predicates_keyboard(unit: int, period: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for value in OrgPredicate:
        kb.button(
            text=org_label(value),
            callback_data=UnitSetCb(unit=unit, period=period, predicate=value),
        )
    kb.adjust(1)
    return kb.as_markup()
