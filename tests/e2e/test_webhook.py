"""Two webhook front ends (`python -m bot webhook`, real processes) behind the local Bot API,
which delivers updates to them round-robin: a dialog alternates between them and completes, a
wrong or missing secret is refused with nothing stored, a redelivered update acts once."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from models import Activity, FsmState
from tests.e2e.delivery_helpers import kill_and_wait
from tests.e2e.flows import STAFF_CSV, STAFF_NIP, Chat, _link_token
from tests.e2e.webhook_helpers import FrontEnds

pytestmark = pytest.mark.e2e

STAFF = 7301


async def _register(api: LocalBotAPI, fronts: FrontEnds, tmp_path: Path) -> Chat:
    cli = fronts.processes[0]
    staff_file = tmp_path / "pegawai.csv"
    staff_file.write_text(STAFF_CSV)
    imported = await cli.cli("import-employees", str(staff_file))
    assert imported.returncode == 0, imported.stderr
    invited = await cli.cli("invite", STAFF_NIP)
    assert invited.returncode == 0, invited.stderr
    await fronts.start()
    chat = Chat(api, cli, STAFF)
    await chat.say(f"/start {_link_token(invited.stdout)}", "Selamat datang, Budi Santoso")
    return chat


async def _activities(factory: async_sessionmaker[AsyncSession]) -> list[str]:
    async with factory() as session:
        return list((await session.scalars(select(Activity.description))).all())


async def _count_rows(factory: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    async with factory() as session:
        activities = await session.scalar(select(func.count()).select_from(Activity))
        states = await session.scalar(select(func.count()).select_from(FsmState))
    return int(activities or 0), int(states or 0)


@pytest.fixture
async def fronts(
    hook_api: LocalBotAPI, database_url: str, tmp_path: Path
) -> AsyncIterator[FrontEnds]:
    front_ends = FrontEnds(hook_api, database_url, tmp_path)
    yield front_ends
    await front_ends.stop()


@pytest.fixture
async def redis_fronts(
    hook_api: LocalBotAPI, database_url: str, redis_url: str, tmp_path: Path
) -> AsyncIterator[FrontEnds]:
    front_ends = FrontEnds(hook_api, database_url, tmp_path, REDIS_URL=redis_url)
    yield front_ends
    await front_ends.stop()


async def test_guided_report_alternates_between_front_ends(
    hook_api: LocalBotAPI,
    redis_fronts: FrontEnds,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    """Needs Redis: the dialog state is written when the handler is done, after its reply, so
    the person's next message, on the other front end, must wait for that person's lock."""
    fronts = redis_fronts
    chat = await _register(hook_api, fronts, tmp_path)
    await chat.say("/lapor", "Apa yang Anda kerjakan? Tulis kegiatannya.")
    await chat.say("Menyusun draf laporan kinerja triwulan", "Jam berapa, atau berapa lama?")
    await chat.say("08.00-10.30", "Berapa hasilnya (Realisasi)?")
    await chat.say("3 dokumen", "Kirim bukti dukung: foto, dokumen, atau tautan.")
    await chat.say("https://drive.example.go.id/laporan-triwulan", "📎 Bukti diterima (1).")
    await chat.press("Selesai (1)", expect="📝 <b>Laporan harian</b>")
    await chat.press("Kirim", expect="✅ Laporan terkirim.")

    assert await _activities(session_factory) == ["Menyusun draf laporan kinerja triwulan"]
    # Every step went to the other front end than the one before, and each accepted it.
    assert len(hook_api.deliveries) == 8
    urls = [url for url, _update_id, _status in hook_api.deliveries]
    assert set(urls) == set(fronts.urls)
    ordered = sorted(hook_api.deliveries, key=lambda d: d[1])
    assert all(a[0] != b[0] for a, b in itertools.pairwise(ordered))
    assert all(status == 200 for _url, _update_id, status in hook_api.deliveries)


async def test_wrong_or_missing_secret_is_refused_and_nothing_changes(
    hook_api: LocalBotAPI,
    fronts: FrontEnds,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    chat = await _register(hook_api, fronts, tmp_path)
    async with aiohttp.ClientSession() as http:
        for port in fronts.ports:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert (response.status, await response.text()) == (200, "ok")
            async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                assert response.status == 200, await response.text()

    before, mark = await _count_rows(session_factory), chat.mark()
    update = {
        "update_id": random.randrange(2 * 10**9, 3 * 10**9),
        "message": {
            "message_id": 90_001,
            "date": int(time.time()),
            "chat": {"id": STAFF, "type": "private", "first_name": "Budi"},
            "from": {"id": STAFF, "is_bot": False, "first_name": "Budi"},
            "text": "/lapor 13.00-14.00 Rapat koordinasi",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    assert await hook_api.deliver(update, fronts.urls[0], secret="wrong-secret") == 401
    assert await hook_api.deliver(update, fronts.urls[1], secret="") == 401
    await asyncio.sleep(2.0)  # time enough for a (wrongly) started handler to answer
    assert [c for c in hook_api.calls[mark:] if c.chat_id == STAFF] == []
    assert await _count_rows(session_factory) == before

    # The same update with the right secret is handled; delivered again to the same front
    # end (no Redis: the in-process cache), it acts once.
    assert await hook_api.deliver(update, fronts.urls[0]) == 200
    await chat.expect("📝 <b>Laporan harian</b>", mark)
    again = chat.mark()
    assert await hook_api.deliver(update, fronts.urls[0]) == 200
    await asyncio.sleep(2.0)
    assert [c for c in hook_api.calls[again:] if c.chat_id == STAFF] == [], fronts.log()


async def test_update_delivered_to_both_front_ends_acts_once(
    hook_api: LocalBotAPI,
    redis_fronts: FrontEnds,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    fronts = redis_fronts
    chat = await _register(hook_api, fronts, tmp_path)
    ready_url = f"http://127.0.0.1:{fronts.ports[1]}/readyz"
    async with aiohttp.ClientSession() as http, http.get(ready_url) as response:
        assert response.status == 200, await response.text()
    await chat.say("/lapor 13.00-14.00 Rapat koordinasi", "📝 <b>Laporan harian</b>")
    mark = chat.mark()
    update = {
        "update_id": random.randrange(2 * 10**9, 3 * 10**9),
        **chat.callback_update("Kirim"),
    }
    callback_id = update["callback_query"]["id"]
    statuses = await asyncio.gather(*(hook_api.deliver(update, url) for url in fronts.urls))
    assert statuses == [200, 200]
    await chat.expect("✅ Laporan terkirim.", mark)
    await asyncio.sleep(2.0)  # a second handling would have answered by now
    answers = [
        c
        for c in hook_api.calls[mark:]
        if c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == callback_id
    ]
    assert len(answers) == 1, fronts.log()
    assert await _activities(session_factory) == ["Rapat koordinasi"]


async def test_front_end_killed_mid_dialog_the_other_carries_on_and_nothing_doubles(
    hook_api: LocalBotAPI,
    redis_fronts: FrontEnds,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    """kill -9 one front end halfway through a guided report: Telegram's redeliveries reach the
    other one, the dialog goes on where it was (its state is in the database), and once the
    killed one is back it serves again."""
    fronts = redis_fronts
    chat = await _register(hook_api, fronts, tmp_path)
    await chat.say("/lapor", "Apa yang Anda kerjakan? Tulis kegiatannya.")
    await chat.say("Verifikasi data kepegawaian", "Jam berapa, atau berapa lama?")
    await fronts.settled()  # the step's state is committed (a kill before that: see LOCK_SECONDS)
    await kill_and_wait(fronts.processes[0])
    refused_before = sum(status != 200 for _url, _id, status in hook_api.deliveries)
    await chat.say("09.00-11.00", "Berapa hasilnya (Realisasi)?")
    await chat.say("12 berkas", "Kirim bukti dukung: foto, dokumen, atau tautan.")
    await chat.say("https://drive.example.go.id/verifikasi", "📎 Bukti diterima (1).")
    await chat.press("Selesai (1)", expect="📝 <b>Laporan harian</b>")
    await chat.press("Kirim", expect="✅ Laporan terkirim.")
    # Some steps were first offered to the dead front end and redelivered to the live one.
    assert sum(status != 200 for _url, _id, status in hook_api.deliveries) > refused_before

    await fronts.restart(0)
    await chat.say("/lapor 13.00-14.00 Rapat evaluasi", "📝 <b>Laporan harian</b>")
    await chat.press("Kirim", expect="✅ Laporan terkirim.")
    served = {url for url, _id, status in hook_api.deliveries[-2:] if status == 200}
    assert served == set(fronts.urls), hook_api.deliveries[-4:]

    assert sorted(await _activities(session_factory)) == [
        "Rapat evaluasi",
        "Verifikasi data kepegawaian",
    ]
    replies = [c.text for c in hook_api.calls if c.method == "sendMessage" and c.chat_id == STAFF]
    assert sum("Berapa hasilnya (Realisasi)?" in t for t in replies) == 1, replies
    assert sum("Laporan terkirim" in t for t in replies) == 0  # the confirmations are edits
