"""Where each person was when, and who verifies their work of a given day.

The employee row holds today's unit, supervisor and position; `posting` rows hold the history
(written by transfers, services/transfers.py). A person without postings has always been where
the employee row says. Work of a day goes to the supervisor of that day; when that supervisor
has left (`departure`), to their successor (the acting official, or the supervisor above).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from sqlalchemy import ColumnElement, case, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from models import Departure, Employee, Posting, Unit
from services.authority import acting_for
from services.errors import NotAllowed
from services.localtime import employee_today

_MAX_CHAIN = 10  # successors of successors: bounded, a loop cannot hang a request


class _Dated(Protocol):
    @property
    def valid_from(self) -> date: ...


_P = TypeVar("_P", bound=_Dated)


def _on(postings: Sequence[_P], day: date) -> _P | None:
    """The posting in force on `day` (postings sorted by valid_from); before the first, the
    first (nothing is known earlier)."""
    if not postings:
        return None
    current = postings[0]
    for posting in postings:
        if posting.valid_from <= day:
            current = posting
    return current


async def postings_of(session: AsyncSession, employee_id: int) -> list[Posting]:
    """A person's postings, oldest first (empty if never transferred)."""
    rows = await session.scalars(
        select(Posting).where(Posting.employee_id == employee_id).order_by(Posting.valid_from)
    )
    return list(rows.all())


async def supervisor_on(session: AsyncSession, employee_id: int, day: date) -> int | None:
    """Id of the employee's supervisor on `day` (None: nobody assessed them then); one
    statement: today's supervisor beside the posting history."""
    rows = (
        await session.execute(
            select(Employee.supervisor_id.label("today"), Posting.valid_from, Posting.supervisor_id)
            .outerjoin(Posting, Posting.employee_id == Employee.id)
            .where(Employee.id == employee_id)
            .order_by(Posting.valid_from)
        )
    ).all()
    if not rows:
        return None
    if rows[0].valid_from is None:  # never transferred (no posting joined): the employee row
        today: int | None = rows[0].today
        return today
    posting = _on(rows, day)
    return posting.supervisor_id if posting else None


async def _successors(session: AsyncSession) -> dict[int, int | None]:
    rows = await session.execute(select(Departure.employee_id, Departure.successor_id))
    return dict(rows.all())


def _follow(successors: dict[int, int | None], supervisor: int | None) -> int | None:
    for _ in range(_MAX_CHAIN):
        if supervisor is None or supervisor not in successors:
            return supervisor
        supervisor = successors[supervisor]
    return supervisor


async def verifier_on(session: AsyncSession, employee_id: int, day: date) -> int | None:
    """Who verifies the employee's work of `day`: that day's supervisor, or whoever took over
    their team when they left (one index probe per leaver in the chain, usually none)."""
    verifier = await supervisor_on(session, employee_id, day)
    for _ in range(_MAX_CHAIN):
        if verifier is None:
            return None
        left = (
            await session.execute(
                select(Departure.successor_id).where(Departure.employee_id == verifier)
            )
        ).first()
        if left is None:
            return verifier
        verifier = left[0]
    return verifier


async def require_verifier(
    session: AsyncSession, actor: Employee, employee: Employee, day: date, now: datetime
) -> None:
    """NotAllowed unless `actor` verifies `employee`'s work of `day` (themselves, or as the
    acting official of that verifier today)."""
    if employee.id == actor.id or not employee.active:
        raise NotAllowed("not assessor")
    verifier = await verifier_on(session, employee.id, day)
    if verifier is None:
        raise NotAllowed("not assessor")
    if verifier == actor.id:
        return
    if verifier in await acting_for(session, actor, await employee_today(session, actor, now)):
        return
    raise NotAllowed("not assessor")


