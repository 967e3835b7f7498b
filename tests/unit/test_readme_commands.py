"""README's command table is the command catalogue (handlers/commands.py), per role: a command
added there and not documented fails here, with the table to paste."""

from __future__ import annotations

from pathlib import Path

from aiogram.utils.i18n import I18n

from bot.locales import DOMAIN, LOCALES_DIR
from handlers.commands import COMMANDS
from services.directory import Role

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- commands:start -->", "<!-- commands:end -->"
HEADINGS = {Role.EMPLOYEE: "Pegawai (everyone)", Role.SUPERVISOR: "Atasan", Role.ADMIN: "Admin"}


def _markdown(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def command_table() -> str:
    i18n = I18n(path=LOCALES_DIR, default_locale="en", domain=DOMAIN)
    lines = ["| role | command | English alias | what it does |", "|---|---|---|---|"]
    with i18n.context(), i18n.use_locale("en"):
        for role in (Role.EMPLOYEE, Role.SUPERVISOR, Role.ADMIN):
            lines += [
                f"| {HEADINGS[role]} | `{c.shown}` | `/{c.alias}` | "
                f"{_markdown(str(c.description))} |"
                for c in COMMANDS
                if c.role is role
            ]
    return "\n".join(lines)


def test_readme_lists_every_command_per_role() -> None:
    text = README.read_text(encoding="utf-8")
    assert START in text
    assert END in text
    documented = text.split(START, 1)[1].split(END, 1)[0].strip()

    assert documented == command_table(), "paste into README.md:\n" + command_table()
