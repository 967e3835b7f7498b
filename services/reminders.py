"""Scheduler ticks: the reminders, digests and summaries due right now.

The database is the truth: every item has a dedup key (e.g. `reminder:daily:<id>:<date>`), so
a tick can run every minute, late, or in two processes without sending anything twice.

A tick is set-based. For each time zone in use, Python decides what the local day and hour
allow (workday, reminder hour, quiet hours); one `INSERT … SELECT` per producer and zone then
picks exactly who is due (linked, reachable, not reported, not on leave, not yet notified),
so a tick costs a few statements however large the agency is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    ColumnElement,
    String,
    Time,
    cast,
    exists,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Agency, Employee, Leave, Notification
from models.base import UTCDateTime
from models.outbox import NotificationStatus
from services import outbox
from services.calendar import WorkCalendar, agency_calendar
from services.escalation import overdue_verifications
from services.outbox import OutboxItem
from services.postings import verifier_sql


@dataclass(frozen=True)
class ZoneNow:
    """One time zone of the agency at the tick's instant."""

    zone: str
    local: datetime
    workday: bool
    previous_workday: date | None  # None when no earlier workday is known

    @property
    def today(self) -> date:
        return self.local.date()

    @property
    def hour(self) -> time:
        return self.local.time()

    def end_of(self, day: date) -> datetime:
        """The instant `day` ends here (midnight after it, local)."""
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(self.zone))


@dataclass
class TickContext:
    """What every producer needs, loaded once per agency and tick."""

    agency: Agency
    calendar: WorkCalendar
    now: datetime
    zones: list[ZoneNow]
    reports_waiting: bool = True
    """Some report of the agency waits for verification; False skips the digest and
    escalation statements (building them costs more than this one indexed EXISTS)."""

    def awake(self, zone: ZoneNow, from_time: time) -> bool:
        """At or after `from_time` and before quiet hours begin (local)."""
        return from_time <= zone.hour < self.agency.quiet_end

    def recipients(self, zone: ZoneNow) -> list[ColumnElement[bool]]:
        """Linked, reachable, active employees of the agency living in `zone`."""
        return [
            Employee.agency_id == self.agency.id,
            Employee.active.is_(True),
            Employee.telegram_chat_id.is_not(None),
            Employee.unreachable_since.is_(None),
            func.coalesce(Employee.timezone, self.agency.timezone) == zone.zone,
        ]

    def reminder_due(self, zone: ZoneNow) -> list[ColumnElement[bool]]:
        """Their own reminder time (or the agency's) has come, and quiet hours have not."""
        hour = literal(zone.hour, Time())
        own = func.coalesce(Employee.reminder_time, literal(self.agency.reminder_time, Time()))
        return [own <= hour, hour < literal(self.agency.quiet_end, Time())]


def dedup_key(prefix: str, suffix: str) -> ColumnElement[str]:
    """`<prefix>:<employee id>:<suffix>`, built in SQL for each row."""
    return literal(f"{prefix}:") + cast(Employee.id, String) + literal(f":{suffix}")


def not_reported(day: date) -> ColumnElement[bool]:
    return ~exists().where(
        Activity.employee_id == Employee.id,
        Activity.work_date == day,
        Activity.deleted_at.is_(None),
    )


def linked_by(instant: datetime) -> ColumnElement[bool]:
    """Linked to Telegram before `instant`: nobody is asked about a day before they joined."""
    return Employee.linked_at < instant


def not_on_leave(day: date) -> ColumnElement[bool]:
    return ~exists().where(
        Leave.employee_id == Employee.id,
        Leave.cancelled_at.is_(None),
        Leave.start_date <= day,
        Leave.end_date >= day,
    )


def not_sent(key: ColumnElement[str]) -> ColumnElement[bool]:
    return ~exists().where(Notification.dedup_key == key)


@dataclass(frozen=True)
class Due:
    """Who in one zone gets an item: its payload and dedup key there, and the condition."""

    payload: dict[str, Any]
    key: ColumnElement[str]
    where: list[ColumnElement[bool]]


async def insert_due(
    session: AsyncSession,
    now: datetime,
    kind: str,
    due: list[Due],
    not_before: datetime | None = None,
) -> int:
    """Enqueue one `kind` item for every employee matching a `Due` that has no row with its key
    yet, in one statement (rows in employee order); return how many were new."""
    if not due:
        return 0
    selects = [
        select(
            Employee.id.label("recipient_id"),
            literal(kind).label("kind"),
            literal(d.payload, JSON()).label("payload"),
            d.key.label("dedup_key"),
            literal(NotificationStatus.PENDING.value).label("status"),
            literal(0).label("attempts"),
            literal(not_before or now, UTCDateTime()).label("next_attempt_at"),
            literal(now, UTCDateTime()).label("created_at"),
        ).where(not_sent(d.key), *d.where)
        for d in due
    ]
    rows = union_all(*selects) if len(selects) > 1 else selects[0]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Notification)
        .from_select(
            [
                "recipient_id",
                "kind",
                "payload",
                "dedup_key",
                "status",
                "attempts",
                "next_attempt_at",
                "created_at",
            ],
            rows.order_by(literal_column("recipient_id")),
        )
        .on_conflict_do_nothing(index_elements=["dedup_key"])
    )
    result = await session.execute(statement)
    return max(0, int(result.rowcount))  # type: ignore[attr-defined]


