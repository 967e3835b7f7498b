"""`_` for texts the CLI shares with the chat (`handlers.texts`).

In the bot and the worker it is aiogram's gettext (installed by `bot.i18n.build_i18n`: the
person's language, set per update or per message sent); the CLI installs the catalogs
directly (`bot.locales`), because importing aiogram costs seconds.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] = str


def use(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate


def gettext(message: str) -> str:
    return _translate(message)
