"""/skp: my plan and its progress, import from a spreadsheet, a short guided entry, submit;
for assessors: approve or return their team's plans; documents as PDF/XLSX."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from html import escape

from aiogram import Bot, F, Router
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
from handlers.document_files import send_document_file
from handlers.fit import fit, shorten
from handlers.stale import callback_message, drop_keyboard, reject_stale
from handlers.texts import staff as texts
from handlers.texts.plans import render_progress
from handlers.texts.problems import problem_text
from models import Employee, Plan, PlanStatus, ResultKind
from services.clock import Clock
from services.documents import plan_document
from services.errors import DomainError, Invalid, NotAllowed
from services.localtime import employee_today
from services.plan_import import import_plan
from services.plan_progress import plan_progress
from services.plans import (
    IndicatorInput,
    ItemInput,
    NotCascaded,
    check_target_value,
    decide_plan,
    plans_to_decide,
    readable_plan,
    save_draft,
    submit_plan,
    supervisor_items,
)
from services.staff_import import ImportRejected

router = Router(name="plans")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


class PlanCb(CallbackData, prefix="pl"):
    action: str  # submit | pdf | xlsx | team | ok | back | parent | more | save
    id: DbId = 0


class PlanForm(StatesGroup):
    rhk = State()
    iki = State()
    target = State()
    return_note = State()


def _plan_keyboard(plan: Plan, to_decide: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        kb.button(
            text=_("📤 Submit to assessor"), callback_data=PlanCb(action="submit", id=plan.id)
        )
    kb.button(text="📄 PDF", callback_data=PlanCb(action="pdf", id=plan.id))
    kb.button(text="📊 XLSX", callback_data=PlanCb(action="xlsx", id=plan.id))
    if to_decide:
        kb.button(
            text=_("🗂 Team plans to approve ({n})").format(n=to_decide),
            callback_data=PlanCb(action="team"),
        )
    kb.adjust(1, 2, 1)
    return kb.as_markup()


def _how_to_start() -> str:
    return escape(
        _(
            "No SKP for this year yet. Send an .xlsx file with the caption SKP (columns: jenis, "
            "rhk_atasan, rhk, aspek, iki, target, satuan, optional rencana_aksi_1…12), "
            "or type /skp_baru to enter it step by step."
        )
    )


@router.message(command("skp"))
async def plan_command(
    message: Message, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    progress = await plan_progress(session, employee, clock())
    to_decide = len(await plans_to_decide(session, employee))
    if progress is None:
        kb = InlineKeyboardBuilder()
        if to_decide:
            kb.button(
                text=_("🗂 Team plans to approve ({n})").format(n=to_decide),
                callback_data=PlanCb(action="team"),
            )
        await message.answer(_how_to_start(), reply_markup=kb.as_markup() if to_decide else None)
        return
    await message.answer(
        render_progress(progress), reply_markup=_plan_keyboard(progress.plan, to_decide)
    )


@router.message(filters.skp_document, StateFilter(None))
async def plan_file(
    message: Message, bot: Bot, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    document = message.document
    assert document is not None
    if not (document.file_name or "").lower().endswith(".xlsx"):
        await message.answer(_("Please send the SKP as an .xlsx file."))
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    year = (await employee_today(session, employee, clock())).year
    try:
        plan = await import_plan(session, employee, year, buffer.getvalue(), now=clock())
    except ImportRejected as exc:
        await message.answer(escape(texts.import_rejected(exc.issues)))
        return
    except NotAllowed:
        await message.answer(
            _("Your plan is already submitted or approved; it cannot be replaced.")
        )
        return
    await message.answer(
        _("✅ SKP draft saved with {n} RHK. Check it with /skp, then submit.").format(
            n=len(plan.items)
        )
    )


@router.message(command("skp_baru"))
async def new_plan(message: Message, state: FSMContext) -> None:
    await state.set_state(PlanForm.rhk)
    await state.set_data({"items": []})
    await message.answer(_("RHK 1: what result will you deliver this year? (or /batal)"))


@router.message(StateFilter(PlanForm.rhk), filters.typed_text)
async def rhk_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    text = " ".join((message.text or "").split())
    if len(text) < 5:
        await message.answer(_("Please describe the RHK (at least 5 characters)."))
        return
    data = await state.get_data()
    data["current"] = {"text": text, "parent": None}
    await state.set_data(data)
    day = await employee_today(session, employee, clock())
    parents = await supervisor_items(session, employee, day)
    if not parents:
        await state.set_state(PlanForm.iki)
        await message.answer(_("Its indicator (IKI)? e.g. Jumlah laporan keuangan yang tersusun"))
        return
    kb = InlineKeyboardBuilder()
    for item in parents:
        kb.button(text=item.text[:60], callback_data=PlanCb(action="parent", id=item.id))
    kb.adjust(1)
    await message.answer(
        _("Which RHK of your supervisor does it support?"), reply_markup=kb.as_markup()
    )


@router.callback_query(PlanCb.filter(F.action == "parent"), StateFilter(PlanForm.rhk))
async def parent_chosen(callback: CallbackQuery, callback_data: PlanCb, state: FSMContext) -> None:
    data = await state.get_data()
    data["current"]["parent"] = callback_data.id
    await state.set_data(data)
    await state.set_state(PlanForm.iki)
    await callback.answer()
    await callback_message(callback).answer(
        _("Its indicator (IKI)? e.g. Jumlah laporan keuangan yang tersusun")
    )


@router.message(StateFilter(PlanForm.iki), filters.typed_text)
async def iki_typed(message: Message, state: FSMContext) -> None:
    text = " ".join((message.text or "").split())
    if len(text) < 5:
        await message.answer(_("Please describe the indicator (at least 5 characters)."))
        return
    data = await state.get_data()
    data["current"]["iki"] = text
    await state.set_data(data)
    await state.set_state(PlanForm.target)
    await message.answer(_("Target? A number and a unit, e.g. 12 dokumen."))


@router.message(StateFilter(PlanForm.target), filters.typed_text)
async def target_typed(message: Message, state: FSMContext) -> None:
    parts = (message.text or "").strip().split(maxsplit=1)
    try:
        value = Decimal(parts[0].replace(",", "."))
        check_target_value(value, parts[1])
    except (InvalidOperation, IndexError, Invalid):
        await message.answer(_("Write the target as a number and a unit, e.g. 12 dokumen."))
        return
    data = await state.get_data()
    current = data.pop("current")
    data["items"].append(current | {"target": str(value), "unit": parts[1]})
    await state.set_data(data)
    await state.set_state(None)
    await state.set_data(data | {"building": True})
    kb = InlineKeyboardBuilder()
    kb.button(text=_("➕ Another RHK"), callback_data=PlanCb(action="more"))
    kb.button(text=_("💾 Save draft"), callback_data=PlanCb(action="save"))
    await message.answer(
        _("Added RHK {n}.").format(n=len(data["items"])), reply_markup=kb.as_markup()
    )


@router.callback_query(PlanCb.filter(F.action == "more"))
async def more_items(callback: CallbackQuery, state: FSMContext) -> None:
    data = await state.get_data()
    if not data.get("building"):
        await reject_stale(callback)
        return
    await callback.answer()
    await state.set_state(PlanForm.rhk)
    await callback_message(callback).answer(
        _("RHK {n}: what result will you deliver? (or /batal)").format(n=len(data["items"]) + 1)
    )


@router.callback_query(PlanCb.filter(F.action == "save"))
async def save_items(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    data = await state.get_data()
    if not data.get("building") or not data.get("items"):
        await reject_stale(callback)
        return
    items = [
        ItemInput(
            text=i["text"],
            kind=ResultKind.MAIN,
            parent_item_id=i["parent"],
            indicators=[IndicatorInput(i["iki"], Decimal(i["target"]), i["unit"])],
        )
        for i in data["items"]
    ]
    year = (await employee_today(session, employee, clock())).year
    try:
        await save_draft(session, employee, year, items, now=clock())
    except NotAllowed:
        await reject_stale(callback, _("Your plan is already submitted or approved."))
        return
    except Invalid as exc:
        await reject_stale(callback, problem_text(exc))
        return
    await state.clear()
    await callback.answer()
    await callback_message(callback).edit_text(
        _("✅ SKP draft saved. Check it with /skp, then submit.")
    )


@router.callback_query(PlanCb.filter(F.action == "submit"))
async def submit(
    callback: CallbackQuery,
    callback_data: PlanCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        await submit_plan(session, employee, callback_data.id, now=clock())
    except (DomainError, Invalid):
        await reject_stale(callback)
        return
    await callback.answer(_("📤 Submitted to your assessor."))
    await drop_keyboard(callback_message(callback))


@router.callback_query(PlanCb.filter(F.action.in_({"pdf", "xlsx"})))
async def document(
    callback: CallbackQuery,
    callback_data: PlanCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        plan = await readable_plan(session, employee, callback_data.id, clock())
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer()
    await send_document_file(
        bot,
        callback_message(callback).chat.id,
        await plan_document(session, plan),
        callback_data.action,
        await employee_today(session, employee, clock()),
    )


def _team_plan_keyboard(plan: Plan) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("✅ Approve"), callback_data=PlanCb(action="ok", id=plan.id))
    kb.button(text=_("↩️ Return"), callback_data=PlanCb(action="back", id=plan.id))
    kb.button(text="📄 PDF", callback_data=PlanCb(action="pdf", id=plan.id))
    kb.adjust(2, 1)
    return kb.as_markup()


def _plan_summary(name: str, year: int, items: list[str]) -> str:
    head = _("📋 <b>{name}</b> · SKP {year}").format(name=escape(name), year=year)
    return fit(
        lambda budget: "\n".join([head, *(f"• {escape(shorten(t, budget))}" for t in items)])
    )


@router.callback_query(PlanCb.filter(F.action == "team"))
async def team_plans(callback: CallbackQuery, session: AsyncSession, employee: Employee) -> None:
    await callback.answer()
    for plan in await plans_to_decide(session, employee):
        owner = await session.get(Employee, plan.employee_id)
        text = _plan_summary(owner.name if owner else "?", plan.year, [i.text for i in plan.items])
        await callback_message(callback).answer(text, reply_markup=_team_plan_keyboard(plan))


@router.callback_query(PlanCb.filter(F.action == "ok"))
async def approve(
    callback: CallbackQuery,
    callback_data: PlanCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    try:
        await decide_plan(session, employee, callback_data.id, True, None, now=clock())
    except NotCascaded as exc:
        names = "\n".join(f"• {escape(i.text)}" for i in exc.items)
        await callback.answer()
        await callback_message(callback).answer(
            _("Cannot approve: these RHK support none of your approved RHK:") + "\n" + names
        )
        return
    except DomainError:
        await reject_stale(callback)
        return
    await callback.answer(_("✅ Approved."))
    await drop_keyboard(callback_message(callback))


@router.callback_query(PlanCb.filter(F.action == "back"))
async def ask_return_note(
    callback: CallbackQuery, callback_data: PlanCb, state: FSMContext
) -> None:
    await callback.answer()
    await state.set_state(PlanForm.return_note)
    await state.set_data({"plan_id": callback_data.id})
    await callback_message(callback).answer(_("What should be changed? Write a note."))


@router.message(StateFilter(PlanForm.return_note), filters.typed_text)
async def return_note_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    data = await state.get_data()
    try:
        await decide_plan(session, employee, int(data["plan_id"]), False, message.text, now=clock())
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    except DomainError:
        await state.clear()
        await message.answer(_("This plan can no longer be returned."))
        return
    await state.clear()
    await message.answer(_("↩️ Returned with your note."))


@router.message(
    StateFilter(PlanForm.rhk, PlanForm.iki, PlanForm.target, PlanForm.return_note),
    filters.not_command,
)
async def plan_text_expected(message: Message) -> None:
    await message.answer(_("Please type your answer as text, or /batal."))
