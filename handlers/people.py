"""Admin chat commands for people who move or leave: /mutasi (a transfer from an effective
date, with the person's posting history) and /berhenti (a leaver, confirmed with a button)."""

from __future__ import annotations

import enum
import re
from html import escape

from aiogram import F, Router
from aiogram.filters import CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.callback_types import DbId, IsoDay, parse_day
from handlers.commands import command
from handlers.fit import shorten
from handlers.stale import callback_message, drop_keyboard, reject_stale
from handlers.texts.format import format_day
from handlers.texts.problems import problem_text
from models import Employee, LeaveReason
from services.assignments import employee_by_nip
from services.audit import Actor
from services.clock import Clock
from services.dateparse import parse_day as parse_typed_day
from services.errors import Invalid, NotAllowed, NotFound
from services.leavers import active_nip, deactivate, parse_reason, plan_departure
from services.localtime import employee_today
from services.postings import Stint, history
from services.transfers import transfer

router = Router(name="people")
router.message.filter(filters.registered, filters.admin)
router.callback_query.filter(filters.registered, filters.admin)

MAX_HISTORY_LINES = 10
_FIELD = re.compile(r"\b(atasan|supervisor|unit|jabatan|position)\s*[:=]\s*", re.IGNORECASE)
_FIELD_NAMES = {"atasan": "supervisor", "unit": "unit", "jabatan": "position"}


class LeaverAction(enum.StrEnum):
    CONFIRM = "ok"
    CANCEL = "no"


class LeaverCb(CallbackData, prefix="pp"):
    action: LeaverAction
    employee: DbId
    reason: LeaveReason
    day: IsoDay


def reason_label(reason: LeaveReason) -> str:
    return {
        LeaveReason.RETIRED: _("retirement"),
        LeaveReason.TRANSFERRED_OUT: _("transfer to another agency"),
        LeaveReason.DECEASED: _("deceased"),
        LeaveReason.DISMISSED: _("dismissal"),
    }[reason]


def _usage_transfer() -> str:
    return escape(
        _(
            "Usage: /mutasi <NIP> <effective date> atasan: <NIP or -> unit: <unit> "
            "jabatan: <position>\n(give at least one of atasan, unit, jabatan), e.g.\n"
            "/mutasi 198507172010011002 1/3/2026 atasan: 197001012000011001 jabatan: Analis\n"
            "The date may lie up to 90 days ahead. /mutasi <NIP> alone shows where the person "
            "was when."
        )
    )


def _fields(text: str) -> dict[str, str] | None:
    """`atasan: … unit: … jabatan: …` in any order (None if text is left before the first)."""
    parts = _FIELD.split(text)
    if parts[0].strip():
        return None
    found: dict[str, str] = {}
    for name, value in zip(parts[1::2], parts[2::2], strict=True):
        key = _FIELD_NAMES.get(name.lower(), name.lower())
        found[key] = value.strip()
    return found


def _stint_line(stint: Stint) -> str:
    span = format_day(stint.start) + " – " + (format_day(stint.end) if stint.end else _("now"))
    boss = stint.supervisor or "-"
    return _("• {span}: {position}, {unit}; supervisor {boss}").format(
        span=span,
        position=escape(shorten(stint.position, 80)),
        unit=escape(shorten(stint.unit, 120)),
        boss=escape(shorten(boss, 80)),
    )


async def _history_text(session: AsyncSession, person: Employee) -> str:
    stints = await history(session, person)
    lines = [_stint_line(s) for s in stints[:MAX_HISTORY_LINES]]
    if len(stints) > MAX_HISTORY_LINES:
        lines.append(_("… and {n} earlier").format(n=len(stints) - MAX_HISTORY_LINES))
    head = _("🗂 <b>{name}</b>: where they were when").format(name=escape(shorten(person.name, 100)))
    return "\n".join([head, *lines])


