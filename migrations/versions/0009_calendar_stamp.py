"""Agencies: a calendar stamp that changes with every calendar override, so processes may keep
an agency's calendar in memory and notice a change on their next read of the agency row.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# A random stamp per existing row (the ORM gives new rows one): stamps are never equal across
# databases, so a process that talks to several (tests) never mixes their calendars.
_RANDOM = {
    "postgresql": "md5(random()::text || clock_timestamp()::text)",
    "sqlite": "lower(hex(randomblob(16)))",
}


def upgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.add_column(
            sa.Column("calendar_stamp", sa.String(length=32), server_default="", nullable=False)
        )
    random = _RANDOM.get(op.get_bind().dialect.name)
    if random:
        op.execute(f"UPDATE agency SET calendar_stamp = {random}")


def downgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.drop_column("calendar_stamp")
