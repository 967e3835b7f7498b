"""gettext catalogs (locales/<lang>/LC_MESSAGES/messages.mo) and the per-update locale."""

from __future__ import annotations

from typing import Any

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware, gettext

from bot.locales import DOMAIN, LOCALES_DIR
from handlers import gettext as shared_texts


def build_i18n(default_locale: str) -> I18n:
    """The catalogs; texts shared with the CLI (`handlers.gettext`) use them from now on."""
    i18n = I18n(path=LOCALES_DIR, default_locale=default_locale, domain=DOMAIN)
    shared_texts.use(gettext)
    return i18n


class EmployeeI18nMiddleware(I18nMiddleware):
    """The employee's chosen language; else Telegram's language if we have it; else default."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        # A plain string read with the employee (UpdateSessionMiddleware): the error handler
        # also asks, after a failed transaction may have expired the employee object.
        chosen: str | None = data.get("language")
        if chosen in self.i18n.available_locales:
            return str(chosen)
        user: User | None = data.get("event_from_user")
        if user is not None and user.language_code:
            lang = user.language_code.split("-")[0]
            if lang in self.i18n.available_locales:
                return lang
        return self.i18n.default_locale
