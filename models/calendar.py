"""Admin overrides of the national calendar: regional holidays, moved or cancelled days."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, ForeignKey, String, UniqueConstraint, event, update
from sqlalchemy.orm import Mapped, Mapper, mapped_column, object_session
from sqlalchemy.orm.attributes import set_committed_value

from models.base import Base
from models.enums import str_enum
from models.org import Agency, new_calendar_stamp


class DayKind(enum.StrEnum):
    HOLIDAY = "libur"  # not a workday (regional holiday, extra cuti bersama)
    WORKDAY = "kerja"  # a workday although the national calendar says otherwise


class CalendarOverride(Base):
    __tablename__ = "calendar_override"
    __table_args__ = (UniqueConstraint("agency_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[DayKind] = mapped_column(str_enum(DayKind))
    name: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    created_at: Mapped[datetime]


CALENDAR_WRITTEN = "calendar_override_written"
"""Set in `Session.info` once the session has written an override: it must not fill a
process-wide calendar cache with what it may still roll back."""


@event.listens_for(CalendarOverride, "after_insert")
@event.listens_for(CalendarOverride, "after_update")
@event.listens_for(CalendarOverride, "after_delete")
def _new_calendar_stamp(
    _mapper: Mapper[Any], connection: Connection, row: CalendarOverride
) -> None:
    """Any change to an agency's overrides gives the agency a new calendar stamp, in the same
    transaction, so no cached calendar outlives a change (services/calendar.py)."""
    stamp = new_calendar_stamp()
    connection.execute(
        update(Agency).where(Agency.id == row.agency_id).values(calendar_stamp=stamp)
    )
    session = object_session(row)
    if session is None:
        return
    session.info[CALENDAR_WRITTEN] = True
    agency = session.identity_map.get(session.identity_key(Agency, row.agency_id))
    if agency is not None:
        set_committed_value(agency, "calendar_stamp", stamp)


class Announcement(Base):
    """A message from an admin to everyone or to one unit (and the units below it)."""

    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    text: Mapped[str] = mapped_column(String(3000))
    recipients: Mapped[int]
    created_at: Mapped[datetime]
