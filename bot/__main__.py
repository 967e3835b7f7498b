"""Command line: `python -m bot <command>`; see `python -m bot --help`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.config import ConfigError, Settings
from bot.logging_setup import setup_logging

logger = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="ASN performance bot (PermenPANRB 6/2022)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="migrate the database, then run the bot (long polling)")
    sub.add_parser("demo", help="a sample agency and a local web chat; no Telegram needed")
    sub.add_parser("worker", help="migrate, then run only the scheduler and the outbox sender")
    sub.add_parser("webhook", help="a webhook front end (no migrations, no scheduler, no sender)")
    sub.add_parser("migrate", help="apply database migrations")
    imp = sub.add_parser("import-employees", help="import staff from a .csv or .xlsx file")
    imp.add_argument("file", type=Path)
    inv = sub.add_parser("invite", help="issue a single-use invite for an employee")
    inv.add_argument("nip")
    hol = sub.add_parser("holidays", help="list or change the agency calendar")
    hol.add_argument("action", choices=["list", "add", "workday", "remove"])
    hol.add_argument("date", nargs="?", help="YYYY-MM-DD (for add, workday, remove)")
    hol.add_argument("name", nargs="*", help="name of the day (for add, workday)")
    sub.add_parser("unreachable", help="list employees who blocked the bot")
    sub.add_parser("status", help="staff, invites, outbox backlog, last tick, database size")
    sub.add_parser("purge", help="delete evidence metadata and dialogs past their retention")
    skp = sub.add_parser("import-plan", help="import an employee's SKP draft from .xlsx")
    skp.add_argument("nip")
    skp.add_argument("file", type=Path)
    skp.add_argument("--year", type=int, default=None, help="default: this year")
    exp = sub.add_parser("export", help="Laporan Harian, Progres Harian or TPP recap file")
    exp.add_argument("kind", choices=["laporan-harian", "progres-harian", "tpp"])
    who = exp.add_mutually_exclusive_group(required=True)
    who.add_argument("--nip", help="one employee")
    who.add_argument("--unit", help='a unit path and all below it, e.g. "Dinas / Bidang A"')
    exp.add_argument("--month", help="YYYY-MM (default: this month)")
    exp.add_argument("--from", dest="start", help="Progres Harian: first day YYYY-MM-DD")
    exp.add_argument("--to", dest="end", help="Progres Harian: last day YYYY-MM-DD")
    exp.add_argument("--pdf", action="store_true", help="Laporan Harian as PDF (default XLSX)")
    exp.add_argument("--out", type=Path, help="file to write (default: a name in this folder)")
    bak = sub.add_parser("backup", help="copy the SQLite database to FILE (safe while running)")
    bak.add_argument("file", type=Path)
    res = sub.add_parser("restore", help="put a backup FILE back (stop the bot first)")
    res.add_argument("file", type=Path)
    mov = sub.add_parser("transfer", help="move an employee from an effective date (mutasi)")
    mov.add_argument("nip")
    mov.add_argument("--unit", help="the new unit, as its path in the staff file")
    mov.add_argument("--supervisor", help="NIP of the new supervisor ('-' for none)")
    mov.add_argument("--position", help="the new position")
    mov.add_argument("--from", dest="valid_from", required=True, help="YYYY-MM-DD")
    dea = sub.add_parser("deactivate", help="an employee leaves: retired, moved out, ...")
    dea.add_argument("nip")
    dea.add_argument("--reason", required=True, help="pensiun, pindah_keluar, meninggal, ...")
    dea.add_argument("--date", required=True, help="YYYY-MM-DD")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        try:
            settings = Settings()
        except ValidationError as exc:
            first = exc.errors()[0]
            name = ".".join(str(part) for part in first["loc"]).upper()
            raise ConfigError(f"{name}: {first['msg'].removeprefix('Value error, ')}") from None
        secrets = (settings.bot_token.get_secret_value(),) if settings.bot_token else ()
        setup_logging(settings.log_level, secrets)
        if args.command in ("run", "worker", "webhook"):
            _ = settings.token  # a missing or malformed token fails before anything else
        if args.command in ("backup", "restore"):
            from bot import backup
            from bot.locales import install_for_cli
            from handlers.gettext import gettext as _

            install_for_cli(settings.default_language)
            try:
                if args.command == "backup":
                    done = backup.backup(settings.database_url, args.file)
                    print(_("backup written: {path}").format(path=done))
                else:
                    done = backup.restore(settings.database_url, args.file)
                    print(_("restored into: {path}").format(path=done))
            except backup.BackupError as exc:
                print(_("error: {reason}").format(reason=exc), file=sys.stderr)
                return 1
            return 0
        if args.command == "webhook":
            settings.webhook()  # WEBHOOK_URL and WEBHOOK_SECRET are required here
            from bot import webhook

            asyncio.run(webhook.webhook(settings))
            return 0
        # Each verb imports what it needs: only run and worker pay for aiogram's start-up.
        from bot import ops

        if args.command in ("run", "worker", "migrate"):
            ops.migrate(settings)
        if args.command == "demo":
            from bot.demo.run import demo

            return demo(settings)
        if args.command in ("run", "worker"):
            from bot import runtime

            asyncio.run(
                runtime.run(settings) if args.command == "run" else runtime.worker(settings)
            )
        elif args.command == "import-employees":
            if not args.file.is_file():
                print(f"error: no such file: {args.file}", file=sys.stderr)
                return 2
            data = args.file.read_bytes()
            return asyncio.run(ops.import_employees(settings, args.file.name, data))
        elif args.command == "invite":
            return asyncio.run(ops.invite(settings, args.nip))
        elif args.command == "holidays":
            return asyncio.run(ops.holidays(settings, args.action, args.date, " ".join(args.name)))
        elif args.command == "unreachable":
            return asyncio.run(ops.unreachable(settings))
        elif args.command == "status":
            return asyncio.run(ops.status(settings))
        elif args.command == "purge":
            return asyncio.run(ops.purge(settings))
        elif args.command == "import-plan":
            if not args.file.is_file():
                print(f"error: no such file: {args.file}", file=sys.stderr)
                return 2
            data = args.file.read_bytes()
            return asyncio.run(ops.import_plan(settings, args.nip, data, args.year))
        elif args.command == "transfer":
            return asyncio.run(
                ops.transfer(
                    settings,
                    args.nip,
                    unit=args.unit,
                    supervisor=args.supervisor,
                    position=args.position,
                    valid_from=args.valid_from,
                )
            )
        elif args.command == "deactivate":
            return asyncio.run(ops.deactivate(settings, args.nip, args.reason, args.date))
        elif args.command == "export":
            from bot import cli_exports

            return asyncio.run(
                cli_exports.export(
                    settings,
                    args.kind,
                    nip=args.nip,
                    unit=args.unit,
                    month_text=args.month,
                    start=args.start,
                    end=args.end,
                    pdf=args.pdf,
                    out=args.out,
                )
            )
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
