"""Translated renderings of domain values and errors, shared by handlers and the CLI."""

from __future__ import annotations

from handlers.gettext import gettext as _
from services.directory import Role
from services.staff_file import StaffFileError
from services.staff_import import ImportResult, RowIssue


def role_names(roles: frozenset[Role]) -> str:
    names = {
        Role.EMPLOYEE: _("employee"),
        Role.SUPERVISOR: _("supervisor"),
        Role.ADMIN: _("admin"),
    }
    return ", ".join(names[r] for r in (Role.EMPLOYEE, Role.SUPERVISOR, Role.ADMIN) if r in roles)


def _nip_reason(detail: str) -> str:
    return {
        "length": _("must be 18 digits"),
        "digits": _("may contain only digits and spaces"),
        "birth_date": _("the first 8 digits are not a valid birth date"),
        "tmt_year": _("digits 9-12 are not a plausible appointment year"),
        "gender": _("digit 15 must be 1 or 2"),
        "sequence": _("the last 3 digits cannot be 000"),
    }.get(detail, detail)


def row_issue(issue: RowIssue) -> str:
    text = {
        "nip_invalid": _("invalid NIP: {reason}").format(reason=_nip_reason(issue.detail)),
        "nip_numeric": _(
            "the NIP is stored as a number, so digits are lost; format the column as text"
        ),
        "duplicate_nip": _("duplicate NIP (first seen in row {row})").format(row=issue.detail),
        "required": _("must not be empty"),
        "too_long": _("too long (at most {n} characters)").format(n=issue.detail),
        "unit_invalid": _("unit path is not valid"),
        "unknown_supervisor": _("supervisor NIP is neither in the file nor a registered employee"),
        "own_supervisor": _("an employee cannot be their own supervisor"),
        "supervisor_cycle": _("supervisor chain loops back to this employee"),
        "unknown_zone": _("unknown time zone {zone!r} (use WIB, WITA or WIT)").format(
            zone=issue.detail
        ),
        "unknown_position_type": _("unknown position type (struktural, fungsional, pelaksana)"),
        "bad_flag": _("admin must be 'ya' or 'tidak'"),
        "bad_date": _("tanggal_efektif must be a date such as 2026-03-01 or 1/3/2026"),
        "date_out_of_range": _(
            "tanggal_efektif must be within the last year, not after today, and after the "
            "current posting began"
        ),
        "plan_kind": _("jenis must be 'utama' or 'tambahan'"),
        "plan_aspect": _("aspek must be kuantitas, kualitas, waktu or biaya"),
        "plan_target": _("target must be a number above 0"),
        "plan_parent": _("not an RHK of your supervisor's approved SKP (use its number or text)"),
        "columns": _("missing column(s): {cols}").format(cols=issue.detail),
        "unreadable": _("the file could not be read"),
    }.get(issue.code, issue.code)
    return _("Row {row}, {column}: {text}").format(row=issue.row, column=issue.column, text=text)


def import_rejected(issues: list[RowIssue], max_chars: int | None = 3500) -> str:
    """Every issue, or as many as fit in `max_chars` (a Telegram message holds 4096)."""
    lines = [
        _("Nothing was imported: {n} problem(s) found. Fix them and send the file again.").format(
            n=len(issues)
        )
    ]
    size = len(lines[0])
    for shown, issue in enumerate(issues):
        line = row_issue(issue)
        if max_chars is not None and size + len(line) > max_chars:
            lines.append(_("…and {n} more.").format(n=len(issues) - shown))
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def import_done(result: ImportResult) -> str:
    return _(
        "Import finished: {created} added, {updated} updated, {unchanged} unchanged, "
        "{units} new unit(s)."
    ).format(
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        units=result.units_created,
    )


def staff_file_error(error: StaffFileError) -> str:
    return {
        "unsupported_type": _("Please send a .csv or .xlsx file."),
        "unreadable": _("The file could not be read. Is it a valid .xlsx file?"),
        "columns": _(
            "Missing column(s): {cols}. Required: nip, nama, jabatan, unit, nip_atasan."
        ).format(cols=error.detail),
    }.get(error.reason, error.reason)
