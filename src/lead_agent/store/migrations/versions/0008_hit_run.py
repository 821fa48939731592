"""A rate-limit hit names its run (`ip_hits.run_id`, unique): a run resumed after its precheck counts its own hit.

Hits stored before have no run (null `run_id`); they still count within the window.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column and its unique index where they are missing (a database built from the current schema has them)."""
    inspector = sa.inspect(op.get_bind())
    if 'run_id' not in {c['name'] for c in inspector.get_columns('ip_hits')}:
        with op.batch_alter_table('ip_hits') as batch_op:
            batch_op.add_column(sa.Column('run_id', sa.String(length=40), nullable=True))
    if 'ux_ip_hits_run_id' not in {i['name'] for i in inspector.get_indexes('ip_hits')}:
        op.create_index('ux_ip_hits_run_id', 'ip_hits', ['run_id'], unique=True)


def downgrade() -> None:
    """Move the schema back."""
    op.drop_index('ux_ip_hits_run_id', table_name='ip_hits')
    with op.batch_alter_table('ip_hits') as batch_op:
        batch_op.drop_column('run_id')
