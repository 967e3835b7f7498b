"""/evaluasi for the employee: the final evaluation, respond (the assessor is told),
acknowledge, and the Dokumen Evaluasi Kinerja Pegawai as PDF and XLSX."""

from __future__ import annotations

import io
from datetime import date

import pytest
from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.utils.i18n import I18n
from openpyxl import load_workbook

from handlers.evaluation.keyboards import Ask, AskCb, EmployeeAction, EmployeeCb
from models import Employee, EvaluationStatus
from services.evaluation import finalize, open_evaluation
from services.predicate import Rating
from tests.conftest import FrozenClock
from tests.handlers.conftest import Send
from tests.handlers.plan_chat_helpers import (
    BOSS_TG,
    STAFF2_TG,
    STAFF_TG,
    STALE,
    DocSession,
    Factory,
    approved_activity,
    cascade_plans,
    deliver,
    evaluation_of,
    linked_org,
    outbox_rows,
    pdf_text,
    uploads,
)
from tests.handlers.report_helpers import Dialog, alert, answers, labels, texts
from tests.handlers.supervision_helpers import data_snapshot, keyboard_removed
from tests.services.evaluation_helpers import rate
from tests.services.plan_helpers import APRIL_2, Q1, PlanOrg, approved_plan, iki, rhk

RHK_TEXT = "Tersusunnya laporan data bulanan"
NOT_UNDERSTOOD = "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
SUMMARY = (
    "📋 <b>Evaluasi Triwulan I 2026</b>\n"
    "Hasil Kerja: Di Atas Ekspektasi\n"
    "Perilaku Kerja: Di Atas Ekspektasi\n"
    "Predikat: Sangat Baik\n"
    "Rekomendasi: Pelatihan analisis data"
)


@pytest.fixture
def fake_session() -> DocSession:
    return DocSession()


@pytest.fixture
async def org(session_factory: Factory, clock: FrozenClock) -> PlanOrg:
    """Siti Aminah (staff) has an approved SKP with 3 of 12 laporan done in Q1."""
    clock.now = APRIL_2
    org = await linked_org(session_factory, clock.now)
    boss_items = await cascade_plans(session_factory, org, clock.now)
    async with session_factory() as session:
        plan = await approved_plan(
            session,
            org.staff,
            org.boss,
            [rhk(RHK_TEXT, boss_items[0], iki("Jumlah laporan", "12", "laporan"))],
            clock.now,
        )
        item_id = plan.items[0].id
    await approved_activity(
        session_factory,
        org.staff,
        clock.now,
        day=date(2026, 3, 31),
        item_id=item_id,
        quantity=3,
        unit="laporan",
    )
    return org


async def evaluated(
    factory: Factory, org: PlanOrg, clock: FrozenClock, *, final: bool = True
) -> int:
    """The boss's Q1 evaluation of the staff (Di Atas / Di Atas), finalised unless told."""
    async with factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        evaluation = await open_evaluation(session, boss, org.staff.id, Q1, now=clock.now)
        evaluation_id = evaluation.id
    async with factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        await rate(
            session,
            boss,
            evaluation_id,
            now=clock.now,
            result=Rating.ABOVE,
            behaviour=Rating.ABOVE,
            recommendation="Pelatihan analisis data",
        )
        if final:
            await finalize(session, boss, evaluation_id, now=clock.now)
    return evaluation_id


def staff(send: Send, fake_session: DocSession) -> Dialog:
    return Dialog(send, fake_session, STAFF_TG)


