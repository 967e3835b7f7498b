"""Transfers and leavers: postings (unit, supervisor, position from a date) and departures.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_REASONS = ("pensiun", "pindah_keluar", "meninggal", "diberhentikan")


def upgrade() -> None:
    op.create_table(
        "posting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
            name=op.f("fk_posting_employee_id_employee"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_posting_unit_id_unit")),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["employee.id"], name=op.f("fk_posting_supervisor_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["employee.id"], name=op.f("fk_posting_created_by_id_employee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posting")),
        sa.UniqueConstraint("employee_id", "valid_from", name=op.f("uq_posting_employee_id")),
    )
    with op.batch_alter_table("posting") as batch:
        batch.create_index(batch.f("ix_posting_employee_id"), ["employee_id"], unique=False)
        batch.create_index("ix_posting_supervisor", ["supervisor_id"], unique=False)
    op.create_table(
        "departure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                *_REASONS,
                name="leavereason",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("left_on", sa.Date(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
            name=op.f("fk_departure_employee_id_employee"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["employee.id"], name=op.f("fk_departure_successor_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["employee.id"], name=op.f("fk_departure_created_by_id_employee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departure")),
        sa.UniqueConstraint("employee_id", name=op.f("uq_departure_employee_id")),
    )


def downgrade() -> None:
    op.drop_table("departure")
    with op.batch_alter_table("posting") as batch:
        batch.drop_index("ix_posting_supervisor")
        batch.drop_index(batch.f("ix_posting_employee_id"))
    op.drop_table("posting")
