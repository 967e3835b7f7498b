"""Child processes for the benchmarks of issue #15: start, stop, CPU time, free ports."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
from dataclasses import dataclass
from pathlib import Path

# Not the e2e tests' token: the bot id keys Redis (send budget, FSM, update ids), so a
# benchmark and a test run sharing the Redis server do not draw from each other's budget.
BENCH_TOKEN = "987654321:AAB3nch-TokenTokenTokenTokenToken_xy"
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
STOP_SECONDS = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """utime + stime of a live process (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


@dataclass
class Child:
    process: asyncio.subprocess.Process
    log: Path
    url: str = ""

    @classmethod
    async def start(cls, argv: list[str], env: dict[str, str], log: Path, url: str = "") -> Child:
        with log.open("ab") as out:
            process = await asyncio.create_subprocess_exec(*argv, env=env, stdout=out, stderr=out)
        return cls(process, log, url)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def exited(self) -> bool:
        return self.process.returncode is not None

    async def stop(self) -> None:
        if self.exited:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(self.process.wait(), STOP_SECONDS)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
