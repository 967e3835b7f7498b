"""The SKP and evaluation buttons send a file named after the person, with a caption saying
what it is and whether it may be signed, of the type its extension tells Telegram."""

from __future__ import annotations

import io
import mimetypes

import pytest
from aiogram.methods import SendDocument
from aiogram.types import BufferedInputFile
from openpyxl import load_workbook
from sqlalchemy import update

from handlers.evaluation.keyboards import EmployeeAction, EmployeeCb
from handlers.plans.keyboards import PlanAction, PlanCb
from models import Employee, Plan
from services.documents import PDF_MIME, XLSX_MIME
from services.evaluation import finalize, open_evaluation
from services.predicate import Rating
from tests.conftest import FrozenClock
from tests.handlers.conftest import Send
from tests.handlers.helpers import snapshot
from tests.handlers.plan_chat_helpers import (
    BOSS_TG,
    STAFF2_TG,
    STAFF_TG,
    STALE,
    DocSession,
    Factory,
    cascade_plans,
    draft_plan,
    linked_org,
    pdf_text,
)
from tests.handlers.report_helpers import Calls, Dialog, alert
from tests.services.evaluation_helpers import rate
from tests.services.plan_helpers import APRIL_2, Q1, PlanOrg, approved_plan, iki, rhk

RHK_TEXT = "Tersusunnya laporan data bulanan"
APPROVED = "Disetujui: silakan cetak dan tandatangani."
DRAFT = "DRAFT: belum disetujui, jadi belum ada kolom tanda tangan."


@pytest.fixture
def fake_session() -> DocSession:
    return DocSession()


@pytest.fixture
async def org(session_factory: Factory, clock: FrozenClock) -> PlanOrg:
    clock.now = APRIL_2
    return await linked_org(session_factory, clock.now)


async def _approved_plan(factory: Factory, org: PlanOrg, clock: FrozenClock) -> Plan:
    boss_items = await cascade_plans(factory, org, clock.now)
    async with factory() as session:
        return await approved_plan(
            session,
            org.staff,
            org.boss,
            [rhk(RHK_TEXT, boss_items[0], iki("Jumlah laporan", "12", "laporan"))],
            clock.now,
        )


async def _final_evaluation(factory: Factory, org: PlanOrg, clock: FrozenClock) -> int:
    async with factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        evaluation = await open_evaluation(session, boss, org.staff.id, Q1, now=clock.now)
        await rate(
            session, boss, evaluation.id, now=clock.now, result=Rating.ABOVE, behaviour=Rating.ABOVE
        )
        await finalize(session, boss, evaluation.id, now=clock.now)
        return evaluation.id


def sent_files(calls: Calls) -> list[SendDocument]:
    return [c for c in calls if isinstance(c, SendDocument)]


def file_of(call: SendDocument) -> BufferedInputFile:
    assert isinstance(call.document, BufferedInputFile)
    return call.document


