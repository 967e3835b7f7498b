"""The Bot API methods the bot uses, over a `Store`. Each takes the request's parameters
(JSON fields decoded, uploads as `Upload`) and returns the `result` or raises `BotApiError`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.local_api import limits
from bot.local_api.limits import BotApiError, bad_request
from bot.local_api.store import BOT_USER, Store, StoredFile, StoredMessage

Params = dict[str, Any]


@dataclass(frozen=True)
class Upload:
    """A file sent in the multipart request (`attach://` or a field of its own)."""

    filename: str
    content: bytes
    content_type: str | None


def _chat_id(params: Params) -> int:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        raise bad_request("chat not found") from None


def _message(store: Store, params: Params, action: str) -> StoredMessage:
    try:
        key = (_chat_id(params), int(params["message_id"]))
    except (KeyError, TypeError, ValueError):
        raise bad_request(f"message to {action} not found") from None
    message = store.messages.get(key)
    if message is None or message.deleted:
        raise bad_request(f"message to {action} not found")
    if action == "edit" and not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _file(store: Store, params: Params, field: str) -> StoredFile:
    """A file the bot sends: a new upload, or the file_id of one Telegram already has."""
    value = params.get(field)
    kind = "photo" if field == "photo" else "document"
    if isinstance(value, Upload):
        return store.add_file(
            value.content,
            kind,
            file_name=value.filename if kind == "document" else None,
            mime_type=value.content_type,
        )
    stored = store.files.get(str(value or ""))
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request("type of file mismatch")
    return stored


def send_message(store: Store, params: Params) -> Any:
    text = limits.message_text(params.get("text"), params.get("parse_mode"))
    markup = limits.inline_keyboard(params.get("reply_markup"))
    return store.add_message(_chat_id(params), BOT_USER, text=text, markup=markup).telegram()


def _send_file(field: str) -> Callable[[Store, Params], Any]:
    def send(store: Store, params: Params) -> Any:
        chat_id = _chat_id(params)
        caption = limits.caption(params.get("caption"), params.get("parse_mode"))
        markup = limits.inline_keyboard(params.get("reply_markup"))
        stored = _file(store, params, field)
        message = store.add_message(chat_id, BOT_USER, caption=caption, file=stored, markup=markup)
        return message.telegram()

    return send


def _not_modified(message: StoredMessage, text: Any, markup: Any) -> bool:
    return (text, markup) == (message.text, message.markup)


def edit_message_text(store: Store, params: Params) -> Any:
    message = _message(store, params, "edit")
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text = limits.message_text(params.get("text"), params.get("parse_mode"))
    markup = limits.inline_keyboard(params.get("reply_markup"))
    if _not_modified(message, text, markup):
        raise BotApiError(limits.NOT_MODIFIED)
    message.text, message.markup = text, markup
    store.touch(message)
    return message.telegram()


def edit_message_caption(store: Store, params: Params) -> Any:
    message = _message(store, params, "edit")
    if message.file is None:
        raise bad_request("there is no caption in the message to edit")
    caption = limits.caption(params.get("caption"), params.get("parse_mode"))
    markup = limits.inline_keyboard(params.get("reply_markup"))
    if (caption, markup) == (message.caption, message.markup):
        raise BotApiError(limits.NOT_MODIFIED)
    message.caption, message.markup = caption, markup
    store.touch(message)
    return message.telegram()


def edit_message_reply_markup(store: Store, params: Params) -> Any:
    message = _message(store, params, "edit")
    markup = limits.inline_keyboard(params.get("reply_markup"))
    if markup == message.markup:
        raise BotApiError(limits.NOT_MODIFIED)
    message.markup = markup
    store.touch(message)
    return message.telegram()


def delete_message(store: Store, params: Params) -> Any:
    message = _message(store, params, "delete")
    message.deleted = True
    store.touch(message, edited=False)
    return True


def answer_callback_query(store: Store, params: Params) -> Any:
    query_id = str(params.get("callback_query_id") or "")
    chat_id = store.open_queries.pop(query_id, None)
    if chat_id is None:
        raise BotApiError(limits.QUERY_TOO_OLD)
    text = limits.callback_answer_text(params.get("text"))
    store.answered_queries.add(query_id)
    if text:
        store.toast(chat_id, text, str(params.get("show_alert")).lower() == "true")
    return True


def set_my_commands(store: Store, params: Params) -> Any:
    store.commands[str(params.get("language_code") or "")] = limits.bot_commands(
        params.get("commands")
    )
    return True


def get_my_commands(store: Store, params: Params) -> Any:
    return store.commands.get(str(params.get("language_code") or ""), [])


def get_file(store: Store, params: Params) -> Any:
    stored = store.files.get(str(params.get("file_id") or ""))
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.content) > limits.MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.unique_id,
        "file_size": len(stored.content),
        "file_path": stored.path,
    }


def send_chat_action(store: Store, params: Params) -> Any:
    _chat_id(params)
    return True


def _true(store: Store, params: Params) -> Any:
    return True


METHODS: dict[str, Callable[[Store, Params], Any]] = {
    "getme": lambda store, params: BOT_USER,
    "sendmessage": send_message,
    "sendphoto": _send_file("photo"),
    "senddocument": _send_file("document"),
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": _true,
    "getfile": get_file,
    "sendchataction": send_chat_action,
    "deletewebhook": _true,
    "close": _true,
    "logout": _true,
}
# Fields whose form value is JSON (everything else is a plain string, even "[1]").
JSON_FIELDS = frozenset(
    {"reply_markup", "entities", "caption_entities", "commands", "scope", "allowed_updates"}
    | {"link_preview_options", "reply_parameters", "media"}
)
