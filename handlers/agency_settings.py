"""/pengaturan (admin): the agency's settings as a card of buttons. Toggles flip on a tap,
workdays are day buttons, the daily target has common values as buttons, and only times are
typed (16.00, 06.00-21.00)."""

from __future__ import annotations

import enum
from typing import Annotated, Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.stale import callback_message, reject_stale
from handlers.texts.problems import problem_text
from models import Agency, Employee
from services.audit import Actor
from services.clock import Clock
from services.errors import Invalid
from services.localtime import agency_of
from services.settings import TARGET_HOURS, agency_settings, update_agency_setting

router = Router(name="agency_settings")
router.message.filter(filters.registered, filters.admin)
router.callback_query.filter(filters.registered, filters.admin)

TARGET_CHOICES = (240, 300, 360, 420, 450, 480)  # minutes: 4, 5, 6, 7, 7,5 and 8 hours


class SettingKey(enum.StrEnum):
    """The service's keys (services/settings.py); people only ever see their labels."""

    REMINDER = "pengingat"
    MORNING = "pagi"
    NUDGE = "nudge"
    DIGEST = "digest"
    WINDOW = "tenang"
    WORKDAYS = "hari_kerja"
    CURVE = "kurva"
    TARGET = "target"


TYPED = (SettingKey.REMINDER, SettingKey.MORNING, SettingKey.DIGEST, SettingKey.WINDOW)


class SettingsAction(enum.StrEnum):
    CARD = "card"  # back to the card, leaving any typing
    EDIT = "edit"  # ask for a new value of `key`
    SET = "set"  # a toggle (`on`), a workday (`value` 1-7, `on`) or a target (`value` minutes)


class SettingsCb(CallbackData, prefix="st"):
    action: SettingsAction
    key: SettingKey = SettingKey.REMINDER
    value: Annotated[int, Field(ge=0, le=TARGET_HOURS[1] * 60)] = 0
    on: bool = False


class SettingsForm(StatesGroup):
    value = State()  # data: {"key": SettingKey}


def _weekdays() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def _hours(minutes: int) -> str:
    return _("{hours} hours").format(hours=f"{minutes / 60:g}".replace(".", ","))


def _label(key: SettingKey) -> str:
    return {
        SettingKey.REMINDER: _("⏰ Daily reminder"),
        SettingKey.MORNING: _("🌅 Next-morning nudge"),
        SettingKey.NUDGE: _("🔔 Nudge"),
        SettingKey.DIGEST: _("📨 Supervisor digest"),
        SettingKey.WINDOW: _("🌙 Sending hours"),
        SettingKey.WORKDAYS: _("📅 Workdays"),
        SettingKey.CURVE: _("📈 Distribution curve"),
        SettingKey.TARGET: _("🎯 Daily target"),
    }[key]


def _value(key: SettingKey, values: dict[str, Any]) -> str:
    value = values[key.value]
    if key in (SettingKey.REMINDER, SettingKey.MORNING, SettingKey.DIGEST):
        return f"{value:%H.%M}"
    if key is SettingKey.WINDOW:
        return f"{value[0]:%H.%M}–{value[1]:%H.%M}"
    if key is SettingKey.NUDGE:
        return _("on") if value else _("off")
    if key is SettingKey.CURVE:
        return _("blocks finalising") if value == "blok" else _("warns only")
    if key is SettingKey.WORKDAYS:
        names = _weekdays()
        return ", ".join(names[int(d) - 1] for d in str(value))
    return _hours(int(value))


def settings_card(agency: Agency) -> tuple[str, InlineKeyboardMarkup]:
    values = agency_settings(agency)
    lines = [_("⚙️ <b>Agency settings</b>"), ""]
    lines += [f"{_label(k)}: {_value(k, values)}" for k in SettingKey]
    lines += ["", _("Tap what you want to change.")]
    kb = InlineKeyboardBuilder()
    for key in SettingKey:
        if key is SettingKey.NUDGE:
            data = SettingsCb(action=SettingsAction.SET, key=key, on=not values["nudge"])
        elif key is SettingKey.CURVE:
            data = SettingsCb(action=SettingsAction.SET, key=key, on=values["kurva"] != "blok")
        else:
            data = SettingsCb(action=SettingsAction.EDIT, key=key)
        kb.button(text=_label(key), callback_data=data)
    kb.adjust(2)
    return "\n".join(lines), kb.as_markup()


def _back(kb: InlineKeyboardBuilder) -> None:
    kb.button(text=_("↩️ Back"), callback_data=SettingsCb(action=SettingsAction.CARD))


def _typed_prompt(key: SettingKey, agency: Agency) -> str:
    if key is SettingKey.WINDOW:
        return _("Type the hours messages may be sent, e.g. 06.00-21.00.")
    if key is SettingKey.TARGET:
        return _("Tap a daily target, or type hours between {low} and {high}, e.g. 7,5.").format(
            low=TARGET_HOURS[0], high=TARGET_HOURS[1]
        )
    return _("Type the new time, e.g. 16.00 (between {start} and {end}).").format(
        start=f"{agency.quiet_start:%H.%M}", end=f"{agency.quiet_end:%H.%M}"
    )


