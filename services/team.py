"""/tim: who reported today and this week, who is on leave, what is pending, who is unlinked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Employee, Leave, LeaveKind
from services.authority import acting_for, in_reporting_line
from services.errors import NotAllowed, NotFound
from services.history import week_of
from services.localtime import employee_today


@dataclass(frozen=True)
class MemberStatus:
    employee: Employee
    minutes_today: int
    minutes_week: int
    days_reported_week: int
    pending: int
    leave_today: LeaveKind | None
    linked: bool
    leads_team: bool


@dataclass(frozen=True)
class TeamView:
    supervisor: Employee
    day: date
    members: list[MemberStatus]


async def team_view(
    session: AsyncSession, actor: Employee, now: datetime, supervisor_id: int | None = None
) -> TeamView:
    """The team of `supervisor_id` (default: the actor). Allowed for the supervisor, anyone
    above them in the reporting line, and an official acting for them today."""
    today = await employee_today(session, actor, now)
    supervisor = (
        actor if supervisor_id in (None, actor.id) else await session.get(Employee, supervisor_id)
    )
    if supervisor is None:
        raise NotFound("employee")
    if supervisor.id != actor.id and not (
        await in_reporting_line(session, actor, supervisor)
        or supervisor.id in await acting_for(session, actor, today)
    ):
        raise NotAllowed("not in reporting line")
    members = list(
        (
            await session.scalars(
                select(Employee)
                .where(Employee.supervisor_id == supervisor.id, Employee.active.is_(True))
                .order_by(Employee.name)
            )
        ).all()
    )
    ids = [m.id for m in members]
    start, end = week_of(today)
    counted = (
        Activity.employee_id.in_(ids),
        Activity.deleted_at.is_(None),
        Activity.status != ActivityStatus.REJECTED,
    )
    week_rows = (
        await session.execute(
            select(Activity.employee_id, Activity.work_date, func.sum(Activity.minutes))
            .where(*counted, Activity.work_date >= start, Activity.work_date <= end)
            .group_by(Activity.employee_id, Activity.work_date)
        )
    ).all()
    pending = dict(
        (
            await session.execute(
                select(Activity.employee_id, func.count())
                .where(
                    Activity.employee_id.in_(ids),
                    Activity.deleted_at.is_(None),
                    Activity.status == ActivityStatus.SUBMITTED,
                )
                .group_by(Activity.employee_id)
            )
        ).all()
    )
    leaves = {
        leave.employee_id: leave.kind
        for leave in (
            await session.scalars(
                select(Leave).where(
                    Leave.employee_id.in_(ids),
                    Leave.cancelled_at.is_(None),
                    Leave.start_date <= today,
                    Leave.end_date >= today,
                )
            )
        ).all()
    }
    leaders = set(
        (
            await session.scalars(
                select(Employee.supervisor_id).where(
                    Employee.supervisor_id.in_(ids), Employee.active.is_(True)
                )
            )
        ).all()
    )
    statuses = []
    for member in members:
        days = {d: int(m) for e, d, m in week_rows if e == member.id}
        statuses.append(
            MemberStatus(
                employee=member,
                minutes_today=days.get(today, 0),
                minutes_week=sum(days.values()),
                days_reported_week=len(days),
                pending=int(pending.get(member.id, 0)),
                leave_today=leaves.get(member.id),
                linked=member.telegram_user_id is not None,
                leads_team=member.id in leaders,
            )
        )
    return TeamView(supervisor, today, statuses)
