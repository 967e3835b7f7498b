"""Admin chat tools: agency settings (/pengaturan), the calendar (/libur), announcements
(/umumkan)."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import CommandObject, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import DbId
from handlers.commands import command
from handlers.stale import callback_message, reject_stale
from handlers.texts.format import format_day
from handlers.texts.problems import problem_text
from models import DayKind, Employee
from services.announcements import announce, delivery_status, top_units
from services.audit import Actor
from services.calendar_admin import remove_override, set_override, upcoming_days
from services.clock import Clock
from services.dateparse import parse_date_range
from services.errors import DomainError, Invalid, NotFound
from services.localtime import agency_of, employee_today
from services.settings import agency_settings, update_agency_setting

router = Router(name="admin_tools")
router.message.filter(filters.registered, filters.admin)
router.callback_query.filter(filters.registered, filters.admin)


class AnnounceForm(StatesGroup):
    text = State()


class AnnounceCb(CallbackData, prefix="an"):
    action: str  # unit | status
    id: DbId = 0


def _settings_text(values: dict[str, object]) -> str:
    quiet = values["tenang"]
    assert isinstance(quiet, tuple)
    return "\n".join(
        [
            _("⚙️ <b>Agency settings</b>"),
            _("pengingat (daily reminder): {v}").format(v=f"{values['pengingat']:%H.%M}"),
            _("pagi (next-morning nudge): {v}").format(v=f"{values['pagi']:%H.%M}"),
            _("nudge (nudge on/off): {v}").format(v=_("yes") if values["nudge"] else _("no")),
            _("digest (supervisor digest): {v}").format(v=f"{values['digest']:%H.%M}"),
            _("tenang (sending window): {start}-{end}").format(
                start=f"{quiet[0]:%H.%M}", end=f"{quiet[1]:%H.%M}"
            ),
            _("hari_kerja (workdays, 1=Monday): {v}").format(v=values["hari_kerja"]),
            _("kurva (curve breaches: blok or peringatan): {v}").format(v=values["kurva"]),
            "",
            _("Change one with e.g. /pengaturan pengingat 16.00 or /pengaturan tenang 06.00-21.00"),
        ]
    )


@router.message(command("pengaturan"))
async def settings_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    agency = await agency_of(session, employee)
    args = (command.args or "").split(maxsplit=1)
    if len(args) == 2:
        try:
            await update_agency_setting(
                session, Actor.employee(employee.id), agency, args[0].lower(), args[1], now=clock()
            )
        except Invalid:
            await message.answer(
                _("That setting or value is not valid; nothing changed.")
                + "\n\n"
                + _settings_text(agency_settings(agency))
            )
            return
        await message.answer(_("✅ Saved.") + "\n\n" + _settings_text(agency_settings(agency)))
        return
    await message.answer(_settings_text(agency_settings(agency)))


@router.message(command("libur"))
async def holidays_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    agency = await agency_of(session, employee)
    today = await employee_today(session, employee, clock())
    args = (command.args or "").split(maxsplit=2)
    actor = Actor.employee(employee.id)
    if args and args[0].lower() in ("tambah", "kerja", "hapus"):
        if len(args) < 2:
            await message.answer(_holidays_usage())
            return
        try:
            day, _end = parse_date_range(args[1], today)
            if args[0].lower() == "hapus":
                await remove_override(session, actor, agency, day, now=clock())
            else:
                kind = DayKind.HOLIDAY if args[0].lower() == "tambah" else DayKind.WORKDAY
                name = args[2] if len(args) > 2 else ""
                await set_override(session, actor, agency, day, kind, name, now=clock())
        except Invalid as exc:
            await message.answer(problem_text(exc) + "\n\n" + _holidays_usage())
            return
        except NotFound:
            await message.answer(_("That day has no change of yours to remove."))
            return
    days = await upcoming_days(session, agency, today)
    labels = {"national": "🇮🇩", "libur": "🏖", "kerja": "💼"}
    lines = [_("📅 <b>Holidays and changes, next 90 days</b>")]
    lines += [f"{labels[d.source]} {format_day(d.day)} · {escape(d.name)}" for d in days]
    lines += ["", _holidays_usage()]
    await message.answer("\n".join(lines))


def _holidays_usage() -> str:
    return escape(
        _(
            "/libur tambah <date> <name> — an extra holiday (regional, cuti bersama)\n"
            "/libur kerja <date> <name> — a workday after all (a moved holiday)\n"
            "/libur hapus <date> — undo your change for that day"
        )
    )


@router.message(command("umumkan"))
async def announce_command(message: Message, state: FSMContext) -> None:
    await state.set_state(AnnounceForm.text)
    await state.set_data({})
    await message.answer(_("Write the announcement (or /batal):"))


@router.message(StateFilter(AnnounceForm.text), filters.typed_text)
async def announcement_typed(
    message: Message, state: FSMContext, session: AsyncSession, employee: Employee
) -> None:
    text = (message.text or "").strip()
    if len(text) < 3:
        await message.answer(_("Please write a message."))
        return
    await state.set_data({"text": text})
    agency = await agency_of(session, employee)
    kb = InlineKeyboardBuilder()
    kb.button(text=_("👥 Everyone"), callback_data=AnnounceCb(action="unit", id=0))
    for unit in await top_units(session, agency):
        kb.button(text=unit.path[-40:], callback_data=AnnounceCb(action="unit", id=unit.id))
    kb.adjust(1)
    await message.answer(_("Who should receive it?"), reply_markup=kb.as_markup())


@router.message(StateFilter(AnnounceForm.text), filters.not_command)
async def announcement_expected(message: Message) -> None:
    await message.answer(_("Please type the announcement as text, or /batal."))


@router.callback_query(AnnounceCb.filter(F.action == "unit"))
async def announcement_target(
    callback: CallbackQuery,
    callback_data: AnnounceCb,
    state: FSMContext,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    data = await state.get_data()
    if not data.get("text"):
        await reject_stale(callback)
        return
    agency = await agency_of(session, employee)
    try:
        item = await announce(
            session,
            Actor.employee(employee.id),
            agency,
            data["text"],
            callback_data.id or None,
            now=clock(),
        )
    except (DomainError, Invalid):
        await reject_stale(callback)
        return
    await state.clear()
    await callback.answer()
    kb = InlineKeyboardBuilder()
    kb.button(text=_("🔄 Delivery status"), callback_data=AnnounceCb(action="status", id=item.id))
    await callback_message(callback).edit_text(
        _("📢 Queued for {n} people. Sending respects rate limits and quiet hours.").format(
            n=item.recipients
        ),
        reply_markup=kb.as_markup(),
    )


@router.callback_query(AnnounceCb.filter(F.action == "status"))
async def announcement_status(
    callback: CallbackQuery, callback_data: AnnounceCb, session: AsyncSession, employee: Employee
) -> None:
    try:
        status = await delivery_status(session, Actor.employee(employee.id), callback_data.id)
    except NotFound:
        await reject_stale(callback)
        return
    await callback.answer(
        _("Delivered {sent} of {total}; waiting {pending}; failed {failed}.").format(
            sent=status.sent, total=status.total, pending=status.pending, failed=status.failed
        ),
        show_alert=True,
    )
