"""Where the gettext catalogs live, and installing them for the CLI (which never imports
aiogram: its start-up alone costs seconds)."""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations

from handlers import gettext as shared_texts

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


def install_for_cli(language: str) -> None:
    """CLI output in `language` (DEFAULT_LANGUAGE), through the same catalogs as the chat."""
    translations = Translations.load(str(LOCALES_DIR), [language], DOMAIN)
    shared_texts.use(translations.gettext)
