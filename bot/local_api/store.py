"""What the local Bot API server holds: chats' messages (with a revision per change, so a
web page can follow them), files, callback queries and the command menu."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from bot.local_api.entities import Parsed

BOT_USER: dict[str, Any] = {
    "id": 4242,
    "is_bot": True,
    "first_name": "Kinerja",
    "username": "kinerja_test_bot",
}


@dataclass
class StoredFile:
    file_id: str
    content: bytes
    kind: str  # "document" or "photo"
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    @property
    def unique_id(self) -> str:
        return f"u{self.file_id}"

    @property
    def path(self) -> str:
        return f"{'photos' if self.kind == 'photo' else 'documents'}/{self.file_id}"


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    sender: dict[str, Any]
    date: int
    rev: int
    text: Parsed | None = None
    caption: Parsed | None = None
    file: StoredFile | None = None
    markup: dict[str, Any] | None = None
    edit_date: int | None = None
    deleted: bool = False

    @property
    def from_bot(self) -> bool:
        return bool(self.sender.get("is_bot"))

    def telegram(self) -> dict[str, Any]:
        """The Message object as the Bot API returns it."""
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": {"id": self.chat_id, "type": "private"},
            "from": self.sender,
        }
        if self.edit_date:
            message["edit_date"] = self.edit_date
        if self.text is not None:
            message["text"] = self.text.text
            if self.text.entities:
                message["entities"] = self.text.entities
        if self.caption is not None:
            message["caption"] = self.caption.text
            if self.caption.entities:
                message["caption_entities"] = self.caption.entities
        if self.file is not None:
            message.update(file_object(self.file))
        if self.markup:
            message["reply_markup"] = self.markup
        return message


def file_object(stored: StoredFile) -> dict[str, Any]:
    """The `photo` or `document` field of a Message."""
    base = {
        "file_id": stored.file_id,
        "file_unique_id": stored.unique_id,
        "file_size": len(stored.content),
    }
    if stored.kind == "photo":
        return {"photo": [{**base, "width": stored.width, "height": stored.height}]}
    document = dict(base)
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return {"document": document}


@dataclass
class Store:
    messages: dict[tuple[int, int], StoredMessage] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    # callback query id -> chat id, until answered; answered ids are kept to refuse a second.
    open_queries: dict[str, int] = field(default_factory=dict)
    answered_queries: set[str] = field(default_factory=set)
    # Per chat: (rev, text, show_alert) of callback answers, for the web page.
    toasts: dict[int, list[tuple[int, str, bool]]] = field(default_factory=dict)
    commands: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    rev: int = 0
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _file_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_rev(self) -> int:
        self.rev += 1
        return self.rev

    def next_message_id(self) -> int:
        return next(self._message_ids)

    def add_file(self, content: bytes, kind: str, **meta: Any) -> StoredFile:
        prefix = "photo" if kind == "photo" else "doc"
        stored = StoredFile(f"{prefix}{next(self._file_ids)}", content, kind, **meta)
        self.files[stored.file_id] = stored
        return stored

    def add_message(self, chat_id: int, sender: dict[str, Any], **content: Any) -> StoredMessage:
        message = StoredMessage(
            chat_id=chat_id,
            message_id=self.next_message_id(),
            sender=sender,
            date=int(time.time()),
            rev=self.next_rev(),
            **content,
        )
        self.messages[(chat_id, message.message_id)] = message
        return message

    def touch(self, message: StoredMessage, *, edited: bool = True) -> None:
        message.rev = self.next_rev()
        if edited:
            message.edit_date = int(time.time())

    def chat_since(self, chat_id: int, after: int) -> list[StoredMessage]:
        found = [m for m in self.messages.values() if m.chat_id == chat_id and m.rev > after]
        return sorted(found, key=lambda m: m.message_id)

    def toast(self, chat_id: int, text: str, alert: bool) -> None:
        self.toasts.setdefault(chat_id, []).append((self.next_rev(), text, alert))
