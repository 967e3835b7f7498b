"""How long someone worked: a clock range or a duration, typed the Indonesian way."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.errors import Invalid
from services.timeparse import (
    MAX_MINUTES,
    WorkTime,
    parse_leading_time,
    parse_work_time,
    span_minutes,
)


@pytest.mark.parametrize(
    "text",
    [
        "08.00-10.30",
        "8:00 - 10:30",
        "08.00–10.30",
        "08.00—10.30",
        "08.00 s/d 10.30",
        "08.00 sd 10.30",
        "08.00 sampai 10.30",
        "  08:00 to 10:30  ",
    ],
)
def test_ranges_give_start_end_and_minutes(text: str) -> None:
    assert parse_work_time(text) == WorkTime(150, time(8, 0), time(10, 30))


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90 menit", 90),
        ("90menit", 90),
        ("1,5 jam", 90),
        ("1.5 jam", 90),
        ("1j30m", 90),
        ("2 jam 15 menit", 135),
        ("2 JAM", 120),
        ("45 min", 45),
        ("45 mnt", 45),
        ("3 hours", 180),
        ("0,25 jam", 15),
        ("24 jam", MAX_MINUTES),
    ],
)
def test_durations_have_minutes_and_no_clock_times(text: str, minutes: int) -> None:
    assert parse_work_time(text) == WorkTime(minutes)


def test_leading_range_returns_the_rest_of_the_text() -> None:
    parsed, rest = parse_leading_time("08.00-10.30   Rapat koordinasi  anggaran ")
    assert parsed == WorkTime(150, time(8, 0), time(10, 30))
    assert rest == "Rapat koordinasi  anggaran"


def test_leading_duration_returns_the_rest_of_the_text() -> None:
    parsed, rest = parse_leading_time("1,5 jam menyusun notulen")
    assert parsed == WorkTime(90)
    assert rest == "menyusun notulen"


@pytest.mark.parametrize(
    "text", ["Menyusun laporan", "2 laporan disusun", "3 hari rapat", "08.00-10.30rapat"]
)
def test_text_without_a_leading_time_comes_back_untouched(text: str) -> None:
    assert parse_leading_time(f"  {text} ") == (None, text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "unparsed"),
        ("90", "unparsed"),
        ("", "unparsed"),
        ("90 menit rapat", "unparsed"),
        ("0 menit", "zero"),
        ("0 jam", "zero"),
        ("25 jam", "too_long"),
        ("1441 menit", "too_long"),
        ("10.00-08.00", "end_before_start"),
        ("08.00-08.00", "end_before_start"),
        ("25.00-26.00", "bad_clock"),
        ("08.60-09.00", "bad_clock"),
    ],
)
def test_invalid_times_name_the_reason(text: str, reason: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_work_time(text)
    assert caught.value.code == f"time_{reason}"


def test_leading_parse_raises_on_a_broken_range_instead_of_ignoring_it() -> None:
    with pytest.raises(Invalid) as caught:
        parse_leading_time("10.00-09.00 rapat")
    assert caught.value.code == "time_end_before_start"


spans = st.integers(min_value=0, max_value=MAX_MINUTES - 2).flatmap(
    lambda start: st.tuples(st.just(start), st.integers(start + 1, MAX_MINUTES - 1))
)


@given(span=spans, sep=st.sampled_from(["-", " - ", "–", " s/d "]))
def test_any_formatted_range_within_a_day_parses_to_its_span(
    span: tuple[int, int], sep: str
) -> None:
    start, end = span
    text = f"{start // 60:02d}.{start % 60:02d}{sep}{end // 60}:{end % 60:02d}"
    parsed = parse_work_time(text)
    assert parsed.minutes == end - start
    assert parsed.start == time(start // 60, start % 60)
    assert parsed.end == time(end // 60, end % 60)
    assert span_minutes(time(start // 60, start % 60), time(end // 60, end % 60)) == end - start
