"""case ledger: cases, case_events, case_sequences, case_alerts, case_evaluations, case_complaints

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 12:45:00.000000
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('query_code', sa.String(length=16), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=64), nullable=True),
    sa.Column('item', sa.String(length=64), nullable=True),
    sa.Column('item_name', sa.String(length=200), nullable=False),
    sa.Column('pipeline', sa.String(length=64), nullable=True),
    sa.Column('department', sa.String(length=64), nullable=True),
    sa.Column('window', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('applicant_kind', sa.String(length=16), nullable=False),
    sa.Column('applicant_phone', sa.String(length=32), nullable=True),
    sa.Column('regime', sa.String(length=32), nullable=False),
    sa.Column('case_class', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('received_at', TZ, nullable=False),
    sa.Column('basis', sa.JSON(), nullable=False),
    sa.Column('decision', sa.JSON(), nullable=True),
    sa.Column('application', sa.JSON(), nullable=True),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('deemed_accepted', sa.Boolean(), nullable=False),
    sa.Column('promised_days', sa.Integer(), nullable=True),
    sa.Column('promised_due', sa.Date(), nullable=True),
    sa.Column('statutory_due', sa.Date(), nullable=True),
    sa.Column('yellow_from', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('result', sa.String(length=16), nullable=True),
    sa.Column('timeliness', sa.String(length=16), nullable=True),
    sa.Column('working_days_used', sa.Integer(), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('fees_total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('alert_colour', sa.String(length=8), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('events_count', sa.Integer(), nullable=False),
    sa.Column('updated_at', TZ, nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['cases.id'], name=op.f('fk_cases_parent_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('number', name=op.f('uq_cases_number'))
    )
    for column in ('parent_id', 'item', 'department', 'window', 'received_on', 'accepted_on', 'decided_on'):
        op.create_index(op.f(f'ix_cases_{column}'), 'cases', [column], unique=False)
    op.create_index('ix_cases_open_due', 'cases', ['closed', 'promised_due'], unique=False)
    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('at', TZ, nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events')),
    sa.UniqueConstraint('case_id', 'seq', name='uq_case_events_case_seq')
    )
    op.create_index(op.f('ix_case_events_case_id'), 'case_events', ['case_id'], unique=False)
    op.create_table('case_sequences',
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('region', 'day', name=op.f('pk_case_sequences'))
    )
    op.create_table('case_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('colour', sa.String(length=8), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('raised_at', TZ, nullable=False),
    sa.Column('raised_by', sa.String(length=64), nullable=False),
    sa.Column('cleared_at', TZ, nullable=True),
    sa.Column('cleared_by', sa.String(length=64), nullable=True),
    sa.Column('clear_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_alerts_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_alerts'))
    )
    op.create_index(op.f('ix_case_alerts_case_id'), 'case_alerts', ['case_id'], unique=False)
    op.create_index('ix_case_alerts_open', 'case_alerts', ['cleared_at', 'colour'], unique=False)
    op.create_table('case_evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('rectify_due', sa.Date(), nullable=True),
    sa.Column('rectified_at', TZ, nullable=True),
    sa.Column('rectification', sa.Text(), nullable=True),
    sa.Column('callback_at', TZ, nullable=True),
    sa.Column('callback_result', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_evaluations_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_evaluations')),
    sa.UniqueConstraint('case_id', name=op.f('uq_case_evaluations_case_id'))
    )
    op.create_table('case_complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('window', sa.String(length=64), nullable=True),
    sa.Column('person', sa.String(length=64), nullable=True),
    sa.Column('complainant', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('received_at', TZ, nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('answered_at', TZ, nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_complaints_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_complaints'))
    )
    op.create_index(op.f('ix_case_complaints_case_id'), 'case_complaints', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_table('case_complaints')
    op.drop_table('case_evaluations')
    op.drop_table('case_alerts')
    op.drop_table('case_sequences')
    op.drop_table('case_events')
    op.drop_table('cases')
