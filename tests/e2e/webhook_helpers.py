"""Webhook front ends as real processes (`python -m bot webhook`) on their own ports, behind
the local Bot API, which delivers to them round-robin and redelivers what was not accepted."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import aiohttp

from bot.local_api import LocalBotAPI
from tests.e2e.bot_process import BotProcess
from tests.e2e.flows import START_TIMEOUT
from tests.e2e.private_services import free_port

SECRET = "e2e-webhook_Secret-123"


class FrontEnds:
    """Two front-end processes on their own ports, sharing the database (and Redis)."""

    def __init__(self, api: LocalBotAPI, database_url: str, tmp_path: Path, **env: str) -> None:
        self.api = api
        self.ports = [free_port(), free_port()]
        self.urls = [f"http://127.0.0.1:{port}/webhook" for port in self.ports]
        self.processes = []
        for index, (port, url) in enumerate(zip(self.ports, self.urls, strict=True)):
            workdir = tmp_path / f"front{index}"
            workdir.mkdir()
            self.processes.append(
                BotProcess(
                    workdir,
                    database_url,
                    api.base_url,
                    WEBHOOK_URL=url,
                    WEBHOOK_SECRET=SECRET,
                    WEBHOOK_PORT=str(port),
                    **env,
                )
            )

    async def start(self) -> None:
        for process in self.processes:
            await process.start("webhook")
        deadline = time.monotonic() + START_TIMEOUT
        while set(self.api.webhooks) != set(self.urls):
            if time.monotonic() > deadline:
                logs = "\n".join(p.log()[-2000:] for p in self.processes)
                raise AssertionError(f"front ends did not call setWebhook; logs:\n{logs}")
            await asyncio.sleep(0.1)

    async def settled(self, timeout: float = 15) -> None:
        """Wait until every accepted delivery has been handled to the end (state written)."""
        accepted = sum(status == 200 for _url, _id, status in self.api.deliveries)
        deadline = time.monotonic() + timeout
        while sum(p.log().count(" is handled.") for p in self.processes) < accepted:
            if time.monotonic() > deadline:
                raise AssertionError(f"updates not handled:\n{self.log()}")
            await asyncio.sleep(0.05)

    async def restart(self, index: int) -> None:
        """Start a (killed) front end again and wait until it answers /healthz."""
        await self.processes[index].start("webhook")
        url = f"http://127.0.0.1:{self.ports[index]}/healthz"
        deadline = time.monotonic() + START_TIMEOUT
        async with aiohttp.ClientSession() as http:
            while True:
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(url) as response:
                        if response.status == 200:
                            return
                if time.monotonic() > deadline:
                    raise AssertionError(self.processes[index].log()[-2000:])
                await asyncio.sleep(0.1)

    async def stop(self) -> None:
        for process in self.processes:
            assert await process.stop() == 0, process.log()[-3000:]

    def log(self) -> str:
        return "\n".join(p.log()[-3000:] for p in self.processes)

    async def ready_status(self, index: int) -> int:
        """/readyz of front end `index`: 200, 503, or 0 when it does not answer."""
        url = f"http://127.0.0.1:{self.ports[index]}/readyz"
        try:
            async with aiohttp.ClientSession() as http, http.get(url) as response:
                return response.status
        except aiohttp.ClientError:
            return 0

    async def wait_ready(self, status: int, timeout: float = 30) -> None:
        """Until every front end's /readyz answers `status`."""
        deadline = time.monotonic() + timeout
        while True:
            seen = [await self.ready_status(i) for i in range(len(self.ports))]
            if all(s == status for s in seen):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"/readyz answered {seen}, not {status}\n{self.log()}")
            await asyncio.sleep(0.05)
