"""From SKP to evaluation through the real bot process: an employee imports an SKP that
intervenes the supervisor's RHK and submits it, the supervisor approves it, work is reported on
that RHK and verified, the supervisor rates two employees for the month (seeing the curve
warning of the unit predicate) and finalises, and the employee answers and acknowledges.

The process runs on the real clock, so the agency evaluates monthly and the test rates the
current month (a period can be rated from its last month on, so the current month is always
open) and seeds an agency whose local time is far from midnight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from models import (
    Activity,
    ActivityStatus,
    Evaluation,
    EvaluationPeriod,
    EvaluationStatus,
    Plan,
    PlanItem,
    PlanStatus,
    UnitPredicate,
)
from services.periods import key_of
from services.plans import IndicatorInput, ItemInput, save_draft
from tests.e2e.bot_process import BotProcess
from tests.e2e.delivery_helpers import daytime_zone
from tests.e2e.flows import Chat, Shown, start_bot
from tests.factories import make_agency, make_employee, make_unit
from tests.services.plan_helpers import xlsx

pytestmark = pytest.mark.e2e

Factory = async_sessionmaker[AsyncSession]
SUPERVISOR_TG, A_TG, B_TG = 7301, 7302, 7303
SUPERVISOR_RHK = "Tersedianya data statistik sektoral"
A_RHK = "Tersusunnya laporan data bulanan"
A_WORK = "Menyusun laporan data bulan ini"
B_WORK = "Rapat koordinasi tim data"
A_RESPONSE = "Terima kasih, saya pertahankan kinerjanya"
SKP_FILE = xlsx(
    ["jenis", "rhk_atasan", "rhk", "aspek", "iki", "target", "satuan"],
    [["utama", 1, A_RHK, "kuantitas", "Jumlah laporan", 12, "laporan"]],
)
APOLOGY = "terjadi kesalahan"  # "Sorry, something went wrong on our side"


@dataclass(frozen=True)
class Seeded:
    today: date
    period: str
    supervisor_id: int
    a_id: int
    b_id: int
    supervisor_item_id: int


async def seed(factory: Factory) -> Seeded:
    """A supervisor with an approved SKP and two employees, all linked; notifications flow at
    once (sending window 00:00-23:59, review batches of 1 s); scheduled digests, nudges and
    reminders stay out of the way; Bidang Data's organisation predicate is Baik."""
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    today = now.astimezone(ZoneInfo(zone)).date()
    period = key_of(EvaluationPeriod.MONTHLY, today)  # open for rating all month
    async with factory() as session:
        agency = await make_agency(
            session,
            now,
            quiet_start=time(0, 0),
            quiet_end=time(23, 59),
            review_batch_seconds=1,
            nudge_enabled=False,
            reminder_time=time(23, 58),
            digest_time=time(23, 58),
            evaluation_period=EvaluationPeriod.MONTHLY,
        )
        agency.timezone = zone
        unit = await make_unit(session, agency, "Dinas Uji / Bidang Data")
        supervisor = await make_employee(
            session, agency, unit, 301, now, name="Siti Rahmawati", telegram_user_id=SUPERVISOR_TG
        )
        a = await make_employee(
            session,
            agency,
            unit,
            302,
            now,
            name="Budi Santoso",
            supervisor=supervisor,
            telegram_user_id=A_TG,
        )
        b = await make_employee(
            session,
            agency,
            unit,
            303,
            now,
            name="Citra Lestari",
            supervisor=supervisor,
            telegram_user_id=B_TG,
        )
        session.add(
            UnitPredicate(
                unit_id=unit.id, period_key=period, predicate="baik", set_by_id=None, set_at=now
            )
        )
        await session.commit()
        # The top of the hierarchy has no assessor: its plan is approved straight in the DB.
        plan = await save_draft(
            session,
            supervisor,
            today.year,
            [
                ItemInput(
                    SUPERVISOR_RHK,
                    indicators=[IndicatorInput("Jumlah dataset", Decimal(24), "dataset")],
                )
            ],
            now=now,
        )
        plan.status = PlanStatus.APPROVED
        plan.decided_at = now
        item_id = plan.items[0].id
        await session.commit()
        return Seeded(today, period, supervisor.id, a.id, b.id, item_id)


