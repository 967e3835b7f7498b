"""Reading real staff spreadsheets (CSV and XLSX) into rows keyed by normalised column name."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from services.staff_file import StaffFileError, read_staff_file
from tests.factories import make_nip
from tests.services.staff_helpers import HEADER, read, write_csv, write_xlsx

ROW_A = [make_nip(1), "Budi Santoso, S.Kom", "Analis", "Dinas Uji / Bidang A", ""]
ROW_B = [make_nip(2), "Siti Aminah", "Kepala Bidang", "Dinas Uji / Bidang A", make_nip(1)]


def _values(row: list[str]) -> dict[str, str]:
    return dict(zip(["nip", "nama", "jabatan", "unit", "nip_atasan"], row, strict=True))


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_either_delimiter_and_optional_bom(
    tmp_path: Path, delimiter: str, bom: bool
) -> None:
    path = write_csv(tmp_path / "staff.csv", [ROW_A, ROW_B], delimiter=delimiter, bom=bom)
    rows = read(path)
    assert [r.number for r in rows] == [2, 3]
    assert rows[0].values == _values(ROW_A)  # the comma inside the name survives
    assert rows[1].values == _values(ROW_B)
    assert not any(r.numeric_nip for r in rows)


def test_headers_are_normalised_and_unknown_columns_ignored(tmp_path: Path) -> None:
    header = ["  nip ", "NAMA", "Jabatan", "Unit", "NIP   Atasan", "Catatan", "Jenis Jabatan"]
    path = write_csv(
        tmp_path / "staff.csv",
        [[f" {make_nip(1)} ", " Budi ", "Analis", "Dinas Uji", "", "abaikan", "JF"]],
        header=header,
    )
    [row] = read(path)
    assert row.values == {
        "nip": make_nip(1),
        "nama": "Budi",
        "jabatan": "Analis",
        "unit": "Dinas Uji",
        "nip_atasan": "",
        "jenis_jabatan": "JF",
    }


def test_optional_columns_appear_only_when_present(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "staff.csv",
        [[*ROW_A, "fungsional", "WITA", "ya"]],
        header=[*HEADER, "Jenis Jabatan", "Zona Waktu", "Admin"],
    )
    [row] = read(path)
    assert row.values["jenis_jabatan"] == "fungsional"
    assert row.values["zona_waktu"] == "WITA"
    assert row.values["admin"] == "ya"
    [plain] = read(write_csv(tmp_path / "plain.csv", [ROW_A]))
    assert set(plain.values) == {"nip", "nama", "jabatan", "unit", "nip_atasan"}


def test_blank_lines_are_skipped_but_keep_the_spreadsheet_row_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "staff.csv", [ROW_A, [], ["", "", "", "", ""], ROW_B])
    assert [r.number for r in read(path)] == [2, 5]


def test_short_rows_are_padded_with_empty_values(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "staff.csv", [[make_nip(1), "Budi"]])
    [row] = read(path)
    assert row.values == {
        "nip": make_nip(1),
        "nama": "Budi",
        "jabatan": "",
        "unit": "",
        "nip_atasan": "",
    }


def test_windows_1252_csv_is_still_readable(tmp_path: Path) -> None:
    row = [make_nip(1), "José Müller", "Analis", "Dinas Uji", ""]
    path = write_csv(tmp_path / "staff.csv", [row], delimiter=";", encoding="cp1252")
    [parsed] = read(path)
    assert parsed.values["nama"] == "José Müller"


def test_uppercase_extension_is_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "STAFF.CSV", [ROW_A])
    assert len(read(path)) == 1


def test_xlsx_rows_are_read_with_spreadsheet_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([*HEADER, "Admin"])
    sheet.append([*ROW_A, True])
    sheet.append([None] * 6)
    sheet.append([*ROW_B, False])
    workbook.save(path)
    rows = read(path)
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].values == {**_values(ROW_A), "admin": "True"}
    assert rows[1].values == {**_values(ROW_B), "admin": "False"}
    assert not any(r.numeric_nip for r in rows)


def test_xlsx_nip_stored_as_a_number_is_flagged(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "staff.xlsx",
        [[float(make_nip(1)), "Budi", "Analis", "Dinas Uji", None]],
    )
    [row] = read(path)
    assert row.numeric_nip is True


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["NIP", "Nama", "Jabatan", "Unit"], "nip_atasan"),
        (["Nama", "Jabatan", "NIP Atasan"], "nip, unit"),
    ],
)
def test_missing_required_column(tmp_path: Path, header: list[str], missing: str) -> None:
    path = write_csv(tmp_path / "staff.csv", [], header=header)
    with pytest.raises(StaffFileError) as info:
        read(path)
    assert info.value.reason == "columns"
    assert info.value.detail == missing


def test_missing_required_column_in_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "staff.xlsx", [], header=["NIP", "Nama", "Jabatan", "Unit"])
    with pytest.raises(StaffFileError) as info:
        read(path)
    assert info.value.reason == "columns"


def test_empty_file_lacks_columns() -> None:
    with pytest.raises(StaffFileError) as info:
        read_staff_file("staff.csv", b"")
    assert info.value.reason == "columns"


@pytest.mark.parametrize("filename", ["staff.xls", "staff.txt", "staff", "staff.csv.zip"])
def test_unsupported_extension(filename: str) -> None:
    with pytest.raises(StaffFileError) as info:
        read_staff_file(filename, b"NIP,Nama,Jabatan,Unit,NIP Atasan\r\n")
    assert info.value.reason == "unsupported_type"


def test_corrupt_xlsx_is_unreadable() -> None:
    with pytest.raises(StaffFileError) as info:
        read_staff_file("staff.xlsx", b"this is not a zip file")
    assert info.value.reason == "unreadable"
