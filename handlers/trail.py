"""/jejak: the audit trail of my own items and who opened my data; an admin may add a NIP to
see anyone's."""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.fit import fit_budget, shorten
from handlers.subject import subject_of
from models import AuditLog, Employee
from services.audit_trail import ReadEntry, reads_of, trail_of
from services.clock import Clock
from services.errors import NotAllowed
from services.zones import zone_label

router = Router(name="trail")
router.message.filter(filters.registered)


def _action(code: str) -> str:
    return {
        "activity.create": _("report submitted"),
        "activity.update": _("report edited"),
        "activity.delete": _("report deleted"),
        "activity.approve": _("report approved"),
        "activity.revision": _("revision requested"),
        "activity.reject": _("report rejected"),
        "leave.declare": _("leave declared"),
        "leave.cancel": _("leave cancelled"),
        "feedback.umpan_balik": _("feedback given"),
        "feedback.balasan": _("feedback reply"),
        "feedback.permintaan": _("feedback requested"),
        "feedback.read": _("feedback read"),
        "employee.link_telegram": _("Telegram linked"),
        "employee.create": _("employee added"),
        "employee.update": _("employee data changed"),
        "employee.reassign_supervisor": _("assessor changed"),
        "employee.language": _("language changed"),
        "invite.issue": _("invite issued"),
        "personal_data.correction": _("data correction requested"),
    }.get(code, code)


def _what(code: str) -> str:
    return {
        "history": _("report history"),
        "recap": _("monthly recap"),
        "export": _("recap file"),
        "evaluation": _("evaluation"),
        "plan": _("SKP document"),
        "personal_data": _("copy of personal data"),
        "trail": _("audit trail"),
    }.get(code, code)


def _read_line(entry: ReadEntry, zone: str, budget: int) -> str:
    at = entry.at.astimezone(ZoneInfo(zone))
    return f"👁 {at:%d/%m %H.%M} {zone_label(zone)} · {escape(shorten(entry.viewer, budget))} · " + (
        _what(entry.what)
    )


def _line(row: AuditLog, zone: str) -> str:
    at = row.at.astimezone(ZoneInfo(zone))
    text = f"🕘 {at:%d/%m %H.%M} · {_action(row.action)}"
    if row.entity in ("activity", "leave", "feedback") and row.entity_id:
        text += f" #{row.entity_id}"
    if row.reason:
        text += " — " + escape(row.reason[:100])
    return text


@router.message(command("jejak"))
async def trail_command(
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
        rows = await trail_of(session, employee, subject)
        reads = await reads_of(session, employee, subject, limit=10, now=clock())
    except NotAllowed:
        await message.answer(_("Only an admin can see someone else's trail."))
        return
    zone = employee.timezone or employee.agency.timezone

    def render(budget: int) -> str:
        lines = [_("🧾 <b>Audit trail: {name}</b>").format(name=escape(shorten(subject.name, 200)))]
        lines += [_line(r, zone) for r in rows] or [_("Nothing recorded yet.")]
        if reads:
            lines += ["", _("👁 <b>Who looked at this data</b>")]
            lines += [_read_line(r, zone, budget) for r in reads]
        return "\n".join(lines)

    await message.answer(fit_budget(render, widest=200).text)
