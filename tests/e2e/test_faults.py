"""PostgreSQL and Redis restarted under load, on servers of the test's own (private_services.py;
the shared ones serve other tests): two webhook front ends and the worker recover by
themselves, no report a person saw confirmed is lost or stored twice, nobody gets a
confirmation twice, a guided dialog begun before the restarts completes after them, and a
broadcast interrupted by a PostgreSQL crash reaches everyone exactly once."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from bot.sender import LEASE
from models import Activity, Notification, NotificationStatus
from models.db import create_engine, create_session_factory
from tests.e2e.delivery_helpers import (
    WorkerProcess,
    broadcast,
    delivered,
    notifications,
    seed_staff,
    wait_until,
)
from tests.e2e.flows import Chat
from tests.e2e.private_services import (
    PrivatePostgres,
    PrivateRedis,
    private_pg,
    private_pg_url,
    private_redis,
)
from tests.e2e.webhook_helpers import FrontEnds

__all__ = ["private_pg", "private_pg_url", "private_redis"]  # fixtures used below

pytestmark = pytest.mark.e2e

SUMMARY = "📝 <b>Laporan harian</b>"
CONFIRMED = "✅ Laporan terkirim."
APOLOGY = "Maaf"  # the error handler's apology ("Sorry, something went wrong …")
STEP_TIMEOUT = 15.0  # a step refused during an outage waits for its redelivery (~10 s)
PEOPLE = 4
CHAT_BASE = 871_000
GUIDED = CHAT_BASE + PEOPLE  # one more person, in a guided dialog across the restarts


@pytest.fixture
async def private_factory(private_pg_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(private_pg_url)
    yield create_session_factory(engine)
    await engine.dispose()


def _slot(number: int) -> str:
    """The number-th ten minutes of the day ("00.10-00.20"): a person's reports never overlap."""
    assert number < 24 * 6, "more reports than ten-minute slots in a day"
    start, end = (number - 1) * 10, number * 10
    return f"{start // 60:02d}.{start % 60:02d}-{end // 60:02d}.{end % 60:02d}"


