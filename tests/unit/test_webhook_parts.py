"""Webhook mode's small parts: its settings fail as one line, the redelivery cache stays
bounded, /readyz says 503 when Redis does not answer, and so does the webhook path; past its
backlog a front end answers 503 instead of queueing, and it finishes what it accepted."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from aiogram import Dispatcher
from aiogram.types import Message
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from bot.__main__ import main
from bot.backlog import BoundedRequestHandler
from bot.middlewares import SeenUpdates
from bot.webhook import Readiness, gate_webhook, health_routes
from tests.e2e.delivery_helpers import wait_until
from tests.fakes.bot_session import make_bot
from tests.fakes.updates import text_message

TOKEN = "123456789:AAE2e-TestTokenTestTokenTestToken_xyz"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "error: WEBHOOK_URL is not set"),
        ({"WEBHOOK_URL": "https://x.example/webhook"}, "error: WEBHOOK_SECRET is not set"),
        ({"WEBHOOK_SECRET": "has space"}, "error: WEBHOOK_SECRET: WEBHOOK_SECRET must be"),
        ({"WEBHOOK_SECRET": "x" * 257}, "error: WEBHOOK_SECRET: WEBHOOK_SECRET must be"),
        ({"WEBHOOK_URL": "ftp://x"}, "error: WEBHOOK_URL: WEBHOOK_URL must start"),
        ({"WEBHOOK_PORT": "70000"}, "error: WEBHOOK_PORT: Input should be less than"),
        ({"WEBHOOK_BACKLOG": "0"}, "error: WEBHOOK_BACKLOG: Input should be greater than"),
        ({"WEBHOOK_BACKLOG": "many"}, "error: WEBHOOK_BACKLOG: Input should be a valid integer"),
        ({"REDIS_URL": "localhost:6379"}, "error: REDIS_URL: REDIS_URL must look like"),
    ],
)
def test_bad_webhook_settings_are_one_line(
    env: dict[str, str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_PORT", "WEBHOOK_BACKLOG", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["webhook"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(expected), err
    assert err.count("\n") == 1


async def test_seen_updates_in_process_is_bounded() -> None:
    seen = SeenUpdates(capacity=3)
    assert await seen.first(1, 10)
    assert not await seen.first(1, 10)
    assert await seen.first(2, 10)  # another bot
    for update_id in (11, 12, 13):
        assert await seen.first(1, update_id)
    assert await seen.first(1, 10)  # forgotten: only the newest 3 are kept


async def test_readyz_is_503_when_redis_does_not_answer(tmp_path: Path) -> None:
    from redis.asyncio import Redis

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    redis = Redis.from_url("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        for client_redis, status in ((None, 200), (redis, 503)):
            app = web.Application()
            health_routes(app, Readiness(async_sessionmaker(engine), client_redis))
            async with TestClient(TestServer(app)) as client:
                assert (await client.get("/healthz")).status == 200
                assert (await client.get("/readyz")).status == status
    finally:
        await redis.aclose()
        await engine.dispose()


async def test_webhook_path_is_503_while_not_ready_so_telegram_redelivers(tmp_path: Path) -> None:
    from redis.asyncio import Redis

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    redis = Redis.from_url("redis://127.0.0.1:1/0")  # nothing listens there
    handled: list[str] = []

    async def hook(_request: web.Request) -> web.Response:
        handled.append("update")
        return web.Response(text="{}")

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    try:
        for client_redis, status in ((redis, 503), (None, 200)):
            app = web.Application()
            gate_webhook(app, "/webhook", Readiness(async_sessionmaker(engine), client_redis))
            app.router.add_post("/webhook", hook)
            app.router.add_get("/healthz", healthz)
            async with TestClient(TestServer(app)) as client:
                assert (await client.post("/webhook", json={})).status == status
                assert (await client.get("/healthz")).status == 200  # not gated
    finally:
        await redis.aclose()
        await engine.dispose()
    assert handled == ["update"]  # only when ready


SECRET = "s3cret"


def _blocking_front_end(
    limit: int,
) -> tuple[BoundedRequestHandler, web.Application, list[str], asyncio.Event]:
    """A front end whose one handler records the text and then waits for `release`."""
    dp = Dispatcher()
    handled: list[str] = []
    release = asyncio.Event()

    @dp.message()
    async def slow(message: Message) -> None:
        handled.append(message.text or "")
        await release.wait()

    handler = BoundedRequestHandler(dp, make_bot(), SECRET, limit)
    app = web.Application()
    handler.register(app, path="/webhook")
    return handler, app, handled, release


def _update(update_id: int, text: str) -> dict[str, object]:
    return (
        text_message(1000 + update_id, text)
        .model_copy(update={"update_id": update_id})
        .model_dump(mode="json", exclude_none=True)
    )


async def _until(condition: Callable[[], bool]) -> None:
    async def check() -> bool:
        return condition()

    await wait_until(check, timeout=5, what="the front end", poll=0.01)


async def test_past_the_backlog_the_front_end_answers_503_and_handles_nothing() -> None:
    handler, app, handled, release = _blocking_front_end(limit=2)
    header = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with TestClient(TestServer(app)) as client:
        for update_id in (1, 2):
            response = await client.post(
                "/webhook", json=_update(update_id, f"u{update_id}"), headers=header
            )
            assert response.status == 200
        await _until(lambda: len(handled) == 2)
        refused = await client.post("/webhook", json=_update(3, "u3"), headers=header)
        assert refused.status == 503
        assert refused.headers["Retry-After"] == "1"
        wrong = await client.post(
            "/webhook", json=_update(4, "u4"), headers={"X-Telegram-Bot-Api-Secret-Token": "no"}
        )
        assert wrong.status == 401  # the secret is checked before the backlog
        assert handler.in_hand == 2
        release.set()
        await _until(lambda: handler.in_hand == 0)
        redelivered = await client.post("/webhook", json=_update(3, "u3"), headers=header)
        assert redelivered.status == 200
        await _until(lambda: handler.in_hand == 0)
    assert handled == ["u1", "u2", "u3"]


async def test_drain_waits_for_what_was_accepted() -> None:
    handler, app, handled, release = _blocking_front_end(limit=5)
    header = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with TestClient(TestServer(app)) as client:
        assert (await client.post("/webhook", json=_update(1, "u1"), headers=header)).status == 200
        await _until(lambda: handled == ["u1"])
        assert await handler.drain(0.05) == 1  # still waiting
        asyncio.get_running_loop().call_later(0.1, release.set)
        assert await handler.drain(5) == 0
