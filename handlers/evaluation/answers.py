"""Typed answers of the evaluation dialogs: the assessor's recommendation and feedback, the
employee's response. The question replaces the card (or the summary) in place, and the
answer puts it back with "Saved."; a refused answer asks again on the same message."""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.evaluation.draft import AnswerDraft, EvalForm
from handlers.evaluation.keyboards import (
    Ask,
    AskCb,
    EmployeeAction,
    EmployeeCb,
    View,
    ViewCb,
    cancel_keyboard,
    card_keyboard,
    employee_keyboard,
    value_keyboard,
)
from handlers.evaluation.screen import refusal, refuse, show, show_at
from handlers.evaluation.texts import card_text, evaluation_summary, prompt_text, value_text
from handlers.stale import callback_message, reject_stale
from models import Employee
from services.clock import Clock
from services.core_values import CORE_VALUE_NAMES
from services.errors import DomainError, Invalid, Problem
from services.evaluation import (
    assessor_card,
    evaluation_card,
    own_evaluation,
    respond,
    set_recommendation,
    set_result_note,
    set_value_feedback,
)

router = Router(name="evaluation.answers")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


def _cancel(draft: AnswerDraft, version: int) -> InlineKeyboardMarkup:
    if draft.ask is Ask.RESPONSE:
        return cancel_keyboard(
            EmployeeCb(evaluation=draft.evaluation_id, action=EmployeeAction.SHOW)
        )
    view = View.VALUES if draft.ask is Ask.VALUE_NOTE else View.CARD
    return cancel_keyboard(
        ViewCb(evaluation=draft.evaluation_id, version=version, view=view, value=draft.value)
    )


async def _subject(
    callback_data: AskCb, session: AsyncSession, employee: Employee, clock: Clock
) -> tuple[str, int] | None:
    """What the question quotes and the card's version; None for a button that cannot be
    asked (raises DomainError when the person may not answer it)."""
    if callback_data.ask is Ask.RESPONSE:
        await own_evaluation(session, employee, callback_data.evaluation)
        return "", 0
    card = await assessor_card(
        session, employee, callback_data.evaluation, clock(), callback_data.version
    )
    if callback_data.ask is Ask.NOTE:
        item = next((i for i in card.items if i.id == callback_data.item), None)
        return (item.text, card.version) if item else None
    if callback_data.ask is Ask.VALUE_NOTE:
        if callback_data.value is None:
            return None
        if card.value(callback_data.value) is None:
            raise Invalid(Problem.VALUE_UNRATED)
        return CORE_VALUE_NAMES[callback_data.value], card.version
    return "", card.version


@router.callback_query(AskCb.filter())
async def ask_tapped(
    callback: CallbackQuery,
    callback_data: AskCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        asked = await _subject(callback_data, session, employee, clock)
    except Invalid as exc:
        await refuse(callback, exc)
        return
    except DomainError:
        asked = None
    if asked is None:
        await reject_stale(callback)
        return
    subject, version = asked
    await callback.answer()
    message = callback_message(callback)
    draft = AnswerDraft(
        ask=callback_data.ask,
        evaluation_id=callback_data.evaluation,
        message_id=message.message_id,
        item_id=callback_data.item,
        value=callback_data.value,
        subject=subject,
    )
    await state.set_state(EvalForm.text)
    await state.set_data(draft.to_state())
    await show(message, prompt_text(draft.ask, subject), _cancel(draft, version))


async def _save(
    draft: AnswerDraft, text: str, session: AsyncSession, employee: Employee, clock: Clock
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Store the answer; the screen to put back."""
    now, saved = clock(), _("✅ Saved.")
    if draft.ask is Ask.RESPONSE:
        evaluation = await respond(session, employee, draft.evaluation_id, text, now=now)
        return f"{saved}\n\n{evaluation_summary(evaluation)}", employee_keyboard(evaluation)
    if draft.ask is Ask.RECOMMENDATION:
        evaluation = await set_recommendation(session, employee, draft.evaluation_id, text, now=now)
    elif draft.ask is Ask.NOTE:
        evaluation = await set_result_note(
            session, employee, draft.evaluation_id, draft.item_id, text, now=now
        )
    else:
        assert draft.value is not None
        evaluation = await set_value_feedback(
            session, employee, draft.evaluation_id, draft.value, text, now=now
        )
        card = await evaluation_card(session, evaluation)
        return f"{saved}\n\n{value_text(card, draft.value)}", value_keyboard(card, draft.value)
    card = await evaluation_card(session, evaluation)
    return card_text(card, saved), card_keyboard(card)


@router.message(StateFilter(EvalForm.text), filters.typed_text)
async def text_typed(
    message: Message,
    state: FSMContext,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        draft = AnswerDraft.from_state(await state.get_data())
    except (KeyError, ValueError, TypeError):
        await state.clear()
        await message.answer(_("This question is no longer open; nothing was saved."))
        return
    chat = message.chat.id
    try:
        text, markup = await _save(draft, message.text or "", session, employee, clock)
    except Invalid as exc:
        version = 0
        if draft.ask is not Ask.RESPONSE:
            with contextlib.suppress(DomainError):
                card = await assessor_card(session, employee, draft.evaluation_id, clock())
                version = card.version
        question = prompt_text(draft.ask, draft.subject, refusal(exc))
        await show_at(bot, chat, draft.message_id, question, _cancel(draft, version))
        return
    except DomainError as exc:
        await state.clear()
        await show_at(bot, chat, draft.message_id, refusal(exc), None)
        return
    await state.clear()
    await show_at(bot, chat, draft.message_id, text, markup)


@router.message(StateFilter(EvalForm.text), filters.not_command)
async def text_expected(message: Message) -> None:
    await message.answer(_("Please type your answer as text, or /batal."))