async def test_no_evaluation_yet_and_a_draft_is_not_shown(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    d = staff(send, fake_session)
    assert texts(await d.say("/evaluasi")) == ["Belum ada evaluasi."]

    await evaluated(session_factory, org, clock, final=False)

    assert texts(await d.say("/evaluasi")) == ["Belum ada evaluasi."]


async def test_evaluasi_shows_the_final_evaluation_with_its_buttons(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await evaluated(session_factory, org, clock)

    [shown] = await staff(send, fake_session).say("/evaluasi")

    assert isinstance(shown, SendMessage)
    assert shown.text == SUMMARY
    assert labels(shown.reply_markup) == ["💬 Tanggapi", "✅ Terima", "📄 PDF", "📊 XLSX"]


async def test_respond_stores_the_text_and_the_assessor_is_told(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
    bot: Bot,
    i18n: I18n,
) -> None:
    evaluation_id = await evaluated(session_factory, org, clock)
    d = staff(send, fake_session)
    await d.say("/evaluasi")

    asked = await d.press("💬 Tanggapi")
    assert texts(asked) == ["Tulis tanggapan Anda atas evaluasi:"]
    assert [c for c in asked if isinstance(c, SendMessage)] == []  # the summary asks in place
    assert texts(await d.say("x" * 2001)) == [
        "Pesan terlalu panjang (maksimal 2000 karakter).\n\nTulis tanggapan Anda atas evaluasi:"
    ]
    saved = await d.say("Terima kasih,   saya akan ikut pelatihan")
    assert texts(saved) == [f"✅ Tersimpan.\n\n{SUMMARY}"]
    assert [c for c in saved if isinstance(c, SendMessage)] == []

    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert (evaluation.employee_response, evaluation.status) == (
        "Terima kasih, saya akan ikut pelatihan",
        EvaluationStatus.FINAL,
    )
    assert await outbox_rows(session_factory, "evaluation.response") == [
        (org.boss.id, {"evaluation_id": evaluation_id})
    ]
    start = len(fake_session.sent)
    await deliver(bot, session_factory, i18n, clock.now)
    delivered = [str(m.text) for m in fake_session.sent[start:] if m.chat.id == BOSS_TG]
    assert [t for t in delivered if "evaluasi" in t] == [
        "💬 Siti Aminah menanggapi evaluasi Triwulan I 2026: Terima kasih, saya akan ikut pelatihan"
    ]


async def test_acknowledge_marks_the_evaluation_received(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await evaluated(session_factory, org, clock)
    d = staff(send, fake_session)
    await d.say("/evaluasi")

    calls = await d.press("✅ Terima")

    assert [a.text for a in answers(calls)] == ["✅ Diterima."]
    assert keyboard_removed(calls)
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert (evaluation.status, evaluation.acknowledged_at) == (
        EvaluationStatus.ACKNOWLEDGED,
        clock.now,
    )
    [shown] = await d.say("/evaluasi")
    assert isinstance(shown, SendMessage)
    assert labels(shown.reply_markup) == ["💬 Tanggapi", "📄 PDF", "📊 XLSX"]


async def test_pdf_button_sends_the_evaluation_document(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await evaluated(session_factory, org, clock)
    d = staff(send, fake_session)
    await d.say("/evaluasi")

    [pdf] = uploads(await d.press("📄 PDF"))

    assert (pdf.chat_id, pdf.filename) == (STAFF_TG, "Evaluasi-Triwulan-I-2026-Siti-Aminah.pdf")
    text = pdf_text(pdf.data)
    for expected in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "Siti Aminah",
        "Kepala Bidang A",
        RHK_TEXT,
        "3 laporan",
        "Predikat Kinerja Pegawai: Sangat Baik",
        "Rekomendasi pengembangan: Pelatihan analisis data",
    ):
        assert expected in text, expected


async def test_xlsx_button_sends_the_evaluation_workbook(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await evaluated(session_factory, org, clock)
    d = staff(send, fake_session)
    await d.say("/evaluasi")

    [upload] = uploads(await d.press("📊 XLSX"))

    assert upload.filename == "Evaluasi-Triwulan-I-2026-Siti-Aminah.xlsx"
    sheet = load_workbook(io.BytesIO(upload.data)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Predikat Kinerja Pegawai", "Sangat Baik"] in [r[:2] for r in cells]
    assert "Siti Aminah" in {v for row in cells for v in row}


async def test_the_assessor_can_download_it_too(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    evaluation_id = await evaluated(session_factory, org, clock)

    calls = await Dialog(send, fake_session, BOSS_TG).tap(
        EmployeeCb(evaluation=evaluation_id, action=EmployeeAction.PDF).pack()
    )

    [pdf] = uploads(calls)
    assert (pdf.chat_id, pdf.filename) == (BOSS_TG, "Evaluasi-Triwulan-I-2026-Siti-Aminah.pdf")
    assert "Siti Aminah" in pdf_text(pdf.data)


async def test_someone_else_cannot_use_the_employees_buttons(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    evaluation_id = await evaluated(session_factory, org, clock)
    d = Dialog(send, fake_session, STAFF2_TG)
    before = await data_snapshot(session_factory)

    for action in (EmployeeAction.ACKNOWLEDGE, EmployeeAction.PDF, EmployeeAction.XLSX):
        calls = await d.tap(EmployeeCb(evaluation=evaluation_id, action=action).pack())
        assert alert(calls) == STALE, action
        assert uploads(calls) == [], action
    respond = AskCb(evaluation=evaluation_id, ask=Ask.RESPONSE).pack()
    assert alert(await d.tap(respond)) == STALE
    assert texts(await d.say("Saya tidak setuju")) == [NOT_UNDERSTOOD]

    assert await data_snapshot(session_factory) == before


async def test_a_draft_cannot_be_answered_or_acknowledged(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    evaluation_id = await evaluated(session_factory, org, clock, final=False)
    d = staff(send, fake_session)
    before = await data_snapshot(session_factory)

    ack = EmployeeCb(evaluation=evaluation_id, action=EmployeeAction.ACKNOWLEDGE)
    assert alert(await d.tap(ack.pack())) == STALE
    assert alert(await d.tap(AskCb(evaluation=evaluation_id, ask=Ask.RESPONSE).pack())) == STALE
    assert texts(await d.say("Tanggapan dini")) == [NOT_UNDERSTOOD]

    assert await data_snapshot(session_factory) == before


async def test_the_employee_cannot_download_a_draft_evaluation(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    evaluation_id = await evaluated(session_factory, org, clock, final=False)
    d = staff(send, fake_session)

    for action in (EmployeeAction.PDF, EmployeeAction.XLSX):
        calls = await d.tap(EmployeeCb(evaluation=evaluation_id, action=action).pack())
        assert uploads(calls) == [], action
        assert alert(calls) == STALE, action


async def test_cancel_of_the_response_puts_the_summary_back(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await evaluated(session_factory, org, clock)
    d = staff(send, fake_session)
    await d.say("/evaluasi")
    await d.press("💬 Tanggapi")
    before = await data_snapshot(session_factory)

    calls = await d.press("✖️ Batal")

    assert texts(calls) == [SUMMARY]
    assert labels(calls[-1].reply_markup) == ["💬 Tanggapi", "✅ Terima", "📄 PDF", "📊 XLSX"]
    assert texts(await d.say("Saya setuju")) == [NOT_UNDERSTOOD]
    assert await data_snapshot(session_factory) == before
