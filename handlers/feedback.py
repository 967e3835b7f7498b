"""/umpanbalik: feedback from a supervisor at any time (optionally on a BerAKHLAK value or an
activity), replies in a dialog kinerja thread, read receipts, and asking for feedback."""

from __future__ import annotations

import enum
from html import escape

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import DbId
from handlers.commands import command
from handlers.review_card import DayAction, ReviewDayCb
from handlers.stale import callback_message, reject_stale
from handlers.texts.problems import problem_text
from models import CoreValue, Employee
from services.authority import team_members
from services.clock import Clock
from services.core_values import CORE_VALUE_NAMES
from services.errors import DomainError, Invalid, NotAllowed
from services.feedback import (
    give_feedback,
    mark_read,
    recent_activities,
    reply,
    request_feedback,
    threads_of,
)

router = Router(name="feedback")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


class FeedbackForm(StatesGroup):
    text = State()


class FeedbackAction(enum.StrEnum):
    TO = "to"  # choose a member
    VALUE = "value"  # choose a BerAKHLAK value (none: general)
    ACTS = "acts"  # list the member's recent reports
    ACT = "act"  # about one report
    REPLY = "reply"
    READ = "read"
    ASK = "ask"


class FeedbackCb(CallbackData, prefix="fb"):
    action: FeedbackAction
    id: DbId = 0  # the member, or the thread (reply, read)
    value: CoreValue | None = None  # value
    activity: DbId = 0  # act


