"""The employee performance predicate (predikat kinerja pegawai), PermenPANRB 6/2022.

One table in one place: rows are the Hasil Kerja rating, columns the Perilaku Kerja rating
(DOMAIN §4).
"""

from __future__ import annotations

import enum


class Rating(enum.StrEnum):
    ABOVE = "di_atas"  # Di Atas Ekspektasi
    AS_EXPECTED = "sesuai"  # Sesuai Ekspektasi
    BELOW = "di_bawah"  # Di Bawah Ekspektasi


class Predicate(enum.StrEnum):
    """Ordered worst to best by `rank`."""

    VERY_POOR = "sangat_kurang"
    POOR = "kurang"  # Kurang / Misconduct
    NEEDS_IMPROVEMENT = "butuh_perbaikan"  # some agencies say "Cukup"
    GOOD = "baik"
    VERY_GOOD = "sangat_baik"

    @property
    def rank(self) -> int:
        return list(Predicate).index(self)


MATRIX: dict[tuple[Rating, Rating], Predicate] = {
    (Rating.ABOVE, Rating.BELOW): Predicate.POOR,
    (Rating.ABOVE, Rating.AS_EXPECTED): Predicate.GOOD,
    (Rating.ABOVE, Rating.ABOVE): Predicate.VERY_GOOD,
    (Rating.AS_EXPECTED, Rating.BELOW): Predicate.POOR,
    (Rating.AS_EXPECTED, Rating.AS_EXPECTED): Predicate.GOOD,
    (Rating.AS_EXPECTED, Rating.ABOVE): Predicate.GOOD,
    (Rating.BELOW, Rating.BELOW): Predicate.VERY_POOR,
    (Rating.BELOW, Rating.AS_EXPECTED): Predicate.NEEDS_IMPROVEMENT,
    (Rating.BELOW, Rating.ABOVE): Predicate.NEEDS_IMPROVEMENT,
}

# Angka kredit conversion, Peraturan BKN 3/2023 (percent of the yearly credit).
CREDIT_PERCENT = {
    Predicate.VERY_GOOD: 150,
    Predicate.GOOD: 100,
    Predicate.NEEDS_IMPROVEMENT: 75,
    Predicate.POOR: 50,
    Predicate.VERY_POOR: 25,
}


def predicate(result: Rating, behaviour: Rating) -> Predicate:
    """Predicate from the Hasil Kerja (`result`) and Perilaku Kerja (`behaviour`) ratings."""
    return MATRIX[(result, behaviour)]
