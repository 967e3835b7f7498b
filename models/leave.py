"""Leave, sick leave and official travel: days that need no report and get no reminders."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.enums import str_enum


class LeaveKind(enum.StrEnum):
    LEAVE = "cuti"
    SICK = "sakit"
    OFFICIAL_TRAVEL = "dinas_luar"


class Leave(Base):
    __tablename__ = "leave"
    __table_args__ = (Index("ix_leave_employee_dates", "employee_id", "start_date", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"))
    kind: Mapped[LeaveKind] = mapped_column(str_enum(LeaveKind))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
