"""The report dialog's buttons: step navigation, choices (target, duration, date) and submit.
A button from another (older) report is answered as stale."""

from __future__ import annotations

from dataclasses import replace

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.report.draft import ReportDraft, Step
from handlers.report.keyboards import (
    ReportAction,
    ReportCb,
    dates_keyboard,
)
from handlers.report.saving import save
from handlers.report.steps import (
    advance,
    current_step,
    load,
    router,
    show_card,
    show_step,
    start_report,
)
from handlers.stale import callback_message, reject_stale
from models import Employee
from services.clock import Clock
from services.report_rules import MAX_DESCRIPTION, clean_description
from services.reporting import report_dates
from services.timeparse import WorkTime


async def current_flow(
    callback: CallbackQuery, callback_data: ReportCb, state: FSMContext
) -> ReportDraft | None:
    """The draft this button belongs to, or None (then the user is told, the button removed)."""
    draft = await load(state)
    if draft is None or draft.flow != callback_data.flow:
        await reject_stale(callback)
        return None
    await callback.answer()
    return draft


@router.callback_query(ReportCb.filter(F.action == ReportAction.CANCEL))
async def on_cancel(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    if await current_flow(callback, callback_data, state) is None:
        return
    await state.clear()
    await callback_message(callback).edit_text(_("Cancelled. Nothing was saved."))


@router.callback_query(ReportCb.filter(F.action == ReportAction.BACK))
async def on_back(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    """One step back; the answer given there stays (shown, with a button to keep it)."""
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    current = await current_step(state)
    if draft.editing:
        await show_card(callback_message(callback), state, draft)
        return
    await show_step(callback_message(callback), state, draft, draft.previous_step(current))


@router.callback_query(
    ReportCb.filter(F.action.in_({ReportAction.SKIP, ReportAction.DONE, ReportAction.KEEP}))
)
async def on_next(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    step = await current_step(state)
    if step is None:
        await show_card(callback_message(callback), state, draft)
        return
    if step is Step.OUTPUT and callback_data.action is ReportAction.SKIP:
        draft = replace(draft, qty=None, unit=None)
    if (
        callback_data.action is ReportAction.KEEP
        and not draft.answered(step)
        and step is not Step.OUTPUT
    ):
        await show_step(callback_message(callback), state, draft, step)
        return
    await advance(callback_message(callback), state, draft, step)


@router.callback_query(ReportCb.filter(F.action == ReportAction.TRIM))
async def on_trim(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    if not draft.too_long:
        await show_card(callback_message(callback), state, draft)
        return
    cut = draft.too_long[: MAX_DESCRIPTION - 1].rstrip() + "…"
    draft = replace(draft, description=clean_description(cut), too_long=None)
    await advance(callback_message(callback), state, draft, Step.DESCRIPTION)


@router.callback_query(ReportCb.filter(F.action == ReportAction.DURATION))
async def on_duration(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    if callback_data.minutes <= 0:
        await callback_message(callback).answer(_("This button is no longer valid."))
        return
    work_time = WorkTime(callback_data.minutes)
    await advance(callback_message(callback), state, draft.with_time(work_time), Step.TIME)


@router.callback_query(ReportCb.filter(F.action == ReportAction.TARGET))
async def on_target(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    offered = {item_id for item_id, _text in draft.targets}
    if callback_data.item not in offered | {0}:
        await callback_message(callback).answer(_("This button is no longer valid."))
        return
    draft = replace(draft, plan_item_id=callback_data.item or None, target_set=True)
    await advance(callback_message(callback), state, draft, Step.TARGET)


@router.callback_query(ReportCb.filter(F.action == ReportAction.EDIT))
async def on_edit(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None or callback_data.step is None:
        return
    if callback_data.step is Step.TARGET and not draft.targets:
        await show_card(callback_message(callback), state, draft)
        return
    await show_step(
        callback_message(callback), state, replace(draft, editing=True), callback_data.step
    )


@router.callback_query(ReportCb.filter(F.action == ReportAction.CARD))
async def on_card(callback: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is not None:
        await show_card(callback_message(callback), state, draft)


@router.callback_query(ReportCb.filter(F.action == ReportAction.DATES))
async def on_dates(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    days = await report_dates(session, employee, clock())
    await callback_message(callback).edit_text(
        _("Which day is this report for? Tap it, or type it (e.g. kemarin, 30/11)."),
        reply_markup=dates_keyboard(draft.flow, days),
    )


@router.callback_query(ReportCb.filter(F.action == ReportAction.DATE))
async def on_date(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    allowed = {d.isoformat(): d for d in await report_dates(session, employee, clock())}
    if callback_data.day not in allowed:
        await callback_message(callback).answer(_("That date can no longer be chosen."))
        return
    await show_card(
        callback_message(callback), state, replace(draft, work_date=allowed[callback_data.day])
    )


@router.callback_query(
    ReportCb.filter(
        F.action.in_({ReportAction.SUBMIT, ReportAction.OVERLAP_OK, ReportAction.LONG_OK})
    )
)
async def on_submit(
    callback: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    draft = await current_flow(callback, callback_data, state)
    if draft is None:
        return
    if callback_data.action is ReportAction.LONG_OK and not draft.long_ok:
        draft = replace(draft, long_ok=True)
        await state.set_data(draft.to_state())
    await save(
        callback_message(callback),
        state,
        draft,
        session,
        employee,
        clock,
        allow_overlap=callback_data.action is ReportAction.OVERLAP_OK,
        allow_long=draft.long_ok,
    )


@router.callback_query(ReportCb.filter(F.action == ReportAction.AGAIN))
async def on_again(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    await callback.answer()
    await start_report(callback_message(callback), state, session, employee, clock)