@router.message(command("mutasi"))
async def transfer_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    words = (command.args or "").split(maxsplit=2)
    if len(words) == 1:
        try:
            person = await employee_by_nip(session, employee.agency_id, words[0])
        except NotFound:
            await message.answer(_("No active employee has that NIP. Check the number."))
            return
        await message.answer(await _history_text(session, person))
        return
    fields = _fields(words[2]) if len(words) == 3 else None
    if not fields:
        await message.answer(_usage_transfer())
        return
    try:
        day = parse_typed_day(words[1], await employee_today(session, employee, clock()))
        move = await transfer(
            session,
            Actor.employee(employee.id),
            employee.agency_id,
            words[0],
            unit=fields.get("unit") or None,
            supervisor_nip=fields.get("supervisor") or None,
            position=fields.get("position") or None,
            valid_from=day,
            now=clock(),
        )
    except NotFound:
        await message.answer(_("No active employee has that NIP. Check the number."))
        return
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    name, day_text = escape(shorten(move.employee.name, 100)), format_day(move.valid_from)
    if move.scheduled:
        done = _(
            "🗓 The transfer of {name} from {day} is recorded. It takes effect on that day; the "
            "supervisors are told then, {name} is told now."
        ).format(name=name, day=day_text)
        await message.answer(done + "\n\n" + await _history_text(session, move.employee))
        return
    done = _("✅ {name} is transferred from {day}.").format(name=name, day=day_text)
    if move.old_supervisor_id != move.new_supervisor_id:
        done += "\n" + _(
            "Reports before that date stay with the previous supervisor; {n} pending report(s) "
            "from that date go to the new one. Both are told."
        ).format(n=move.moved)
    await message.answer(done + "\n\n" + await _history_text(session, move.employee))


def _usage_leaver() -> str:
    return escape(
        _(
            "Usage: /berhenti <NIP> <reason> <date>; reason: pensiun, pindah keluar, meninggal "
            "or diberhentikan, e.g. /berhenti 198507172010011002 pensiun 1/3/2026"
        )
    )


@router.message(command("berhenti"))
async def leaver_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    words = (command.args or "").split()
    if len(words) < 3:
        await message.answer(_usage_leaver())
        return
    try:
        reason = parse_reason(" ".join(words[1:-1]))
        day = parse_typed_day(words[-1], await employee_today(session, employee, clock()))
        plan = await plan_departure(
            session, Actor.employee(employee.id), employee.agency_id, words[0], day, now=clock()
        )
    except NotFound:
        await message.answer(_("No active employee has that NIP. Check the number."))
        return
    except Invalid as exc:
        await message.answer(problem_text(exc))
        return
    successor = plan.successor.name if plan.successor else _("nobody (no supervisor above)")
    text = _(
        "Deactivate <b>{name}</b> ({reason}) from {day}?\n"
        "Their Telegram is unlinked at once and they receive nothing more; their history stays. "
        "Their team's open verifications go to {successor}."
    ).format(
        name=escape(shorten(plan.leaver.name, 100)),
        reason=reason_label(reason),
        day=format_day(day),
        successor=escape(shorten(successor, 100)),
    )
    kb = InlineKeyboardBuilder()
    for label, action in (
        (_("✅ Deactivate"), LeaverAction.CONFIRM),
        (_("Cancel"), LeaverAction.CANCEL),
    ):
        kb.button(
            text=label,
            callback_data=LeaverCb(
                action=action, employee=plan.leaver.id, reason=reason, day=day.isoformat()
            ),
        )
    await message.answer(text, reply_markup=kb.as_markup())


@router.callback_query(LeaverCb.filter(F.action == LeaverAction.CANCEL))
async def leaver_cancel(callback: CallbackQuery) -> None:
    await callback.answer(_("Nothing changed."))
    await drop_keyboard(callback_message(callback))


@router.callback_query(LeaverCb.filter(F.action == LeaverAction.CONFIRM))
async def leaver_confirm(
    callback: CallbackQuery,
    callback_data: LeaverCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    day = parse_day(callback_data.day)
    if day is None:
        await reject_stale(callback)
        return
    try:
        nip = await active_nip(session, employee.agency_id, callback_data.employee)
        done = await deactivate(
            session,
            Actor.employee(employee.id),
            employee.agency_id,
            nip,
            callback_data.reason,
            day,
            now=clock(),
        )
    except (NotFound, NotAllowed):
        await reject_stale(callback, _("That person is no longer active; nothing changed."))
        return
    except Invalid as exc:
        await reject_stale(callback, problem_text(exc))
        return
    await callback.answer()
    message = callback_message(callback)
    await drop_keyboard(message)
    to = done.successor.name if done.successor else "-"
    await message.answer(
        _(
            "✅ {name} is deactivated from {day}. {team} team member(s) and {n} open "
            "verification(s) now go to {to}."
        ).format(
            name=escape(shorten(done.employee.name, 100)),
            day=format_day(day),
            team=done.team,
            n=done.reassigned,
            to=escape(shorten(to, 100)),
        )
    )
