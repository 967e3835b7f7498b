"""Every user-facing text in the code is translated to Indonesian, and the compiled
catalogs match their sources."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
KEYWORDS = {"_": None, "__": None, "N_": None}


def _code_messages() -> set[str]:
    found = set()
    for package in ("handlers", "bot", "services"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, keywords=KEYWORDS, comment_tags=()
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_every_text_in_the_code_is_in_the_catalog() -> None:
    catalog = _catalog("id")
    missing = sorted(m for m in _code_messages() if m not in catalog)
    assert missing == [], "run `make locales` and translate"


def test_indonesian_catalog_is_complete() -> None:
    untranslated = [m.id for m in _catalog("id") if m.id and not m.string]
    assert untranslated == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_compiled_catalog_matches_its_source(language: str) -> None:
    compiled = gettext.translation("messages", LOCALES, languages=[language])
    stale = [
        m.id for m in _catalog(language) if m.id and m.string and compiled.gettext(m.id) != m.string
    ]
    assert stale == [], "run `pybabel compile -d locales -D messages`"


def _placeholders(text: str) -> set[str]:
    return {part.split("}")[0] for part in text.split("{")[1:]}


def test_placeholders_survive_translation() -> None:
    broken = [
        m.id
        for m in _catalog("id")
        if m.id and m.string and _placeholders(m.id) != _placeholders(m.string)
    ]
    assert broken == []
