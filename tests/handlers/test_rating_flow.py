"""/nilai for the assessor: period → member → one card edited in place (Hasil Kerja and
Perilaku Kerja buttons, BerAKHLAK values, recommendation, team curve, finalise with
confirmation); the deadline lock, forged buttons, /predikatunit and
/bukaevaluasi."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from aiogram import Bot
from aiogram.methods import EditMessageText, SendMessage
from aiogram.utils.i18n import I18n
from sqlalchemy import update

from handlers.evaluation.keyboards import (
    Ask,
    AskCb,
    Aspect,
    FinaliseCb,
    MemberCb,
    PeriodCb,
    RateCb,
    UnitSetCb,
    View,
    ViewCb,
)
from models import Agency, EvaluationStatus, Plan, PlanStatus, ResultNote, ValueRating
from services.curve import OrgPredicate
from services.evaluation import card_version
from services.predicate import Rating
from tests.conftest import FrozenClock
from tests.handlers.conftest import Send
from tests.handlers.helpers import snapshot
from tests.handlers.plan_chat_helpers import (
    ADMIN_TG,
    BOSS_TG,
    HEAD_TG,
    LOCKED,
    NOT_ASSESSOR,
    OTHER_BOSS_TG,
    PLT_TG,
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
    unit_predicate,
    unit_predicates,
)
from tests.handlers.report_helpers import Dialog, alert, answers, labels, screens, texts
from tests.handlers.supervision_helpers import data_snapshot, keyboard_removed, rows
from tests.services.plan_helpers import (
    APRIL_2,
    Q1,
    UNIT_A,
    UNIT_B,
    PlanOrg,
    approved_plan,
    final_evaluation,
    iki,
    rhk,
)

MARCH_31 = date(2026, 3, 31)  # in Q1, within the back-dating window on 2 April
RHK_TEXT = "Tersusunnya laporan data bulanan"
WORDS = {"⬆️": "di atas ekspektasi", "✔️": "sesuai ekspektasi", "⬇️": "di bawah ekspektasi"}


def hk(icon: str) -> str:
    return f"{icon} Hasil Kerja: {WORDS[icon]}"


def pk(icon: str) -> str:
    return f"{icon} Perilaku Kerja: {WORDS[icon]}"


CARD_BUTTONS = [
    *(hk(i) for i in WORDS),
    *(pk(i) for i in WORDS),
    *("🧭 Nilai BerAKHLAK", "💬 Umpan balik per RHK", "📝 Rekomendasi", "📊 Kurva tim"),
    "✅ Finalisasi",
    "👥 Kembali ke daftar tim",
]
CONFIRM = "Finalisasi evaluasi ini? Pegawai akan menerimanya."
NOT_UNDERSTOOD = "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
NOT_APPROVED = (
    "SKP periode ini belum disetujui, sehingga evaluasi belum dapat difinalisasi; tidak ada "
    "yang diubah. Pegawai mengajukan SKP (/skp), lalu Anda menyetujuinya terlebih dahulu."
)


@pytest.fixture
def fake_session() -> DocSession:
    return DocSession()


@pytest.fixture
async def org(session_factory: Factory, clock: FrozenClock) -> PlanOrg:
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
        day=MARCH_31,
        item_id=item_id,
        quantity=3,
        unit="laporan",
    )
    return org


def boss(send: Send, fake_session: DocSession) -> Dialog:
    return Dialog(send, fake_session, BOSS_TG)


async def open_card(
    d: Dialog, name: str = "Siti Aminah", period: str = "Triwulan I 2026"
) -> list[str]:
    await d.say("/nilai")
    await d.press(period)
    calls = await d.press(f"• {name}")
    return texts(calls)


async def rate(d: Dialog, result: str, behaviour: str) -> None:
    await d.press(hk(result))
    await d.press(pk(behaviour))


# --- choosing period and member, the card ------------------------------------------------------


async def test_nilai_offers_the_periods_then_the_team(
    send: Send, org: PlanOrg, fake_session: DocSession
) -> None:
    d = boss(send, fake_session)

    [ask] = await d.say("/nilai")
    assert isinstance(ask, SendMessage)
    assert (ask.text, labels(ask.reply_markup)) == (
        "Periode mana yang akan dinilai?",
        ["Triwulan I 2026"],  # Q2 opens in June, the annual 2026 one in January 2027
    )
    members = [c for c in await d.press("Triwulan I 2026") if isinstance(c, EditMessageText)]

    assert [(m.text, labels(m.reply_markup)) for m in members] == [
        ("Periode Triwulan I 2026: pilih anggota tim.", ["• Budi Santoso", "• Siti Aminah"])
    ]


async def test_someone_without_a_team_is_told_so(
    send: Send, org: PlanOrg, fake_session: DocSession
) -> None:
    d = Dialog(send, fake_session, STAFF_TG)
    await d.say("/nilai")

    assert texts(await d.press("Triwulan I 2026")) == ["Tidak ada anggota tim untuk dinilai."]


async def test_the_card_shows_the_realization_and_opens_a_draft(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)

    [card] = await open_card(d)

    assert card == (
        "📝 <b>Siti Aminah</b> · Triwulan I 2026\n"
        f"<b>{RHK_TEXT}</b>\n"
        "• Jumlah laporan: 3 / 12 laporan\n"
        "\n"
        "Hasil Kerja: —\n"
        "Perilaku Kerja: —"
    )
    assert d.screen("✅ Finalisasi").labels == CARD_BUTTONS
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert (evaluation.status, evaluation.assessor_id, evaluation.result_rating) == (
        EvaluationStatus.DRAFT,
        org.boss.id,
        None,
    )


async def test_hk_and_pk_buttons_store_the_ratings_and_show_the_predicate(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)

    result = await d.press(hk("⬆️"))
    assert [a.text for a in answers(result)] == ["Tersimpan."]
    assert "Hasil Kerja: Di Atas Ekspektasi\nPerilaku Kerja: —" in texts(result)[0]
    assert "Predikat" not in texts(result)[0]
    assert "✅ Hasil Kerja: di atas ekspektasi" in d.screen(pk("✔️")).labels
    behaviour = await d.press(pk("✔️"))

    assert "Perilaku Kerja: Sesuai Ekspektasi\nPredikat: Baik" in texts(behaviour)[0]
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert (evaluation.result_rating, evaluation.behaviour_rating, evaluation.predicate) == (
        "di_atas",
        "sesuai",
        None,
    )
    await d.say("/nilai")
    [members] = [c for c in await d.press("Triwulan I 2026") if isinstance(c, EditMessageText)]
    assert labels(members.reply_markup) == ["• Budi Santoso", "✏️ Siti Aminah"]


AKUNTABEL = (
    "📝 <b>Siti Aminah</b> · Triwulan I 2026\n"
    "\n"
    "<b>Akuntabel</b> (2/7)\n"
    "  – Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan "
    "berintegritas\n"
    "  – Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, "
    "efisien\n"
    "  – Tidak menyalahgunakan kewenangan jabatan\n"
    "\n"
)


async def test_the_values_are_rated_one_screen_each_on_the_same_message(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)

    first = await d.press("🧭 Nilai BerAKHLAK")
    assert texts(first)[0].startswith(
        "📝 <b>Siti Aminah</b> · Triwulan I 2026\n\n<b>Berorientasi Pelayanan</b> (1/7)\n"
    )
    rated = await d.press("✔️ Sesuai Ekspektasi")

    [edit] = [c for c in rated if isinstance(c, EditMessageText)]
    assert edit.text == AKUNTABEL + "Nilai: —"
    assert labels(edit.reply_markup) == [
        "⬆️ Di Atas Ekspektasi",
        "✔️ Sesuai Ekspektasi",
        "⬇️ Di Bawah Ekspektasi",
        "💬 Umpan balik nilai ini",
        "◀️ Sebelumnya",
        "Berikutnya ▶️",
        "⬅️ Kembali ke kartu",
    ]
    back = await d.press("◀️ Sebelumnya")
    assert "Nilai: Sesuai Ekspektasi" in texts(back)[0]
    assert "✅ Sesuai Ekspektasi" in labels(back[-1].reply_markup)
    [value] = await rows(session_factory, ValueRating)
    assert (value.value, value.rating) == ("berorientasi_pelayanan", "sesuai")


async def test_rating_all_seven_values_leaves_one_card(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await d.press("🧭 Nilai BerAKHLAK")
    calls = []
    for _value in range(7):
        calls += await d.press("⬆️ Di Atas Ekspektasi")

    assert [c for c in calls if isinstance(c, SendMessage)] == []
    card = texts(calls)[-1]
    assert card.startswith("📝 <b>Siti Aminah</b> · Triwulan I 2026\n")
    assert "· Akuntabel: Di Atas Ekspektasi\n· Kompeten: Di Atas Ekspektasi" in card
    assert len(await rows(session_factory, ValueRating)) == 7
    assert [s.labels for s in screens(fake_session) if s.labels] == [CARD_BUTTONS]


async def test_value_feedback_needs_a_rating_first_then_is_stored(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await d.press("🧭 Nilai BerAKHLAK")
    await d.press("Berikutnya ▶️")  # Akuntabel
    before = await snapshot(session_factory)

    assert alert(await d.press("💬 Umpan balik nilai ini")) == (
        "Nilai dulu nilai ini, lalu tambahkan umpan balik."
    )
    assert await snapshot(session_factory) == before
    assert d.screen("💬 Umpan balik nilai ini").text.startswith(AKUNTABEL)

    await d.press("⬆️ Di Atas Ekspektasi")
    await d.press("◀️ Sebelumnya")
    asked = await d.press("💬 Umpan balik nilai ini")
    assert texts(asked) == ["<b>Akuntabel</b>\nTulis umpan balik Anda untuk nilai ini:"]
    assert labels(asked[-1].reply_markup) == ["✖️ Batal"]
    saved = await d.say("Selalu tepat waktu menyerahkan laporan")

    assert [c for c in saved if isinstance(c, SendMessage)] == []
    assert texts(saved) == [
        "✅ Tersimpan.\n\n"
        + AKUNTABEL
        + "Nilai: Di Atas Ekspektasi\nUmpan balik: Selalu tepat waktu menyerahkan laporan"
    ]
    [value] = await rows(session_factory, ValueRating)
    assert (value.value, value.rating, value.feedback) == (
        "akuntabel",
        "di_atas",
        "Selalu tepat waktu menyerahkan laporan",
    )


CARD_TEXT = (
    "📝 <b>Siti Aminah</b> · Triwulan I 2026\n"
    f"<b>{RHK_TEXT}</b>\n"
    "• Jumlah laporan: 3 / 12 laporan\n"
    "\n"
    "Hasil Kerja: —\n"
    "Perilaku Kerja: —"
)


async def test_feedback_per_rhk_is_asked_and_stored(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)

    choose = await d.press("💬 Umpan balik per RHK")
    assert texts(choose) == [
        "📝 <b>Siti Aminah</b> · Triwulan I 2026\n\nUmpan balik untuk RHK yang mana?"
    ]
    asked = await d.press(RHK_TEXT)
    assert texts(asked) == [f"<b>{RHK_TEXT}</b>\nTulis umpan balik Anda untuk RHK ini:"]
    saved = await d.say("  Laporan   rapi dan lengkap ")

    assert texts(saved) == [
        "✅ Tersimpan.\n\n"
        + CARD_TEXT.replace("laporan\n\n", "laporan\n  💬 Laporan rapi dan lengkap\n\n")
    ]
    assert labels(saved[-1].reply_markup) == CARD_BUTTONS
    again = await d.press("💬 Umpan balik per RHK")
    assert labels(again[-1].reply_markup) == [f"💬 {RHK_TEXT}", "⬅️ Kembali ke kartu"]
    [note] = await rows(session_factory, ResultNote)
    assert note.feedback == "Laporan rapi dan lengkap"


async def test_recommendation_is_asked_and_stored(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)

    assert texts(await d.press("📝 Rekomendasi")) == [
        "Tulis rekomendasi pengembangan (misalnya pelatihan):"
    ]
    too_long = await d.say("x" * 2001)
    assert texts(too_long) == [
        "Pesan terlalu panjang (maksimal 2000 karakter).\n\n"
        "Tulis rekomendasi pengembangan (misalnya pelatihan):"
    ]
    assert texts(await d.say("Pelatihan   analisis data")) == [
        f"✅ Tersimpan.\n\n{CARD_TEXT}\nRekomendasi: Pelatihan analisis data"
    ]

    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert evaluation.recommendation == "Pelatihan analisis data"


async def test_cancel_of_a_question_puts_the_card_back_and_saves_nothing(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await d.press("📝 Rekomendasi")
    before = await data_snapshot(session_factory)

    assert texts(await d.press("✖️ Batal")) == [CARD_TEXT]
    assert texts(await d.say("Pelatihan analisis data")) == [
        "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
    ]
    assert await data_snapshot(session_factory) == before


# --- finalise -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hk", "pk", "stored", "shown"),
    [
        ("⬆️", "⬆️", "sangat_baik", "Sangat Baik"),
        ("✔️", "⬆️", "baik", "Baik"),
        ("⬇️", "✔️", "butuh_perbaikan", "Butuh Perbaikan"),
        ("⬆️", "⬇️", "kurang", "Kurang/Misconduct"),
        ("⬇️", "⬇️", "sangat_kurang", "Sangat Kurang"),
    ],
)
async def test_finalise_confirms_then_stores_the_predicate_of_the_matrix(
    hk: str,
    pk: str,
    stored: str,
    shown: str,
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, hk, pk)

    confirm = await d.press("✅ Finalisasi")
    assert texts(confirm) == [
        f"📊 <b>Distribusi tim</b> Triwulan I 2026\n• {shown}: 1\n"
        f"Predikat kinerja organisasi unit belum ditetapkan.\n\n{CONFIRM}"
    ]
    draft = await evaluation_of(session_factory, org.staff, Q1)
    assert draft is not None
    assert draft.status is EvaluationStatus.DRAFT
    done = await d.press("✅ Ya, finalisasi")

    [edit] = [c for c in done if isinstance(c, EditMessageText)]
    assert edit.text == f"✅ Final: {shown}. Evaluasi sudah dikirim ke pegawai."
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert (evaluation.status, evaluation.predicate, evaluation.finalized_at) == (
        EvaluationStatus.FINAL,
        stored,
        clock.now,
    )
    assert await outbox_rows(session_factory, "evaluation.final") == [
        (org.staff.id, {"evaluation_id": evaluation.id})
    ]


async def test_the_employee_receives_the_final_evaluation(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
    bot: Bot,
    i18n: I18n,
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "⬆️", "⬆️")
    await d.press("✅ Finalisasi")
    await d.press("✅ Ya, finalisasi")

    start = len(fake_session.sent)
    await deliver(bot, session_factory, i18n, clock.now)

    [message] = [
        m for m in fake_session.sent[start:] if m.chat.id == STAFF_TG and "Evaluasi" in str(m.text)
    ]
    assert message.text == (
        "📋 <b>Evaluasi Triwulan I 2026</b>\n"
        "Hasil Kerja: Di Atas Ekspektasi\n"
        "Perilaku Kerja: Di Atas Ekspektasi\n"
        "Predikat: Sangat Baik"
    )
    assert labels(message.reply_markup) == ["💬 Tanggapi", "✅ Terima", "📄 PDF", "📊 XLSX"]


async def test_finalise_without_both_ratings_is_refused(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await d.press(hk("⬆️"))
    await d.press("✅ Finalisasi")
    before = await snapshot(session_factory)

    calls = await d.press("✅ Ya, finalisasi")

    assert alert(calls) == "Nilai Hasil Kerja dan Perilaku Kerja dulu."
    assert await snapshot(session_factory) == before


async def test_the_curve_warns_when_the_unit_predicate_is_broken(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    await unit_predicate(session_factory, org, Q1, OrgPredicate.GOOD, clock.now)
    async with session_factory() as session:
        await final_evaluation(session, org.staff2, org.boss, Q1, "baik", clock.now)
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "✔️", "✔️")
    warnings = [
        "⚠️ Baik: harus maksimal 70%, sekarang 100% (2)",
        "⚠️ Kurang/Misconduct, Butuh Perbaikan: harus minimal 1 orang, sekarang 0% (0)",
    ]

    curve = await d.press("📊 Kurva tim")
    assert texts(curve) == [
        "📊 <b>Distribusi tim</b> Triwulan I 2026\n• Baik: 2\nPredikat organisasi: Baik\n"
        + "\n".join(warnings)
    ]
    await d.press("⬅️ Kembali ke kartu")
    confirm = await d.press("✅ Finalisasi")
    assert texts(confirm)[0].endswith("\n".join(warnings) + f"\n\n{CONFIRM}")
    done = await d.press("✅ Ya, finalisasi")

    [edit] = [c for c in done if isinstance(c, EditMessageText)]
    assert edit.text == "\n".join(["✅ Final: Baik. Evaluasi sudah dikirim ke pegawai.", *warnings])
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert (evaluation.status, evaluation.predicate) == (EvaluationStatus.FINAL, "baik")


async def _blocking(factory: Factory, org: PlanOrg) -> None:
    async with factory() as session:
        await session.execute(
            update(Agency).where(Agency.id == org.agency.id).values(curve_blocks=True)
        )
        await session.commit()


async def test_a_blocking_curve_refuses_the_finalisation_that_completes_the_team(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    await _blocking(session_factory, org)
    await unit_predicate(session_factory, org, Q1, OrgPredicate.GOOD, clock.now)
    async with session_factory() as session:
        await final_evaluation(session, org.staff2, org.boss, Q1, "baik", clock.now)
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "✔️", "✔️")
    await d.press("✅ Finalisasi")
    before = await snapshot(session_factory)

    calls = await d.press("✅ Ya, finalisasi")

    assert alert(calls) == "Distribusi tim melanggar kurva; sesuaikan dulu."
    assert texts(calls) == [
        "⚠️ Baik: harus maksimal 70%, sekarang 100% (2)\n"
        "⚠️ Kurang/Misconduct, Butuh Perbaikan: harus minimal 1 orang, sekarang 0% (0)"
    ]
    assert await snapshot(session_factory) == before


async def test_a_blocking_curve_only_warns_while_team_members_remain(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    await _blocking(session_factory, org)
    await unit_predicate(session_factory, org, Q1, OrgPredicate.GOOD, clock.now)
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "✔️", "✔️")
    await d.press("✅ Finalisasi")

    done = await d.press("✅ Ya, finalisasi")

    [edit] = [c for c in done if isinstance(c, EditMessageText)]
    assert str(edit.text).startswith("✅ Final: Baik. Evaluasi sudah dikirim ke pegawai.\n⚠️ ")
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert evaluation.status is EvaluationStatus.FINAL


# --- refusals -----------------------------------------------------------------------------------


async def test_after_the_deadline_rating_is_locked(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "⬆️", "✔️")
    screen = d.screen(hk("⬇️"))
    clock.advance(days=8, hours=15)  # 11 April 00:00 WIB: the 10-day deadline has passed
    before = await snapshot(session_factory)

    assert alert(await d.press(hk("⬇️"), screen)) == LOCKED
    await d.press("✅ Finalisasi", screen)
    assert alert(await d.press("✅ Ya, finalisasi")) == LOCKED

    assert await snapshot(session_factory) == before


async def test_the_last_day_before_the_deadline_is_still_open(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    clock.advance(days=8, hours=14)  # 10 April 23:00 WIB

    await d.press(hk("⬇️"))

    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert evaluation.result_rating == "di_bawah"


async def test_a_final_evaluation_cannot_be_rated_again(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "⬆️", "⬆️")
    screen = d.screen(pk("⬇️"))
    await d.press("✅ Finalisasi")
    await d.press("✅ Ya, finalisasi")
    before = await snapshot(session_factory)

    assert alert(await d.press(pk("⬇️"), screen)) == LOCKED
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("who", [STAFF_TG, OTHER_BOSS_TG, HEAD_TG])
async def test_forged_rating_buttons_of_a_non_assessor_are_refused(
    who: int,
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
) -> None:
    await open_card(boss(send, fake_session))
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    d = Dialog(send, fake_session, who)
    before = await snapshot(session_factory)

    shown = {"evaluation": evaluation.id, "version": card_version(evaluation)}
    for forged, refusal in (
        (RateCb(**shown, aspect=Aspect.RESULT, rating=Rating.ABOVE), NOT_ASSESSOR),
        (RateCb(**shown, aspect=Aspect.BEHAVIOUR, rating=Rating.BELOW), NOT_ASSESSOR),
        (FinaliseCb(**shown), NOT_ASSESSOR),
        (ViewCb(**shown, view=View.CONFIRM), STALE),
        (ViewCb(**shown, view=View.CURVE), STALE),
        (ViewCb(**shown, view=View.CARD), STALE),
    ):
        calls = await d.tap(forged.pack())
        assert alert(calls) == refusal, forged
        assert texts(calls) == [], forged
    assert alert(await d.tap(MemberCb(employee=org.staff.id, period=Q1).pack())) == STALE

    assert await snapshot(session_factory) == before


async def test_forged_values_of_a_rating_button_are_refused(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    before = await snapshot(session_factory)

    version = card_version(evaluation)
    gone = "Evaluasi ini sudah tidak ada."
    for forged, refusal in (
        (f"evr:{evaluation.id}:{version}:r:luar_biasa", STALE),  # not a rating
        (f"evr:{evaluation.id}:{version}:x:di_atas", STALE),  # not an aspect
        (f"evr:{evaluation.id}:-1:r:di_atas", STALE),
        (f"evr:{evaluation.id}:{version + 1}:r:di_atas", STALE),  # another card's version
        (f"evr:9999999999:{version}:r:di_atas", STALE),  # past the id range
        (RateCb(evaluation=999_999, version=0, aspect="r", rating="di_atas").pack(), gone),
        (FinaliseCb(evaluation=999_999, version=0).pack(), gone),
        (MemberCb(employee=org.other_staff.id, period=Q1).pack(), STALE),
        (f"evm:{org.staff.id}:2026-Q5", STALE),
        ("evp:2026-Q9", STALE),
        (PeriodCb(period="2025-Q4").pack(), STALE),  # closed long ago
        ("ev:res:1:di_atas", STALE),  # a button of the old format
    ):
        assert alert(await d.tap(forged)) == refusal, forged

    assert await snapshot(session_factory) == before


# --- /predikatunit and /bukaevaluasi -------------------------------------------------------------


async def test_the_leader_sets_a_unit_predicate(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = Dialog(send, fake_session, HEAD_TG)

    [ask] = await d.say("/predikatunit")
    assert isinstance(ask, SendMessage)
    assert (ask.text, labels(ask.reply_markup)) == (
        "Predikat organisasi Triwulan I 2026: pilih unit.",
        [UNIT_A, UNIT_B],
    )
    which = [c for c in await d.press(UNIT_A) if isinstance(c, EditMessageText)]
    assert [(w.text, labels(w.reply_markup)) for w in which] == [
        (
            "Predikat apa?",
            ["Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"],
        )
    ]
    calls = await d.press("Butuh Perbaikan")

    assert [a.text for a in answers(calls)] == ["✅ Tersimpan."]
    assert keyboard_removed(calls)
    assert await unit_predicates(session_factory) == [
        (org.unit_a.id, Q1, "butuh_perbaikan", org.head.id)
    ]


async def test_someone_without_units_below_is_told_so(
    send: Send, org: PlanOrg, fake_session: DocSession
) -> None:
    assert texts(await Dialog(send, fake_session, STAFF_TG).say("/predikatunit")) == [
        "Tidak ada unit di bawah unit Anda."
    ]


@pytest.mark.parametrize("who", [PLT_TG, OTHER_BOSS_TG])
async def test_a_non_leader_cannot_set_a_unit_predicate(
    who: int, send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = Dialog(send, fake_session, who)
    before = await snapshot(session_factory)

    forged = UnitSetCb(unit=org.unit_a.id, period=Q1, predicate=OrgPredicate.GOOD)
    calls = await d.tap(forged.pack())

    assert alert(calls) == "Hanya pimpinan di atas unit ini yang dapat menetapkan predikatnya."
    assert await snapshot(session_factory) == before


async def test_an_admin_reopens_a_locked_evaluation(
    send: Send,
    org: PlanOrg,
    fake_session: DocSession,
    session_factory: Factory,
    clock: FrozenClock,
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "⬆️", "⬆️")
    await d.press("✅ Finalisasi")
    await d.press("✅ Ya, finalisasi")
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    clock.advance(days=20)
    admin = Dialog(send, fake_session, ADMIN_TG)

    assert texts(await admin.say("/bukaevaluasi")) == [
        "Cara pakai: /bukaevaluasi &lt;nomor evaluasi&gt;"
    ]
    assert texts(await admin.say("/bukaevaluasi 999999")) == ["Evaluasi itu tidak ada."]
    assert texts(await admin.say(f"/bukaevaluasi {evaluation.id}")) == [
        "✅ Dibuka kembali; penilai dapat mengubahnya lagi."
    ]
    reopened = await evaluation_of(session_factory, org.staff, Q1)
    assert reopened is not None
    assert (reopened.status, reopened.reopened_at) == (EvaluationStatus.DRAFT, clock.now)

    await d.say("/nilai")
    await d.press("Triwulan I 2026")  # a reopened period stays on offer after its deadline
    await d.press("✏️ Siti Aminah")
    await d.press(hk("✔️"))
    rerated = await evaluation_of(session_factory, org.staff, Q1)
    assert rerated is not None
    assert rerated.result_rating == "sesuai"


async def test_a_non_admin_cannot_reopen(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "⬆️", "⬆️")
    await d.press("✅ Finalisasi")
    await d.press("✅ Ya, finalisasi")
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    before = await snapshot(session_factory)

    calls = await d.say(f"/bukaevaluasi {evaluation.id}")

    assert texts(calls) == [
        "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
    ]
    assert await snapshot(session_factory) == before


# --- one card, edited in place -----------------------------------------------------------------


async def test_a_whole_rating_sends_one_message_and_edits_it(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "⬆️", "✔️")
    await d.press("🧭 Nilai BerAKHLAK")
    for _value in range(7):
        await d.press("✔️ Sesuai Ekspektasi")
    await d.press("💬 Umpan balik per RHK")
    await d.press(RHK_TEXT)
    await d.say("Laporan lengkap")
    await d.press("📝 Rekomendasi")
    await d.say("Pelatihan analisis data")
    await d.press("📊 Kurva tim")
    await d.press("⬅️ Kembali ke kartu")
    await d.press("✅ Finalisasi")
    await d.press("✅ Ya, finalisasi")

    calls = [c for step in d.log for c in step]
    sent = [c for c in calls if isinstance(c, SendMessage)]
    edited = [c for c in calls if isinstance(c, EditMessageText)]
    assert [m.text for m in sent] == ["Periode mana yang akan dinilai?"]
    assert len(edited) == len(d.log) - 1  # every other step edited that one message
    assert {(e.chat_id, e.message_id) for e in edited if e.message_id} == {
        (BOSS_TG, fake_session.sent[0].message_id)
    }
    assert [s.text for s in screens(fake_session)] == [
        "✅ Final: Baik. Evaluasi sudah dikirim ke pegawai."
    ]
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert (evaluation.status, len(evaluation.values)) == (EvaluationStatus.FINAL, 7)


async def test_the_buttons_of_an_older_card_are_stale_once_the_newer_one_changed(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    old = d.screen(hk("⬆️"))
    await d.say("/nilai")  # a second card of the same evaluation
    await d.press("Triwulan I 2026")
    await d.press("✏️ Siti Aminah")
    await d.press(hk("⬇️"))
    before = await snapshot(session_factory)

    for label in (hk("⬆️"), "📝 Rekomendasi", "🧭 Nilai BerAKHLAK", "✅ Finalisasi"):
        calls = await d.press(label, old)
        assert alert(calls) == STALE, label
        assert texts(calls) == [], label

    assert await snapshot(session_factory) == before
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert evaluation.result_rating == "di_bawah"


async def test_on_1_december_only_the_fourth_quarter_is_offered(
    send: Send, org: PlanOrg, fake_session: DocSession, clock: FrozenClock
) -> None:
    clock.now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 09:00 WIB
    d = boss(send, fake_session)

    [ask] = await d.say("/nilai")

    assert isinstance(ask, SendMessage)
    assert labels(ask.reply_markup) == ["Triwulan IV 2026"]
    assert alert(await d.tap(PeriodCb(period="2026-Q3").pack())) == STALE  # closed 10 October
    assert alert(await d.tap(PeriodCb(period="2026-Y").pack())) == STALE  # opens in January
    assert alert(await d.tap(MemberCb(employee=org.staff.id, period="2026-Y").pack())) == STALE


async def test_in_january_the_annual_evaluation_is_offered(
    send: Send, org: PlanOrg, fake_session: DocSession, clock: FrozenClock
) -> None:
    clock.now = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    [ask] = await boss(send, fake_session).say("/nilai")

    assert isinstance(ask, SendMessage)
    assert labels(ask.reply_markup) == ["Triwulan IV 2026", "Tahunan 2026"]


async def test_no_period_open_is_said_so(
    send: Send, org: PlanOrg, fake_session: DocSession, clock: FrozenClock
) -> None:
    clock.now = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)

    assert texts(await boss(send, fake_session).say("/nilai")) == [
        "Hari ini tidak ada periode penilaian yang sedang dibuka."
    ]


async def test_an_evaluation_on_an_unapproved_skp_cannot_be_finalised(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    async with session_factory() as session:
        await session.execute(
            update(Plan).where(Plan.employee_id == org.staff.id).values(status=PlanStatus.SUBMITTED)
        )
        await session.commit()
    d = boss(send, fake_session)
    [card] = await open_card(d)
    assert "⚠️ SKP untuk periode ini belum disetujui." in card
    await rate(d, "⬆️", "⬆️")
    before = await snapshot(session_factory)

    calls = await d.press("✅ Finalisasi")

    assert alert(calls) == NOT_APPROVED
    assert texts(calls) == []
    assert d.screen("✅ Finalisasi").labels[-2:] == ["✅ Finalisasi", "👥 Kembali ke daftar tim"]
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    forged = FinaliseCb(evaluation=evaluation.id, version=card_version(evaluation))
    assert alert(await d.tap(forged.pack())) == NOT_APPROVED  # the service refuses it too
    assert await snapshot(session_factory) == before


async def test_forged_question_buttons_are_refused_and_ask_nothing(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    shown = {"evaluation": evaluation.id, "version": card_version(evaluation)}
    before = await data_snapshot(session_factory)

    for who, forged in (
        (BOSS_TG, AskCb(**shown, ask=Ask.NOTE, item=999_999)),  # not an RHK of this plan
        (BOSS_TG, AskCb(**shown, ask=Ask.VALUE_NOTE)),  # no value
        (BOSS_TG, AskCb(evaluation=evaluation.id, version=shown["version"] + 1, ask=Ask.NOTE)),
        (STAFF_TG, AskCb(**shown, ask=Ask.RECOMMENDATION)),  # not the assessor
    ):
        calls = await Dialog(send, fake_session, who).tap(forged.pack())
        assert alert(calls) == STALE, forged
        assert texts(calls) == [], forged

    assert texts(await d.say("Pelatihan analisis data")) == [NOT_UNDERSTOOD]
    assert await data_snapshot(session_factory) == before


async def test_a_double_tap_on_finalise_finalises_once(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "✔️", "✔️")
    await d.press("✅ Finalisasi")
    confirm = d.screen("✅ Ya, finalisasi")
    await d.press("✅ Ya, finalisasi", confirm)

    assert alert(await d.press("✅ Ya, finalisasi", confirm)) == LOCKED
    assert len(await outbox_rows(session_factory, "evaluation.final")) == 1
