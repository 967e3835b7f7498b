"""The demo agency, seeded through the services on both databases: what a visitor finds."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.demo.agency import FIRST_USER_ID, PEOPLE
from bot.demo.seed import seed
from models import (
    Activity,
    ActivityStatus,
    Agency,
    AuditLog,
    Employee,
    Evaluation,
    EvaluationPeriod,
    EvaluationStatus,
    Feedback,
    FeedbackKind,
    Notification,
    NotificationStatus,
    Plan,
    PlanStatus,
    Unit,
)

NOW = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)  # Wednesday 10.00 WIB


async def _count(session: AsyncSession, *where: object, model: type = Activity) -> int:
    query = select(func.count()).select_from(model)
    for condition in where:
        query = query.where(condition)  # type: ignore[arg-type]
    return int(await session.scalar(query) or 0)


async def test_the_demo_agency_is_a_working_month(session: AsyncSession) -> None:
    """One seed per database (it takes a few seconds), everything a visitor relies on."""
    users = await seed(session, NOW)

    assert [u for u, _p in users] == list(range(FIRST_USER_ID, FIRST_USER_ID + len(PEOPLE)))
    agency = await session.scalar(select(Agency))
    assert agency is not None
    assert (agency.evaluation_period, agency.review_batch_seconds) == (EvaluationPeriod.MONTHLY, 5)
    staff = (await session.scalars(select(Employee).order_by(Employee.id))).all()
    assert len(staff) == 11
    assert all(e.telegram_user_id is not None for e in staff)
    assert sum(e.supervisor_id is None for e in staff) == 1  # the kepala dinas
    assert {e.timezone for e in staff} == {"Asia/Jakarta", "Asia/Makassar"}
    assert await _count(session, model=Unit) == 4  # the dinas and three units with staff
    approved_plans = Plan.status == PlanStatus.APPROVED, Plan.year == 2026
    assert await _count(session, *approved_plans, model=Plan) == 11

    # A month of reports: approvals, revisions fixed and approved, a rejection, feedback.
    days = (await session.scalars(select(Activity.work_date).distinct())).all()
    assert len(days) == 22  # workdays only: the Imlek holidays in February are skipped
    assert date(2026, 2, 16) not in days
    assert max(days) == date(2026, 3, 3)  # yesterday
    assert await _count(session, Activity.status == ActivityStatus.APPROVED) > 300
    assert await _count(session, Activity.status == ActivityStatus.REJECTED) == 1
    waiting = select(Activity.work_date).where(Activity.status == ActivityStatus.SUBMITTED)
    assert set((await session.scalars(waiting)).all()) <= {date(2026, 3, 2), date(2026, 3, 3)}
    assert await _count(session, Activity.work_date == date(2026, 3, 3)) > 0
    revision = select(AuditLog.entity_id).where(AuditLog.action == "activity.revision")
    revised = (await session.scalars(revision)).all()
    assert revised
    still_open = Activity.id.in_(revised), Activity.status == ActivityStatus.REVISION
    assert await _count(session, *still_open) == 0
    kinds = set((await session.scalars(select(Feedback.kind))).all())
    assert kinds == {FeedbackKind.FEEDBACK, FeedbackKind.REQUEST, FeedbackKind.REPLY}

    # Last month is open for rating, and the history does not flood anyone's chat.
    evaluations = (await session.scalars(select(Evaluation))).all()
    assert {(e.period_key, e.status) for e in evaluations} == {("2026-M02", EvaluationStatus.DRAFT)}
    assert len(evaluations) == 8  # every staff member
    pending = Notification.status == NotificationStatus.PENDING
    assert await _count(session, pending, model=Notification) == 0
