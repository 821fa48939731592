"""Owners: the round robin's state and each run's pick, and the owner of a local CRM contact.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 19:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create `rotation` and `rotation_picks`, add `crm_contacts.owner` (each unless the database has it already)."""
    inspector = sa.inspect(op.get_bind())
    tables = inspector.get_table_names()
    if 'rotation' not in tables:
        op.create_table('rotation',
                        sa.Column('pool', sa.String(length=80), nullable=False),
                        sa.Column('member_id', sa.String(length=64), nullable=False),
                        sa.Column('credit', sa.Integer(), nullable=False),
                        sa.Column('picks', sa.Integer(), nullable=False),
                        sa.PrimaryKeyConstraint('pool', 'member_id'))
    if 'rotation_picks' not in tables:
        op.create_table('rotation_picks',
                        sa.Column('run_id', sa.String(length=40), nullable=False),
                        sa.Column('pool', sa.String(length=80), nullable=False),
                        sa.Column('member_id', sa.String(length=64), nullable=False),
                        sa.Column('picked_at', sa.DateTime(timezone=True), nullable=False),
                        sa.PrimaryKeyConstraint('run_id', 'pool'))
        op.create_index('ix_rotation_picks_picked_at', 'rotation_picks', ['picked_at'])
    if 'owner' not in {c['name'] for c in inspector.get_columns('crm_contacts')}:
        with op.batch_alter_table('crm_contacts') as batch_op:
            batch_op.add_column(sa.Column('owner', sa.String(length=200), nullable=True))


def downgrade() -> None:
    """Move the schema back."""
    with op.batch_alter_table('crm_contacts') as batch_op:
        batch_op.drop_column('owner')
    op.drop_index('ix_rotation_picks_picked_at', table_name='rotation_picks')
    op.drop_table('rotation_picks')
    op.drop_table('rotation')
