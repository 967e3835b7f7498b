"""Submitting a daily activity: the row, its evidence, the audit row and the assessor's message."""

from __future__ import annotations

import gc
from datetime import date, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Activity, ActivityStatus, Employee, Evidence, EvidenceKind, NotificationStatus
from services import reporting
from services.report_rules import EvidenceInput
from services.reporting import delete_activity, submit_activity, update_activity
from tests.conftest import FrozenClock
from tests.services.report_helpers import (
    MONDAY,
    audits,
    count_activities,
    counts,
    draft,
    make_org,
    notifications,
)

PHOTO = EvidenceInput(
    kind=EvidenceKind.PHOTO, file_id="AgACphoto", file_unique_id="uqphoto", file_size=120_000
)
PDF = EvidenceInput(
    kind=EvidenceKind.DOCUMENT,
    file_id="BQACdoc",
    file_unique_id="uqdoc",
    file_name="Notulen Rapat.PDF",
    mime_type="application/pdf",
    file_size=2_000_000,
)
LINK = EvidenceInput(kind=EvidenceKind.LINK, url="https://drive.example.go.id/berkas/1")


async def test_submit_stores_activity_evidence_audit_and_notification(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    saved = await submit_activity(
        session,
        org.staff,
        draft(
            description="  Rapat   koordinasi anggaran ",
            start="08:00",
            end="10:30",
            output_quantity=1,
            output_unit="notulen",
            evidence=[PHOTO, PDF, LINK],
        ),
        idempotency_key="upd-1",
        now=clock(),
    )
    assert not saved.duplicate

    async with session_factory() as s:
        activity = await s.get(Activity, saved.activity.id)
        assert activity is not None
        assert activity.employee_id == org.staff.id
        assert activity.work_date == MONDAY
        assert (activity.start_time, activity.end_time) == (time(8, 0), time(10, 30))
        assert activity.minutes == 150
        assert activity.description == "Rapat koordinasi anggaran"
        assert (activity.output_quantity, activity.output_unit) == (1, "notulen")
        assert activity.status is ActivityStatus.SUBMITTED
        assert activity.version == 1
        assert activity.submitted_at == clock()
        assert activity.deleted_at is None
        evidence = (
            await s.scalars(
                select(Evidence).where(Evidence.activity_id == activity.id).order_by(Evidence.id)
            )
        ).all()
    assert [(e.kind, e.file_id, e.file_name, e.url) for e in evidence] == [
        (EvidenceKind.PHOTO, "AgACphoto", None, None),
        (EvidenceKind.DOCUMENT, "BQACdoc", "Notulen Rapat.PDF", None),
        (EvidenceKind.LINK, None, None, "https://drive.example.go.id/berkas/1"),
    ]

    [row] = await audits(session_factory)
    assert (row.action, row.entity, row.entity_id) == ("activity.create", "activity", activity.id)
    assert (row.actor_id, row.actor_label, row.at) == (org.staff.id, "employee", clock())
    assert row.before is None
    assert row.after is not None
    assert row.after["description"] == "Rapat koordinasi anggaran"
    assert row.after["minutes"] == 150
    assert row.after["evidence"] == 3
    assert row.after["status"] == "terkirim"

    [note] = await notifications(session_factory)
    assert note.kind == "review.submitted"
    assert note.recipient_id == org.boss.id
    assert note.status is NotificationStatus.PENDING
    assert note.dedup_key == f"activity:{activity.id}:v1:submitted"
    assert note.payload == {
        "activity_id": activity.id,
        "employee_id": org.staff.id,
        "work_date": "2026-03-02",
        "version": 1,
    }
    assert note.created_at == clock()
    # Held briefly so several reports of one employee and day reach the supervisor as one message.
    assert note.group_key == f"{org.staff.id}:2026-03-02"
    assert note.next_attempt_at == clock() + timedelta(seconds=org.agency.review_batch_seconds)


async def test_submit_without_supervisor_queues_no_message(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), staff_has_supervisor=False)
    await submit_activity(session, org.staff, draft(), idempotency_key="k", now=clock())
    assert await counts(session_factory) == {
        "activities": 1,
        "evidence": 0,
        "audit": 1,
        "notifications": 0,
        "leaves": 0,
    }


