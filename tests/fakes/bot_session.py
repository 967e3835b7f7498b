"""A fake aiogram session: records every outgoing Bot API call and answers it plausibly.

Nothing leaves the process. Calls are kept in order in `FakeSession.calls`. The fake mimics the
few Bot API rules handlers commonly trip over: text sent with parse_mode HTML must contain only
the tags Telegram supports ("can't parse entities"), texts, captions, alerts and buttons must
fit Telegram's limits ("message is too long", "BUTTON_DATA_INVALID"), editing a message to exactly
its current content and reply markup is refused ("message is not modified"), and a callback
query can be answered only once. A method it does not know raises `UnexpectedMethod`, so a test
cannot pass by accident when a handler starts calling something new.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default, DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendChatAction,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import (
    BufferedInputFile,
    Chat,
    Document,
    File,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    User,
)

from bot.local_api import limits
from bot.local_api.entities import EntityParseError, parse_html
from bot.local_api.limits import BotApiError
from bot.retry import RetryDirectReplies

BOT_ID = 42
BOT_TOKEN = f"{BOT_ID}:" + "A" * 35
BOT_USERNAME = "kinerja_bot"
_FILE_URL = re.compile(r"/file/bot[^/]+/(?P<path>.+)$")


class UnexpectedMethod(NotImplementedError):
    """The handler called a Bot API method this fake does not answer."""


def visible_units(text: str, html: bool = True) -> int:
    """The length of a text after entity parsing, in UTF-16 code units: the strictest way to
    count it (the local Bot API server, like Telegram, counts characters)."""
    plain = parse_html(text).text if html else text
    return len(plain.encode("utf-16-le")) // 2


TEXT_LIMIT = limits.MAX_TEXT


def html_error(text: str) -> str | None:
    """Why Telegram would refuse `text` with parse_mode HTML, or None if it is fine (the same
    parser the local Bot API server uses, so handler tests and e2e tests agree)."""
    try:
        parse_html(text)
    except EntityParseError as exc:
        return exc.reason
    return None


def limit_error(method: TelegramMethod[Any], parse_mode: str | None) -> str | None:
    """The Bad Request the local Bot API server (and Telegram) answers for a message over its
    limits: text, caption, button alert, inline keyboard; None if it fits."""
    try:
        if isinstance(method, SendMessage | EditMessageText):
            limits.message_text(method.text, parse_mode)
        caption = getattr(method, "caption", None)
        if isinstance(caption, str):
            limits.caption(caption, parse_mode)
        if isinstance(method, AnswerCallbackQuery):
            limits.callback_answer_text(method.text)
        markup = getattr(method, "reply_markup", None)
        if isinstance(markup, InlineKeyboardMarkup):
            limits.inline_keyboard(markup.model_dump(exclude_none=True))
    except BotApiError as exc:
        return exc.description
    return None


def bot_user() -> User:
    return User(id=BOT_ID, is_bot=True, first_name="Kinerja", username=BOT_USERNAME)


def file_path_for(file_id: str) -> str:
    """The `file_path` that GetFile returns for `file_id`."""
    return f"documents/{file_id}"


class FakeSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[TelegramMethod[Any]] = []
        self.sent: list[Message] = []  # what SendMessage returned, in order
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []
        self._message_ids = itertools.count(1000)
        # (chat_id, message_id) -> (text, reply_markup) as the server would hold it.
        self._messages: dict[tuple[int | str, int], tuple[str, InlineKeyboardMarkup | None]] = {}
        self._answered_queries: set[str] = set()
        self._failures: list[tuple[type[TelegramMethod[Any]], Exception]] = []

    def put_file(self, file_path: str, content: bytes) -> None:
        """Serve `content` when the bot downloads `file_path`."""
        self.files[file_path] = content

    def put_document(self, file_id: str, content: bytes) -> str:
        """Serve `content` for the document `file_id`; returns its file_path."""
        path = file_path_for(file_id)
        self.put_file(path, content)
        return path

    def fail_next(self, method_type: type[TelegramMethod[Any]], error: Exception) -> None:
        """Make the next call of `method_type` raise `error` (e.g. TelegramForbiddenError)."""
        self._failures.append((method_type, error))

    async def close(self) -> None:
        pass

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,
    ) -> Any:
        self.calls.append(method)
        for index, (method_type, error) in enumerate(self._failures):
            if isinstance(method, method_type):
                del self._failures[index]
                raise error
        return self._respond(bot, method)

    def _respond(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        parse_mode = getattr(method, "parse_mode", None)
        if isinstance(parse_mode, Default):
            parse_mode = bot.default[parse_mode.name]
        if error := limit_error(method, parse_mode):
            raise TelegramBadRequest(method=method, message=error)
        if isinstance(method, SendMessage):
            return self._send_message(bot, method)
        if isinstance(method, EditMessageText):
            return self._edit_message_text(bot, method)
        if isinstance(method, EditMessageReplyMarkup):
            return self._edit_reply_markup(bot, method)
        if isinstance(method, AnswerCallbackQuery):
            if method.callback_query_id in self._answered_queries:
                raise TelegramBadRequest(
                    method=method,
                    message="Bad Request: query is too old and response timeout expired "
                    "or query ID is invalid",
                )
            self._answered_queries.add(method.callback_query_id)
            return True
        if isinstance(method, SetMyCommands | SendChatAction):
            return True
        if isinstance(method, SendPhoto) and isinstance(method.photo, BufferedInputFile):
            return self._upload(bot, method, method.photo)
        if isinstance(method, SendDocument) and isinstance(method.document, BufferedInputFile):
            return self._upload(bot, method, method.document)
        if isinstance(method, GetMe):
            return bot_user()
        if isinstance(method, GetFile):
            path = file_path_for(method.file_id)
            return File(
                file_id=method.file_id,
                file_unique_id=f"u-{method.file_id}",
                file_size=len(self.files.get(path, b"")),
                file_path=path,
            )
        raise UnexpectedMethod(type(method).__name__)

    def _upload(
        self, bot: Bot, method: SendPhoto | SendDocument, upload: BufferedInputFile
    ) -> Message:
        """A generated photo or file (uploaded bytes), kept with its buttons like a message."""
        parse_mode = method.parse_mode
        if isinstance(parse_mode, Default):
            parse_mode = bot.default[parse_mode.name]
        if (
            method.caption
            and parse_mode == ParseMode.HTML
            and (error := html_error(method.caption))
        ):
            raise TelegramBadRequest(
                method=method, message=f"Bad Request: can't parse entities: {error}"
            )
        message_id = next(self._message_ids)
        markup = (
            method.reply_markup if isinstance(method.reply_markup, InlineKeyboardMarkup) else None
        )
        self._messages[(method.chat_id, message_id)] = (method.caption or "", markup)
        media: dict[str, Any] = (
            {"photo": [PhotoSize(file_id=f"p{message_id}", file_unique_id="u", width=1, height=1)]}
            if isinstance(method, SendPhoto)
            else {"document": Document(file_id=f"d{message_id}", file_unique_id="u")}
        )
        return Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=Chat(id=int(method.chat_id), type="private"),
            from_user=bot_user(),
            caption=method.caption,
            reply_markup=markup,
            **media,
        ).as_(bot)

    def _send_message(self, bot: Bot, method: SendMessage) -> Message:
        message_id = next(self._message_ids)
        markup = (
            method.reply_markup if isinstance(method.reply_markup, InlineKeyboardMarkup) else None
        )
        self._messages[(method.chat_id, message_id)] = (method.text, markup)
        message = _message(bot, method.chat_id, message_id, method.text, markup)
        self.sent.append(message)
        return message

    def _edit_message_text(self, bot: Bot, method: EditMessageText) -> Message | bool:
        if method.inline_message_id is not None:
            return True
        assert method.chat_id is not None
        assert method.message_id is not None
        key = (method.chat_id, method.message_id)
        markup = method.reply_markup
        if self._messages.get(key) == (method.text, markup):
            raise TelegramBadRequest(
                method=method,
                message="Bad Request: message is not modified: specified new message content "
                "and reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        self._messages[key] = (method.text, markup)
        return _message(bot, method.chat_id, method.message_id, method.text, markup)

    def _edit_reply_markup(self, bot: Bot, method: EditMessageReplyMarkup) -> Message | bool:
        """Like Telegram: removing buttons that are not there is "message is not modified"."""
        assert method.chat_id is not None
        assert method.message_id is not None
        key = (method.chat_id, method.message_id)
        text, markup = self._messages.get(key, ("…", None))
        if markup == method.reply_markup:
            raise TelegramBadRequest(
                method=method,
                message="Bad Request: message is not modified: specified new message content "
                "and reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        self._messages[key] = (text, method.reply_markup)
        return _message(bot, method.chat_id, method.message_id, text, method.reply_markup)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        match = _FILE_URL.search(url)
        path = match.group("path") if match else url
        self.downloads.append(path)
        if path not in self.files:
            raise FileNotFoundError(f"no content registered for file_path {path!r}")
        content = self.files[path]
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]


def _message(
    bot: Bot,
    chat_id: int | str,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
) -> Message:
    chat = Chat(id=int(chat_id), type="private")
    return Message(
        message_id=message_id,
        date=datetime.now(UTC),
        chat=chat,
        from_user=bot_user(),
        text=text,
        reply_markup=markup,
    ).as_(bot)


def make_bot(session: FakeSession | None = None) -> Bot:
    """A Bot wired to a FakeSession, with the defaults and request middleware the application
    uses (direct replies retried once Telegram recovers; no waiting in tests)."""
    session = session or FakeSession()
    session.middleware(RetryDirectReplies(delays=(0.0, 0.0)))
    return Bot(
        token=BOT_TOKEN,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
