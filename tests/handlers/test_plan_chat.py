"""/skp in the chat: how to start, the XLSX import (caption SKP), progress per IKI, submit,
the supervisor's team list with approve/return, the /skp_baru guided entry, documents, and
the report flow's target (RHK) step."""

from __future__ import annotations

import html
import io
from datetime import date
from decimal import Decimal

import pytest
from aiogram import Bot
from aiogram.methods import EditMessageText, SendMessage
from aiogram.utils.i18n import I18n
from openpyxl import load_workbook

from handlers.plans.keyboards import PlanAction, PlanCb
from handlers.report.keyboards import ReportCb
from models import ActionPlan, Activity, ActivityStatus, Indicator, Plan, PlanItem, PlanStatus
from tests.conftest import FrozenClock
from tests.handlers.conftest import Send
from tests.handlers.helpers import snapshot
from tests.handlers.plan_chat_helpers import (
    APPROVED_NOTICE,
    ASK_IKI,
    ASK_PARENT,
    ASK_REPORT_TARGET,
    ASK_RHK,
    ASK_TARGET,
    BAD_TARGET,
    BOSS_TG,
    EDIT_ONE,
    HOW_TO_START,
    OTHER_BOSS_TG,
    OTHER_TASK,
    SKP_HEADER,
    STAFF2_TG,
    STAFF_TG,
    STALE,
    SUBMIT,
    DocSession,
    Factory,
    approved_activity,
    cascade_plans,
    deliver,
    draft_plan,
    linked_org,
    outbox_rows,
    pdf_text,
    plans_of,
    sent_messages,
    uploaded,
    uploads,
)
from tests.handlers.report_helpers import (
    ASK_DESCRIPTION,
    Dialog,
    activities,
    alert,
    answers,
    labels,
    texts,
)
from tests.handlers.supervision_helpers import keyboard_removed, rows
from tests.services.plan_helpers import PlanOrg, iki, rhk, xlsx

MONDAY = date(2026, 3, 2)  # the `clock` fixture's day
BOSS_RHK = ["Terselenggaranya layanan data bidang", "Tersusunnya laporan kinerja bidang"]
RHK_1 = "Tersusunnya laporan data bulanan"
RHK_2 = "Terlayaninya permintaan data"


@pytest.fixture
def fake_session() -> DocSession:
    return DocSession()


@pytest.fixture
async def org(session_factory: Factory, clock: FrozenClock) -> PlanOrg:
    return await linked_org(session_factory, clock.now)


def staff_dialog(send: Send, fake_session: DocSession, user_id: int = STAFF_TG) -> Dialog:
    return Dialog(send, fake_session, user_id)


async def items_of(factory: Factory, plan_id: int) -> list[PlanItem]:
    return await rows(factory, PlanItem, PlanItem.plan_id == plan_id)


# --- /skp without a plan, and the XLSX import ------------------------------------------------


async def test_skp_without_a_plan_explains_how_to_start(
    send: Send, org: PlanOrg, fake_session: DocSession
) -> None:
    calls = await staff_dialog(send, fake_session).say("/skp")

    [reply] = calls
    assert isinstance(reply, SendMessage)
    assert reply.text == HOW_TO_START
    assert reply.reply_markup is None


