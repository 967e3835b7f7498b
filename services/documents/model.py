"""What a printed document holds, independent of the file format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.documents.words import date_words, file_part


@dataclass(frozen=True)
class Party:
    name: str
    nip: str
    position: str
    unit: str


@dataclass(frozen=True)
class Table:
    title: str
    head: list[str]
    rows: list[list[str]]
    empty: str = "-"  # printed in place of the rows when there are none
    widths: tuple[int, ...] | None = None  # relative column widths in the PDF


@dataclass(frozen=True)
class Document:
    letterhead: str  # the agency's name
    title: str
    label: str  # short name for the caption: "SKP 2026", "Evaluasi Kinerja Triwulan I 2026"
    subject: str  # the person the document is about
    kind: str  # first part of the file name: "SKP", "Evaluasi"
    header: list[tuple[str, Party | None]]
    tables: list[Table]
    extra: list[tuple[str, str]]
    approved: bool  # a draft is marked DRAFT and has no signature blocks
    place: str  # the place of the "<place>, 2 Desember 2026" line
    signed_on: date | None = None  # approval / finalisation day, local to the agency
    signers: list[tuple[str, Party | None]] = field(default_factory=list)
    file_period: str = ""  # "2026", "Triwulan I 2026" (folded into the file name)

    def dated_line(self, today: date | None) -> str | None:
        """The "Dinas X, 2 Desember 2026" line: the signing day, else the printing day."""
        day = self.signed_on or today
        if day is None:
            return None
        return f"{self.place}, {date_words(day)}" if self.place else date_words(day)

    @property
    def file_stem(self) -> str:
        """`SKP-2026-Siti-Aminah`: ASCII, no separators a file system refuses, bounded."""
        parts = [self.kind, file_part(self.file_period, 40), file_part(self.subject) or "pegawai"]
        stem = "-".join(p for p in parts if p)
        return stem if self.approved else f"{stem}-DRAFT"
