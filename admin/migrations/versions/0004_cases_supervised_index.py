"""cases: a partial index over the open cases e-supervision watches

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 13:30:00.000000
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

OPEN = sa.text("closed = false AND decided_on IS NULL AND parent_id IS NULL")


def upgrade() -> None:
    op.create_index('ix_cases_supervised', 'cases',
                    ['department', 'promised_due', 'yellow_from', 'alert_colour', 'paused', 'window', 'item'],
                    unique=False, postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade() -> None:
    op.drop_index('ix_cases_supervised', table_name='cases')
