"""Who took a lead with Slack's "Take this lead" button, as the run's other writers read it."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from ._schema import slack_messages
from .database import Database

__all__ = ('taker_of',)


def _taker(db: Database, run_id: str) -> tuple[str, str] | None:
    with db.engine.connect() as conn:
        row = conn.execute(_TAKEN, {'run_id': run_id}).first()
    return (row.taken_by, row.taken_by_name or row.taken_by) if row is not None else None


async def taker_of(db: Database, run_id: str) -> tuple[str, str] | None:
    """The Slack user id and name of whoever took the run's lead, or None (not taken, or no Slack)."""
    return await db.run(_taker, db, run_id)


_t = slack_messages.c
_TAKEN = select(_t.taken_by, _t.taken_by_name).where(_t.run_id == bindparam('run_id'), _t.kind == 'slack_summary',
                                                     _t.taken_by.is_not(None))
"""Built once: building a statement costs more CPU than SQLite takes to run it."""
