"""Deciding on one activity: the row, the audit trail and the employee's message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus, AuditLog, Notification, NotificationStatus
from services.errors import AlreadyDecided, Invalid, NotFound, StaleVersion
from services.reporting import delete_activity, update_activity
from services.review import MAX_REASON, Decision, check_decidable, decide
from tests.conftest import FrozenClock
from tests.services.report_helpers import draft
from tests.services.review_helpers import (
    MONDAY,
    make_review_org,
    rows_of,
    snapshot_db,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
STATUS = {
    Decision.APPROVE: ActivityStatus.APPROVED,
    Decision.REVISION: ActivityStatus.REVISION,
    Decision.REJECT: ActivityStatus.REJECTED,
}


async def _stored(factory: Factory, activity_id: int) -> Activity:
    async with factory() as s:
        activity = await s.get(Activity, activity_id)
        assert activity is not None
        return activity


async def _decision_audits(factory: Factory) -> list[AuditLog]:
    return [
        a
        for a in await rows_of(factory, AuditLog)
        if a.action in ("activity.approve", "activity.revision", "activity.reject")
    ]


async def _decision_notes(factory: Factory) -> list[Notification]:
    return [n for n in await rows_of(factory, Notification) if n.kind == "decision.made"]


@pytest.mark.parametrize(
    ("decision", "reason", "stored_reason"),
    [
        (Decision.APPROVE, None, None),
        (Decision.APPROVE, "  Sudah   baik ", "Sudah baik"),
        (Decision.REVISION, "Tambahkan   jam mulai", "Tambahkan jam mulai"),
        (Decision.REJECT, "Bukan tugas jabatan ini", "Bukan tugas jabatan ini"),
    ],
)
async def test_decision_updates_row_and_writes_audit_and_message(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    decision: Decision,
    reason: str | None,
    stored_reason: str | None,
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock(), start="08:00", end="09:30")
    clock.advance(hours=2)

    returned = await decide(session, org.assessor, activity.id, 1, decision, reason, now=clock())

    stored = await _stored(session_factory, activity.id)
    assert returned.id == activity.id
    assert stored.status is STATUS[decision]
    assert stored.version == 2
    assert (stored.decided_by_id, stored.decided_at) == (org.assessor.id, clock())
    assert stored.decision_reason == stored_reason
    assert stored.updated_at == clock()

    [row] = await _decision_audits(session_factory)
    assert row.action == f"activity.{decision.value}"
    assert (row.actor_id, row.actor_label, row.at) == (org.assessor.id, "employee", clock())
    assert (row.entity, row.entity_id, row.reason) == ("activity", activity.id, stored_reason)
    assert row.before is not None
    assert row.after is not None
    assert (row.before["status"], row.before["version"]) == (str(ActivityStatus.SUBMITTED), 1)
    assert (row.after["status"], row.after["version"]) == (str(STATUS[decision]), 2)
    assert row.after["minutes"] == row.before["minutes"] == 90

    [note] = await _decision_notes(session_factory)
    assert note.recipient_id == org.staff.id
    assert note.payload == {"activity_id": activity.id, "decision": decision.value}
    assert note.group_key == MONDAY.isoformat()
    assert note.status is NotificationStatus.PENDING
    assert note.next_attempt_at == clock()


@pytest.mark.parametrize("decision", [Decision.REVISION, Decision.REJECT])
@pytest.mark.parametrize("reason", [None, "", "   \n\t "])
async def test_revision_and_reject_need_a_reason(
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
    decision: Decision,
    reason: str | None,
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as info:
        await decide(session, org.assessor, activity.id, 1, decision, reason, now=clock())
    assert info.value.code == "reason_required"
    assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize("decision", list(Decision))
async def test_reason_longer_than_the_limit_is_refused(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, decision: Decision
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as info:
        await decide(
            session, org.assessor, activity.id, 1, decision, "x" * (MAX_REASON + 1), now=clock()
        )
    assert (info.value.code, info.value.params) == ("reason_too_long", {"limit": 500})
    assert await snapshot_db(session_factory) == before


async def test_reason_of_exactly_the_limit_after_collapsing_spaces_is_kept(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    reason = "a" * (MAX_REASON - 2) + "   \n  b"  # 505 characters typed, 500 after cleaning
    assert len(reason) > MAX_REASON

    await decide(session, org.assessor, activity.id, 1, Decision.REJECT, reason, now=clock())

    stored = await _stored(session_factory, activity.id)
    assert stored.decision_reason == "a" * (MAX_REASON - 2) + " b"
    assert stored.status is ActivityStatus.REJECTED


@pytest.mark.parametrize("second", list(Decision))
async def test_a_second_decision_is_already_decided_and_changes_nothing(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, second: Decision
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    await decide(session, org.assessor, activity.id, 1, Decision.REJECT, "Salah isi", now=clock())
    before = await snapshot_db(session_factory)

    for version in (1, 2):
        with pytest.raises(AlreadyDecided) as info:
            await decide(session, org.assessor, activity.id, version, second, "Lagi", now=clock())
        assert info.value.status == str(ActivityStatus.REJECTED)
        with pytest.raises(AlreadyDecided):
            await check_decidable(session, org.assessor, activity.id, version, clock())
    assert await snapshot_db(session_factory) == before


async def test_a_version_older_than_the_stored_one_is_stale(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    clock.advance(minutes=5)
    await update_activity(
        session, org.staff, activity.id, 1, draft(description="Versi yang diperbaiki"), now=clock()
    )
    before = await snapshot_db(session_factory)

    with pytest.raises(StaleVersion):
        await check_decidable(session, org.assessor, activity.id, 1, clock())
    with pytest.raises(StaleVersion):
        await decide(session, org.assessor, activity.id, 1, Decision.APPROVE, None, now=clock())
    assert await snapshot_db(session_factory) == before

    await decide(session, org.assessor, activity.id, 2, Decision.APPROVE, None, now=clock())
    stored = await _stored(session_factory, activity.id)
    assert (stored.status, stored.version, stored.description) == (
        ActivityStatus.APPROVED,
        3,
        "Versi yang diperbaiki",
    )


async def test_a_deleted_or_unknown_activity_is_not_found(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    await delete_activity(session, org.staff, activity.id, 1, now=clock())
    before = await snapshot_db(session_factory)

    for activity_id, version in ((activity.id, 2), (activity.id, 1), (activity.id + 999, 1)):
        with pytest.raises(NotFound):
            await decide(
                session, org.assessor, activity_id, version, Decision.APPROVE, None, now=clock()
            )
        with pytest.raises(NotFound):
            await check_decidable(session, org.assessor, activity_id, version, clock())
    assert await snapshot_db(session_factory) == before


async def test_revised_work_edited_by_the_employee_can_be_decided_again(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    await decide(
        session, org.assessor, activity.id, 1, Decision.REVISION, "Sebutkan hasilnya", now=clock()
    )
    clock.advance(days=1)  # Tuesday: the Monday item stays fixable

    await update_activity(
        session,
        org.staff,
        activity.id,
        2,
        draft(MONDAY, "Menyusun laporan bulanan, 1 dokumen"),
        now=clock(),
    )
    resubmitted = await _stored(session_factory, activity.id)
    assert (resubmitted.status, resubmitted.version) == (ActivityStatus.SUBMITTED, 3)
    assert resubmitted.submitted_at == clock()
    await check_decidable(session, org.assessor, activity.id, 3, clock())

    clock.advance(hours=1)
    await decide(session, org.assessor, activity.id, 3, Decision.APPROVE, None, now=clock())

    stored = await _stored(session_factory, activity.id)
    assert (stored.status, stored.version, stored.decided_at) == (
        ActivityStatus.APPROVED,
        4,
        clock(),
    )
    assert stored.decision_reason is None
    assert [a.action for a in await rows_of(session_factory, AuditLog)] == [
        "activity.create",
        "activity.revision",
        "activity.update",
        "activity.approve",
    ]
    notes = await _decision_notes(session_factory)
    assert [(n.payload["decision"], n.dedup_key) for n in notes] == [
        ("revision", f"decision:{activity.id}:v2"),
        ("approve", f"decision:{activity.id}:v4"),
    ]
    assert {n.recipient_id for n in notes} == {org.staff.id}


async def test_approved_work_is_not_decided_again_after_a_day(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    activity = await submit(session, org.staff, clock())
    await decide(session, org.assessor, activity.id, 1, Decision.APPROVE, None, now=clock())
    clock.advance(days=1, hours=3)
    before = await snapshot_db(session_factory)

    with pytest.raises(AlreadyDecided) as info:
        await decide(session, org.assessor, activity.id, 2, Decision.REJECT, "Ubah", now=clock())
    assert info.value.status == str(ActivityStatus.APPROVED)
    assert await snapshot_db(session_factory) == before
    assert (await _stored(session_factory, activity.id)).decided_at == clock() - timedelta(
        days=1, hours=3
    )
