"""Helpers for SKP and evaluation tests: a three-level organisation over three units, plans
built through the real services, an XLSX builder and what the DB holds afterwards."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    ActingAssignment,
    ActionPlan,
    Activity,
    Agency,
    Aspect,
    AuditLog,
    Employee,
    Evaluation,
    EvaluationStatus,
    Indicator,
    Notification,
    Plan,
    PlanItem,
    PlanStatus,
    ResultKind,
    ResultNote,
    Unit,
    UnitPredicate,
    ValueRating,
)
from services.evaluation import open_evaluation
from services.plans import IndicatorInput, ItemInput, decide_plan, save_draft, submit_plan
from services.report_rules import ActivityDraft
from services.reporting import submit_activity
from tests.factories import make_agency, make_employee

Factory = async_sessionmaker[AsyncSession]
WIB = ZoneInfo("Asia/Jakarta")
_KEYS = itertools.count(1)

TOP = "Dinas Uji"
UNIT_A = "Dinas Uji / Bidang A"
UNIT_B = "Dinas Uji / Bidang B"


def wib(day: date, hhmm: str = "09:00") -> datetime:
    """The UTC instant of a WIB wall-clock time."""
    return datetime.combine(day, time.fromisoformat(hhmm), WIB).astimezone(UTC)


@dataclass
class PlanOrg:
    """Dinas Uji                  head (no supervisor), plt and admin (both under head)
    Dinas Uji / Bidang A       boss (under head); staff, staff2 (under boss)
    Dinas Uji / Bidang B       other_boss (under head); other_staff (under other_boss)

    head and boss are linked to Telegram (the scheduler only writes to linked people)."""

    agency: Agency
    top: Unit
    unit_a: Unit
    unit_b: Unit
    head: Employee
    boss: Employee
    staff: Employee
    staff2: Employee
    other_boss: Employee
    other_staff: Employee
    plt: Employee
    admin: Employee


async def add_unit(
    session: AsyncSession, agency: Agency, path: str, parent: Unit | None = None
) -> Unit:
    unit = Unit(
        agency_id=agency.id,
        parent_id=parent.id if parent else None,
        name=path.split(" / ")[-1],
        path=path,
    )
    session.add(unit)
    await session.flush()
    return unit


async def make_plan_org(session: AsyncSession, now: datetime, **agency_columns: Any) -> PlanOrg:
    agency = await make_agency(session, now, **agency_columns)
    top = await add_unit(session, agency, TOP)
    unit_a = await add_unit(session, agency, UNIT_A, top)
    unit_b = await add_unit(session, agency, UNIT_B, top)

    async def person(unit: Unit, i: int, name: str, **kwargs: Any) -> Employee:
        return await make_employee(session, agency, unit, 40 + i, now, name=name, **kwargs)

    head = await person(top, 1, "Kepala Dinas", telegram_user_id=9401)
    boss = await person(unit_a, 2, "Kepala Bidang A", supervisor=head, telegram_user_id=9402)
    staff = await person(unit_a, 3, "Siti Aminah", supervisor=boss)
    staff2 = await person(unit_a, 4, "Budi Santoso", supervisor=boss)
    other_boss = await person(unit_b, 5, "Kepala Bidang B", supervisor=head)
    other_staff = await person(unit_b, 6, "Staf Bidang B", supervisor=other_boss)
    plt = await person(top, 7, "Pejabat Plt", supervisor=head)
    admin = await person(top, 8, "Admin Kepegawaian", supervisor=head, is_admin=True)
    await session.commit()
    return PlanOrg(
        agency, top, unit_a, unit_b, head, boss, staff, staff2, other_boss, other_staff, plt, admin
    )


def iki(
    text: str = "Jumlah dokumen",
    target: str = "12",
    unit: str = "dokumen",
    aspect: Aspect = Aspect.QUANTITY,
) -> IndicatorInput:
    return IndicatorInput(text, Decimal(target), unit, aspect)


def rhk(
    text: str,
    parent: int | None = None,
    *indicators: IndicatorInput,
    kind: ResultKind = ResultKind.MAIN,
    actions: dict[int, str] | None = None,
) -> ItemInput:
    return ItemInput(
        text=text,
        kind=kind,
        parent_item_id=parent,
        indicators=list(indicators) or [iki()],
        actions=dict(actions or {}),
    )


async def approve_top_plan(
    session: AsyncSession, head: Employee, items: list[ItemInput], now: datetime
) -> Plan:
    """The head's approved plan, its status written straight to the DB (through the services
    only an admin other than the head, or the head as the only admin, approves it)."""
    plan = await save_draft(session, head, now.year, items, now=now)
    plan.status = PlanStatus.APPROVED
    plan.decided_at = now
    await session.commit()
    return plan


async def approved_plan(
    session: AsyncSession,
    employee: Employee,
    approver: Employee,
    items: list[ItemInput],
    now: datetime,
) -> Plan:
    """Saved, submitted and approved through the real services."""
    plan = await save_draft(session, employee, now.year, items, now=now)
    await submit_plan(session, employee, plan.id, now=now)
    return await decide_plan(session, approver, plan.id, True, None, now=now)


@dataclass
class Cascade:
    head_plan: Plan
    boss_plan: Plan

    @property
    def head_items(self) -> list[PlanItem]:
        return list(self.head_plan.items)

    @property
    def boss_items(self) -> list[PlanItem]:
        return list(self.boss_plan.items)


async def make_cascade(session: AsyncSession, org: PlanOrg, now: datetime) -> Cascade:
    """Head's plan (approved in the DB) and the boss's plan intervening it (approved by the
    head through the service)."""
    head_plan = await approve_top_plan(
        session,
        org.head,
        [
            rhk("Meningkatnya kualitas pelayanan publik", None, iki("Indeks kepuasan", "85", "%")),
            rhk("Tersusunnya dokumen perencanaan", None, iki("Jumlah dokumen", "4", "dokumen")),
        ],
        now,
    )
    first, second = head_plan.items
    boss_plan = await approved_plan(
        session,
        org.boss,
        org.head,
        [
            rhk("Terselenggaranya layanan data bidang", first.id, iki("Layanan", "12", "layanan")),
            rhk("Tersusunnya laporan kinerja bidang", second.id, iki()),
        ],
        now,
    )
    return Cascade(head_plan, boss_plan)


async def make_acting(
    session: AsyncSession,
    official: Employee,
    replaced: Employee,
    start: date,
    end: date,
    now: datetime,
) -> ActingAssignment:
    row = ActingAssignment(
        official_id=official.id,
        replaced_id=replaced.id,
        start_date=start,
        end_date=end,
        created_by_id=None,
        created_at=now,
        revoked_at=None,
    )
    session.add(row)
    await session.commit()
    return row


async def report(
    session: AsyncSession,
    employee: Employee,
    now: datetime,
    *,
    day: date,
    item_id: int | None,
    quantity: int | None = None,
    unit: str | None = None,
    minutes: int = 60,
    description: str = "Menyusun dokumen kegiatan",
) -> Activity:
    """An activity submitted through the real reporting service, pointing at an RHK."""
    saved = await submit_activity(
        session,
        employee,
        ActivityDraft(
            work_date=day,
            description=description,
            minutes=minutes,
            output_quantity=quantity,
            output_unit=unit,
            plan_item_id=item_id,
        ),
        idempotency_key=f"plan-key-{next(_KEYS)}",
        now=now,
    )
    return saved.activity


async def final_evaluation(
    session: AsyncSession,
    employee: Employee,
    assessor: Employee,
    period_key: str,
    predicate: str,
    now: datetime,
    status: EvaluationStatus = EvaluationStatus.FINAL,
) -> Evaluation:
    """An evaluation row as the evaluation service leaves it (that service is tested in
    test_evaluation*.py)."""
    row = Evaluation(
        employee_id=employee.id,
        assessor_id=assessor.id,
        period_key=period_key,
        result_rating="sesuai",
        behaviour_rating="sesuai",
        predicate=predicate if status is not EvaluationStatus.DRAFT else None,
        status=status,
        finalized_at=now if status is not EvaluationStatus.DRAFT else None,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.commit()
    return row


async def open_fresh(
    factory: Factory, actor: Employee, employee: Employee, period_key: str, now: datetime
) -> int:
    """open_evaluation in its own session, as the bot does (one session per update). In the
    session that created it the new Evaluation's collections are not loaded, see the xfail in
    test_evaluation.py."""
    async with factory() as s:
        evaluation = await open_evaluation(s, actor, employee.id, period_key, now=now)
        return evaluation.id


def xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    """A real spreadsheet: the header row, then the rows as given."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TABLES: tuple[tuple[str, type[Any]], ...] = (
    ("plans", Plan),
    ("items", PlanItem),
    ("indicators", Indicator),
    ("actions", ActionPlan),
    ("evaluations", Evaluation),
    ("values", ValueRating),
    ("notes", ResultNote),
    ("unit_predicates", UnitPredicate),
    ("audit", AuditLog),
    ("notifications", Notification),
)


