"""Alembic's environment: migrations run on the connection `lead_agent.store.migrate` hands over."""

from __future__ import annotations

from typing import Any

from alembic import context

from lead_agent.store._schema import metadata


def _ours(name: str | None, type_: str, _parent: Any) -> bool:
    # DBOS keeps its tables in the same SQLite file: they are its own, never ours to migrate.
    return type_ != 'table' or name in metadata.tables


connection = context.config.attributes['connection']
context.configure(connection=connection, target_metadata=metadata, include_name=_ours, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
