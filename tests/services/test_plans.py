"""SKP cascading: every RHK must intervene an RHK of the supervisor's approved plan, and only
the assessor (or the acting official) decides."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Indicator, Plan, PlanItem, PlanStatus
from services.errors import Invalid, NotAllowed
from services.plans import (
    ItemInput,
    NotCascaded,
    decide_plan,
    plans_to_decide,
    save_draft,
    submit_plan,
)
from tests.conftest import FrozenClock
from tests.services.plan_helpers import (
    approve_top_plan,
    audits,
    iki,
    make_acting,
    make_cascade,
    make_plan_org,
    outbox,
    rhk,
    rows_of,
    snapshot_db,
    stored,
)

Factory = async_sessionmaker[AsyncSession]


async def test_head_of_the_hierarchy_is_approved_by_an_agency_admin(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    # Nobody assesses the head inside the agency: the admins record the approval.
    org = await make_plan_org(session, clock.now)
    plan = await save_draft(
        session, org.head, 2026, [rhk("Meningkatnya kualitas pelayanan")], now=clock.now
    )
    await submit_plan(session, org.head, plan.id, now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await decide_plan(session, org.boss, plan.id, True, None, now=clock.now)
    assert await snapshot_db(session_factory) == before

    await decide_plan(session, org.admin, plan.id, True, None, now=clock.now)
    assert (await stored(session_factory, Plan, plan.id)).status is PlanStatus.APPROVED


async def test_supervisor_plan_intervening_the_heads_approved_plan_is_approved_by_the_head(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    head_plan = await approve_top_plan(
        session, org.head, [rhk("Meningkatnya kualitas pelayanan")], clock.now
    )
    parent = head_plan.items[0].id
    plan = await save_draft(
        session, org.boss, 2026, [rhk("Terselenggaranya layanan data", parent)], now=clock.now
    )
    clock.advance(hours=1)
    await submit_plan(session, org.boss, plan.id, now=clock.now)

    submitted = await stored(session_factory, Plan, plan.id)
    assert (submitted.status, submitted.submitted_at, submitted.assessor_id) == (
        PlanStatus.SUBMITTED,
        clock.now,
        org.head.id,
    )
    [note] = await outbox(session_factory, "plan.submitted")
    assert (note.recipient_id, note.payload) == (org.head.id, {"plan_id": plan.id})

    clock.advance(hours=1)
    await decide_plan(session, org.head, plan.id, True, None, now=clock.now)

    approved = await stored(session_factory, Plan, plan.id)
    assert (approved.status, approved.decided_at, approved.return_note) == (
        PlanStatus.APPROVED,
        clock.now,
        None,
    )
    [row] = await audits(session_factory, "plan.approve")
    assert (row.actor_id, row.entity, row.entity_id) == (org.head.id, "plan", plan.id)
    [decided] = await outbox(session_factory, "plan.decided")
    assert (decided.recipient_id, decided.payload) == (org.boss.id, {"plan_id": plan.id})


async def test_staff_rhks_that_intervene_nothing_valid_block_approval_and_are_listed(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    other_plan = await save_draft(
        session,
        org.other_boss,
        2026,
        [rhk("Layanan bidang B", cascade.head_items[0].id)],
        now=clock.now,
    )
    await submit_plan(session, org.other_boss, other_plan.id, now=clock.now)
    await decide_plan(session, org.head, other_plan.id, True, None, now=clock.now)
    plan = await save_draft(
        session,
        org.staff,
        2026,
        [
            rhk("Data layanan terkirim", cascade.boss_items[0].id),  # valid
            rhk("Tanpa RHK atasan", None),
            rhk("Menginterveni RHK kepala dinas", cascade.head_items[0].id),
            rhk("Menginterveni RHK bidang lain", other_plan.items[0].id),
        ],
        now=clock.now,
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotCascaded) as caught:
        await decide_plan(session, org.boss, plan.id, True, None, now=clock.now)
    listed = [i.text for i in caught.value.items]

    assert listed == [
        "Tanpa RHK atasan",
        "Menginterveni RHK kepala dinas",
        "Menginterveni RHK bidang lain",
    ]
    assert await snapshot_db(session_factory) == before
    assert (await stored(session_factory, Plan, plan.id)).status is PlanStatus.SUBMITTED


async def test_returned_plan_fixed_by_the_staff_is_then_approved(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await save_draft(
        session, org.staff, 2026, [rhk("Data layanan terkirim", None)], now=clock.now
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    with pytest.raises(NotCascaded):
        await decide_plan(session, org.boss, plan.id, True, None, now=clock.now)

    await decide_plan(session, org.boss, plan.id, False, "  Pilih   RHK atasan ", now=clock.now)
    returned = await stored(session_factory, Plan, plan.id)
    assert (returned.status, returned.return_note) == (PlanStatus.RETURNED, "Pilih RHK atasan")

    parent = cascade.boss_items[1].id
    await save_draft(
        session, org.staff, 2026, [rhk("Data layanan terkirim", parent)], now=clock.now
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    await decide_plan(session, org.boss, plan.id, True, None, now=clock.now)

    approved = await stored(session_factory, Plan, plan.id)
    assert (approved.status, approved.return_note) == (PlanStatus.APPROVED, None)
    staff_items = [i for i in await rows_of(session_factory, PlanItem) if i.plan_id == plan.id]
    assert [(i.text, i.parent_item_id) for i in staff_items] == [("Data layanan terkirim", parent)]


async def test_staff_plan_under_a_supervisor_plan_not_yet_approved_waits_for_that_approval(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    head_plan = await approve_top_plan(
        session, org.head, [rhk("Meningkatnya kualitas pelayanan")], clock.now
    )
    boss_plan = await save_draft(
        session,
        org.boss,
        2026,
        [rhk("Terselenggaranya layanan data", head_plan.items[0].id)],
        now=clock.now,
    )
    await submit_plan(session, org.boss, boss_plan.id, now=clock.now)
    plan = await save_draft(
        session, org.staff, 2026, [rhk("Data terkirim", boss_plan.items[0].id)], now=clock.now
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)

    with pytest.raises(NotCascaded) as caught:
        await decide_plan(session, org.boss, plan.id, True, None, now=clock.now)
    assert [i.id for i in caught.value.items] == [plan.items[0].id]

    await decide_plan(session, org.head, boss_plan.id, True, None, now=clock.now)
    await decide_plan(session, org.boss, plan.id, True, None, now=clock.now)
    assert (await stored(session_factory, Plan, plan.id)).status is PlanStatus.APPROVED


@pytest.mark.parametrize("who", ["staff", "other_boss", "head", "staff2"])
async def test_only_the_assessor_decides(
    who: str, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await save_draft(
        session, org.staff, 2026, [rhk("Data terkirim", cascade.boss_items[0].id)], now=clock.now
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    before = await snapshot_db(session_factory)

    for approve, note in ((True, None), (False, "Perbaiki target")):
        with pytest.raises(NotAllowed):
            await decide_plan(session, getattr(org, who), plan.id, approve, note, now=clock.now)

    assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        (date(2026, 3, 2), date(2026, 3, 6), True),
        (date(2026, 2, 23), date(2026, 2, 27), False),
    ],
)
async def test_acting_official_decides_only_within_the_assignment_dates(
    start: date,
    end: date,
    allowed: bool,
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    await make_acting(session, org.plt, org.boss, start, end, clock.now)
    plan = await save_draft(
        session, org.staff, 2026, [rhk("Data terkirim", cascade.boss_items[0].id)], now=clock.now
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)

    if allowed:
        await decide_plan(session, org.plt, plan.id, True, None, now=clock.now)
        assert (await stored(session_factory, Plan, plan.id)).status is PlanStatus.APPROVED
        [row] = [a for a in await audits(session_factory, "plan.approve") if a.entity_id == plan.id]
        assert row.actor_id == org.plt.id
    else:
        with pytest.raises(NotAllowed):
            await decide_plan(session, org.plt, plan.id, True, None, now=clock.now)
        assert (await stored(session_factory, Plan, plan.id)).status is PlanStatus.SUBMITTED


@pytest.mark.parametrize("note", [None, "", "   \n "])
async def test_returning_a_plan_requires_a_note(
    note: str | None, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    plan = await save_draft(session, org.staff, 2026, [rhk("Data terkirim")], now=clock.now)
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as caught:
        await decide_plan(session, org.boss, plan.id, False, note, now=clock.now)

    assert caught.value.code == "reason_required"
    assert await snapshot_db(session_factory) == before


async def test_return_is_audited_with_the_note_and_tells_the_employee(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    plan = await save_draft(session, org.staff, 2026, [rhk("Data terkirim")], now=clock.now)
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    clock.advance(minutes=5)

    await decide_plan(session, org.boss, plan.id, False, "Target terlalu rendah", now=clock.now)

    [row] = await audits(session_factory, "plan.return")
    assert (row.actor_id, row.entity_id, row.reason) == (
        org.boss.id,
        plan.id,
        "Target terlalu rendah",
    )
    [note] = await outbox(session_factory, "plan.decided")
    assert note.recipient_id == org.staff.id
    assert (await stored(session_factory, Plan, plan.id)).decided_at == clock.now


async def test_submit_only_from_draft_or_returned(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await save_draft(
        session, org.staff, 2026, [rhk("Data terkirim", cascade.boss_items[0].id)], now=clock.now
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)

    with pytest.raises(NotAllowed):
        await submit_plan(session, org.staff, plan.id, now=clock.now)

    await decide_plan(session, org.boss, plan.id, False, "Lengkapi IKI", now=clock.now)
    await submit_plan(session, org.staff, plan.id, now=clock.now)  # returned: allowed again
    await decide_plan(session, org.boss, plan.id, True, None, now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await submit_plan(session, org.staff, plan.id, now=clock.now)
    assert await snapshot_db(session_factory) == before
    assert len(await outbox(session_factory, "plan.submitted")) == 2


async def test_a_plan_without_rhk_cannot_be_submitted(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    plan = await save_draft(session, org.staff, 2026, [], now=clock.now)

    with pytest.raises(Invalid) as caught:
        await submit_plan(session, org.staff, plan.id, now=clock.now)

    assert caught.value.code == "plan_no_item"
    assert (await stored(session_factory, Plan, plan.id)).status is PlanStatus.DRAFT


@pytest.mark.parametrize("decided", [False, True])
async def test_save_draft_refuses_while_submitted_or_approved(
    decided: bool, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    cascade = await make_cascade(session, org, clock.now)
    plan = await save_draft(
        session, org.staff, 2026, [rhk("Data terkirim", cascade.boss_items[0].id)], now=clock.now
    )
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    if decided:
        await decide_plan(session, org.boss, plan.id, True, None, now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await save_draft(session, org.staff, 2026, [rhk("Diganti")], now=clock.now)

    assert await snapshot_db(session_factory) == before


async def test_deciding_a_draft_is_not_allowed(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    plan = await save_draft(session, org.staff, 2026, [rhk("Data terkirim")], now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed, match="not submitted"):
        await decide_plan(session, org.boss, plan.id, False, "Perbaiki", now=clock.now)

    assert await snapshot_db(session_factory) == before


async def test_save_draft_replaces_the_items_of_the_draft(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    first = await save_draft(
        session,
        org.staff,
        2026,
        [rhk("Lama satu", None, iki(), iki("Ketepatan", "100", "%")), rhk("Lama dua")],
        now=clock.now,
    )
    second = await save_draft(
        session,
        org.staff,
        2026,
        [rhk("  Baru\n  satu ", None, iki("  Jumlah   surat ", "24", " surat  masuk "))],
        now=clock.now,
    )

    assert second.id == first.id
    assert [(p.id, p.assessor_id) for p in await rows_of(session_factory, Plan)] == [
        (first.id, org.boss.id)
    ]
    items = await rows_of(session_factory, PlanItem)
    assert [(i.text, i.position) for i in items] == [("Baru satu", 0)]
    indicators = await rows_of(session_factory, Indicator)
    assert [(i.item_id, i.text, i.target_value, i.target_unit) for i in indicators] == [
        (items[0].id, "Jumlah surat", Decimal("24"), "surat masuk")
    ]
    assert [a.after for a in await audits(session_factory, "plan.save")] == [
        {"year": 2026, "items": 2},
        {"year": 2026, "items": 1},
    ]


@pytest.mark.parametrize(
    ("item", "code"),
    [
        (rhk("   "), "plan_text_empty"),
        (ItemInput(text="Tanpa IKI"), "plan_no_indicator"),
        (rhk("Target nol", None, iki(target="0")), "plan_target"),
        (rhk("Target negatif", None, iki(target="-3")), "plan_target"),
        (rhk("Tanpa satuan", None, iki(unit="  ")), "plan_target"),
    ],
)
async def test_invalid_rhk_is_refused_and_nothing_is_stored(
    item: ItemInput, code: str, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(Invalid) as caught:
        await save_draft(session, org.staff, 2026, [rhk("Sah"), item], now=clock.now)

    assert caught.value.code == code
    assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 7, 1), date(2026, 6, 30)), (date(2025, 12, 1), date(2026, 6, 30))],
)
async def test_plan_dates_must_lie_in_the_year_in_order(
    start: date, end: date, session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)

    with pytest.raises(Invalid) as caught:
        await save_draft(
            session, org.staff, 2026, [rhk("Sah")], now=clock.now, start=start, end=end
        )

    assert caught.value.code == "plan_dates"
    assert await rows_of(session_factory, Plan) == []


async def test_plans_to_decide_lists_submitted_plans_of_direct_subordinates(
    session: AsyncSession, clock: FrozenClock
) -> None:
    org = await make_plan_org(session, clock.now)
    first = await save_draft(session, org.staff2, 2026, [rhk("Data terkirim")], now=clock.now)
    second = await save_draft(session, org.staff, 2026, [rhk("Surat terkirim")], now=clock.now)
    await submit_plan(session, org.staff2, first.id, now=clock.now)
    clock.advance(minutes=1)
    await submit_plan(session, org.staff, second.id, now=clock.now)
    other = await save_draft(session, org.other_staff, 2026, [rhk("Lain")], now=clock.now)
    await submit_plan(session, org.other_staff, other.id, now=clock.now)

    assert [p.id for p in await plans_to_decide(session, org.boss)] == [first.id, second.id]
    assert [p.id for p in await plans_to_decide(session, org.head)] == []

    await decide_plan(session, org.boss, first.id, False, "Perbaiki", now=clock.now)

    assert [p.id for p in await plans_to_decide(session, org.boss)] == [second.id]
