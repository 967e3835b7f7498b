"""Daily work (progres harian, DOMAIN §3) and its evidence (bukti dukung)."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.enums import str_enum


class ActivityStatus(enum.StrEnum):
    SUBMITTED = "terkirim"
    REVISION = "perlu_revisi"
    APPROVED = "disetujui"
    REJECTED = "ditolak"


class EvidenceKind(enum.StrEnum):
    PHOTO = "foto"
    DOCUMENT = "dokumen"
    LINK = "tautan"


WAITING = text("status = 'terkirim' AND deleted_at IS NULL")


class Activity(Base):
    __tablename__ = "activity"
    __table_args__ = (
        # A retried or duplicated Telegram update carries the same key: never a second row.
        UniqueConstraint("employee_id", "idempotency_key"),
        Index("ix_activity_employee_day", "employee_id", "work_date"),
        # The verification backlog of a team (/rekap tim): only the rows still waiting.
        Index(
            "ix_activity_waiting",
            "employee_id",
            "submitted_at",
            postgresql_where=WAITING,
            sqlite_where=WAITING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"))
    work_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    minutes: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    output_quantity: Mapped[int | None]
    output_unit: Mapped[str | None] = mapped_column(String(50))
    # The RHK this work serves (None: "tugas tambahan / lainnya").
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_item.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ActivityStatus] = mapped_column(
        str_enum(ActivityStatus), default=ActivityStatus.SUBMITTED, index=True
    )
    # Bumped on every change, so a button made for an older version is recognisably stale.
    version: Mapped[int] = mapped_column(default=1)
    idempotency_key: Mapped[str] = mapped_column(String(80))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    decided_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]

    evidence: Mapped[list[Evidence]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Evidence.id"
    )


class Evidence(Base):
    """Telegram file metadata (the file stays on Telegram) or an http(s) link."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EvidenceKind] = mapped_column(str_enum(EvidenceKind))
    file_id: Mapped[str | None] = mapped_column(String(200))
    file_unique_id: Mapped[str | None] = mapped_column(String(100))
    file_name: Mapped[str | None] = mapped_column(String(255))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    url: Mapped[str | None] = mapped_column(String(2000))
