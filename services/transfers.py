"""Transfers (mutasi, promotion): a new unit, supervisor or position from an effective date.

The old posting ends the day before; reports dated before stay with the old supervisor, work
from the date on goes to the new one, and both are told how many pending reports moved.
Effective dates lie in the past year up to today (a transfer is entered once its decree applies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Employee, Posting, Unit
from services import audit, outbox
from services.assignments import employee_by_nip
from services.audit import Actor
from services.authority import in_reporting_line
from services.directory import require_admin
from services.errors import Invalid, Problem
from services.localtime import employee_today
from services.postings import postings_of
from services.text import one_line

LOOKBACK_DAYS = 366
MAX_POSITION = 200
NO_SUPERVISOR = "-"


@dataclass(frozen=True)
class Move:
    employee: Employee
    valid_from: date
    old_supervisor_id: int | None
    new_supervisor_id: int | None
    moved: int  # pending reports dated from `valid_from` that now wait for the new supervisor


_CELL_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
)


def parse_effective_cell(text: str) -> date:
    """A staff file's `tanggal_efektif`: 2026-03-01 (also as a spreadsheet date) or 1/3/2026;
    ValueError otherwise."""
    match = _CELL_DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    if match.group(1):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return date(int(match.group(6)), int(match.group(5)), int(match.group(4)))


def check_effective(day: date, today: date, since: date | None) -> None:
    """Invalid(EFFECTIVE_DATE) unless `day` is within the last year, not after today, and after
    the start of the person's current posting (`since`)."""
    earliest = today - timedelta(days=LOOKBACK_DAYS)
    if since is not None:
        earliest = max(earliest, since + timedelta(days=1))
    if not earliest <= day <= today:
        raise Invalid(
            Problem.EFFECTIVE_DATE, earliest=f"{earliest:%d/%m/%Y}", latest=f"{today:%d/%m/%Y}"
        )


async def posting_since(session: AsyncSession, employee: Employee) -> date | None:
    postings = await postings_of(session, employee.id)
    return postings[-1].valid_from if postings else None


def _snapshot(employee: Employee) -> dict[str, object]:
    return {
        "unit_id": employee.unit_id,
        "supervisor_id": employee.supervisor_id,
        "position": employee.position,
    }


async def _pending_from(session: AsyncSession, employee_id: int, day: date) -> int:
    count = await session.scalar(
        select(func.count(Activity.id)).where(
            Activity.employee_id == employee_id,
            Activity.status == ActivityStatus.SUBMITTED,
            Activity.deleted_at.is_(None),
            Activity.work_date >= day,
        )
    )
    return int(count or 0)


async def record_move(
    session: AsyncSession,
    actor: Actor,
    employee: Employee,
    *,
    unit_id: int,
    supervisor_id: int | None,
    position: str,
    valid_from: date,
    now: datetime,
    notify: bool = True,
) -> Move:
    """Write the posting history and today's values (checks are the caller's; no commit)."""
    postings = await postings_of(session, employee.id)
    old_supervisor = employee.supervisor_id
    if postings:
        postings[-1].valid_to = valid_from
        old_supervisor = postings[-1].supervisor_id
    else:  # the first transfer: what the employee row said becomes the opening posting
        opening = min(employee.created_at.date(), valid_from - timedelta(days=1))
        session.add(
            Posting(
                employee_id=employee.id,
                unit_id=employee.unit_id,
                supervisor_id=employee.supervisor_id,
                position=employee.position,
                valid_from=opening,
                valid_to=valid_from,
                created_by_id=actor.employee_id,
                created_at=now,
            )
        )
    posting = Posting(
        employee_id=employee.id,
        unit_id=unit_id,
        supervisor_id=supervisor_id,
        position=position,
        valid_from=valid_from,
        created_by_id=actor.employee_id,
        created_at=now,
    )
    session.add(posting)
    before = _snapshot(employee)
    employee.unit_id, employee.supervisor_id, employee.position = unit_id, supervisor_id, position
    employee.updated_at = now
    await session.flush()
    moved = 0
    if old_supervisor != supervisor_id:
        moved = await _pending_from(session, employee.id, valid_from)
    if notify and old_supervisor != supervisor_id:
        payload = {"employee_id": employee.id, "day": valid_from.isoformat(), "count": moved}
        sides = (("posting.moved_out", old_supervisor), ("posting.moved_in", supervisor_id))
        for kind, recipient in sides:
            if recipient is not None:
                await outbox.enqueue(
                    session,
                    recipient_id=recipient,
                    kind=kind,
                    payload=payload,
                    dedup_key=f"{kind}:{posting.id}",
                    now=now,
                )
    audit.record(
        session,
        actor=actor,
        at=now,
        action="employee.transfer",
        entity="employee",
        entity_id=employee.id,
        before=before,
        after={**_snapshot(employee), "valid_from": valid_from.isoformat(), "moved": moved},
    )
    return Move(employee, valid_from, old_supervisor, supervisor_id, moved)


