"""Admin overrides of the national calendar: regional holidays, moved or cancelled days."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.enums import str_enum


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
