"""Where each person was when: postings (unit, supervisor, position from a date) and leavers.

The employee row keeps the posting in force today; `posting` keeps the history, so "who was
X's supervisor on day D" has one answer (services/postings.py).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.enums import str_enum


class Posting(Base):
    """One stretch of a person's career: from `valid_from` until the day before `valid_to`
    (None: still in force)."""

    __tablename__ = "posting"
    __table_args__ = (
        UniqueConstraint("employee_id", "valid_from"),
        Index("ix_posting_supervisor", "supervisor_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    position: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    created_at: Mapped[datetime]


class LeaveReason(enum.StrEnum):
    """Why someone left the agency's staff."""

    RETIRED = "pensiun"
    TRANSFERRED_OUT = "pindah_keluar"
    DECEASED = "meninggal"
    DISMISSED = "diberhentikan"


class Departure(Base):
    """A leaver: from `left_on` they are inactive and unlinked; open verifications of their
    team go to `successor_id` (the acting official, or their own supervisor)."""

    __tablename__ = "departure"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), unique=True
    )
    reason: Mapped[LeaveReason] = mapped_column(str_enum(LeaveReason))
    left_on: Mapped[date] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    created_at: Mapped[datetime]
