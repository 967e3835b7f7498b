"""Reading what the bot sent, and what the database holds, in handler tests."""

from __future__ import annotations

from typing import Any, TypeVar

from aiogram.methods import AnswerCallbackQuery, SendMessage, TelegramMethod
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models
from models import Employee, Invite
from services.audit import Actor
from services.invites import InvitePolicy, IssuedInvite, issue_invite

Calls = list[TelegramMethod[Any]]
T = TypeVar("T")


def _describe(calls: Calls) -> list[str]:
    return [f"{type(c).__name__}({getattr(c, 'text', '')!r})" for c in calls]


def only_reply(calls: Calls) -> SendMessage:
    """The single call made must be one message sent back to the user."""
    assert len(calls) == 1, f"expected one reply, got {_describe(calls)}"
    assert isinstance(calls[0], SendMessage), _describe(calls)
    return calls[0]


def reply_text(calls: Calls) -> str:
    return only_reply(calls).text


def only_answer(calls: Calls) -> AnswerCallbackQuery:
    """The single call made must be the answer to the pressed button."""
    assert len(calls) == 1, f"expected one answer, got {_describe(calls)}"
    assert isinstance(calls[0], AnswerCallbackQuery), _describe(calls)
    return calls[0]


def of_type(calls: Calls, kind: type[T]) -> list[T]:
    return [c for c in calls if isinstance(c, kind)]


async def snapshot(session_factory: async_sessionmaker[AsyncSession]) -> dict[str, list[Any]]:
    """Every row of every table, for "nothing changed" assertions."""
    tables: dict[str, list[Any]] = {}
    async with session_factory() as session:
        for table in models.Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            tables[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return tables


async def load_employee(
    session_factory: async_sessionmaker[AsyncSession], employee_id: int
) -> Employee:
    async with session_factory() as session:
        employee = await session.get(Employee, employee_id)
        assert employee is not None
        return employee


async def count(session_factory: async_sessionmaker[AsyncSession], model: type[Any]) -> int:
    async with session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def issue(
    session_factory: async_sessionmaker[AsyncSession],
    employee: Employee,
    now: Any,
    policy: InvitePolicy | None = None,
) -> IssuedInvite:
    """An invite for `employee`, issued from the CLI."""
    async with session_factory() as session:
        return await issue_invite(
            session, employee.nip, Actor("cli"), now, policy or InvitePolicy(), employee.agency_id
        )


async def invites(session_factory: async_sessionmaker[AsyncSession]) -> list[Invite]:
    async with session_factory() as session:
        return list((await session.scalars(select(Invite).order_by(Invite.id))).all())


def without_dialog(snap: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without the dialog state (what is stored, not what is being typed)."""
    return {table: rows for table, rows in snap.items() if table != "fsm_state"}
