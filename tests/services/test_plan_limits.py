"""Plan input that does not fit the columns must be refused as input, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Plan, PlanStatus
from services.errors import Invalid
from services.plans import decide_plan, save_draft, submit_plan
from tests.conftest import FrozenClock
from tests.services.plan_helpers import iki, make_plan_org, rhk, snapshot_db, stored

Factory = async_sessionmaker[AsyncSession]


@pytest.mark.parametrize(
    ("target", "unit"),
    [("1000000000000", "dokumen"), ("Infinity", "dokumen"), ("12", "d" * 60)],
    ids=["target-too-large", "target-infinite", "unit-too-long"],
)
async def test_target_that_does_not_fit_is_refused_as_plan_target(
    target: str, unit: str, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as caught:
        await save_draft(
            session,
            org.staff,
            2026,
            [rhk("Data terkirim", None, iki(target=target, unit=unit))],
            now=clock.now,
        )

    assert caught.value.code == "plan_target"
    assert await snapshot_db(session_factory) == before


async def test_return_note_up_to_500_characters_is_kept_in_full(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    plan = await save_draft(session, org.staff, 2026, [rhk("Data terkirim")], now=clock.now)
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    note = ("Perbaiki target. " * 30)[:500]

    await decide_plan(session, org.boss, plan.id, False, note, now=clock.now)

    returned = await stored(session_factory, Plan, plan.id)
    assert (returned.status, returned.return_note) == (PlanStatus.RETURNED, note.strip())


async def test_longer_return_note_is_refused_and_nothing_changes(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    plan = await save_draft(session, org.staff, 2026, [rhk("Data terkirim")], now=clock.now)
    await submit_plan(session, org.staff, plan.id, now=clock.now)

    with pytest.raises(Invalid) as caught:
        await decide_plan(session, org.boss, plan.id, False, "Perbaiki. " * 60, now=clock.now)

    assert caught.value.code == "reason_too_long"
    assert (await stored(session_factory, Plan, plan.id)).status is PlanStatus.SUBMITTED
