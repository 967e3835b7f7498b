"""A document rendered to the file a person receives: bytes, file name and media type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from services.documents.model import Document

PDF_MIME = "application/pdf"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Format = Literal["pdf", "xlsx"]


@dataclass(frozen=True)
class DocumentFile:
    data: bytes
    filename: str  # "SKP-2026-Siti-Aminah.pdf"; the extension tells Telegram the media type
    mime_type: str


def render(document: Document, file_format: Format, today: date) -> DocumentFile:
    """Blocking (fpdf2 subsets the font): call it in a thread from async code. fpdf2 and
    openpyxl are imported on first use (they weigh ~60 MiB in every process)."""
    if file_format == "pdf":
        from services.documents.pdf import to_pdf

        return DocumentFile(to_pdf(document, today), f"{document.file_stem}.pdf", PDF_MIME)
    from services.documents.xlsx import to_xlsx

    return DocumentFile(to_xlsx(document, today), f"{document.file_stem}.xlsx", XLSX_MIME)
