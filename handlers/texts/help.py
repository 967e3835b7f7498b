"""Role-aware help, used by /help, /start and after registration: the commands under one heading
per role the person has, and how the quick report is typed."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from handlers.commands import commands_for
from handlers.texts.staff import role_names
from models import Employee
from services.directory import Role

ROLE_ORDER = (Role.EMPLOYEE, Role.SUPERVISOR, Role.ADMIN)
DAILY = ("undang", "umumkan", "pengaturan", "status")  # an admin's short greeting names these


def role_heading(role: Role) -> str:
    return {
        Role.EMPLOYEE: _("👤 <b>Employee</b>"),
        Role.SUPERVISOR: _("👥 <b>Supervisor</b>"),
        Role.ADMIN: _("🛠 <b>Admin</b>"),
    }[role]


def quick_report_example() -> str:
    return _(
        "Quick report in one line: /lapor 2 jam Menyusun laporan bulanan, "
        "or /lapor 08.00-10.30 Rapat koordinasi."
    )


def _who(employee: Employee, roles: frozenset[Role]) -> list[str]:
    return [
        _("<b>{name}</b> — {position}").format(
            name=escape(employee.name), position=escape(employee.position)
        ),
        _("Role: {roles}").format(roles=role_names(roles)),
    ]


def render_help(employee: Employee, roles: frozenset[Role]) -> str:
    """No more than ~40 short lines: the two names are the only user text (≤ 200 characters
    each), so it fits one message."""
    lines = [*_who(employee, roles), "", _("<b>What you can do</b>")]
    commands = commands_for(roles)
    for role in (r for r in ROLE_ORDER if r in roles):
        lines += ["", role_heading(role)]
        lines += [f"{c.shown} — {escape(str(c.description))}" for c in commands if c.role is role]
        if role is Role.EMPLOYEE:
            lines += ["", quick_report_example()]
        if role is Role.ADMIN:
            lines += [
                "",
                _(
                    "Send me a .csv or .xlsx file with columns nip, nama, jabatan, unit, "
                    "nip_atasan (optional: jenis_jabatan, zona_waktu, admin) to import staff."
                ),
            ]
    return "\n".join(lines)


def render_short_greeting(employee: Employee, roles: frozenset[Role]) -> str:
    """An admin's /start: who they are and the few commands of every day; the rest is behind
    a button."""
    lines = _who(employee, roles)
    lines += ["", quick_report_example()]
    admin = [c.shown for c in commands_for(roles) if c.role is Role.ADMIN and c.name in DAILY]
    lines += ["", _("As admin: {commands} and more.").format(commands=", ".join(admin))]
    return "\n".join(lines)


def render_greeting(employee: Employee, roles: frozenset[Role]) -> str:
    return (
        _("Welcome, {name}! Your Telegram account is now linked.").format(
            name=escape(employee.name)
        )
        + "\n\n"
        + render_help(employee, roles)
    )
