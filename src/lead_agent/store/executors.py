"""Heartbeats of the processes that execute durable runs, and who takes over a silent one (`lead_agent.runs`).

Heartbeats are written and judged by the database's clock (`database_clock`), never a process's own: a worker whose
clock ran two minutes ahead read every other heartbeat as two minutes old and declared healthy workers dead, over and
over, so their runs ran twice (helper-43).

A dead executor's row is deleted only after its runs were re-queued (`released`): a worker killed between judging
one dead and re-queueing its runs left them PENDING under an executor nobody would ever judge again (the chaos test
found it). Until then every judge hands it over again; DBOS's re-queueing is conditional on the run still being
PENDING under the dead executor, so doing it twice, or in two processes at once, re-queues each run once.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import BigInteger, Column, Engine, MetaData, Table, Text, delete, inspect, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ._schema import executors
from .database import Database, batches, database_clock

__all__ = ('ENDED', 'Executors', 'dbos_tables_exist', 'dbos_workflows', 'releases_after', 'workflows_ended')


@cache
def _workflow_status(schema: str | None) -> Table:
    return Table('workflow_status', MetaData(schema=schema), Column('workflow_uuid', Text), Column('queue_name', Text),
                 Column('status', Text), Column('executor_id', Text), Column('owner_xid', Text),
                 Column('created_at', BigInteger), Column('started_at_epoch_ms', BigInteger))


def dbos_workflows(engine: Engine) -> Table:
    """The columns of DBOS's `workflow_status` table this package reads (in the `dbos` schema on PostgreSQL)."""
    return _workflow_status(None if engine.dialect.name == 'sqlite' else 'dbos')


ENDED = ('SUCCESS', 'ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED')
"""The statuses of a workflow that has ended: it will not run again unless retried."""


def workflows_ended(engine: Engine, workflow_ids: Collection[str]) -> set[str]:
    """Those of `workflow_ids` whose workflow has ended; none when no engine ever ran on this database."""
    ids = sorted(set(workflow_ids))
    if not ids or not dbos_tables_exist(engine):
        return set()
    ws, ended = dbos_workflows(engine), set[str]()
    with engine.connect() as conn:
        for some in batches(ids):
            ended.update(conn.execute(select(ws.c.workflow_uuid).where(
                ws.c.workflow_uuid.in_(some), ws.c.status.in_(ENDED))).scalars())
    return ended


@cache
def _application_versions(schema: str | None) -> Table:
    return Table('application_versions', MetaData(schema=schema), Column('version_name', Text),
                 Column('version_timestamp', BigInteger), Column('application_name', Text))


def releases_after(engine: Engine, application: str, version: str) -> list[str]:
    """The workflow versions whose engines first started on this database after `version`'s did (newest first).

    Empty when `version`'s engine never ran here. DBOS gives runs and checks queued without a version only to the
    workers of the latest one: after a rollback to `version`, theirs wait for a release that is gone.
    """
    av = _application_versions(dbos_workflows(engine).schema)
    mine = (av.c.application_name == application) | av.c.application_name.is_(None)
    with engine.connect() as conn:
        if not inspect(conn).has_table('application_versions', schema=av.schema):
            return []
        since = conn.execute(select(av.c.version_timestamp).where(mine, av.c.version_name == version)).scalar()
        if since is None:
            return []
        return list(conn.execute(select(av.c.version_name).where(mine, av.c.version_timestamp > since)
                                 .order_by(av.c.version_timestamp.desc())).scalars())


def dbos_tables_exist(engine: Engine) -> bool:
    """Whether the engine's tables are in this database (an engine ran on it once)."""
    return inspect(engine).has_table('workflow_status', schema=dbos_workflows(engine).schema)


class Executors:
    """One row per executing process: when it was last seen.

    Args:
        db: the database of the heartbeats.
        workflows: DBOS's workflow table (`dbos_workflows`), when the database has one: an executor owning PENDING
            workflows with no heartbeat row at all (an older version deleted the row before re-queueing) is judged
            dead too.
    """

    def __init__(self, db: Database, workflows: Table | None = None) -> None:
        self.db, self.workflows = db, workflows

    def _seen(self, executor_id: str, now: datetime | None, dead_after: float, collect: bool) -> list[str]:
        upsert = sqlite_insert if self.db.engine.dialect.name == 'sqlite' else postgresql_insert
        started = time.monotonic()
        with self.db.engine.begin() as conn:
            at = now or database_clock(conn)
            conn.execute(upsert(executors).values(executor_id=executor_id, seen_at=at)
                         .on_conflict_do_update(index_elements=[executors.c.executor_id], set_={'seen_at': at}))
        if not collect:
            return []
        with self.db.engine.connect() as conn:
            # Judged as of this heartbeat's own time: a clock read after a freeze would find every heartbeat the
            # freeze held back overdue (helper-44 froze PostgreSQL between the two and a live worker was judged dead).
            cutoff = at - timedelta(seconds=dead_after)
            dead = set(conn.execute(select(executors.c.executor_id).where(executors.c.seen_at < cutoff)).scalars())
            if self.workflows is not None:
                ws = self.workflows
                # On DBOS's partial index of PENDING workflows: its condition as the index has it, not a parameter.
                # Taken (by the database's clock) over `dead_after` ago: a live worker whose heartbeats stalled past
                # `dead_after` is re-queued and forgotten, and takes runs again at once; judged on those, it was
                # re-queued on every heartbeat of the others (helper-45), not once per `dead_after`.
                dead.update(conn.execute(
                    select(ws.c.executor_id).distinct()
                    .where(text("status = 'PENDING'"), ws.c.executor_id.is_not(None),
                           ws.c.executor_id.not_in(select(executors.c.executor_id)),
                           ws.c.started_at_epoch_ms < int(cutoff.timestamp() * 1000))).scalars())
        if time.monotonic() - started > dead_after / 3:
            # A heartbeat that hung (the database stopped, or its locks held): every other heartbeat was held as
            # long, and nobody is judged on it.
            return []
        dead.discard(executor_id)
        return sorted(dead)

    async def seen(self, executor_id: str, dead_after: float, *, collect: bool = True,
                   now: datetime | None = None) -> list[str]:
        """Record that `executor_id` is alive; return the executors silent for `dead_after` seconds.

        Times are the database's (`now` only where a test sets the time). With `collect=False` only the heartbeat is
        written. Others are judged as of this heartbeat's write, and nobody is judged when the write and the reads
        that judge took over a third of `dead_after`. A dead executor is returned by every call until `released`.
        """
        return await self.db.run(self._seen, executor_id, now, dead_after, collect)

    def _released(self, executor_id: str, now: datetime | None, dead_after: float) -> bool:
        with self.db.engine.begin() as conn:
            cutoff = (now or database_clock(conn)) - timedelta(seconds=dead_after)
            return conn.execute(delete(executors).where(executors.c.executor_id == executor_id,
                                                        executors.c.seen_at < cutoff)).rowcount == 1

    async def released(self, executor_id: str, dead_after: float, *, now: datetime | None = None) -> bool:
        """Forget a dead executor once its runs are re-queued; False if another judge did, or it is alive again."""
        return await self.db.run(self._released, executor_id, now, dead_after)

    def _forget(self, executor_id: str) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(update(executors).where(executors.c.executor_id == executor_id)
                         .values(seen_at=datetime(1970, 1, 1, tzinfo=UTC)))

    async def forget(self, executor_id: str) -> None:
        """Mark an executor gone at once (a clean stop): the next heartbeat elsewhere re-queues what it held."""
        await self.db.run(self._forget, executor_id)