def verifier_sql(
    employee_id: InstrumentedAttribute[int],
    day: InstrumentedAttribute[date] | ColumnElement[date],
    current_supervisor: InstrumentedAttribute[int | None],
) -> ColumnElement[int | None]:
    """`verifier_on` as an SQL expression, for set-wise producers (one successor level)."""
    p = aliased(Posting)
    covering = (p.employee_id == employee_id, p.valid_from <= day)
    on_day = select(p.supervisor_id).where(*covering).order_by(p.valid_from.desc()).limit(1)
    first = select(p.supervisor_id).where(p.employee_id == employee_id).order_by(p.valid_from)
    supervisor = case(
        (exists().where(*covering), on_day.scalar_subquery()),
        (exists().where(p.employee_id == employee_id), first.limit(1).scalar_subquery()),
        else_=current_supervisor,
    )
    d = aliased(Departure)
    successor = select(d.successor_id).where(d.employee_id == supervisor).scalar_subquery()
    return case((exists().where(d.employee_id == supervisor), successor), else_=supervisor)


@dataclass(frozen=True)
class Scope:
    """Whose work an actor may verify now: candidates to load, then `mine(employee, day)`."""

    employee_ids: list[int]
    mine: Callable[[int, date], bool]


async def verification_scope(session: AsyncSession, actor: Employee, now: datetime) -> Scope:
    """Everyone whose work of some day is the actor's to verify: today's team, former team
    members (days before they moved), and the teams of leavers the actor took over."""
    supervisors = {
        actor.id,
        *await acting_for(session, actor, await employee_today(session, actor, now)),
    }
    successors = await _successors(session)
    covered = set(supervisors)
    for leaver in successors:
        if _follow(successors, leaver) in supervisors:
            covered.add(leaver)
    former = select(Posting.employee_id).where(Posting.supervisor_id.in_(covered))
    ids = list(
        (
            await session.scalars(
                select(Employee.id).where(
                    or_(Employee.supervisor_id.in_(covered), Employee.id.in_(former)),
                    Employee.active.is_(True),
                    Employee.id != actor.id,
                )
            )
        ).all()
    )
    current = dict(
        (
            await session.execute(
                select(Employee.id, Employee.supervisor_id).where(Employee.id.in_(ids))
            )
        ).all()
    )
    history: dict[int, list[Posting]] = {}
    for posting in (
        await session.scalars(
            select(Posting).where(Posting.employee_id.in_(ids)).order_by(Posting.valid_from)
        )
    ).all():
        history.setdefault(posting.employee_id, []).append(posting)

    def mine(employee_id: int, day: date) -> bool:
        posting = _on(history.get(employee_id, []), day)
        supervisor = posting.supervisor_id if posting else current.get(employee_id)
        return _follow(successors, supervisor) in supervisors

    return Scope(ids, mine)


async def team_on(session: AsyncSession, actor: Employee, day: date, now: datetime) -> list[int]:
    """Active employees whose work of `day` the actor verifies (`require_verifier` for each):
    the team of a period is the team on its last day, so someone who moved away afterwards
    stays in it and someone who joined afterwards is not."""
    scope = await verification_scope(session, actor, now)
    return [i for i in scope.employee_ids if scope.mine(i, day)]


@dataclass(frozen=True)
class Stint:
    """One line of a person's history: where they were from `start` until `end` (inclusive,
    None: today)."""

    start: date
    end: date | None
    unit: str
    supervisor: str | None
    position: str


async def history(session: AsyncSession, employee: Employee) -> list[Stint]:
    """Where the person was when, newest first (one line for someone never transferred)."""
    postings = await postings_of(session, employee.id)
    if not postings:
        unit = await session.get(Unit, employee.unit_id)
        boss = (
            await session.get(Employee, employee.supervisor_id) if employee.supervisor_id else None
        )
        return [
            Stint(
                employee.created_at.date(),
                None,
                unit.path if unit else "?",
                boss.name if boss else None,
                employee.position,
            )
        ]
    unit_ids = {p.unit_id for p in postings}
    units = dict(
        (await session.execute(select(Unit.id, Unit.path).where(Unit.id.in_(unit_ids)))).all()
    )
    people = {p.supervisor_id for p in postings if p.supervisor_id}
    names = dict(
        (
            await session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(people)))
        ).all()
    )
    return [
        Stint(
            p.valid_from,
            date.fromordinal(p.valid_to.toordinal() - 1) if p.valid_to else None,
            units.get(p.unit_id, "?"),
            names.get(p.supervisor_id) if p.supervisor_id else None,
            p.position,
        )
        for p in reversed(postings)
    ]
