"""cases: (decided_on, accepted_on), so the monthly report's carried-over count filters in the index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 13:50:00.000000
"""
from __future__ import annotations

from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_cases_carried', 'cases', ['decided_on', 'accepted_on'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_cases_carried', table_name='cases')
