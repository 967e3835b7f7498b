"""The organisation: agency settings, the unit tree and employees."""

from __future__ import annotations

import enum
from datetime import datetime, time
from uuid import uuid4

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.enums import str_enum


class EvaluationPeriod(enum.StrEnum):
    MONTHLY = "bulanan"
    QUARTERLY = "triwulan"
    SEMESTER = "semester"


class PositionType(enum.StrEnum):
    """Jenis jabatan: struktural (JPT/administrator/pengawas), fungsional, pelaksana."""

    STRUCTURAL = "struktural"
    FUNCTIONAL = "fungsional"
    EXECUTOR = "pelaksana"


def new_calendar_stamp() -> str:
    return uuid4().hex


DEFAULT_EVIDENCE_EXTENSIONS = "pdf,jpg,jpeg,png,doc,docx,xls,xlsx,ppt,pptx,odt,ods,zip"


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    # ISO weekday numbers (1 = Monday) as digits, e.g. "12345" or "123456".
    workdays: Mapped[str] = mapped_column(String(7), default="12345")
    reminder_time: Mapped[time] = mapped_column(Time, default=time(16, 0))
    evaluation_period: Mapped[EvaluationPeriod] = mapped_column(
        str_enum(EvaluationPeriod), default=EvaluationPeriod.QUARTERLY
    )
    # Daily reports (progres harian), DOMAIN §3.
    daily_target_minutes: Mapped[int] = mapped_column(default=300, server_default="300")
    backdate_workdays: Mapped[int] = mapped_column(default=3, server_default="3")
    max_activities_per_day: Mapped[int] = mapped_column(default=20, server_default="20")
    # An activity longer than this needs a confirmation; a day above it is flagged for review.
    long_activity_minutes: Mapped[int] = mapped_column(default=720, server_default="720")
    max_evidence_bytes: Mapped[int] = mapped_column(default=20_000_000, server_default="20000000")
    # Accepted evidence file extensions, comma separated (photos are always accepted).
    # Supervisors are escalated to their own supervisor after this many workdays unverified.
    escalation_workdays: Mapped[int] = mapped_column(default=3, server_default="3")
    # Reminders and quiet hours (local time of each employee).
    nudge_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    nudge_time: Mapped[time] = mapped_column(Time, default=time(7, 30), server_default="07:30:00")
    digest_time: Mapped[time] = mapped_column(Time, default=time(8, 0), server_default="08:00:00")
    quiet_start: Mapped[time] = mapped_column(Time, default=time(6, 0), server_default="06:00:00")
    quiet_end: Mapped[time] = mapped_column(Time, default=time(21, 0), server_default="21:00:00")
    # Evaluation: days after a period ends until ratings lock; curve breaches warn or block.
    evaluation_deadline_days: Mapped[int] = mapped_column(default=10, server_default="10")
    curve_blocks: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Reports within this many seconds reach the supervisor as one message.
    review_batch_seconds: Mapped[int] = mapped_column(default=60, server_default="60")
    evidence_extensions: Mapped[str] = mapped_column(
        String(200),
        default=DEFAULT_EVIDENCE_EXTENSIONS,
        server_default=DEFAULT_EVIDENCE_EXTENSIONS,
    )
    # Changes with every calendar override (models/calendar.py): the key of cached calendars.
    calendar_stamp: Mapped[str] = mapped_column(
        String(32), default=new_calendar_stamp, server_default=""
    )
    created_at: Mapped[datetime]


class Unit(Base):
    """An organisational unit; `path` is the full name path, unique per agency."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("agency_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(1000))


class Employee(Base):
    __tablename__ = "employee"
    __table_args__ = (
        CheckConstraint("supervisor_id IS NULL OR supervisor_id <> id", name="not_own_supervisor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    position_type: Mapped[PositionType] = mapped_column(
        str_enum(PositionType), default=PositionType.EXECUTOR
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    telegram_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    linked_at: Mapped[datetime | None]
    # The employee's own daily reminder time (within the agency's quiet hours), or None.
    reminder_time: Mapped[time | None] = mapped_column(Time)
    # Set when Telegram answers 403 (blocked the bot); cleared when they write again.
    unreachable_since: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    unit: Mapped[Unit] = relationship(lazy="raise")
    agency: Mapped[Agency] = relationship(lazy="raise")

    @property
    def is_linked(self) -> bool:
        return self.telegram_user_id is not None
