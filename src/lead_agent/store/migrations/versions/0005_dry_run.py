"""Shadow mode: `runs.dry_run` and `outbox.dry_run`, false for every row stored before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_TABLES = ('runs', 'outbox')


def upgrade() -> None:
    """Add the column where it is missing (a database built from the current schema has it)."""
    inspector = sa.inspect(op.get_bind())
    for table in _TABLES:
        if 'dry_run' not in {c['name'] for c in inspector.get_columns(table)}:
            with op.batch_alter_table(table) as batch_op:
                batch_op.add_column(sa.Column('dry_run', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Move the schema back."""
    for table in _TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('dry_run')
