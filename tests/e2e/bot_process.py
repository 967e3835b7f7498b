"""Run the real bot CLI (`python -m bot ...`) as a child process, the way an operator does."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

TOKEN = "123456789:AAE2e-TestTokenTestTokenTestToken_xyz"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


class BotProcess:
    def __init__(self, workdir: Path, database_url: str, api_url: str, **env: str) -> None:
        self.workdir = workdir
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))},
            "BOT_TOKEN": TOKEN,
            "DATABASE_URL": database_url,
            "TELEGRAM_API_URL": api_url,
            "LOG_LEVEL": "INFO",
            "AGENCY_NAME": "Dinas Uji Coba",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self._proc: asyncio.subprocess.Process | None = None
        self.log_path = workdir / "bot.log"

    async def cli(self, *args: str, timeout: float = 60) -> CliResult:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=self.workdir,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
        assert proc.returncode is not None
        return CliResult(proc.returncode, out.decode(), err.decode())

    async def start(self, command: str = "run") -> None:
        log = self.log_path.open("ab")
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            command,
            cwd=self.workdir,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        log.close()

    async def stop(self, timeout: float = 15) -> int:
        if self._proc is None or self._proc.returncode is not None:
            return self._proc.returncode if self._proc else 0
        self._proc.send_signal(signal.SIGINT)
        try:
            return await asyncio.wait_for(self._proc.wait(), timeout)
        except TimeoutError:
            self._proc.kill()
            return await self._proc.wait()

    def kill(self) -> None:
        if self._proc is not None and self._proc.returncode is None:
            self._proc.kill()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
