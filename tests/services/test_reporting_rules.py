"""Every rule a submitted activity can break: a coded error and nothing stored."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import EvidenceKind
from services.errors import Invalid
from services.report_rules import (
    MAX_DESCRIPTION,
    MAX_EVIDENCE,
    MAX_QUANTITY,
    ActivityDraft,
    EvidenceInput,
    parse_output,
)
from services.reporting import submit_activity
from tests.conftest import FrozenClock
from tests.services.report_helpers import counts, draft, make_org


def photo(size: int = 100_000) -> EvidenceInput:
    return EvidenceInput(kind=EvidenceKind.PHOTO, file_id="p", file_unique_id="u", file_size=size)


def document(name: str, size: int = 100_000) -> EvidenceInput:
    return EvidenceInput(kind=EvidenceKind.DOCUMENT, file_id="d", file_name=name, file_size=size)


def link(url: str) -> EvidenceInput:
    return EvidenceInput(kind=EvidenceKind.LINK, url=url)


INVALID: dict[str, tuple[str, Callable[[], ActivityDraft]]] = {
    "blank description": ("description_empty", lambda: draft(description="   ")),
    "two letters": ("description_empty", lambda: draft(description=" ab\n")),
    "long description": (
        "description_too_long",
        lambda: draft(description="x" * (MAX_DESCRIPTION + 1)),
    ),
    "zero minutes": ("minutes_range", lambda: draft(minutes=0)),
    "negative minutes": ("minutes_range", lambda: draft(minutes=-30)),
    "over a day": ("minutes_range", lambda: draft(minutes=24 * 60 + 1)),
    "zero output": ("output_range", lambda: draft(output_quantity=0, output_unit="dokumen")),
    "huge output": (
        "output_range",
        lambda: draft(output_quantity=MAX_QUANTITY + 1, output_unit="dokumen"),
    ),
    "exe document": ("evidence_type", lambda: draft(evidence=[document("laporan.exe")])),
    "document without extension": ("evidence_type", lambda: draft(evidence=[document("README")])),
    "photo too big": ("evidence_size", lambda: draft(evidence=[photo(size=20_000_001)])),
    "document too big": (
        "evidence_size",
        lambda: draft(evidence=[document("scan.pdf", size=50_000_000)]),
    ),
    "too many evidence": (
        "evidence_too_many",
        lambda: draft(evidence=[photo() for _ in range(MAX_EVIDENCE + 1)]),
    ),
    "ftp link": ("link_scheme", lambda: draft(evidence=[link("ftp://files.example.go.id/a")])),
    "javascript link": ("link_scheme", lambda: draft(evidence=[link("javascript:alert(1)")])),
    "hostless link": ("link_scheme", lambda: draft(evidence=[link("https://")])),
    "empty link": ("link_scheme", lambda: draft(evidence=[link("")])),
    "bad link after good photo": (
        "link_scheme",
        lambda: draft(evidence=[photo(), link("file:///etc/passwd")]),
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
async def test_invalid_activity_is_refused_and_nothing_is_stored(
    case: str,
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    code, make_draft = INVALID[case]
    org = await make_org(session, clock())
    await submit_activity(session, org.staff, draft(), idempotency_key="ok", now=clock())
    before = await counts(session_factory)

    with pytest.raises(Invalid) as caught:
        await submit_activity(session, org.staff, make_draft(), idempotency_key="bad", now=clock())

    assert caught.value.code == code
    await session.commit()  # whatever else the caller commits, the refused draft is not in it
    assert await counts(session_factory) == before


async def test_evidence_limits_come_from_the_agency(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(
        session, clock(), max_evidence_bytes=5_000_000, evidence_extensions="pdf, ODT"
    )
    with pytest.raises(Invalid) as caught:
        await submit_activity(
            session,
            org.staff,
            draft(evidence=[document("foto.jpg")]),
            idempotency_key="a",
            now=clock(),
        )
    assert caught.value.code == "evidence_type"
    assert caught.value.params == {"allowed": "odt, pdf"}

    with pytest.raises(Invalid) as caught:
        await submit_activity(
            session, org.staff, draft(evidence=[photo(6_000_000)]), idempotency_key="b", now=clock()
        )
    assert caught.value.code == "evidence_size"
    assert caught.value.params == {"limit_bytes": 5_000_000}

    saved = await submit_activity(
        session,
        org.staff,
        draft(evidence=[document("Surat.ODT", 5_000_000), photo(5_000_000)]),
        idempotency_key="c",
        now=clock(),
    )
    assert len(saved.activity.evidence) == 2
    assert (await counts(session_factory))["evidence"] == 2


async def test_ten_evidence_items_are_accepted(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    await submit_activity(
        session,
        org.staff,
        draft(evidence=[photo() for _ in range(MAX_EVIDENCE)]),
        idempotency_key="k",
        now=clock(),
    )
    assert (await counts(session_factory))["evidence"] == MAX_EVIDENCE


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3 dokumen", (3, "dokumen")), (" 12  lembar   surat ", (12, "lembar surat"))],
)
def test_parse_output(text: str, expected: tuple[int, str]) -> None:
    assert parse_output(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "output_format"),
        ("tiga dokumen", "output_format"),
        ("-3 dokumen", "output_format"),
        ("0 dokumen", "output_range"),
        (f"{MAX_QUANTITY + 1} dokumen", "output_range"),
        ("3", "output_unit_missing"),
        ("3 " + "x" * 51, "output_unit_too_long"),
    ],
)
def test_parse_output_errors(text: str, code: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_output(text)
    assert caught.value.code == code
