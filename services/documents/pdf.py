"""A document as a PDF (fpdf2) in DejaVu Sans, the Unicode TrueType font matplotlib ships
(`services.pdf_fonts`), embedded so every name prints as written."""

from __future__ import annotations

from datetime import date

from fpdf import FPDF

from services.documents.model import Document, Party
from services.documents.words import date_words
from services.pdf_fonts import FONT, unicode_pdf

DRAFT_BANNER = "DRAFT - BELUM DISETUJUI, TIDAK UNTUK DITANDATANGANI"
RED = (200, 0, 0)


def _party_line(role: str, party: Party | None) -> str:
    if party is None:
        return f"{role}: -"
    return f"{role}: {party.name} / NIP {party.nip} / {party.position} / {party.unit}"


def _watermark(pdf: FPDF) -> None:
    """A large grey "DRAFT" across every page, so no printed page passes for approved."""
    last = pdf.page
    for number in range(1, last + 1):
        pdf.page = number
        # Drawn over the content, so half transparent: the text under it stays readable.
        with pdf.local_context(text_color=RED, fill_opacity=0.15):
            pdf.set_font(FONT, "B", 110)
            width = pdf.get_string_width("DRAFT")
            with pdf.rotation(30, pdf.w / 2, pdf.h / 2):
                pdf.text(pdf.w / 2 - width / 2, pdf.h / 2 + 15, "DRAFT")
    pdf.page = last


def _signatures(pdf: FPDF, document: Document, today: date) -> None:
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / max(1, len(document.signers))
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    line = document.dated_line(today)
    if line:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.ln(2)
    y = pdf.get_y()
    for index, (role, party) in enumerate(document.signers):
        pdf.set_xy(pdf.l_margin + index * width, y)
        name, nip = (party.name, party.nip) if party else ("-", "-")
        pdf.multi_cell(width, 5, f"{role}\n\n\n\n\n{name}\nNIP {nip}", align="C")


def to_pdf(document: Document, today: date) -> bytes:
    pdf = unicode_pdf()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    if document.letterhead:
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 6, document.letterhead.upper(), new_x="LMARGIN", new_y="NEXT", align="C")
        y = pdf.get_y() + 1
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(3)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, document.title, new_x="LMARGIN", new_y="NEXT", align="C")
    if not document.approved:
        with pdf.local_context(text_color=RED):
            pdf.set_font(FONT, "B", 12)
            pdf.cell(0, 7, DRAFT_BANNER, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(FONT, size=9)
    for role, party in document.header:
        pdf.multi_cell(0, 5, _party_line(role, party), new_x="LMARGIN", new_y="NEXT")
    for table_data in document.tables:
        pdf.ln(3)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, table_data.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=8.5)
        if not table_data.rows:
            pdf.multi_cell(0, 5, table_data.empty, new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(text_align="LEFT", line_height=4.5, col_widths=table_data.widths) as table:
            head = table.row()
            for title in table_data.head:
                head.cell(title)
            for values in table_data.rows:
                row = table.row()
                for value in values:
                    row.cell(value)
        pdf.set_font(FONT, size=9)
    pdf.ln(3)
    for label, value in document.extra:
        pdf.multi_cell(0, 5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if document.approved:
        _signatures(pdf, document, today)
    else:
        line = document.dated_line(today)
        if line:
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.ln(2)
    pdf.set_font(FONT, size=7)
    pdf.cell(0, 4, f"Dicetak {date_words(today)}", new_x="LMARGIN", new_y="NEXT")
    if not document.approved:
        _watermark(pdf)
    return bytes(pdf.output())
