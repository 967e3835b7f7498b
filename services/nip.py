"""NIP (Nomor Induk Pegawai) parsing, DOMAIN §7.

PNS: `YYYYMMDD YYYYMM G NNN` (birth date, TMT CPNS year+month, gender 1/2, sequence 001-999).
PPPK: 18 digits too, with a valid birth date and gender digit, but digits 13-14 are not a month.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class NipKind(enum.StrEnum):
    PNS = "pns"
    PPPK = "pppk"


@dataclass(frozen=True)
class Nip:
    digits: str
    birth_date: date
    kind: NipKind
    gender: int


class NipError(ValueError):
    """`reason` is a short machine code: length, digits, birth_date, tmt_year, gender, sequence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_nip(raw: str) -> Nip:
    digits = "".join(raw.split())
    if not digits.isdigit() or not digits.isascii():
        raise NipError("digits")
    if len(digits) != 18:
        raise NipError("length")
    try:
        birth = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError("birth_date") from None
    if birth.year < 1930:
        raise NipError("birth_date")
    tmt_year = int(digits[8:12])
    if not birth.year + 14 <= tmt_year <= 2100:
        raise NipError("tmt_year")
    gender = int(digits[14])
    if gender not in (1, 2):
        raise NipError("gender")
    if digits[15:18] == "000":
        raise NipError("sequence")
    kind = NipKind.PNS if 1 <= int(digits[12:14]) <= 12 else NipKind.PPPK
    return Nip(digits=digits, birth_date=birth, kind=kind, gender=gender)
