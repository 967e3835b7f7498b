"""/evaluasi (employee): the final evaluations, acknowledge, download; the summary the
employee receives when the assessor finalises (rendered by handlers/notifications.py)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.document_files import send_document_file
from handlers.evaluation.draft import EvalForm
from handlers.evaluation.keyboards import EmployeeAction, EmployeeCb, employee_keyboard
from handlers.evaluation.screen import show
from handlers.evaluation.texts import evaluation_summary
from handlers.stale import callback_message, drop_keyboard, reject_stale
from models import Employee
from services.clock import Clock
from services.documents import evaluation_document
from services.errors import DomainError
from services.evaluation import (
    acknowledge,
    evaluation_plan,
    my_evaluations,
    own_evaluation,
    readable_evaluation,
)
from services.localtime import employee_today

router = Router(name="evaluation.employee")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)

SHOWN = 4  # newest evaluations listed by /evaluasi


@router.message(command("evaluasi"))
async def my_evaluations_command(
    message: Message, session: AsyncSession, employee: Employee
) -> None:
    evaluations = await my_evaluations(session, employee)
    if not evaluations:
        await message.answer(_("No evaluations yet."))
        return
    for evaluation in evaluations[:SHOWN]:
        await message.answer(
            evaluation_summary(evaluation), reply_markup=employee_keyboard(evaluation)
        )


@router.callback_query(EmployeeCb.filter(F.action == EmployeeAction.SHOW))
async def summary_again(
    callback: CallbackQuery,
    callback_data: EmployeeCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
) -> None:
    """ "Cancel" of the response question: the summary again."""
    try:
        evaluation = await own_evaluation(session, employee, callback_data.evaluation)
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    if await state.get_state() == EvalForm.text.state:
        await state.clear()
    await show(
        callback_message(callback),
        evaluation_summary(evaluation),
        employee_keyboard(evaluation),
    )


@router.callback_query(EmployeeCb.filter(F.action == EmployeeAction.ACKNOWLEDGE))
async def acknowledge_tapped(
    callback: CallbackQuery,
    callback_data: EmployeeCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        await acknowledge(session, employee, callback_data.evaluation, now=clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer(_("✅ Acknowledged."))
    await drop_keyboard(callback_message(callback))


@router.callback_query(EmployeeCb.filter(F.action.in_({EmployeeAction.PDF, EmployeeAction.XLSX})))
async def evaluation_file(
    callback: CallbackQuery,
    callback_data: EmployeeCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        evaluation = await readable_evaluation(session, employee, callback_data.evaluation, clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    doc = await evaluation_document(session, evaluation, await evaluation_plan(session, evaluation))
    await send_document_file(
        bot,
        callback_message(callback).chat.id,
        doc,
        str(callback_data.action),
        await employee_today(session, employee, clock()),
    )
