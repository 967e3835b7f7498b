"""/nilai (assessor): rate a subordinate for a period — Hasil Kerja with realization on
screen, Perilaku Kerja per BerAKHLAK value with its guides, feedback, recommendation, the
team curve, then finalise. /evaluasi (employee): read, answer, acknowledge, download."""

from __future__ import annotations

from datetime import datetime
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, StateFilter
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
from handlers.document_files import send_document_file
from handlers.fit import fit, shorten
from handlers.stale import callback_message, drop_keyboard, reject_stale
from handlers.texts.format import period_label
from handlers.texts.plans import breach_line, org_label, predicate_label, rating_label
from handlers.texts.problems import problem_text
from models import CoreValue, Employee, Evaluation, EvaluationStatus
from services.audit import Actor
from services.clock import Clock
from services.core_values import CORE_VALUE_GUIDES, CORE_VALUE_NAMES
from services.curve import OrgPredicate
from services.documents import evaluation_document
from services.errors import DomainError, Invalid, Locked, NotAllowed
from services.evaluation import (
    CurveBlocked,
    acknowledge,
    assessable_evaluation,
    evaluation_plan,
    finalize,
    lower_units,
    my_evaluations,
    open_evaluation,
    rate,
    readable_evaluation,
    reopen,
    respond,
    set_unit_predicate,
    team_curve,
    team_for_period,
)
from services.localtime import agency_of, employee_today
from services.numbers import is_number
from services.periods import annual_key, bounds, last_ended
from services.plan_progress import realized_by_item
from services.predicate import Rating, predicate

router = Router(name="evaluation")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)

ICONS = {Rating.ABOVE: "⬆️", Rating.AS_EXPECTED: "✔️", Rating.BELOW: "⬇️"}


class EvalCb(CallbackData, prefix="ev"):
    action: str
    id: DbId = 0
    arg: str = ""


class EvalForm(StatesGroup):
    text = State()


async def _periods(session: AsyncSession, employee: Employee, clock: Clock) -> list[str]:
    agency = await agency_of(session, employee)
    today = await employee_today(session, employee, clock())
    year = today.year - 1 if today.month == 1 else today.year
    return [last_ended(agency.evaluation_period, today), annual_key(year)]


@router.message(command("nilai"))
async def rate_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    kb = InlineKeyboardBuilder()
    for key in await _periods(session, employee, clock):
        kb.button(text=period_label(key), callback_data=EvalCb(action="period", arg=key))
    await message.answer(_("Which period do you want to rate?"), reply_markup=kb.as_markup())


