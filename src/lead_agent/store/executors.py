"""Heartbeats of the processes that execute durable runs, and who takes over a silent one (`lead_agent.runs`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ._schema import executors
from .database import Database

__all__ = ('Executors',)


class Executors:
    """One row per executing process: when it was last seen."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _seen(self, executor_id: str, now: datetime, dead_after: float, collect: bool) -> list[str]:
        upsert = sqlite_insert if self.db.engine.dialect.name == 'sqlite' else postgresql_insert
        with self.db.engine.begin() as conn:
            conn.execute(upsert(executors).values(executor_id=executor_id, seen_at=now)
                         .on_conflict_do_update(index_elements=[executors.c.executor_id], set_={'seen_at': now}))
        if not collect:
            return []
        cutoff = now - timedelta(seconds=dead_after)
        with self.db.engine.connect() as conn:
            stale = conn.execute(select(executors.c.executor_id, executors.c.seen_at)
                                 .where(executors.c.seen_at < cutoff)).all()
        dead: list[str] = []
        for other, seen_at in stale:
            with self.db.engine.begin() as conn:  # one process takes each dead executor: a conditional delete
                if conn.execute(delete(executors).where(executors.c.executor_id == other,
                                                        executors.c.seen_at == seen_at)).rowcount == 1:
                    dead.append(other)
        return dead

    async def seen(self, executor_id: str, now: datetime, dead_after: float, *,
                             collect: bool = True) -> list[str]:
        """Record that `executor_id` is alive; return (and forget) the executors silent for `dead_after` seconds.

        With `collect=False` only the heartbeat is written. Each dead executor is returned to one caller only.
        """
        return await self.db.run(self._seen, executor_id, now, dead_after, collect)

    def _forget(self, executor_id: str) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(update(executors).where(executors.c.executor_id == executor_id)
                         .values(seen_at=datetime(1970, 1, 1, tzinfo=UTC)))

    async def forget(self, executor_id: str) -> None:
        """Mark an executor gone at once (a clean stop): the next heartbeat elsewhere re-queues what it held."""
        await self.db.run(self._forget, executor_id)