async def snapshot_db(factory: Factory) -> dict[str, list[tuple[Any, ...]]]:
    """Every committed row these services may touch, read through a fresh session."""
    async with factory() as s:
        result = {}
        for name, model in TABLES:
            rows = await s.execute(select(*model.__table__.columns).order_by(model.id))
            result[name] = [tuple(r) for r in rows]
        return result


async def rows_of(factory: Factory, model: type[Any]) -> list[Any]:
    """Committed ORM rows of one model, in id order, through a fresh session."""
    async with factory() as s:
        return list((await s.scalars(select(model).order_by(model.id))).all())


async def stored(factory: Factory, model: type[Any], id_: int) -> Any:
    async with factory() as s:
        row = await s.get(model, id_)
        assert row is not None
        return row


async def outbox(factory: Factory, kind: str) -> list[Notification]:
    return [n for n in await rows_of(factory, Notification) if n.kind == kind]


async def audits(factory: Factory, action: str) -> list[AuditLog]:
    return [a for a in await rows_of(factory, AuditLog) if a.action == action]


Q1 = "2026-Q1"
# Thursday after the first quarter, within the default 10-day evaluation deadline (10 April).
APRIL_2 = datetime(2026, 4, 2, 2, 0, tzinfo=UTC)  # 09:00 WIB
