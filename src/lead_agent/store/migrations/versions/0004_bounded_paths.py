"""Indexes for the hot paths, and a claim time on deliveries so old ones can be pruned.

- `ip_hits (ip, at)`: a sender's hits within the window (it replaces the index on `ip` alone);
- `review_items (status, created_at, run_id)`, `(created_at, run_id)`, `(decided_at, run_id)`: a page of the queue without a sort of all of it
  (it replaces the index on `status` alone);
- `dedupe_keys (claimed_at)`, `deliveries (claimed_at)`: pruning past their windows. Deliveries claimed before this
  revision are given its time.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_NEW = {
    'ip_hits': [('ix_ip_hits_ip_at', ['ip', 'at'])],
    'review_items': [('ix_review_items_status_created_at', ['status', 'created_at', 'run_id']),
                     ('ix_review_items_created_at', ['created_at', 'run_id']),
                     ('ix_review_items_decided_at', ['decided_at', 'run_id'])],
    'dedupe_keys': [('ix_dedupe_keys_claimed_at', ['claimed_at'])],
    'deliveries': [('ix_deliveries_claimed_at', ['claimed_at'])],
}
_REPLACED = {'ip_hits': 'ix_ip_hits_ip', 'review_items': 'ix_review_items_status'}


def upgrade() -> None:
    """Add the column and the indexes that are missing; drop the ones they replace.

    A database built from the current schema has them all already.
    """
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if 'claimed_at' not in {c['name'] for c in inspector.get_columns('deliveries')}:
        with op.batch_alter_table('deliveries') as batch_op:
            batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        now = datetime.now(UTC)
        stamp = now.replace(tzinfo=None) if bind.dialect.name == 'sqlite' else now
        bind.execute(sa.text('UPDATE deliveries SET claimed_at = :now').bindparams(now=stamp))
    for table, indexes in _NEW.items():
        have = {i['name'] for i in inspector.get_indexes(table)}
        for name, columns in indexes:
            if name not in have:
                op.create_index(name, table, columns)
        if (old := _REPLACED.get(table)) is not None and old in have:
            op.drop_index(old, table_name=table)


def downgrade() -> None:
    """Move the schema back."""
    for table, indexes in _NEW.items():
        for name, _ in indexes:
            op.drop_index(name, table_name=table)
    op.create_index('ix_ip_hits_ip', 'ip_hits', ['ip'])
    op.create_index('ix_review_items_status', 'review_items', ['status'])
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.drop_column('claimed_at')
