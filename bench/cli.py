"""CLI start to exit: `python -m bot invite NIP`, `holidays list` and `unreachable` against
`python -c pass`, on a migrated scratch SQLite database holding one imported employee
(`BOT_USERNAME` set, as an operator's `.env` has it), each run `--repeats` times (wall and
CPU seconds of the child; the median is printed).
Also prints which heavy packages the verb imported.

Usage: `python -m bench.cli [--repeats 5]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.migrate import upgrade
from tests.factories import make_nip

HEAVY = ("aiogram", "openpyxl", "fpdf", "matplotlib", "alembic", "aiohttp")


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _imported(argv: list[str], env: dict[str, str]) -> list[str]:
    probe = (
        "import runpy, sys\n"
        f"sys.argv = {['bot', *argv[3:]]!r}\n"
        "try:\n    runpy.run_module('bot', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    )
    found = [line for line in done.stderr.splitlines() if line.startswith("HEAVY:")]
    return [m for m in found[-1].removeprefix("HEAVY:").split(",") if m] if found else ["?"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    url = f"sqlite+aiosqlite:///{workdir / 'cli.db'}"
    upgrade(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BOT_TOKEN": "1:x",
        "BOT_USERNAME": "kinerja_bench_bot",
        "PYTHONPATH": os.getcwd(),
    }
    staff = workdir / "pegawai.csv"
    staff.write_text(
        f"nip,nama,jabatan,unit,nip_atasan\n{make_nip(1)},Budi Santoso,Analis,Dinas Uji,\n"
    )
    bot = [sys.executable, "-m", "bot"]
    subprocess.run([*bot, "import-employees", str(staff)], env=env, check=True, capture_output=True)
    runs = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "invite NIP": [*bot, "invite", make_nip(1)],
        "holidays list": [*bot, "holidays", "list"],
        "unreachable": [*bot, "unreachable"],
    }
    _run(runs["holidays list"], env)  # warm the bytecode cache
    results = {}
    for name, argv in runs.items():
        samples = [_run(argv, env) for _ in range(args.repeats)]
        results[name] = (
            statistics.median(s[0] for s in samples),
            statistics.median(s[1] for s in samples),
            min(s[0] for s in samples),
        )
    base = results["python -c pass"][0]
    print(f"{'':<18}{'wall s':>8}{'min s':>8}{'CPU s':>8}{'x pass':>8}  heavy imports")
    for name, (wall, cpu, least) in results.items():
        heavy = ",".join(_imported(runs[name], env)) if name != "python -c pass" else ""
        print(f"{name:<18}{wall:>8.2f}{least:>8.2f}{cpu:>8.2f}{wall / base:>7.1f}x  {heavy or '-'}")


if __name__ == "__main__":
    main()
