"""Body digests: webhook bodies signed without a timestamp (HubSpot v1/v2), remembered to refuse replays.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 14:03:26.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create `body_digests` (unless a database made before migrations has it already, as 0001 adopts tables)."""
    if 'body_digests' in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table('body_digests',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('vendor', sa.String(length=20), nullable=False),
    sa.Column('run_ids', sa.Text(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('digest')
    )
    with op.batch_alter_table('body_digests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_digests_seen_at'), ['seen_at'], unique=False)


def downgrade() -> None:
    """Move the schema back."""
    with op.batch_alter_table('body_digests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_digests_seen_at'))

    op.drop_table('body_digests')
