"""Periodic and annual evaluation (DOMAIN §4-§5): ratings, predicate, organisation predicate."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.enums import str_enum


class EvaluationStatus(enum.StrEnum):
    DRAFT = "draf"
    FINAL = "final"
    ACKNOWLEDGED = "diterima"


class Evaluation(Base):
    __tablename__ = "evaluation"
    __table_args__ = (UniqueConstraint("employee_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"))
    assessor_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    # e.g. "2026-Q1", "2026-M03", "2026-S1", "2026-Y"
    period_key: Mapped[str] = mapped_column(String(12), index=True)
    result_rating: Mapped[str | None] = mapped_column(String(20))
    behaviour_rating: Mapped[str | None] = mapped_column(String(20))
    predicate: Mapped[str | None] = mapped_column(String(20))
    recommendation: Mapped[str | None] = mapped_column(Text)
    status: Mapped[EvaluationStatus] = mapped_column(
        str_enum(EvaluationStatus), default=EvaluationStatus.DRAFT
    )
    employee_response: Mapped[str | None] = mapped_column(Text)
    finalized_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    reopened_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    values: Mapped[list[ValueRating]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ValueRating.id"
    )
    notes: Mapped[list[ResultNote]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ResultNote.id"
    )


class ValueRating(Base):
    """Perilaku Kerja rating of one BerAKHLAK value, with feedback."""

    __tablename__ = "evaluation_value"
    __table_args__ = (UniqueConstraint("evaluation_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(30))
    rating: Mapped[str] = mapped_column(String(20))
    feedback: Mapped[str | None] = mapped_column(Text)


class ResultNote(Base):
    """Feedback on one RHK in an evaluation."""

    __tablename__ = "evaluation_note"
    __table_args__ = (UniqueConstraint("evaluation_id", "plan_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"))
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"))
    feedback: Mapped[str] = mapped_column(Text)


class UnitPredicate(Base):
    """The organisation predicate of a unit for a period, set by the leader above it."""

    __tablename__ = "unit_predicate"
    __table_args__ = (UniqueConstraint("unit_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(12))
    predicate: Mapped[str] = mapped_column(String(20))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    set_at: Mapped[datetime]
