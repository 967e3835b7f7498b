"""Monitoring (/rekap): a partial index for the verification backlog of a team.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WAITING = sa.text("status = 'terkirim' AND deleted_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_activity_waiting",
        "activity",
        ["employee_id", "submitted_at"],
        postgresql_where=WAITING,
        sqlite_where=WAITING,
    )


def downgrade() -> None:
    op.drop_index("ix_activity_waiting", table_name="activity")
