"""An employee who chose English gets the report, history and leave dialogs in English."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import only_reply, reply_text
from tests.handlers.report_helpers import Dialog, activities, labels, only_sent, texts

# Render-only: what the person sees; the SQL behind it is tested on both backends.
pytestmark = pytest.mark.sqlite_only


async def _english(session_factory: async_sessionmaker[AsyncSession], org: Org) -> None:
    async with session_factory() as session:
        await session.execute(
            update(Employee).where(Employee.id == org.staff.id).values(language="en")
        )
        await session.commit()


async def test_guided_report_in_english(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _english(session_factory, org)
    d = Dialog(send, fake_session)

    first = only_reply(await d.say("/lapor"))
    assert first.text == "What did you work on? Write the activity (Kegiatan)."
    assert labels(first.reply_markup) == ["✖️ Cancel"]
    ask_time = only_reply(await d.say("Drafting the finance report"))
    assert ask_time.text == (
        "When, or for how long? E.g. 08.00-10.30, 90 menit, 1,5 jam. Or tap a duration."
    )
    assert labels(ask_time.reply_markup)[:3] == ["30 min", "1 h", "1,5 h"]
    assert reply_text(await d.say("later")) == (
        "I could not read that time. Examples: 08.00-10.30, 90 menit, 1,5 jam"
    )
    assert reply_text(await d.say("2 hours")) == (
        "What was the output (Realisasi)? A number and a unit, e.g. 3 dokumen."
    )
    evidence = only_sent(await d.press("Skip ➡️"))
    assert evidence.text == (
        "Send evidence (Bukti Dukung): photos, documents or links. Tap Done when finished."
    )
    card = only_sent(await d.press("Skip ➡️"))
    assert card.text == (
        "📝 <b>Daily report</b>\n"
        "📅 Date: Mon 02/03/2026\n"
        "🗒 Activity: Drafting the finance report\n"
        "⏱ Time: 2 h\n"
        "📦 Output: —\n"
        "📎 Evidence: —\n\n"
        "Check it, then tap Submit."
    )
    assert "✅ Submit" in labels(card.reply_markup)

    calls = await d.press("✅ Submit")

    assert texts(calls)[0].startswith("✅ Report submitted.")
    assert texts(calls)[-1].startswith("Mon 02/03/2026: 2 h of 5 h (")
    assert texts(calls)[-1].endswith("3 h to go.")
    assert len(await activities(session_factory)) == 1


async def test_history_and_leave_in_english(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _english(session_factory, org)
    d = Dialog(send, fake_session)

    history = only_reply(await d.say("/riwayat"))
    leave = only_reply(await d.say("/cuti"))

    assert history.text == (
        "📜 <b>Today, Mon 02/03/2026</b>: 0 activities, 0 min\n\n"
        "No activities yet. Report one with /lapor."
    )
    assert labels(history.reply_markup) == ["Day", "Week", "🗓 Month", "📅 Pick a date"]
    assert leave.text == "🗓 <b>Leave and official travel</b>\nDeclare a new one:"
    assert labels(leave.reply_markup) == [
        "Leave (cuti)",
        "Sick leave",
        "Official travel (dinas luar)",
    ]
    assert reply_text(await d.say("/batal")) == "There is nothing to cancel."
