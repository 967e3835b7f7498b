"""/riwayat: my activities for a day, a week or a month (and earlier months), with edit and
delete; `/riwayat 30/11` opens a day, `/riwayat 11/2026` a month."""

from __future__ import annotations

from datetime import date, timedelta

from aiogram import F, Router
from aiogram.filters import CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import parse_day
from handlers.commands import command
from handlers.history_views import (
    ActivityAction,
    ActivityCb,
    HistoryCb,
    HistoryScope,
    render_history,
    render_month,
)
from handlers.report.draft import from_activity
from handlers.report.flow import show_card
from handlers.report.keyboards import ReportAction, ReportCb
from handlers.stale import callback_message, reject_stale
from handlers.texts.format import format_day
from handlers.texts.problems import problem_text
from handlers.texts.report import activity_line, progress
from models import Employee
from services.clock import Clock
from services.errors import DomainError, Invalid, Locked, NotFound, Problem, StaleVersion
from services.history import check_in_history, history_bounds, month_summary, parse_history_ask
from services.localtime import employee_today
from services.plans import report_targets
from services.recap.months import Month
from services.reporting import delete_activity, editable_activity

__all__ = ["ActivityAction", "ActivityCb", "router"]

router = Router(name="history")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)

PICK_DAYS = 14
MAX_ARGS = 40  # "/riwayat 30/11/2026" and its word forms are far shorter


class HistoryForm(StatesGroup):
    day = State()  # the picker is open: a typed date opens that day (or month)


async def _view(
    session: AsyncSession,
    employee: Employee,
    today: date,
    scope: HistoryScope,
    day: date,
    page: int,
) -> tuple[str, InlineKeyboardMarkup]:
    """Raises Invalid for a month or day outside the person's history."""
    if scope is HistoryScope.MONTH:
        return render_month(await month_summary(session, employee, Month.of(day), today), today)
    check_in_history(day, await history_bounds(session, employee, today), today)
    return await render_history(session, employee, today, scope, day, page)


def _usage() -> str:
    return _(
        "Open a day with e.g. /riwayat 30/11 or /riwayat kemarin, a month with /riwayat 11/2026."
    )


@router.message(command("riwayat"))
async def history_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    state: FSMContext,
    raw_state: str | None,
) -> None:
    if raw_state == HistoryForm.day.state:
        await state.clear()
    await _answer_ask(message, session, employee, clock, (command.args or "").strip())


