"""Test data builders that write straight to the database (fast, explicit)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, Employee, PositionType, Unit


def make_nip(i: int, gender: int = 1) -> str:
    """A valid PNS NIP, unique for each i."""
    birth = date(1980, 1, 1) + timedelta(days=i // 999)
    return f"{birth:%Y%m%d}201001{gender}{i % 999 + 1:03d}"


async def make_agency(session: AsyncSession, now: datetime, **kwargs: object) -> Agency:
    agency = Agency(name="Dinas Uji", timezone="Asia/Jakarta", created_at=now, **kwargs)
    session.add(agency)
    await session.flush()
    return agency


async def make_unit(session: AsyncSession, agency: Agency, path: str = "Dinas Uji") -> Unit:
    unit = Unit(agency_id=agency.id, parent_id=None, name=path.split(" / ")[-1], path=path)
    session.add(unit)
    await session.flush()
    return unit


async def make_employee(
    session: AsyncSession,
    agency: Agency,
    unit: Unit,
    i: int,
    now: datetime,
    *,
    name: str | None = None,
    supervisor: Employee | None = None,
    is_admin: bool = False,
    telegram_user_id: int | None = None,
    language: str | None = None,
    timezone: str | None = None,
) -> Employee:
    employee = Employee(
        agency_id=agency.id,
        nip=make_nip(i),
        name=name or f"Pegawai {i}",
        position="Analis",
        position_type=PositionType.EXECUTOR,
        unit_id=unit.id,
        supervisor_id=supervisor.id if supervisor else None,
        is_admin=is_admin,
        telegram_user_id=telegram_user_id,
        telegram_chat_id=telegram_user_id,
        language=language,
        timezone=timezone,
        active=True,
        linked_at=now if telegram_user_id else None,
        created_at=now,
        updated_at=now,
    )
    session.add(employee)
    await session.flush()
    return employee
