"""Transfers (mutasi, promotion): a new unit, supervisor or position from an effective date.

The old posting ends the day before; reports dated before stay with the old supervisor, work
from the date on goes to the new one, and both are told how many pending reports moved; the
person is told their new unit, supervisor and position. Effective dates lie in the past year or
up to MAX_AHEAD_DAYS ahead: a future posting is stored at once and the employee row takes it on
the day (`apply_due_postings`, a scheduled producer), when the supervisors are told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
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
from services.reminders import TickContext
from services.text import one_line

LOOKBACK_DAYS = 366
MAX_AHEAD_DAYS = 90
MAX_POSITION = 200
NO_SUPERVISOR = "-"


@dataclass(frozen=True)
class Move:
    employee: Employee
    valid_from: date
    old_supervisor_id: int | None
    new_supervisor_id: int | None
    moved: int  # pending reports dated from `valid_from` that now wait for the new supervisor
    scheduled: bool = False  # `valid_from` is after today: the row changes on the day


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


def check_effective(day: date, today: date, since: date | None, ahead_days: int = 0) -> None:
    """Invalid(EFFECTIVE_DATE) unless `day` is within the last year, at most `ahead_days` after
    today, and after the start of the person's latest posting (`since`)."""
    earliest = today - timedelta(days=LOOKBACK_DAYS)
    latest = today + timedelta(days=ahead_days)
    if since is not None:
        earliest = max(earliest, since + timedelta(days=1))
    if not earliest <= day <= latest:
        raise Invalid(
            Problem.EFFECTIVE_DATE, earliest=f"{earliest:%d/%m/%Y}", latest=f"{latest:%d/%m/%Y}"
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
    tell_person: bool = True,
) -> Move:
    """Write the posting history and, unless `valid_from` is still ahead, today's values; tell
    the person (checks are the caller's; no commit)."""
    scheduled = valid_from > await employee_today(session, employee, now)
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
    if not scheduled:
        employee.unit_id, employee.supervisor_id = unit_id, supervisor_id
        employee.position, employee.updated_at = position, now
    await session.flush()
    moved = 0
    if not scheduled and old_supervisor != supervisor_id:
        moved = await _pending_from(session, employee.id, valid_from)
        if notify:
            await _tell_supervisors(session, posting, old_supervisor, moved, now)
    if tell_person:
        await outbox.enqueue(
            session,
            recipient_id=employee.id,
            kind="posting.transferred",
            payload={"posting_id": posting.id},
            dedup_key=f"posting.transferred:{posting.id}",
            now=now,
        )
    after = {"unit_id": unit_id, "supervisor_id": supervisor_id, "position": position}
    audit.record(
        session,
        actor=actor,
        at=now,
        action="employee.transfer",
        entity="employee",
        entity_id=employee.id,
        before=before,
        after={
            **after,
            "valid_from": valid_from.isoformat(),
            "moved": moved,
            "scheduled": scheduled,
        },
    )
    return Move(employee, valid_from, old_supervisor, supervisor_id, moved, scheduled)


async def _tell_supervisors(
    session: AsyncSession, posting: Posting, old_supervisor: int | None, moved: int, now: datetime
) -> int:
    """Both supervisors hear that the person changed hands and how many pending reports
    moved (one notice per side and posting); the number of notices."""
    payload = {
        "employee_id": posting.employee_id,
        "day": posting.valid_from.isoformat(),
        "count": moved,
    }
    sides = (("posting.moved_out", old_supervisor), ("posting.moved_in", posting.supervisor_id))
    sent = 0
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
            sent += 1
    return sent


async def apply_due_postings(session: AsyncSession, ctx: TickContext) -> int:
    """Future-dated transfers whose day has come in the person's zone: the employee row takes
    the posting's unit, supervisor and position and both supervisors are told. Found set-wise
    (the latest posting differs from the row); an applied one matches, so a second tick does
    nothing. Returns the number of notices."""
    sent = 0
    for zone in ctx.zones:
        rows = await session.execute(
            select(Posting, Employee)
            .join(Employee, Employee.id == Posting.employee_id)
            .where(
                Employee.agency_id == ctx.agency.id,
                Employee.active.is_(True),
                func.coalesce(Employee.timezone, ctx.agency.timezone) == zone.zone,
                Posting.valid_to.is_(None),
                Posting.valid_from <= zone.today,
                or_(
                    Employee.unit_id != Posting.unit_id,
                    Employee.supervisor_id.is_distinct_from(Posting.supervisor_id),
                    Employee.position != Posting.position,
                ),
            )
            .order_by(Posting.id)
        )
        for posting, employee in rows.all():
            sent += await _apply(session, posting, employee, ctx.now)
    return sent


async def _apply(session: AsyncSession, posting: Posting, employee: Employee, now: datetime) -> int:
    before = _snapshot(employee)
    old_supervisor = employee.supervisor_id
    employee.unit_id, employee.supervisor_id = posting.unit_id, posting.supervisor_id
    employee.position, employee.updated_at = posting.position, now
    await session.flush()
    moved, sent = 0, 0
    if old_supervisor != posting.supervisor_id:
        moved = await _pending_from(session, employee.id, posting.valid_from)
        sent = await _tell_supervisors(session, posting, old_supervisor, moved, now)
    audit.record(
        session,
        actor=Actor("scheduler"),
        at=now,
        action="employee.transfer.applied",
        entity="employee",
        entity_id=employee.id,
        before=before,
        after={**_snapshot(employee), "posting_id": posting.id, "moved": moved},
    )
    return sent


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
    """Move an active employee from `valid_from`, up to MAX_AHEAD_DAYS ahead (what is None
    stays as it is); commit.

    NotFound for an unknown NIP (employee or supervisor); Invalid for an unknown unit, a
    supervisor loop, a too-long position, a date out of bounds or a move that changes nothing.
    `supervisor_nip` "-" means no supervisor (the head of the agency)."""
    await require_admin(session, actor, agency_id)
    employee = await employee_by_nip(session, agency_id, nip)
    postings = await postings_of(session, employee.id)
    last = postings[-1] if postings else None
    # What stays as it is: the latest posting (a scheduled one too), else the employee row.
    latest = (last.unit_id, last.supervisor_id, last.position) if last else posted(employee)
    unit_id = (await find_unit(session, agency_id, unit)).id if unit else latest[0]
    supervisor_id = latest[1]
    if supervisor_nip == NO_SUPERVISOR:
        supervisor_id = None
    elif supervisor_nip:
        supervisor = await employee_by_nip(session, agency_id, supervisor_nip)
        if supervisor.id == employee.id or await in_reporting_line(session, employee, supervisor):
            raise Invalid(Problem.SUPERVISOR_CYCLE)
        supervisor_id = supervisor.id
    new_position = one_line(position or "") or latest[2]
    if len(new_position) > MAX_POSITION:
        raise Invalid(Problem.PLAN_TEXT_TOO_LONG, limit=MAX_POSITION)
    if (unit_id, supervisor_id, new_position) == latest:
        raise Invalid(Problem.TRANSFER_SAME)
    today = await employee_today(session, employee, now)
    check_effective(valid_from, today, await posting_since(session, employee), MAX_AHEAD_DAYS)
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
