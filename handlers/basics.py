"""Help, language choice and the fallback for registered people."""

from __future__ import annotations

import enum

from aiogram import Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.stale import callback_message, reject_stale
from handlers.texts.help import render_help, render_short_greeting
from models import Employee
from services.clock import Clock
from services.directory import LANGUAGES, Role, set_language

router = Router(name="basics")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)

LANGUAGE_NAMES = {"id": "🇮🇩 Bahasa Indonesia", "en": "🇬🇧 English"}


class LanguageChoice(CallbackData, prefix="lang"):
    code: str


class HelpPart(enum.StrEnum):
    FULL = "full"


class HelpCb(CallbackData, prefix="hp"):
    part: HelpPart


def greeting(employee: Employee, roles: frozenset[Role]) -> tuple[str, InlineKeyboardMarkup | None]:
    """/start: the whole help, except for an admin, whose list is long: a short greeting with a
    button for the rest."""
    if Role.ADMIN not in roles:
        return render_help(employee, roles), None
    kb = InlineKeyboardBuilder()
    kb.button(text=_("📖 More"), callback_data=HelpCb(part=HelpPart.FULL))
    return render_short_greeting(employee, roles), kb.as_markup()


def language_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code in LANGUAGES:
        kb.button(text=LANGUAGE_NAMES[code], callback_data=LanguageChoice(code=code))
    return kb.as_markup()


@router.message(command("help"))
async def show_help(message: Message, employee: Employee, roles: frozenset[Role]) -> None:
    await message.answer(render_help(employee, roles))


@router.callback_query(HelpCb.filter())
async def show_full_help(
    callback: CallbackQuery, employee: Employee, roles: frozenset[Role]
) -> None:
    await callback.answer()
    await callback_message(callback).edit_text(render_help(employee, roles), reply_markup=None)


@router.message(command("bahasa"))
async def choose_language(message: Message) -> None:
    await message.answer(_("Choose your language:"), reply_markup=language_keyboard())


@router.callback_query(LanguageChoice.filter())
async def language_chosen(
    callback: CallbackQuery,
    callback_data: LanguageChoice,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    i18n: I18n,
) -> None:
    if callback_data.code not in LANGUAGES:
        await callback.answer(_("This button is no longer valid."), show_alert=True)
        return
    await set_language(session, employee, callback_data.code, clock())
    with i18n.use_locale(callback_data.code):
        text = _("Language set to English.")
        await callback.answer(text)
        if isinstance(callback.message, Message):
            await callback.message.edit_text(text)


def _known_states() -> frozenset[str]:
    groups: list[type[StatesGroup]] = list(StatesGroup.__subclasses__())
    names: set[str] = set()
    while groups:
        group = groups.pop()
        groups += group.__subclasses__()
        names |= {s.state for s in group.__all_states__ if s.state}
    return frozenset(names)


@router.message()
async def fallback(message: Message, state: FSMContext, raw_state: str | None) -> None:
    if raw_state is not None and raw_state not in _known_states():
        # A dialog state no handler knows (e.g. saved by an older version before a restart).
        await state.clear()
        await message.answer(
            _("Sorry, I lost track of what we were doing, so it was cancelled. Please start again.")
        )
        return
    if raw_state is not None:  # an unknown command in the middle of a dialog: it stays open
        await message.answer(
            _("I did not understand that. Continue with the question above, or /batal.")
        )
        return
    await message.answer(_("I did not understand that. Type /help to see what I can do."))


@router.callback_query()
async def unknown_button(callback: CallbackQuery) -> None:
    """A button from an older message or version that no handler knows any more."""
    await reject_stale(callback)
