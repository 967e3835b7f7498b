"""The agency this deployment serves (one per deployment for now)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Agency


@dataclass(frozen=True)
class AgencyDefaults:
    name: str
    timezone: str


async def ensure_agency(session: AsyncSession, defaults: AgencyDefaults, now: datetime) -> Agency:
    """Return the agency, creating it from the defaults on first use (commits if created)."""
    agency = await session.scalar(select(Agency).order_by(Agency.id).limit(1))
    if agency is None:
        agency = Agency(name=defaults.name, timezone=defaults.timezone, created_at=now)
        session.add(agency)
        await session.commit()
    return agency