Posted = tuple[int, int | None, str]
"""(unit, supervisor, position) of an employee."""


def posted(employee: Employee) -> Posted:
    return employee.unit_id, employee.supervisor_id, employee.position


async def record_change(
    session: AsyncSession, actor: Actor, employee: Employee, day: date, old: Posted, now: datetime
) -> None:
    """The employee row was overwritten (staff import) from `old`: if anything changed, it
    becomes a posting from `day` (no commit)."""
    new = posted(employee)
    if new == old:
        return
    employee.unit_id, employee.supervisor_id, employee.position = old
    await record_move(
        session,
        actor,
        employee,
        unit_id=new[0],
        supervisor_id=new[1],
        position=new[2],
        valid_from=day,
        now=now,
    )


async def find_unit(session: AsyncSession, agency_id: int, text: str) -> Unit:
    """A unit by its full path (`Dinas / Bidang`) or, if unique, by its own name."""
    wanted = " / ".join(p.strip() for p in text.replace(">", "/").split("/") if p.strip()).lower()
    units = (await session.scalars(select(Unit).where(Unit.agency_id == agency_id))).all()
    by_path = [u for u in units if u.path.lower() == wanted]
    by_name = [u for u in units if u.name.lower() == wanted]
    found = by_path or (by_name if len(by_name) == 1 else [])
    if not found:
        raise Invalid(Problem.UNIT_UNKNOWN)
    return found[0]


async def transfer(
    session: AsyncSession,
    actor: Actor,
    agency_id: int,
    nip: str,
    *,
    unit: str | None,
    supervisor_nip: str | None,
    position: str | None,
    valid_from: date,
    now: datetime,
) -> Move:
    """Move an active employee from `valid_from` (what is None stays as it is); commit.

    NotFound for an unknown NIP (employee or supervisor); Invalid for an unknown unit, a
    supervisor loop, a too-long position, a date out of bounds or a move that changes nothing.
    `supervisor_nip` "-" means no supervisor (the head of the agency)."""
    await require_admin(session, actor, agency_id)
    employee = await employee_by_nip(session, agency_id, nip)
    unit_id = (await find_unit(session, agency_id, unit)).id if unit else employee.unit_id
    supervisor_id = employee.supervisor_id
    if supervisor_nip == NO_SUPERVISOR:
        supervisor_id = None
    elif supervisor_nip:
        supervisor = await employee_by_nip(session, agency_id, supervisor_nip)
        if supervisor.id == employee.id or await in_reporting_line(session, employee, supervisor):
            raise Invalid(Problem.SUPERVISOR_CYCLE)
        supervisor_id = supervisor.id
    new_position = one_line(position or "") or employee.position
    if len(new_position) > MAX_POSITION:
        raise Invalid(Problem.PLAN_TEXT_TOO_LONG, limit=MAX_POSITION)
    if (unit_id, supervisor_id, new_position) == (
        employee.unit_id,
        employee.supervisor_id,
        employee.position,
    ):
        raise Invalid(Problem.TRANSFER_SAME)
    today = await employee_today(session, employee, now)
    check_effective(valid_from, today, await posting_since(session, employee))
    move = await record_move(
        session,
        actor,
        employee,
        unit_id=unit_id,
        supervisor_id=supervisor_id,
        position=new_position,
        valid_from=valid_from,
        now=now,
    )
    await session.commit()
    return move
