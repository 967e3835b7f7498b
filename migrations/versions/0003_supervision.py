"""supervision

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 05:56:57.535885
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    op.create_table('acting_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.Column('replaced_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['employee.id'], name=op.f('fk_acting_assignment_created_by_id_employee')),
    sa.ForeignKeyConstraint(['official_id'], ['employee.id'], name=op.f('fk_acting_assignment_official_id_employee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_id'], ['employee.id'], name=op.f('fk_acting_assignment_replaced_id_employee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acting_assignment'))
    )
    with op.batch_alter_table('acting_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_acting_replaced_dates', ['replaced_id', 'start_date', 'end_date'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('umpan_balik', 'balasan', 'permintaan', name='feedbackkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('core_value', sa.Enum('berorientasi_pelayanan', 'akuntabel', 'kompeten', 'harmonis', 'loyal', 'adaptif', 'kolaboratif', name='corevalue', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_feedback_activity_id_activity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['employee.id'], name=op.f('fk_feedback_author_id_employee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['employee.id'], name=op.f('fk_feedback_recipient_id_employee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['feedback.id'], name=op.f('fk_feedback_thread_id_feedback')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_recipient_id'), ['recipient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_thread_id'), ['thread_id'], unique=False)

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation_workdays', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('review_batch_seconds', sa.Integer(), server_default='60', nullable=False))

    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unreachable_since', models.base.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_key', sa.String(length=100), nullable=True))
        batch_op.create_index('ix_notification_group', ['recipient_id', 'group_key', 'status'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_group')
        batch_op.drop_column('group_key')

    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_column('unreachable_since')

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('review_batch_seconds')
        batch_op.drop_column('escalation_workdays')

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_thread_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_recipient_id'))

    op.drop_table('feedback')
    with op.batch_alter_table('acting_assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_acting_replaced_dates')

    op.drop_table('acting_assignment')

