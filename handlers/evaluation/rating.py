"""/nilai (assessor): period → member → one card, edited in place by every tap: Hasil Kerja
and Perilaku Kerja, the BerAKHLAK values one screen each, feedback, the curve, finalise."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.evaluation.draft import EvalForm
from handlers.evaluation.keyboards import (
    Aspect,
    FinaliseCb,
    MemberCb,
    PeriodCb,
    RateCb,
    ValueCb,
    View,
    ViewCb,
    back_keyboard,
    card_keyboard,
    confirm_keyboard,
    final_keyboard,
    notes_keyboard,
    periods_keyboard,
    team_keyboard,
    value_keyboard,
)
from handlers.evaluation.screen import refuse, show
from handlers.evaluation.texts import (
    card_text,
    confirm_text,
    curve_text,
    notes_text,
    value_text,
)
from handlers.stale import callback_message, reject_stale
from handlers.texts.format import period_label
from handlers.texts.plans import breach_line, predicate_label
from handlers.texts.problems import problem_text
from models import CoreValue, Employee
from services.clock import Clock
from services.errors import DomainError, Invalid, Problem
from services.evaluation import (
    CurveBlocked,
    EvaluationCard,
    assessable_evaluation,
    assessor_card,
    curve_with,
    evaluation_card,
    finalize,
    open_card,
    open_periods,
    rate_behaviour,
    rate_result,
    rate_value,
    team_for_period,
)

router = Router(name="evaluation.rating")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


@router.message(command("nilai"))
async def rate_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    keys = await open_periods(session, employee, clock())
    if not keys:
        await message.answer(_("No evaluation period is open for rating today."))
        return
    await message.answer(
        _("Which period do you want to rate?"), reply_markup=periods_keyboard(keys)
    )


@router.callback_query(PeriodCb.filter())
async def period_chosen(
    callback: CallbackQuery,
    callback_data: PeriodCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        members = await team_for_period(session, employee, callback_data.period, clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    message = callback_message(callback)
    if not members:
        await show(message, _("You have no team members to rate."))
        return
    await show(
        message,
        _("Period {period}: choose a team member.").format(
            period=period_label(callback_data.period)
        ),
        team_keyboard(members, callback_data.period),
    )


async def show_card(message: Message, card: EvaluationCard, notice: str = "") -> None:
    await show(message, card_text(card, notice), card_keyboard(card))


@router.callback_query(MemberCb.filter())
async def member_chosen(
    callback: CallbackQuery,
    callback_data: MemberCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        card = await open_card(
            session, employee, callback_data.employee, callback_data.period, clock()
        )
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    await show_card(callback_message(callback), card)


@router.callback_query(RateCb.filter())
async def rating_tapped(
    callback: CallbackQuery,
    callback_data: RateCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    use_case = rate_result if callback_data.aspect is Aspect.RESULT else rate_behaviour
    try:
        evaluation = await use_case(
            session,
            employee,
            callback_data.evaluation,
            callback_data.rating,
            now=clock(),
            version=callback_data.version,
        )
    except DomainError as exc:
        await refuse(callback, exc)
        return
    await callback.answer(_("Saved."))
    await show_card(callback_message(callback), await evaluation_card(session, evaluation))


@router.callback_query(ValueCb.filter())
async def value_rated(
    callback: CallbackQuery,
    callback_data: ValueCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    """Saved, then the next value's screen (the card after the last one)."""
    try:
        evaluation = await rate_value(
            session,
            employee,
            callback_data.evaluation,
            callback_data.value,
            callback_data.rating,
            now=clock(),
            version=callback_data.version,
        )
    except DomainError as exc:
        await refuse(callback, exc)
        return
    await callback.answer(_("Saved."))
    card = await evaluation_card(session, evaluation)
    values = list(CoreValue)
    index = values.index(callback_data.value)
    message = callback_message(callback)
    if index + 1 < len(values):
        following = values[index + 1]
        await show(message, value_text(card, following), value_keyboard(card, following))
    else:
        await show_card(message, card)


@router.callback_query(ViewCb.filter())
async def view_tapped(
    callback: CallbackQuery,
    callback_data: ViewCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    state: FSMContext,
) -> None:
    now = clock()
    try:
        card = await assessor_card(
            session, employee, callback_data.evaluation, now, callback_data.version
        )
    except DomainError:
        await reject_stale(callback)
        return
    view = callback_data.view
    if view is View.CONFIRM and card.plan_status is not None and not card.plan_approved:
        await callback.answer(problem_text(Invalid(Problem.PLAN_NOT_APPROVED)), show_alert=True)
        return
    await callback.answer()
    if await state.get_state() == EvalForm.text.state:
        await state.clear()  # "Cancel" of a question, or the card left behind it
    message = callback_message(callback)
    if view is View.CARD:
        await show_card(message, card)
    elif view is View.VALUES:
        value = callback_data.value or next(iter(CoreValue))
        await show(message, value_text(card, value), value_keyboard(card, value))
    elif view is View.NOTES:
        await show(message, notes_text(card), notes_keyboard(card))
    else:
        evaluation = await assessable_evaluation(session, employee, card.id, now)
        curve = await curve_with(session, employee, evaluation, now=now)
        if view is View.CURVE:
            await show(message, curve_text(curve, card.period_key), back_keyboard(card))
        else:
            await show(message, confirm_text(curve, card.period_key), confirm_keyboard(card))


@router.callback_query(FinaliseCb.filter())
async def finalise(
    callback: CallbackQuery,
    callback_data: FinaliseCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    message = callback_message(callback)
    try:
        card = await assessor_card(
            session, employee, callback_data.evaluation, clock(), callback_data.version
        )
        evaluation, breaches = await finalize(session, employee, card.id, now=clock())
    except CurveBlocked as exc:
        await callback.answer(
            _("The team distribution breaks the curve; adjust first."), show_alert=True
        )
        await show(message, "\n".join(breach_line(b) for b in exc.breaches), back_keyboard(card))
        return
    except DomainError as exc:
        await refuse(callback, exc)
        return
    await callback.answer()
    text = _("✅ Final: {p}. The employee has been sent the evaluation.").format(
        p=predicate_label(evaluation.predicate)
    )
    if breaches:
        text += "\n" + "\n".join(breach_line(b) for b in breaches)
    await show(message, text, final_keyboard(card))
