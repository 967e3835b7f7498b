"""Numbers, dates, ids and names beyond any sane size: a clear answer and nothing changed, never
an apology with an error reference (the defects of issue #9, item 5 and 6)."""

from __future__ import annotations

import logging

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageReplyMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Evidence
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import STAFF_TG, Org, Send
from tests.handlers.helpers import of_type, reply_text, snapshot, without_dialog
from tests.handlers.report_helpers import STALE, Dialog, document, texts

Factory = async_sessionmaker[AsyncSession]
APOLOGY = "terjadi kesalahan"
TOO_LONG = "Durasi tidak boleh lebih dari 24 jam."
LINK = "Tautan harus diawali http:// atau https://."


@pytest.mark.parametrize(
    "command",
    [
        "/lapor " + "9" * 400 + " jam Menyusun laporan",
        "/lapor " + "9" * 400 + " menit Menyusun laporan",
        "/lapor 1" + "0" * 30 + ",5 jam Menyusun laporan",
    ],
)
async def test_a_duration_of_hundreds_of_digits_is_too_long(
    send: Send, org: Org, fake_session: FakeSession, session_factory: Factory, command: str
) -> None:
    before = await snapshot(session_factory)

    problem, ask_time = texts(await Dialog(send, fake_session).say(command))

    assert problem == TOO_LONG
    assert ask_time.startswith("Jam berapa")  # the activity is kept, the time asked again
    assert without_dialog(await snapshot(session_factory)) == without_dialog(before)


@pytest.mark.parametrize("link", ["http://[::1", "https://[fe80::1/x", "http://host:99999999999/"])
async def test_a_broken_link_as_evidence_is_refused_clearly(
    send: Send, org: Org, fake_session: FakeSession, session_factory: Factory, link: str
) -> None:
    d = Dialog(send, fake_session)
    for step in ("/lapor", "Menyusun laporan bulanan", "90 menit", "3 dokumen"):
        await d.say(step)
    before = await snapshot(session_factory)

    text = reply_text(await d.say(link))

    assert text == LINK
    assert APOLOGY not in text
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    "data",
    [
        f"rv:ok:{2**63}:1",  # past SQLite's integer
        f"rv:ok:{2**31}:1",  # past PostgreSQL's integer
        f"rv:rev:1:{2**40}",
        "ac:edit:99999999999999999999:1",
        f"ev:fin:{2**31}:",
        f"pl:ok:{2**31}",
        f"fb:to:{10**30}::0",
        f"tm:{2**35}",
        "hs:day:9999-12-31:0",
        "hs:week:0001-01-01:0",
        "hs:day:2026-03-02:99999999",
        "rm:report:9999-12-31",
        "rd:all:1:9999-12-31:00000000",
        "rd:all:1:2026-03-02:not-hex",
    ],
)
async def test_a_button_with_an_out_of_range_value_is_no_longer_valid(
    send: Send, org: Org, fake_session: FakeSession, session_factory: Factory, data: str
) -> None:
    before = await snapshot(session_factory)

    calls = await Dialog(send, fake_session).tap(data)

    [answer] = of_type(calls, AnswerCallbackQuery)
    assert answer.text == STALE
    assert {type(c) for c in calls} <= {AnswerCallbackQuery, EditMessageReplyMarkup}
    assert await snapshot(session_factory) == before


async def test_an_evidence_file_name_longer_than_the_column_is_kept_cut_to_fit(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: Factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    d = Dialog(send, fake_session)
    for step in ("/lapor", "Menyusun laporan bulanan", "90 menit", "3 dokumen"):
        await d.say(step)
    name = "Notulen rapat koordinasi " * 20 + ".pdf"  # 504 characters

    with caplog.at_level(logging.ERROR):
        received = reply_text(await d.upload(document(STAFF_TG, name)))
        await d.press("✅ Selesai (1)")
        await d.press("✅ Kirim")

    assert received.startswith("📎 Bukti diterima (1).")
    async with session_factory() as session:
        [stored] = (await session.scalars(select(Evidence))).all()
    assert stored.file_name.endswith("….pdf")
    assert len(stored.file_name) == 255
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