async def tick_context(session: AsyncSession, agency: Agency, now: datetime) -> TickContext:
    zones = (
        await session.scalars(
            select(func.coalesce(Employee.timezone, agency.timezone))
            .where(Employee.agency_id == agency.id, Employee.active.is_(True))
            .distinct()
        )
    ).all()
    calendar = await agency_calendar(session, agency)
    states = []
    for zone in sorted(set(zones) | {agency.timezone}):
        local = now.astimezone(ZoneInfo(zone))
        back = calendar.workdays_back(local.date(), 1)
        states.append(
            ZoneNow(
                zone,
                local,
                calendar.is_workday(local.date()),
                back[-1] if len(back) > 1 else None,
            )
        )
    waiting = await session.scalar(
        select(
            exists()
            .where(
                Activity.status == ActivityStatus.SUBMITTED,
                Activity.deleted_at.is_(None),
                Activity.employee_id == Employee.id,
                Employee.agency_id == agency.id,
            )
            .select_from(Activity)
        )
    )
    return TickContext(agency, calendar, now, states, bool(waiting))


async def daily_reminders(session: AsyncSession, ctx: TickContext) -> int:
    due = [
        Due(
            {"day": zone.today.isoformat()},
            dedup_key("reminder:daily", zone.today.isoformat()),
            [
                *ctx.recipients(zone),
                *ctx.reminder_due(zone),
                not_reported(zone.today),
                not_on_leave(zone.today),
            ],
        )
        for zone in ctx.zones
        if zone.workday
    ]
    return await insert_due(session, ctx.now, "reminder.daily", due)


async def missing_day_nudges(session: AsyncSession, ctx: TickContext) -> int:
    """Next morning: the previous workday has no report (and was not a leave day)."""
    if not ctx.agency.nudge_enabled:
        return 0
    due = [
        Due(
            {"day": previous.isoformat()},
            dedup_key("reminder:missing", previous.isoformat()),
            [
                *ctx.recipients(zone),
                linked_by(zone.end_of(previous)),
                not_reported(previous),
                not_on_leave(previous),
                not_on_leave(zone.today),
            ],
        )
        for zone in ctx.zones
        if (previous := zone.previous_workday) is not None
        and zone.workday
        and ctx.awake(zone, ctx.agency.nudge_time)
    ]
    return await insert_due(session, ctx.now, "reminder.missing", due)


def last_workday_of_week(calendar: WorkCalendar, day: date) -> bool:
    return calendar.is_workday(day) and not any(
        calendar.is_workday(day + timedelta(days=n)) for n in range(1, 7 - day.weekday())
    )


async def weekly_summaries(session: AsyncSession, ctx: TickContext) -> int:
    due = [
        Due(
            {"week_start": monday},
            dedup_key("summary:weekly", monday),
            [*ctx.recipients(zone), *ctx.reminder_due(zone)],
        )
        for zone in ctx.zones
        if last_workday_of_week(ctx.calendar, zone.today)
        and (monday := (zone.today - timedelta(days=zone.today.weekday())).isoformat())
    ]
    # After the day's reminder, so the two do not arrive as one burst.
    later = ctx.now + timedelta(minutes=1)
    return await insert_due(session, ctx.now, "summary.weekly", due, not_before=later)


async def supervisor_digests(session: AsyncSession, ctx: TickContext) -> int:
    zones = [z for z in ctx.zones if z.workday and ctx.awake(z, ctx.agency.digest_time)]
    if not zones or not ctx.reports_waiting:
        return 0
    # Each report counts for whoever verifies its day (a transfer moves only later days).
    verifier = verifier_sql(Activity.employee_id, Activity.work_date, Employee.supervisor_id)
    per_report = (
        select(verifier.label("supervisor_id"), Activity.id.label("activity_id"))
        .join(Employee, Employee.id == Activity.employee_id)
        .where(
            Employee.agency_id == ctx.agency.id,
            Activity.status == ActivityStatus.SUBMITTED,
            Activity.deleted_at.is_(None),
        )
        .subquery()
    )
    pending = (
        select(per_report.c.supervisor_id, func.count(per_report.c.activity_id).label("n"))
        .group_by(per_report.c.supervisor_id)
        .subquery()
    )
    items = []
    for zone in zones:
        day = zone.today.isoformat()
        rows = await session.execute(
            select(Employee.id, pending.c.n)
            .join(pending, pending.c.supervisor_id == Employee.id)
            .where(*ctx.recipients(zone), not_sent(dedup_key("digest", day)))
        )
        items += [
            OutboxItem(person, "digest.pending", {"count": int(n)}, f"digest:{person}:{day}")
            for person, n in rows.all()
        ]
    return await outbox.enqueue_many(session, items, ctx.now)


async def escalations(session: AsyncSession, ctx: TickContext) -> int:
    local = ctx.now.astimezone(ZoneInfo(ctx.agency.timezone))
    today = local.date()
    if (
        not ctx.reports_waiting
        or not ctx.calendar.is_workday(today)
        or not (ctx.agency.digest_time <= local.time() < ctx.agency.quiet_end)
    ):
        return 0
    overdue = await overdue_verifications(session, ctx.agency, ctx.now)
    targets = {o.escalate_to_id for o in overdue if o.escalate_to_id is not None}
    if not targets:
        return 0
    reachable = set(
        (
            await session.scalars(
                select(Employee.id).where(
                    Employee.id.in_(targets),
                    Employee.active.is_(True),
                    Employee.telegram_chat_id.is_not(None),
                    Employee.unreachable_since.is_(None),
                )
            )
        ).all()
    )
    items = [
        OutboxItem(
            o.escalate_to_id,
            "escalation.overdue",
            {"supervisor_id": o.supervisor_id, "count": o.count},
            f"escalation:{o.supervisor_id}:{today.isoformat()}",
            group_key=f"escalation:{today.isoformat()}",
        )
        for o in overdue
        if o.escalate_to_id is not None and o.escalate_to_id in reachable
    ]
    return await outbox.enqueue_many(session, items, ctx.now)