async def test_summary_after_submit_counts_the_day(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_org(session, clock(), daily_target_minutes=300)
    await submit_activity(session, org.staff, draft(minutes=120), idempotency_key="a", now=clock())
    saved = await submit_activity(
        session, org.staff, draft(minutes=90), idempotency_key="b", now=clock()
    )
    summary = saved.summary
    assert (summary.day, summary.minutes, summary.count, summary.pending) == (MONDAY, 210, 2, 2)
    assert summary.target_minutes == 300
    assert summary.remaining_minutes == 90


async def test_same_idempotency_key_twice_stores_one_activity(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    first = await submit_activity(
        session, org.staff, draft(minutes=60), idempotency_key="tg:42", now=clock()
    )
    clock.advance(seconds=5)
    second = await submit_activity(
        session, org.staff, draft(minutes=60), idempotency_key="tg:42", now=clock()
    )
    assert second.duplicate
    assert second.activity.id == first.activity.id
    assert second.summary.minutes == 60
    assert second.summary.count == 1
    assert await counts(session_factory) == {
        "activities": 1,
        "evidence": 0,
        "audit": 1,
        "notifications": 1,
        "leaves": 0,
    }


async def test_idempotency_keys_are_per_employee(session: AsyncSession, clock: FrozenClock) -> None:
    org = await make_org(session, clock())
    await submit_activity(session, org.staff, draft(), idempotency_key="same", now=clock())
    saved = await submit_activity(session, org.other, draft(), idempotency_key="same", now=clock())
    assert not saved.duplicate
    assert await count_activities(session, org.staff.id) == 1
    assert await count_activities(session, org.other.id) == 1


async def test_the_key_of_a_deleted_activity_is_still_a_duplicate(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    # A redelivered "Kirim" after the person deleted the report must not bring it back.
    org = await make_org(session, clock())
    first = await submit_activity(session, org.staff, draft(), idempotency_key="tg:9", now=clock())
    await delete_activity(session, org.staff, first.activity.id, 1, now=clock())

    again = await submit_activity(session, org.staff, draft(), idempotency_key="tg:9", now=clock())

    assert again.duplicate
    assert again.activity.id == first.activity.id
    assert again.activity.deleted_at is not None
    assert (await counts(session_factory))["activities"] == 1


async def test_a_retried_tap_after_deleting_is_a_duplicate_even_if_the_day_changed_since(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    # Deleted, then the same slot reported again: the late redelivery of the first "Kirim"
    # must answer "already stored", not "overlaps" (nor store anything).
    org = await make_org(session, clock())
    slot = {"start": "08:00", "end": "10:00"}
    first = await submit_activity(
        session, org.staff, draft(**slot), idempotency_key="tg:11", now=clock()
    )
    await delete_activity(session, org.staff, first.activity.id, 1, now=clock())
    await submit_activity(session, org.staff, draft(**slot), idempotency_key="tg:12", now=clock())

    again = await submit_activity(
        session, org.staff, draft(**slot), idempotency_key="tg:11", now=clock()
    )

    assert again.duplicate
    assert again.activity.id == first.activity.id
    assert again.summary.count == 1  # the day as it is: the second report only
    assert (await counts(session_factory))["activities"] == 2


async def test_a_retried_tap_after_moving_the_report_to_another_day_is_a_duplicate(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    org = await make_org(session, clock())
    friday = date(2026, 2, 27)
    first = await submit_activity(
        session, org.staff, draft(minutes=90), idempotency_key="tg:21", now=clock()
    )
    await update_activity(
        session, org.staff, first.activity.id, 1, draft(friday, minutes=90), now=clock()
    )

    again = await submit_activity(
        session, org.staff, draft(minutes=90), idempotency_key="tg:21", now=clock()
    )

    assert again.duplicate
    assert again.activity.id == first.activity.id
    assert (again.summary.day, again.summary.minutes, again.summary.count) == (friday, 90, 1)
    assert (await counts(session_factory))["activities"] == 1
    assert await count_activities(session, org.staff.id) == 1


async def test_racing_duplicate_returns_the_stored_activity(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    # The failure leaves an un-awaited driver coroutine behind; collect it here, not later.
    request.addfinalizer(gc.collect)
    org = await make_org(session, clock())
    real_check_day = reporting._check_day
    raced = []

    async def check_day_while_another_worker_commits(*args: Any, **kwargs: Any) -> None:
        await real_check_day(*args, **kwargs)
        if raced:
            return
        raced.append(True)
        async with session_factory() as other_worker:
            employee = await other_worker.get(Employee, org.staff.id)
            assert employee is not None
            stored = await submit_activity(
                other_worker, employee, draft(), idempotency_key="tg:7", now=clock()
            )
            raced.append(stored.activity.id)

    monkeypatch.setattr(reporting, "_check_day", check_day_while_another_worker_commits)
    saved = await submit_activity(session, org.staff, draft(), idempotency_key="tg:7", now=clock())

    assert saved.duplicate
    assert saved.activity.id == raced[1]
    assert (await counts(session_factory))["activities"] == 1


async def test_nothing_is_stored_when_the_notification_cannot_be_queued(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    org = await make_org(session, clock())
    before = await counts(session_factory)

    async def broken_enqueue(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(reporting.outbox, "enqueue", broken_enqueue)
    with pytest.raises(RuntimeError):
        await submit_activity(
            session, org.staff, draft(evidence=[PHOTO]), idempotency_key="k", now=clock()
        )
    await session.rollback()
    assert await counts(session_factory) == before
