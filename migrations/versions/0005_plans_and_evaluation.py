"""plans and evaluation

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 06:22:33.116072
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('period_key', sa.String(length=12), nullable=False),
    sa.Column('result_rating', sa.String(length=20), nullable=True),
    sa.Column('behaviour_rating', sa.String(length=20), nullable=True),
    sa.Column('predicate', sa.String(length=20), nullable=True),
    sa.Column('recommendation', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('draf', 'final', 'diterima', name='evaluationstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('employee_response', sa.Text(), nullable=True),
    sa.Column('finalized_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reopened_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['employee.id'], name=op.f('fk_evaluation_assessor_id_employee')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_evaluation_employee_id_employee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('employee_id', 'period_key', name=op.f('uq_evaluation_employee_id'))
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_period_key'), ['period_key'], unique=False)

    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=True),
    sa.Column('approach', sa.String(length=20), nullable=False),
    sa.Column('status', sa.Enum('draf', 'diajukan', 'disetujui', 'dikembalikan', name='planstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('return_note', sa.Text(), nullable=True),
    sa.Column('leader_expectation', sa.Text(), nullable=True),
    sa.Column('resources', sa.Text(), nullable=True),
    sa.Column('accountability', sa.Text(), nullable=True),
    sa.Column('consequences', sa.Text(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessor_id'], ['employee.id'], name=op.f('fk_plan_assessor_id_employee')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_plan_employee_id_employee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan'))
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_employee_id'), ['employee_id'], unique=False)

    op.create_table('unit_predicate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period_key', sa.String(length=12), nullable=False),
    sa.Column('predicate', sa.String(length=20), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['set_by_id'], ['employee.id'], name=op.f('fk_unit_predicate_set_by_id_employee')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_predicate_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_predicate')),
    sa.UniqueConstraint('unit_id', 'period_key', name=op.f('uq_unit_predicate_unit_id'))
    )
    op.create_table('evaluation_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=30), nullable=False),
    sa.Column('rating', sa.String(length=20), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_value_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_value')),
    sa.UniqueConstraint('evaluation_id', 'value', name=op.f('uq_evaluation_value_evaluation_id'))
    )
    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('utama', 'tambahan', name='resultkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('parent_item_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['parent_item_id'], ['plan_item.id'], name=op.f('fk_plan_item_parent_item_id_plan_item')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_item_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item'))
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_parent_item_id'), ['parent_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_item_plan_id'), ['plan_id'], unique=False)

    op.create_table('action_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['plan_item.id'], name=op.f('fk_action_plan_item_id_plan_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_plan'))
    )
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_plan_item_id'), ['item_id'], unique=False)

    op.create_table('evaluation_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('plan_item_id', sa.Integer(), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_note_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_item.id'], name=op.f('fk_evaluation_note_plan_item_id_plan_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_note')),
    sa.UniqueConstraint('evaluation_id', 'plan_item_id', name=op.f('uq_evaluation_note_evaluation_id'))
    )
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('aspect', sa.Enum('kuantitas', 'kualitas', 'waktu', 'biaya', name='aspect', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('target_value', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('target_unit', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['plan_item.id'], name=op.f('fk_indicator_item_id_plan_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_item_id'), ['item_id'], unique=False)

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_item_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_activity_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_activity_plan_item_id_plan_item'), 'plan_item', ['plan_item_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evaluation_deadline_days', sa.Integer(), server_default='10', nullable=False))
        batch_op.add_column(sa.Column('curve_blocks', sa.Boolean(), server_default='0', nullable=False))

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leased_until', models.base.UTCDateTime(timezone=True), nullable=True))




def downgrade() -> None:
    
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('leased_until')

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('curve_blocks')
        batch_op.drop_column('evaluation_deadline_days')

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_activity_plan_item_id_plan_item'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_activity_plan_item_id'))
        batch_op.drop_column('plan_item_id')

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_item_id'))

    op.drop_table('indicator')
    op.drop_table('evaluation_note')
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_plan_item_id'))

    op.drop_table('action_plan')
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_item_parent_item_id'))

    op.drop_table('plan_item')
    op.drop_table('evaluation_value')
    op.drop_table('unit_predicate')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_employee_id'))

    op.drop_table('plan')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_period_key'))

    op.drop_table('evaluation')

