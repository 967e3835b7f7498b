"""Supervision: acting officials (Plt/Plh) and continuous feedback (Umpan Balik Berkelanjutan)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.enums import str_enum


class ActingAssignment(Base):
    """`official` acts for `replaced` (Plt/Plh) from start to end: they may decide for
    the replaced supervisor's subordinates."""

    __tablename__ = "acting_assignment"
    __table_args__ = (Index("ix_acting_replaced_dates", "replaced_id", "start_date", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"))
    replaced_id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class CoreValue(enum.StrEnum):
    """BerAKHLAK (SE MenPANRB 20/2021)."""

    SERVICE = "berorientasi_pelayanan"
    ACCOUNTABLE = "akuntabel"
    COMPETENT = "kompeten"
    HARMONIOUS = "harmonis"
    LOYAL = "loyal"
    ADAPTIVE = "adaptif"
    COLLABORATIVE = "kolaboratif"


class FeedbackKind(enum.StrEnum):
    FEEDBACK = "umpan_balik"
    REPLY = "balasan"
    REQUEST = "permintaan"


class Feedback(Base):
    """One message of a dialog kinerja thread; `thread_id` is the first message's id."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id"), index=True)
    kind: Mapped[FeedbackKind] = mapped_column(str_enum(FeedbackKind))
    author_id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    core_value: Mapped[CoreValue | None] = mapped_column(str_enum(CoreValue))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