async def _answer_ask(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock, args: str
) -> None:
    today = await employee_today(session, employee, clock())
    try:
        if len(args) > MAX_ARGS:
            raise Invalid(Problem.DATE_FORMAT)
        ask = parse_history_ask(args, today) if args else None
        scope = HistoryScope(ask.scope) if ask else HistoryScope.DAY
        text, keyboard = await _view(session, employee, today, scope, ask.day if ask else today, 0)
    except Invalid as exc:
        await message.answer(problem_text(exc) + "\n" + _usage())
        return
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(ReportCb.filter(F.action == ReportAction.HISTORY))
async def history_after_report(
    callback: CallbackQuery, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    await callback.answer()
    today = await employee_today(session, employee, clock())
    text, keyboard = await render_history(session, employee, today, HistoryScope.DAY, today, 0)
    await callback_message(callback).answer(text, reply_markup=keyboard)


def _pick_keyboard(today: date, earliest: Month) -> InlineKeyboardMarkup:
    """The last two weeks, none before the history starts."""
    kb = InlineKeyboardBuilder()
    days = [today - timedelta(days=back) for back in range(PICK_DAYS)]
    for day in [d for d in days if d >= earliest.start]:
        kb.button(
            text=format_day(day),
            callback_data=HistoryCb(scope=HistoryScope.DAY, day=day.isoformat()),
        )
    kb.button(
        text=_("🗓 Month"),
        callback_data=HistoryCb(scope=HistoryScope.MONTH, day=today.replace(day=1).isoformat()),
    )
    kb.adjust(2)
    return kb.as_markup()


@router.callback_query(HistoryCb.filter())
async def history_navigate(
    callback: CallbackQuery,
    callback_data: HistoryCb,
    state: FSMContext,
    raw_state: str | None,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    day = parse_day(callback_data.day)
    if day is None:
        await reject_stale(callback)
        return
    today = await employee_today(session, employee, clock())
    message = callback_message(callback)
    if raw_state == HistoryForm.day.state:
        await state.clear()
    if callback_data.scope is HistoryScope.PICK:
        await callback.answer()
        if raw_state is None:  # never over a dialog in progress (a report being written)
            await state.set_state(HistoryForm.day)
        await message.edit_text(
            _("Which day? Tap it, or type it (e.g. 30/11, kemarin, or 11/2026 for a month)."),
            reply_markup=_pick_keyboard(today, await history_bounds(session, employee, today)),
        )
        return
    try:
        text, keyboard = await _view(
            session, employee, today, callback_data.scope, day, callback_data.page
        )
    except Invalid:
        await reject_stale(callback)  # a forged or old button past the history's bounds
        return
    await callback.answer()
    await message.edit_text(text, reply_markup=keyboard)


@router.message(StateFilter(HistoryForm.day), filters.typed_text)
async def picked_by_typing(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    """One typed answer to "Which day?"; refused, the usual hint follows and the picker's
    question is over (so later text is not read as a date)."""
    await state.clear()
    await _answer_ask(message, session, employee, clock, (message.text or "").strip())


async def _refuse(callback: CallbackQuery, error: DomainError) -> None:
    text = {
        StaleVersion: _("This activity changed since this list was shown. Open /riwayat again."),
        Locked: _("This activity is already approved and can no longer change."),
        NotFound: _("This activity no longer exists."),
    }[type(error)]
    await reject_stale(callback, text)


@router.callback_query(ActivityCb.filter(F.action == ActivityAction.EDIT))
async def edit_activity(
    callback: CallbackQuery,
    callback_data: ActivityCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
) -> None:
    try:
        activity = await editable_activity(session, employee, callback_data.id, callback_data.v)
    except (NotFound, Locked, StaleVersion) as exc:
        await _refuse(callback, exc)
        return
    await callback.answer()
    targets = await report_targets(session, employee, activity.work_date)
    await show_card(callback_message(callback), state, from_activity(activity, targets))


@router.callback_query(ActivityCb.filter(F.action == ActivityAction.DELETE))
async def confirm_delete(
    callback: CallbackQuery,
    callback_data: ActivityCb,
    session: AsyncSession,
    employee: Employee,
) -> None:
    try:
        activity = await editable_activity(session, employee, callback_data.id, callback_data.v)
    except (NotFound, Locked, StaleVersion) as exc:
        await _refuse(callback, exc)
        return
    await callback.answer()
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("🗑 Yes, delete"),
        callback_data=ActivityCb(
            action=ActivityAction.DELETE_CONFIRMED, id=callback_data.id, v=callback_data.v
        ),
    )
    kb.button(
        text=_("✖️ No, keep it"),
        callback_data=ActivityCb(
            action=ActivityAction.DELETE_DECLINED, id=callback_data.id, v=callback_data.v
        ),
    )
    kb.adjust(2)
    question = _("Delete this activity? This cannot be undone.")
    await callback_message(callback).answer(
        f"{question}\n\n{activity_line(activity, limit=300)}", reply_markup=kb.as_markup()
    )


@router.callback_query(ActivityCb.filter(F.action == ActivityAction.DELETE_DECLINED))
async def delete_declined(callback: CallbackQuery) -> None:
    await callback.answer()
    await callback_message(callback).edit_text(_("Not deleted."), reply_markup=None)


@router.callback_query(ActivityCb.filter(F.action == ActivityAction.DELETE_CONFIRMED))
async def delete_confirmed(
    callback: CallbackQuery,
    callback_data: ActivityCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        summary = await delete_activity(
            session, employee, callback_data.id, callback_data.v, now=clock()
        )
    except (NotFound, Locked, StaleVersion) as exc:
        await _refuse(callback, exc)
        return
    await callback.answer()
    await callback_message(callback).edit_text(
        _("🗑 Deleted.") + "\n" + progress(summary), reply_markup=None
    )
