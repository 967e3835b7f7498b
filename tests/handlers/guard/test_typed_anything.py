"""Anything typed at any step of any dialog: an answer, no error, no half-made change, and
every outgoing message within Telegram's limits (the fake Bot API refuses the rest, which would
show as an error)."""

from __future__ import annotations

import pytest
from hypothesis import given
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import FrozenClock
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, STRANGER_TG, Org, Send
from tests.handlers.guard.harness import Press, Step, drive, expect_sane, forget_reports
from tests.handlers.guard.profile import GUARD
from tests.handlers.guard.strategies import hostile_text
from tests.handlers.report_helpers import fsm_rows
from tests.handlers.supervision_helpers import submit

Factory = async_sessionmaker[AsyncSession]
REPORT = ["/lapor", "Menyusun laporan bulanan", "90 menit", "3 dokumen"]

# (who, how to get there, the dialog state reached)
STEPS: dict[str, tuple[int, list[Step], str | None]] = {
    "idle": (STAFF_TG, [], None),
    "stranger": (STRANGER_TG, [], None),
    "report-description": (STAFF_TG, REPORT[:1], "ReportForm:description"),
    "report-time": (STAFF_TG, REPORT[:2], "ReportForm:time"),
    "report-output": (STAFF_TG, REPORT[:3], "ReportForm:output"),
    "report-evidence": (STAFF_TG, REPORT, "ReportForm:evidence"),
    "report-card": (STAFF_TG, [*REPORT, Press("Lewati ➡️")], "ReportForm:confirm"),
    "leave-dates": (STAFF_TG, ["/cuti", Press("Cuti")], "LeaveForm:dates"),
    "leave-note": (STAFF_TG, ["/cuti", Press("Cuti"), "3/3 - 5/3"], "LeaveForm:note"),
    "feedback-text": (
        BOSS_TG,
        ["/umpanbalik", Press("💬 Citra Staf"), Press("Akuntabel")],
        "FeedbackForm:text",
    ),
    "review-reason": (BOSS_TG, ["/verifikasi", Press("✏️ 1")], "ReviewForm:reason"),
    "admin-idle": (ADMIN_TG, [], None),
}


@pytest.mark.parametrize("step", list(STEPS))
@GUARD
@given(text=hostile_text())
async def test_anything_typed_at_any_step(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: Factory,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
    step: str,
    text: str,
) -> None:
    user, prelude, state = STEPS[step]
    if step == "review-reason":  # a fresh report to ask a revision of, every example
        await forget_reports(session_factory)
        await submit(session_factory, org.staff, "Menyusun laporan", clock())
    await send(updates.text_message(user, "/batal"))
    await drive(send, fake_session, user, prelude)
    if state is not None:
        assert state in [row.state for row in await fsm_rows(session_factory)]

    await expect_sane(send, updates.text_message(user, text), caplog, session_factory)
