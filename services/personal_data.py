"""A person's copy of every record held about them (UU 27/2022 PDP, the right of access).

Which rows are "about" a person is declared here, per table, so that a new table cannot be
forgotten (`tests/services/test_personal_data.py` walks every mapped table):

- `SUBJECT`: tables with columns naming the person (a row matches if any of them does);
- `CHILDREN`: tables owned by rows of another exported table (evidence of an activity …);
- `PERSON_KEYED`: tables that name the person without a foreign key (Telegram ids);
- `NOT_ABOUT`: foreign keys to employee that do not make the row the person's data (the
  subordinate's activity a supervisor decided is the subordinate's; the decision itself is in
  the supervisor's audit rows).
Audit rows are the person's when they acted, or when the row is about them or their items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from models import Base, Employee
from services.audit import record_read
from services.errors import NotAllowed

SUBJECT: dict[str, tuple[str, ...]] = {
    "employee": ("id",),
    "activity": ("employee_id",),
    "leave": ("employee_id",),
    "invite": ("employee_id",),
    "evaluation": ("employee_id",),
    "plan": ("employee_id",),
    "feedback": ("author_id", "recipient_id"),
    "acting_assignment": ("official_id", "replaced_id"),
    "notification": ("recipient_id",),
    "announcement": ("author_id",),
    "calendar_override": ("created_by_id",),
    "unit_predicate": ("set_by_id",),
    "posting": ("employee_id",),
    "departure": ("employee_id",),
}
# child table -> (its column, the exported table it belongs to)
CHILDREN: dict[str, tuple[str, str]] = {
    "evidence": ("activity_id", "activity"),
    "evaluation_value": ("evaluation_id", "evaluation"),
    "evaluation_note": ("evaluation_id", "evaluation"),
    "plan_item": ("plan_id", "plan"),
    "indicator": ("item_id", "plan_item"),
    "action_plan": ("item_id", "plan_item"),
}
PERSON_KEYED: dict[str, str] = {
    "fsm_state": "key",  # the dialog state, keyed "fsm:<chat>:<telegram user>:<destiny>"
    "invite_attempt": "telegram_user_id",
}
NOT_ABOUT: dict[tuple[str, str], str] = {
    ("employee", "supervisor_id"): "the subordinates' profiles are theirs",
    ("activity", "decided_by_id"): "the report is the author's; the decision is in audit_log",
    ("evaluation", "assessor_id"): "the evaluation is the assessed person's",
    ("plan", "assessor_id"): "the plan is its owner's",
    ("acting_assignment", "created_by_id"): "the admin's act is in audit_log",
    ("posting", "supervisor_id"): "a subordinate's posting is the subordinate's",
    ("posting", "created_by_id"): "the admin's act is in audit_log",
    ("departure", "successor_id"): "the leaver's departure is the leaver's",
    ("departure", "created_by_id"): "the admin's act is in audit_log",
}
# Secrets are never copied out, even to their owner.
OMITTED: dict[str, frozenset[str]] = {"invite": frozenset({"token_hash", "code_hash"})}
# Audit rows about the person's rows of these tables (`entity` is the table's name) are theirs.
AUDITED_ENTITIES = tuple(SUBJECT)
EXPORT_ORDER = (
    "employee",
    "unit",
    *(t for t in SUBJECT if t != "employee"),
    *CHILDREN,
    *PERSON_KEYED,
    "audit_log",
)

Row = dict[str, Any]


@dataclass(frozen=True)
class PersonalData:
    """Every exported table (always all of them, empty ones too), rows ordered by key."""

    nip: str
    name: str
    generated_at: datetime
    tables: dict[str, list[Row]]


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


async def _rows(session: AsyncSession, table: Table, where: ColumnElement[bool]) -> list[Row]:
    omit = OMITTED.get(table.name, frozenset())
    columns = [c for c in table.columns if c.name not in omit]
    order = list(table.primary_key.columns)
    result = await session.execute(select(*columns).where(where).order_by(*order))
    return [dict(r._mapping) for r in result]


def _ids(rows: list[Row]) -> list[int]:
    return [int(r["id"]) for r in rows]


def _fsm_key_match(table: Table, telegram_user_id: int | None) -> ColumnElement[bool]:
    if telegram_user_id is None:
        return table.c.key.is_(None)  # matches nothing: the key is the primary key
    return table.c.key.like(f"%:{telegram_user_id}:%")


async def collect(session: AsyncSession, person: Employee) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for name, columns in SUBJECT.items():
        table = _table(name)
        tables[name] = await _rows(session, table, or_(*(table.c[c] == person.id for c in columns)))
    unit = _table("unit")
    tables["unit"] = await _rows(session, unit, unit.c.id == person.unit_id)
    for name, (column, parent) in CHILDREN.items():
        table = _table(name)
        tables[name] = await _rows(session, table, table.c[column].in_(_ids(tables[parent])))
    fsm = _table("fsm_state")
    tables["fsm_state"] = await _rows(session, fsm, _fsm_key_match(fsm, person.telegram_user_id))
    attempts = _table("invite_attempt")
    tables["invite_attempt"] = await _rows(
        session, attempts, attempts.c.telegram_user_id == (person.telegram_user_id or -1)
    )
    audit = _table("audit_log")
    about = [
        and_(audit.c.entity == entity, audit.c.entity_id.in_(_ids(tables[entity])))
        for entity in AUDITED_ENTITIES
    ]
    tables["audit_log"] = await _rows(session, audit, or_(audit.c.actor_id == person.id, *about))
    return {name: tables[name] for name in EXPORT_ORDER}


async def personal_data(
    session: AsyncSession, actor: Employee, subject: Employee, now: datetime
) -> PersonalData:
    """The subject's data, for themselves or an admin of their agency (audited as a read)."""
    if subject.id != actor.id and not (actor.is_admin and actor.agency_id == subject.agency_id):
        raise NotAllowed("personal data")
    tables = await collect(session, subject)
    await record_read(session, actor, subject.id, "personal_data", now)
    return PersonalData(subject.nip, subject.name, now, tables)
