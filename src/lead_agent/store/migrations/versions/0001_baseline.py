"""Baseline: the schema of lead-agent 0.1, adopting a database made before migrations.

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-01 12:55:31.588743
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables; on a database made before migrations, only the ones it lacks.

    Such a database may also hold `email_acks` without `sent_at` (from before sends were confirmed): its rows were
    sent, so they get their claim time.
    """
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if 'crm_contacts' not in existing:
        op.create_table('crm_contacts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('name', sa.String(length=500), nullable=False),
        sa.Column('company', sa.String(length=500), nullable=False),
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('email')
        )

    if 'crm_history' not in existing:
        op.create_table('crm_history',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('email', sa.String(length=320), nullable=True),
        sa.Column('domain', sa.String(length=255), nullable=True),
        sa.Column('date', sa.String(length=10), nullable=False),
        sa.Column('type', sa.String(length=20), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=True),
        sa.Column('lifecycle_stage', sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('crm_history', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_crm_history_domain'), ['domain'], unique=False)
            batch_op.create_index(batch_op.f('ix_crm_history_email'), ['email'], unique=False)

    if 'dedupe_keys' not in existing:
        op.create_table('dedupe_keys',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key')
        )

    if 'deliveries' not in existing:
        op.create_table('deliveries',
        sa.Column('delivery_id', sa.String(length=200), nullable=False),
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('delivery_id')
        )

    if 'email_acks' not in existing:
        op.create_table('email_acks',
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.Column('message_id', sa.String(length=320), nullable=False),
        sa.Column('recipient', sa.String(length=320), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('run_id')
        )

    if 'enrichment_cache' not in existing:
        op.create_table('enrichment_cache',
        sa.Column('domain', sa.String(length=255), nullable=False),
        sa.Column('enrichment', sa.Text(), nullable=True),
        sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('domain')
        )

    if 'executors' not in existing:
        op.create_table('executors',
        sa.Column('executor_id', sa.String(length=120), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('executor_id')
        )

    if 'ip_hits' not in existing:
        op.create_table('ip_hits',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('ip', sa.String(length=45), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('ip_hits', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_ip_hits_at'), ['at'], unique=False)
            batch_op.create_index(batch_op.f('ix_ip_hits_ip'), ['ip'], unique=False)

    if 'outbox' not in existing:
        op.create_table('outbox',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('target', sa.String(length=320), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('run_id', 'kind', name='uq_outbox_run_kind')
        )

    if 'rate_counters' not in existing:
        op.create_table('rate_counters',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key')
        )

    if 'review_items' not in existing:
        op.create_table('review_items',
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by', sa.String(length=200), nullable=True),
        sa.Column('decided_to', sa.String(length=20), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('run_id')
        )
        with op.batch_alter_table('review_items', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_review_items_status'), ['status'], unique=False)

    if 'runs' not in existing:
        op.create_table('runs',
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.Column('dedupe_key', sa.String(length=64), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('record', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('run_id')
        )
        with op.batch_alter_table('runs', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_runs_dedupe_key'), ['dedupe_key'], unique=False)
            batch_op.create_index(batch_op.f('ix_runs_received_at'), ['received_at'], unique=False)
            batch_op.create_index(batch_op.f('ix_runs_state'), ['state'], unique=False)

    if 'slack_messages' not in existing:
        op.create_table('slack_messages',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=80), nullable=False),
        sa.Column('ts', sa.String(length=40), nullable=False),
        sa.Column('blocks', sa.Text(), nullable=False),
        sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('taken_by', sa.String(length=40), nullable=True),
        sa.Column('taken_by_name', sa.String(length=200), nullable=True),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('repinged_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('run_id', 'kind', name='uq_slack_run_kind')
        )

    if 'crm_notes' not in existing:
        op.create_table('crm_notes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.String(length=40), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['crm_contacts.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('contact_id', 'run_id', name='uq_note_contact_run')
        )

    if 'email_acks' in existing and 'sent_at' not in {c['name'] for c in sa.inspect(op.get_bind()).get_columns('email_acks')}:
        with op.batch_alter_table('email_acks') as batch_op:
            batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        op.execute('UPDATE email_acks SET sent_at = claimed_at')


def downgrade() -> None:
    """Move the schema back."""
    op.drop_table('crm_notes')
    op.drop_table('slack_messages')
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_runs_state'))
        batch_op.drop_index(batch_op.f('ix_runs_received_at'))
        batch_op.drop_index(batch_op.f('ix_runs_dedupe_key'))

    op.drop_table('runs')
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_items_status'))

    op.drop_table('review_items')
    op.drop_table('rate_counters')
    op.drop_table('outbox')
    with op.batch_alter_table('ip_hits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ip_hits_ip'))
        batch_op.drop_index(batch_op.f('ix_ip_hits_at'))

    op.drop_table('ip_hits')
    op.drop_table('executors')
    op.drop_table('enrichment_cache')
    op.drop_table('email_acks')
    op.drop_table('deliveries')
    op.drop_table('dedupe_keys')
    with op.batch_alter_table('crm_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crm_history_email'))
        batch_op.drop_index(batch_op.f('ix_crm_history_domain'))

    op.drop_table('crm_history')
    op.drop_table('crm_contacts')