def _editor(key: SettingKey, agency: Agency) -> tuple[str, InlineKeyboardMarkup]:
    values = agency_settings(agency)
    head = f"{_label(key)}: {_value(key, values)}"
    kb = InlineKeyboardBuilder()
    if key is SettingKey.WORKDAYS:
        days = str(values["hari_kerja"])
        for number, name in enumerate(_weekdays(), 1):
            on = str(number) in days
            kb.button(
                text=f"{'✅' if on else '▫️'} {name}",
                callback_data=SettingsCb(
                    action=SettingsAction.SET, key=key, value=number, on=not on
                ),
            )
        _back(kb)
        kb.adjust(4, 3, 1)
        return head + "\n" + _("Tap a day to switch it on or off (at least five)."), kb.as_markup()
    if key is SettingKey.TARGET:
        for minutes in TARGET_CHOICES:
            kb.button(
                text=_hours(minutes),
                callback_data=SettingsCb(action=SettingsAction.SET, key=key, value=minutes),
            )
        kb.adjust(3)
    _back(kb)
    return head + "\n" + _typed_prompt(key, agency), kb.as_markup()


async def _save(
    session: AsyncSession,
    employee: Employee,
    agency: Agency,
    key: SettingKey,
    value: str,
    clock: Clock,
) -> None:
    await update_agency_setting(
        session, Actor.employee(employee.id), agency, key.value, value, now=clock()
    )


@router.message(command("pengaturan"))
async def settings_command(
    message: Message,
    state: FSMContext,
    raw_state: str | None,
    session: AsyncSession,
    employee: Employee,
) -> None:
    await _leave_question(state, raw_state)
    text, keyboard = settings_card(await agency_of(session, employee))
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(SettingsCb.filter(F.action == SettingsAction.CARD))
async def back_to_card(
    callback: CallbackQuery,
    state: FSMContext,
    raw_state: str | None,
    session: AsyncSession,
    employee: Employee,
) -> None:
    await _leave_question(state, raw_state)
    await callback.answer()
    text, keyboard = settings_card(await agency_of(session, employee))
    await callback_message(callback).edit_text(text, reply_markup=keyboard)


@router.callback_query(SettingsCb.filter(F.action == SettingsAction.EDIT))
async def edit_setting(
    callback: CallbackQuery,
    callback_data: SettingsCb,
    state: FSMContext,
    raw_state: str | None,
    session: AsyncSession,
    employee: Employee,
) -> None:
    key = callback_data.key
    if key in (SettingKey.NUDGE, SettingKey.CURVE):
        await reject_stale(callback)  # toggles have no editor; only a forged button asks
        return
    typed = key in (*TYPED, SettingKey.TARGET)
    if typed and raw_state not in (None, SettingsForm.value.state):
        # Another dialog (a report being written) holds the typed answers: never replace it.
        await callback.answer(
            _("First finish what you are filling in, or /batal."), show_alert=True
        )
        return
    await callback.answer()
    if typed:
        await state.set_state(SettingsForm.value)
        await state.set_data({"key": key.value})
    text, keyboard = _editor(key, await agency_of(session, employee))
    await callback_message(callback).edit_text(text, reply_markup=keyboard)


async def _leave_question(state: FSMContext, raw_state: str | None) -> None:
    """End this card's typed question, and only that (another dialog stays as it was)."""
    if raw_state == SettingsForm.value.state:
        await state.clear()


def _new_workdays(current: str, day: int, on: bool) -> str:
    days = set(current) | {str(day)} if on else set(current) - {str(day)}
    return "".join(sorted(days))


@router.callback_query(SettingsCb.filter(F.action == SettingsAction.SET))
async def set_setting(
    callback: CallbackQuery,
    callback_data: SettingsCb,
    state: FSMContext,
    raw_state: str | None,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    agency = await agency_of(session, employee)
    key, on = callback_data.key, callback_data.on
    if key is SettingKey.NUDGE or key is SettingKey.CURVE:
        # The button carries the wanted state, so a double tap sets it twice, not back.
        if key is SettingKey.NUDGE:
            value = "ya" if on else "tidak"
        else:
            value = "blok" if on else "peringatan"
    elif key is SettingKey.WORKDAYS and 1 <= callback_data.value <= 7:
        value = _new_workdays(agency.workdays, callback_data.value, on)
    elif key is SettingKey.TARGET and callback_data.value in TARGET_CHOICES:
        value = f"{callback_data.value / 60:g}"
    else:
        await reject_stale(callback)
        return
    try:
        await _save(session, employee, agency, key, value, clock)
    except Invalid as exc:
        await callback.answer(problem_text(exc), show_alert=True)
        return
    await callback.answer(_("✅ Saved."))
    if key is SettingKey.WORKDAYS:
        text, keyboard = _editor(key, agency)
    else:
        await _leave_question(state, raw_state)
        text, keyboard = settings_card(agency)
    await callback_message(callback).edit_text(text, reply_markup=keyboard)


@router.message(StateFilter(SettingsForm.value), filters.typed_text)
async def setting_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    agency = await agency_of(session, employee)
    try:
        key = SettingKey((await state.get_data()).get("key", ""))
    except ValueError:
        await state.clear()
        text, keyboard = settings_card(agency)
        await message.answer(text, reply_markup=keyboard)
        return
    try:
        await _save(session, employee, agency, key, message.text or "", clock)
    except Invalid as exc:
        _text, keyboard = _editor(key, agency)
        await message.answer(
            problem_text(exc) + "\n" + _typed_prompt(key, agency), reply_markup=keyboard
        )
        return
    await state.clear()
    text, keyboard = settings_card(agency)
    await message.answer(_("✅ Saved.") + "\n\n" + text, reply_markup=keyboard)


@router.message(StateFilter(SettingsForm.value), filters.not_command)
async def setting_expected(message: Message) -> None:
    await message.answer(_("Please type the new value as text, or tap ↩️ Back."))