def _overview_keyboard(members: list[Employee], has_supervisor: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for member in members:
        kb.button(
            text=f"💬 {member.name}",
            callback_data=FeedbackCb(action=FeedbackAction.TO, id=member.id),
        )
    if has_supervisor:
        kb.button(
            text=_("🙋 Ask my supervisor for feedback"),
            callback_data=FeedbackCb(action=FeedbackAction.ASK),
        )
    kb.adjust(1)
    return kb.as_markup()


def thread_keyboard(thread_id: int, unread_id: int | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("💬 Reply"), callback_data=FeedbackCb(action=FeedbackAction.REPLY, id=thread_id)
    )
    if unread_id is not None:
        kb.button(
            text=_("✓ Mark as read"),
            callback_data=FeedbackCb(action=FeedbackAction.READ, id=unread_id),
        )
    kb.adjust(2)
    return kb.as_markup()


@router.message(command("umpanbalik"))
async def feedback_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    threads = await threads_of(session, employee)
    for thread in threads[:5]:
        last = thread.messages[-1]
        unread = [m for m in thread.messages if m.recipient_id == employee.id and not m.read_at]
        head = _("💬 With {name}").format(name=escape(thread.other.name))
        if thread.unread:
            head += " " + _("({n} unread)").format(n=thread.unread)
        await message.answer(
            f"{head}\n{escape(last.text[:300])}",
            reply_markup=thread_keyboard(thread.root.id, unread[-1].id if unread else None),
        )
    members = await team_members(session, employee, clock())
    intro = (
        _("Give feedback to someone in your team, or ask your supervisor for it.")
        if members
        else _("Ask your supervisor for feedback, or reply to a conversation above.")
    )
    if not threads and not members and employee.supervisor_id is None:
        await message.answer(_("You have no feedback conversations yet."))
        return
    await message.answer(
        intro,
        reply_markup=_overview_keyboard(members, employee.supervisor_id is not None),
    )


async def _ask_value(message: Message, state: FSMContext, employee_id: int) -> None:
    await state.set_state(None)
    await state.set_data({"to": employee_id})
    kb = InlineKeyboardBuilder()
    for value, name in CORE_VALUE_NAMES.items():
        kb.button(
            text=name,
            callback_data=FeedbackCb(action=FeedbackAction.VALUE, id=employee_id, value=value),
        )
    kb.button(
        text=_("General"), callback_data=FeedbackCb(action=FeedbackAction.VALUE, id=employee_id)
    )
    kb.button(
        text=_("📝 About a specific report"),
        callback_data=FeedbackCb(action=FeedbackAction.ACTS, id=employee_id),
    )
    kb.adjust(2)
    await message.answer(
        _("About which BerAKHLAK value? (or General)"), reply_markup=kb.as_markup()
    )


@router.callback_query(FeedbackCb.filter(F.action == FeedbackAction.TO))
async def choose_member(
    callback: CallbackQuery, callback_data: FeedbackCb, state: FSMContext
) -> None:
    await callback.answer()
    await _ask_value(callback_message(callback), state, callback_data.id)


@router.callback_query(ReviewDayCb.filter(F.action == DayAction.FEEDBACK))
async def feedback_from_card(
    callback: CallbackQuery, callback_data: ReviewDayCb, state: FSMContext
) -> None:
    await callback.answer()
    await _ask_value(callback_message(callback), state, callback_data.employee)


@router.callback_query(FeedbackCb.filter(F.action == FeedbackAction.VALUE))
async def choose_value(
    callback: CallbackQuery, callback_data: FeedbackCb, state: FSMContext
) -> None:
    await callback.answer()
    await state.set_state(FeedbackForm.text)
    await state.set_data(
        {"mode": "give", "to": callback_data.id, "value": (callback_data.value or "")}
    )
    await callback_message(callback).answer(_("Write your feedback:"))


@router.callback_query(FeedbackCb.filter(F.action == FeedbackAction.ACTS))
async def choose_activity(
    callback: CallbackQuery,
    callback_data: FeedbackCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        activities = await recent_activities(session, employee, callback_data.id, now=clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    if not activities:
        await callback_message(callback).answer(_("No reports yet."))
        return
    kb = InlineKeyboardBuilder()
    for activity in activities:
        kb.button(
            text=f"{activity.work_date:%d/%m} {activity.description[:40]}",
            callback_data=FeedbackCb(
                action=FeedbackAction.ACT, id=callback_data.id, activity=activity.id
            ),
        )
    kb.adjust(1)
    await callback_message(callback).answer(_("Which report?"), reply_markup=kb.as_markup())


@router.callback_query(FeedbackCb.filter(F.action == FeedbackAction.ACT))
async def activity_chosen(
    callback: CallbackQuery, callback_data: FeedbackCb, state: FSMContext
) -> None:
    await callback.answer()
    await state.set_state(FeedbackForm.text)
    await state.set_data(
        {"mode": "give", "to": callback_data.id, "value": "", "activity": callback_data.activity}
    )
    await callback_message(callback).answer(_("Write your feedback:"))


@router.callback_query(FeedbackCb.filter(F.action == FeedbackAction.REPLY))
async def start_reply(
    callback: CallbackQuery, callback_data: FeedbackCb, state: FSMContext
) -> None:
    await callback.answer()
    await state.set_state(FeedbackForm.text)
    await state.set_data({"mode": "reply", "thread": callback_data.id})
    await callback_message(callback).answer(_("Write your reply:"))


@router.callback_query(FeedbackCb.filter(F.action == FeedbackAction.ASK))
async def start_request(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    await state.set_state(FeedbackForm.text)
    await state.set_data({"mode": "ask"})
    await callback_message(callback).answer(
        _("What would you like feedback on? Your supervisor will get your message.")
    )


@router.message(StateFilter(FeedbackForm.text), filters.typed_text)
async def text_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    data = await state.get_data()
    try:
        if data["mode"] == "give":
            value = CoreValue(data["value"]) if data.get("value") else None
            await give_feedback(
                session,
                employee,
                int(data["to"]),
                message.text,
                now=clock(),
                core_value=value,
                activity_id=data.get("activity"),
            )
        elif data["mode"] == "reply":
            await reply(session, employee, int(data["thread"]), message.text, now=clock())
        else:
            await request_feedback(session, employee, message.text, now=clock())
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    except NotAllowed:
        await state.clear()
        await message.answer(_("You cannot send feedback there."))
        return
    except DomainError:
        await state.clear()
        await message.answer(_("That conversation no longer exists."))
        return
    await state.clear()
    await message.answer(_("✅ Sent."))


@router.message(StateFilter(FeedbackForm.text), filters.not_command)
async def text_expected(message: Message) -> None:
    await message.answer(_("Please type your message as text, or /batal."))


@router.callback_query(FeedbackCb.filter(F.action == FeedbackAction.READ))
async def read_tapped(
    callback: CallbackQuery,
    callback_data: FeedbackCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        item = await mark_read(session, employee, callback_data.id, now=clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer(_("Marked as read."))
    await callback_message(callback).edit_reply_markup(
        reply_markup=thread_keyboard(item.thread_id or item.id, None)
    )
