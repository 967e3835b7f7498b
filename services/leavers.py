"""Leavers: retired, transferred out, deceased or dismissed, from a date.

The person is deactivated and their Telegram account unlinked at once (their chat is then a
stranger's: nothing is sent, nothing can be done); their history stays and stays exportable.
Their team's open verifications go to the acting official standing in for them, or else to
their own supervisor, who is told; the team's supervisor changes from the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    ActingAssignment,
    Activity,
    ActivityStatus,
    Departure,
    Employee,
    LeaveReason,
    Notification,
    NotificationStatus,
)
from services import audit, outbox
from services.assignments import employee_by_nip
from services.audit import Actor
from services.directory import require_admin
from services.errors import Invalid, NotFound, Problem
from services.localtime import employee_today
from services.postings import postings_of, verification_scope
from services.transfers import check_effective, posting_since, record_move

_REASON_WORDS = {
    **{r.value: r for r in LeaveReason},
    "retired": LeaveReason.RETIRED,
    "transferred_out": LeaveReason.TRANSFERRED_OUT,
    "mutasi_keluar": LeaveReason.TRANSFERRED_OUT,
    "deceased": LeaveReason.DECEASED,
    "wafat": LeaveReason.DECEASED,
    "dismissed": LeaveReason.DISMISSED,
}


def parse_reason(text: str) -> LeaveReason:
    """`pensiun`, `pindah keluar`, `meninggal`, `diberhentikan` (or English); Invalid else."""
    key = "_".join(text.lower().replace("-", " ").split())
    if key not in _REASON_WORDS:
        raise Invalid(Problem.LEAVER_REASON)
    return _REASON_WORDS[key]


@dataclass(frozen=True)
class Departed:
    employee: Employee
    successor: Employee | None
    team: int  # subordinates who now report to the successor
    reassigned: int  # open verifications that now wait for the successor


async def successor_of(session: AsyncSession, leaver: Employee, today: date) -> Employee | None:
    """The acting official standing in for `leaver` today, else their own active supervisor."""
    acting = await session.scalar(
        select(Employee)
        .join(ActingAssignment, ActingAssignment.official_id == Employee.id)
        .where(
            ActingAssignment.replaced_id == leaver.id,
            ActingAssignment.revoked_at.is_(None),
            ActingAssignment.start_date <= today,
            ActingAssignment.end_date >= today,
            Employee.active.is_(True),
        )
        .order_by(ActingAssignment.id.desc())
        .limit(1)
    )
    if acting is not None:
        return acting
    if leaver.supervisor_id is None:
        return None
    boss = await session.get(Employee, leaver.supervisor_id)
    return boss if boss is not None and boss.active else None


@dataclass(frozen=True)
class Plan:
    """What a deactivation would do, for the confirmation card (nothing is changed)."""

    leaver: Employee
    successor: Employee | None
    left_on: date


async def _checked(
    session: AsyncSession, actor: Actor, agency_id: int, nip: str, left_on: date, now: datetime
) -> tuple[Employee, date]:
    await require_admin(session, actor, agency_id)
    leaver = await employee_by_nip(session, agency_id, nip)
    if actor.employee_id == leaver.id:
        raise Invalid(Problem.LEAVER_SELF)
    today = await employee_today(session, leaver, now)
    check_effective(left_on, today, None)
    return leaver, today


async def plan_departure(
    session: AsyncSession, actor: Actor, agency_id: int, nip: str, left_on: date, *, now: datetime
) -> Plan:
    """The checks of `deactivate` and who would take over, without changing anything."""
    leaver, today = await _checked(session, actor, agency_id, nip, left_on, now)
    return Plan(leaver, await successor_of(session, leaver, today), left_on)


async def active_nip(session: AsyncSession, agency_id: int, employee_id: int) -> str:
    """The NIP of an active employee of the agency (a confirmation button carries the id)."""
    employee = await session.get(Employee, employee_id)
    if employee is None or not employee.active or employee.agency_id != agency_id:
        raise NotFound("employee")
    return employee.nip


async def _open_verifications(session: AsyncSession, leaver: Employee, now: datetime) -> int:
    scope = await verification_scope(session, leaver, now)
    if not scope.employee_ids:
        return 0
    rows = await session.execute(
        select(Activity.employee_id, Activity.work_date, func.count(Activity.id))
        .where(
            Activity.employee_id.in_(scope.employee_ids),
            Activity.status == ActivityStatus.SUBMITTED,
            Activity.deleted_at.is_(None),
        )
        .group_by(Activity.employee_id, Activity.work_date)
    )
    return sum(n for employee_id, day, n in rows.all() if scope.mine(employee_id, day))


async def _hand_over_team(
    session: AsyncSession,
    actor: Actor,
    leaver: Employee,
    successor: Employee | None,
    left_on: date,
    now: datetime,
) -> int:
    team = (
        await session.scalars(
            select(Employee).where(Employee.supervisor_id == leaver.id, Employee.active.is_(True))
        )
    ).all()
    for member in team:
        since = await posting_since(session, member)
        start = left_on if since is None or since < left_on else since + timedelta(days=1)
        await record_move(
            session,
            actor,
            member,
            unit_id=member.unit_id,
            supervisor_id=successor.id if successor else None,
            position=member.position,
            valid_from=start,
            now=now,
            notify=False,
            tell_person=successor is not None,
        )
    return len(team)


async def _tell_admins_nobody_verifies(
    session: AsyncSession, leaver: Employee, left_on: date, team: int, pending: int, now: datetime
) -> None:
    """A top official left with no acting official and nobody above: the agency's admins are
    told that the team has nobody to verify it (the leave itself goes through)."""
    admins = await session.scalars(
        select(Employee.id).where(
            Employee.agency_id == leaver.agency_id,
            Employee.is_admin.is_(True),
            Employee.active.is_(True),
            Employee.id != leaver.id,
        )
    )
    payload = {"employee_id": leaver.id, "day": left_on.isoformat(), "count": pending, "team": team}
    for admin in admins.all():
        await outbox.enqueue(
            session,
            recipient_id=admin,
            kind="posting.unverified",
            payload=payload,
            dedup_key=f"posting.unverified:{leaver.id}:{admin}",
            now=now,
        )


async def deactivate(
    session: AsyncSession,
    actor: Actor,
    agency_id: int,
    nip: str,
    reason: LeaveReason,
    left_on: date,
    *,
    now: datetime,
) -> Departed:
    """Deactivate an active employee from `left_on` and commit. NotFound for an unknown or
    already inactive NIP; Invalid for oneself or a date out of bounds."""
    leaver, today = await _checked(session, actor, agency_id, nip, left_on, now)
    successor = await successor_of(session, leaver, today)
    reassigned = await _open_verifications(session, leaver, now)
    before = {
        "active": leaver.active,
        "telegram_linked": leaver.is_linked,
        "supervisor_id": leaver.supervisor_id,
    }
    postings = await postings_of(session, leaver.id)
    if postings and postings[-1].valid_to is None:
        postings[-1].valid_to = max(left_on, postings[-1].valid_from + timedelta(days=1))
    session.add(
        Departure(
            employee_id=leaver.id,
            reason=reason,
            left_on=left_on,
            successor_id=successor.id if successor else None,
            created_by_id=actor.employee_id,
            created_at=now,
        )
    )
    team = await _hand_over_team(session, actor, leaver, successor, left_on, now)
    leaver.active = False
    leaver.telegram_user_id = None
    leaver.telegram_chat_id = None
    leaver.unreachable_since = None
    leaver.updated_at = now
    await session.execute(
        update(Notification)
        .where(
            Notification.recipient_id == leaver.id,
            Notification.status == NotificationStatus.PENDING,
        )
        .values(status=NotificationStatus.SKIPPED, last_error="left the agency")
        .execution_options(synchronize_session=False)
    )
    if successor is not None and (team or reassigned):
        await outbox.enqueue(
            session,
            recipient_id=successor.id,
            kind="posting.reassigned",
            payload={
                "employee_id": leaver.id,
                "day": left_on.isoformat(),
                "count": reassigned,
                "team": team,
            },
            dedup_key=f"posting.reassigned:{leaver.id}",
            now=now,
        )
    if successor is None and (team or reassigned):
        await _tell_admins_nobody_verifies(session, leaver, left_on, team, reassigned, now)
    audit.record(
        session,
        actor=actor,
        at=now,
        action="employee.deactivate",
        entity="employee",
        entity_id=leaver.id,
        before=before,
        after={
            "active": False,
            "telegram_linked": False,
            "left_on": left_on.isoformat(),
            "successor_id": successor.id if successor else None,
            "team": team,
            "reassigned": reassigned,
        },
        reason=reason.value,
    )
    await session.commit()
    return Departed(leaver, successor, team, reassigned)
