"""Monthly recap queries and chart rendering on a big activity table (issue #13).

Seeds `--employees` people (one unit of `--unit-size` under one supervisor, the rest in other
units) and `--rows` activity rows (two a workday, 85 % approved, 8 % waiting, 4 % revision,
3 % rejected, 1 % deleted) over the year before 31 March 2026, with COPY on PostgreSQL and
multi-row inserts on SQLite. Then times, as medians of `--repeat` runs after a warm-up:

- baseline: a plain indexed `count(*)` over the same rows (one person's month; the unit's);
- the recap for one person and for the unit (`services.recap.recaps`), the data version that
  keys the chart cache, the unit's verification backlog;
- rendering the month chart and the unit's heat-maps (10 images of 20 people).

and prints EXPLAIN for the recap, version and backlog queries.

Usage: `python -m bench.recap [--database-url URL] [--rows 1000000] [--employees 2000]`.
Without a URL it creates (and drops) a scratch database on the PostgreSQL server the tests use
(127.0.0.1:5432); `--database-url sqlite+aiosqlite:///path.db` runs it on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.migrate import upgrade
from models import Activity, Agency, Employee, PositionType, Unit
from models.db import create_engine, create_session_factory
from services.calendar import WorkCalendar
from services.recap.access import Member, Scope, ScopeKind, Viewer
from services.recap.charts import ChartLabels, month_chart
from services.recap.data import backlog, data_version
from services.recap.months import Month
from services.recap.recaps import month_context, month_recaps, team_recap
from services.recap.views import _render_team
from tests.conftest import create_pg_database, drop_pg_database
from tests.factories import make_nip

NOW = datetime(2026, 3, 31, 10, 0, tzinfo=UTC)  # 17:00 WIB, the last day of March
MONTH = Month(2026, 3)
FIRST_DAY = date(2025, 4, 1)
STATUSES = ["disetujui"] * 85 + ["terkirim"] * 8 + ["perlu_revisi"] * 4 + ["ditolak"] * 3
LABELS = ChartLabels(
    "Maret 2026", "menit", "mnt", "Target {minutes}", "Disetujui", "Menunggu", "Revisi",
    "Ditolak", "Dilaporkan", "Tidak lapor", "Cuti", "Libur", "Akhir pekan", "Hari ini", "Belum",
    "{page}/{pages}",
)  # fmt: skip


async def _seed(
    engine: AsyncEngine, factory: async_sessionmaker[AsyncSession], rows: int, people: int,
    unit_size: int,
) -> tuple[Agency, list[Member], Employee]:  # fmt: skip
    async with factory() as session:
        agency = Agency(name="Bench", timezone="Asia/Jakarta", created_at=NOW)
        session.add(agency)
        await session.flush()
        units = [Unit(agency_id=agency.id, name=f"Unit {i}", path=f"Unit {i}") for i in range(20)]
        session.add_all(units)
        await session.flush()
        boss = Employee(
            agency_id=agency.id, nip=make_nip(0), name="Kepala", position="Kepala",
            position_type=PositionType.STRUCTURAL, unit_id=units[0].id, active=True,
            created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        session.add(boss)
        await session.flush()
        values = [
            {
                "agency_id": agency.id, "nip": make_nip(i), "name": f"Pegawai {i:05d}",
                "position": "Analis", "position_type": "pelaksana",
                "unit_id": units[0].id if i <= unit_size else units[1 + i % 19].id,
                "supervisor_id": boss.id if i <= unit_size else None, "is_admin": False,
                "active": True, "created_at": NOW, "updated_at": NOW,
            }
            for i in range(1, people + 1)
        ]  # fmt: skip
        for start in range(0, len(values), 500):
            await session.execute(insert(Employee), values[start : start + 500])
        await session.commit()
        ids = list(range(boss.id + 1, boss.id + 1 + people))
    calendar = WorkCalendar("12345")
    days = [d for i in range(400) if calendar.is_workday(d := FIRST_DAY + timedelta(days=i))]
    days = [d for d in days if d <= MONTH.end]
    per_person = max(1, rows // people)
    rng = random.Random(13)
    records: list[tuple[Any, ...]] = []
    key = 0
    for employee_id in ids:
        for index in range(per_person):
            day = days[-1 - (index // 2) % len(days)]
            status = rng.choice(STATUSES)
            key += 1
            deleted = NOW if rng.random() < 0.01 else None
            stamp = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
            records.append(
                (employee_id, day, 90 + rng.randrange(0, 120), f"Kegiatan {key}", status, 1,
                 f"b{key}", stamp, stamp, deleted)
            )  # fmt: skip
    columns = (
        "employee_id", "work_date", "minutes", "description", "status", "version",
        "idempotency_key", "submitted_at", "updated_at", "deleted_at",
    )  # fmt: skip
    started = time.perf_counter()
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            raw = await conn.get_raw_connection()
            driver: Any = raw.driver_connection
            await driver.copy_records_to_table("activity", records=records, columns=columns)
            await conn.commit()
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE activity"))
    else:
        async with factory() as session:
            for start in range(0, len(records), 5000):
                chunk = [dict(zip(columns, r, strict=True)) for r in records[start : start + 5000]]
                await session.execute(insert(Activity), chunk)
            await session.commit()
            await session.execute(text("ANALYZE"))
    print(f"seeded {len(records):,} activity rows in {time.perf_counter() - started:.1f} s")
    members = [Member(i, f"Pegawai {i - boss.id:05d}", "", "Analis") for i in ids[:unit_size]]
    return agency, members, boss


async def _median(step: Callable[[], Awaitable[Any]], repeat: int) -> float:
    await step()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await step()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _count_sql(ids: list[int]) -> str:
    return (
        "SELECT count(*) FROM activity WHERE employee_id IN ("
        + ",".join(map(str, ids))
        + ") AND work_date >= '2026-03-01' AND work_date <= '2026-03-31'"
    )


async def _explain(engine: AsyncEngine, ids: list[int]) -> None:
    id_list = ",".join(map(str, ids))
    month = "work_date >= '2026-03-01' AND work_date <= '2026-03-31'"
    queries = {
        "recap (day totals)": (
            "SELECT employee_id, work_date, status, sum(minutes), count(*) FROM activity "
            f"WHERE employee_id IN ({id_list}) AND {month} AND deleted_at IS NULL "
            "GROUP BY employee_id, work_date, status"
        ),
        "data version": (
            "SELECT count(*), sum(version), max(updated_at) FROM activity "
            f"WHERE employee_id IN ({id_list}) AND {month}"
        ),
        "backlog": (
            "SELECT count(*), min(submitted_at) FROM activity "
            f"WHERE employee_id IN ({id_list}) AND status = 'terkirim' AND deleted_at IS NULL"
        ),
    }
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if engine.dialect.name == "postgresql"
        else ("EXPLAIN QUERY PLAN ")
    )
    async with engine.connect() as conn:
        for name, sql in queries.items():
            print(f"\n-- EXPLAIN {name} ({len(ids)} people)")
            for row in (await conn.execute(text(prefix + sql))).all():
                line = " | ".join(str(v) for v in row)
                print("   ", re.sub(r"\{[\d,]{40,}\}", "{…ids…}", line))


async def run(url: str, rows: int, people: int, unit_size: int, repeat: int) -> None:
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    try:
        agency, members, boss = await _seed(engine, factory, rows, people, unit_size)
        one, unit = members[:1], members
        person_ids, unit_ids = [m.id for m in one], [m.id for m in unit]
        results: dict[str, float] = {}
        async with factory() as session:
            viewer = Viewer.cli(agency.id)
            context = await month_context(session, viewer, MONTH, NOW)
            scope = Scope(ScopeKind.TEAM, boss.id, "Unit 0", tuple(unit))

            async def count(ids: list[int]) -> Any:
                return (await session.execute(text(_count_sql(ids)))).scalar()

            results["baseline: indexed count, 1 person"] = await _median(
                lambda: count(person_ids), repeat
            )
            results["recap, 1 person"] = await _median(
                lambda: month_recaps(session, context, tuple(one)), repeat
            )
            results["data version, 1 person"] = await _median(
                lambda: data_version(session, person_ids, MONTH.start, MONTH.end), repeat
            )
            results[f"baseline: indexed count, {unit_size} people"] = await _median(
                lambda: count(unit_ids), repeat
            )
            results[f"recap, {unit_size} people"] = await _median(
                lambda: team_recap(session, context, scope), repeat
            )
            results[f"data version, {unit_size} people"] = await _median(
                lambda: data_version(session, unit_ids, MONTH.start, MONTH.end), repeat
            )
            results[f"backlog, {unit_size} people"] = await _median(
                lambda: backlog(session, unit_ids), repeat
            )
            [person] = await month_recaps(session, context, tuple(one))
            team = await team_recap(session, context, scope)

        async def render_one() -> None:
            await asyncio.to_thread(month_chart, person, LABELS)

        async def render_unit() -> None:
            await asyncio.to_thread(_render_team, team, LABELS)

        results["render month chart"] = await _median(render_one, repeat)
        results[
            f"render heat-maps, {unit_size} people ({len(team.pages())} images)"
        ] = await _median(render_unit, max(1, repeat // 2))
        print(f"\ndb={engine.dialect.name} rows={rows:,} employees={people:,} unit={unit_size}")
        base_person = results["baseline: indexed count, 1 person"]
        base_unit = results[f"baseline: indexed count, {unit_size} people"]
        print(f"{'step':<52} {'ms':>9} {'× baseline':>11}")
        for name, ms in results.items():
            base = base_person if "1 person" in name or name == "render month chart" else base_unit
            print(f"{name:<52} {ms:>9.1f} {ms / base:>10.1f}×")
        await _explain(engine, person_ids)
        await _explain(engine, unit_ids)
    finally:
        await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--unit-size", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.database_url:
        await run(args.database_url, args.rows, args.employees, args.unit_size, args.repeat)
        return
    url = await create_pg_database()
    try:
        await run(url, args.rows, args.employees, args.unit_size, args.repeat)
    finally:
        await drop_pg_database(url)


if __name__ == "__main__":
    asyncio.run(main())
