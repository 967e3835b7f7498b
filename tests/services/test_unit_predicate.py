"""The organisation predicate of a unit is set from above: by someone whose own unit contains
the unit (DOMAIN §5: "set by the leader above it")."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import UnitPredicate
from services.curve import OrgPredicate
from services.errors import Invalid, NotAllowed, NotFound
from services.evaluation import lower_units, set_unit_predicate, unit_predicate
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee
from tests.services.plan_helpers import (
    Q1,
    add_unit,
    audits,
    make_plan_org,
    rows_of,
    snapshot_db,
)

Factory = async_sessionmaker[AsyncSession]


async def test_the_head_sets_and_changes_a_lower_units_predicate(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)

    await set_unit_predicate(session, org.head, org.unit_a.id, Q1, OrgPredicate.GOOD, now=clock.now)
    clock.advance(days=1)
    await set_unit_predicate(
        session, org.head, org.unit_a.id, Q1, OrgPredicate.OUTSTANDING, now=clock.now
    )
    await set_unit_predicate(
        session, org.head, org.unit_a.id, "2026-Q2", OrgPredicate.POOR, now=clock.now
    )

    rows = await rows_of(session_factory, UnitPredicate)
    assert [(r.unit_id, r.period_key, r.predicate, r.set_by_id, r.set_at) for r in rows] == [
        (org.unit_a.id, Q1, "istimewa", org.head.id, clock.now),
        (org.unit_a.id, "2026-Q2", "kurang", org.head.id, clock.now),
    ]
    assert [
        (a.entity_id, a.before, a.after) for a in await audits(session_factory, "unit.predicate")
    ] == [
        (org.unit_a.id, None, {"period": Q1, "predicate": "baik"}),
        (org.unit_a.id, {"predicate": "baik"}, {"period": Q1, "predicate": "istimewa"}),
        (org.unit_a.id, None, {"period": "2026-Q2", "predicate": "kurang"}),
    ]
    assert await unit_predicate(session, org.unit_a.id, Q1) is OrgPredicate.OUTSTANDING
    assert await unit_predicate(session, org.unit_b.id, Q1) is None


async def test_a_leader_two_levels_up_may_set_it_too(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    seksi = await add_unit(session, org.agency, "Dinas Uji / Bidang A / Seksi Data", org.unit_a)
    await session.commit()

    await set_unit_predicate(session, org.boss, seksi.id, Q1, OrgPredicate.GOOD, now=clock.now)
    await set_unit_predicate(
        session, org.head, seksi.id, Q1, OrgPredicate.NEEDS_IMPROVEMENT, now=clock.now
    )

    [row] = await rows_of(session_factory, UnitPredicate)
    assert (row.unit_id, row.predicate, row.set_by_id) == (seksi.id, "butuh_perbaikan", org.head.id)


@pytest.mark.parametrize(
    ("who", "unit"),
    [
        ("boss", "unit_a"),  # their own unit
        ("boss", "top"),  # the unit above them
        ("boss", "unit_b"),  # a sibling unit
        ("other_boss", "unit_a"),
        ("staff", "unit_a"),
        ("head", "top"),  # nobody above the top unit here
    ],
)
async def test_nobody_sets_the_predicate_of_their_own_sibling_or_higher_unit(
    who: str, unit: str, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await set_unit_predicate(
            session,
            getattr(org, who),
            getattr(org, unit).id,
            Q1,
            OrgPredicate.GOOD,
            now=clock.now,
        )

    assert await snapshot_db(session_factory) == before


async def test_a_unit_whose_name_merely_starts_like_mine_is_not_below_me(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    lookalike = await add_unit(session, org.agency, "Dinas Uji / Bidang AB", org.top)
    await session.commit()

    with pytest.raises(NotAllowed):
        await set_unit_predicate(
            session, org.boss, lookalike.id, Q1, OrgPredicate.GOOD, now=clock.now
        )

    assert await rows_of(session_factory, UnitPredicate) == []


async def test_unit_of_another_agency_or_unknown_unit_or_bad_period(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    other = await make_agency(session, clock.now)
    # Same path as the head's own unit's child, in another agency.
    foreign = await add_unit(session, other, "Dinas Uji / Bidang A")
    await session.commit()

    with pytest.raises(NotFound):
        await set_unit_predicate(
            session, org.head, foreign.id, Q1, OrgPredicate.GOOD, now=clock.now
        )
    with pytest.raises(NotFound):
        await set_unit_predicate(session, org.head, 99999, Q1, OrgPredicate.GOOD, now=clock.now)
    with pytest.raises(Invalid):
        await set_unit_predicate(
            session, org.head, org.unit_a.id, "2026-Q9", OrgPredicate.GOOD, now=clock.now
        )

    assert await rows_of(session_factory, UnitPredicate) == []


async def test_lower_units_are_the_ones_strictly_below(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)

    assert [u.path for u in await lower_units(session, org.head)] == [
        "Dinas Uji / Bidang A",
        "Dinas Uji / Bidang B",
    ]
    assert await lower_units(session, org.boss) == []


async def test_a_member_of_the_higher_unit_who_leads_nobody_cannot_set_it(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    clerk = await make_employee(
        session, org.agency, org.top, 60, clock.now, name="Staf Sekretariat", supervisor=org.head
    )
    await session.commit()

    with pytest.raises(NotAllowed):
        await set_unit_predicate(
            session, clerk, org.unit_a.id, Q1, OrgPredicate.VERY_POOR, now=clock.now
        )

    assert await rows_of(session_factory, UnitPredicate) == []