def newest_with(chat: Chat, label: str) -> Shown:
    """The newest message in the chat showing a button whose label contains `label`."""
    for shown in reversed(chat.messages()):
        if any(label in text for text in shown.labels()):
            return shown
    raise AssertionError(f"no button {label!r} in chat {chat.user_id}")


async def tap(chat: Chat, label: str, expect: str | None = None) -> int:
    """Tap the button `label` on the newest message showing it; wait for `expect`."""
    mark = chat.mark()
    chat.api.push_update(chat.callback_update(label, newest_with(chat, label)))
    if expect is not None:
        await chat.expect(expect, mark)
    return mark


async def answered(api: LocalBotAPI, contains: str, after: int) -> None:
    await api.wait_for(
        lambda c: c.method == "answerCallbackQuery" and contains in str(c.params.get("text")),
        timeout=30,
        after=after,
    )


async def submit_and_approve_the_skp(api: LocalBotAPI, a: Chat, s: Chat) -> None:
    mark = a.mark()
    api.push_document(A_TG, "SKP.xlsx", SKP_FILE, caption="SKP")
    await a.expect("✅ Draf SKP tersimpan dengan 1 RHK.", mark)
    await a.say("/skp", "🎯 <b>SKP")
    mark = await tap(a, "Ajukan ke penilai")
    await answered(api, "Diajukan ke penilai Anda", mark)
    await s.expect("📋 Budi Santoso mengajukan SKP", mark)

    await s.say("/skp", "🎯 <b>SKP")
    card = await s.expect("📋 <b>Budi Santoso</b> · SKP", await tap(s, "SKP tim menunggu"))
    assert f"• {A_RHK}" in card.text
    mark = await tap(s, "Setujui")
    await answered(api, "✅ Disetujui.", mark)
    await a.expect("Anda disetujui.", mark)


async def report(a: Chat, description: str, output: str | None, target: str | None) -> int:
    """A guided /lapor; returns the mark before Kirim."""
    if target is not None:
        await a.say("/lapor", "Pekerjaan ini untuk target (RHK) yang mana?")
        await tap(a, target, "Apa yang Anda kerjakan?")
    else:
        await a.say("/lapor", "Apa yang Anda kerjakan?")
    await a.say(description, "Jam berapa, atau berapa lama?")
    await a.say("08.00-10.00", "Berapa hasilnya (Realisasi)?")
    if output is not None:
        await a.say(output, "Kirim bukti dukung")
    else:
        await tap(a, "Lewati", "Kirim bukti dukung")
    card = await a.expect("📝 <b>Laporan harian</b>", await tap(a, "Lewati"))
    if target is not None:
        assert f"🎯 Target: {A_RHK}" in card.text
    mark = await tap(a, "Kirim", "✅ Laporan terkirim.")
    return mark


async def verify(s: Chat, employee: Chat, description: str, mark: int) -> None:
    """The supervisor gets the review card and approves everything on it."""
    await s.expect(description, mark)
    await tap(s, "Setujui semua (1)")
    await employee.expect("sudah diverifikasi", mark)


async def rate(s: Chat, seeded: Seeded, name: str, hk: str, pk: str, predicate: str) -> str:
    """/nilai for the current month; returns the distribution shown before finalising."""
    await s.say("/nilai", "Periode mana yang akan dinilai?")
    await tap(s, _label(seeded.period), "pilih anggota tim")
    await tap(s, name, f"📝 <b>{name}</b> · {_label(seeded.period)}")
    await tap(s, f"{hk} Hasil Kerja:", "Hasil Kerja:")
    await tap(s, f"{pk} Perilaku Kerja:", f"Predikat: {predicate}")
    mark = await tap(s, "✅ Finalisasi")
    curve = await s.expect("Finalisasi evaluasi ini? Pegawai akan menerimanya.", mark)
    await tap(s, "Ya, finalisasi", f"✅ Final: {predicate}. Evaluasi sudah dikirim ke pegawai.")
    return curve.text


