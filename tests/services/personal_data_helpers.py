"""One row about a person in every table that can hold one, for the /dataku tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    ActingAssignment,
    ActionPlan,
    Activity,
    Agency,
    Announcement,
    AuditLog,
    CalendarOverride,
    DayKind,
    Employee,
    Evaluation,
    Evidence,
    EvidenceKind,
    Feedback,
    FeedbackKind,
    FsmState,
    Indicator,
    Invite,
    InviteAttempt,
    Leave,
    LeaveKind,
    Notification,
    Plan,
    PlanItem,
    Posting,
    ResultNote,
    Unit,
    UnitPredicate,
    ValueRating,
)

Created = dict[str, set[Any]]


async def populate(
    session: AsyncSession,
    agency: Agency,
    unit: Unit,
    person: Employee,
    peer: Employee,
    now: datetime,
    n: int,
) -> Created:
    """Rows about `person` (`peer` decides, assesses, gives feedback); texts start with "=",
    as a formula would. `n` keeps unique columns apart between people."""
    tag = f"=tag{person.id}"
    day = date(2026, 3, 2)

    def add(row: Any) -> Any:
        session.add(row)
        return row

    activity = add(
        Activity(
            employee_id=person.id,
            work_date=day,
            minutes=60,
            description=f"{tag} menyusun laporan",
            idempotency_key=f"k{n}",
            decided_by_id=peer.id,
            submitted_at=now,
            updated_at=now,
        )
    )
    leave = add(
        Leave(
            employee_id=person.id,
            kind=LeaveKind.LEAVE,
            start_date=day,
            end_date=day,
            note=tag,
            created_at=now,
        )
    )
    invite = add(
        Invite(
            employee_id=person.id,
            token_hash=f"t{n}".ljust(64, "0"),
            code_hash=f"c{n}".ljust(64, "0"),
            created_at=now,
            expires_at=now + timedelta(days=7),
        )
    )
    attempt = add(InviteAttempt(telegram_user_id=person.telegram_user_id, at=now, succeeded=True))
    plan = add(
        Plan(
            employee_id=person.id,
            year=2026,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
            position="Analis",
            assessor_id=peer.id,
            created_at=now,
        )
    )
    evaluation = add(
        Evaluation(
            employee_id=person.id,
            assessor_id=peer.id,
            period_key="2026-Q1",
            recommendation=tag,
            created_at=now,
            updated_at=now,
        )
    )
    feedback = add(
        Feedback(
            kind=FeedbackKind.FEEDBACK,
            author_id=peer.id,
            recipient_id=person.id,
            text=tag,
            created_at=now,
        )
    )
    acting = add(
        ActingAssignment(
            official_id=person.id,
            replaced_id=peer.id,
            start_date=day,
            end_date=day,
            created_at=now,
        )
    )
    notification = add(
        Notification(
            recipient_id=person.id,
            kind="reminder.daily",
            payload={"day": day.isoformat()},
            dedup_key=f"d{n}",
            next_attempt_at=now,
            created_at=now,
        )
    )
    announcement = add(
        Announcement(
            agency_id=agency.id, author_id=person.id, text=tag, recipients=0, created_at=now
        )
    )
    override = add(
        CalendarOverride(
            agency_id=agency.id,
            day=day + timedelta(days=n),
            kind=DayKind.HOLIDAY,
            name=tag,
            created_by_id=person.id,
            created_at=now,
        )
    )
    predicate = add(
        UnitPredicate(
            unit_id=unit.id,
            period_key=f"2026-M0{n}",
            predicate="baik",
            set_by_id=person.id,
            set_at=now,
        )
    )
    posting = add(
        Posting(
            employee_id=person.id,
            unit_id=unit.id,
            supervisor_id=peer.id,
            position="Analis",
            valid_from=day,
            created_at=now,
        )
    )
    fsm = add(
        FsmState(
            key=f"fsm:{person.telegram_user_id}:{person.telegram_user_id}:default",
            state="ReportForm:description",
            data={"description": tag},
            updated_at=now,
        )
    )
    await session.flush()
    evidence = add(Evidence(activity_id=activity.id, kind=EvidenceKind.LINK, url=f"https://x/{n}"))
    item = add(PlanItem(plan_id=plan.id, text=tag))
    await session.flush()
    indicator = add(
        Indicator(item_id=item.id, text=tag, target_value=Decimal(3), target_unit="dokumen")
    )
    action = add(ActionPlan(item_id=item.id, period=1, text=tag))
    value = add(ValueRating(evaluation_id=evaluation.id, value="akuntabel", rating="sesuai"))
    note = add(ResultNote(evaluation_id=evaluation.id, plan_item_id=item.id, feedback=tag))
    audit = add(
        AuditLog(
            at=now,
            actor_id=peer.id,
            actor_label="employee",
            action="activity.approve",
            entity="activity",
            entity_id=activity.id,
        )
    )
    await session.flush()
    return {
        "employee": {person.id},
        "activity": {activity.id},
        "leave": {leave.id},
        "invite": {invite.id},
        "invite_attempt": {attempt.id},
        "plan": {plan.id},
        "evaluation": {evaluation.id},
        "feedback": {feedback.id},
        "acting_assignment": {acting.id},
        "notification": {notification.id},
        "announcement": {announcement.id},
        "calendar_override": {override.id},
        "unit_predicate": {predicate.id},
        "posting": {posting.id},
        "fsm_state": {fsm.key},
        "evidence": {evidence.id},
        "plan_item": {item.id},
        "indicator": {indicator.id},
        "action_plan": {action.id},
        "evaluation_value": {value.id},
        "evaluation_note": {note.id},
        "audit_log": {audit.id},
    }
