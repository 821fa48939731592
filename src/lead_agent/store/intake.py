"""Intake on SQL: accepting submissions, their delivery ids and dedupe keys, and per-IP hit counts."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TypeVar, cast

from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError

from ..models import RunRecord
from ._schema import dedupe_keys, deliveries, ip_hits, raw_bodies, runs
from .database import BUSY_TIMEOUT_MS, Database
from .raw import RawBody
from .runlog import run_row

__all__ = ('Enqueue', 'SqlIntake')

T = TypeVar('T')

CLAIM_LOCK_WAIT_MS = 2000
"""PostgreSQL: how long the accept transaction waits to claim a delivery id that an uncommitted transaction claimed
before it fails as busy; well under the host's 10 s answer deadline."""

Enqueue = Callable[[Connection, list[RunRecord]], None]
"""Queues accepted runs on the accept transaction's connection."""


class SqlIntake:
    """`Intake` on a `Database`: unique constraints decide every race, so concurrent duplicates cannot both win."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _hit(self, key: str, now: datetime, window_seconds: int, run_id: str) -> int:
        with self.db.engine.begin() as conn:
            if conn.dialect.name == 'postgresql':
                # One submitter's hits are counted one at a time, so their ids are in the order they committed (on
                # SQLite the insert takes the one write lock, to the commit).
                conn.execute(_HIT_LOCK, {'key': key})
            mine = conn.execute(_MY_HIT, {'run_id': run_id}).first()
            if mine is None:  # the column holds any submitter key
                conn.execute(_ADD_HIT, {'ip': key, 'at': now, 'run_id': run_id})
                mine = conn.execute(_MY_HIT, {'run_id': run_id}).one()
            # The hits up to this run's own, in order of arrival, within the window before it: a run resumed after its
            # precheck gets the count it got then. (Not by time: two hits whose clocks were read in the other order
            # than they arrived would each count without the other.)
            hit_id, at = int(mine.id), cast(datetime, mine.at)
            count = conn.execute(_HITS_BEFORE, {'ip': key, 'hit_id': hit_id,
                                                'since': at - timedelta(seconds=window_seconds)}).scalar_one()
        return int(count)

    async def hit(self, key: str, now: datetime, window_seconds: int, run_id: str) -> int:
        """Count run `run_id`'s submission from submitter `key` (`Lead.rate_key`) once; the submitter's count.

        The count is of the submissions that arrived before this one within the window, and this one. Asked again
        for the same run (a run resumed after its precheck), it counts as it did the first time: the run's own hit,
        no second one, and none of the hits that came after it.
        """
        try:
            return await self.db.run(self._hit, key, now, window_seconds, run_id)
        except IntegrityError:  # the same run counted at once elsewhere (the unique run id): read what it stored
            return await self.db.run(self._hit, key, now, window_seconds, run_id)

    def _forget_hit(self, run_id: str) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(delete(ip_hits).where(ip_hits.c.run_id == run_id))

    async def forget_hit(self, run_id: str) -> None:
        """Take run `run_id`'s submission out of its submitter's count (a copy of a run already triaged)."""
        await self.db.run(self._forget_hit, run_id)

    # dedupe --------------------------------------------------------------------------------------
    def _claim(self, key: str, delivery_id: str | None, run_id: str, now: datetime, window_hours: float) -> str | None:
        eng = self.db.engine
        # Claimed where not claimed yet (ON CONFLICT DO NOTHING): a claim already there is read, not met as an error.
        # The host claims each webhook's delivery before its run's triage claims it again: a failed insert per run
        # wrote an ERROR to PostgreSQL's log for every lead (helper-111) and cost a rollback.
        claim_delivery, claim_key = _CLAIMS[eng.dialect.name == 'postgresql']
        if delivery_id:
            with eng.begin() as conn:
                claimed = conn.execute(claim_delivery, {'delivery_id': delivery_id, 'run_id': run_id,
                                                        'claimed_at': now}).first()
                first = run_id if claimed else conn.execute(_DELIVERY_OWNER, {'delivery_id': delivery_id}).scalar_one()
            if first != run_id:  # a host may have claimed the delivery for this very run before triage
                return first
        with eng.begin() as conn:
            if conn.execute(claim_key, {'key': key, 'run_id': run_id, 'claimed_at': now}).first():
                return None
        cutoff = now - timedelta(hours=window_hours)
        with eng.begin() as conn:
            # Re-claim a key older than the window in one conditional UPDATE: only one racer can win it.
            won = conn.execute(_RECLAIM_KEY, {'b_key': key, 'b_cutoff': cutoff, 'run_id': run_id,
                                              'claimed_at': now}).rowcount
            if won == 1:
                return None
            first = conn.execute(_KEY_OWNER, {'key': key}).scalar_one()
        # A resumed run meets its own claim: it is not a duplicate of itself.
        return None if first == run_id else first

    def _write_now(self, fn: Callable[[Connection], T]) -> T:
        """Run `fn` in a write transaction, for the latency-critical accept path.

        On SQLite it polls for the write lock every half millisecond instead of through SQLite's busy handler,
        whose sleeps grow to 25–100 ms while a worker keeps taking the lock between them. `fn` must write first,
        so a busy answer means nothing was done and `fn` runs again.
        """
        if self.db.engine.dialect.name != 'sqlite':
            with self.db.engine.begin() as conn:
                return fn(conn)
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        with self.db.engine.connect() as conn:
            conn.exec_driver_sql('PRAGMA busy_timeout=0')
            conn.commit()
            try:
                while True:
                    try:
                        with conn.begin():
                            return fn(conn)
                    except OperationalError as e:
                        busy = getattr(e.orig, 'sqlite_errorcode', 0) & 0xFF == sqlite3.SQLITE_BUSY
                        if not busy or time.monotonic() > deadline:
                            raise
                    time.sleep(0.0005)
            finally:
                conn.exec_driver_sql(f'PRAGMA busy_timeout={BUSY_TIMEOUT_MS}')
                conn.commit()

    def _accept(self, items: list[tuple[RunRecord, str | None]], enqueue: Enqueue,
                raw: Mapping[str, RawBody]) -> list[str | None]:
        """One transaction for many submissions: claim each delivery id, store the new ones and `enqueue` them."""
        postgres = self.db.engine.dialect.name != 'sqlite'
        upsert = postgresql_insert if postgres else sqlite_insert
        # Sorted: transactions committing side by side (the host's, on PostgreSQL) lock the ids they claim in one
        # order, so two that claim the same ones wait for each other instead of deadlocking.
        claims = sorted(({'delivery_id': delivery_id, 'run_id': record.run_id, 'claimed_at': record.received_at}
                         for record, delivery_id in items if delivery_id), key=lambda claim: claim['delivery_id'])

        def store(conn: Connection) -> list[str | None]:
            owners: dict[str, str] = {}
            if claims:  # the first claim of a delivery id wins, within the batch as across batches
                if postgres:
                    # A claim another transaction holds uncommitted (a resend stored side by side; a host stopped
                    # in the middle of its commit, whose locks PostgreSQL keeps) is waited on this long, then the
                    # batch fails as the database being busy (503: the vendor sends it again). Without a limit,
                    # three such batches held every commit slot of the host and it stored nothing (helper-51).
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{CLAIM_LOCK_WAIT_MS}ms'")
                conn.execute(upsert(deliveries).on_conflict_do_nothing(index_elements=[deliveries.c.delivery_id]),
                             claims)
                if postgres:
                    # The rest as before: the database's or role's own setting (none: a hang is waited out).
                    conn.exec_driver_sql('SET LOCAL lock_timeout TO DEFAULT')
                rows = conn.execute(select(deliveries.c.delivery_id, deliveries.c.run_id)
                                    .where(deliveries.c.delivery_id.in_({c['delivery_id'] for c in claims})))
                owners = {delivery_id: run_id for delivery_id, run_id in rows}
            firsts = [owners[delivery_id] if delivery_id and owners[delivery_id] != record.run_id else None
                      for record, delivery_id in items]
            new = [record for (record, _), first in zip(items, firsts, strict=True) if first is None]
            if new:
                # A body once, however many of its runs are new (none new: a replay, whose first runs have it).
                bodies = {body.key: body.row() for r in new if (body := raw.get(r.run_id)) is not None}
                if bodies:
                    conn.execute(insert(raw_bodies), list(bodies.values()))
                conn.execute(insert(runs), [{'run_id': r.run_id, **run_row(r),
                                             'raw_key': body.key if (body := raw.get(r.run_id)) else None}
                                            for r in new])
                enqueue(conn, new)
            return firsts

        return self._write_now(store)

    async def accept(self, items: list[tuple[RunRecord, str | None]], enqueue: Enqueue,
                     raw: Mapping[str, RawBody] | None = None) -> list[str | None]:
        """Store submissions and `enqueue` the new ones in one transaction; for a replayed delivery id, the first run's id.

        `enqueue(connection, records)` writes on the same connection (the durable engine's queue lives in this
        database), so a submission is either stored and queued or neither. `raw` maps run ids to the raw body each
        came from, stored in the same transaction (once, for several runs of one body).
        """
        return await self.db.run(self._accept, items, enqueue, raw or {})

    async def claim(self, dedupe_key: str, delivery_id: str | None, run_id: str, now: datetime,
                    window_hours: float) -> str | None:
        """Atomically claim a submission for `run_id`; return the earlier run's id when it is a duplicate."""
        return await self.db.run(self._claim, dedupe_key, delivery_id, run_id, now, window_hours)

    def _claimed_by(self, key: str, run_id: str, now: datetime, window_hours: float) -> str | None:
        with self.db.engine.connect() as conn:
            first = conn.execute(_KEY_OWNER_SINCE, {'key': key, 'since': now - timedelta(hours=window_hours)}
                                 ).scalar_one_or_none()
        return None if first == run_id else first

    async def claimed_by(self, dedupe_key: str, run_id: str, now: datetime, window_hours: float) -> str | None:
        """The earlier run that claimed this submission within the window, without claiming it (None: nobody else)."""
        return await self.db.run(self._claimed_by, dedupe_key, run_id, now, window_hours)


