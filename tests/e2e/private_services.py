"""A PostgreSQL server and a Redis server of the test's own, on free ports in a temp folder,
so that a fault test may crash and restart them: the shared ones (5432, 6379) serve other
tests at the same time and are never touched.

PostgreSQL: `initdb -A trust`, `pg_ctl start`, and `pg_ctl stop -m immediate` for a crash (no
checkpoint, the next start runs crash recovery). Redis: `redis-server --save ''` in the
foreground, SIGKILLed and started again on the same port (it comes back empty, as a Redis
without persistence does). Missing binaries skip the test with the reason, or fail it under
CI=true. As root, PostgreSQL runs as the `postgres` user (initdb refuses root).
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.migrate import upgrade

IN_CI = os.environ.get("CI", "").lower() == "true"
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _missing(what: str) -> None:
    reason = f"{what} not found: a private server is needed for the fault tests"
    if IN_CI:
        pytest.fail(f"{reason} (CI=true)")
    pytest.skip(reason)


def _pg_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<v>/bin holding initdb and pg_ctl, else the PATH's."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2] or 0)
    )
    for folder in reversed(candidates):
        if all(Path(folder, tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    return Path(initdb).parent if initdb and pg_ctl else None


class PrivatePostgres:
    """One cluster in `root`, listening on 127.0.0.1:`port` only, user `postgres`, no password."""

    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.data = root / "data"
        self.log_path = root / "postgres.log"
        self.port = free_port()
        self._user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            user=self._user,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(f"{args[0]} failed: {result.stderr}\n{self.log()[-2000:]}")

    async def init(self) -> None:
        if self._user is not None:
            shutil.chown(self.root, self._user)
        args = ("initdb", "-A", "trust", "-U", "postgres", "-D", str(self.data), "--no-sync")
        await asyncio.to_thread(self._run, *args)

    async def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c max_connections=60"
        )
        args = ("pg_ctl", "-D", str(self.data), "-l", str(self.log_path), "-o", options)
        await asyncio.to_thread(self._run, *args, "-w", "-t", str(int(START_TIMEOUT)), "start")

    async def crash(self) -> None:
        """Stop at once, as a power cut would: connections break, no checkpoint."""
        await asyncio.to_thread(self._pg_ctl_stop, "immediate")

    async def stop(self) -> None:
        with contextlib.suppress(AssertionError):
            await asyncio.to_thread(self._pg_ctl_stop, "fast")

    def _pg_ctl_stop(self, mode: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    async def create_database(self, name: str) -> str:
        conn = await asyncpg.connect(
            host="127.0.0.1", port=self.port, user="postgres", database="postgres", timeout=10
        )
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{name}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class PrivateRedis:
    """`redis-server` on 127.0.0.1:`port`, no persistence; `restart` kills it (SIGKILL)."""

    def __init__(self, binary: str, root: Path) -> None:
        self.binary = binary
        self.root = root
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_path = root / "redis.log"
        self._proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        log = self.log_path.open("ab")
        self._proc = await asyncio.create_subprocess_exec(
            self.binary,
            *("--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
            *("--appendonly", "no", "--dir", str(self.root)),
            stdout=log,
            stderr=log,
        )
        log.close()
        await self._wait_ready()

    async def _wait_ready(self) -> None:
        from redis.asyncio import Redis

        deadline = time.monotonic() + START_TIMEOUT
        client = Redis.from_url(self.url)
        try:
            while True:
                try:
                    await client.ping()
                    return
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.05)
        finally:
            await client.aclose()

    async def kill(self) -> None:
        if self._proc is not None and self._proc.returncode is None:
            self._proc.kill()
            await self._proc.wait()

    async def restart(self) -> None:
        await self.kill()
        await self.start()


def _private_root() -> Path:
    # Not under pytest's tmp_path: that folder is private to root and the server may run as
    # `postgres`; the socket path must also stay short.
    return Path(tempfile.mkdtemp(prefix="kinerja-faults-"))


@pytest.fixture
async def private_pg() -> AsyncIterator[PrivatePostgres]:
    """A running private PostgreSQL cluster (stopped and removed afterwards)."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        _missing("PostgreSQL's initdb/pg_ctl")
    assert bin_dir is not None
    root = _private_root()
    server = PrivatePostgres(bin_dir, root)
    try:
        await server.init()
        await server.start()
        yield server
    finally:
        await server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def private_pg_url(private_pg: PrivatePostgres) -> str:
    """A migrated database on the private cluster."""
    url = await private_pg.create_database("kinerja_faults")
    await asyncio.to_thread(upgrade, url)
    return url


@pytest.fixture
async def private_redis() -> AsyncIterator[PrivateRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("redis-server")
    assert binary is not None
    root = _private_root()
    server = PrivateRedis(binary, root)
    try:
        await server.start()
        yield server
    finally:
        await server.kill()
        shutil.rmtree(root, ignore_errors=True)
