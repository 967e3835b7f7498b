"""The buttons under a reminder: report now (for the reminded day), remind me later, verify;
an old or forged one changes nothing."""

from __future__ import annotations

import pytest
from aiogram.methods import SendMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import of_type, snapshot, without_dialog
from tests.handlers.report_helpers import Dialog, alert, answers

# Render-only: what the person sees; the SQL behind it is tested on both backends.
pytestmark = pytest.mark.sqlite_only


async def test_report_now_starts_the_report_for_the_reminded_day(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    calls = await Dialog(send, fake_session).tap("rm:report:2026-03-02")

    assert [a.show_alert for a in answers(calls)] == [None]
    assert len(of_type(calls, SendMessage)) == 1


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("rm:report:2026-01-05", "Hari itu sudah tidak bisa dilaporkan."),
        ("rm:shout:", "Tombol ini sudah tidak berlaku."),
        ("rm:report:kemarin", "Tombol ini sudah tidak berlaku."),
    ],
)
async def test_old_or_forged_reminder_buttons_change_nothing(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    data: str,
    text: str,
) -> None:
    before = await snapshot(session_factory)

    calls = await Dialog(send, fake_session).tap(data)

    assert alert(calls) == text
    assert without_dialog(await snapshot(session_factory)) == without_dialog(before)
