"""The words an agency form uses: periods, dates, ratings and enum values in Indonesian.

Documents are printed in Indonesian whatever the reader's chat language (they are filed with the
agency), so these are plain strings, not gettext messages.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from models import Aspect, CoreValue, EvaluationPeriod, PlanStatus, ResultKind
from services.core_values import CORE_VALUE_NAMES
from services.predicate import Predicate

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ROMAN = ("I", "II", "III", "IV")

KIND_NAMES = {ResultKind.MAIN: "Utama", ResultKind.ADDITIONAL: "Tambahan"}
ASPECT_NAMES = {
    Aspect.QUANTITY: "Kuantitas",
    Aspect.QUALITY: "Kualitas",
    Aspect.TIME: "Waktu",
    Aspect.COST: "Biaya",
}
PLAN_STATUS_NAMES = {
    PlanStatus.DRAFT: "Draf",
    PlanStatus.SUBMITTED: "Diajukan, menunggu persetujuan",
    PlanStatus.APPROVED: "Disetujui",
    PlanStatus.RETURNED: "Dikembalikan untuk diperbaiki",
}
PREDICATE_NAMES = {
    Predicate.VERY_GOOD: "Sangat Baik",
    Predicate.GOOD: "Baik",
    Predicate.NEEDS_IMPROVEMENT: "Butuh Perbaikan",
    Predicate.POOR: "Kurang/Misconduct",
    Predicate.VERY_POOR: "Sangat Kurang",
}
RATING_NAMES = {
    "di_atas": "Di Atas Ekspektasi",
    "sesuai": "Sesuai Ekspektasi",
    "di_bawah": "Di Bawah Ekspektasi",
}


def date_words(day: date) -> str:
    """`2026-12-02` → "2 Desember 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period_words(key: str) -> str:
    """`2026-Q3` → "Triwulan III 2026", `2026-Y` → "Tahunan 2026", `2026-M03` → "Maret 2026"."""
    year, _dash, part = key.partition("-")
    if part == "Y":
        return f"Tahunan {year}"
    kind, number = part[:1], int(part[1:]) if part[1:].isdigit() else 0
    if kind == "Q" and 1 <= number <= 4:
        return f"Triwulan {ROMAN[number - 1]} {year}"
    if kind == "S" and 1 <= number <= 2:
        return f"Semester {ROMAN[number - 1]} {year}"
    if kind == "M" and 1 <= number <= 12:
        return f"{MONTHS[number - 1]} {year}"
    return key


def action_period_words(period: int, kind: EvaluationPeriod) -> str:
    """The name of a Rencana Aksi's period number under the agency's evaluation period."""
    if kind is EvaluationPeriod.MONTHLY and 1 <= period <= 12:
        return MONTHS[period - 1]
    if kind is EvaluationPeriod.QUARTERLY and 1 <= period <= 4:
        return f"Triwulan {ROMAN[period - 1]}"
    if kind is EvaluationPeriod.SEMESTER and 1 <= period <= 2:
        return f"Semester {ROMAN[period - 1]}"
    return f"Periode {period}"


def value_name(value: str) -> str:
    """A BerAKHLAK value by its official name (`berorientasi_pelayanan` → "Berorientasi
    Pelayanan"); an unknown stored value is shown in words rather than as a key."""
    try:
        return CORE_VALUE_NAMES[CoreValue(value)]
    except ValueError:
        return value.replace("_", " ").title()


def rating_name(rating: str | None) -> str:
    return RATING_NAMES.get(rating or "", "-")


def predicate_name(predicate: str | None) -> str:
    try:
        return PREDICATE_NAMES[Predicate(predicate)] if predicate else "-"
    except ValueError:
        return "-"


def number_words(value: object) -> str:
    """A target or realisation as printed: `12.00` → "12", `2.50` → "2,5" (decimal comma)."""
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
MAX_NAME_IN_FILE = 60


def file_part(text: str, limit: int = MAX_NAME_IN_FILE) -> str:
    """`text` as a file-name part any file system accepts: accents folded to ASCII ("Pérez" →
    "Perez"), everything else but letters and digits turned into "-", at most `limit` chars."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("-", folded).strip("-")[:limit].rstrip("-")
