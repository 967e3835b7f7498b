"""Builders for incoming Updates as Telegram would deliver them in a private chat."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from aiogram.types import CallbackQuery, Chat, Document, Message, Update, User

from tests.fakes.bot_session import bot_user

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)
_callback_ids = itertools.count(1)
SENT_AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def user(user_id: int, language_code: str | None = None, first_name: str = "Pengguna") -> User:
    return User(id=user_id, is_bot=False, first_name=first_name, language_code=language_code)


def private_chat(user_id: int) -> Chat:
    return Chat(id=user_id, type="private", first_name="Pengguna")


def _message(user_id: int, language_code: str | None, **fields: object) -> Message:
    return Message(
        message_id=next(_message_ids),
        date=SENT_AT,
        chat=private_chat(user_id),
        from_user=user(user_id, language_code),
        **fields,
    )


def text_message(user_id: int, text: str, language_code: str | None = None) -> Update:
    """A text message (a command too, e.g. "/help") from `user_id` in their private chat."""
    return Update(update_id=next(_update_ids), message=_message(user_id, language_code, text=text))


def start(user_id: int, payload: str | None = None, language_code: str | None = None) -> Update:
    """/start, optionally with a deep-link payload (what opening t.me/bot?start=X sends)."""
    text = f"/start {payload}" if payload else "/start"
    return text_message(user_id, text, language_code)


def document_message(
    user_id: int,
    file_name: str,
    file_size: int | None,
    file_id: str = "doc-1",
    language_code: str | None = None,
) -> Update:
    document = Document(
        file_id=file_id,
        file_unique_id=f"u-{file_id}",
        file_name=file_name,
        mime_type="text/csv" if file_name.endswith(".csv") else None,
        file_size=file_size,
    )
    return Update(
        update_id=next(_update_ids), message=_message(user_id, language_code, document=document)
    )


def callback(
    user_id: int, data: str, message: Message | None = None, language_code: str | None = None
) -> Update:
    """A pressed inline button; `message` is the bot message carrying the keyboard."""
    query = CallbackQuery(
        id=f"cbq-{next(_callback_ids)}",
        from_user=user(user_id, language_code),
        chat_instance=f"ci-{user_id}",
        data=data,
        message=message,
    )
    return Update(update_id=next(_update_ids), callback_query=query)


def bot_message(user_id: int, text: str = "…") -> Message:
    """A message the bot sent earlier in `user_id`'s private chat (for callbacks)."""
    return Message(
        message_id=next(_message_ids) + 500_000,
        date=SENT_AT,
        chat=private_chat(user_id),
        from_user=bot_user(),
        text=text,
    )
