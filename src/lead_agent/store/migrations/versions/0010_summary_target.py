"""A Slack message remembers the channel it was asked for (`slack_messages.target`), beside the id Slack answered.

A run's summary is posted once per run and channel: a person who approves a failed run for another team moves it
there (helper-59 D7). Messages stored before have no target; they count as posted where the run asked.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 14:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column where it is missing (a database built from the current schema has it)."""
    if 'target' not in {c['name'] for c in sa.inspect(op.get_bind()).get_columns('slack_messages')}:
        with op.batch_alter_table('slack_messages') as batch_op:
            batch_op.add_column(sa.Column('target', sa.String(length=80), nullable=True))


def downgrade() -> None:
    """Move the schema back."""
    with op.batch_alter_table('slack_messages') as batch_op:
        batch_op.drop_column('target')
