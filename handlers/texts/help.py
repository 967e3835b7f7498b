"""Role-aware help, used by /help and after registration."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from handlers.commands import commands_for
from handlers.texts.staff import role_names
from models import Employee
from services.directory import Role


def render_help(employee: Employee, roles: frozenset[Role]) -> str:
    lines = [
        _("<b>{name}</b> — {position}").format(
            name=escape(employee.name), position=escape(employee.position)
        ),
        _("Role: {roles}").format(roles=role_names(roles)),
        "",
        _("<b>What you can do</b>"),
    ]
    lines += [f"{c.shown} — {escape(str(c.description))}" for c in commands_for(roles)]
    if Role.ADMIN in roles:
        lines += [
            "",
            _(
                "Send me a .csv or .xlsx file with columns nip, nama, jabatan, unit, nip_atasan "
                "(optional: jenis_jabatan, zona_waktu, admin) to import staff."
            ),
        ]
    return "\n".join(lines)


def render_greeting(employee: Employee, roles: frozenset[Role]) -> str:
    return (
        _("Welcome, {name}! Your Telegram account is now linked.").format(
            name=escape(employee.name)
        )
        + "\n\n"
        + render_help(employee, roles)
    )
