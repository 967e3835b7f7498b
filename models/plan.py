"""Performance plans (SKP, DOMAIN §2): results (RHK) cascading from the supervisor's, their
indicators (IKI) with targets, and per-period action plans (Rencana Aksi)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.enums import str_enum


class PlanStatus(enum.StrEnum):
    DRAFT = "draf"
    SUBMITTED = "diajukan"
    APPROVED = "disetujui"
    RETURNED = "dikembalikan"


class ResultKind(enum.StrEnum):
    MAIN = "utama"
    ADDITIONAL = "tambahan"


class Aspect(enum.StrEnum):
    QUANTITY = "kuantitas"
    QUALITY = "kualitas"
    TIME = "waktu"
    COST = "biaya"


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int]
    # A new plan follows a mid-year change of position: each covers its own dates.
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    position: Mapped[str] = mapped_column(String(200))
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    approach: Mapped[str] = mapped_column(String(20), default="kuantitatif")
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus), default=PlanStatus.DRAFT)
    return_note: Mapped[str | None] = mapped_column(Text)
    leader_expectation: Mapped[str | None] = mapped_column(Text)  # ekspektasi khusus pimpinan
    resources: Mapped[str | None] = mapped_column(Text)  # Dukungan Sumber Daya
    accountability: Mapped[str | None] = mapped_column(Text)  # Skema Pertanggungjawaban
    consequences: Mapped[str | None] = mapped_column(Text)  # Konsekuensi
    created_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]

    items: Mapped[list[PlanItem]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PlanItem.position"
    )


class PlanItem(Base):
    """One RHK (Rencana Hasil Kerja), intervening one RHK of the supervisor's plan."""

    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ResultKind] = mapped_column(str_enum(ResultKind), default=ResultKind.MAIN)
    parent_item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_item.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)

    indicators: Mapped[list[Indicator]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Indicator.id"
    )
    actions: Mapped[list[ActionPlan]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ActionPlan.period"
    )


class Indicator(Base):
    """IKI with its target (number + unit), per aspect."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"), index=True)
    aspect: Mapped[Aspect] = mapped_column(str_enum(Aspect), default=Aspect.QUANTITY)
    text: Mapped[str] = mapped_column(Text)
    target_value: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    target_unit: Mapped[str] = mapped_column(String(50))


class ActionPlan(Base):
    """Rencana Aksi of one RHK for one period (1..12 months, 1..4 quarters, 1..2 semesters)."""

    __tablename__ = "action_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"), index=True)
    period: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
