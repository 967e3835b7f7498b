"""Fill an empty database with the demo agency through the real services, so the data obeys
every rule the bot does: staff import, SKPs submitted and approved top-down, a month of daily
reports with approvals, revisions (fixed and approved again) and a rejection, feedback
threads, the last month's evaluations opened, and everyone linked to a web-chat user through
single-use invites.

Shortcuts, all taken before anyone can chat: the agency's demo settings are written to its
columns (monthly periods with a 31-day deadline so the last month can always be rated, a 5 s
review batch, no quiet hours so a demo works at any hour), and the outbox rows the history
produced are marked skipped (nobody wants a month of old notifications at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.demo.agency import AGENCY_NAME, FIRST_USER_ID, PEOPLE, DemoPerson, nip, staff_csv
from models import (
    Activity,
    Agency,
    Employee,
    EvaluationPeriod,
    Notification,
    NotificationStatus,
)
from services.agency import AgencyDefaults, ensure_agency
from services.audit import Actor
from services.calendar import agency_calendar
from services.evaluation import open_evaluation, rate_result
from services.feedback import give_feedback, reply, request_feedback
from services.invites import InvitePolicy, issue_invite, redeem_invite
from services.periods import last_ended
from services.plans import IndicatorInput, ItemInput, decide_plan, save_draft, submit_plan
from services.predicate import Rating
from services.report_rules import ActivityDraft
from services.reporting import submit_activity, update_activity
from services.review import Decision, approve_day, decide
from services.staff_file import read_staff_file
from services.staff_import import import_staff

HISTORY_WORKDAYS = 22  # about a month
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar"}
DEMO_ACTOR = Actor("demo")
REVISION_NOTE = "Lengkapi jumlah data yang divalidasi dan lampirkan tautan hasilnya."
REJECTION_NOTE = "Kegiatan ini bukan bagian dari tugas jabatan Anda."
FEEDBACK = "Terima kasih, hasilnya rapi dan tepat waktu. Pertahankan."
REQUEST = "Mohon masukan untuk rancangan tabel publikasi minggu ini."
ANSWER = "Sudah baik. Tambahkan catatan sumber data di bawah setiap tabel."


def at(day: date, hhmm: str, zone: str = "WIB") -> datetime:
    """The UTC instant of a wall-clock time in a demo zone."""
    local = datetime.combine(day, time.fromisoformat(hhmm), ZoneInfo(ZONES[zone]))
    return local.astimezone(UTC)


@dataclass
class _Seed:
    session: AsyncSession
    agency: Agency
    staff: dict[str, Employee] = field(default_factory=dict)
    rhk: dict[str, list[int]] = field(default_factory=dict)
    plan_year: int = 0

    def person(self, employee_id: int) -> DemoPerson:
        return next(p for p in PEOPLE if self.staff[p.key].id == employee_id)

    def boss(self, person: DemoPerson) -> Employee:
        assert person.supervisor is not None
        return self.staff[person.supervisor]

    async def import_people(self, now: datetime) -> None:
        rows = read_staff_file("pegawai-demo.csv", staff_csv().encode())
        await import_staff(self.session, self.agency.id, rows, DEMO_ACTOR, now)
        for index, person in enumerate(PEOPLE):
            employee = await self.session.scalar(
                select(Employee).where(Employee.nip == nip(index, person))
            )
            assert employee is not None
            self.staff[person.key] = employee

    async def plans(self, year: int, now: datetime) -> None:
        """Each SKP saved, submitted and approved by the supervisor (the top one by the admin)."""
        self.plan_year = year
        admin = next(self.staff[p.key] for p in PEOPLE if p.admin)
        for person in PEOPLE:  # supervisors come first in PEOPLE: cascading needs their RHKs
            parents = self.rhk.get(person.supervisor or "", [])
            items = [
                ItemInput(
                    text=r.text,
                    parent_item_id=parents[r.parent] if r.parent is not None and parents else None,
                    indicators=[IndicatorInput(r.indicator, Decimal(r.target), r.unit)],
                )
                for r in person.rhk
            ]
            employee = self.staff[person.key]
            plan = await save_draft(self.session, employee, year, items, now=now)
            await submit_plan(self.session, employee, plan.id, now=now)
            approver = self.boss(person) if person.supervisor else admin
            plan = await decide_plan(self.session, approver, plan.id, True, None, now=now)
            self.rhk[person.key] = [i.id for i in sorted(plan.items, key=lambda i: i.position)]

    async def report(self, day: date, number: int) -> list[Activity]:
        """Everyone with tasks reports two activities at 16.10 local time (now and then
        someone forgets a day)."""
        made = []
        for index, person in enumerate(PEOPLE):
            if not person.tasks or (index * 7 + number) % 13 == 0:
                continue
            start = datetime.combine(day, time(8, 0))
            for part in range(2):
                task = person.tasks[(index + number + part * 2) % len(person.tasks)]
                end = start + timedelta(minutes=task.minutes)
                draft = ActivityDraft(
                    work_date=day,
                    description=task.description,
                    minutes=task.minutes,
                    start_time=start.time(),
                    end_time=end.time(),
                    output_quantity=task.quantity,
                    output_unit=task.unit,
                    plan_item_id=self.rhk[person.key][task.rhk]
                    if day.year == self.plan_year
                    else None,
                )
                saved = await submit_activity(
                    self.session,
                    self.staff[person.key],
                    draft,
                    idempotency_key=f"demo:{person.key}:{day.isoformat()}:{part}",
                    now=at(day, "16:10", person.zone),
                )
                made.append(saved.activity)
                start = end + timedelta(minutes=45)
        return made

    async def decide(
        self, fresh: list[Activity], resubmitted: list[Activity], when: datetime, number: int
    ) -> list[Activity]:
        """Supervisors verify: a revision request now and then, one rejection in the month,
        everything else (fixed revisions too) approved. Returns what was sent back."""
        sent_back = []
        for position, activity in enumerate(fresh):
            boss = self.boss(self.person(activity.employee_id))
            if (position * 5 + number) % 17 == 3:
                decision, note = Decision.REVISION, REVISION_NOTE
            elif number == 6 and position == 5:
                decision, note = Decision.REJECT, REJECTION_NOTE
            else:
                continue
            await decide(
                self.session, boss, activity.id, activity.version, decision, note, now=when
            )
            if decision is Decision.REVISION:
                sent_back.append(activity)
        for employee_id, day in sorted({(a.employee_id, a.work_date) for a in fresh + resubmitted}):
            boss = self.boss(self.person(employee_id))
            await approve_day(self.session, boss, employee_id, day, now=when)
        return sent_back

    async def revise(self, activities: list[Activity], when: datetime) -> None:
        """The employee fixes what came back; it goes to the supervisor again."""
        for activity in activities:
            employee = self.staff[self.person(activity.employee_id).key]
            draft = ActivityDraft(
                work_date=activity.work_date,
                description=f"{activity.description} (dilengkapi)",
                minutes=activity.minutes,
                start_time=activity.start_time,
                end_time=activity.end_time,
                output_quantity=(activity.output_quantity or 0) + 1,
                output_unit=activity.output_unit or "dokumen",
                plan_item_id=activity.plan_item_id,
            )
            await update_activity(
                self.session, employee, activity.id, activity.version, draft, now=when
            )

    async def feedback(self, activities: list[Activity], when: datetime) -> None:
        for activity in activities[:2]:
            person = self.person(activity.employee_id)
            await give_feedback(
                self.session,
                self.boss(person),
                activity.employee_id,
                FEEDBACK,
                now=when,
                activity_id=activity.id,
            )

    async def dialog(self, when: datetime) -> None:
        asking = self.staff["budi"]
        thread = await request_feedback(self.session, asking, REQUEST, now=when)
        await reply(self.session, self.staff["kabid_stat"], thread.id, ANSWER, now=when)

    async def evaluations(self, now: datetime) -> None:
        """The month that ended is open for rating; one rating is under way."""
        period = last_ended(EvaluationPeriod.MONTHLY, now.astimezone(ZoneInfo(ZONES["WIB"])).date())
        for person in PEOPLE:
            if person.supervisor in ("kabid_stat", "kabid_apt"):
                evaluation = await open_evaluation(
                    self.session, self.boss(person), self.staff[person.key].id, period, now=now
                )
                if person.key == "budi":
                    await rate_result(
                        self.session, self.boss(person), evaluation.id, Rating.ABOVE, now=now
                    )

    async def link(self, now: datetime) -> list[tuple[int, DemoPerson]]:
        """Each person redeems an invite from their web-chat account."""
        policy = InvitePolicy(valid_days=7, max_failures=5, failure_window=timedelta(minutes=15))
        users = []
        for index, person in enumerate(PEOPLE):
            user_id = FIRST_USER_ID + index
            issued = await issue_invite(
                self.session, nip(index, person), DEMO_ACTOR, now, policy, self.agency.id
            )
            await redeem_invite(
                self.session,
                secret=issued.token,
                telegram_user_id=user_id,
                telegram_chat_id=user_id,
                now=now,
                policy=policy,
            )
            users.append((user_id, person))
        return users

    async def quiet_outbox(self, now: datetime) -> None:
        await self.session.execute(
            update(Notification)
            .where(Notification.status == NotificationStatus.PENDING)
            .values(status=NotificationStatus.SKIPPED, last_error="demo seed", sent_at=now)
        )
        await self.session.commit()


async def demo_agency(session: AsyncSession, now: datetime) -> Agency:
    """The agency row with the demo's settings (first, so a bot process may start beside
    the rest of the seed: it finds this agency instead of creating its own)."""
    agency = await ensure_agency(session, AgencyDefaults(AGENCY_NAME, "Asia/Jakarta"), now)
    agency.name = AGENCY_NAME
    agency.evaluation_period = EvaluationPeriod.MONTHLY
    agency.evaluation_deadline_days = 31
    agency.review_batch_seconds = 5
    agency.quiet_start, agency.quiet_end = time(0, 0), time(23, 59)
    await session.commit()
    return agency


async def seed(session: AsyncSession, now: datetime) -> list[tuple[int, DemoPerson]]:
    """Seed an empty, migrated database; returns (telegram user id, person) for each.

    Nobody is linked to a chat until the very end, after the history's outbox rows are
    skipped, so a bot already running sends nothing from the past and misses nothing new."""
    agency = await demo_agency(session, now)
    run = _Seed(session, agency)
    calendar = await agency_calendar(session, agency)
    today = now.astimezone(ZoneInfo(ZONES["WIB"])).date()
    days = sorted(calendar.workdays_back(today, HISTORY_WORKDAYS)[1:])
    start = min(at(days[0] - timedelta(days=1), "09:00"), at(date(today.year, 1, 2), "09:00"))
    await run.import_people(start)
    await run.plans(today.year, start)
    pending: list[Activity] = []
    sent_back: list[Activity] = []
    for number, day in enumerate(days):
        if pending:
            resubmitted = sent_back
            sent_back = await run.decide(pending, resubmitted, at(day, "08:30"), number)
            await run.revise(sent_back, at(day, "09:30"))
            if number % 3 == 1:
                await run.feedback(pending[number % 5 :: 9], at(day, "10:00"))
        if number == len(days) // 2:
            await run.dialog(at(day, "11:00"))
        pending = await run.report(day, number)
    # The last workday's reports stay unverified: supervisors have work waiting.
    await run.evaluations(now)
    await run.quiet_outbox(now)
    return await run.link(now)