# The per-run statements, built once: building one (and its cache key) costs more CPU than SQLite takes to run it.
_h, _d, _k = ip_hits.c, deliveries.c, dedupe_keys.c
_HIT_LOCK = text('SELECT pg_advisory_xact_lock(hashtext(:key))')
_MY_HIT = select(_h.id, _h.at).where(_h.run_id == bindparam('run_id'))
_ADD_HIT = insert(ip_hits)
_HITS_BEFORE = select(func.count()).select_from(ip_hits).where(
    _h.ip == bindparam('ip'), _h.id <= bindparam('hit_id'), _h.at > bindparam('since'))
_CLAIMS = {postgres: (make(deliveries).on_conflict_do_nothing(index_elements=[_d.delivery_id]).returning(_d.run_id),
                      make(dedupe_keys).on_conflict_do_nothing(index_elements=[_k.key]).returning(_k.run_id))
           for postgres, make in ((False, sqlite_insert), (True, postgresql_insert))}
"""Keyed by "is PostgreSQL": the claims of a delivery id and of a dedupe key, each skipped if claimed (no row returned
then: psycopg reports no row count for a skipped insert)."""
_DELIVERY_OWNER = select(_d.run_id).where(_d.delivery_id == bindparam('delivery_id'))
_RECLAIM_KEY = update(dedupe_keys).where(_k.key == bindparam('b_key'), _k.claimed_at <= bindparam('b_cutoff'))
"""Parameters: the key and cutoff (b_key, b_cutoff), and the new run_id and claimed_at."""
_KEY_OWNER = select(_k.run_id).where(_k.key == bindparam('key'))
_KEY_OWNER_SINCE = select(_k.run_id).where(_k.key == bindparam('key'), _k.claimed_at > bindparam('since'))
