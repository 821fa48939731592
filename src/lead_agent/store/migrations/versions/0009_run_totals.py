"""`run_totals`: finished runs by state and latency bucket, with their seconds and cost.

Every process that executes runs adds to it, so the host's `/metrics` shows what its workers did. It starts at zero:
runs finished before this revision are in `lead-agent log`, not in these counters.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create `run_totals` unless the database has it already."""
    if 'run_totals' not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table('run_totals',
                        sa.Column('state', sa.String(length=20), nullable=False),
                        sa.Column('le', sa.String(length=10), nullable=False),
                        sa.Column('runs', sa.BigInteger(), nullable=False),
                        sa.Column('seconds', sa.Float(), nullable=False),
                        sa.Column('cost', sa.Float(), nullable=False),
                        sa.PrimaryKeyConstraint('state', 'le'))


def downgrade() -> None:
    """Move the schema back."""
    op.drop_table('run_totals')
