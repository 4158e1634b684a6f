"""catalog records, audit log, users

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 16:21:41.849790
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('section', sa.String(length=32), nullable=True),
    sa.Column('key', sa.String(length=96), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('note', sa.String(length=400), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_section'), ['section'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_user'), ['user'], unique=False)

    op.create_table('catalog_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=96), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=64), nullable=True),
    sa.Column('departments', sa.String(length=400), nullable=True),
    sa.Column('item_type', sa.String(length=32), nullable=True),
    sa.Column('default_case_class', sa.String(length=32), nullable=True),
    sa.Column('legal_status', sa.String(length=32), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('published_document', sa.JSON(), nullable=True),
    sa.Column('file', sa.String(length=400), nullable=True),
    sa.Column('source_key', sa.String(length=96), nullable=True),
    sa.Column('source_version', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_records')),
    sa.UniqueConstraint('section', 'key', name='uq_catalog_records_section_key')
    )
    with op.batch_alter_table('catalog_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_records_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_records_default_case_class'), ['default_case_class'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_records_department'), ['department'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_records_item_type'), ['item_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_records_legal_status'), ['legal_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_records_section'), ['section'], unique=False)
        batch_op.create_index('ix_catalog_records_section_code', ['section', 'code'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_records_state'), ['state'], unique=False)

    op.create_table('source_files',
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('entities', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('path', name=op.f('pk_source_files'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('department', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )


def downgrade() -> None:
    op.drop_table('users')
    op.drop_table('source_files')
    with op.batch_alter_table('catalog_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_records_state'))
        batch_op.drop_index('ix_catalog_records_section_code')
        batch_op.drop_index(batch_op.f('ix_catalog_records_section'))
        batch_op.drop_index(batch_op.f('ix_catalog_records_legal_status'))
        batch_op.drop_index(batch_op.f('ix_catalog_records_item_type'))
        batch_op.drop_index(batch_op.f('ix_catalog_records_department'))
        batch_op.drop_index(batch_op.f('ix_catalog_records_default_case_class'))
        batch_op.drop_index(batch_op.f('ix_catalog_records_code'))

    op.drop_table('catalog_records')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_user'))
        batch_op.drop_index(batch_op.f('ix_audit_log_section'))
        batch_op.drop_index(batch_op.f('ix_audit_log_key'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
