"""/nilai for the assessor: period → member → HK/PK buttons, BerAKHLAK values, recommendation,
team curve, finalise with confirmation; the deadline lock, forged buttons, /predikatunit and
/bukaevaluasi."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram import Bot
from aiogram.methods import EditMessageText, SendMessage
from aiogram.utils.i18n import I18n
from sqlalchemy import update

from handlers.evaluation import EvalCb
from models import Agency, EvaluationStatus, ResultNote, ValueRating
from services.curve import OrgPredicate
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
    sent_messages,
    unit_predicate,
    unit_predicates,
)
from tests.handlers.report_helpers import Dialog, alert, answers, labels, screens, texts
from tests.handlers.supervision_helpers import keyboard_removed, rows
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
CARD_BUTTONS = [
    *("⬆️ HK", "✔️ HK", "⬇️ HK", "⬆️ PK", "✔️ PK", "⬇️ PK"),
    *("🧭 Nilai BerAKHLAK", "💬 Umpan balik per RHK", "📝 Rekomendasi", "📊 Kurva tim"),
    "✅ Finalisasi",
]
CONFIRM = "Finalisasi evaluasi ini? Pegawai akan menerimanya."


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


async def rate(d: Dialog, hk: str, pk: str) -> None:
    await d.press(f"{hk} HK")
    await d.press(f"{pk} PK")


# --- choosing period and member, the card ------------------------------------------------------


async def test_nilai_offers_the_periods_then_the_team(
    send: Send, org: PlanOrg, fake_session: DocSession
) -> None:
    d = boss(send, fake_session)

    [ask] = await d.say("/nilai")
    assert isinstance(ask, SendMessage)
    assert (ask.text, labels(ask.reply_markup)) == (
        "Periode mana yang akan dinilai?",
        ["Triwulan I 2026", "Tahunan 2026"],
    )
    members = [c for c in await d.press("Triwulan I 2026") if isinstance(c, SendMessage)]

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
        "Perilaku Kerja: —\n"
        "\n"
        "HK = Hasil Kerja, PK = Perilaku Kerja (keseluruhan)."
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

    hk = await d.press("⬆️ HK")
    assert [a.text for a in answers(hk)] == ["Tersimpan."]
    assert "Hasil Kerja: Di Atas Ekspektasi\nPerilaku Kerja: —" in texts(hk)[0]
    assert "Predikat" not in texts(hk)[0]
    pk = await d.press("✔️ PK")

    assert "Perilaku Kerja: Sesuai Ekspektasi\nPredikat: Baik" in texts(pk)[0]
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert (evaluation.result_rating, evaluation.behaviour_rating, evaluation.predicate) == (
        "di_atas",
        "sesuai",
        None,
    )
    await d.say("/nilai")
    [members] = sent_messages(await d.press("Triwulan I 2026"))
    assert labels(members.reply_markup) == ["• Budi Santoso", "✏️ Siti Aminah"]


async def test_a_value_screen_shows_its_three_guides_and_stores_the_rating(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)

    calls = await d.press("🧭 Nilai BerAKHLAK")

    shown = [c for c in calls if isinstance(c, SendMessage)]
    assert len(shown) == 7
    [akuntabel] = [s for s in shown if s.text.startswith("<b>Akuntabel</b>")]
    assert akuntabel.text == (
        "<b>Akuntabel</b>\n"
        "  – Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan "
        "berintegritas\n"
        "  – Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, "
        "efisien\n"
        "  – Tidak menyalahgunakan kewenangan jabatan"
    )
    assert labels(akuntabel.reply_markup) == [
        "⬆️ Di Atas Ekspektasi",
        "✔️ Sesuai Ekspektasi",
        "⬇️ Di Bawah Ekspektasi",
        "💬 Umpan balik nilai ini",
    ]
    [screen] = [s for s in screens(fake_session) if s.text.startswith("<b>Akuntabel</b>")]
    rated = await d.press("✔️ Sesuai Ekspektasi", screen)
    assert "· Akuntabel: Sesuai Ekspektasi" in texts(rated)[0]
    [value] = await rows(session_factory, ValueRating)
    assert (value.value, value.rating) == ("akuntabel", "sesuai")


async def test_value_feedback_needs_a_rating_first_then_is_stored(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await d.press("🧭 Nilai BerAKHLAK")
    [screen] = [s for s in screens(fake_session) if s.text.startswith("<b>Akuntabel</b>")]

    await d.press("💬 Umpan balik nilai ini", screen)
    refused = await d.say("Selalu tepat waktu menyerahkan laporan")
    assert texts(refused) == ["Nilai dulu nilai ini, lalu tambahkan umpan balik."]
    assert await rows(session_factory, ValueRating) == []

    await d.press("⬆️ Di Atas Ekspektasi", screen)
    await d.press("💬 Umpan balik nilai ini", screen)
    assert texts(await d.say("Selalu tepat waktu menyerahkan laporan")) == ["✅ Tersimpan."]
    [value] = await rows(session_factory, ValueRating)
    assert (value.value, value.rating, value.feedback) == (
        "akuntabel",
        "di_atas",
        "Selalu tepat waktu menyerahkan laporan",
    )


async def test_feedback_per_rhk_is_asked_and_stored(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)

    choose = await d.press("💬 Umpan balik per RHK")
    assert texts(choose) == ["Umpan balik untuk RHK yang mana?"]
    await d.press(RHK_TEXT)
    assert texts(await d.say("  Laporan   rapi dan lengkap ")) == ["✅ Tersimpan."]

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
    assert texts(await d.say("Pelatihan   analisis data")) == ["✅ Tersimpan."]

    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert evaluation.recommendation == "Pelatihan analisis data"


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
    await d.press("⬆️ HK")
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
    screen = d.screen("⬇️ HK")
    clock.advance(days=8, hours=15)  # 11 April 00:00 WIB: the 10-day deadline has passed
    before = await snapshot(session_factory)

    assert alert(await d.press("⬇️ HK", screen)) == LOCKED
    await d.press("✅ Finalisasi", d.screen("✅ Finalisasi"))
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

    await d.press("⬇️ HK")

    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert evaluation.result_rating == "di_bawah"


async def test_a_final_evaluation_cannot_be_rated_again(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    await rate(d, "⬆️", "⬆️")
    screen = d.screen("⬇️ PK")
    await d.press("✅ Finalisasi")
    await d.press("✅ Ya, finalisasi")
    before = await snapshot(session_factory)

    assert alert(await d.press("⬇️ PK", screen)) == LOCKED
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

    for action, arg, refusal in (
        ("res", "di_atas", NOT_ASSESSOR),
        ("beh", "di_bawah", NOT_ASSESSOR),
        ("finok", "", NOT_ASSESSOR),
        ("fin", "", STALE),
        ("curve", "", STALE),
    ):
        calls = await d.tap(EvalCb(action=action, id=evaluation.id, arg=arg).pack())
        assert alert(calls) == refusal, action
        assert texts(calls) == [], action
    assert alert(await d.tap(EvalCb(action="open", id=org.staff.id, arg=Q1).pack())) == STALE

    assert await snapshot(session_factory) == before


async def test_forged_values_of_a_rating_button_are_refused(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = boss(send, fake_session)
    await open_card(d)
    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    before = await snapshot(session_factory)

    for forged, refusal in (
        (EvalCb(action="res", id=evaluation.id, arg="luar_biasa"), STALE),
        (EvalCb(action="res", id=999_999, arg="di_atas"), "Evaluasi ini sudah tidak ada."),
        (EvalCb(action="finok", id=999_999), "Evaluasi ini sudah tidak ada."),
        (EvalCb(action="open", id=org.other_staff.id, arg=Q1), STALE),
        (EvalCb(action="open", id=org.staff.id, arg="2026-Q5"), STALE),
        (EvalCb(action="period", arg="2026-Q9"), STALE),
    ):
        assert alert(await d.tap(forged.pack())) == refusal, forged

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
    which = [c for c in await d.press(UNIT_A) if isinstance(c, SendMessage)]
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

    calls = await d.tap(EvalCb(action="setunit", id=org.unit_a.id, arg=f"{Q1}|baik").pack())

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

    await d.press("✔️ HK", d.screen("✔️ HK"))
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
