"""The command catalogue: one place for the menu (setMyCommands) and role-aware /help."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from services.directory import Role


@dataclass(frozen=True)
class Command:
    name: str
    description: LazyProxy
    role: Role
    in_menu: bool = True


COMMANDS: tuple[Command, ...] = (
    Command("lapor", __("Report today's work"), Role.EMPLOYEE),
    Command("riwayat", __("My reports: today, this week, any date"), Role.EMPLOYEE),
    Command("rekap", __("My month at a glance: chart and files"), Role.EMPLOYEE),
    Command("cuti", __("Declare leave, sick leave or official travel"), Role.EMPLOYEE),
    Command("batal", __("Cancel what I am filling in"), Role.EMPLOYEE),
    Command("skp", __("My performance plan (SKP) and its progress"), Role.EMPLOYEE),
    Command("evaluasi", __("My evaluations: read, respond, download"), Role.EMPLOYEE),
    Command("umpanbalik", __("Feedback conversations with my supervisor or team"), Role.EMPLOYEE),
    Command("jejak", __("Audit trail of my reports"), Role.EMPLOYEE),
    Command("pengingat", __("My daily reminder time"), Role.EMPLOYEE),
    Command("help", __("What I can do for you"), Role.EMPLOYEE),
    Command("bahasa", __("Change language (Bahasa Indonesia / English)"), Role.EMPLOYEE),
    Command("verifikasi", __("Verify my team's reports"), Role.SUPERVISOR, in_menu=False),
    Command("tim", __("My team today and this week"), Role.SUPERVISOR, in_menu=False),
    Command("rekap tim", __("My team's month: heat-map, backlog, files"), Role.SUPERVISOR, False),
    Command("nilai", __("Rate my team for a period"), Role.SUPERVISOR, in_menu=False),
    Command("predikatunit", __("Set a unit's organisation predicate"), Role.SUPERVISOR, False),
    Command("undang", __("Issue an invite: /undang <NIP>"), Role.ADMIN, in_menu=False),
    Command("atasan", __("Change an assessor: /atasan <NIP> <NIP assessor>"), Role.ADMIN, False),
    Command("plt", __("Acting official: /plt <NIP> <NIP replaced> <dates>"), Role.ADMIN, False),
    Command("pengaturan", __("Agency settings: reminders, quiet hours"), Role.ADMIN, False),
    Command("libur", __("Holidays and calendar changes"), Role.ADMIN, False),
    Command("umumkan", __("Send an announcement"), Role.ADMIN, False),
    Command("rekap unit", __("Any unit's month: heat-map and files"), Role.ADMIN, False),
    Command("bukaevaluasi", __("Reopen a locked evaluation"), Role.ADMIN, False),
)


def commands_for(roles: frozenset[Role]) -> list[Command]:
    return [c for c in COMMANDS if c.role in roles]


def menu_commands() -> list[Command]:
    return [c for c in COMMANDS if c.in_menu and c.role is Role.EMPLOYEE]
