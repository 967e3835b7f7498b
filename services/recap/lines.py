"""Activities as the files print them: one line per activity with its plan, evidence and the
supervisor's decision, read in three queries whatever the number of people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    Employee,
    EvaluationPeriod,
    Evidence,
    EvidenceKind,
    PlanItem,
)
from services.documents.words import MONTHS
from services.recap.data import chunks

STATUS_NAMES = {
    ActivityStatus.SUBMITTED: "Menunggu verifikasi",
    ActivityStatus.REVISION: "Perlu revisi",
    ActivityStatus.APPROVED: "Disetujui",
    ActivityStatus.REJECTED: "Ditolak",
}
OTHER_WORK = "Tugas tambahan / lainnya"


@dataclass(frozen=True)
class ActivityLine:
    employee_id: int
    day: date
    start: time | None
    end: time | None
    minutes: int
    description: str
    quantity: int | None
    unit: str | None
    evidence: tuple[str, ...]
    status: ActivityStatus
    rhk: str | None
    action_plan: str | None
    decided_by: str | None
    decided_at: datetime | None
    note: str | None

    @property
    def plan_text(self) -> str:
        """Rencana Aksi for e-Kinerja: the action plan of the period, else the RHK."""
        return self.action_plan or self.rhk or OTHER_WORK


def evidence_label(evidence: Evidence) -> str:
    if evidence.kind is EvidenceKind.LINK:
        return evidence.url or ""
    if evidence.kind is EvidenceKind.PHOTO:
        return f"Foto: {evidence.file_name}" if evidence.file_name else "Foto (Telegram)"
    return evidence.file_name or "Dokumen (Telegram)"


def period_of(day: date, period: EvaluationPeriod) -> int:
    if period is EvaluationPeriod.MONTHLY:
        return day.month
    if period is EvaluationPeriod.SEMESTER:
        return (day.month - 1) // 6 + 1
    return (day.month - 1) // 3 + 1


async def activity_lines(
    session: AsyncSession,
    ids: Sequence[int],
    start: date,
    end: date,
    period: EvaluationPeriod,
    *,
    approved_only: bool = False,
) -> list[ActivityLine]:
    activities: list[Activity] = []
    for chunk in chunks(ids):
        query = select(Activity).where(
            Activity.employee_id.in_(chunk),
            Activity.work_date >= start,
            Activity.work_date <= end,
            Activity.deleted_at.is_(None),
        )
        if approved_only:
            query = query.where(Activity.status == ActivityStatus.APPROVED)
        activities += (await session.scalars(query)).all()
    activities.sort(key=lambda a: (a.employee_id, a.work_date, a.start_time or time.max, a.id))
    item_ids = {a.plan_item_id for a in activities if a.plan_item_id is not None}
    deciders = {a.decided_by_id for a in activities if a.decided_by_id is not None}
    rhk: dict[int, str] = {}
    actions: dict[tuple[int, int], str] = {}
    if item_ids:
        for item_id, text in (
            await session.execute(
                select(PlanItem.id, PlanItem.text).where(PlanItem.id.in_(item_ids))
            )
        ).all():
            rhk[item_id] = text
        for action in (
            await session.scalars(select(ActionPlan).where(ActionPlan.item_id.in_(item_ids)))
        ).all():
            actions[(action.item_id, action.period)] = action.text
    names: dict[int, str] = {}
    if deciders:
        found = await session.execute(
            select(Employee.id, Employee.name).where(Employee.id.in_(deciders))
        )
        names = {row[0]: row[1] for row in found.all()}
    return [
        ActivityLine(
            employee_id=a.employee_id,
            day=a.work_date,
            start=a.start_time,
            end=a.end_time,
            minutes=a.minutes,
            description=a.description,
            quantity=a.output_quantity,
            unit=a.output_unit,
            evidence=tuple(evidence_label(e) for e in a.evidence),
            status=a.status,
            rhk=rhk.get(a.plan_item_id) if a.plan_item_id else None,
            action_plan=(
                actions.get((a.plan_item_id, period_of(a.work_date, period)))
                if a.plan_item_id
                else None
            ),
            decided_by=names.get(a.decided_by_id) if a.decided_by_id else None,
            decided_at=a.decided_at,
            note=a.decision_reason,
        )
        for a in activities
    ]


def month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def clock_text(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""
