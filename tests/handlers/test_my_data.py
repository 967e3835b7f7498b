"""/dataku: my data as JSON and XLSX, a correction request to the admins; /jejak shows who
looked at my data. Bad input (wrong role, too long, double tap, old button) changes nothing."""

from __future__ import annotations

import io
import json
from typing import Any

from aiogram import Bot
from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import I18n
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.my_data import MyDataAction, MyDataCb
from models import AuditLog, Employee, Notification
from services.audit import record_read
from services.corrections import MAX_CHARS
from tests.conftest import FrozenClock
from tests.factories import make_employee
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import of_type, reply_text, snapshot
from tests.handlers.plan_chat_helpers import deliver
from tests.handlers.supervision_helpers import (
    NIP_NOT_FOUND,
    STALE_BUTTON,
    alert,
    answers,
    press,
    say,
    sent_texts,
    submit,
    tap,
)

Factory = async_sessionmaker[AsyncSession]
BUTTON = "✏️ Ajukan koreksi"
PROMPT = (
    "Tuliskan data yang keliru dan seharusnya bagaimana, dalam satu pesan (paling banyak "
    "1000 karakter), atau /batal."
)
SENT = (
    "✅ Permintaan koreksi Anda telah dikirim kepada admin (1). Admin akan memeriksa dan "
    "memperbaiki data Anda."
)
TOO_LONG = (
    "Permintaan koreksi terlalu panjang (paling banyak 1000 karakter).\n"
    "Silakan tulis kembali, atau /batal."
)
CORRECTION = "Jabatan saya tertulis Analis, seharusnya Pranata Komputer Ahli Pertama."


def _file(call: Any) -> BufferedInputFile:
    assert isinstance(call, SendDocument)
    assert isinstance(call.document, BufferedInputFile)
    return call.document


async def _open(send: Send, fake_session: FakeSession) -> Message:
    """Citra sends /dataku; the message with the correction button."""
    await say(send, STAFF_TG, "/dataku")
    return fake_session.sent[-1]


async def _audit(factory: Factory, action: str) -> list[AuditLog]:
    async with factory() as session:
        return list(
            (await session.scalars(select(AuditLog).where(AuditLog.action == action))).all()
        )


async def test_my_data_arrives_as_json_and_xlsx(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    report = await submit(session_factory, org.staff, '=HYPERLINK("http://x")', clock())
    before = await snapshot(session_factory)

    calls = await say(send, STAFF_TG, "/dataku")

    json_file, xlsx_file, message = calls
    assert _file(json_file).filename == f"dataku-{org.staff.nip}-20260302.json"
    document = json.loads(_file(json_file).data)
    assert [a["id"] for a in document["tables"]["activity"]] == [report.id]
    assert [e["name"] for e in document["tables"]["employee"]] == ["Citra Staf"]
    book = load_workbook(io.BytesIO(_file(xlsx_file).data))
    cell = book["activity"].cell(
        row=2, column=[c.value for c in book["activity"][1]].index("description") + 1
    )
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")
    assert isinstance(message, SendMessage)
    assert message.text.startswith("📦 <b>Data pribadi: Citra Staf</b>\n")
    assert message.text.endswith("Ketuk tombol di bawah untuk meminta admin memperbaikinya.")
    assert await snapshot(session_factory) == before  # one's own copy changes nothing


async def test_an_admin_gets_someones_copy_by_nip_and_it_is_audited(
    send: Send, org: Org, session_factory: Factory
) -> None:
    calls = await say(send, ADMIN_TG, f"/dataku {org.staff.nip}")

    assert len(of_type(calls, SendDocument)) == 2
    [message] = of_type(calls, SendMessage)
    assert message.reply_markup is None  # only the person asks for their correction
    [read] = await _audit(session_factory, "read")
    assert (read.actor_id, read.entity_id, read.reason) == (
        org.admin.id,
        org.staff.id,
        "personal_data",
    )


async def test_nobody_else_gets_my_copy(send: Send, org: Org, session_factory: Factory) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await say(send, BOSS_TG, f"/dataku {org.staff.nip}"))

    assert text == "Hanya admin yang dapat mengambil salinan data orang lain."
    assert await snapshot(session_factory) == before


async def test_unknown_nip(send: Send, org: Org, session_factory: Factory) -> None:
    before = await snapshot(session_factory)
    assert reply_text(await say(send, ADMIN_TG, "/dataku 12345")) == NIP_NOT_FOUND
    assert await snapshot(session_factory) == before


async def test_a_correction_request_reaches_the_admins(
    send: Send,
    org: Org,
    session_factory: Factory,
    fake_session: FakeSession,
    bot: Bot,
    i18n: I18n,
    clock: FrozenClock,
) -> None:
    card = await _open(send, fake_session)

    calls = await press(send, STAFF_TG, card, BUTTON)
    assert sent_texts(calls) == [PROMPT]
    assert reply_text(await say(send, STAFF_TG, CORRECTION)) == SENT

    [request] = await _audit(session_factory, "personal_data.correction")
    assert (request.actor_id, request.entity_id, request.reason) == (
        org.staff.id,
        org.staff.id,
        CORRECTION,
    )
    async with session_factory() as session:
        rows = (await session.scalars(select(Notification))).all()
        assert [(n.recipient_id, n.kind, n.payload) for n in rows] == [
            (org.admin.id, "pdp.correction", {"request_id": request.id})
        ]
    start = len(fake_session.sent)
    await deliver(bot, session_factory, i18n, clock())
    [notice] = fake_session.sent[start:]
    assert notice.chat.id == ADMIN_TG
    assert notice.text == (
        "✏️ <b>Permintaan koreksi data</b> dari Citra Staf (NIP "
        f"{org.staff.nip}), 02/03/2026 09.00 WIB:\n{CORRECTION}\n\n"
        "Mohon periksa dan perbaiki datanya (impor berkas pegawai), lalu kabari yang bersangkutan."
    )
    # The dialog is over: the next text is not another request.
    assert "koreksi" not in reply_text(await say(send, STAFF_TG, CORRECTION))
    assert len(await _audit(session_factory, "personal_data.correction")) == 1


