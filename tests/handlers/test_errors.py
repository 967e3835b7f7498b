"""An unexpected error: the user gets an apology with a reference; the log has the same one."""

from __future__ import annotations

import logging
import re

import pytest
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, SendMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import handlers.basics
from tests.conftest import FrozenClock
from tests.factories import make_employee
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import STAFF_TG, Org, Send
from tests.handlers.helpers import load_employee, only_answer, reply_text

APOLOGY = re.compile(r"^Maaf, terjadi kesalahan di sistem kami\. Kode rujukan: ([0-9A-F]{8})$")


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def _error_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot.errors" and r.levelno == logging.ERROR]


async def test_message_error_gets_apology_with_reference_in_log(
    send: Send, org: Org, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(handlers.basics, "render_help", _boom)

    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        text = reply_text(await send(updates.text_message(STAFF_TG, "/help")))

    match = APOLOGY.match(text)
    assert match is not None, text
    [record] = _error_records(caplog)
    assert f"ref={match.group(1)}" in record.getMessage()
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)


async def test_button_error_gets_apology_as_alert(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(handlers.basics, "set_language", _boom)
    await send(updates.text_message(STAFF_TG, "/bahasa"))

    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        calls = await send(updates.callback(STAFF_TG, "lang:en", fake_session.sent[-1]))

    answer = only_answer(calls)
    assert answer.show_alert is True
    match = APOLOGY.match(answer.text or "")
    assert match is not None, answer.text
    [record] = _error_records(caplog)
    assert f"ref={match.group(1)}" in record.getMessage()
    assert (await load_employee(session_factory, org.staff.id)).language is None


async def test_button_error_after_the_tap_was_answered_gets_apology_as_message(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The tap's answer slot is gone ("query is too old"): the apology comes as a message."""
    monkeypatch.setattr(handlers.basics, "set_language", _boom)
    await send(updates.text_message(STAFF_TG, "/bahasa"))
    fake_session.fail_next(
        AnswerCallbackQuery,
        TelegramBadRequest(
            AnswerCallbackQuery(callback_query_id="-"),
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        ),
    )

    calls = await send(updates.callback(STAFF_TG, "lang:en", fake_session.sent[-1]))

    [message] = [c for c in calls if isinstance(c, SendMessage)]
    assert APOLOGY.match(message.text) is not None, message.text
    assert message.chat_id == STAFF_TG
    assert (await load_employee(session_factory, org.staff.id)).language is None


async def test_apology_is_in_the_employees_language(
    send: Send,
    org: Org,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with session_factory() as session:
        await make_employee(
            session, org.agency, org.unit, 7, clock(), telegram_user_id=3001, language="en"
        )
        await session.commit()
    monkeypatch.setattr(handlers.basics, "render_help", _boom)

    text = reply_text(await send(updates.text_message(3001, "/help")))

    assert text.startswith("Sorry, something went wrong on our side. Reference: ")


async def test_undeliverable_apology_is_logged_not_raised(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(handlers.basics, "render_help", _boom)
    fake_session.fail_next(
        SendMessage,
        TelegramForbiddenError(SendMessage(chat_id=STAFF_TG, text="-"), "bot was blocked"),
    )

    with caplog.at_level(logging.WARNING, logger="bot.errors"):
        await send(updates.text_message(STAFF_TG, "/help"))

    [error] = _error_records(caplog)
    ref = re.search(r"ref=([0-9A-F]{8})", error.getMessage())
    assert ref is not None
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "bot.errors" and r.levelno == logging.WARNING
    ]
    assert warnings == [f"Could not deliver the apology for ref={ref.group(1)}"]


async def test_a_reply_survives_one_server_error_at_telegram(
    send: Send, org: Org, fake_session: FakeSession
) -> None:
    fake_session.fail_next(
        SendMessage, TelegramServerError(SendMessage(chat_id=STAFF_TG, text="-"), "Bad Gateway")
    )

    calls = await send(updates.text_message(STAFF_TG, "/help"))

    assert [type(c).__name__ for c in calls] == ["SendMessage", "SendMessage"]
    assert "<b>Yang bisa Anda lakukan</b>" in calls[-1].text  # type: ignore[attr-defined]


async def test_a_timeout_is_not_retried_so_nothing_arrives_twice(
    send: Send, org: Org, fake_session: FakeSession, caplog: pytest.LogCaptureFixture
) -> None:
    fake_session.fail_next(
        SendMessage,
        TelegramNetworkError(SendMessage(chat_id=STAFF_TG, text="-"), "Request timeout error"),
    )

    calls = await send(updates.text_message(STAFF_TG, "/help"))

    # The reply timed out (it may have arrived); the apology is a different, second message.
    assert [type(c).__name__ for c in calls] == ["SendMessage", "SendMessage"]
    assert APOLOGY.match(calls[-1].text)  # type: ignore[attr-defined]


async def test_a_button_delivered_twice_is_not_an_error(
    send: Send, org: Org, fake_session: FakeSession, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram may deliver one tap twice (a retried webhook); the second answer is refused
    ("query is too old") and that is no reason for an apology or an error in the log."""
    await send(updates.text_message(STAFF_TG, "/bahasa"))
    tap = updates.callback(STAFF_TG, "lang:en", fake_session.sent[-1])
    await send(tap)

    with caplog.at_level(logging.WARNING, logger="bot.errors"):
        calls = await send(tap)

    assert [r for r in caplog.records if r.name == "bot.errors"] == []
    assert not [c for c in calls if APOLOGY.match(str(getattr(c, "text", "")))]
