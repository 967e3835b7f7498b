"""Workdays: agency weekdays, 2026 national holidays and cuti bersama, local dates (DOMAIN §8)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.calendar import WorkCalendar, national_holidays
from services.localtime import local_today

FIVE_DAYS = WorkCalendar("12345")
SIX_DAYS = WorkCalendar("123456")


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # Tahun Baru
        date(2026, 2, 16),  # cuti bersama Imlek
        date(2026, 3, 18),  # cuti bersama Nyepi
        date(2026, 3, 19),  # Nyepi
        date(2026, 3, 20),  # cuti bersama Idul Fitri
        date(2026, 3, 23),  # cuti bersama Idul Fitri
        date(2026, 3, 24),  # cuti bersama Idul Fitri
        date(2026, 5, 15),  # cuti bersama Kenaikan
        date(2026, 5, 28),  # cuti bersama Idul Adha
        date(2026, 8, 17),  # Kemerdekaan
        date(2026, 12, 24),  # cuti bersama Natal
        date(2026, 12, 25),  # Natal
    ],
)
def test_2026_holidays_and_cuti_bersama_are_not_workdays(day: date) -> None:
    assert FIVE_DAYS.holiday_name(day)
    assert not FIVE_DAYS.is_workday(day)
    assert not SIX_DAYS.is_workday(day)


def test_cuti_bersama_is_named_as_such() -> None:
    assert "Cuti Bersama" in (FIVE_DAYS.holiday_name(date(2026, 12, 24)) or "")
    assert date(2026, 3, 20) in national_holidays(2026)


@pytest.mark.parametrize("day", [date(2026, 3, 2), date(2026, 3, 17), date(2026, 8, 18)])
def test_ordinary_weekdays_are_workdays(day: date) -> None:
    assert FIVE_DAYS.holiday_name(day) is None
    assert FIVE_DAYS.is_workday(day)


def test_weekend_depends_on_the_agency_workdays() -> None:
    saturday, sunday = date(2026, 3, 7), date(2026, 3, 8)
    assert not FIVE_DAYS.is_workday(saturday)
    assert not FIVE_DAYS.is_workday(sunday)
    assert SIX_DAYS.is_workday(saturday)
    assert not SIX_DAYS.is_workday(sunday)


def test_agency_extra_holidays_are_not_workdays() -> None:
    calendar = WorkCalendar("12345", {date(2026, 3, 3): "HUT Kabupaten"})
    assert calendar.holiday_name(date(2026, 3, 3)) == "HUT Kabupaten"
    assert not calendar.is_workday(date(2026, 3, 3))
    assert FIVE_DAYS.is_workday(date(2026, 3, 3))


def test_workdays_back_crosses_the_idul_fitri_block() -> None:
    # 18-24 Mar 2026 are all holidays, cuti bersama or weekend.
    assert FIVE_DAYS.workdays_back(date(2026, 3, 25), 3) == [
        date(2026, 3, 25),
        date(2026, 3, 17),
        date(2026, 3, 16),
        date(2026, 3, 13),
    ]


def test_workdays_back_skips_weekends_and_keeps_today() -> None:
    monday = date(2026, 3, 2)
    assert FIVE_DAYS.workdays_back(monday, 2) == [monday, date(2026, 2, 27), date(2026, 2, 26)]
    assert SIX_DAYS.workdays_back(monday, 2) == [monday, date(2026, 2, 28), date(2026, 2, 27)]
    assert FIVE_DAYS.workdays_back(monday, 0) == [monday]


def test_workdays_back_starts_at_today_even_on_a_holiday() -> None:
    assert FIVE_DAYS.workdays_back(date(2026, 8, 17), 1) == [date(2026, 8, 17), date(2026, 8, 14)]


def test_workdays_back_crosses_the_new_year() -> None:
    # 1 Jan 2026 (Thu) is a holiday; 31 Dec 2025 and 30 Dec 2025 are workdays.
    assert FIVE_DAYS.workdays_back(date(2026, 1, 2), 2) == [
        date(2026, 1, 2),
        date(2025, 12, 31),
        date(2025, 12, 30),
    ]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", date(2026, 3, 2)),  # 23:30 WIB
        ("Asia/Pontianak", date(2026, 3, 2)),
        ("Asia/Makassar", date(2026, 3, 3)),  # 00:30 WITA
        ("Asia/Jayapura", date(2026, 3, 3)),  # 01:30 WIT
    ],
)
def test_local_today_differs_across_indonesian_zones_near_midnight(
    zone: str, expected: date
) -> None:
    assert local_today(datetime(2026, 3, 2, 16, 30, tzinfo=UTC), zone) == expected


def test_local_today_turns_over_exactly_at_local_midnight() -> None:
    assert local_today(datetime(2026, 3, 2, 16, 59, tzinfo=UTC), "Asia/Jakarta") == date(2026, 3, 2)
    assert local_today(datetime(2026, 3, 2, 17, 0, tzinfo=UTC), "Asia/Jakarta") == date(2026, 3, 3)