@router.callback_query(EvalCb.filter(F.action == "period"))
async def period_chosen(
    callback: CallbackQuery,
    callback_data: EvalCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        members = await team_for_period(session, employee, callback_data.arg, clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    if not members:
        await callback_message(callback).answer(_("You have no team members to rate."))
        return
    kb = InlineKeyboardBuilder()
    for member in members:
        status = (
            "✅"
            if member.evaluation and member.evaluation.status is not EvaluationStatus.DRAFT
            else "✏️"
            if member.evaluation
            else "•"
        )
        kb.button(
            text=f"{status} {member.employee.name}",
            callback_data=EvalCb(action="open", id=member.employee.id, arg=callback_data.arg),
        )
    kb.adjust(1)
    await callback_message(callback).answer(
        _("Period {period}: choose a team member.").format(period=period_label(callback_data.arg)),
        reply_markup=kb.as_markup(),
    )


async def _card(session: AsyncSession, evaluation: Evaluation) -> tuple[str, InlineKeyboardMarkup]:
    employee = await session.get(Employee, evaluation.employee_id)
    assert employee is not None
    _start, end = bounds(evaluation.period_key)
    plan = await evaluation_plan(session, evaluation)
    realized = (
        await realized_by_item(session, [i.id for i in plan.items], until=end) if plan else {}
    )

    def render(budget: int) -> str:
        lines = [
            _("📝 <b>{name}</b> · {period}").format(
                name=escape(employee.name), period=period_label(evaluation.period_key)
            )
        ]
        for item in plan.items if plan else []:
            lines.append(f"<b>{escape(shorten(item.text, budget))}</b>")
            for ind in item.indicators:
                got = realized.get((item.id, ind.target_unit.lower()), 0)
                lines.append(
                    f"• {escape(shorten(ind.text, budget))}: {got} / "
                    f"{ind.target_value.normalize():f} {escape(ind.target_unit)}"
                )
        if not plan:
            lines.append(_("No SKP for this period."))
        lines += [
            "",
            _("Hasil Kerja: {r}").format(r=rating_label(evaluation.result_rating)),
            _("Perilaku Kerja: {r}").format(r=rating_label(evaluation.behaviour_rating)),
        ]
        lines += [
            f"· {CORE_VALUE_NAMES[CoreValue(v.value)]}: {rating_label(v.rating)}"
            for v in evaluation.values
        ]
        if evaluation.result_rating and evaluation.behaviour_rating:
            result = predicate(
                Rating(evaluation.result_rating), Rating(evaluation.behaviour_rating)
            )
            lines.append(_("Predicate: {p}").format(p=predicate_label(result)))
        if evaluation.recommendation:
            recommendation = escape(shorten(evaluation.recommendation, budget))
            lines.append(_("Recommendation: {r}").format(r=recommendation))
        return "\n".join(lines)

    kb = InlineKeyboardBuilder()
    eid = evaluation.id
    for rating, icon in ICONS.items():
        kb.button(text=f"{icon} HK", callback_data=EvalCb(action="res", id=eid, arg=rating.value))
    for rating, icon in ICONS.items():
        kb.button(text=f"{icon} PK", callback_data=EvalCb(action="beh", id=eid, arg=rating.value))
    kb.button(text=_("🧭 BerAKHLAK values"), callback_data=EvalCb(action="values", id=eid))
    kb.button(text=_("💬 Feedback per RHK"), callback_data=EvalCb(action="notes", id=eid))
    kb.button(text=_("📝 Recommendation"), callback_data=EvalCb(action="rec", id=eid))
    kb.button(text=_("📊 Team curve"), callback_data=EvalCb(action="curve", id=eid))
    kb.button(text=_("✅ Finalise"), callback_data=EvalCb(action="fin", id=eid))
    kb.adjust(3, 3, 2, 2, 1)
    legend = "\n\n" + _("HK = Hasil Kerja, PK = Perilaku Kerja (overall).")
    return fit(lambda budget: render(budget) + legend), kb.as_markup()


@router.callback_query(EvalCb.filter(F.action == "open"))
async def open_card(
    callback: CallbackQuery,
    callback_data: EvalCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        evaluation = await open_evaluation(
            session, employee, callback_data.id, callback_data.arg, now=clock()
        )
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    text, kb = await _card(session, evaluation)
    await callback_message(callback).answer(text, reply_markup=kb)


def _refusal(error: DomainError) -> str:
    if isinstance(error, Locked):
        return _("This evaluation is final or past its deadline; an admin can reopen it.")
    if isinstance(error, NotAllowed):
        return _("You are not this employee's assessor.")
    return _("This evaluation no longer exists.")


@router.callback_query(EvalCb.filter(F.action.in_({"res", "beh", "val"})))
async def rating_tapped(
    callback: CallbackQuery,
    callback_data: EvalCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        if callback_data.action == "val":
            value, rating = callback_data.arg.split("|")
            evaluation = await rate(
                session,
                employee,
                callback_data.id,
                now=clock(),
                value=(CoreValue(value), Rating(rating), None),
            )
        else:
            rating_value = Rating(callback_data.arg)
            is_result = callback_data.action == "res"
            evaluation = await rate(
                session,
                employee,
                callback_data.id,
                now=clock(),
                result=rating_value if is_result else None,
                behaviour=None if is_result else rating_value,
            )
    except ValueError:
        await reject_stale(callback)
        return
    except DomainError as exc:
        await reject_stale(callback, _refusal(exc))
        return
    await callback.answer(_("Saved."))
    text, kb = await _card(session, evaluation)
    await callback_message(callback).answer(text, reply_markup=kb)


@router.callback_query(EvalCb.filter(F.action == "values"))
async def values_menu(callback: CallbackQuery, callback_data: EvalCb) -> None:
    await callback.answer()
    for value, name in CORE_VALUE_NAMES.items():
        guides = "\n".join(f"  – {g}" for g in CORE_VALUE_GUIDES[value])
        kb = InlineKeyboardBuilder()
        for rating, icon in ICONS.items():
            kb.button(
                text=f"{icon} {rating_label(rating)}",
                callback_data=EvalCb(
                    action="val", id=callback_data.id, arg=f"{value.value}|{rating.value}"
                ),
            )
        kb.button(
            text=_("💬 Feedback on this value"),
            callback_data=EvalCb(action="valnote", id=callback_data.id, arg=value.value),
        )
        kb.adjust(3, 1)
        await callback_message(callback).answer(
            f"<b>{name}</b>\n{guides}", reply_markup=kb.as_markup()
        )


@router.callback_query(EvalCb.filter(F.action == "notes"))
async def notes_menu(
    callback: CallbackQuery,
    callback_data: EvalCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        evaluation = await assessable_evaluation(session, employee, callback_data.id, clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    plan = await evaluation_plan(session, evaluation)
    if plan is None or not plan.items:
        await callback_message(callback).answer(_("No SKP for this period."))
        return
    kb = InlineKeyboardBuilder()
    for item in plan.items:
        kb.button(
            text=item.text[:60],
            callback_data=EvalCb(action="note", id=evaluation.id, arg=str(item.id)),
        )
    kb.adjust(1)
    await callback_message(callback).answer(
        _("Feedback on which RHK?"), reply_markup=kb.as_markup()
    )


@router.callback_query(EvalCb.filter(F.action.in_({"rec", "resp", "note", "valnote"})))
async def ask_text(callback: CallbackQuery, callback_data: EvalCb, state: FSMContext) -> None:
    await callback.answer()
    await state.set_state(EvalForm.text)
    await state.set_data(
        {"mode": callback_data.action, "id": callback_data.id, "arg": callback_data.arg}
    )
    prompt = {
        "rec": _("Write the development recommendation (e.g. a training):"),
        "resp": _("Write your response to the evaluation:"),
        "note": _("Write your feedback on this RHK:"),
        "valnote": _("Write your feedback on this value:"),
    }[callback_data.action]
    await callback_message(callback).answer(prompt)


@router.message(StateFilter(EvalForm.text), filters.typed_text)
async def text_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    data = await state.get_data()
    try:
        text = message.text or ""
        evaluation_id = int(data["id"])
        if data["mode"] == "rec":
            await rate(session, employee, evaluation_id, now=clock(), recommendation=text)
        elif data["mode"] == "note" and is_number(data.get("arg", "")):
            await rate(session, employee, evaluation_id, now=clock(), note=(int(data["arg"]), text))
        elif data["mode"] == "valnote" and data.get("arg") in {v.value for v in CoreValue}:
            feedback = (CoreValue(data["arg"]), text)
            await rate(session, employee, evaluation_id, now=clock(), value_feedback=feedback)
        elif data["mode"] == "resp":
            await respond(session, employee, evaluation_id, text, now=clock())
        else:
            raise NotAllowed("form")
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    except DomainError as exc:
        await state.clear()
        await message.answer(_refusal(exc))
        return
    await state.clear()
    await message.answer(_("✅ Saved."))


@router.message(StateFilter(EvalForm.text), filters.not_command)
async def text_expected(message: Message) -> None:
    await message.answer(_("Please type your answer as text, or /batal."))


async def _curve_text(
    session: AsyncSession, employee: Employee, evaluation: Evaluation, now: datetime
) -> str:
    extra = None
    if evaluation.result_rating and evaluation.behaviour_rating:
        extra = predicate(Rating(evaluation.result_rating), Rating(evaluation.behaviour_rating))
    curve = await team_curve(
        session, employee, evaluation.period_key, extra, evaluation.id, now=now
    )
    counts: dict[str, int] = {}
    for p in curve.predicates:
        counts[predicate_label(p)] = counts.get(predicate_label(p), 0) + 1
    lines = [
        _("📊 <b>Team distribution</b> {period}").format(period=period_label(evaluation.period_key))
    ]
    lines += [f"• {name}: {n}" for name, n in counts.items()] or [_("No final ratings yet.")]
    if curve.org is None:
        lines.append(_("The unit's organisation predicate is not set yet."))
    else:
        lines.append(_("Organisation predicate: {p}").format(p=org_label(curve.org)))
        lines += [breach_line(b) for b in curve.breaches] or [_("✔️ Within the curve.")]
    return "\n".join(lines)


@router.callback_query(EvalCb.filter(F.action.in_({"curve", "fin"})))
async def curve_or_confirm(
    callback: CallbackQuery,
    callback_data: EvalCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        evaluation = await assessable_evaluation(session, employee, callback_data.id, clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    text = await _curve_text(session, employee, evaluation, clock())
    kb = None
    if callback_data.action == "fin":
        builder = InlineKeyboardBuilder()
        builder.button(
            text=_("✅ Yes, finalise"), callback_data=EvalCb(action="finok", id=evaluation.id)
        )
        kb = builder.as_markup()
        text += "\n\n" + _("Finalise this evaluation? The employee will receive it.")
    await callback_message(callback).answer(text, reply_markup=kb)


@router.callback_query(EvalCb.filter(F.action == "finok"))
async def finalise(
    callback: CallbackQuery,
    callback_data: EvalCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        evaluation, breaches = await finalize(session, employee, callback_data.id, now=clock())
    except CurveBlocked as exc:
        await reject_stale(callback, _("The team distribution breaks the curve; adjust first."))
        await callback_message(callback).answer("\n".join(breach_line(b) for b in exc.breaches))
        return
    except Invalid as exc:
        await reject_stale(callback, problem_text(exc))
        return
    except DomainError as exc:
        await reject_stale(callback, _refusal(exc))
        return
    await callback.answer()
    text = _("✅ Final: {p}. The employee has been sent the evaluation.").format(
        p=predicate_label(evaluation.predicate)
    )
    if breaches:
        text += "\n" + "\n".join(breach_line(b) for b in breaches)
    await callback_message(callback).edit_text(text)


def employee_keyboard(evaluation: Evaluation) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("💬 Respond"), callback_data=EvalCb(action="resp", id=evaluation.id))
    if evaluation.status is EvaluationStatus.FINAL:
        kb.button(text=_("✅ Acknowledge"), callback_data=EvalCb(action="ack", id=evaluation.id))
    kb.button(text="📄 PDF", callback_data=EvalCb(action="pdf", id=evaluation.id))
    kb.button(text="📊 XLSX", callback_data=EvalCb(action="xlsx", id=evaluation.id))
    kb.adjust(2, 2)
    return kb.as_markup()


def evaluation_summary(evaluation: Evaluation) -> str:
    return "\n".join(
        [
            _("📋 <b>Evaluation {period}</b>").format(period=period_label(evaluation.period_key)),
            _("Hasil Kerja: {r}").format(r=rating_label(evaluation.result_rating)),
            _("Perilaku Kerja: {r}").format(r=rating_label(evaluation.behaviour_rating)),
            _("Predicate: {p}").format(p=predicate_label(evaluation.predicate)),
        ]
        + (
            [_("Recommendation: {r}").format(r=escape(evaluation.recommendation))]
            if evaluation.recommendation
            else []
        )
    )


@router.message(command("evaluasi"))
async def my_evaluations_command(
    message: Message, session: AsyncSession, employee: Employee
) -> None:
    evaluations = await my_evaluations(session, employee)
    if not evaluations:
        await message.answer(_("No evaluations yet."))
        return
    for evaluation in evaluations[:4]:
        await message.answer(
            evaluation_summary(evaluation), reply_markup=employee_keyboard(evaluation)
        )


@router.callback_query(EvalCb.filter(F.action == "ack"))
async def acknowledge_tapped(
    callback: CallbackQuery,
    callback_data: EvalCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        await acknowledge(session, employee, callback_data.id, now=clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer(_("✅ Acknowledged."))
    await drop_keyboard(callback_message(callback))


@router.callback_query(EvalCb.filter(F.action.in_({"pdf", "xlsx"})))
async def evaluation_file(
    callback: CallbackQuery,
    callback_data: EvalCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        evaluation = await readable_evaluation(session, employee, callback_data.id, clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    doc = await evaluation_document(session, evaluation, await evaluation_plan(session, evaluation))
    await send_document_file(
        bot,
        callback_message(callback).chat.id,
        doc,
        callback_data.action,
        await employee_today(session, employee, clock()),
    )


@router.message(command("predikatunit"))
async def unit_predicate_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    units = await lower_units(session, employee)
    if not units:
        await message.answer(_("There is no unit below yours."))
        return
    period = (await _periods(session, employee, clock))[0]
    kb = InlineKeyboardBuilder()
    for unit in units:
        kb.button(text=unit.path[-50:], callback_data=EvalCb(action="unit", id=unit.id, arg=period))
    kb.adjust(1)
    await message.answer(
        _("Organisation predicate for {period}: choose a unit.").format(
            period=period_label(period)
        ),
        reply_markup=kb.as_markup(),
    )


@router.callback_query(EvalCb.filter(F.action == "unit"))
async def unit_chosen(callback: CallbackQuery, callback_data: EvalCb) -> None:
    await callback.answer()
    kb = InlineKeyboardBuilder()
    for value in OrgPredicate:
        kb.button(
            text=org_label(value),
            callback_data=EvalCb(
                action="setunit", id=callback_data.id, arg=f"{callback_data.arg}|{value.value}"
            ),
        )
    kb.adjust(1)
    await callback_message(callback).answer(_("Which predicate?"), reply_markup=kb.as_markup())


@router.callback_query(EvalCb.filter(F.action == "setunit"))
async def unit_set(
    callback: CallbackQuery,
    callback_data: EvalCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        period, value = callback_data.arg.split("|")
        await set_unit_predicate(
            session, employee, callback_data.id, period, OrgPredicate(value), now=clock()
        )
    except ValueError:
        await reject_stale(callback)
        return
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
    if not command.args or not is_number(command.args.strip()):
        await message.answer(escape(_("Usage: /bukaevaluasi <evaluation number>")))
        return
    try:
        await reopen(
            session, Actor.employee(employee.id), employee.agency_id, int(command.args), now=clock()
        )
    except DomainError:
        await message.answer(_("No such evaluation."))
        return
    await message.answer(_("✅ Reopened; the assessor can change it again."))
