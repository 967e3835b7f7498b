"""/dataku's copy: every table that can hold a row about a person is in it (walked from the
mappers, so a new table cannot be forgotten), with the person's rows and nobody else's."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditLog, Base, Employee
from services.errors import NotAllowed
from services.personal_data import (
    CHILDREN,
    EXPORT_ORDER,
    NOT_ABOUT,
    OMITTED,
    PERSON_KEYED,
    SUBJECT,
    collect,
    personal_data,
)
from services.personal_data_files import to_json, to_xlsx
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit
from tests.services.personal_data_helpers import Created, populate

# Columns that name a person without a foreign key (Telegram ids, the dialog key).
PERSON_COLUMN_NAMES = {"telegram_user_id", "used_by_telegram_id", "telegram_chat_id"}
AUDIT_PERSON_COLUMNS = {"actor_id"}  # audit_log: collect() adds the rows about their items


def test_every_table_about_a_person_is_exported() -> None:
    tables = {t.name: t for m in Base.registry.mappers for t in m.tables}
    exported = set(EXPORT_ORDER)
    unclassified = []
    required = set(PERSON_KEYED)
    for name, table in tables.items():
        for column in table.columns:
            if column.name in PERSON_COLUMN_NAMES:
                required.add(name)
            for fk in column.foreign_keys:
                if fk.column.table.name != "employee":
                    continue
                required.add(name)
                classified = (
                    column.name in SUBJECT.get(name, ())
                    or (name, column.name) in NOT_ABOUT
                    or (name == "audit_log" and column.name in AUDIT_PERSON_COLUMNS)
                )
                if not classified:
                    unclassified.append(f"{name}.{column.name}")
    # Rows owned by an exported row (deleted with it) are the person's too.
    grown = True
    while grown:
        grown = False
        for name, table in tables.items():
            owned = any(
                fk.ondelete == "CASCADE" and fk.column.table.name in required - {"employee"}
                for column in table.columns
                for fk in column.foreign_keys
            )
            if owned and name not in required:
                required.add(name)
                grown = True
    assert unclassified == [], "classify in services/personal_data.py SUBJECT or NOT_ABOUT"
    assert required - exported == set(), "add these tables to services/personal_data.py"
    assert set(CHILDREN) | set(SUBJECT) | set(PERSON_KEYED) <= exported


@dataclass(frozen=True)
class People:
    citra: Employee
    dedi: Employee
    boss: Employee  # their supervisor and an admin
    mine: Created  # Citra's rows
    theirs: Created  # Dedi's rows


async def _people(session: AsyncSession, clock: FrozenClock) -> People:
    agency = await make_agency(session, clock())
    unit = await make_unit(session, agency)
    boss = await make_employee(session, agency, unit, 1, clock(), name="Bambang", is_admin=True)
    citra = await make_employee(
        session, agency, unit, 2, clock(), name="Citra", supervisor=boss, telegram_user_id=501
    )
    dedi = await make_employee(
        session, agency, unit, 3, clock(), name="Dedi", supervisor=boss, telegram_user_id=502
    )
    mine = await populate(session, agency, unit, citra, boss, clock(), 1)
    theirs = await populate(session, agency, unit, dedi, boss, clock(), 2)
    await session.commit()
    return People(citra, dedi, boss, mine, theirs)


def _keys(name: str, rows: list[dict[str, object]]) -> set[object]:
    return {r["key"] if name == "fsm_state" else r["id"] for r in rows}


async def test_a_copy_holds_my_rows_and_not_anothers(
    session: AsyncSession, clock: FrozenClock
) -> None:
    people = await _people(session, clock)

    tables = await collect(session, people.citra)

    assert list(tables) == list(EXPORT_ORDER)
    for name, created in people.mine.items():
        got = _keys(name, tables[name])
        assert created <= got, name
        assert not got & people.theirs[name], name
    assert [r["name"] for r in tables["employee"]] == ["Citra"]
    assert [r["path"] for r in tables["unit"]] == ["Dinas Uji"]
    assert all("token_hash" not in r and "code_hash" not in r for r in tables["invite"])
    assert OMITTED["invite"] == {"token_hash", "code_hash"}


async def test_the_files_hold_the_same_rows_and_typed_text_stays_text(
    session: AsyncSession, clock: FrozenClock
) -> None:
    citra = (await _people(session, clock)).citra

    data = await personal_data(session, citra, citra, clock())
    document = json.loads(to_json(data))
    book = load_workbook(io.BytesIO(to_xlsx(data)))

    assert document["nip"] == citra.nip
    assert document["tables"]["leave"][0]["note"] == f"=tag{citra.id}"
    assert document["tables"]["activity"][0]["submitted_at"] == "2026-03-02T02:00:00+00:00"
    assert book.sheetnames == ["info", *EXPORT_ORDER]
    sheet = book["leave"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("note") + 1)
    assert (cell.value, cell.data_type) == (f"=tag{citra.id}", "s")
    for name in EXPORT_ORDER:
        assert book[name].max_row - 1 == len(data.tables[name]) or not data.tables[name], name
    # Reading one's own data is not an audited read.
    assert (await session.scalars(select(AuditLog).where(AuditLog.action == "read"))).all() == []


async def test_an_admin_may_copy_someones_data_and_it_is_audited(
    session: AsyncSession, clock: FrozenClock
) -> None:
    people = await _people(session, clock)
    citra, boss = people.citra, people.boss

    data = await personal_data(session, boss, citra, clock())

    assert data.name == "Citra"
    reads = (await session.scalars(select(AuditLog).where(AuditLog.action == "read"))).all()
    assert [(r.actor_id, r.entity_id, r.reason) for r in reads] == [
        (boss.id, citra.id, "personal_data")
    ]


async def test_nobody_else_may_copy_my_data(session: AsyncSession, clock: FrozenClock) -> None:
    people = await _people(session, clock)

    with pytest.raises(NotAllowed):
        await personal_data(session, people.dedi, people.citra, clock())
    assert (await session.scalars(select(AuditLog).where(AuditLog.action == "read"))).all() == []
