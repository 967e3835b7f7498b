"""PDFs that print any name: fpdf2 with the DejaVu Sans TrueType font that ships inside
matplotlib (already a dependency for the charts), so "Ñoman", "Ā" or "Nguyễn" are printed as
written. Nothing is downloaded and no system font is needed.

The font files are located without importing matplotlib (which would load numpy and take a
noticeable moment): `find_spec` only reads where the package is installed.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

FONT = "DejaVu"


@lru_cache(maxsize=1)
def font_dir() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed; it ships the PDF font")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def unicode_pdf(orientation: str = "L") -> FPDF:
    """An A4 FPDF with DejaVu Sans (regular and bold) selected as its font."""
    pdf = FPDF(orientation=orientation, format="A4")
    pdf.add_font(FONT, "", str(font_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_font(FONT, size=9)
    return pdf
