"""/verifikasi and the review card's buttons: approve, ask for revision, reject (with reason)."""

from __future__ import annotations

from datetime import date
from html import escape

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.fit import shorten
from handlers.review_card import (
    DayAction,
    ReviewAction,
    ReviewCb,
    ReviewDayCb,
    details_text,
    render_review_card,
)
from handlers.stale import callback_message, drop_keyboard, reject_stale
from handlers.texts.problems import problem_text
from models import Employee, EvidenceKind
from services.clock import Clock
from services.errors import AlreadyDecided, DomainError, Invalid, NotAllowed, NotFound, StaleVersion
from services.review import (
    Decision,
    activity_target,
    approve_day,
    check_decidable,
    decide,
    pending_group,
    pending_groups,
    pending_stats,
    reviewable_activity,
)

router = Router(name="review")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)

MAX_CARDS = 5


class ReviewForm(StatesGroup):
    reason = State()


def refusal(error: DomainError) -> str:
    """One answer for "no such report" and "not yours to decide", so nobody can probe which
    report numbers exist."""
    if isinstance(error, AlreadyDecided):
        return _("This report was already decided.")
    if isinstance(error, StaleVersion):
        return _("The employee changed this report; the card now shows the latest version.")
    return _("This report is not available to you: it was removed, or you are not its assessor.")


@router.message(command("verifikasi"))
async def verify_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    groups = await pending_groups(session, employee, clock())
    stats = await pending_stats(session, employee, groups, clock())
    if not groups:
        await message.answer(_("✔️ Nothing is waiting for your verification."))
        return
    counted = (
        _("🧾 {n} report(s) await verification; the oldest is {days} workday(s) old.")
        if stats.oldest_workdays
        else _("🧾 {n} report(s) await verification; the oldest is from today.")
    )
    await message.answer(counted.format(n=stats.count, days=stats.oldest_workdays))
    for group in groups[:MAX_CARDS]:
        text, keyboard = render_review_card(group)
        await message.answer(text, reply_markup=keyboard)
    if len(groups) > MAX_CARDS:
        await message.answer(
            _("…and {n} more. Decide on these, then /verifikasi again.").format(
                n=len(groups) - MAX_CARDS
            )
        )


async def refresh_card(
    bot: Bot,
    chat_id: int,
    message_id: int,
    session: AsyncSession,
    actor: Employee,
    employee_id: int,
    day: date,
    clock: Clock,
) -> None:
    try:
        group = await pending_group(session, actor, employee_id, day, clock())
    except (NotAllowed, NotFound):
        return
    text, keyboard = render_review_card(group)
    try:
        await bot.edit_message_text(
            text=text, chat_id=chat_id, message_id=message_id, reply_markup=keyboard
        )
    except TelegramBadRequest:  # unchanged, or too old to edit
        return


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.APPROVE))
async def approve(
    callback: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    message = callback_message(callback)
    target = await activity_target(session, callback_data.id)
    try:
        await decide(
            session,
            employee,
            callback_data.id,
            callback_data.v,
            Decision.APPROVE,
            None,
            now=clock(),
        )
    except DomainError as exc:
        await callback.answer(refusal(exc), show_alert=True)
        if isinstance(exc, NotAllowed) or target is None:
            await drop_keyboard(message)
            return
    else:
        await callback.answer(_("✅ Approved."))
    if target is not None:
        await refresh_card(
            bot, message.chat.id, message.message_id, session, employee, *target, clock
        )


@router.callback_query(ReviewCb.filter(F.action.in_({ReviewAction.REVISE, ReviewAction.REJECT})))
async def ask_reason(
    callback: CallbackQuery,
    callback_data: ReviewCb,
    state: FSMContext,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        await check_decidable(session, employee, callback_data.id, callback_data.v, clock())
    except DomainError as exc:
        target = await activity_target(session, callback_data.id)
        if isinstance(exc, NotAllowed) or target is None:
            await reject_stale(callback, refusal(exc))
            return
        await callback.answer(refusal(exc), show_alert=True)
        message = callback_message(callback)
        await refresh_card(
            bot, message.chat.id, message.message_id, session, employee, *target, clock
        )
        return
    await callback.answer()
    message = callback_message(callback)
    activity = await reviewable_activity(session, employee, callback_data.id, clock())
    decision = Decision.REVISION if callback_data.action is ReviewAction.REVISE else Decision.REJECT
    await state.set_state(ReviewForm.reason)
    await state.set_data(
        {
            "activity_id": callback_data.id,
            "version": callback_data.v,
            "decision": decision.value,
            "chat_id": message.chat.id,
            "message_id": message.message_id,
        }
    )
    prompt = (
        _("What should be revised in this report? Write the reason for the employee.")
        if decision is Decision.REVISION
        else _("Why is this report rejected? Write the reason for the employee.")
    )
    quoted = f"<blockquote>{escape(shorten(activity.description, 300))}</blockquote>"
    await message.answer(f"{prompt}\n{quoted}\n" + _("(or /batal)"))


@router.message(StateFilter(ReviewForm.reason), filters.typed_text)
async def reason_typed(
    message: Message,
    state: FSMContext,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    data = await state.get_data()
    decision = Decision(data["decision"])
    target = await activity_target(session, data["activity_id"])
    try:
        await decide(
            session,
            employee,
            data["activity_id"],
            data["version"],
            decision,
            message.text,
            now=clock(),
        )
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    except DomainError as exc:
        await state.clear()
        await message.answer(refusal(exc))
        if target is not None and not isinstance(exc, NotAllowed):
            await refresh_card(
                bot, data["chat_id"], data["message_id"], session, employee, *target, clock
            )
        return
    await state.clear()
    done = (
        _("✏️ Sent back for revision with your note.")
        if decision is Decision.REVISION
        else _("❌ Rejected with your note.")
    )
    await message.answer(done)
    if target is not None:
        await refresh_card(
            bot, data["chat_id"], data["message_id"], session, employee, *target, clock
        )


@router.message(StateFilter(ReviewForm.reason), filters.not_command)
async def reason_expected(message: Message) -> None:
    await message.answer(_("Please type the reason as text, or /batal."))


@router.callback_query(ReviewDayCb.filter(F.action == DayAction.APPROVE_ALL))
async def approve_all(
    callback: CallbackQuery,
    callback_data: ReviewDayCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    message = callback_message(callback)
    day = date.fromisoformat(callback_data.day)
    refresh = (message.chat.id, message.message_id, session, employee, callback_data.employee)
    try:
        count = await approve_day(
            session,
            employee,
            callback_data.employee,
            day,
            now=clock(),
            expected=callback_data.shown or None,
        )
    except (StaleVersion, AlreadyDecided) as exc:
        await callback.answer(refusal(exc), show_alert=True)
        await refresh_card(bot, *refresh, day, clock)
        return
    except DomainError as exc:
        await reject_stale(callback, refusal(exc))
        return
    await callback.answer(_("✅ {n} approved.").format(n=count))
    await refresh_card(bot, *refresh, day, clock)


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.DETAILS))
async def send_details(
    callback: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    """🔎: the whole activity (what the card cut) and its files."""
    try:
        activity = await reviewable_activity(session, employee, callback_data.id, clock())
    except DomainError as exc:
        await reject_stale(callback, refusal(exc))
        return
    await callback.answer()
    chat_id = callback_message(callback).chat.id
    await bot.send_message(chat_id, details_text(activity))
    for item in activity.evidence:
        if item.file_id is None:
            continue
        if item.kind is EvidenceKind.PHOTO:
            await bot.send_photo(chat_id, item.file_id)
        else:
            await bot.send_document(chat_id, item.file_id)
