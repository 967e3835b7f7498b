"""Turn a message (photo, document or links) into evidence entries of the draft."""

from __future__ import annotations

import re

from aiogram.types import Message

from models import Agency, EvidenceKind
from services.errors import Invalid, Problem
from services.report_rules import EvidenceInput, check_evidence

_WORD = re.compile(r"\S+")


def _from_message(message: Message) -> list[EvidenceInput]:
    if message.photo:
        photo = message.photo[-1]  # the largest size
        return [
            EvidenceInput(
                kind=EvidenceKind.PHOTO,
                file_id=photo.file_id,
                file_unique_id=photo.file_unique_id,
                mime_type="image/jpeg",
                file_size=photo.file_size,
            )
        ]
    if message.document:
        doc = message.document
        return [
            EvidenceInput(
                kind=EvidenceKind.DOCUMENT,
                file_id=doc.file_id,
                file_unique_id=doc.file_unique_id,
                file_name=doc.file_name,
                mime_type=doc.mime_type,
                file_size=doc.file_size,
            )
        ]
    words = _WORD.findall(message.text or "")
    if not words:
        raise Invalid(Problem.LINK_SCHEME)
    return [EvidenceInput(kind=EvidenceKind.LINK, url=word) for word in words]


def add(agency: Agency, current: list[EvidenceInput], message: Message) -> list[EvidenceInput]:
    """The evidence list with the message's items added; Invalid if any is unacceptable."""
    items = list(current)
    for item in _from_message(message):
        items.append(check_evidence(agency, item, len(items)))
    return items
