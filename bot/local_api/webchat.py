"""The web chat: a phone-messenger page (static/) and the JSON endpoints it uses to be one of
the `people` talking to the bot through this server. Everything is served locally.

    GET  /                         the page
    GET  /chat/api/people          who you can be, and whether the demo clock can move
    GET  /chat/api/commands?lang=  the command menu the bot set (setMyCommands)
    GET  /chat/api/{user}/events?after=REV   long poll: changed messages and button answers
    POST /chat/api/{user}/send     {"text": ...}
    POST /chat/api/{user}/press    {"message_id": ..., "data": ...}
    POST /chat/api/{user}/upload   multipart: file, caption, as=photo|document, width, height
    GET  /chat/api/file/{file_id}  a file either side sent
    GET|POST /chat/api/clock       the demo clock: {"to": "workday_1600"|"period_end"|"now"}
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web

from bot.local_api.limits import MAX_CAPTION, MAX_TEXT
from bot.local_api.store import BOT_USER, StoredMessage

if TYPE_CHECKING:
    from bot.local_api.server import LocalBotAPI

STATIC = Path(__file__).parent / "static"
POLL_SECONDS = 20.0
MAX_PAGE_UPLOAD = 20 * 1024 * 1024
API_KEY: web.AppKey[LocalBotAPI] = web.AppKey("local_bot_api")


def page_message(message: StoredMessage) -> dict[str, Any]:
    """A message as the page draws it."""
    stored = message.file
    return {
        "id": message.message_id,
        "rev": message.rev,
        "from_bot": message.from_bot,
        "date": message.date,
        "edited": message.edit_date is not None,
        "deleted": message.deleted,
        "text": message.text.text if message.text else None,
        "entities": message.text.entities if message.text else [],
        "caption": message.caption.text if message.caption else None,
        "caption_entities": message.caption.entities if message.caption else [],
        "file": None
        if stored is None
        else {
            "id": stored.file_id,
            "kind": stored.kind,
            "name": stored.file_name or f"{stored.file_id}.jpg",
            "size": len(stored.content),
            "url": f"/chat/api/file/{stored.file_id}",
        },
        "buttons": (message.markup or {}).get("inline_keyboard", []),
    }


def _api(request: web.Request) -> LocalBotAPI:
    return request.app[API_KEY]


def _user(request: web.Request) -> int:
    api = _api(request)
    try:
        user_id = int(request.match_info["user"])
    except ValueError:
        raise web.HTTPNotFound() from None
    if api.people and user_id not in {p.user_id for p in api.people}:
        raise web.HTTPNotFound()
    return user_id


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="JSON body expected") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="JSON object expected")
    return body


async def index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})


async def people(request: web.Request) -> web.Response:
    api = _api(request)
    return web.json_response(
        {
            "bot": BOT_USER["first_name"],
            "people": [asdict(p) for p in api.people],
            "clock": api.time_travel is not None,
        }
    )


async def commands(request: web.Request) -> web.Response:
    store = _api(request).store
    language = request.query.get("lang", "")
    menu = store.commands.get(language) or store.commands.get("", [])
    return web.json_response({"commands": menu})


async def events(request: web.Request) -> web.Response:
    api, user_id = _api(request), _user(request)
    try:
        after = max(0, int(request.query.get("after", "0")))
    except ValueError:
        raise web.HTTPBadRequest(text="after must be a number") from None
    deadline = time.monotonic() + POLL_SECONDS
    async with api.changed:
        while True:
            changed = api.store.chat_since(user_id, after)
            toasts = [t for t in api.store.toasts.get(user_id, []) if t[0] > after]
            remaining = deadline - time.monotonic()
            if changed or toasts or remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(api.changed.wait(), remaining)
    return web.json_response(
        {
            "rev": api.store.rev,
            "messages": [page_message(m) for m in changed],
            "toasts": [{"text": text, "alert": alert} for _rev, text, alert in toasts],
        }
    )


async def send(request: web.Request) -> web.Response:
    api, user_id = _api(request), _user(request)
    text = str((await _json(request)).get("text") or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise web.HTTPBadRequest(text=f"a message has 1 to {MAX_TEXT} characters")
    api.push_text(user_id, text)
    return web.json_response({"ok": True})


async def press(request: web.Request) -> web.Response:
    api, user_id = _api(request), _user(request)
    body = await _json(request)
    try:
        message = api.store.messages.get((user_id, int(body.get("message_id", 0))))
    except (TypeError, ValueError):
        message = None
    data = str(body.get("data") or "")
    if message is None or message.deleted:
        raise web.HTTPNotFound(text="no such message")
    buttons = [b for row in (message.markup or {}).get("inline_keyboard", []) for b in row]
    if not any(b.get("callback_data") == data for b in buttons):
        raise web.HTTPConflict(text="that button is gone")
    api.press(user_id, message, data)
    return web.json_response({"ok": True})


async def upload(request: web.Request) -> web.Response:
    api, user_id = _api(request), _user(request)
    form = await request.post()
    sent = form.get("file")
    if not isinstance(sent, web.FileField):
        raise web.HTTPBadRequest(text="a file is expected")
    content = sent.file.read(MAX_PAGE_UPLOAD + 1)
    if not content or len(content) > MAX_PAGE_UPLOAD:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_PAGE_UPLOAD, actual_size=len(content))
    caption = str(form.get("caption") or "").strip()[:MAX_CAPTION] or None
    is_photo = form.get("as") == "photo" and (sent.content_type or "").startswith("image/")
    if is_photo:
        size = (_int(form.get("width"), 800), _int(form.get("height"), 600))
        api.push_photo(user_id, content, caption, size, sent.content_type)
    else:
        api.push_document(user_id, sent.filename, content, caption, sent.content_type)
    return web.json_response({"ok": True})


def _int(value: Any, default: int) -> int:
    try:
        return max(1, min(int(str(value)), 10_000))
    except ValueError:
        return default


async def download(request: web.Request) -> web.StreamResponse:
    stored = _api(request).store.files.get(request.match_info["file_id"])
    if stored is None:
        raise web.HTTPNotFound()
    if stored.kind == "photo":
        mime = stored.mime_type or ""
        kind = mime if mime.startswith("image/") else "image/jpeg"
        return web.Response(body=stored.content, content_type=kind)
    name = stored.file_name or stored.file_id
    plain = "".join(c for c in name if c.isascii() and c.isprintable() and c not in '"\\') or "file"
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
    return web.Response(
        body=stored.content,
        content_type=stored.mime_type or "application/octet-stream",
        headers={"Content-Disposition": disposition},
    )


async def clock(request: web.Request) -> web.Response:
    api = _api(request)
    if api.time_travel is None:
        raise web.HTTPNotFound(text="no demo clock here")
    target = "status" if request.method == "GET" else str((await _json(request)).get("to"))
    if target not in ("status", "workday_1600", "period_end", "now"):
        raise web.HTTPBadRequest(text="to: workday_1600, period_end or now")
    return web.json_response(await api.time_travel(target))


def add_routes(app: web.Application, api: LocalBotAPI) -> None:
    app[API_KEY] = api
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC)
    app.router.add_get("/chat/api/people", people)
    app.router.add_get("/chat/api/commands", commands)
    app.router.add_get("/chat/api/clock", clock)
    app.router.add_post("/chat/api/clock", clock)
    app.router.add_get("/chat/api/file/{file_id}", download)
    app.router.add_get("/chat/api/{user}/events", events)
    app.router.add_post("/chat/api/{user}/send", send)
    app.router.add_post("/chat/api/{user}/press", press)
    app.router.add_post("/chat/api/{user}/upload", upload)
