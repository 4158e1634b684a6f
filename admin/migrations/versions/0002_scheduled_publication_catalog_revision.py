"""scheduled publication (scheduled_document, scheduled_on) and the catalog_revision counter

A publication effective later waits in ``scheduled_document`` until ``scheduled_on`` (served lazily, no
job); ``catalog_revision`` is one row counting the writes to ``catalog_records``, the runtime cache's key.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 10:00:00.000000
"""
from __future__ import annotations

import uuid

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('catalog_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheduled_document', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('scheduled_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_catalog_records_scheduled_on'), ['scheduled_on'], unique=False)

    revision_table = op.create_table('catalog_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('epoch', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_revision'))
    )
    # the one row; a random epoch so a recreated database never matches a runtime cached for the old one
    op.bulk_insert(revision_table, [{'id': 1, 'epoch': uuid.uuid4().hex, 'value': 0}])


def downgrade() -> None:
    op.drop_table('catalog_revision')
    with op.batch_alter_table('catalog_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_records_scheduled_on'))
        batch_op.drop_column('scheduled_on')
        batch_op.drop_column('scheduled_document')
