"""cases: the frozen 绩效考核 counts of closed months (received, decided, decided in time per window and clerk)

Revision ID: 0008_case_month_staff
Revises: 0007
Create Date: 2026-11-30 15:50:00.000000
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0008_case_month_staff'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'case_month_staff',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('window', sa.String(length=64), nullable=True),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.Column('handled', sa.Integer(), nullable=False),
        sa.Column('completed', sa.Integer(), nullable=False),
        sa.Column('on_time', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_case_month_staff_month', 'case_month_staff', ['month'], unique=False)
    # months frozen before this table existed have no staff counts: thaw them (recomputed on their next report)
    op.execute("UPDATE case_months SET frozen_version = NULL")


def downgrade() -> None:
    op.drop_index('ix_case_month_staff_month', table_name='case_month_staff')
    op.drop_table('case_month_staff')
