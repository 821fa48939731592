"""Forget intake rows past their windows: a sender's hits, dedupe keys and vendor delivery ids.

They only matter within their windows (the rate limit's, the dedupe window, a vendor's retries), and without pruning
they grow with every submission. Runs, review items and the CRM are kept: `lead-agent erase` handles those.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Column, delete, select

from ._schema import dedupe_keys, deliveries, ip_hits
from .database import Database, database_clock

__all__ = ('DELIVERY_RETENTION', 'prune')

DELIVERY_RETENTION = timedelta(days=7)
"""How long a vendor's delivery id is remembered (vendors retry a delivery for a day or three)."""
_BATCH = 5000
"""Rows per delete: short transactions, so submissions are never held up behind a long one."""


def _delete_before(db: Database, at: Column[datetime], cutoff: datetime) -> int:
    """Delete the rows of `at`'s table whose `at` is before `cutoff`, a batch at a time; how many went."""
    table = at.table
    (key,) = table.primary_key.columns
    total = 0
    while True:
        with db.engine.begin() as conn:  # the keys first: both statements then run on an index
            keys = conn.execute(select(key).where(at < cutoff).limit(_BATCH)).scalars().all()
            if keys:
                conn.execute(delete(table).where(key.in_(keys)))
        total += len(keys)
        if len(keys) < _BATCH:
            return total


def _prune(db: Database, now: datetime | None, rate_window: timedelta, dedupe_window: timedelta) -> dict[str, int]:
    if now is None:
        with db.engine.connect() as conn:
            now = database_clock(conn)
    return {
        'ip_hits': _delete_before(db, ip_hits.c.at, now - rate_window),
        # A submitter's flood-notice claim ('flood:KEY') is one of them, held for the rate-limit window (helper-73:
        # pruned within it, the flood was announced twice). A key kept past its own window is claimed again anyway.
        'dedupe_keys': _delete_before(db, dedupe_keys.c.claimed_at, now - max(dedupe_window, rate_window)),
        'deliveries': _delete_before(db, deliveries.c.claimed_at, now - max(DELIVERY_RETENTION, dedupe_window)),
    }


async def prune(db: Database, now: datetime | None, *, rate_window: timedelta, dedupe_window: timedelta
                ) -> dict[str, int]:
    """Forget what is past its window, as of `now` (None: the database's clock); how many rows of each table went.

    Hits older than the rate-limit window, dedupe keys older than the dedupe window (or the rate-limit window, if
    longer), and delivery ids older than `DELIVERY_RETENTION` (or the dedupe window, if longer).
    """
    return await db.run(_prune, db, now, rate_window, dedupe_window)