def _label(period: str) -> str:
    """How the chat names a month's key (`2026-M12` → "Bulan 12/2026")."""
    year, month = period.split("-M")
    return f"Bulan {month}/{year}"


async def _evaluation(session: AsyncSession, employee_id: int, period: str) -> Evaluation:
    found = await session.scalar(
        select(Evaluation).where(
            Evaluation.employee_id == employee_id, Evaluation.period_key == period
        )
    )
    assert found is not None
    return found


async def test_skp_report_and_evaluation_through_the_real_process(
    api: LocalBotAPI, bot_process: BotProcess, session_factory: Factory
) -> None:
    seeded = await seed(session_factory)
    await start_bot(api, bot_process)
    s = Chat(api, bot_process, SUPERVISOR_TG)
    a = Chat(api, bot_process, A_TG)
    b = Chat(api, bot_process, B_TG)

    await submit_and_approve_the_skp(api, a, s)

    mark = await report(a, A_WORK, "3 laporan", target=f"🎯 {A_RHK}")
    await verify(s, a, A_WORK, mark)
    mark = await report(b, B_WORK, None, target=None)
    await verify(s, b, B_WORK, mark)
    await a.say("/skp", "• Jumlah laporan: 3 dari 12 laporan (25%)")

    warning = "⚠️ Kurang/Misconduct, Butuh Perbaikan: harus minimal 1 orang, sekarang 0% (0)"
    mark = a.mark()
    curve = await rate(s, seeded, "Budi Santoso", "⬆️", "⬆️", "Sangat Baik")
    assert "• Sangat Baik: 1\nPredikat organisasi: Baik\n" + warning in curve
    evaluation = await a.expect(f"📋 <b>Evaluasi {_label(seeded.period)}</b>", mark)
    assert "Predikat: Sangat Baik" in evaluation.text
    curve = await rate(s, seeded, "Citra Lestari", "✔️", "✔️", "Baik")
    assert "• Sangat Baik: 1\n• Baik: 1\nPredikat organisasi: Baik\n" + warning in curve

    await tap(a, "Tanggapi", "Tulis tanggapan Anda atas evaluasi:")
    mark = a.mark()
    await a.say(A_RESPONSE, "✅ Tersimpan.")
    await s.expect(
        f"💬 Budi Santoso menanggapi evaluasi {_label(seeded.period)}: {A_RESPONSE}", mark
    )
    await answered(api, "✅ Diterima.", await tap(a, "Terima"))

    async with session_factory() as session:
        first = await _evaluation(session, seeded.a_id, seeded.period)
        assert (first.predicate, first.status, first.employee_response) == (
            "sangat_baik",
            EvaluationStatus.ACKNOWLEDGED,
            A_RESPONSE,
        )
        assert (first.result_rating, first.behaviour_rating) == ("di_atas", "di_atas")
        second = await _evaluation(session, seeded.b_id, seeded.period)
        assert (second.predicate, second.status) == ("baik", EvaluationStatus.FINAL)
        plan = await session.scalar(select(Plan).where(Plan.employee_id == seeded.a_id))
        assert plan is not None
        assert plan.status is PlanStatus.APPROVED
        [item] = (await session.scalars(select(PlanItem).where(PlanItem.plan_id == plan.id))).all()
        assert (item.text, item.parent_item_id) == (A_RHK, seeded.supervisor_item_id)
        done = (await session.scalars(select(Activity).order_by(Activity.id))).all()
        assert [
            (x.employee_id, x.plan_item_id, x.output_quantity, x.output_unit, x.status)
            for x in done
        ] == [
            (seeded.a_id, item.id, 3, "laporan", ActivityStatus.APPROVED),
            (seeded.b_id, None, None, None, ActivityStatus.APPROVED),
        ]

    assert not [c for c in api.calls if APOLOGY in c.text]
    assert await bot_process.stop() == 0
    assert "Traceback" not in bot_process.log()
