"""Helpers for the supervisor-side handler tests: review cards, feedback, team, sender.

Activities are created through the real reporting service (as if the employee had used /lapor),
buttons are found on the messages the fake Bot API holds, and small readers return what the
database committed.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from aiogram import Bot
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import Chat, Document, InlineKeyboardMarkup, Message, PhotoSize
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    ActingAssignment,
    Activity,
    Agency,
    AuditLog,
    Employee,
    EvidenceKind,
    Feedback,
    Notification,
    Unit,
)
from services.report_rules import EvidenceInput
from services.reporting import submit_activity, update_activity
from tests.factories import make_employee
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession, bot_user
from tests.handlers.conftest import Org, Send
from tests.handlers.helpers import snapshot
from tests.services.report_helpers import draft

Calls = list[TelegramMethod[Any]]
Factory = async_sessionmaker[AsyncSession]

MONDAY = date(2026, 3, 2)  # the `clock` fixture's day (09:00 WIB)
FRIDAY = date(2026, 2, 27)  # the workday before, still within the back-dating window

# What the Indonesian user reads.
NOT_ASSESSOR = "Laporan ini tidak tersedia untuk Anda: sudah dihapus, atau Anda bukan penilainya."
ALREADY_DECIDED = "Laporan ini sudah diputuskan."
STALE_VERSION = "Pegawai sudah mengubah laporan ini; kartu kini menampilkan versi terbaru."
STALE_BUTTON = "Tombol ini sudah tidak berlaku."
NOTHING_PENDING = "✔️ Tidak ada yang menunggu verifikasi Anda."
FALLBACK = "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
NIP_NOT_FOUND = "Tidak ada pegawai aktif dengan NIP itu. Periksa kembali nomornya."
CANCELLED = "Dibatalkan. Tidak ada yang disimpan."

_keys = itertools.count(1)


# --- the Bot API as the tests need it ---------------------------------------------------------


class MediaSession(FakeSession):
    """The fake Bot API, also answering sendPhoto / sendDocument (the 📎 button uses them).

    Only file ids Telegram already holds are expected (evidence is never uploaded again)."""

    def _respond(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, SendPhoto):
            assert isinstance(method.photo, str), "expected a Telegram file id"
            size = PhotoSize(file_id=method.photo, file_unique_id="u", width=1, height=1)
            return self._media(bot, int(method.chat_id), photo=[size])
        if isinstance(method, SendDocument):
            assert isinstance(method.document, str), "expected a Telegram file id"
            document = Document(file_id=method.document, file_unique_id="u")
            return self._media(bot, int(method.chat_id), document=document)
        return super()._respond(bot, method)

    def _media(self, bot: Bot, chat_id: int, **fields: Any) -> Message:
        return Message(
            message_id=900_000 + len(self.calls),
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            from_user=bot_user(),
            **fields,
        ).as_(bot)


def sent(calls: Calls) -> list[SendMessage]:
    return [c for c in calls if isinstance(c, SendMessage)]


def sent_texts(calls: Calls) -> list[str]:
    return [c.text for c in sent(calls)]


def edits(calls: Calls) -> list[EditMessageText]:
    return [c for c in calls if isinstance(c, EditMessageText)]


def answers(calls: Calls) -> list[AnswerCallbackQuery]:
    return [c for c in calls if isinstance(c, AnswerCallbackQuery)]


def alert(calls: Calls) -> str:
    """The button was answered once with an alert (a refusal); its text."""
    [answer] = answers(calls)
    assert answer.show_alert is True, answer
    return answer.text or ""


def keyboard_removed(calls: Calls) -> bool:
    return any(isinstance(c, EditMessageReplyMarkup) and c.reply_markup is None for c in calls)


def buttons(markup: Any) -> list[tuple[str, str]]:
    """(label, callback data) of every button, row by row."""
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]


def labels(markup: Any) -> list[str]:
    return [label for label, _ in buttons(markup)]


def data_of(markup: Any, label: str) -> str:
    for text, data in buttons(markup):
        if text == label:
            return data
    raise AssertionError(f"no button {label!r} in {labels(markup)}")


def last_message_with(fake_session: FakeSession, label: str) -> Message:
    """The newest message the bot sent that carries a button `label` (as Telegram holds it)."""
    for message in reversed(fake_session.sent):
        if label in labels(message.reply_markup):
            return message
    raise AssertionError(f"no sent message has a button {label!r}")


async def press(send: Send, user_id: int, message: Message, label: str) -> Calls:
    """`user_id` taps the button `label` on `message`."""
    return await send(updates.callback(user_id, data_of(message.reply_markup, label), message))


async def tap(send: Send, user_id: int, data: str, message: Message | None = None) -> Calls:
    """A press with raw callback data (a forged or old button)."""
    return await send(updates.callback(user_id, data, message or updates.bot_message(user_id)))


async def say(send: Send, user_id: int, text: str) -> Calls:
    return await send(updates.text_message(user_id, text))


# --- reports as the employee made them ----------------------------------------------------------


def photo(file_id: str = "photo-1") -> EvidenceInput:
    return EvidenceInput(
        kind=EvidenceKind.PHOTO, file_id=file_id, file_unique_id=f"u-{file_id}", file_size=1000
    )


def document(file_id: str = "doc-1", name: str = "laporan.pdf") -> EvidenceInput:
    return EvidenceInput(
        kind=EvidenceKind.DOCUMENT,
        file_id=file_id,
        file_unique_id=f"u-{file_id}",
        file_name=name,
        mime_type="application/pdf",
        file_size=2000,
    )


def link(url: str = "https://drive.example.go.id/berkas") -> EvidenceInput:
    return EvidenceInput(kind=EvidenceKind.LINK, url=url)


async def submit(
    factory: Factory,
    employee: Employee,
    description: str,
    now: datetime,
    *,
    start: str | None = None,
    end: str | None = None,
    work_date: date = MONDAY,
    evidence: list[EvidenceInput] | None = None,
    output: tuple[int, str] | None = None,
    minutes: int | None = None,
) -> Activity:
    """`employee` submits an activity (as /lapor does), at `now`."""
    async with factory() as session:
        me = await session.get(Employee, employee.id)
        assert me is not None
        saved = await submit_activity(
            session,
            me,
            draft(
                work_date,
                description,
                minutes,
                start=start,
                end=end,
                evidence=evidence,
                output_quantity=output[0] if output else None,
                output_unit=output[1] if output else None,
            ),
            idempotency_key=f"test-{next(_keys)}",
            now=now,
        )
        return saved.activity


async def edit(factory: Factory, activity: Activity, description: str, now: datetime) -> Activity:
    """The employee edits the activity (its version goes up)."""
    async with factory() as session:
        me = await session.get(Employee, activity.employee_id)
        assert me is not None
        saved = await update_activity(
            session,
            me,
            activity.id,
            activity.version,
            draft(
                activity.work_date,
                description,
                start=f"{activity.start_time:%H:%M}" if activity.start_time else None,
                end=f"{activity.end_time:%H:%M}" if activity.end_time else None,
                minutes=activity.minutes,
            ),
            now=now,
        )
        return saved.activity


# --- what the database holds ---------------------------------------------------------------------


async def load(factory: Factory, model: type[Any], row_id: int) -> Any:
    async with factory() as session:
        row = await session.get(model, row_id)
        assert row is not None
        return row


async def rows(factory: Factory, model: type[Any], *where: Any) -> list[Any]:
    async with factory() as session:
        query = select(model).where(*where).order_by(model.id)
        return list((await session.scalars(query)).all())


async def activities(factory: Factory) -> list[Activity]:
    return await rows(factory, Activity)


async def notifications(factory: Factory, kind: str | None = None) -> list[Notification]:
    where = [Notification.kind == kind] if kind else []
    return await rows(factory, Notification, *where)


async def feedbacks(factory: Factory) -> list[Feedback]:
    return await rows(factory, Feedback)


async def audit_actions(factory: Factory) -> list[str]:
    return [a.action for a in await rows(factory, AuditLog)]


async def acting_assignments(factory: Factory) -> list[ActingAssignment]:
    return await rows(factory, ActingAssignment)


async def set_supervisor(factory: Factory, employee: Employee, supervisor: Employee | None) -> None:
    async with factory() as session:
        row = await session.get(Employee, employee.id)
        assert row is not None
        row.supervisor_id = supervisor.id if supervisor else None
        await session.commit()


async def add_employee(
    factory: Factory,
    org: Org,
    i: int,
    name: str,
    now: datetime,
    *,
    supervisor: Employee | None = None,
    telegram_user_id: int | None = None,
) -> Employee:
    """One more employee of `org`'s agency (i > 4: the org fixture uses 1-4)."""
    async with factory() as session:
        agency = await session.get(Agency, org.agency.id)
        unit = await session.get(Unit, org.unit.id)
        assert agency is not None
        assert unit is not None
        employee = await make_employee(
            session,
            agency,
            unit,
            i,
            now,
            name=name,
            supervisor=supervisor,
            telegram_user_id=telegram_user_id,
        )
        await session.commit()
        return employee


async def review_cards(send: Send, fake_session: FakeSession, user_id: int) -> list[Message]:
    """`user_id` sends /verifikasi; the review cards (messages with buttons) it got."""
    start = len(fake_session.sent)
    await say(send, user_id, "/verifikasi")
    return [m for m in fake_session.sent[start:] if m.reply_markup is not None]


def after_edit(message: Message, calls: Calls) -> Message:
    """`message` as the user sees it after the (single) edit of it among `calls`."""
    [edit] = [
        c
        for c in edits(calls)
        if (c.chat_id, c.message_id) == (message.chat.id, message.message_id)
    ]
    return message.model_copy(update={"text": edit.text, "reply_markup": edit.reply_markup})


async def data_snapshot(factory: Factory) -> dict[str, list[Any]]:
    """Every row except the dialog state (for "nothing changed" across a dialog's end)."""
    tables = await snapshot(factory)
    tables.pop("fsm_state")
    return tables
