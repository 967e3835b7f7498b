"""/dataku: a copy of everything the bot holds about me (JSON and XLSX), and a correction
request to the admins. An admin may add a NIP to get someone's copy (audited as a read)."""

from __future__ import annotations

import asyncio
import enum
from html import escape

from aiogram import F, Router
from aiogram.filters import CommandObject, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import DbId
from handlers.commands import command
from handlers.stale import callback_message, reject_stale
from handlers.subject import subject_of
from handlers.texts.problems import problem_text
from models import Employee
from services.clock import Clock
from services.corrections import MAX_CHARS, request_correction
from services.errors import Invalid, NotAllowed
from services.personal_data import personal_data
from services.personal_data_files import to_json, to_xlsx

router = Router(name="my_data")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)


class CorrectionForm(StatesGroup):
    text = State()


class MyDataAction(enum.StrEnum):
    CORRECT = "c"


class MyDataCb(CallbackData, prefix="pd"):
    action: MyDataAction
    person: DbId  # whose copy the button was under: only they may ask for a correction


@router.message(command("dataku"))
async def my_data_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    subject = await subject_of(message, session, employee, command.args)
    if subject is None:
        return
    try:
        data = await personal_data(session, employee, subject, clock())
    except NotAllowed:
        await message.answer(_("Only an admin can get a copy of someone else's data."))
        return
    stamp = f"{data.generated_at:%Y%m%d}"
    xlsx = await asyncio.to_thread(to_xlsx, data)
    await message.answer_document(
        BufferedInputFile(to_json(data), f"dataku-{data.nip}-{stamp}.json")
    )
    await message.answer_document(BufferedInputFile(xlsx, f"dataku-{data.nip}-{stamp}.xlsx"))
    rows = sum(len(r) for r in data.tables.values())
    text = _(
        "📦 <b>Personal data: {name}</b>\n"
        "{rows} records in {tables} tables: profile, reports and evidence details, leave, plans, "
        "evaluations, feedback, invites, notifications, dialog state and the audit rows about "
        "you. The JSON file is complete; the XLSX has one sheet per table.\n"
        "Why each item is kept and for how long is in the bot's data inventory; ask your admin."
    ).format(name=escape(data.name), rows=rows, tables=len(data.tables))
    if subject.id != employee.id:
        await message.answer(text)
        return
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("✏️ Request a correction"),
        callback_data=MyDataCb(action=MyDataAction.CORRECT, person=employee.id),
    )
    await message.answer(
        text + "\n\n" + _("Is something wrong? Tap the button to ask the admins to correct it."),
        reply_markup=kb.as_markup(),
    )


def _prompt() -> str:
    return _(
        "Write what is wrong and what it should be, in one message (at most {limit} "
        "characters), or /batal."
    ).format(limit=MAX_CHARS)


@router.callback_query(MyDataCb.filter(F.action == MyDataAction.CORRECT))
async def correction_button(
    callback: CallbackQuery,
    callback_data: MyDataCb,
    state: FSMContext,
    employee: Employee,
    raw_state: str | None,
) -> None:
    if callback_data.person != employee.id:
        await reject_stale(callback)
        return
    if raw_state == CorrectionForm.text.state:  # a second tap: the question is already there
        await callback.answer(_("I am waiting for your message above."))
        return
    await state.set_state(CorrectionForm.text)
    await state.set_data({})
    await callback.answer()
    await callback_message(callback).answer(_prompt())


@router.message(StateFilter(CorrectionForm.text), filters.typed_text)
async def correction_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee, clock: Clock
) -> None:
    try:
        sent = await request_correction(session, employee, message.text or "", clock())
    except Invalid as exc:
        await message.answer(problem_text(exc) + "\n" + _("Write it again, or /batal."))
        return
    await state.clear()
    if sent.admins:
        await message.answer(
            _(
                "✅ Your correction request was sent to the admins ({n}). They will check it and "
                "correct your data."
            ).format(n=sent.admins)
        )
        return
    await message.answer(
        _(
            "✅ Your correction request was recorded, but no admin can receive it in Telegram "
            "now. Please also tell the staff office."
        )
    )


@router.message(StateFilter(CorrectionForm.text), filters.not_command)
async def correction_expected(message: Message) -> None:
    await message.answer(_("Please type the correction as text, or /batal."))
