"""The SKP → evaluation chain without dead ends (issue #12 item 6): /skp_baru asks which of the
supervisor's RHK each RHK intervenes (and says who to ask when there is none yet), an approval
tells both sides what comes next, a top official who is the only admin approves their own plan,
a returned plan is fixed one RHK at a time, and an SKP spreadsheet without the caption is
recognised by its columns."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import update

from handlers.plans.keyboards import PlanAction, PlanCb
from models import Employee, Indicator, PlanItem, PlanStatus
from services.plans import decide_plan
from tests.conftest import FrozenClock
from tests.handlers.conftest import Send
from tests.handlers.helpers import snapshot
from tests.handlers.plan_chat_helpers import (
    ADMIN_TG,
    ASK_IKI,
    ASK_PARENT,
    ASK_RHK,
    ASK_TARGET,
    BOSS_TG,
    EDIT_ONE,
    HEAD_TG,
    SKP_HEADER,
    STAFF2_TG,
    STAFF_TG,
    STALE,
    SUBMIT,
    DocSession,
    Factory,
    cascade_plans,
    draft_plan,
    linked_org,
    plans_of,
    sent_messages,
    uploaded,
)
from tests.handlers.report_helpers import Dialog, alert, answers, labels, texts
from tests.handlers.supervision_helpers import rows
from tests.services.plan_helpers import PlanOrg, iki, rhk, xlsx

RHK_1 = "Tersusunnya laporan data bulanan"
RHK_2 = "Terlayaninya permintaan data"
BOSS_RHK = ["Terselenggaranya layanan data bidang", "Tersusunnya laporan kinerja bidang"]
KEEP = "Tetap ➡️"
NO_PARENT_YET = (
    "ℹ️ Atasan Anda, Kepala Bidang A, belum memiliki SKP 2026 yang disetujui, sehingga RHK Anda "
    "belum bisa dikaitkan dengan RHK beliau. Mintalah Kepala Bidang A mengajukan SKP-nya hingga "
    "disetujui. Sementara itu Anda dapat menulis dan menyimpan draf; setelah SKP beliau "
    "disetujui, buka /skp, ketuk ✏️ Ubah satu RHK untuk memilih RHK atasan yang diintervensi "
    "tiap RHK, lalu ajukan."
)


@pytest.fixture
def fake_session() -> DocSession:
    return DocSession()


@pytest.fixture
async def org(session_factory: Factory, clock: FrozenClock) -> PlanOrg:
    return await linked_org(session_factory, clock.now)


async def items_of(factory: Factory, plan_id: int) -> list[PlanItem]:
    return await rows(factory, PlanItem, PlanItem.plan_id == plan_id)


# --- /skp_baru: the supervisor's RHK --------------------------------------------------------


async def test_the_supervisors_rhk_are_offered_cut_to_fit(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    boss_items = await cascade_plans(session_factory, org, clock.now)
    long = "Terselenggaranya layanan data statistik sektoral yang terpadu dan mutakhir di bidang"
    async with session_factory() as session:
        await session.execute(
            update(PlanItem).where(PlanItem.id == boss_items[0]).values(text=long)
        )
        await session.commit()
    d = Dialog(send, fake_session, STAFF_TG)
    assert texts(await d.say("/skp_baru")) == [ASK_RHK]

    [ask] = sent_messages(await d.say(RHK_1))

    assert ask.text == ASK_PARENT
    first, second = labels(ask.reply_markup)
    assert first.endswith("…")
    assert len(first) <= 60
    assert long.startswith(first[:-1])
    assert second == BOSS_RHK[1]


async def test_a_forged_or_old_parent_button_is_refused(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    boss_items = await cascade_plans(session_factory, org, clock.now)
    d = Dialog(send, fake_session, STAFF_TG)
    await d.say("/skp_baru")
    await d.say(RHK_1)
    screen = d.screen(BOSS_RHK[0])
    flow = PlanCb.unpack(screen.data(BOSS_RHK[0])).flow
    forged = [
        PlanCb(action=PlanAction.PARENT, item=boss_items[0] + 100, flow=flow).pack(),
        PlanCb(action=PlanAction.PARENT, item=boss_items[0], flow="00000000").pack(),
        "pl:parent:0:abc:" + flow,
    ]
    for data in forged:
        assert STALE in [a.text for a in answers(await d.tap(data, screen.message))], data

    assert texts(await d.press(BOSS_RHK[0], screen)) == [ASK_IKI]
    assert await plans_of(session_factory, org.staff) == []


async def test_without_an_approved_supervisor_plan_it_says_who_to_ask_and_what_next(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = Dialog(send, fake_session, STAFF_TG)

    assert texts(await d.say("/skp_baru")) == [NO_PARENT_YET, ASK_RHK]
    assert texts(await d.say(RHK_1)) == [ASK_IKI]
    await d.say("Jumlah laporan data")
    await d.say("12 dokumen")
    await d.press("💾 Simpan draf")

    [plan] = await plans_of(session_factory, org.staff)
    [item] = await items_of(session_factory, plan.id)
    assert (plan.status, item.parent_item_id) == (PlanStatus.DRAFT, None)


async def test_skp_baru_on_a_submitted_plan_says_so_before_asking(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await draft_plan(session_factory, org.staff, [rhk(RHK_1)], clock.now, submit=True)
    before = await snapshot(session_factory)

    calls = await Dialog(send, fake_session, STAFF_TG).say("/skp_baru")

    assert texts(calls) == ["SKP Anda sudah diajukan atau disetujui; tidak bisa diganti."]
    assert await snapshot(session_factory) == before


async def test_text_typed_where_a_button_is_expected_says_what_to_tap(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await cascade_plans(session_factory, org, clock.now)
    d = Dialog(send, fake_session, STAFF_TG)
    await d.say("/skp_baru")
    await d.say(RHK_1)

    [again] = sent_messages(await d.say("yang pertama"))
    assert (again.text, labels(again.reply_markup)) == (
        "Silakan ketuk RHK atasan yang didukung oleh RHK ini.",
        BOSS_RHK,
    )
    await d.press(BOSS_RHK[0])
    await d.say("Jumlah laporan data")
    await d.say("12 dokumen")
    [hint] = sent_messages(await d.say("simpan"))
    assert (hint.text, labels(hint.reply_markup)) == (
        "Ketuk ➕ RHK lagi atau 💾 Simpan draf.",
        ["➕ RHK lagi", "💾 Simpan draf"],
    )
    assert await plans_of(session_factory, org.staff) == []
    await d.press("💾 Simpan draf")
    [plan] = await plans_of(session_factory, org.staff)
    assert plan.status is PlanStatus.DRAFT


# --- approving: a next step for both sides -------------------------------------------------


async def test_approval_tells_the_approver_what_happens_next(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    boss_items = await cascade_plans(session_factory, org, clock.now)
    for person in (org.staff, org.staff2):
        await draft_plan(
            session_factory, person, [rhk(RHK_1, boss_items[0])], clock.now, submit=True
        )
    boss = Dialog(send, fake_session, BOSS_TG)
    await boss.say("/skp")
    await boss.press("🗂 SKP tim menunggu persetujuan (2)")

    calls = await boss.press("✅ Setujui")

    [told] = texts(calls)
    first, waiting = told.split("\n")
    name = next(n for n in ("Siti Aminah", "Budi Santoso") if n in first)
    assert first == (
        f"✅ SKP 2026 milik {name} disetujui. Yang bersangkutan sudah diberi tahu dan kini "
        "dapat melaporkan pekerjaannya untuk RHK tersebut dengan /lapor."
    )
    assert waiting == "Masih ada 1 SKP menunggu persetujuan Anda: /skp → 🗂 SKP tim."


# --- the top official who is the only admin -------------------------------------------------


async def _head_is_the_only_admin(factory: Factory, org: PlanOrg) -> None:
    async with factory() as session:
        await session.execute(
            update(Employee).where(Employee.id == org.admin.id).values(is_admin=False)
        )
        await session.execute(
            update(Employee).where(Employee.id == org.head.id).values(is_admin=True)
        )
        await session.commit()


async def test_the_only_admin_at_the_top_approves_their_own_plan(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _head_is_the_only_admin(session_factory, org)
    await draft_plan(session_factory, org.head, [rhk("Meningkatnya pelayanan publik")], clock.now)
    head = Dialog(send, fake_session, HEAD_TG)
    await head.say("/skp")

    submitted = await head.press(SUBMIT)
    assert texts(submitted) == [
        "📤 Diajukan. Anda satu-satunya admin, jadi setujui sendiri: /skp → 🗂 SKP tim."
    ]
    await head.say("/skp")
    [card] = sent_messages(await head.press("🗂 SKP tim menunggu persetujuan (1)"))
    assert card.text.splitlines()[:2] == [
        "📋 <b>Kepala Dinas</b> · SKP 2026",
        "SKP Anda sendiri: Anda satu-satunya admin, jadi Anda menyetujuinya sendiri.",
    ]
    approved = await head.press("✅ Setujui")

    assert texts(approved) == [
        "✅ SKP 2026 Anda disetujui.\nBawahannya kini dapat mengaitkan RHK mereka dengan SKP ini."
    ]
    [plan] = await plans_of(session_factory, org.head)
    assert plan.status is PlanStatus.APPROVED


async def test_a_top_official_with_another_admin_cannot_approve_their_own_plan(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    async with session_factory() as session:
        await session.execute(
            update(Employee).where(Employee.id == org.head.id).values(is_admin=True)
        )
        await session.commit()
    plan = await draft_plan(
        session_factory, org.head, [rhk("Meningkatnya pelayanan")], clock.now, submit=True
    )
    before = await snapshot(session_factory)

    calls = await Dialog(send, fake_session, HEAD_TG).tap(
        PlanCb(action=PlanAction.APPROVE, plan=plan.id).pack()
    )

    assert alert(calls) == STALE
    assert await snapshot(session_factory) == before


# --- a returned plan, fixed one RHK at a time -----------------------------------------------


async def _returned(factory: Factory, org: PlanOrg, clock: FrozenClock) -> tuple[int, list[int]]:
    boss_items = await cascade_plans(factory, org, clock.now)
    plan = await draft_plan(
        factory,
        org.staff,
        [rhk(RHK_1, None, iki("Jumlah laporan", "12", "laporan")), rhk(RHK_2, boss_items[1])],
        clock.now,
        submit=True,
    )
    async with factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        await decide_plan(session, boss, plan.id, False, "Kaitkan RHK 1", now=clock.now)
    return plan.id, boss_items


async def test_a_returned_plan_is_fixed_one_rhk_and_submitted_again(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan_id, boss_items = await _returned(session_factory, org, clock)
    before = await items_of(session_factory, plan_id)
    d = Dialog(send, fake_session, STAFF_TG)
    await d.say("/skp")

    [pick] = sent_messages(await d.press(EDIT_ONE))
    assert labels(pick.reply_markup) == [f"⚠️ 1. {RHK_1}", f"2. {RHK_2}"]
    [ask] = sent_messages(await d.press(f"⚠️ 1. {RHK_1}"))
    assert (ask.text, labels(ask.reply_markup)) == (
        ASK_RHK + f"\nSaat ini: {RHK_1}",
        [KEEP],
    )
    keep_text = d.screen(KEEP)
    [parent] = sent_messages(await d.press(KEEP, keep_text))
    assert (parent.text, labels(parent.reply_markup)) == (ASK_PARENT, BOSS_RHK)
    assert alert(await d.press(KEEP, keep_text)) == STALE  # a double tap skips nothing
    assert texts(await d.press(BOSS_RHK[0])) == [ASK_IKI + "\nSaat ini: Jumlah laporan"]
    assert texts(await d.press(KEEP)) == [ASK_TARGET + "\nSaat ini: 12 laporan"]
    [done] = sent_messages(await d.say("15 laporan"))
    assert done.text == (
        "✅ RHK diperbarui. Perbaiki RHK lain, atau ajukan kembali SKP bila sudah benar."
    )
    assert labels(done.reply_markup) == [SUBMIT, EDIT_ONE]

    after = await items_of(session_factory, plan_id)
    assert [(i.id, i.text, i.parent_item_id) for i in after] == [
        (before[0].id, RHK_1, boss_items[0]),
        (before[1].id, RHK_2, boss_items[1]),
    ]
    [first] = await rows(session_factory, Indicator, Indicator.item_id == before[0].id)
    assert (first.text, first.target_value, first.target_unit) == (
        "Jumlah laporan",
        Decimal("15"),
        "laporan",
    )
    await d.press(SUBMIT, d.screen(SUBMIT))
    [plan] = await plans_of(session_factory, org.staff)
    assert plan.status is PlanStatus.SUBMITTED


async def test_skp_warns_about_rhk_not_linked_once_the_supervisor_is_approved(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _returned(session_factory, org, clock)

    [shown] = texts(await Dialog(send, fake_session, STAFF_TG).say("/skp"))

    assert shown.splitlines()[3] == (
        "⚠️ 1 RHK belum mengintervensi RHK atasan yang sudah disetujui; SKP ini belum bisa "
        "disetujui. Ketuk ✏️ Ubah satu RHK untuk mengaitkannya."
    )


async def test_fixing_an_rhk_with_a_bad_target_asks_again_and_changes_nothing(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan_id, _ = await _returned(session_factory, org, clock)
    d = Dialog(send, fake_session, STAFF_TG)
    await d.tap(PlanCb(action=PlanAction.EDIT, plan=plan_id).pack())
    await d.press(f"⚠️ 1. {RHK_1}")
    await d.say("x" * 501)  # too long: asked again
    await d.press(KEEP)
    await d.press(BOSS_RHK[0])
    await d.press(KEEP)
    before = await snapshot(session_factory)

    assert texts(await d.say("banyak")) == [
        "Tulis target sebagai angka dan satuan, misalnya 12 dokumen."
    ]
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("who", [STAFF_TG, STAFF2_TG])
async def test_edit_buttons_of_a_submitted_or_foreign_plan_are_refused(
    who: int,
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    plan = await draft_plan(session_factory, org.staff, [rhk(RHK_1)], clock.now, submit=True)
    [item] = await items_of(session_factory, plan.id)
    d = Dialog(send, fake_session, who)
    before = await snapshot(session_factory)

    for data in (
        PlanCb(action=PlanAction.EDIT, plan=plan.id).pack(),
        PlanCb(action=PlanAction.PICK, plan=plan.id, item=item.id).pack(),
        PlanCb(action=PlanAction.KEEP, flow="00000000").pack(),
    ):
        calls = await d.tap(data)
        assert alert(calls) == STALE, data
        assert texts(calls) == [], data
    assert await snapshot(session_factory) == before


# --- an SKP spreadsheet without the caption -------------------------------------------------


async def test_an_skp_xlsx_without_caption_is_recognised_by_its_columns(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await cascade_plans(session_factory, org, clock.now)
    content = xlsx(SKP_HEADER, [["utama", 1, RHK_1, "kuantitas", "Jumlah laporan", 12, "laporan"]])

    calls = await send(uploaded(fake_session, STAFF_TG, "rencana 2026.xlsx", content, caption=None))

    assert texts(calls) == ["✅ Draf SKP tersimpan dengan 1 RHK. Periksa dengan /skp, lalu ajukan."]
    [plan] = await plans_of(session_factory, org.staff)
    assert plan.status is PlanStatus.DRAFT


async def test_another_xlsx_without_caption_is_not_taken_for_an_skp(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    content = xlsx(["nip", "nama"], [["199001012020011001", "Siti"]])
    before = await snapshot(session_factory)

    calls = await send(uploaded(fake_session, STAFF_TG, "data.xlsx", content, caption=None))

    [reply] = texts(calls)
    assert "SKP" not in reply
    assert await snapshot(session_factory) == before


async def test_an_admins_skp_xlsx_without_caption_is_an_skp_not_a_staff_file(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    content = xlsx(
        SKP_HEADER, [["utama", None, RHK_1, "kuantitas", "Jumlah laporan", 4, "laporan"]]
    )
    staff_before = await rows(session_factory, Employee)

    calls = await send(uploaded(fake_session, ADMIN_TG, "skp.xlsx", content, caption=None))

    assert texts(calls) == ["✅ Draf SKP tersimpan dengan 1 RHK. Periksa dengan /skp, lalu ajukan."]
    [plan] = await plans_of(session_factory, org.admin)
    assert plan.status is PlanStatus.DRAFT
    assert len(await rows(session_factory, Employee)) == len(staff_before)
