"""`_` for texts the CLI shares with the chat (`handlers.texts`).

In the bot it is aiogram's gettext (the person's language, set per update); the CLI installs
the catalogs directly (`bot.cli_i18n`), because importing aiogram costs seconds.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] = str


def use(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate


def gettext(message: str) -> str:
    return _translate(message)
