"""/predikatunit (the leader above a unit sets its organisation predicate for the period) and
/bukaevaluasi (an admin reopens a locked evaluation)."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import MAX_DB_INT
from handlers.commands import command
from handlers.evaluation.keyboards import UnitCb, UnitSetCb, predicates_keyboard, units_keyboard
from handlers.evaluation.screen import show
from handlers.stale import callback_message, drop_keyboard, reject_stale
from handlers.texts.format import period_label
from models import Employee
from services.audit import Actor
from services.clock import Clock
from services.errors import DomainError
from services.evaluation import lower_units, reopen, set_unit_predicate, unit_period

router = Router(name="evaluation.units")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


@router.message(command("predikatunit"))
async def unit_predicate_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    units = await lower_units(session, employee)
    if not units:
        await message.answer(_("There is no unit below yours."))
        return
    period = await unit_period(session, employee, clock())
    await message.answer(
        _("Organisation predicate for {period}: choose a unit.").format(
            period=period_label(period)
        ),
        reply_markup=units_keyboard([(u.id, u.path) for u in units], period),
    )


@router.callback_query(UnitCb.filter())
async def unit_chosen(callback: CallbackQuery, callback_data: UnitCb) -> None:
    await callback.answer()
    await show(
        callback_message(callback),
        _("Which predicate?"),
        predicates_keyboard(callback_data.unit, callback_data.period),
    )


@router.callback_query(UnitSetCb.filter())
async def unit_set(
    callback: CallbackQuery,
    callback_data: UnitSetCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        await set_unit_predicate(
            session,
            employee,
            callback_data.unit,
            callback_data.period,
            callback_data.predicate,
            now=clock(),
        )
    except DomainError:
        await reject_stale(callback, _("Only the leader above this unit can set its predicate."))
        return
    await callback.answer(_("✅ Saved."))
    await drop_keyboard(callback_message(callback))


@router.message(command("bukaevaluasi"), filters.admin)
async def reopen_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    arg = (command.args or "").strip()
    if not arg.isdigit() or int(arg) > MAX_DB_INT:
        await message.answer(escape(_("Usage: /bukaevaluasi <evaluation number>")))
        return
    try:
        await reopen(
            session, Actor.employee(employee.id), employee.agency_id, int(arg), now=clock()
        )
    except DomainError:
        await message.answer(_("No such evaluation."))
        return
    await message.answer(_("✅ Reopened; the assessor can change it again."))
