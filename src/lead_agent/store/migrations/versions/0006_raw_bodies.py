"""Raw bodies: each accepted delivery's body as received (`raw_bodies`), referenced by its runs (`runs.raw_key`).

Runs stored before have no raw body (null `raw_key`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table and the column where they are missing (a database built from the current schema has them)."""
    inspector = sa.inspect(op.get_bind())
    if 'raw_bodies' not in inspector.get_table_names():
        op.create_table('raw_bodies',
                        sa.Column('key', sa.String(length=40), nullable=False),
                        sa.Column('body', sa.Text(), nullable=False),
                        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
                        sa.Column('dry_run', sa.Boolean(), nullable=False, server_default=sa.false()),
                        sa.PrimaryKeyConstraint('key'))
        op.create_index('ix_raw_bodies_received_at', 'raw_bodies', ['received_at'])
    if 'raw_key' not in {c['name'] for c in inspector.get_columns('runs')}:
        with op.batch_alter_table('runs') as batch_op:
            batch_op.add_column(sa.Column('raw_key', sa.String(length=40), nullable=True))


def downgrade() -> None:
    """Move the schema back."""
    with op.batch_alter_table('runs') as batch_op:
        batch_op.drop_column('raw_key')
    op.drop_index('ix_raw_bodies_received_at', table_name='raw_bodies')
    op.drop_table('raw_bodies')
