"""Editing and deleting one's own activity: ownership, locks, versions, audit and messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus, EvidenceKind
from services.errors import Invalid, Locked, NotFound, StaleVersion
from services.history import history_page
from services.report_rules import EvidenceInput
from services.reporting import (
    OverlapDetected,
    day_summary,
    delete_activity,
    submit_activity,
    update_activity,
)
from tests.conftest import FrozenClock
from tests.services.report_helpers import (
    MONDAY,
    Org,
    audits,
    db_rows,
    draft,
    make_org,
    notifications,
    set_status,
    stored_activity,
)

PHOTO = EvidenceInput(kind=EvidenceKind.PHOTO, file_id="old-photo", file_size=1000)
LINK = EvidenceInput(kind=EvidenceKind.LINK, url="https://example.go.id/bukti")


async def _submitted(session: AsyncSession, org: Org, now: datetime, key: str = "k") -> Activity:
    saved = await submit_activity(
        session,
        org.staff,
        draft(description="Rapat koordinasi", start="08:00", end="10:00", evidence=[PHOTO]),
        idempotency_key=key,
        now=now,
    )
    return saved.activity


async def test_another_employee_cannot_edit_or_delete(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    activity = await _submitted(session, org, clock())
    before = await db_rows(session_factory)

    with pytest.raises(NotFound):
        await update_activity(
            session, org.other, activity.id, 1, draft(description="Diubah orang lain"), now=clock()
        )
    with pytest.raises(NotFound):
        await delete_activity(session, org.other, activity.id, 1, now=clock())
    with pytest.raises(NotFound):
        await update_activity(session, org.staff, 999_999, 1, draft(), now=clock())

    await session.commit()
    assert await db_rows(session_factory) == before


async def test_approved_activity_is_locked(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    activity = await _submitted(session, org, clock())
    await set_status(session, activity.id, ActivityStatus.APPROVED)
    before = await db_rows(session_factory)

    with pytest.raises(Locked):
        await update_activity(
            session, org.staff, activity.id, 1, draft(description="Diubah"), now=clock()
        )
    with pytest.raises(Locked):
        await delete_activity(session, org.staff, activity.id, 1, now=clock())

    await session.commit()
    assert await db_rows(session_factory) == before


async def test_stale_version_changes_nothing(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    activity = await _submitted(session, org, clock())
    await update_activity(
        session, org.staff, activity.id, 1, draft(description="Versi kedua"), now=clock()
    )
    before = await db_rows(session_factory)

    with pytest.raises(StaleVersion):  # a button made for version 1
        await update_activity(
            session, org.staff, activity.id, 1, draft(description="Versi lama"), now=clock()
        )
    with pytest.raises(StaleVersion):
        await delete_activity(session, org.staff, activity.id, 1, now=clock())

    await session.commit()
    assert await db_rows(session_factory) == before
    stored = await stored_activity(session_factory, activity.id)
    assert stored is not None
    assert (stored.description, stored.version) == ("Versi kedua", 2)


@pytest.mark.parametrize("status", [ActivityStatus.REVISION, ActivityStatus.REJECTED])
async def test_edited_revision_or_rejection_is_submitted_again(
    status: ActivityStatus,
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> None:
    org = await make_org(session, clock())
    activity = await _submitted(session, org, clock())
    await set_status(session, activity.id, status)
    clock.advance(hours=3)

    saved = await update_activity(
        session,
        org.staff,
        activity.id,
        1,
        draft(
            description="Rapat koordinasi anggaran 2026",
            start="08:00",
            end="11:00",
            output_quantity=2,
            output_unit="notulen",
            evidence=[LINK],
        ),
        now=clock(),
    )
    assert saved.summary.count == 1
    assert saved.summary.minutes == 180

    stored = await stored_activity(session_factory, activity.id)
    assert stored is not None
    assert stored.status is ActivityStatus.SUBMITTED
    assert stored.version == 2
    assert stored.description == "Rapat koordinasi anggaran 2026"
    assert (stored.start_time, stored.end_time, stored.minutes) == (time(8), time(11), 180)
    assert (stored.output_quantity, stored.output_unit) == (2, "notulen")
    assert stored.updated_at == clock()
    assert stored.submitted_at == clock()
    assert [(e.kind, e.url, e.file_id) for e in stored.evidence] == [
        (EvidenceKind.LINK, "https://example.go.id/bukti", None)
    ]

    update = (await audits(session_factory))[-1]
    assert (update.action, update.entity_id, update.actor_id) == (
        "activity.update",
        activity.id,
        org.staff.id,
    )
    assert update.before is not None
    assert update.after is not None
    assert update.before["status"] == str(status)
    assert update.before["version"] == 1
    assert update.before["description"] == "Rapat koordinasi"
    assert update.before["evidence"] == 1
    assert update.after["status"] == "terkirim"
    assert update.after["version"] == 2
    assert update.after["minutes"] == 180
    assert update.after["description"] == "Rapat koordinasi anggaran 2026"

    sent = await notifications(session_factory)
    assert [(n.kind, n.recipient_id, n.dedup_key) for n in sent] == [
        ("review.submitted", org.boss.id, f"activity:{activity.id}:v1:submitted"),
        ("review.updated", org.boss.id, f"activity:{activity.id}:v2:updated"),
    ]
    assert sent[1].payload["version"] == 2


async def test_edit_is_validated_like_a_new_report(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    activity = await _submitted(session, org, clock())
    other = await submit_activity(
        session, org.staff, draft(start="10:00", end="12:00"), idempotency_key="2", now=clock()
    )
    before = await db_rows(session_factory)

    with pytest.raises(Invalid) as caught:
        await update_activity(
            session, org.staff, activity.id, 1, draft(description="x"), now=clock()
        )
    assert caught.value.code == "description_empty"
    with pytest.raises(Invalid) as caught:
        await update_activity(
            session, org.staff, activity.id, 1, draft(date(2026, 3, 3)), now=clock()
        )
    assert caught.value.code == "date_future"
    with pytest.raises(OverlapDetected) as overlap:
        await update_activity(
            session, org.staff, activity.id, 1, draft(start="09:00", end="11:00"), now=clock()
        )
    assert [o.activity_id for o in overlap.value.overlaps] == [other.activity.id]

    await session.commit()
    assert await db_rows(session_factory) == before


async def test_activity_does_not_overlap_with_itself_when_edited(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), max_activities_per_day=1)
    activity = await _submitted(session, org, clock())  # 08:00-10:00
    saved = await update_activity(
        session, org.staff, activity.id, 1, draft(start="08:30", end="10:30"), now=clock()
    )
    assert saved.activity.version == 2
    assert saved.summary.count == 1


async def test_delete_is_soft_audited_and_announced(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    activity = await _submitted(session, org, clock())
    kept = await submit_activity(
        session, org.staff, draft(minutes=45), idempotency_key="2", now=clock()
    )
    clock.advance(minutes=10)

    summary = await delete_activity(session, org.staff, activity.id, 1, now=clock())

    assert (summary.count, summary.minutes) == (1, 45)
    stored = await stored_activity(session_factory, activity.id)
    assert stored is not None  # the row stays
    assert stored.deleted_at == clock()
    assert stored.version == 2
    assert stored.status is ActivityStatus.SUBMITTED
    assert len(stored.evidence) == 1

    delete = (await audits(session_factory))[-1]
    assert (delete.action, delete.entity_id, delete.actor_id) == (
        "activity.delete",
        activity.id,
        org.staff.id,
    )
    assert delete.before is not None
    assert delete.before["description"] == "Rapat koordinasi"
    assert delete.after is None

    last = (await notifications(session_factory))[-1]
    assert (last.kind, last.recipient_id, last.dedup_key) == (
        "review.deleted",
        org.boss.id,
        f"activity:{activity.id}:v2:deleted",
    )

    assert (await day_summary(session, org.staff, org.agency, MONDAY)).count == 1
    page = await history_page(session, org.staff, MONDAY, MONDAY)
    assert [a.id for a in page.items] == [kept.activity.id]
    assert page.total_minutes == 45


async def test_deleted_activity_cannot_be_deleted_or_edited_again(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    activity = await _submitted(session, org, clock())
    await delete_activity(session, org.staff, activity.id, 1, now=clock())
    before = await db_rows(session_factory)

    with pytest.raises(NotFound):
        await delete_activity(session, org.staff, activity.id, 2, now=clock())
    with pytest.raises(NotFound):
        await update_activity(session, org.staff, activity.id, 2, draft(), now=clock())

    await session.commit()
    assert await db_rows(session_factory) == before


async def test_edit_and_delete_without_supervisor_queue_nothing(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), staff_has_supervisor=False)
    activity = await _submitted(session, org, clock())
    await update_activity(session, org.staff, activity.id, 1, draft(), now=clock())
    await delete_activity(session, org.staff, activity.id, 2, now=clock())
    assert [a.action for a in await audits(session_factory)] == [
        "activity.create",
        "activity.update",
        "activity.delete",
    ]
    assert await notifications(session_factory) == []


async def test_late_revision_request_can_still_be_corrected(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), backdate_workdays=3)
    activity = await _submitted(session, org, clock())  # reported on Monday 2 March
    await set_status(session, activity.id, ActivityStatus.REVISION)
    clock.now = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)  # reviewed a week later
    assert clock().date() - MONDAY == timedelta(days=7)

    await update_activity(
        session,
        org.staff,
        activity.id,
        1,
        draft(description="Rapat koordinasi, notulen dilampirkan", start="08:00", end="10:00"),
        now=clock(),
    )

    stored = await stored_activity(session_factory, activity.id)
    assert stored is not None
    assert stored.status is ActivityStatus.SUBMITTED
    assert stored.work_date == MONDAY
