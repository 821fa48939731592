"""Indexes for the hot paths, and a claim time on deliveries so old ones can be pruned.

- `ip_hits (ip, at)`: a sender's hits within the window (it replaces the index on `ip` alone);
- `review_items (status, created_at, run_id)`, `(created_at, run_id)`, `(decided_at, run_id)`: a page of the queue without a sort of all of it
  (it replaces the index on `status` alone);
- `dedupe_keys (claimed_at)`, `deliveries (claimed_at)`: pruning past their windows. Deliveries claimed before this
  revision are given its time;
- `review_counts`: items per status, kept with each change (the queue's size without counting it), counted here
  once for the items already stored;
- `runs.subject`: the sha256 of the lead's address, so an erasure finds a person's runs on an index (filled in here
  for the runs already stored).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any, cast

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
    'runs': [('ix_runs_subject', ['subject'])],
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
    if 'review_counts' not in inspector.get_table_names():
        op.create_table('review_counts',
                        sa.Column('status', sa.String(length=10), nullable=False),
                        sa.Column('n', sa.Integer(), nullable=False),
                        sa.PrimaryKeyConstraint('status'))
        bind.execute(sa.text('INSERT INTO review_counts (status, n) '
                             'SELECT status, count(*) FROM review_items GROUP BY status'))
    if 'subject' not in {c['name'] for c in inspector.get_columns('runs')}:
        with op.batch_alter_table('runs') as batch_op:
            batch_op.add_column(sa.Column('subject', sa.String(length=64), nullable=True))
        _fill_subjects(bind)
    for table, indexes in _NEW.items():
        have = {i['name'] for i in inspector.get_indexes(table)}
        for name, columns in indexes:
            if name not in have:
                op.create_index(name, table, columns)
        if (old := _REPLACED.get(table)) is not None and old in have:
            op.drop_index(old, table_name=table)


def _fill_subjects(bind: sa.Connection) -> None:
    """Each stored run's subject, from its record (in batches: the records can be many and large)."""
    runs = sa.table('runs', sa.column('run_id', sa.String), sa.column('record', sa.Text),
                    sa.column('subject', sa.String))
    after = ''
    while rows := bind.execute(sa.select(runs.c.run_id, runs.c.record).where(runs.c.run_id > after)
                               .order_by(runs.c.run_id).limit(1000)).all():
        for run_id, record in rows:
            lead = _lead_of(record)
            email = lead.get('email') if lead else None
            subject = 'erased' if '"personal_data_erased"' in record else (
                hashlib.sha256(email.strip().casefold().encode()).hexdigest() if isinstance(email, str) else None)
            if subject is not None:
                bind.execute(sa.update(runs).where(runs.c.run_id == run_id).values(subject=subject))
        after = rows[-1][0]


def _lead_of(record: str) -> dict[str, Any] | None:
    try:
        data: Any = json.loads(record)
    except ValueError:
        return None
    lead: Any = cast(dict[str, Any], data).get('lead') if isinstance(data, dict) else None
    return cast(dict[str, Any], lead) if isinstance(lead, dict) else None


def downgrade() -> None:
    """Move the schema back."""
    for table, indexes in _NEW.items():
        for name, _ in indexes:
            op.drop_index(name, table_name=table)
    op.create_index('ix_ip_hits_ip', 'ip_hits', ['ip'])
    op.create_index('ix_review_items_status', 'review_items', ['status'])
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.drop_column('claimed_at')
    with op.batch_alter_table('runs') as batch_op:
        batch_op.drop_column('subject')
    op.drop_table('review_counts')
