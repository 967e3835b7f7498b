"""scheduling

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 06:04:23.136521
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    op.create_table('announcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=3000), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_announcement_agency_id_agency'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['employee.id'], name=op.f('fk_announcement_author_id_employee')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_announcement_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement'))
    )
    op.create_table('calendar_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('libur', 'kerja', name='daykind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_calendar_override_agency_id_agency'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['employee.id'], name=op.f('fk_calendar_override_created_by_id_employee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_override')),
    sa.UniqueConstraint('agency_id', 'day', name=op.f('uq_calendar_override_agency_id'))
    )
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nudge_enabled', sa.Boolean(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('nudge_time', sa.Time(), server_default='07:30:00', nullable=False))
        batch_op.add_column(sa.Column('digest_time', sa.Time(), server_default='08:00:00', nullable=False))
        batch_op.add_column(sa.Column('quiet_start', sa.Time(), server_default='06:00:00', nullable=False))
        batch_op.add_column(sa.Column('quiet_end', sa.Time(), server_default='21:00:00', nullable=False))

    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_time', sa.Time(), nullable=True))




def downgrade() -> None:
    
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_column('reminder_time')

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('quiet_end')
        batch_op.drop_column('quiet_start')
        batch_op.drop_column('digest_time')
        batch_op.drop_column('nudge_time')
        batch_op.drop_column('nudge_enabled')

    op.drop_table('calendar_override')
    op.drop_table('announcement')

