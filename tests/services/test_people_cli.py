"""`python -m bot transfer` and `python -m bot deactivate`: the same rules as the chat, in
the configured language, and a refusal leaves the database as it was."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import ops
from bot.cli_exports import export
from bot.config import Settings
from models import Departure, Employee, Posting
from services.clock import system_clock
from services.localtime import local_today
from tests.factories import make_agency, make_employee, make_nip, make_unit
from tests.services.recap_helpers import make_recap_org, march_of_staff

Factory = async_sessionmaker[AsyncSession]


async def _people(session: AsyncSession) -> tuple[Employee, Employee, Employee]:
    now = system_clock() - timedelta(days=30)  # the CLI reads the real clock
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    head = await make_employee(session, agency, unit, 1, now, name="Kepala")
    boss = await make_employee(session, agency, unit, 2, now, name="Atasan", supervisor=head)
    staff = await make_employee(
        session, agency, unit, 3, now, name="Staf", supervisor=boss, telegram_user_id=88
    )
    await session.commit()
    return head, boss, staff


def _settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]


async def test_transfer_and_deactivate_from_the_command_line(
    session: AsyncSession,
    session_factory: Factory,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    head, boss, staff = await _people(session)
    settings = _settings(database_url)
    today = local_today(system_clock(), "Asia/Jakarta")

    code = await ops.transfer(
        settings,
        staff.nip,
        unit=None,
        supervisor=head.nip,
        position="Analis Madya",
        valid_from=today.isoformat(),
    )
    assert code == 0
    assert f"ok: Staf pindah mulai {today.isoformat()}" in capsys.readouterr().out
    code = await ops.deactivate(settings, boss.nip, "pensiun", today.isoformat())
    assert code == 0
    assert "ok: Atasan dinonaktifkan" in capsys.readouterr().out

    async with session_factory() as s:
        moved = await s.get(Employee, staff.id)
        left = await s.get(Employee, boss.id)
        postings = (await s.scalars(select(Posting).where(Posting.employee_id == staff.id))).all()
        departures = (await s.scalars(select(Departure))).all()
    assert moved is not None
    assert left is not None
    assert (moved.supervisor_id, moved.position) == (head.id, "Analis Madya")
    assert len(postings) == 2
    assert (left.active, left.telegram_user_id) == (False, None)
    assert [d.employee_id for d in departures] == [boss.id]


async def test_a_transfer_dated_ahead_is_scheduled_from_the_command_line(
    session: AsyncSession,
    session_factory: Factory,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    head, boss, staff = await _people(session)
    day = local_today(system_clock(), "Asia/Jakarta") + timedelta(days=10)

    code = await ops.transfer(
        _settings(database_url),
        staff.nip,
        unit=None,
        supervisor=head.nip,
        position=None,
        valid_from=day.isoformat(),
    )

    assert code == 0
    assert f"ok: Staf dimutasi pada {day.isoformat()}; worker" in capsys.readouterr().out
    async with session_factory() as s:
        row = await s.get(Employee, staff.id)
        postings = (await s.scalars(select(Posting).where(Posting.employee_id == staff.id))).all()
    assert row is not None
    assert row.supervisor_id == boss.id
    assert sorted(p.valid_from for p in postings)[-1] == day


@pytest.mark.parametrize(
    ("verb", "expected"),
    [
        (("transfer", "123", "2026-01-01"), "NIP"),
        (("transfer", "staff", "kemarin"), "YYYY-MM-DD"),
        (("transfer", "staff", "2000-01-01"), "nothing changed"),
        (("deactivate", "staff", "2000-01-01"), "nothing changed"),
        (("deactivate", "staff", "bosan"), "pensiun, pindah keluar"),
        (("deactivate", make_nip(900), None), "NIP"),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(
    session: AsyncSession,
    session_factory: Factory,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    verb: tuple[str, str, str | None],
    expected: str,
) -> None:
    _head, _boss, staff = await _people(session)
    settings = _settings(database_url)
    settings.default_language = "en"
    kind, who, text = verb
    nip = staff.nip if who == "staff" else who
    today = local_today(system_clock(), "Asia/Jakarta").isoformat()
    if kind == "transfer":
        code = await ops.transfer(
            settings, nip, unit=None, supervisor=_boss.nip, position=None, valid_from=text or today
        )
    elif text == "bosan":
        code = await ops.deactivate(settings, nip, "bosan", today)
    else:
        code = await ops.deactivate(settings, nip, "pensiun", text or today)

    assert code != 0
    assert expected in capsys.readouterr().err
    async with session_factory() as s:
        assert (await s.scalars(select(Posting))).all() == []
        assert (await s.scalars(select(Departure))).all() == []
        again = await s.get(Employee, staff.id)
    assert again is not None
    assert again.active


async def test_a_leavers_history_stays_exportable(
    session: AsyncSession, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)
    settings = _settings(database_url)
    today = local_today(system_clock(), "Asia/Jakarta").isoformat()
    assert await ops.deactivate(settings, org.staff.nip, "pensiun", today) == 0
    target = tmp_path / "lh.xlsx"

    code = await export(
        settings, "laporan-harian", nip=org.staff.nip, unit=None, month_text="2026-03",
        start=None, end=None, pdf=False, out=target,
    )  # fmt: skip

    assert code == 0
    assert target.stat().st_size > 0
    assert capsys.readouterr().err == ""
