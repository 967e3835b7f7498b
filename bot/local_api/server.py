"""A local Telegram Bot API server (aiohttp, 127.0.0.1) for the demo, the e2e tests and the
benchmarks: the bot talks to it over real HTTP exactly as to api.telegram.org.

It speaks `POST /bot<token>/<method>` (form fields, multipart uploads) and
`GET /file/bot<token>/<path>` for downloads, enforcing Telegram's limits (limits.py). Tests
push updates with `push_*`, read every call the bot made from `calls` (a refused call carries
its `error`), wait with `wait_for`, and may inject faults with `fault`. The web chat
(webchat.py) is mounted on the same server.

Updates are fetched with getUpdates until the bot calls setWebhook; from then on each pushed
update is POSTed (JSON, header X-Telegram-Bot-Api-Secret-Token) to the webhook URLs in turn
(round-robin when several front ends registered different URLs, as a load balancer would);
an update that is not answered with 200 goes to the next URL after a short wait, as Telegram
redelivers, until one accepts it. `deliveries` records every attempt. deleteWebhook goes
back to polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from bot.local_api.limits import BENIGN, BotApiError
from bot.local_api.methods import JSON_FIELDS, METHODS, Upload
from bot.local_api.store import BOT_USER, Store, StoredMessage

__all__ = ["BOT_USER", "Call", "LocalBotAPI", "Person"]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # Telegram: bots upload up to 50 MB


# Telegram keeps redelivering an update its webhook did not accept; here a bounded number
# of times, a little apart, so a dead front end is passed over quickly.
REDELIVERIES = 50
REDELIVERY_WAIT = 0.2


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    # What the server answered (e.g. the sent message with its message_id), or None.
    result: Any = None
    # Telegram's error description when the call was refused, else None.
    error: str | None = None
    # Files the bot uploaded with the call (photo, document), by field.
    uploads: dict[str, Upload] = field(default_factory=dict)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


@dataclass(frozen=True)
class Person:
    """Someone the web chat lets you be (the demo's seeded staff)."""

    user_id: int
    name: str
    role: str
    language: str = "id"


def _decode(name: str, value: Any) -> Any:
    if name in JSON_FIELDS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class LocalBotAPI:
    def __init__(
        self,
        token: str,
        people: list[Person] | None = None,
        poll_seconds: float = 1.0,
        first_update_id: int = 0,
    ) -> None:
        self.token = token
        # Longest a getUpdates long poll is held (tests keep it short so the bot stops fast).
        self.poll_seconds = poll_seconds
        self.people = list(people or [])
        self.store = Store()
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._update_id = first_update_id
        # setWebhook URLs (with their secret), delivered to in turn; empty = polling.
        self.webhooks: dict[str, str] = {}
        self._next_webhook = 0
        # (url, update_id, HTTP status or 0 when unreachable) of each webhook delivery.
        self.deliveries: list[tuple[str, int, int]] = []
        self._client: ClientSession | None = None
        self._deliveries_running: set[asyncio.Task[int]] = set()
        self.changed = asyncio.Condition()
        # Optional fault injection: a callable deciding a reply for a call (or None = normal).
        # Injected faults are answered before the call is handled and never reach `calls`.
        self.fault: Callable[[Call], tuple[int, dict[str, Any]] | None] | None = None
        # Optional demo clock control for the web chat: target name -> description.
        self.time_travel: Callable[[str], Awaitable[dict[str, Any]]] | None = None
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @property
    def files(self) -> dict[str, Any]:
        return self.store.files

    # -- lifecycle -------------------------------------------------------------------------
    def app(self) -> web.Application:
        from bot.local_api.webchat import add_routes

        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle_method)
        app.router.add_get("/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        add_routes(app, self)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://{host}:{bound}"
        return self.base_url

    async def stop(self) -> None:
        for task in list(self._deliveries_running):
            task.cancel()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what tests (and the web chat) push --------------------------------------------------
    def push_update(self, payload: dict[str, Any]) -> int:
        self._open_query(payload)
        self._update_id += 1
        update = {"update_id": self._update_id, **payload}
        if self.webhooks:
            task = asyncio.get_running_loop().create_task(self._deliver_until_accepted(update))
            self._deliveries_running.add(task)
            task.add_done_callback(self._deliveries_running.discard)
        else:
            self._updates.append(update)
        self.notify_soon()
        return self._update_id

    def _open_query(self, payload: dict[str, Any]) -> None:
        query = payload.get("callback_query")
        if isinstance(query, dict) and query.get("id") not in self.store.answered_queries:
            self.store.open_queries[str(query["id"])] = int(query["from"]["id"])

    async def _deliver_until_accepted(self, update: dict[str, Any]) -> int:
        status = 0
        for attempt in range(REDELIVERIES):
            if attempt:
                await asyncio.sleep(REDELIVERY_WAIT)
            urls = list(self.webhooks)
            if not urls:  # deleteWebhook meanwhile: back to getUpdates
                self._updates.append(update)
                self.notify_soon()
                return 0
            url = urls[self._next_webhook % len(urls)]
            self._next_webhook += 1
            status = await self.deliver(update, url)
            if status == 200:
                break
        return status

    async def deliver(self, update: dict[str, Any], url: str, secret: str | None = None) -> int:
        """POST one update to a webhook URL as Telegram does; the HTTP status (0 = unreachable).
        `secret` overrides the one given to setWebhook (tests send wrong ones)."""
        self._open_query(update)
        if self._client is None:
            self._client = ClientSession(timeout=ClientTimeout(total=10))
        token = self.webhooks.get(url, "") if secret is None else secret
        headers = {"X-Telegram-Bot-Api-Secret-Token": token} if token else {}
        try:
            async with self._client.post(url, json=update, headers=headers) as response:
                status = response.status
        except (OSError, ClientError):  # refused, or a kept-alive connection that died
            status = 0
        self.deliveries.append((url, int(update.get("update_id", 0)), status))
        await self._notify()
        return status

    def user(self, user_id: int, first_name: str = "User") -> dict[str, Any]:
        person = next((p for p in self.people if p.user_id == user_id), None)
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": person.name if person else first_name,
            "language_code": person.language if person else "id",
        }

    def _user_message(self, user_id: int, first_name: str, **content: Any) -> dict[str, Any]:
        message = self.store.add_message(user_id, self.user(user_id, first_name), **content)
        telegram = message.telegram()
        telegram["chat"]["first_name"] = telegram["from"]["first_name"]
        return telegram

    def push_text(self, user_id: int, text: str, first_name: str = "User") -> int:
        from bot.local_api.entities import Parsed

        entities = []
        if text.startswith("/"):
            command = text.split()[0]
            entities = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message = self._user_message(user_id, first_name, text=Parsed(text, entities))
        return self.push_update({"message": message})

    def push_document(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        caption: str | None = None,
        mime_type: str | None = None,
    ) -> int:
        stored = self.store.add_file(content, "document", file_name=file_name, mime_type=mime_type)
        return self._push_file(user_id, stored, caption)

    def push_photo(
        self,
        user_id: int,
        content: bytes,
        caption: str | None = None,
        size: tuple[int, int] = (800, 600),
        mime_type: str = "image/jpeg",
    ) -> int:
        stored = self.store.add_file(
            content, "photo", width=size[0], height=size[1], mime_type=mime_type
        )
        return self._push_file(user_id, stored, caption)

    def _push_file(self, user_id: int, stored: Any, caption: str | None) -> int:
        from bot.local_api.entities import Parsed

        parsed = Parsed(caption) if caption else None
        message = self._user_message(user_id, "User", file=stored, caption=parsed)
        return self.push_update({"message": message})

    def push_callback(self, user_id: int, data: str, message: dict[str, Any]) -> int:
        return self.push_update(
            {
                "callback_query": {
                    "id": f"cb{self._update_id + 1}",
                    "from": self.user(user_id),
                    "chat_instance": "ci",
                    "data": data,
                    "message": message,
                }
            }
        )

    def press(self, user_id: int, message: StoredMessage, data: str) -> int:
        """Tap a button of a stored message (what the web chat does)."""
        return self.push_callback(user_id, data, message.telegram())

    # -- what tests read -------------------------------------------------------------------
    def sent_to(self, chat_id: int, method: str = "sendMessage") -> list[Call]:
        return [
            c for c in self.calls if c.method == method and c.chat_id == chat_id and c.error is None
        ]

    def sent_to_any(self, chats: set[int], method: str = "sendMessage") -> list[Call]:
        return [
            c for c in self.calls if c.method == method and c.chat_id in chats and c.error is None
        ]

    def malformed(self) -> list[Call]:
        """Calls Telegram would refuse because the bot built them wrong (not a race)."""
        return [c for c in self.calls if c.error is not None and c.error not in BENIGN]

    async def wait_for(
        self, predicate: Callable[[Call], bool], timeout: float = 30.0, after: int = 0
    ) -> Call:
        """Wait for a call (at index >= after) matching the predicate."""
        deadline = time.monotonic() + timeout
        async with self.changed:
            while True:
                for call in self.calls[after:]:
                    if predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(c.method, c.chat_id, c.text[:80]) for c in self.calls[after:]]
                    raise TimeoutError(f"no matching call; saw {seen}")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.changed.wait(), remaining)

    async def wait_for_text(
        self, chat_id: int, contains: str, timeout: float = 30.0, after: int = 0
    ) -> Call:
        return await self.wait_for(
            lambda c: (
                c.method in ("sendMessage", "editMessageText")
                and c.error is None
                and c.chat_id == chat_id
                and contains in c.text
            ),
            timeout,
            after,
        )

    # -- internals -------------------------------------------------------------------------
    def notify_soon(self) -> None:
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            if request.content_type == "application/json":
                body = await request.json()
                params.update(body if isinstance(body, dict) else {})
            else:
                for name, value in (await request.post()).items():
                    if isinstance(value, web.FileField):
                        params[name] = Upload(value.filename, value.file.read(), value.content_type)
                    else:
                        params[name] = _decode(name, value)
        for name, value in list(params.items()):  # "attach://<field>" points at an upload
            if isinstance(value, str) and value.startswith("attach://"):
                params[name] = params.pop(value[9:], value)
        return params

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        if method.lower() == "getupdates":
            if self.webhooks:
                return web.json_response(
                    {
                        "ok": False,
                        "error_code": 409,
                        "description": "Conflict: can't use getUpdates method while webhook "
                        "is active; use deleteWebhook to delete the webhook first",
                    },
                    status=409,
                )
            return await self._get_updates(params)
        if method.lower() in ("setwebhook", "deletewebhook"):
            call = Call(method, params, result=True)
            if method.lower() == "setwebhook":
                self.webhooks[str(params["url"])] = str(params.get("secret_token") or "")
            else:
                self.webhooks.clear()
            self.calls.append(call)
            await self._notify()
            return web.json_response({"ok": True, "result": True})
        call = Call(
            method,
            {k: v for k, v in params.items() if not isinstance(v, Upload)},
            uploads={k: v for k, v in params.items() if isinstance(v, Upload)},
        )
        if self.fault is not None:
            injected = self.fault(call)
            if injected is not None:
                status, body = injected
                return web.json_response(body, status=status)
        handler = METHODS.get(method.lower())
        try:
            if handler is None:
                raise BotApiError("Not Found", status=404)
            call.result = handler(self.store, params)
        except BotApiError as exc:
            call.error = exc.description
            self.calls.append(call)
            await self._notify()
            return web.json_response(exc.body(), status=exc.status)
        self.calls.append(call)
        await self._notify()
        return web.json_response({"ok": True, "result": call.result})

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(float(params.get("timeout") or 0), self.poll_seconds)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        call = Call("getUpdates", params)
        self.calls.append(call)  # recorded when asked: "the bot is polling" is known at once
        await self._notify()
        if not self._updates and timeout:
            async with self.changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self.changed.wait_for(lambda: bool(self._updates)), timeout
                    )
        call.result = self._updates[:limit]
        return web.json_response({"ok": True, "result": call.result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        stored = self.store.files.get(file_id)
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.content)
