"""Every command with any arguments, every kind of button with forged field values, and raw
callback data, from each role: an answer, no error, no half-made change."""

from __future__ import annotations

import pytest
from aiogram.filters.callback_data import CallbackData
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import handlers.routers  # noqa: F401  (imports every router, so every CallbackData class exists)
from handlers.commands import COMMANDS
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, STRANGER_TG, Org, Send
from tests.handlers.guard.harness import expect_sane
from tests.handlers.guard.profile import GUARD
from tests.handlers.guard.strategies import field_value, hostile_text

Factory = async_sessionmaker[AsyncSession]
PEOPLE = {"staff": STAFF_TG, "boss": BOSS_TG, "admin": ADMIN_TG, "stranger": STRANGER_TG}
NAMES = sorted({c.name for c in COMMANDS} | {c.alias for c in COMMANDS} | {"start"})


def _callback_classes() -> list[type[CallbackData]]:
    found, todo = [], list(CallbackData.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        found.append(cls)
    return sorted(found, key=lambda c: c.__prefix__)


CALLBACKS = _callback_classes()


@pytest.mark.parametrize("who", list(PEOPLE))
@GUARD
@given(name=st.sampled_from(NAMES), args=st.one_of(st.just(""), hostile_text(300)))
async def test_any_command_with_any_arguments(
    send: Send,
    org: Org,
    session_factory: Factory,
    caplog: pytest.LogCaptureFixture,
    who: str,
    name: str,
    args: str,
) -> None:
    text = f"/{name} {args}".strip()
    await expect_sane(send, updates.text_message(PEOPLE[who], text), caplog, session_factory)


@pytest.mark.parametrize("kind", [c.__prefix__ for c in CALLBACKS])
@GUARD
@given(values=st.lists(field_value(), min_size=0, max_size=5), who=st.sampled_from(list(PEOPLE)))
async def test_any_button_with_forged_values(
    send: Send,
    org: Org,
    fake_session: FakeSession,
    session_factory: Factory,
    caplog: pytest.LogCaptureFixture,
    kind: str,
    values: list[str],
    who: str,
) -> None:
    data = ":".join([kind, *values]).encode()[:64].decode(errors="ignore") or kind
    message = updates.bot_message(PEOPLE[who])
    await expect_sane(send, updates.callback(PEOPLE[who], data, message), caplog, session_factory)


@GUARD
@given(data=st.text(min_size=1, max_size=64).filter(lambda d: len(d.encode()) <= 64))
async def test_raw_callback_data(
    send: Send, org: Org, session_factory: Factory, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    message = updates.bot_message(STAFF_TG)
    await expect_sane(send, updates.callback(STAFF_TG, data, message), caplog, session_factory)
