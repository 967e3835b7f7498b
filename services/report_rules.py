"""Validation rules of a daily report; each failure is an `Invalid` with a code."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time
from pathlib import PurePath
from urllib.parse import urlparse

from models import Agency, EvidenceKind
from services.errors import Invalid, Problem
from services.numbers import is_number
from services.text import one_line

MAX_DESCRIPTION = 1000
MIN_DESCRIPTION = 3
MAX_UNIT = 50
MAX_QUANTITY = 100_000
MAX_EVIDENCE = 10
MAX_URL = 2000


@dataclass(frozen=True)
class EvidenceInput:
    kind: EvidenceKind
    file_id: str | None = None
    file_unique_id: str | None = None
    file_name: str | None = None
    mime_type: str | None = None
    file_size: int | None = None
    url: str | None = None


@dataclass
class ActivityDraft:
    work_date: date
    description: str
    minutes: int
    start_time: time | None = None
    end_time: time | None = None
    output_quantity: int | None = None
    output_unit: str | None = None
    evidence: list[EvidenceInput] = field(default_factory=list)
    plan_item_id: int | None = None  # the RHK served; None = tugas tambahan / lainnya


def clean_description(text: str) -> str:
    cleaned = one_line(text)
    if len(cleaned) < MIN_DESCRIPTION:
        raise Invalid(Problem.DESCRIPTION_EMPTY)
    if len(cleaned) > MAX_DESCRIPTION:
        raise Invalid(Problem.DESCRIPTION_TOO_LONG, limit=MAX_DESCRIPTION)
    return cleaned


def parse_output(text: str) -> tuple[int, str]:
    """`3 dokumen` → (3, "dokumen"). Realisasi is an integer (e-Kinerja), the unit free text."""
    parts = text.strip().split(maxsplit=1)
    if not parts or not is_number(parts[0]):
        raise Invalid(Problem.OUTPUT_FORMAT)
    quantity = int(parts[0])
    if not 0 < quantity <= MAX_QUANTITY:
        raise Invalid(Problem.OUTPUT_RANGE, limit=MAX_QUANTITY)
    unit = one_line(parts[1]) if len(parts) > 1 else ""
    if not unit:
        raise Invalid(Problem.OUTPUT_UNIT_MISSING)
    if len(unit) > MAX_UNIT:
        raise Invalid(Problem.OUTPUT_UNIT_TOO_LONG, limit=MAX_UNIT)
    return quantity, unit


def check_link(url: str) -> str:
    url = url.strip()
    if len(url) > MAX_URL:
        raise Invalid(Problem.LINK_TOO_LONG, limit=MAX_URL)
    try:
        parsed = urlparse(url)
        parsed.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:  # e.g. "http://[::1": an unclosed IPv6 address
        raise Invalid(Problem.LINK_SCHEME) from None
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise Invalid(Problem.LINK_SCHEME)
    return url


MAX_FILE_NAME = 255  # Evidence.file_name
MAX_MIME = 100  # Evidence.mime_type
MAX_FILE_ID = 200  # Evidence.file_id; Telegram's are far shorter
MAX_FILE_UNIQUE_ID = 100


def _fitting_name(name: str | None) -> str | None:
    """A file name cut to the column, keeping its extension (the type check reads it)."""
    if name is None or len(name) <= MAX_FILE_NAME:
        return name
    suffix = PurePath(name).suffix
    suffix = suffix if len(suffix) <= 16 else ""
    return name[: MAX_FILE_NAME - len(suffix) - 1] + "…" + suffix


def check_evidence(agency: Agency, evidence: EvidenceInput, already: int) -> EvidenceInput:
    """The evidence as it will be stored (long names cut to fit); Invalid if unfit."""
    if already >= MAX_EVIDENCE:
        raise Invalid(Problem.EVIDENCE_TOO_MANY, limit=MAX_EVIDENCE)
    if evidence.kind is EvidenceKind.LINK:
        return replace(evidence, url=check_link(evidence.url or ""))
    if len(evidence.file_id or "") > MAX_FILE_ID or len(evidence.file_unique_id or "") > (
        MAX_FILE_UNIQUE_ID
    ):
        raise Invalid(Problem.EVIDENCE_INVALID)
    evidence = replace(
        evidence,
        file_name=_fitting_name(evidence.file_name),
        mime_type=evidence.mime_type if len(evidence.mime_type or "") <= MAX_MIME else None,
    )
    if evidence.file_size is not None and evidence.file_size > agency.max_evidence_bytes:
        raise Invalid(Problem.EVIDENCE_SIZE, limit_bytes=agency.max_evidence_bytes)
    if evidence.kind is EvidenceKind.DOCUMENT:
        allowed = {e.strip().lower() for e in agency.evidence_extensions.split(",") if e.strip()}
        suffix = PurePath(evidence.file_name or "").suffix.lower().lstrip(".")
        if suffix not in allowed:
            raise Invalid(Problem.EVIDENCE_TYPE, allowed=", ".join(sorted(allowed)))
    return evidence


def check_draft(agency: Agency, draft: ActivityDraft) -> None:
    """Re-check a whole draft at submit time (it may come from an old conversation)."""
    draft.description = clean_description(draft.description)
    if not 0 < draft.minutes <= 24 * 60:
        raise Invalid(Problem.MINUTES_RANGE)
    if draft.output_quantity is not None and not 0 < draft.output_quantity <= MAX_QUANTITY:
        raise Invalid(Problem.OUTPUT_RANGE, limit=MAX_QUANTITY)
    draft.evidence = [check_evidence(agency, e, i) for i, e in enumerate(draft.evidence)]
