"""A small fake Telegram Bot API server (aiohttp, 127.0.0.1) for end-to-end tests and benchmarks.

It speaks the real HTTP protocol that aiogram uses: `POST /bot<token>/<method>` with form
fields, `GET /file/bot<token>/<path>` for downloads. Tests push updates with `push_*` and read
what the bot sent from `calls`, or wait for it with `wait_for`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Kinerja", "username": "kinerja_test_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    # What the fake server answered (e.g. the sent message with its message_id).
    result: Any = None

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


def _decode(value: str) -> Any:
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeBotAPI:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        # Optional fault injection: a callable deciding a reply for a call (or None = normal).
        self.fault: Callable[[Call], tuple[int, dict[str, Any]] | None] | None = None
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what tests push -------------------------------------------------------------------
    def push_update(self, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        asyncio.get_running_loop().create_task(self._notify())
        return update_id

    def push_text(self, user_id: int, text: str, first_name: str = "User") -> int:
        return self.push_update({"message": self._message(user_id, text, first_name)})

    def push_document(
        self, user_id: int, file_name: str, content: bytes, caption: str | None = None
    ) -> int:
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = content
        message = self._message(user_id, None)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "file_size": len(content),
        }
        if caption:
            message["caption"] = caption
        return self.push_update({"message": message})

    def push_callback(self, user_id: int, data: str, message: dict[str, Any]) -> int:
        return self.push_update(
            {
                "callback_query": {
                    "id": f"cb{next(self._update_ids)}",
                    "from": self._user(user_id),
                    "chat_instance": "ci",
                    "data": data,
                    "message": message,
                }
            }
        )

    # -- what tests read -------------------------------------------------------------------
    def sent_to(self, chat_id: int, method: str = "sendMessage") -> list[Call]:
        return [c for c in self.calls if c.method == method and c.chat_id == chat_id]

    async def wait_for(
        self, predicate: Callable[[Call], bool], timeout: float = 30.0, after: int = 0
    ) -> Call:
        """Wait for a call (at index >= after) matching the predicate."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                for call in self.calls[after:]:
                    if predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(c.method, c.chat_id, c.text[:80]) for c in self.calls[after:]]
                    raise TimeoutError(f"no matching call; saw {seen}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    continue

    async def wait_for_text(
        self, chat_id: int, contains: str, timeout: float = 30.0, after: int = 0
    ) -> Call:
        return await self.wait_for(
            lambda c: (
                c.method in ("sendMessage", "editMessageText")
                and c.chat_id == chat_id
                and contains in c.text
            ),
            timeout,
            after,
        )

    # -- internals -------------------------------------------------------------------------
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    @staticmethod
    def _user(user_id: int, first_name: str = "User") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "id"}

    def _message(self, user_id: int, text: str | None, first_name: str = "User") -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": self._user(user_id, first_name),
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    def _ok(self, result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        form = await request.post()
        # Uploaded files (multipart parts) are kept as bytes: the part closes with the request.
        params = {k: _decode(v) if isinstance(v, str) else v.file.read() for k, v in form.items()}
        if method == "getUpdates":
            return await self._get_updates(params)
        call = Call(method, params)
        if self.fault is not None:
            injected = self.fault(call)
            if injected is not None:
                status, body = injected
                return web.json_response(body, status=status)
        call.result = self._result(call)
        self.calls.append(call)
        await self._notify()
        return self._ok(call.result)

    def _result(self, call: Call) -> Any:
        if call.method == "getMe":
            return BOT_USER
        if call.method in ("sendMessage", "sendDocument", "sendPhoto", "editMessageText"):
            message = {
                "message_id": int(call.params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": call.chat_id, "type": "private"},
                "from": BOT_USER,
                "text": call.text,
            }
            if "reply_markup" in call.params and isinstance(call.params["reply_markup"], dict):
                message["reply_markup"] = call.params["reply_markup"]
            return message
        if call.method == "getFile":
            file_id = str(call.params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": f"documents/{file_id}",
            }
        return True

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self._updates)), timeout
                    )
        self.calls.append(Call("getUpdates", params))
        await self._notify()
        return self._ok(self._updates[:100])

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])
