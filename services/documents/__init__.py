"""Documents in the official structure: the SKP and the Dokumen Evaluasi Kinerja Pegawai, as
PDF (fpdf2 with an embedded Unicode TrueType font) and XLSX (openpyxl, every typed text written
as text), ready to print for wet signatures once approved; a draft is marked DRAFT and has no
signature blocks.
"""

from services.documents.build import evaluation_document, plan_document
from services.documents.files import PDF_MIME, XLSX_MIME, DocumentFile, Format, render
from services.documents.model import Document, Party, Table
from services.documents.words import date_words, period_words

__all__ = [
    "PDF_MIME",
    "XLSX_MIME",
    "Document",
    "DocumentFile",
    "Format",
    "Party",
    "Table",
    "date_words",
    "evaluation_document",
    "period_words",
    "plan_document",
    "render",
]
