"""The limits Telegram's Bot API enforces, with its own error descriptions.

https://core.telegram.org/bots/api: message text 1-4096 characters after entity parsing,
captions 0-1024, callback_data 1-64 bytes, callback answers up to 200 characters, bot commands
1-32 characters of a-z, 0-9 and _, their descriptions 1-256. Lengths count characters (Unicode
scalars) of the text after parsing, which is what Telegram measures; entity offsets count
UTF-16 units (see entities.py).
"""

from __future__ import annotations

import re
from typing import Any

from bot.local_api.entities import EntityParseError, Parsed, parse_html, strip

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200
MAX_COMMANDS = 100
MAX_BUTTONS = 100  # per inline keyboard
MAX_COMMAND_DESCRIPTION = 256
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile serves files up to 20 MB
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
# Refusals a correct bot may still meet (a double tap, a race); anything else is a bot bug.
BENIGN = (NOT_MODIFIED, QUERY_TOO_OLD)


class BotApiError(Exception):
    """An error answer: HTTP status, `error_code` and `description` as Telegram sends them."""

    def __init__(self, description: str, status: int = 400, **parameters: Any) -> None:
        super().__init__(description)
        self.description = description
        self.status = status
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> BotApiError:
    return BotApiError(f"Bad Request: {reason}")


def _parse(text: str, parse_mode: str | None) -> Parsed:
    if (parse_mode or "").lower() != "html":
        if parse_mode:
            raise bad_request(f"unsupported parse_mode {parse_mode!r}")
        return Parsed(text)
    try:
        return parse_html(text)
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc.reason}") from None


def message_text(text: Any, parse_mode: str | None) -> Parsed:
    """sendMessage / editMessageText `text`: parsed, trimmed, 1-4096 characters."""
    if text is None or text == "":
        raise bad_request("message text is empty")
    parsed = strip(_parse(str(text), parse_mode))
    if not parsed.text:
        raise bad_request("message text is empty")
    if len(parsed.text) > MAX_TEXT:
        raise bad_request("message is too long")
    return parsed


def caption(text: Any, parse_mode: str | None) -> Parsed | None:
    """A photo's or document's caption: parsed, trimmed, at most 1024 characters."""
    if text is None or text == "":
        return None
    parsed = strip(_parse(str(text), parse_mode))
    if len(parsed.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return parsed if parsed.text else None


def inline_keyboard(markup: Any) -> dict[str, Any] | None:
    """An InlineKeyboardMarkup as Telegram checks it (None: no inline keyboard)."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text") or "").strip():
                raise bad_request("BUTTON_TEXT_EMPTY")
            actions = set(button) - {"text", "style", "icon_custom_emoji_id"}
            if not actions:
                raise bad_request("text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                size = len(str(button["callback_data"]).encode("utf-8"))
                if not 1 <= size <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
    return {"inline_keyboard": rows} if any(rows) else None


def callback_answer_text(text: Any) -> str | None:
    if text is None or text == "":
        return None
    if len(str(text)) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    return str(text)


def bot_commands(commands: Any) -> list[dict[str, str]]:
    if not isinstance(commands, list) or len(commands) > MAX_COMMANDS:
        raise bad_request(
            "too many commands" if isinstance(commands, list) else "BOT_COMMAND_INVALID"
        )
    checked = []
    for command in commands:
        name = str(command.get("command", "")) if isinstance(command, dict) else ""
        description = str(command.get("description", "")).strip() if name else ""
        if not _COMMAND.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= MAX_COMMAND_DESCRIPTION:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        checked.append({"command": name, "description": description})
    return checked
