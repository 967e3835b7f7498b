"""Scheduler ticks: decide which reminders, digests and summaries are due right now.

The database is the truth: every item has a dedup key (e.g. `reminder:daily:<id>:<date>`),
so a tick can run every minute, late, or in two processes without sending anything twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Agency, Employee, Leave
from services import outbox
from services.calendar import WorkCalendar, agency_calendar
from services.escalation import overdue_verifications
from services.outbox import OutboxItem


@dataclass(frozen=True)
class Person:
    id: int
    zone: str
    reminder_time: time
    supervisor_id: int | None


@dataclass
class TickContext:
    """What every producer needs, loaded once per agency and tick."""

    agency: Agency
    calendar: WorkCalendar
    now: datetime
    people: list[Person]
    reported: set[tuple[int, date]]
    leaves: dict[int, list[tuple[date, date]]]

    def local(self, person: Person) -> datetime:
        return self.now.astimezone(ZoneInfo(person.zone))

    def on_leave(self, person_id: int, day: date) -> bool:
        return any(s <= day <= t for s, t in self.leaves.get(person_id, ()))

    def awake(self, local: datetime, from_time: time) -> bool:
        """At or after `from_time` and before quiet hours begin."""
        return from_time <= local.time() < self.agency.quiet_end


Producer = Callable[[AsyncSession, TickContext], Awaitable[list[OutboxItem]]]
PRODUCERS: list[Producer] = []


def producer(func: Producer) -> Producer:
    """Register a producer of due items (other features add their own, e.g. evaluation)."""
    PRODUCERS.append(func)
    return func


async def _context(session: AsyncSession, agency: Agency, now: datetime) -> TickContext:
    rows = (
        await session.execute(
            select(Employee.id, Employee.timezone, Employee.reminder_time, Employee.supervisor_id)
            .where(
                Employee.agency_id == agency.id,
                Employee.active.is_(True),
                Employee.telegram_chat_id.is_not(None),
                Employee.unreachable_since.is_(None),
            )
            .order_by(Employee.id)
        )
    ).all()
    people = [
        Person(
            r.id,
            r.timezone or agency.timezone,
            r.reminder_time or agency.reminder_time,
            r.supervisor_id,
        )
        for r in rows
    ]
    calendar = await agency_calendar(session, agency)
    # Only the days a producer asks about: today and the previous workday, per zone in use.
    dates: set[date] = set()
    for zone in {p.zone for p in people}:
        today = now.astimezone(ZoneInfo(zone)).date()
        dates.update(calendar.workdays_back(today, 1))
    reported = (
        {
            (e, d)
            for e, d in (
                await session.execute(
                    select(Activity.employee_id, Activity.work_date)
                    .join(Employee, Employee.id == Activity.employee_id)
                    .where(
                        Employee.agency_id == agency.id,
                        Activity.deleted_at.is_(None),
                        Activity.work_date.in_(dates),
                    )
                    .distinct()
                )
            ).all()
        }
        if dates
        else set()
    )
    leaves: dict[int, list[tuple[date, date]]] = {}
    rows_of_leave = (
        [
            (e, s, t)
            for e, s, t in (
                await session.execute(
                    select(Leave.employee_id, Leave.start_date, Leave.end_date)
                    .join(Employee, Employee.id == Leave.employee_id)
                    .where(
                        Employee.agency_id == agency.id,
                        Leave.cancelled_at.is_(None),
                        Leave.end_date >= min(dates),
                        Leave.start_date <= max(dates),
                    )
                )
            ).all()
        ]
        if dates
        else []
    )
    for employee_id, first, last in rows_of_leave:
        leaves.setdefault(employee_id, []).append((first, last))
    return TickContext(agency, calendar, now, people, reported, leaves)


@producer
async def daily_reminders(session: AsyncSession, ctx: TickContext) -> list[OutboxItem]:
    items = []
    for person in ctx.people:
        local = ctx.local(person)
        today = local.date()
        if not ctx.calendar.is_workday(today) or not ctx.awake(local, person.reminder_time):
            continue
        if (person.id, today) in ctx.reported or ctx.on_leave(person.id, today):
            continue
        items.append(
            OutboxItem(
                person.id,
                "reminder.daily",
                {"day": today.isoformat()},
                f"reminder:daily:{person.id}:{today.isoformat()}",
            )
        )
    return items


@producer
async def missing_day_nudges(session: AsyncSession, ctx: TickContext) -> list[OutboxItem]:
    if not ctx.agency.nudge_enabled:
        return []
    items = []
    for person in ctx.people:
        local = ctx.local(person)
        today = local.date()
        if not ctx.calendar.is_workday(today) or not ctx.awake(local, ctx.agency.nudge_time):
            continue
        previous = ctx.calendar.workdays_back(today, 1)[-1]
        if previous == today or (person.id, previous) in ctx.reported:
            continue
        if ctx.on_leave(person.id, previous) or ctx.on_leave(person.id, today):
            continue
        items.append(
            OutboxItem(
                person.id,
                "reminder.missing",
                {"day": previous.isoformat()},
                f"reminder:missing:{person.id}:{previous.isoformat()}",
            )
        )
    return items


def _last_workday_of_week(calendar: WorkCalendar, day: date) -> bool:
    return calendar.is_workday(day) and not any(
        calendar.is_workday(day + timedelta(days=n)) for n in range(1, 7 - day.weekday())
    )


@producer
async def weekly_summaries(session: AsyncSession, ctx: TickContext) -> list[OutboxItem]:
    items = []
    for person in ctx.people:
        local = ctx.local(person)
        today = local.date()
        if not _last_workday_of_week(ctx.calendar, today):
            continue
        if not ctx.awake(local, person.reminder_time):
            continue
        monday = today - timedelta(days=today.weekday())
        items.append(
            OutboxItem(
                person.id,
                "summary.weekly",
                {"week_start": monday.isoformat()},
                f"summary:weekly:{person.id}:{monday.isoformat()}",
                # After the day's reminder, so the two do not arrive as one burst.
                not_before=ctx.now + timedelta(minutes=1),
            )
        )
    return items


@producer
async def supervisor_digests(session: AsyncSession, ctx: TickContext) -> list[OutboxItem]:
    pending = dict(
        (
            await session.execute(
                select(Employee.supervisor_id, func.count(Activity.id))
                .join(Employee, Employee.id == Activity.employee_id)
                .where(
                    Employee.agency_id == ctx.agency.id,
                    Activity.status == ActivityStatus.SUBMITTED,
                    Activity.deleted_at.is_(None),
                )
                .group_by(Employee.supervisor_id)
            )
        ).all()
    )
    items = []
    for person in ctx.people:
        count = pending.get(person.id, 0)
        local = ctx.local(person)
        today = local.date()
        if not count or not ctx.calendar.is_workday(today):
            continue
        if not ctx.awake(local, ctx.agency.digest_time):
            continue
        items.append(
            OutboxItem(
                person.id,
                "digest.pending",
                {"count": int(count)},
                f"digest:{person.id}:{today.isoformat()}",
            )
        )
    return items


@producer
async def escalations(session: AsyncSession, ctx: TickContext) -> list[OutboxItem]:
    local = ctx.now.astimezone(ZoneInfo(ctx.agency.timezone))
    today = local.date()
    if not ctx.calendar.is_workday(today) or not ctx.awake(local, ctx.agency.digest_time):
        return []
    reachable = {p.id for p in ctx.people}
    return [
        OutboxItem(
            o.escalate_to_id,
            "escalation.overdue",
            {"supervisor_id": o.supervisor_id, "count": o.count},
            f"escalation:{o.supervisor_id}:{today.isoformat()}",
            group_key=f"escalation:{today.isoformat()}",
        )
        for o in await overdue_verifications(session, ctx.agency, ctx.now)
        if o.escalate_to_id is not None and o.escalate_to_id in reachable
    ]


async def run_tick(session: AsyncSession, now: datetime) -> dict[str, int]:
    """Enqueue everything due at `now`; return the number of new items per kind."""
    counts: dict[str, int] = {}
    agencies = (await session.scalars(select(Agency).order_by(Agency.id))).all()
    for agency in agencies:
        ctx = await _context(session, agency, now)
        for produce in PRODUCERS:
            items = await produce(session, ctx)
            new = await outbox.enqueue_many(session, items, now)
            # Commit per producer: short write transactions keep SQLite usable for the bot.
            await session.commit()
            if items:
                counts[items[0].kind] = counts.get(items[0].kind, 0) + new
    return counts
