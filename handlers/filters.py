"""Filters shared by the routers.

aiogram runs a plain (synchronous) filter, a bare `State` or a magic `F` expression, in a worker
thread for every update that reaches it; these are all `Filter` objects, evaluated inline.
`tests/handlers/test_filters_inline.py` keeps it so.
"""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Filter, MagicData
from aiogram.types import TelegramObject
from magic_filter import MagicFilter


class Magic(Filter):
    """A magic filter (`F.text`, `F.document`, …) evaluated on the event loop."""

    def __init__(self, magic: MagicFilter) -> None:
        self._magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        return self._magic.resolve(event)


registered = MagicData(F.employee.is_not(None))
unregistered = MagicData(F.employee.is_(None))
admin = MagicData(F.employee.is_admin.is_(True))

typed_text = Magic(F.text & ~F.text.startswith("/"))
"""Text the person typed, not a command."""
not_command = Magic(~F.text.startswith("/"))
"""Anything but a command: a dialog's catch-all leaves commands to their own handlers (the
dialog stays where it was, so it can be continued)."""
not_text = Magic(~F.text)
evidence_input = Magic(F.photo | F.document | (F.text & ~F.text.startswith("/")))
document = Magic(F.document)
