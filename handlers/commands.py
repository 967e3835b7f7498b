"""The command catalogue: each command is declared here once, with its English alias; the menu
(setMyCommands), role-aware /help and the handlers' filters (`command("lapor")`) come from it."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.filters import Command as CommandFilter
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from services.directory import Role


@dataclass(frozen=True)
class Command:
    name: str
    alias: str  # the English name, for people who think in English
    description: LazyProxy
    role: Role
    in_menu: bool = True
    args: str = ""  # a help-only variant: "/rekap tim" is /rekap with the argument "tim"

    @property
    def shown(self) -> str:
        return f"/{self.name} {self.args}".rstrip()


COMMANDS: tuple[Command, ...] = (
    Command("lapor", "report", __("Report today's work"), Role.EMPLOYEE),
    Command("riwayat", "history", __("My reports: a day, a week, a month"), Role.EMPLOYEE),
    Command("rekap", "recap", __("My month at a glance: chart and files"), Role.EMPLOYEE),
    Command("cuti", "leave", __("Declare leave, sick leave or official travel"), Role.EMPLOYEE),
    Command("batal", "cancel", __("Cancel what I am filling in"), Role.EMPLOYEE),
    Command("skp", "plan", __("My performance plan (SKP) and its progress"), Role.EMPLOYEE),
    Command("skp_baru", "plan_new", __("Write my SKP step by step"), Role.EMPLOYEE, False),
    Command("evaluasi", "evaluation", __("My evaluations: read, respond, download"), Role.EMPLOYEE),
    Command(
        "umpanbalik",
        "feedback",
        __("Feedback conversations with my supervisor or team"),
        Role.EMPLOYEE,
    ),
    Command(
        "jejak", "audit", __("Audit trail: my reports and who looked at my data"), Role.EMPLOYEE
    ),
    Command("dataku", "mydata", __("A copy of all my data; ask for a correction"), Role.EMPLOYEE),
    Command("pengingat", "reminder", __("My daily reminder time"), Role.EMPLOYEE),
    Command("help", "bantuan", __("What I can do for you"), Role.EMPLOYEE),
    Command(
        "bahasa", "language", __("Change language (Bahasa Indonesia / English)"), Role.EMPLOYEE
    ),
    Command("verifikasi", "verify", __("Verify my team's reports"), Role.SUPERVISOR, in_menu=False),
    Command("tim", "team", __("My team today and this week"), Role.SUPERVISOR, in_menu=False),
    Command(
        "rekap",
        "recap",
        __("My team's month: heat-map, backlog, files"),
        Role.SUPERVISOR,
        False,
        args="tim",
    ),
    Command("nilai", "rate", __("Rate my team for a period"), Role.SUPERVISOR, in_menu=False),
    Command(
        "predikatunit",
        "unitpredicate",
        __("Set a unit's organisation predicate"),
        Role.SUPERVISOR,
        False,
    ),
    Command("undang", "invite", __("Issue an invite: /undang <NIP>"), Role.ADMIN, in_menu=False),
    Command(
        "atasan",
        "assessor",
        __("Change an assessor: /atasan <NIP> <NIP assessor>"),
        Role.ADMIN,
        False,
    ),
    Command(
        "plt", "acting", __("Acting official: /plt <NIP> <NIP replaced> <dates>"), Role.ADMIN, False
    ),
    Command(
        "pengaturan",
        "settings",
        __("Agency settings: reminders, workdays, daily target"),
        Role.ADMIN,
        False,
    ),
    Command(
        "mutasi",
        "transfer",
        __("Transfer: /mutasi <NIP> <date> atasan: / unit: / jabatan:"),
        Role.ADMIN,
        False,
    ),
    Command(
        "berhenti", "deactivate", __("A leaver: /berhenti <NIP> <reason> <date>"), Role.ADMIN, False
    ),
    Command("libur", "holidays", __("Holidays and calendar changes"), Role.ADMIN, False),
    Command("umumkan", "announce", __("Send an announcement"), Role.ADMIN, False),
    Command(
        "rekap", "recap", __("Any unit's month: heat-map and files"), Role.ADMIN, False, args="unit"
    ),
    Command("bukaevaluasi", "reopen", __("Reopen a locked evaluation"), Role.ADMIN, False),
    Command(
        "status", "status", __("Bot status: staff, invites, outbox, database"), Role.ADMIN, False
    ),
)


def command(name: str) -> CommandFilter:
    """The filter of the command `name` (and its alias), as declared in COMMANDS."""
    entry = next(c for c in COMMANDS if c.name == name and not c.args)
    return CommandFilter(entry.name, entry.alias)


def commands_for(roles: frozenset[Role]) -> list[Command]:
    return [c for c in COMMANDS if c.role in roles]


def menu_commands() -> list[Command]:
    return [c for c in COMMANDS if c.in_menu and c.role is Role.EMPLOYEE]
