"""SKP from a real XLSX: rows grouped into RHKs, action plans, the supervisor's RHK by number
or text, and all-or-nothing rejection with every bad row named."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActionPlan, Aspect, Indicator, Plan, PlanItem, PlanStatus, ResultKind
from services.errors import NotAllowed
from services.plan_import import import_plan, is_plan_sheet
from services.plans import submit_plan
from services.staff_import import ImportRejected
from tests.conftest import FrozenClock
from tests.services.plan_helpers import (
    PlanOrg,
    make_cascade,
    make_plan_org,
    rows_of,
    snapshot_db,
    xlsx,
)

Factory = async_sessionmaker[AsyncSession]
HEADER = [
    "Jenis",
    "RHK Atasan",
    "RHK",
    "Aspek",
    "IKI",
    "Target",
    "Satuan",
    "Rencana Aksi 1",
    "Rencana Aksi 2",
    "Rencana Aksi 12",
]
# The boss's approved RHKs (plan_helpers.make_cascade), numbered as the import numbers them.
BOSS_1 = "Terselenggaranya layanan data bidang"
BOSS_2 = "Tersusunnya laporan kinerja bidang"


def row(
    rhk: str = "Laporan bulanan tersusun",
    *,
    jenis: Any = "utama",
    atasan: Any = 2,
    aspek: Any = "kuantitas",
    iki: Any = "Jumlah laporan",
    target: Any = 12,
    satuan: Any = "laporan",
    actions: tuple[Any, Any, Any] = (None, None, None),
) -> list[Any]:
    return [jenis, atasan, rhk, aspek, iki, target, satuan, *actions]


async def _setup(session: AsyncSession, clock: FrozenClock) -> PlanOrg:
    org = await make_plan_org(session, clock.now)
    await make_cascade(session, org, clock.now)
    return org


async def test_rows_become_rhks_with_indicators_actions_and_parents(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _setup(session, clock)
    boss_items = {
        i.text: i.id for i in await rows_of(session_factory, PlanItem) if i.text in (BOSS_1, BOSS_2)
    }
    data = xlsx(
        HEADER,
        [
            row(actions=("Menyusun laporan Januari", "Menyusun laporan Februari", None)),
            row(
                aspek="Kualitas",
                iki="Laporan tanpa revisi",
                target="100",
                satuan="%",
                actions=(None, None, "Menyusun laporan tahunan"),
            ),
            [None] * len(HEADER),  # blank rows are skipped
            row(
                "Layanan data terselenggara",
                jenis="Tambahan",
                atasan=f"  {BOSS_1.upper()} ",
                aspek="waktu",
                iki="Data terkirim tepat waktu",
                target="12,5",
                satuan="bulan",
            ),
        ],
    )

    plan = await import_plan(session, org.staff, 2026, data, now=clock.now)

    [stored_plan] = [
        p for p in await rows_of(session_factory, Plan) if p.employee_id == org.staff.id
    ]
    assert (stored_plan.id, stored_plan.status, stored_plan.assessor_id) == (
        plan.id,
        PlanStatus.DRAFT,
        org.boss.id,
    )
    items = [i for i in await rows_of(session_factory, PlanItem) if i.plan_id == plan.id]
    assert [(i.position, i.kind, i.text, i.parent_item_id) for i in items] == [
        (0, ResultKind.MAIN, "Laporan bulanan tersusun", boss_items[BOSS_2]),
        (1, ResultKind.ADDITIONAL, "Layanan data terselenggara", boss_items[BOSS_1]),
    ]
    indicators = [
        i
        for i in await rows_of(session_factory, Indicator)
        if i.item_id in {items[0].id, items[1].id}
    ]
    assert [(i.item_id, i.aspect, i.text, i.target_value, i.target_unit) for i in indicators] == [
        (items[0].id, Aspect.QUANTITY, "Jumlah laporan", Decimal("12"), "laporan"),
        (items[0].id, Aspect.QUALITY, "Laporan tanpa revisi", Decimal("100"), "%"),
        (items[1].id, Aspect.TIME, "Data terkirim tepat waktu", Decimal("12.5"), "bulan"),
    ]
    actions = [a for a in await rows_of(session_factory, ActionPlan) if a.item_id == items[0].id]
    assert [(a.period, a.text) for a in actions] == [
        (1, "Menyusun laporan Januari"),
        (2, "Menyusun laporan Februari"),
        (12, "Menyusun laporan tahunan"),
    ]
    assert [a for a in await rows_of(session_factory, ActionPlan) if a.item_id == items[1].id] == []


async def test_every_bad_row_is_listed_and_nothing_is_stored(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _setup(session, clock)
    data = xlsx(
        HEADER,
        [
            row(),  # row 2 is fine
            row(iki=None),  # 3
            row(jenis="pokok"),  # 4
            row(aspek="kecepatan"),  # 5
            row(target=0),  # 6
            row(target="abc"),  # 7
            row(atasan=9),  # 8: the boss has two RHKs
            row(atasan="RHK yang tidak ada"),  # 9
            row(jenis="", satuan=None, target=-1),  # 10: three problems in one row
        ],
    )
    before = await snapshot_db(session_factory)

    with pytest.raises(ImportRejected) as caught:
        await import_plan(session, org.staff, 2026, data, now=clock.now)

    assert [(i.row, i.column, i.code) for i in caught.value.issues] == [
        (3, "iki", "required"),
        (4, "jenis", "plan_kind"),
        (5, "aspek", "plan_aspect"),
        (6, "target", "plan_target"),
        (7, "target", "plan_target"),
        (8, "rhk_atasan", "plan_parent"),
        (9, "rhk_atasan", "plan_parent"),
        (10, "jenis", "required"),
        (10, "satuan", "required"),
        (10, "target", "plan_target"),
    ]
    assert await snapshot_db(session_factory) == before


async def test_missing_column_rejects_the_whole_file(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _setup(session, clock)
    header = [h for h in HEADER if h not in ("IKI", "Satuan")]
    data = xlsx(header, [["utama", 1, "Laporan", "kuantitas", 12, "Rencana", None, None]])
    before = await snapshot_db(session_factory)

    with pytest.raises(ImportRejected) as caught:
        await import_plan(session, org.staff, 2026, data, now=clock.now)

    assert [(i.row, i.column, i.code, i.detail) for i in caught.value.issues] == [
        (1, "header", "columns", "iki, satuan")
    ]
    assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize(
    ("data", "issue"),
    [
        (b"not a spreadsheet", (0, "file", "unreadable")),
        (xlsx(HEADER, []), (2, "rhk", "required")),
        (xlsx(HEADER, [[None] * len(HEADER), [" "] * len(HEADER)]), (2, "rhk", "required")),
    ],
    ids=["unreadable", "header-only", "blank-rows"],
)
async def test_unreadable_or_empty_file_is_rejected(
    data: bytes,
    issue: tuple[int, str, str],
    session: AsyncSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    org = await _setup(session, clock)
    before = await snapshot_db(session_factory)

    with pytest.raises(ImportRejected) as caught:
        await import_plan(session, org.staff, 2026, data, now=clock.now)

    assert [(i.row, i.column, i.code) for i in caught.value.issues] == [issue]
    assert await snapshot_db(session_factory) == before


async def test_parent_by_number_needs_an_approved_supervisor_plan(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    # Without the cascade the boss has no approved plan, so "1" names nothing.
    org = await make_plan_org(session, clock.now)

    with pytest.raises(ImportRejected) as caught:
        await import_plan(session, org.staff, 2026, xlsx(HEADER, [row(atasan=1)]), now=clock.now)

    assert [(i.row, i.column, i.code) for i in caught.value.issues] == [
        (2, "rhk_atasan", "plan_parent")
    ]
    assert await rows_of(session_factory, Plan) == []


async def test_reimport_replaces_the_draft(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _setup(session, clock)
    first = await import_plan(
        session,
        org.staff,
        2026,
        xlsx(HEADER, [row("RHK lama", actions=("Aksi lama", None, None)), row("RHK lama dua")]),
        now=clock.now,
    )
    old_items = {i.id for i in first.items}

    second = await import_plan(
        session, org.staff, 2026, xlsx(HEADER, [row("RHK baru", atasan=1)]), now=clock.now
    )

    assert second.id == first.id
    staff_plans = [p for p in await rows_of(session_factory, Plan) if p.employee_id == org.staff.id]
    assert [p.id for p in staff_plans] == [first.id]
    items = [i for i in await rows_of(session_factory, PlanItem) if i.plan_id == first.id]
    assert [i.text for i in items] == ["RHK baru"]
    remaining = {a.item_id for a in await rows_of(session_factory, ActionPlan)}
    assert remaining.isdisjoint(old_items)
    assert {i.item_id for i in await rows_of(session_factory, Indicator)}.isdisjoint(old_items)


async def test_reimport_of_a_submitted_plan_is_refused(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await _setup(session, clock)
    plan = await import_plan(session, org.staff, 2026, xlsx(HEADER, [row()]), now=clock.now)
    await submit_plan(session, org.staff, plan.id, now=clock.now)
    before = await snapshot_db(session_factory)

    with pytest.raises(NotAllowed):
        await import_plan(session, org.staff, 2026, xlsx(HEADER, [row("Lain")]), now=clock.now)

    assert await snapshot_db(session_factory) == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (xlsx(["Jenis", "RHK Atasan", "RHK", "Aspek", "IKI", "Target", "Satuan"], []), True),
        (xlsx(["jenis", "rhk", "aspek", "iki", "target", "satuan", "rencana_aksi_1"], []), True),
        (xlsx(["nip", "nama", "jabatan", "unit", "nip_atasan"], []), False),
        (xlsx(["jenis", "rhk", "iki"], []), False),
        (b"not a workbook", False),
    ],
)
def test_an_skp_sheet_is_recognised_by_its_header_row(data: bytes, expected: bool) -> None:
    assert is_plan_sheet(data) is expected
