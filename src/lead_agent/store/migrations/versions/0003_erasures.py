"""The `erasures` table: an audit of `lead-agent erase` runs, without personal data.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-10 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table (unless the database already has it, as one built from the current schema does)."""
    if 'erasures' in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table('erasures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject_sha256', sa.String(length=64), nullable=True),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table('erasures')
