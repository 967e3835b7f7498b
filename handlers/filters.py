"""Filters shared by the routers.

aiogram runs a plain (synchronous) filter, a bare `State` or a magic `F` expression, in a worker
thread for every update that reaches it; these are all `Filter` objects, evaluated inline.
`tests/handlers/test_filters_inline.py` keeps it so.
"""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Filter
from aiogram.types import TelegramObject
from magic_filter import MagicFilter


class Magic(Filter):
    """A magic filter (`F.text`, `F.document`, …) evaluated on the event loop."""

    def __init__(self, magic: MagicFilter) -> None:
        self._magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        return self._magic.resolve(event)


class _Employee(Filter):
    """Who is writing (`employee`, set by the update's middleware), checked without a magic
    filter: these guard every router, so they run for almost every update."""

    def __init__(self, linked: bool, admin: bool = False) -> None:
        self._linked = linked
        self._admin = admin

    async def __call__(self, event: TelegramObject, employee: Any = None) -> bool:
        if not self._linked:
            return employee is None
        return employee is not None and (not self._admin or employee.is_admin is True)


registered = _Employee(linked=True)
unregistered = _Employee(linked=False)
admin = _Employee(linked=True, admin=True)

typed_text = Magic(F.text & ~F.text.startswith("/"))
"""Text the person typed, not a command."""
not_command = Magic(~F.text.startswith("/"))
"""Anything but a command: a dialog's catch-all leaves commands to their own handlers (the
dialog stays where it was, so it can be continued)."""
not_text = Magic(~F.text)
evidence_input = Magic(F.photo | F.document | (F.text & ~F.text.startswith("/")))
document = Magic(F.document)
