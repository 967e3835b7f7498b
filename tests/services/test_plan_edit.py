"""Fixing one RHK in place, and the top official who is the only admin approving their own plan
(services/plan_edit.py, services/plans.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee, Plan, PlanItem, PlanStatus
from services.errors import Invalid, NotAllowed, NotFound
from services.plan_edit import ItemChange, edit_item
from services.plans import decide_plan, save_draft, submit_plan
from tests.conftest import FrozenClock
from tests.services.plan_helpers import (
    audits,
    iki,
    make_cascade,
    make_plan_org,
    rhk,
    snapshot_db,
    stored,
)

Factory = async_sessionmaker[AsyncSession]


async def test_one_rhk_is_fixed_in_place_and_audited(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    parent = cascade.boss_items[0].id
    plan = await save_draft(
        session,
        org.staff,
        2026,
        [rhk("Tersusunnya laporan"), rhk("Terlayaninya data")],
        now=clock.now,
    )
    first, second = plan.items

    await edit_item(
        session,
        org.staff,
        plan.id,
        first.id,
        ItemChange("Tersusunnya  laporan bulanan", parent, iki("Jumlah laporan", "15", "laporan")),
        now=clock.now,
    )

    fixed = await stored(session_factory, PlanItem, first.id)
    assert (fixed.text, fixed.parent_item_id) == ("Tersusunnya laporan bulanan", parent)
    assert (fixed.indicators[0].target_value, fixed.indicators[0].target_unit) == (
        Decimal("15"),
        "laporan",
    )
    untouched = await stored(session_factory, PlanItem, second.id)
    assert (untouched.text, untouched.parent_item_id) == ("Terlayaninya data", None)
    [audit] = await audits(session_factory, "plan.item_edit")
    assert (audit.actor_id, audit.entity_id) == (org.staff.id, plan.id)


@pytest.mark.parametrize("case", ["foreign_parent", "submitted", "other_person", "other_item"])
async def test_a_refused_fix_changes_nothing(
    case: str, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await save_draft(session, org.staff, 2026, [rhk("Tersusunnya laporan")], now=clock.now)
    item_id, actor = plan.items[0].id, org.staff
    parent: int | None = cascade.boss_items[0].id
    if case == "foreign_parent":
        parent = cascade.head_items[0].id  # the head's RHK: not the supervisor's
    elif case == "submitted":
        await submit_plan(session, org.staff, plan.id, now=clock.now)
    elif case == "other_person":
        actor = org.staff2
    else:
        item_id = cascade.boss_items[1].id
    before = await snapshot_db(session_factory)

    with pytest.raises((Invalid, NotAllowed, NotFound)):
        await edit_item(
            session,
            actor,
            plan.id,
            item_id,
            ItemChange("Tersusunnya data", parent, iki()),
            now=clock.now,
        )
    await session.rollback()
    assert await snapshot_db(session_factory) == before


async def test_the_only_admin_at_the_top_approves_their_own_plan(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    head = await session.get(Employee, org.head.id)
    admin = await session.get(Employee, org.admin.id)
    assert head is not None
    assert admin is not None
    head.is_admin = True
    await session.commit()
    plan = await save_draft(session, head, 2026, [rhk("Meningkatnya pelayanan")], now=clock.now)
    await submit_plan(session, head, plan.id, now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):  # another admin exists: they approve it
        await decide_plan(session, head, plan.id, True, None, now=clock.now)
    assert await snapshot_db(session_factory) == before

    admin.is_admin = False
    await session.commit()
    await decide_plan(session, head, plan.id, True, None, now=clock.now)

    assert (await stored(session_factory, Plan, plan.id)).status is PlanStatus.APPROVED
    [audit] = await audits(session_factory, "plan.approve_own")
    assert audit.actor_id == head.id
