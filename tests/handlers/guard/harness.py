"""Driving the real dispatcher with anything, and what must hold after every update."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    Activity,
    AuditLog,
    Evaluation,
    EvaluationStatus,
    Evidence,
    FsmState,
    Notification,
)
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import Send
from tests.handlers.report_helpers import screen_with

Factory = async_sessionmaker[AsyncSession]
Calls = list[TelegramMethod[Any]]


@dataclass(frozen=True)
class Press:
    """Tap the newest button labelled like this."""

    label: str


Step = str | Press


async def drive(send: Send, fake_session: FakeSession, user_id: int, steps: Sequence[Step]) -> None:
    for step in steps:
        if isinstance(step, Press):
            screen = screen_with(fake_session, step.label)
            await send(updates.callback(user_id, screen.data(step.label), screen.message))
        else:
            await send(updates.text_message(user_id, step))


async def forget_reports(factory: Factory) -> None:
    """Start an example without the reports of earlier ones."""
    async with factory() as session:
        for model in (Notification, Evidence, Activity):
            await session.execute(delete(model))
        await session.execute(delete(AuditLog).where(AuditLog.entity == "activity"))
        await session.commit()


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def expect_sane(
    send: Send,
    update: Update,
    caplog: pytest.LogCaptureFixture,
    factory: Factory,
) -> Calls:
    """Deliver `update`; the bot must answer, log no error, and leave the DB consistent."""
    caplog.clear()
    calls = await send(update)
    assert calls, "the update got no answer at all"
    assert errors_logged(caplog) == []
    await expect_consistent(factory)
    return calls


async def expect_consistent(factory: Factory) -> None:
    """No half-made change: every activity has its audit row, every final evaluation its
    predicate, every dialog row a state or data."""
    async with factory() as session:
        unaudited = await session.scalar(
            select(func.count())
            .select_from(Activity)
            .where(
                ~select(AuditLog.id)
                .where(AuditLog.entity == "activity", AuditLog.entity_id == Activity.id)
                .exists()
            )
        )
        assert unaudited == 0, "an activity was stored without its audit row"
        final_without_predicate = await session.scalar(
            select(func.count())
            .select_from(Evaluation)
            .where(Evaluation.status != EvaluationStatus.DRAFT, Evaluation.predicate.is_(None))
        )
        assert final_without_predicate == 0
        states = (await session.scalars(select(FsmState.state))).all()
        assert all(s is None or ":" in s for s in states)