async def test_xlsx_with_caption_skp_imports_a_draft(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    boss_items = await cascade_plans(session_factory, org, clock.now)
    content = xlsx(
        [*SKP_HEADER, "rencana_aksi_1"],
        [
            ["utama", 1, RHK_1, "kuantitas", "Jumlah laporan", 12, "laporan", "Laporan Januari"],
            ["utama", 1, RHK_1, "waktu", "Ketepatan waktu", 12, "bulan", None],
            ["tambahan", BOSS_RHK[1], RHK_2, "kualitas", "Permintaan terlayani", "95,5", "%"],
        ],
    )

    calls = await send(uploaded(fake_session, STAFF_TG, "SKP 2026.xlsx", content))

    assert texts(calls) == ["✅ Draf SKP tersimpan dengan 2 RHK. Periksa dengan /skp, lalu ajukan."]
    [plan] = await plans_of(session_factory, org.staff)
    assert (plan.year, plan.status, plan.assessor_id) == (2026, PlanStatus.DRAFT, org.boss.id)
    first, second = await items_of(session_factory, plan.id)
    assert (first.text, first.kind.value, first.parent_item_id) == (RHK_1, "utama", boss_items[0])
    assert (second.text, second.kind.value, second.parent_item_id) == (
        RHK_2,
        "tambahan",
        boss_items[1],
    )
    targets = [
        (i.item_id, i.text, i.target_value, i.target_unit)
        for i in await rows(session_factory, Indicator)
        if i.item_id in (first.id, second.id)
    ]
    assert targets == [
        (first.id, "Jumlah laporan", Decimal("12"), "laporan"),
        (first.id, "Ketepatan waktu", Decimal("12"), "bulan"),
        (second.id, "Permintaan terlayani", Decimal("95.5"), "%"),
    ]
    actions = await rows(session_factory, ActionPlan, ActionPlan.item_id == first.id)
    assert [(a.period, a.text) for a in actions] == [(1, "Laporan Januari")]


async def test_a_bad_skp_file_lists_the_rows_and_stores_nothing(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await cascade_plans(session_factory, org, clock.now)
    content = xlsx(
        SKP_HEADER,
        [
            ["utama", 1, RHK_1, "kuantitas", "Jumlah laporan", 12, "laporan"],
            ["pokok", 1, RHK_1, "kuantitas", "Jumlah laporan", 12, "laporan"],
            ["utama", 7, RHK_2, "kuantitas", "Jumlah layanan", "banyak", "layanan"],
            ["utama", 2, RHK_2, "kecepatan", "Jumlah layanan", 5, None],
        ],
    )
    before = await snapshot(session_factory)

    calls = await send(uploaded(fake_session, STAFF_TG, "skp.xlsx", content))

    # Telegram shows the HTML entities (&#x27;) as the characters they stand for.
    assert [html.unescape(t) for t in texts(calls)] == [
        "Tidak ada yang diimpor: ditemukan 5 masalah. Perbaiki lalu kirim ulang berkasnya.\n"
        "Baris 3, jenis: jenis harus 'utama' atau 'tambahan'\n"
        "Baris 4, target: target harus angka lebih dari 0\n"
        "Baris 4, rhk_atasan: bukan RHK dari SKP atasan yang sudah disetujui "
        "(pakai nomor atau teksnya)\n"
        "Baris 5, satuan: tidak boleh kosong\n"
        "Baris 5, aspek: aspek harus kuantitas, kualitas, waktu, atau biaya"
    ]
    assert await snapshot(session_factory) == before


async def test_a_submitted_plan_is_not_replaced_by_a_new_file(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await draft_plan(session_factory, org.staff, [rhk(RHK_1)], clock.now, submit=True)
    content = xlsx(SKP_HEADER, [["utama", None, RHK_2, "kuantitas", "Jumlah", 3, "dokumen"]])
    before = await snapshot(session_factory)

    calls = await send(uploaded(fake_session, STAFF_TG, "skp.xlsx", content))

    assert texts(calls) == ["SKP Anda sudah diajukan atau disetujui; tidak bisa diganti."]
    assert await snapshot(session_factory) == before


async def test_a_csv_skp_is_told_that_only_xlsx_is_read(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    before = await snapshot(session_factory)

    calls = await send(uploaded(fake_session, STAFF_TG, "skp.csv", b"jenis,rhk\nutama,A\n"))

    [reply] = texts(calls)
    assert ".xlsx" in reply
    assert ".csv" not in reply
    assert await snapshot(session_factory) == before


# --- /skp progress and submit ---------------------------------------------------------------


async def test_skp_shows_progress_per_iki_from_approved_outputs_in_its_unit(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    boss_items = await cascade_plans(session_factory, org, clock.now)
    plan = await draft_plan(
        session_factory,
        org.staff,
        [
            rhk(
                RHK_1,
                boss_items[0],
                iki("Jumlah laporan", "12", "laporan"),
                iki("Persentase data valid", "100", "%"),
            ),
            rhk(RHK_2, boss_items[1], iki("Jumlah layanan", "40", "layanan")),
        ],
        clock.now,
    )
    first, second = await items_of(session_factory, plan.id)
    for quantity, unit in ((2, "laporan"), (1, "Laporan"), (50, "%")):
        await approved_activity(
            session_factory,
            org.staff,
            clock.now,
            day=MONDAY,
            item_id=first.id,
            quantity=quantity,
            unit=unit,
        )
    await approved_activity(  # in another unit: counts for no indicator of this RHK
        session_factory, org.staff, clock.now, day=MONDAY, item_id=first.id, quantity=9, unit="jam"
    )
    await approved_activity(  # not verified yet: does not count
        session_factory,
        org.staff,
        clock.now,
        day=MONDAY,
        item_id=second.id,
        quantity=10,
        unit="layanan",
        status=ActivityStatus.SUBMITTED,
    )

    [reply] = await staff_dialog(send, fake_session).say("/skp")

    assert isinstance(reply, SendMessage)
    assert reply.text == (
        "🎯 <b>SKP 2026</b> · draf\n"
        "Periode berjalan: 17%\n"
        f"\n<b>{RHK_1}</b> (utama)\n"
        "• Jumlah laporan: 3 dari 12 laporan (25%)\n"
        "• Persentase data valid: 50 dari 100 % (50%)\n"
        f"\n<b>{RHK_2}</b> (utama)\n"
        "• Jumlah layanan: 0 dari 40 layanan (0%)"
    )
    assert labels(reply.reply_markup) == [SUBMIT, EDIT_ONE, "📄 PDF", "📊 XLSX"]


async def test_submit_sends_the_plan_to_the_supervisor(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
    bot: Bot,
    i18n: I18n,
) -> None:
    boss_items = await cascade_plans(session_factory, org, clock.now)
    await draft_plan(session_factory, org.staff, [rhk(RHK_1, boss_items[0])], clock.now)
    d = staff_dialog(send, fake_session)
    await d.say("/skp")

    calls = await d.press(SUBMIT)

    [answer] = answers(calls)
    assert (answer.text, answer.show_alert) == ("📤 Diajukan ke penilai Anda.", None)
    assert keyboard_removed(calls)
    [plan] = await plans_of(session_factory, org.staff)
    assert (plan.status, plan.submitted_at) == (PlanStatus.SUBMITTED, clock.now)
    submitted = await outbox_rows(session_factory, "plan.submitted")
    assert [row for row in submitted if row[0] != org.head.id] == [
        (org.boss.id, {"plan_id": plan.id})
    ]

    start = len(fake_session.sent)
    await deliver(bot, session_factory, i18n, clock.now)
    assert [m.text for m in fake_session.sent[start:] if m.chat.id == BOSS_TG] == [
        APPROVED_NOTICE,  # the boss's own plan (make_cascade)
        "📋 Siti Aminah mengajukan SKP 2026 untuk Anda setujui. Buka /skp.",
    ]


async def test_submit_pressed_again_is_refused_and_changes_nothing(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await draft_plan(session_factory, org.staff, [rhk(RHK_1)], clock.now)
    d = staff_dialog(send, fake_session)
    await d.say("/skp")
    screen = d.screen(SUBMIT)
    await d.press(SUBMIT, screen)
    before = await snapshot(session_factory)

    calls = await d.tap(screen.data(SUBMIT), screen.message)

    assert alert(calls) == STALE
    assert await snapshot(session_factory) == before


# --- the supervisor: team plans, approve, return ----------------------------------------------


async def _submitted(
    factory: Factory, org: PlanOrg, clock: FrozenClock, parent: bool = True
) -> Plan:
    boss_items = await cascade_plans(factory, org, clock.now)
    items = [rhk(RHK_1, boss_items[0] if parent else None), rhk(RHK_2, boss_items[1])]
    return await draft_plan(factory, org.staff, items, clock.now, submit=True)


async def _team_list(d: Dialog) -> list[SendMessage]:
    await d.say("/skp")
    calls = await d.press("🗂 SKP tim menunggu persetujuan (1)")
    return [c for c in calls if isinstance(c, SendMessage)]


async def test_supervisor_approves_a_plan_from_the_team_list(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
    bot: Bot,
    i18n: I18n,
) -> None:
    plan = await _submitted(session_factory, org, clock)
    boss = Dialog(send, fake_session, BOSS_TG)

    [card] = await _team_list(boss)
    assert card.text == f"📋 <b>Siti Aminah</b> · SKP 2026\n• {RHK_1}\n• {RHK_2}"
    assert labels(card.reply_markup) == ["✅ Setujui", "↩️ Kembalikan", "📄 PDF"]

    calls = await boss.press("✅ Setujui")

    [answer] = answers(calls)
    assert answer.text == "✅ Disetujui."
    assert keyboard_removed(calls)
    [stored] = await plans_of(session_factory, org.staff)
    assert (stored.status, stored.return_note) == (PlanStatus.APPROVED, None)
    decided = await outbox_rows(session_factory, "plan.decided")
    assert [row for row in decided if row[0] == org.staff.id] == [
        (org.staff.id, {"plan_id": plan.id})
    ]
    start = len(fake_session.sent)
    await deliver(bot, session_factory, i18n, clock.now)
    assert [m.text for m in fake_session.sent[start:] if m.chat.id == STAFF_TG] == [APPROVED_NOTICE]


async def test_approval_names_the_rhk_that_intervenes_nothing(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _submitted(session_factory, org, clock, parent=False)
    boss = Dialog(send, fake_session, BOSS_TG)
    await _team_list(boss)
    before = await snapshot(session_factory)

    calls = await boss.press("✅ Setujui")

    [refusal] = sent_messages(calls)
    assert refusal.text == (
        "Belum bisa disetujui: RHK berikut tidak mengintervensi RHK Anda yang sudah disetujui:\n"
        f"• {RHK_1}\n"
        "Kembalikan SKP ini dengan catatan agar RHK tersebut dikaitkan (✏️ Ubah satu RHK), atau "
        "pastikan SKP Anda sendiri sudah disetujui lebih dulu."
    )
    assert labels(refusal.reply_markup) == ["↩️ Kembalikan"]
    assert await snapshot(session_factory) == before


async def test_return_asks_for_a_note_and_stores_it(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
    bot: Bot,
    i18n: I18n,
) -> None:
    await _submitted(session_factory, org, clock)
    boss = Dialog(send, fake_session, BOSS_TG)
    await _team_list(boss)

    asked = await boss.press("↩️ Kembalikan")
    assert texts(asked) == ["Apa yang perlu diubah? Tulis catatannya."]
    assert [p.status for p in await plans_of(session_factory, org.staff)] == [PlanStatus.SUBMITTED]
    too_long = await boss.say("x" * 501)
    assert texts(too_long) == ["Alasan terlalu panjang (maksimal 500 karakter)."]
    done = await boss.say("Target   layanan terlalu rendah")

    assert texts(done) == [
        "↩️ Dikembalikan dengan catatan Anda. Pemiliknya diminta memperbaiki lalu mengajukan "
        "kembali; SKP itu akan muncul lagi di /skp → 🗂 SKP tim."
    ]
    [plan] = await plans_of(session_factory, org.staff)
    assert (plan.status, plan.return_note) == (
        PlanStatus.RETURNED,
        "Target layanan terlalu rendah",
    )
    start = len(fake_session.sent)
    await deliver(bot, session_factory, i18n, clock.now)
    assert [m.text for m in fake_session.sent[start:] if m.chat.id == STAFF_TG] == [
        "↩️ SKP 2026 Anda dikembalikan: Target layanan terlalu rendah\n"
        "Buka /skp, ketuk ✏️ Ubah satu RHK untuk memperbaiki yang diminta, lalu ajukan kembali."
    ]
    [shown] = await staff_dialog(send, fake_session).say("/skp")
    assert isinstance(shown, SendMessage)
    assert shown.text.splitlines()[:3] == [
        "🎯 <b>SKP 2026</b> · dikembalikan untuk diperbaiki",
        "Periode berjalan: 17%",
        "Catatan penilai: Target layanan terlalu rendah",
    ]
    assert SUBMIT in labels(shown.reply_markup)


async def test_the_employee_cannot_approve_their_own_plan(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan = await _submitted(session_factory, org, clock)
    d = staff_dialog(send, fake_session)
    before = await snapshot(session_factory)

    assert alert(await d.tap(PlanCb(action=PlanAction.APPROVE, plan=plan.id).pack())) == STALE

    assert await snapshot(session_factory) == before


async def test_the_employee_cannot_return_their_own_plan(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan = await _submitted(session_factory, org, clock)
    d = staff_dialog(send, fake_session)
    await d.tap(PlanCb(action=PlanAction.RETURN, plan=plan.id).pack())
    before = await snapshot(session_factory)

    refused = await d.say("Saya kembalikan sendiri")

    assert texts(refused) == ["SKP ini sudah tidak bisa dikembalikan."]
    after = await snapshot(session_factory)
    assert (after["plan"], after["notification"]) == (before["plan"], before["notification"])


@pytest.mark.parametrize("who", [STAFF2_TG, OTHER_BOSS_TG])
async def test_forged_plan_buttons_of_others_are_refused(
    who: int,
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    plan = await _submitted(session_factory, org, clock)
    d = Dialog(send, fake_session, who)
    before = await snapshot(session_factory)

    for action, plan_id in (
        (PlanAction.APPROVE, plan.id),
        (PlanAction.SUBMIT, plan.id),
        (PlanAction.PDF, plan.id),
        (PlanAction.EDIT, plan.id),
        (PlanAction.APPROVE, 0),
    ):
        calls = await d.tap(PlanCb(action=action, plan=plan_id).pack())
        assert alert(calls) == STALE, action
        assert texts(calls) == [], action

    assert await snapshot(session_factory) == before


async def test_an_approved_plan_button_pressed_again_is_refused(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _submitted(session_factory, org, clock)
    boss = Dialog(send, fake_session, BOSS_TG)
    await _team_list(boss)
    screen = boss.screen("✅ Setujui")
    await boss.press("✅ Setujui", screen)
    before = await snapshot(session_factory)

    assert alert(await boss.tap(screen.data("✅ Setujui"), screen.message)) == STALE
    assert await snapshot(session_factory) == before


# --- documents ------------------------------------------------------------------------------


async def test_plan_pdf_and_xlsx_buttons_send_the_skp_document(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    boss_items = await cascade_plans(session_factory, org, clock.now)
    await draft_plan(session_factory, org.staff, [rhk(RHK_1, boss_items[0])], clock.now)
    d = staff_dialog(send, fake_session)
    await d.say("/skp")

    [pdf] = uploads(await d.press("📄 PDF"))
    [xlsx_file] = uploads(await d.press("📊 XLSX"))

    assert (pdf.chat_id, pdf.filename) == (STAFF_TG, "SKP-2026-Siti-Aminah-DRAFT.pdf")
    text = pdf_text(pdf.data)
    assert "SASARAN KINERJA PEGAWAI 2026" in text
    assert "Siti Aminah" in text
    assert "Kepala Bidang A" in text
    assert RHK_1 in text
    assert xlsx_file.filename == "SKP-2026-Siti-Aminah-DRAFT.xlsx"
    sheet = load_workbook(io.BytesIO(xlsx_file.data)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {"SASARAN KINERJA PEGAWAI 2026", "Siti Aminah", RHK_1, "12 dokumen"} <= cells


async def test_the_assessor_downloads_an_approved_team_plan(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan = await _submitted(session_factory, org, clock)
    boss = Dialog(send, fake_session, BOSS_TG)
    await _team_list(boss)
    await boss.press("✅ Setujui")

    [pdf] = uploads(await boss.tap(PlanCb(action=PlanAction.PDF, plan=plan.id).pack()))

    assert (pdf.chat_id, pdf.filename) == (BOSS_TG, "SKP-2026-Siti-Aminah.pdf")
    assert "Siti Aminah" in pdf_text(pdf.data)


# --- /skp_baru guided entry -------------------------------------------------------------------


async def test_guided_entry_with_the_supervisors_rhk_saves_a_draft(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    boss_items = await cascade_plans(session_factory, org, clock.now)
    d = staff_dialog(send, fake_session)

    assert texts(await d.say("/skp_baru")) == [ASK_RHK]
    assert texts(await d.say("abc")) == ["Tuliskan RHK-nya (minimal 5 karakter)."]
    [parent] = sent_messages(await d.say(f"  {RHK_1}  "))
    assert (parent.text, labels(parent.reply_markup)) == (ASK_PARENT, BOSS_RHK)
    assert texts(await d.press(BOSS_RHK[1])) == [ASK_IKI]
    assert texts(await d.say("Jumlah laporan data")) == [ASK_TARGET]
    [added] = sent_messages(await d.say("12 dokumen"))
    assert (added.text, labels(added.reply_markup)) == (
        "RHK 1 ditambahkan.",
        ["➕ RHK lagi", "💾 Simpan draf"],
    )
    assert await plans_of(session_factory, org.staff) == []

    saved = await d.press("💾 Simpan draf")

    [edit] = [c for c in saved if isinstance(c, EditMessageText)]
    assert edit.text == "✅ Draf SKP tersimpan. Periksa dengan /skp, lalu ajukan."
    [plan] = await plans_of(session_factory, org.staff)
    assert plan.status is PlanStatus.DRAFT
    [item] = await items_of(session_factory, plan.id)
    assert (item.text, item.parent_item_id) == (RHK_1, boss_items[1])
    [indicator] = await rows(session_factory, Indicator, Indicator.item_id == item.id)
    assert (indicator.text, indicator.target_value, indicator.target_unit) == (
        "Jumlah laporan data",
        Decimal("12"),
        "dokumen",
    )


async def test_guided_entry_without_a_supervisor_plan_asks_no_parent_and_adds_more(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = staff_dialog(send, fake_session)
    await d.say("/skp_baru")
    assert texts(await d.say(RHK_1)) == [ASK_IKI]
    await d.say("Jumlah laporan data")
    await d.say("12 dokumen")

    assert texts(await d.press("➕ RHK lagi")) == [
        "RHK 2: hasil kerja apa yang akan Anda capai? (atau /batal)"
    ]
    await d.say(RHK_2)
    await d.say("Persentase permintaan terlayani")
    assert texts(await d.say("95,5 %")) == ["RHK 2 ditambahkan."]
    await d.press("💾 Simpan draf")

    [plan] = await plans_of(session_factory, org.staff)
    items = await items_of(session_factory, plan.id)
    assert [(i.text, i.parent_item_id) for i in items] == [(RHK_1, None), (RHK_2, None)]
    targets = [
        (i.target_value, i.target_unit)
        for i in await rows(session_factory, Indicator)
        if i.item_id in {item.id for item in items}
    ]
    assert targets == [(Decimal("12"), "dokumen"), (Decimal("95.5"), "%")]


@pytest.mark.parametrize("typed", ["abc", "12", "0 dokumen", "-3 dokumen", "dua belas dokumen"])
async def test_a_bad_target_is_refused_and_asked_again(
    typed: str, send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = staff_dialog(send, fake_session)
    await d.say("/skp_baru")
    await d.say(RHK_1)
    await d.say("Jumlah laporan data")
    before = await snapshot(session_factory)

    assert texts(await d.say(typed)) == [BAD_TARGET]

    assert await snapshot(session_factory) == before
    assert texts(await d.say("12 dokumen")) == ["RHK 1 ditambahkan."]


async def test_a_target_above_the_limit_is_refused_when_typed(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = staff_dialog(send, fake_session)
    await d.say("/skp_baru")
    await d.say(RHK_1)
    await d.say("Jumlah laporan data")

    assert texts(await d.say("99999999999 dokumen")) == [BAD_TARGET]


async def test_save_draft_pressed_again_after_saving_is_refused(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = staff_dialog(send, fake_session)
    await d.say("/skp_baru")
    await d.say(RHK_1)
    await d.say("Jumlah laporan data")
    await d.say("12 dokumen")
    screen = d.screen("💾 Simpan draf")
    await d.press("💾 Simpan draf", screen)
    before = await snapshot(session_factory)

    assert alert(await d.tap(screen.data("💾 Simpan draf"), screen.message)) == STALE
    assert alert(await d.tap(screen.data("➕ RHK lagi"), screen.message)) == STALE
    assert await snapshot(session_factory) == before


# --- the report flow's target step ------------------------------------------------------------


async def _plan_items(factory: Factory, org: PlanOrg, clock: FrozenClock) -> list[PlanItem]:
    plan = await draft_plan(factory, org.staff, [rhk(RHK_1), rhk(RHK_2)], clock.now)
    return await items_of(factory, plan.id)


async def test_lapor_starts_with_the_target_step_and_stores_the_chosen_rhk(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    _first, second = await _plan_items(session_factory, org, clock)
    d = staff_dialog(send, fake_session)

    [ask] = await d.say("/lapor")
    assert isinstance(ask, SendMessage)
    assert ask.text == ASK_REPORT_TARGET
    assert labels(ask.reply_markup) == [f"🎯 {RHK_1}", f"🎯 {RHK_2}", OTHER_TASK, "✖️ Batal"]

    [asked] = [c for c in await d.press(f"🎯 {RHK_2}") if isinstance(c, SendMessage)]
    assert (asked.text, labels(asked.reply_markup)) == (ASK_DESCRIPTION, ["⬅️ Kembali", "✖️ Batal"])
    await d.say("Melayani permintaan data dari bidang lain")
    await d.say("08.00-10.00")
    await d.say("3 layanan")
    card = await d.press("Lewati ➡️")
    assert f"🎯 Target: {RHK_2}" in texts(card)[0]
    await d.press("✅ Kirim")

    [activity] = await activities(session_factory)
    assert (activity.plan_item_id, activity.output_quantity, activity.output_unit) == (
        second.id,
        3,
        "layanan",
    )


async def test_lapor_other_task_stores_no_rhk(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _plan_items(session_factory, org, clock)
    d = staff_dialog(send, fake_session)
    await d.say("/lapor")

    await d.press(OTHER_TASK)
    await d.say("Rapat koordinasi")
    await d.say("60 menit")
    await d.press("Lewati ➡️")
    card = await d.press("Lewati ➡️")
    assert f"🎯 Target: {OTHER_TASK}" in texts(card)[0]
    await d.press("✅ Kirim")

    [activity] = await activities(session_factory)
    assert activity.plan_item_id is None


async def test_a_forged_target_button_is_refused(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _plan_items(session_factory, org, clock)
    boss_items = await cascade_plans(session_factory, org, clock.now)
    d = staff_dialog(send, fake_session)
    await d.say("/lapor")
    screen = d.screen(OTHER_TASK)
    flow = ReportCb.unpack(screen.data(OTHER_TASK)).flow
    before = await snapshot(session_factory)

    for item in (str(boss_items[0]), "abc", "-1"):
        calls = await d.tap(f"rp:target:{flow}::0:{item}:", screen.message)
        assert len(answers(calls)) == 1
        assert STALE in texts(calls) + [a.text for a in answers(calls)], item

    assert await snapshot(session_factory) == before
    assert texts(await d.press(f"🎯 {RHK_1}", screen)) == [ASK_DESCRIPTION]
    assert await rows(session_factory, Activity) == []


async def test_an_activity_typed_at_the_target_step_is_kept_and_the_target_asked_again(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _plan_items(session_factory, org, clock)
    d = staff_dialog(send, fake_session)
    await d.say("/lapor")

    [noted] = texts(await d.say("08.00-10.00 Menyusun laporan data bulanan"))

    assert noted.startswith("🗒 Kegiatan dicatat.\n⏱ Waktu dicatat.\n")
    assert "Sekarang ketuk target (RHK)" in noted
    asked = texts(await d.press(f"🎯 {RHK_1}"))
    assert asked[-1].startswith("Berapa hasil")  # activity and time were told: not asked again
    await d.press("Lewati ➡️")
    card = texts(await d.press("Lewati ➡️"))[-1]
    assert "🗒 Kegiatan: Menyusun laporan data bulanan\n⏱ Waktu: 08.00–10.00" in card
    await d.press("✅ Kirim")
    [activity] = await activities(session_factory)
    assert (activity.description, activity.minutes) == ("Menyusun laporan data bulanan", 120)


async def test_a_time_typed_at_the_target_step_is_the_time(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _plan_items(session_factory, org, clock)
    d = staff_dialog(send, fake_session)
    await d.say("/lapor")

    [noted] = texts(await d.say("2 jam"))

    assert noted.startswith("⏱ Waktu dicatat.\n")
    assert texts(await d.press(OTHER_TASK))[-1] == ASK_DESCRIPTION
    assert texts(await d.say("Rapat koordinasi"))[-1].startswith("Berapa hasil")
    assert await rows(session_factory, Activity) == []