class Reporter:
    """One person sending quick reports ("/lapor 00.10-00.20 <what>", then "Kirim") in a loop;
    a step that gets no answer in time, or an apology, is given up and the next report begun."""

    def __init__(self, api: LocalBotAPI, chat: Chat, stop: asyncio.Event) -> None:
        self.api = api
        self.chat = chat
        self.stop = stop
        self.sent: list[str] = []  # descriptions whose "/lapor" was typed
        self.given_up: list[str] = []

    async def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            number += 1
            what = f"Rapat koordinasi {self.chat.user_id}-{number}"
            self.sent.append(what)
            if not await self._report(_slot(number), what):
                self.given_up.append(what)

    async def _report(self, when: str, what: str) -> bool:
        mark = self.chat.mark()
        self.api.push_text(self.chat.user_id, f"/lapor {when} {what}")
        summary = await self._answer(mark, what)
        if summary is None:
            return False
        message = next(m for m in self.chat.messages() if m.message_id == summary)
        mark = self.chat.mark()
        self.api.push_update(self.chat.callback_update("Kirim", message))
        return await self._answer(mark, CONFIRMED, summary) is not None

    async def _answer(self, mark: int, wanted: str, message_id: int | None = None) -> int | None:
        """The id of the first message after `mark` holding `wanted` (the edit of `message_id`
        when given), or None after an apology or STEP_TIMEOUT."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STEP_TIMEOUT
        while loop.time() < deadline:
            for call in self.api.calls[mark:]:
                if call.chat_id != self.chat.user_id or call.error is not None:
                    continue
                if call.method not in ("sendMessage", "editMessageText"):
                    continue
                if APOLOGY in call.text:
                    return None
                if wanted not in call.text:
                    continue
                if call.method == "sendMessage" and message_id is None:
                    return int(call.result["message_id"])
                edited = call.method == "editMessageText"
                if edited and int(call.params["message_id"]) == message_id:
                    return message_id
            await asyncio.sleep(0.05)
        return None


def _confirmations(api: LocalBotAPI, chats: set[int]) -> Counter[tuple[int, int]]:
    """(chat, message id) of every confirmation the people saw, with how often."""
    seen: Counter[tuple[int, int]] = Counter()
    for call in api.calls:
        chat = call.chat_id
        if call.error is None and chat in chats and CONFIRMED in call.text:
            message_id = call.params.get("message_id") or (call.result or {}).get("message_id")
            assert chat is not None, call
            assert message_id is not None, call
            seen[(chat, int(message_id))] += 1
    return seen


def _confirmed_activity(api: LocalBotAPI, chat: int, message_id: int) -> str:
    """What the person confirmed: the activity on the summary that the confirmation replaced."""
    for call in api.calls:
        if call.chat_id != chat or call.error is not None or call.method != "sendMessage":
            continue
        if int(call.result["message_id"]) == message_id:
            found = re.search(r"Kegiatan: (.+)", call.text)
            assert found, call.text
            return found.group(1).strip()
    raise AssertionError(f"no message {message_id} in chat {chat}")


async def _activities(factory: async_sessionmaker[AsyncSession]) -> Counter[str]:
    async with factory() as session:
        return Counter((await session.scalars(select(Activity.description))).all())


async def test_postgresql_and_redis_restarts_under_load_lose_and_double_nothing(
    hook_api: LocalBotAPI,
    private_pg: PrivatePostgres,
    private_pg_url: str,
    private_redis: PrivateRedis,
    private_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    api = hook_api
    staff = await seed_staff(private_factory, PEOPLE + 1, chat_base=CHAT_BASE)
    env = {"REDIS_URL": private_redis.url}
    fronts = FrontEnds(api, private_pg_url, tmp_path, **env)
    worker = WorkerProcess("worker", tmp_path, private_pg_url, api.base_url, **env)
    stop = asyncio.Event()
    try:
        await fronts.start()
        await worker.start()
        await fronts.wait_ready(200)

        async def worker_up() -> bool:
            return "Worker started" in worker.log()

        await wait_until(worker_up, 60, "the worker to start", worker.log)
        guided = Chat(api, fronts.processes[0], GUIDED)
        await guided.say("/lapor", "Apa yang Anda kerjakan? Tulis kegiatannya.")
        await guided.say("Menyusun rekap absensi bulanan", "Jam berapa, atau berapa lama?")

        reporters = [
            Reporter(api, Chat(api, fronts.processes[0], chat), stop)
            for chat in staff.chat_ids
            if chat != GUIDED
        ]
        load = [asyncio.create_task(r.run()) for r in reporters]
        await asyncio.sleep(2)

        # PostgreSQL crashes and comes back: /readyz and the webhook say 503 meanwhile.
        refused_before = sum(status == 503 for _url, _id, status in api.deliveries)
        await private_pg.crash()
        await fronts.wait_ready(503, timeout=10)
        await asyncio.sleep(2)
        await private_pg.start()
        await fronts.wait_ready(200)
        refused = sum(status == 503 for _url, _id, status in api.deliveries) - refused_before
        assert refused > 0, fronts.log()
        await asyncio.sleep(3)

        # Redis is killed (it comes back empty) and started again.
        await private_redis.kill()
        await fronts.wait_ready(503, timeout=10)
        await asyncio.sleep(1)
        await private_redis.start()
        await fronts.wait_ready(200)
        await asyncio.sleep(3)

        stop.set()
        await asyncio.wait_for(asyncio.gather(*load), timeout=3 * STEP_TIMEOUT)

        # The guided dialog goes on where it was before the restarts.
        await guided.say("08.00-09.30", "Berapa hasilnya (Realisasi)?")
        await guided.say("1 rekap", "Kirim bukti dukung: foto, dokumen, atau tautan.")
        await guided.say("https://drive.example.go.id/rekap", "📎 Bukti diterima (1).")
        await guided.press("Selesai (1)", expect=SUMMARY)
        await guided.press("Kirim", expect=CONFIRMED)
        await asyncio.sleep(2)  # late redeliveries, if any, have been handled by now
        assert all(p.running for p in fronts.processes), fronts.log()
        assert worker.running, worker.log()[-3000:]
    finally:
        stop.set()
        await worker.stop()
        await fronts.stop()

    stored = await _activities(private_factory)
    seen = _confirmations(api, set(staff.chat_ids))
    doubled = {key: n for key, n in seen.items() if n > 1}
    assert not doubled, f"confirmations shown twice: {doubled}"
    confirmed = [_confirmed_activity(api, chat, message_id) for chat, message_id in seen]
    lost = [what for what in confirmed if stored[what] == 0]
    assert not lost, f"confirmed but not stored: {lost}"
    assert "Menyusun rekap absensi bulanan" in confirmed
    doubles = {what: n for what, n in stored.items() if n != 1}
    assert not doubles, f"stored twice: {doubles}"
    # Load really ran across the restarts, and most reports went through.
    typed = [what for r in reporters for what in r.sent]
    assert len(confirmed) - 1 >= len(typed) // 2, (len(confirmed), len(typed), fronts.log())


async def test_worker_rides_out_a_postgresql_crash_mid_broadcast(
    hook_api: LocalBotAPI,
    private_pg: PrivatePostgres,
    private_pg_url: str,
    private_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    api = hook_api
    staff = await seed_staff(private_factory, 40, chat_base=CHAT_BASE + 100)
    await broadcast(private_factory, staff, "Apel pagi dipindah ke halaman belakang.")
    worker = WorkerProcess("worker", tmp_path, private_pg_url, api.base_url, SEND_RATE_GLOBAL="10")
    try:
        await worker.start()

        async def some_sent() -> bool:
            return sum(len(t) for t in delivered(api, staff.chat_ids).values()) >= 10

        await wait_until(some_sent, 60, "the broadcast to begin", worker.log, poll=0.02)
        crashed_at = datetime.now(UTC)
        await private_pg.crash()
        await asyncio.sleep(2)
        await private_pg.start()

        # A message the fake received but the database did not mark SENT was in flight at
        # the crash (sent, then its commit failed): at-least-once, it may repeat. Rows the
        # worker claimed before the crash stay leased; expire those leases rather than wait
        # LEASE (the SIGKILL test in test_delivery.py does the same).
        received = {chat for chat, t in delivered(api, staff.chat_ids).items() if t}
        in_flight: set[int] = set()
        async with private_factory() as session:
            for row in await session.scalars(select(Notification)):
                until = row.leased_until.replace(tzinfo=UTC) if row.leased_until else None
                if until is None or until > crashed_at + LEASE:
                    continue  # not claimed before the crash
                if row.status is not NotificationStatus.SENT:
                    if staff.chats[row.recipient_id] in received:
                        in_flight.add(staff.chats[row.recipient_id])
                    row.leased_until = until - LEASE
            await session.commit()
        assert len(in_flight) <= 1, in_flight

        async def all_sent() -> bool:
            rows = await notifications(private_factory)
            return all(r.status is NotificationStatus.SENT for r in rows)

        await wait_until(all_sent, 60, "the rest of the broadcast", worker.log)
        assert worker.running, worker.log()[-3000:]
    finally:
        await worker.stop()

    texts = delivered(api, staff.chat_ids, "Apel pagi")
    counts = {chat: len(t) for chat, t in texts.items()}
    assert all(n >= 1 for n in counts.values()), counts
    twice = {chat for chat, n in counts.items() if n > 1}
    assert twice <= in_flight, f"sent twice: {twice - in_flight}\n{worker.log()[-3000:]}"
    assert len(await notifications(private_factory)) == 40
    assert re.search("Outbox drain failed|connection", worker.log()), "no fault was seen"
