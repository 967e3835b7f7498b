"""/verifikasi: a summary line and one review card per employee-day of pending work."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import FrozenClock
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.supervision_helpers import (
    FRIDAY,
    NOTHING_PENDING,
    add_employee,
    document,
    labels,
    link,
    photo,
    say,
    sent,
    sent_texts,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
LEGEND = "✅ setujui · ✏️ minta revisi · ❌ tolak"


async def test_nothing_pending_says_so(send: Send, org: Org) -> None:
    assert reply_text(await say(send, BOSS_TG, "/verifikasi")) == NOTHING_PENDING
    assert reply_text(await say(send, STAFF_TG, "/verify")) == NOTHING_PENDING


async def test_work_of_another_team_is_not_shown(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan bulanan", clock())

    assert reply_text(await say(send, ADMIN_TG, "/verifikasi")) == NOTHING_PENDING


async def test_summary_and_one_card_per_employee_day(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    first = await submit(
        session_factory, org.staff, "Menyusun laporan", clock(), start="08:00", end="09:30"
    )
    second = await submit(
        session_factory, org.staff, "Rapat koordinasi", clock(), start="10:00", end="11:00"
    )
    older = await submit(session_factory, org.staff, "Arsip surat", clock(), work_date=FRIDAY)
    eko = await add_employee(session_factory, org, 5, "Eko Pelaksana", clock(), supervisor=org.boss)
    await submit(session_factory, eko, "Entri data", clock())
    before = await snapshot(session_factory)

    calls = await say(send, BOSS_TG, "/verifikasi")

    summary, monday, friday, eko_card = sent(calls)
    assert len(calls) == 4
    assert summary.text == "🧾 4 laporan menunggu verifikasi; yang tertua dari hari ini."
    assert summary.reply_markup is None
    assert monday.text == (
        "🧾 <b>Citra Staf</b> · Sen 02/03/2026\nMenunggu verifikasi Anda: 2\n"
        "Total hari itu: 2 j 30 mnt\n\n"
        "1. 08.00–09.30 (1 j 30 mnt)\nMenyusun laporan\n\n"
        f"2. 10.00–11.00 (1 jam)\nRapat koordinasi\n\n{LEGEND}"
    )
    assert labels(monday.reply_markup) == [
        *("✅ 1", "✏️ 1", "❌ 1", "✅ 2", "✏️ 2", "❌ 2"),
        "✅ Setujui semua (2)",
        "💬 Umpan balik",
    ]
    assert [b.callback_data for b in monday.reply_markup.inline_keyboard[0]] == [
        f"rv:ok:{first.id}:1",
        f"rv:rev:{first.id}:1",
        f"rv:rej:{first.id}:1",
    ]
    assert monday.reply_markup.inline_keyboard[1][0].callback_data == f"rv:ok:{second.id}:1"
    assert friday.text.startswith(
        "🧾 <b>Citra Staf</b> · Jum 27/02/2026\nMenunggu verifikasi Anda: 1"
    )
    assert "Arsip surat" in friday.text
    assert friday.reply_markup.inline_keyboard[0][0].callback_data == f"rv:ok:{older.id}:1"
    assert eko_card.text.startswith("🧾 <b>Eko Pelaksana</b> · Sen 02/03/2026")
    assert await snapshot(session_factory) == before


async def test_card_shows_output_links_and_file_count(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await submit(
        session_factory,
        org.staff,
        "Menyusun <draf> SOP",
        clock(),
        output=(3, "dokumen"),
        evidence=[photo(), document(), link()],
    )
    await submit(session_factory, org.staff, "Rapat", clock(), evidence=[link()])

    _, card = sent(await say(send, BOSS_TG, "/verifikasi"))

    assert "1. 1 jam\nMenyusun &lt;draf&gt; SOP\nHasil: 3 dokumen\n" in card.text
    assert '🔗 <a href="https://drive.example.go.id/berkas">' in card.text
    assert "📎 2 berkas" in card.text
    assert card.text.count("📎") == 1  # the link-only activity has no files
    assert labels(card.reply_markup)[:4] == ["✅ 1", "✏️ 1", "❌ 1", "🔎 1"]
    assert "🔎 2" not in labels(card.reply_markup)


async def test_age_of_the_oldest_report_counts_workdays(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    friday_morning = datetime(2026, 2, 27, 2, 0, tzinfo=UTC)
    await submit(session_factory, org.staff, "Arsip surat", friday_morning, work_date=FRIDAY)

    texts = sent_texts(await say(send, BOSS_TG, "/verifikasi"))

    assert texts[0] == "🧾 1 laporan menunggu verifikasi; yang tertua 1 hari kerja."


async def test_at_most_five_cards_then_a_pointer_to_the_rest(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    for i in range(6):
        member = await add_employee(
            session_factory, org, 10 + i, f"Anggota {i}", clock(), supervisor=org.boss
        )
        await submit(session_factory, member, f"Kegiatan anggota {i}", clock())
        clock.advance(minutes=1)

    texts = sent_texts(await say(send, BOSS_TG, "/verifikasi"))

    assert len(texts) == 7
    assert texts[0].startswith("🧾 6 laporan menunggu verifikasi")
    assert [t.split("</b>")[0] for t in texts[1:6]] == [
        f"🧾 <b>Anggota {i}" for i in range(5)
    ]  # oldest first
    assert texts[6] == "…dan 1 lagi. Putuskan yang ini dulu, lalu /verifikasi lagi."