async def test_a_too_long_or_too_short_request_is_refused_and_the_question_stays(
    send: Send, org: Org, session_factory: Factory, fake_session: FakeSession
) -> None:
    await press(send, STAFF_TG, await _open(send, fake_session), BUTTON)
    before = await snapshot(session_factory)

    assert reply_text(await say(send, STAFF_TG, "x" * (MAX_CHARS + 1))) == TOO_LONG
    assert reply_text(await say(send, STAFF_TG, "salah")) == (
        "Mohon tuliskan data yang keliru dan seharusnya bagaimana (paling sedikit 10 karakter)."
        "\nSilakan tulis kembali, atau /batal."
    )
    assert await snapshot(session_factory) == before
    assert reply_text(await say(send, STAFF_TG, CORRECTION)) == SENT


async def test_a_double_tap_asks_once(
    send: Send, org: Org, session_factory: Factory, fake_session: FakeSession
) -> None:
    card = await _open(send, fake_session)
    await press(send, STAFF_TG, card, BUTTON)
    before = await snapshot(session_factory)

    calls = await press(send, STAFF_TG, card, BUTTON)

    [answer] = answers(calls)
    assert answer.text == "Saya menunggu pesan Anda sesuai pertanyaan di atas."
    assert sent_texts(calls) == []
    assert await snapshot(session_factory) == before


async def test_a_forged_or_foreign_button_is_stale(
    send: Send, org: Org, session_factory: Factory
) -> None:
    before = await snapshot(session_factory)
    foreign = MyDataCb(action=MyDataAction.CORRECT, person=org.boss.id).pack()

    assert alert(await tap(send, STAFF_TG, foreign)) == STALE_BUTTON
    assert alert(await tap(send, STAFF_TG, "pd:x:1")) == STALE_BUTTON
    assert alert(await tap(send, STAFF_TG, f"pd:c:{2**40}")) == STALE_BUTTON
    assert await snapshot(session_factory) == before


async def test_more_than_three_requests_a_day_are_refused(
    send: Send, org: Org, session_factory: Factory, fake_session: FakeSession
) -> None:
    card = await _open(send, fake_session)
    for _ in range(3):
        await press(send, STAFF_TG, card, BUTTON)
        assert reply_text(await say(send, STAFF_TG, CORRECTION)) == SENT
    await press(send, STAFF_TG, card, BUTTON)
    before = await snapshot(session_factory)

    text = reply_text(await say(send, STAFF_TG, CORRECTION))

    assert text.startswith("Anda sudah mengirim 3 permintaan koreksi hari ini;")
    assert await snapshot(session_factory) == before


async def test_a_file_instead_of_text_is_asked_again(
    send: Send, org: Org, session_factory: Factory, fake_session: FakeSession
) -> None:
    await press(send, STAFF_TG, await _open(send, fake_session), BUTTON)
    before = await snapshot(session_factory)

    calls = await send(updates.document_message(STAFF_TG, "bukti.pdf", 1000))

    assert reply_text(calls) == "Silakan ketik koreksi sebagai teks, atau /batal."
    assert await snapshot(session_factory) == before


async def test_jejak_shows_who_looked_at_my_data(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    async with session_factory() as session:
        await record_read(session, org.boss, org.staff.id, "history", clock())
        clock.advance(minutes=30)
        await record_read(session, org.admin, org.staff.id, "personal_data", clock())

    text = reply_text(await say(send, STAFF_TG, "/jejak"))

    assert text.split("\n") == [
        "🧾 <b>Jejak audit: Citra Staf</b>",
        "Belum ada catatan.",
        "",
        "👁 <b>Siapa yang melihat data ini</b>",
        "👁 02/03 09.30 WIB · Ani Admin · salinan data pribadi",
        "👁 02/03 09.00 WIB · Bambang Atasan · riwayat laporan",
    ]
    # The admin's use is unchanged, and sees the same for the person; that look is recorded.
    assert reply_text(await say(send, ADMIN_TG, f"/jejak {org.staff.nip}")) == text
    lines = reply_text(await say(send, STAFF_TG, "/jejak")).split("\n")
    assert lines[4] == "👁 02/03 09.30 WIB · Ani Admin · jejak audit"


async def test_a_wita_employee_reads_the_times_in_wita(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    async with session_factory() as session:
        staff = await session.get(Employee, org.staff.id)
        assert staff is not None
        staff.timezone = "Asia/Makassar"
        await session.commit()
        await record_read(session, org.boss, org.staff.id, "recap", clock())

    text = reply_text(await say(send, STAFF_TG, "/jejak"))

    assert text.endswith("👁 02/03 10.00 WITA · Bambang Atasan · rekap bulanan")


async def test_many_looks_by_people_with_long_names_fit_one_message(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    async with session_factory() as session:
        viewer = await make_employee(
            session, org.agency, org.unit, 60, clock(), name="Nama Sangat Panjang " * 10
        )
        await session.commit()
        for _ in range(12):
            await record_read(session, viewer, org.staff.id, "history", clock())
            clock.advance(minutes=11)

    lines = reply_text(await say(send, STAFF_TG, "/jejak")).split("\n")

    assert lines[3] == "👁 <b>Siapa yang melihat data ini</b>"
    assert len(lines) == 4 + 10  # the newest ten
    assert lines[4].startswith("👁 02/03 11.01 WIB · Nama Sangat Panjang")