async def test_the_approved_skp_pdf_is_named_after_the_person_with_a_caption(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan = await _approved_plan(session_factory, org, clock)

    [call] = sent_files(
        await Dialog(send, fake_session, STAFF_TG).tap(
            PlanCb(action=PlanAction.PDF, plan=plan.id).pack()
        )
    )

    upload = file_of(call)
    assert (call.chat_id, upload.filename) == (STAFF_TG, "SKP-2026-Siti-Aminah.pdf")
    assert mimetypes.guess_type(upload.filename)[0] == PDF_MIME
    assert upload.data.startswith(b"%PDF-")
    assert call.caption == f"📄 <b>SKP 2026</b> — Siti Aminah\n{APPROVED}"
    text = pdf_text(upload.data)
    assert "DINAS UJI" in text
    assert "Dinas Uji, 2 April 2026" in text
    assert "DRAFT" not in text


async def test_the_skp_xlsx_has_the_spreadsheet_type(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan = await _approved_plan(session_factory, org, clock)

    [call] = sent_files(
        await Dialog(send, fake_session, BOSS_TG).tap(
            PlanCb(action=PlanAction.XLSX, plan=plan.id).pack()
        )
    )

    upload = file_of(call)
    assert (call.chat_id, upload.filename) == (BOSS_TG, "SKP-2026-Siti-Aminah.xlsx")
    assert mimetypes.guess_type(upload.filename)[0] == XLSX_MIME
    cells = [
        c.value for row in load_workbook(io.BytesIO(upload.data)).active.iter_rows() for c in row
    ]
    assert "RHK atasan yang diintervensi" in cells
    assert call.caption == f"📄 <b>SKP 2026</b> — Siti Aminah\n{APPROVED}"


async def test_a_draft_skp_says_draft_in_the_caption_and_the_file_name(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan = await draft_plan(session_factory, org.staff, [rhk(RHK_TEXT)], clock.now)

    [call] = sent_files(
        await Dialog(send, fake_session, STAFF_TG).tap(
            PlanCb(action=PlanAction.PDF, plan=plan.id).pack()
        )
    )

    assert file_of(call).filename == "SKP-2026-Siti-Aminah-DRAFT.pdf"
    assert call.caption == f"📄 <b>SKP 2026</b> — Siti Aminah\n{DRAFT}"
    assert "DRAFT - BELUM DISETUJUI" in pdf_text(file_of(call).data)


async def test_a_long_name_with_markup_keeps_the_caption_within_telegram_limits(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    name = "<b>Ni Luh</b> & Putu " + "Ayu " * 45  # 200 characters, the column's limit
    async with session_factory() as session:
        await session.execute(
            update(Employee).where(Employee.id == org.staff.id).values(name=name[:200])
        )
        await session.commit()
    plan = await draft_plan(session_factory, org.staff, [rhk(RHK_TEXT)], clock.now)

    [call] = sent_files(
        await Dialog(send, fake_session, STAFF_TG).tap(
            PlanCb(action=PlanAction.XLSX, plan=plan.id).pack()
        )
    )

    assert call.caption is not None
    assert call.caption.startswith("📄 <b>SKP 2026</b> — &lt;b&gt;Ni Luh&lt;/b&gt; &amp; Putu Ayu")
    assert len(call.caption) <= 1024
    filename = file_of(call).filename or ""
    assert filename.startswith("SKP-2026-b-Ni-Luh-b-Putu-Ayu-")
    assert filename.isascii()
    assert len(filename) <= 80


async def test_the_evaluation_file_is_named_by_period_in_words_and_person(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    await _approved_plan(session_factory, org, clock)
    evaluation_id = await _final_evaluation(session_factory, org, clock)

    [call] = sent_files(
        await Dialog(send, fake_session, BOSS_TG).tap(
            EmployeeCb(action=EmployeeAction.PDF, evaluation=evaluation_id).pack()
        )
    )

    upload = file_of(call)
    assert upload.filename == "Evaluasi-Triwulan-I-2026-Siti-Aminah.pdf"
    assert call.caption == f"📄 <b>Evaluasi Kinerja Triwulan I 2026</b> — Siti Aminah\n{APPROVED}"
    text = pdf_text(upload.data)
    assert "Periode: Triwulan I 2026" in text
    assert "2026-Q1" not in text


async def test_someone_elses_or_a_missing_document_is_refused_and_nothing_is_sent(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory, clock: FrozenClock
) -> None:
    plan = await _approved_plan(session_factory, org, clock)
    evaluation_id = await _final_evaluation(session_factory, org, clock)
    other = Dialog(send, fake_session, STAFF2_TG)
    before = await snapshot(session_factory)

    for data in (
        EmployeeCb(action=EmployeeAction.PDF, evaluation=evaluation_id).pack(),
        EmployeeCb(action=EmployeeAction.XLSX, evaluation=evaluation_id + 999).pack(),
        PlanCb(action=PlanAction.XLSX, plan=plan.id).pack(),
    ):
        calls = await other.tap(data)
        assert alert(calls) == STALE, data
        assert sent_files(calls) == [], data
    assert await snapshot(session_factory) == before
