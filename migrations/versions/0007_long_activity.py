"""Reports: a per-activity duration above which the employee confirms, and the supervisor's
card flags the day (the agency's "long day").

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.add_column(
            sa.Column("long_activity_minutes", sa.Integer(), server_default="720", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.drop_column("long_activity_minutes")
