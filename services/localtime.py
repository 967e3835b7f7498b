"""Where and when a person is: their agency, their time zone, their "today".

The database stores UTC; a day is always someone's local day (DOMAIN §8): an employee's own
zone if set, else the agency's.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency, Employee


def local_today(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def employee_zone(employee: Employee, agency: Agency) -> str:
    return employee.timezone or agency.timezone


async def agency_of(session: AsyncSession, employee: Employee) -> Agency:
    agency = await session.get(Agency, employee.agency_id)
    assert agency is not None
    return agency


async def employee_today(session: AsyncSession, employee: Employee, now: datetime) -> date:
    """Today in the employee's zone."""
    agency = await agency_of(session, employee)
    return local_today(now, employee_zone(employee, agency))
