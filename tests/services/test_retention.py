"""Retention: evidence metadata of old, decided work and abandoned dialogs are purged (by the
worker's ticker and `python -m bot purge`); recent or still-waiting data stays."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import ops
from bot.config import Settings
from bot.scheduler import Ticker
from models import Activity, ActivityStatus, AuditLog, Evidence, EvidenceKind, FsmState
from services.clock import system_clock
from services.retention import Purged, RetentionPolicy, purge
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_unit

POLICY = RetentionPolicy(evidence_days=730, dialog_days=30)


async def _work(
    session: AsyncSession, now: datetime, *, days_old: int, status: ActivityStatus
) -> list[int]:
    """An activity `days_old` before now with two pieces of evidence; their ids."""
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency, f"Dinas {days_old} {status}")
    person = await make_employee(session, agency, unit, days_old % 900 + 1, now)
    activity = Activity(
        employee_id=person.id,
        work_date=(now - timedelta(days=days_old)).date(),
        minutes=60,
        description="Rapat",
        idempotency_key="k",
        status=status,
        submitted_at=now,
        updated_at=now,
    )
    session.add(activity)
    await session.flush()
    items = [
        Evidence(activity_id=activity.id, kind=EvidenceKind.LINK, url="https://a/1"),
        Evidence(activity_id=activity.id, kind=EvidenceKind.PHOTO, file_id="f", file_size=9),
    ]
    session.add_all(items)
    await session.flush()
    return [e.id for e in items]


def _dialog(key: str, updated_at: datetime) -> FsmState:
    return FsmState(key=key, state="ReportForm:description", data={"d": 1}, updated_at=updated_at)


async def _left(session: AsyncSession) -> tuple[set[int], set[str]]:
    evidence = set((await session.scalars(select(Evidence.id))).all())
    dialogs = set((await session.scalars(select(FsmState.key))).all())
    return evidence, dialogs


async def test_purge_deletes_what_is_past_retention(
    session: AsyncSession, clock: FrozenClock
) -> None:
    now = clock()
    await _work(session, now, days_old=731, status=ActivityStatus.APPROVED)
    waiting = await _work(session, now, days_old=800, status=ActivityStatus.SUBMITTED)
    recent = await _work(session, now, days_old=700, status=ActivityStatus.REJECTED)
    session.add_all(
        [_dialog("fsm:1:1:default", now - timedelta(days=31)), _dialog("fsm:2:2:default", now)]
    )
    await session.commit()

    assert await purge(session, POLICY, now) == Purged(evidence=2, dialogs=1)

    assert await _left(session) == (set(waiting + recent), {"fsm:2:2:default"})
    assert len((await session.scalars(select(Activity))).all()) == 3  # the work stays
    [row] = (await session.scalars(select(AuditLog))).all()
    assert (row.actor_label, row.action) == ("retention", "retention.purge")
    assert row.after == {"evidence": 2, "dialogs": 1, "evidence_days": 730, "dialog_days": 30}


async def test_a_second_purge_finds_nothing_and_writes_no_audit_row(
    session: AsyncSession, clock: FrozenClock
) -> None:
    await _work(session, clock(), days_old=1000, status=ActivityStatus.APPROVED)
    await session.commit()
    await purge(session, POLICY, clock())

    assert await purge(session, POLICY, clock()) == Purged(0, 0)
    assert len((await session.scalars(select(AuditLog))).all()) == 1


async def test_zero_days_keeps_everything(session: AsyncSession, clock: FrozenClock) -> None:
    kept = await _work(session, clock(), days_old=5000, status=ActivityStatus.APPROVED)
    session.add(_dialog("fsm:1:1:default", clock() - timedelta(days=5000)))
    await session.commit()

    assert await purge(session, RetentionPolicy(0, 0), clock()) == Purged(0, 0)
    assert await _left(session) == (set(kept), {"fsm:1:1:default"})


async def test_the_ticker_purges_at_most_hourly(
    session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    ticker = Ticker(session_factory, clock, POLICY)
    await ticker.tick()  # nothing to purge yet; the purge ran
    async with session_factory() as session:
        session.add(_dialog("fsm:1:1:default", clock() - timedelta(days=40)))
        await session.commit()

    clock.advance(minutes=59)
    await ticker.tick()
    async with session_factory() as session:
        assert (await _left(session))[1] == {"fsm:1:1:default"}
    clock.advance(minutes=2)
    await ticker.tick()
    async with session_factory() as session:
        assert (await _left(session))[1] == set()


async def test_purge_from_the_command_line(
    session: AsyncSession, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    now = system_clock()  # the CLI reads the real clock
    await _work(session, now, days_old=40, status=ActivityStatus.APPROVED)
    session.add(_dialog("fsm:1:1:default", now - timedelta(days=10)))
    await session.commit()
    settings = Settings(  # type: ignore[call-arg]
        database_url=database_url,
        retention_evidence_days=30,
        retention_dialog_days=5,
        _env_file=None,
    )

    assert await ops.purge(settings) == 0

    assert capsys.readouterr().out == "dihapus: 2 bukti dukung, 1 status dialog\n"
    session.expire_all()
    assert await _left(session) == (set(), set())


def test_the_settings_have_sane_defaults() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.retention_evidence_days, settings.retention_dialog_days) == (730, 30)
