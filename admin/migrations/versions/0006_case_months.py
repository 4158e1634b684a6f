"""cases: closed_on (carried over counts a case closed after the month's end), complaints upheld (绩效考核),
frozen figures of closed months (the monthly report reads them instead of scanning every case)

Revision ID: 0006_case_months
Revises: 0005
Create Date: 2026-11-30 15:30:00.000000
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0006_case_months'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
    # existing closed cases: the best day known without replaying their logs (replay rewrites it on their next event)
    op.execute("UPDATE cases SET closed_on = COALESCE(delivered_on, decided_on, received_on) WHERE closed")
    with op.batch_alter_table('case_complaints') as batch:
        batch.add_column(sa.Column('upheld', sa.Boolean(), nullable=True))
    op.create_table(
        'case_months',
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('frozen_version', sa.Integer(), nullable=True),
        sa.Column('frozen_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('month'),
    )
    op.create_table(
        'case_month_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('department', sa.String(length=64), nullable=True),
        sa.Column('window', sa.String(length=64), nullable=True),
        sa.Column('item', sa.String(length=64), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in (
            'accepted', 'completed', 'not_accepted', 'early', 'on_time', 'overdue', 'carried_over', 'online',
            'used_days', 'promised_days')),
        sa.Column('fees', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_case_month_figures_month', 'case_month_figures', ['month'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_month_figures_month', table_name='case_month_figures')
    op.drop_table('case_month_figures')
    op.drop_table('case_months')
    with op.batch_alter_table('case_complaints') as batch:
        batch.drop_column('upheld')
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('closed_on')
