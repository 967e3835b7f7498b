"""NIP parsing (DOMAIN §7): PNS and PPPK numbers, spaces accepted, precise rejection reasons."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.nip import Nip, NipError, NipKind, parse_nip


def test_valid_pns_nip_is_parsed_into_its_parts() -> None:
    assert parse_nip("198503122010121002") == Nip(
        digits="198503122010121002",
        birth_date=date(1985, 3, 12),
        kind=NipKind.PNS,
        gender=1,
    )


def test_pppk_number_whose_digits_13_14_are_not_a_month_is_accepted() -> None:
    nip = parse_nip("199001012022212001")
    assert nip.kind == NipKind.PPPK
    assert nip.digits == "199001012022212001"
    assert nip.birth_date == date(1990, 1, 1)
    assert nip.gender == 2


@pytest.mark.parametrize(("month", "kind"), [("01", "pns"), ("12", "pns"), ("13", "pppk")])
def test_digits_13_14_decide_between_pns_and_pppk(month: str, kind: str) -> None:
    assert parse_nip(f"198503122010{month}1002").kind == kind


@pytest.mark.parametrize(
    "raw",
    [
        "19850312 201012 1 002",
        "  19850312 201012 1 002  ",
        "1985 0312\t2010 12 1 002",
        "19850312\u00a0201012\u00a01\u00a0002",  # non-breaking spaces pasted from a document
    ],
)
def test_spaces_are_accepted_and_only_digits_are_kept(raw: str) -> None:
    assert parse_nip(raw).digits == "198503122010121002"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("19850312201012100", "length"),  # 17 digits
        ("1985031220101210021", "length"),  # 19 digits
        ("1985", "length"),
        ("19850312201012100X", "digits"),
        ("19850312-201012-1-002", "digits"),
        ("１９８５０３１２２０１０１２１００２", "digits"),  # full-width digits are not ASCII
        ("198502302010121002", "birth_date"),  # 30 February
        ("198513012010121002", "birth_date"),  # month 13
        ("198503002010121002", "birth_date"),  # day 0
        ("192912312010121002", "birth_date"),  # born before 1930
        ("198503121998121002", "tmt_year"),  # CPNS at 13
        ("198503122101121002", "tmt_year"),  # beyond 2100
        ("198503122010123002", "gender"),
        ("198503122010120002", "gender"),
        ("198503122010121000", "sequence"),
    ],
)
def test_each_rejection_reason(raw: str, reason: str) -> None:
    with pytest.raises(NipError) as info:
        parse_nip(raw)
    assert info.value.reason == reason


def test_tmt_year_boundaries_are_inclusive() -> None:
    assert parse_nip("198503121999121002").digits == "198503121999121002"
    assert parse_nip("198503122100121002").digits == "198503122100121002"


def test_empty_input_is_rejected() -> None:
    with pytest.raises(NipError):
        parse_nip("")


@st.composite
def valid_nips(draw: st.DrawFn) -> tuple[str, date, NipKind, int]:
    birth = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)))
    tmt_year = draw(st.integers(min_value=birth.year + 14, max_value=2100))
    month = draw(st.integers(min_value=0, max_value=99))
    gender = draw(st.sampled_from([1, 2]))
    sequence = draw(st.integers(min_value=1, max_value=999))
    digits = f"{birth:%Y%m%d}{tmt_year:04d}{month:02d}{gender}{sequence:03d}"
    kind = NipKind.PNS if 1 <= month <= 12 else NipKind.PPPK
    return digits, birth, kind, gender


@given(
    nip=valid_nips(),
    gaps=st.lists(st.sampled_from([" ", "  ", "\t", ""]), min_size=19, max_size=19),
)
def test_any_valid_nip_with_spaces_parses_to_its_digits(
    nip: tuple[str, date, NipKind, int], gaps: list[str]
) -> None:
    digits, birth, kind, gender = nip
    spaced = gaps[0] + "".join(d + gap for d, gap in zip(digits, gaps[1:], strict=True))
    parsed = parse_nip(spaced)
    assert parsed == Nip(digits=digits, birth_date=birth, kind=kind, gender=gender)


@given(st.text(max_size=30))
def test_arbitrary_text_either_parses_to_18_ascii_digits_or_raises_nip_error(raw: str) -> None:
    reasons = {"length", "digits", "birth_date", "tmt_year", "gender", "sequence"}
    reason: str | None
    try:
        parsed = parse_nip(raw)
    except NipError as exc:
        reason = exc.reason
    else:
        reason = None
        assert len(parsed.digits) == 18
        assert parsed.digits.isascii()
        assert parsed.digits.isdigit()
    assert reason is None or reason in reasons
