"""Driving the report, history and leave dialogs in handler tests.

`Dialog` sends what a user types or taps and finds buttons the way a user does: by their label
on the newest bot message that shows it (the fake session keeps every message's current text
and keyboard, like Telegram). Extra update builders (photo, sticker, any document) and small
database readers live here too.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import (
    Chat,
    Document,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    Sticker,
    Update,
)
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    Activity,
    ActivityStatus,
    AuditLog,
    Employee,
    Evidence,
    FsmState,
    Leave,
    LeaveKind,
    Notification,
)
from tests.fakes import updates
from tests.fakes.bot_session import FakeSession, bot_user
from tests.handlers.conftest import STAFF_TG, Send

Calls = list[TelegramMethod[Any]]

MONDAY = date(2026, 3, 2)  # the day of the `clock` fixture (09:00 WIB)
CANCELLED = "Dibatalkan. Tidak ada yang disimpan."
STALE = "Tombol ini sudah tidak berlaku."
ASK_DESCRIPTION = "Apa yang Anda kerjakan? Tulis kegiatannya."
ASK_TIME = (
    "Jam berapa, atau berapa lama? Contoh: 08.00-10.30, 90 menit, 1,5 jam. Atau tekan durasi."
)
ASK_OUTPUT = "Berapa hasilnya (Realisasi)? Angka dan satuan, misalnya 3 dokumen."
ASK_EVIDENCE = "Kirim bukti dukung: foto, dokumen, atau tautan. Tekan Selesai bila sudah."
CARD_FOOTER = "Periksa, lalu tekan Kirim."

_ids = itertools.count(1)


# --- what the bot sent -----------------------------------------------------------------------


def texts(calls: Calls) -> list[str]:
    """Texts of the messages sent or edited, in order."""
    return [c.text for c in calls if isinstance(c, SendMessage | EditMessageText)]


def answers(calls: Calls) -> list[AnswerCallbackQuery]:
    return [c for c in calls if isinstance(c, AnswerCallbackQuery)]


def only_sent(calls: Calls) -> SendMessage:
    """The single message sent (a pressed button's silent answer aside)."""
    sent = [c for c in calls if isinstance(c, SendMessage)]
    others = [c for c in calls if not isinstance(c, SendMessage | AnswerCallbackQuery)]
    assert len(sent) == 1, f"expected one message, got {texts(calls)}"
    assert others == [], others
    return sent[0]


def alert(calls: Calls) -> str:
    """The single answer to a pressed button must be an alert (a refusal); its text."""
    [answer] = answers(calls)
    assert answer.show_alert is True, answer
    return answer.text or ""


def labels(markup: Any) -> list[str]:
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    return [b.text for row in markup.inline_keyboard for b in row]


@dataclass
class Screen:
    """A bot message as the user sees it now: text and buttons."""

    message: Message
    text: str
    markup: InlineKeyboardMarkup | None

    @property
    def labels(self) -> list[str]:
        return labels(self.markup)

    def data(self, label: str) -> str:
        for row in self.markup.inline_keyboard if self.markup else []:
            for button in row:
                if button.text == label:
                    assert button.callback_data is not None
                    return button.callback_data
        raise AssertionError(f"no button {label!r} in {self.labels}")


def _as_message(chat_id: int, message_id: int, text: str) -> Message:
    return Message(
        message_id=message_id,
        date=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
        chat=Chat(id=chat_id, type="private"),
        from_user=bot_user(),
        text=text,
    )


def screens(fake_session: FakeSession) -> list[Screen]:
    """Every bot message with its current text and keyboard, least recently touched first."""
    current: dict[tuple[int, int], Screen] = {}
    sent = iter(fake_session.sent)
    pending: Message | None = next(sent, None)
    for call in fake_session.calls:
        if isinstance(call, SendMessage):
            if pending is None or pending.text != call.text:
                continue  # Telegram refused it: nothing was shown
            markup = (
                call.reply_markup if isinstance(call.reply_markup, InlineKeyboardMarkup) else None
            )
            key = (pending.chat.id, pending.message_id)
            current[key] = Screen(pending, call.text, markup)
            pending = next(sent, None)
        elif isinstance(call, EditMessageText | EditMessageReplyMarkup):
            if call.chat_id is None or call.message_id is None:
                continue
            key = (int(call.chat_id), call.message_id)
            old = current.pop(key, None)
            text = call.text if isinstance(call, EditMessageText) else (old.text if old else "")
            current[key] = Screen(_as_message(key[0], key[1], text), text, call.reply_markup)
    return list(current.values())


def screen_with(fake_session: FakeSession, label: str) -> Screen:
    """The newest message that shows a button labelled `label`."""
    for screen in reversed(screens(fake_session)):
        if label in screen.labels:
            return screen
    shown = [s.labels for s in screens(fake_session) if s.labels]
    raise AssertionError(f"no message shows a button {label!r}; buttons shown: {shown}")


@dataclass
class Dialog:
    """One user talking to the bot."""

    send: Send
    fake_session: FakeSession
    user_id: int = STAFF_TG
    log: list[Calls] = field(default_factory=list)

    async def _send(self, update: Update) -> Calls:
        calls = await self.send(update)
        self.log.append(calls)
        return calls

    async def say(self, text: str) -> Calls:
        return await self._send(updates.text_message(self.user_id, text))

    async def upload(self, update: Update) -> Calls:
        return await self._send(update)

    def screen(self, label: str) -> Screen:
        return screen_with(self.fake_session, label)

    async def press(self, label: str, screen: Screen | None = None) -> Calls:
        """Tap the button `label` on `screen` (default: the newest message showing it)."""
        screen = screen or self.screen(label)
        return await self.tap(screen.data(label), screen.message)

    async def tap(self, data: str, message: Message | None = None) -> Calls:
        """Deliver a button press with raw callback data (for old or forged buttons)."""
        message = message or updates.bot_message(self.user_id)
        return await self._send(updates.callback(self.user_id, data, message))


# --- updates the shared builders do not make -----------------------------------------------


def _message(user_id: int, **fields: Any) -> Update:
    return Update(
        update_id=next(_ids) + 700_000,
        message=Message(
            message_id=next(_ids) + 700_000,
            date=updates.SENT_AT,
            chat=updates.private_chat(user_id),
            from_user=updates.user(user_id),
            **fields,
        ),
    )


def photo_message(
    user_id: int, file_id: str = "photo-1", file_size: int | None = 150_000, caption: str = ""
) -> Update:
    """A photo as Telegram sends it: several sizes, the largest last."""
    sizes = [
        PhotoSize(
            file_id=f"{file_id}-small",
            file_unique_id=f"u-{file_id}-small",
            width=90,
            height=67,
            file_size=2_000,
        ),
        PhotoSize(
            file_id=file_id,
            file_unique_id=f"u-{file_id}",
            width=1280,
            height=960,
            file_size=file_size,
        ),
    ]
    return _message(user_id, photo=sizes, caption=caption or None)


def document(
    user_id: int,
    file_name: str,
    file_size: int | None = 50_000,
    file_id: str = "doc-1",
    mime_type: str | None = "application/pdf",
) -> Update:
    doc = Document(
        file_id=file_id,
        file_unique_id=f"u-{file_id}",
        file_name=file_name,
        mime_type=mime_type,
        file_size=file_size,
    )
    return _message(user_id, document=doc)


def sticker_message(user_id: int) -> Update:
    sticker = Sticker(
        file_id="sticker-1",
        file_unique_id="u-sticker-1",
        type="regular",
        width=512,
        height=512,
        is_animated=False,
        is_video=False,
        emoji="👍",
    )
    return _message(user_id, sticker=sticker)


# --- the database --------------------------------------------------------------------------


async def activities(
    session_factory: async_sessionmaker[AsyncSession], *, with_deleted: bool = False
) -> list[Activity]:
    async with session_factory() as session:
        query = select(Activity).order_by(Activity.id)
        if not with_deleted:
            query = query.where(Activity.deleted_at.is_(None))
        return list((await session.scalars(query)).all())


async def evidence_rows(session_factory: async_sessionmaker[AsyncSession]) -> list[Evidence]:
    async with session_factory() as session:
        return list((await session.scalars(select(Evidence).order_by(Evidence.id))).all())


async def audits(
    session_factory: async_sessionmaker[AsyncSession], action: str | None = None
) -> list[AuditLog]:
    async with session_factory() as session:
        query = select(AuditLog).order_by(AuditLog.id)
        if action is not None:
            query = query.where(AuditLog.action == action)
        return list((await session.scalars(query)).all())


async def notifications(session_factory: async_sessionmaker[AsyncSession]) -> list[Notification]:
    async with session_factory() as session:
        return list((await session.scalars(select(Notification).order_by(Notification.id))).all())


async def leaves(session_factory: async_sessionmaker[AsyncSession]) -> list[Leave]:
    async with session_factory() as session:
        return list((await session.scalars(select(Leave).order_by(Leave.id))).all())


async def fsm_rows(session_factory: async_sessionmaker[AsyncSession]) -> list[FsmState]:
    async with session_factory() as session:
        return list((await session.scalars(select(FsmState).order_by(FsmState.key))).all())


async def add_activity(
    session_factory: async_sessionmaker[AsyncSession],
    employee: Employee,
    description: str,
    *,
    day: date = MONDAY,
    start: time | None = None,
    end: time | None = None,
    minutes: int | None = None,
    status: ActivityStatus = ActivityStatus.SUBMITTED,
    now: datetime | None = None,
) -> Activity:
    """An activity written straight to the database (as if reported earlier)."""
    if minutes is None:
        assert start is not None
        assert end is not None
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    now = now or datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    async with session_factory() as session:
        activity = Activity(
            employee_id=employee.id,
            work_date=day,
            start_time=start,
            end_time=end,
            minutes=minutes,
            description=description,
            status=status,
            version=1,
            idempotency_key=f"seed:{next(_ids)}",
            submitted_at=now,
            updated_at=now,
        )
        session.add(activity)
        await session.commit()
        return activity


async def set_activity(
    session_factory: async_sessionmaker[AsyncSession], activity_id: int, **values: Any
) -> None:
    async with session_factory() as session:
        await session.execute(update(Activity).where(Activity.id == activity_id).values(**values))
        await session.commit()


async def add_leave(
    session_factory: async_sessionmaker[AsyncSession],
    employee: Employee,
    start: date,
    end: date,
    kind: LeaveKind = LeaveKind.LEAVE,
) -> Leave:
    async with session_factory() as session:
        leave = Leave(
            employee_id=employee.id,
            kind=kind,
            start_date=start,
            end_date=end,
            note=None,
            created_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
        session.add(leave)
        await session.commit()
        return leave
