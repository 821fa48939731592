"""Heartbeats of the processes that execute durable runs, and who takes over a silent one (`lead_agent.runs`).

Heartbeats are written and judged by the database's clock (`database_clock`), never a process's own: a worker whose
clock ran two minutes ahead read every other heartbeat as two minutes old and declared healthy workers dead, over and
over, so their runs ran twice (helper-43).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ._schema import executors
from .database import Database, database_clock

__all__ = ('Executors',)


class Executors:
    """One row per executing process: when it was last seen."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _seen(self, executor_id: str, now: datetime | None, dead_after: float, collect: bool) -> list[str]:
        upsert = sqlite_insert if self.db.engine.dialect.name == 'sqlite' else postgresql_insert
        started = time.monotonic()
        with self.db.engine.begin() as conn:
            at = now or database_clock(conn)
            conn.execute(upsert(executors).values(executor_id=executor_id, seen_at=at)
                         .on_conflict_do_update(index_elements=[executors.c.executor_id], set_={'seen_at': at}))
        if not collect or time.monotonic() - started > dead_after / 3:
            # A write that hung (the database stopped, or its locks held): every other heartbeat was held as long,
            # and nobody is judged on it.
            return []
        with self.db.engine.connect() as conn:
            cutoff = (now or database_clock(conn)) - timedelta(seconds=dead_after)
            stale = conn.execute(select(executors.c.executor_id, executors.c.seen_at)
                                 .where(executors.c.seen_at < cutoff)).all()
        dead: list[str] = []
        for other, seen_at in stale:
            with self.db.engine.begin() as conn:  # one process takes each dead executor: a conditional delete
                if conn.execute(delete(executors).where(executors.c.executor_id == other,
                                                        executors.c.seen_at == seen_at)).rowcount == 1:
                    dead.append(other)
        return dead

    async def seen(self, executor_id: str, dead_after: float, *, collect: bool = True,
                   now: datetime | None = None) -> list[str]:
        """Record that `executor_id` is alive; return (and forget) the executors silent for `dead_after` seconds.

        Times are the database's (`now` only where a test sets the time). With `collect=False` only the heartbeat is
        written; nobody is judged when the write took over a third of `dead_after`. Each dead executor is returned to
        one caller only.
        """
        return await self.db.run(self._seen, executor_id, now, dead_after, collect)

    def _forget(self, executor_id: str) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(update(executors).where(executors.c.executor_id == executor_id)
                         .values(seen_at=datetime(1970, 1, 1, tzinfo=UTC)))

    async def forget(self, executor_id: str) -> None:
        """Mark an executor gone at once (a clean stop): the next heartbeat elsewhere re-queues what it held."""
        await self.db.run(self._forget, executor_id)
