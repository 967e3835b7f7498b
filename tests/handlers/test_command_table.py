"""Each command is declared once (handlers/commands.py): every declared command has a handler
that answers to it and its alias, and no handler answers to an undeclared command."""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import Router
from aiogram.filters import Command as CommandFilter
from aiogram.filters import CommandStart

from handlers.commands import COMMANDS
from handlers.routers import build_root_router
from tests.handlers.conftest import detach_routers


def _handled(router: Router) -> Iterator[str]:
    for handler in router.message.handlers:
        for event_filter in handler.filters or ():
            cmd = event_filter.callback
            if isinstance(cmd, CommandFilter) and not isinstance(cmd, CommandStart):
                yield from (str(c) for c in cmd.commands)
    for sub in router.sub_routers:
        yield from _handled(sub)


def test_the_table_and_the_handlers_name_the_same_commands() -> None:
    root = build_root_router()
    try:
        handled = set(_handled(root))
    finally:
        detach_routers(root)
    declared = {c.name for c in COMMANDS} | {c.alias for c in COMMANDS}
    assert handled == declared
