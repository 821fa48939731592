"""The store on SQLAlchemy 2: SQLite file by default, PostgreSQL by URL; schema created on first use.

Holds the eval log (one row per run), dedupe keys and delivery ids (unique constraints, so concurrent
duplicates cannot both win), rate-limit hits, the review queue, the outbox and the local CRM tables.
Calls are synchronous SQLAlchemy run in a worker thread, so the pipeline's event loop never blocks.
"""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool

from .exceptions import ConfigError, LeadAgentError
from .models import ReviewItem, RunRecord

__all__ = ('Database', 'Enqueue', 'SqlStore', 'UtcDateTime', 'metadata', 'write_outbox')

T = TypeVar('T')
Enqueue = Callable[[Connection, list[RunRecord]], None]
"""Queues accepted runs on the accept transaction's connection."""


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Store UTC (naive on SQLite, which keeps no zone)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError('naive datetime given to the store')
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == 'sqlite' else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Read back an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

runs = Table(
    'runs', metadata,
    Column('run_id', String(40), primary_key=True),
    Column('dedupe_key', String(64), index=True, nullable=False),
    Column('received_at', UtcDateTime, index=True, nullable=False),
    Column('state', String(20), index=True, nullable=False),
    Column('record', Text, nullable=False),
)
dedupe_keys = Table(
    'dedupe_keys', metadata,
    Column('key', String(64), primary_key=True),
    Column('run_id', String(40), nullable=False),
    Column('claimed_at', UtcDateTime, nullable=False),
)
deliveries = Table(
    'deliveries', metadata,
    Column('delivery_id', String(200), primary_key=True),
    Column('run_id', String(40), nullable=False),
)
executors = Table(
    'executors', metadata,
    Column('executor_id', String(120), primary_key=True),
    Column('seen_at', UtcDateTime, nullable=False),
)
ip_hits = Table(
    'ip_hits', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('ip', String(45), index=True, nullable=False),
    Column('at', UtcDateTime, index=True, nullable=False),
)
review_items = Table(
    'review_items', metadata,
    Column('run_id', String(40), primary_key=True),
    Column('reason', Text, nullable=False),
    Column('status', String(10), index=True, nullable=False),
    Column('created_at', UtcDateTime, nullable=False),
    Column('decided_by', String(200)),
    Column('decided_to', String(20)),
    Column('decided_at', UtcDateTime),
)
outbox = Table(
    'outbox', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('run_id', String(40), nullable=False),
    Column('kind', String(20), nullable=False),
    Column('target', String(320), nullable=False),
    Column('payload', Text, nullable=False),
    Column('created_at', UtcDateTime, nullable=False),
    UniqueConstraint('run_id', 'kind', name='uq_outbox_run_kind'),
)
crm_contacts = Table(
    'crm_contacts', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('email', String(320), unique=True, nullable=False),
    Column('name', String(500), nullable=False),
    Column('company', String(500), nullable=False),
    Column('run_id', String(40), nullable=False),
    Column('created_at', UtcDateTime, nullable=False),
)
crm_notes = Table(
    'crm_notes', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('contact_id', Integer, ForeignKey('crm_contacts.id'), nullable=False),
    Column('run_id', String(40), nullable=False),
    Column('body', Text, nullable=False),
    Column('created_at', UtcDateTime, nullable=False),
    UniqueConstraint('contact_id', 'run_id', name='uq_note_contact_run'),
)
crm_history = Table(
    'crm_history', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('email', String(320), index=True),
    Column('domain', String(255), index=True),
    Column('date', String(10), nullable=False),
    Column('type', String(20), nullable=False),
    Column('summary', Text, nullable=False),
    Column('owner', String(200)),
    Column('lifecycle_stage', String(40)),
)


_BUSY_TIMEOUT_MS = 10_000  # how long a SQLite write waits for another connection's lock


def _engine(url: str) -> Engine:
    if url.startswith(('postgresql://', 'postgres://')):
        url = 'postgresql+psycopg://' + url.split('://', 1)[1]
    try:
        if url in ('sqlite://', 'sqlite:///:memory:'):
            return create_engine(url, connect_args={'check_same_thread': False}, poolclass=StaticPool)
        # The durable-run engine shares this pool (its queue and checkpoints live here): room for both.
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    except ModuleNotFoundError as e:
        raise ConfigError(f'DATABASE_URL {url.split(":", 1)[0]}: driver missing ({e.name}); '
                          "install the extra: pip install 'lead-agent[postgres]'") from None
    except Exception as e:  # SQLAlchemy raises ArgumentError and friends for a bad URL
        raise ConfigError(f'DATABASE_URL is not a usable database URL: {e}') from None
    if engine.dialect.name == 'sqlite':
        @event.listens_for(engine, 'connect')
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:  # pyright: ignore[reportUnusedFunction]
            cur = dbapi_conn.cursor()
            cur.execute('PRAGMA journal_mode=WAL')
            cur.execute(f'PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}')
            cur.execute('PRAGMA synchronous=NORMAL')
            cur.close()
    return engine


class Database:
    """One engine and the schema; shared by the store, the local CRM and the outboxes."""

    def __init__(self, url: str = 'sqlite:///lead_agent.db') -> None:
        self.url = url
        self.engine = _engine(url)
        metadata.create_all(self.engine)
        # Threads of its own: not the loop's default pool, which a slow vendor SDK can fill (and which DBOS
        # replaces with one it shuts down when it stops).
        self._threads = ThreadPoolExecutor(max_workers=16, thread_name_prefix='lead-agent-db')

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking database function off the event loop."""
        call = partial(contextvars.copy_context().run, fn, *args)
        return await asyncio.get_running_loop().run_in_executor(self._threads, call)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


class SqlStore:
    """The `Store` on a `Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # rate limit --------------------------------------------------------------------------------
    def _hit_ip(self, ip: str, now: datetime, window_seconds: int) -> int:
        with self.db.engine.begin() as conn:
            conn.execute(insert(ip_hits).values(ip=ip, at=now))
            since = now - timedelta(seconds=window_seconds)
            count = conn.execute(select(func.count()).where(ip_hits.c.ip == ip, ip_hits.c.at > since)).scalar_one()
        return int(count)

    async def hit_ip(self, ip: str, now: datetime, window_seconds: int) -> int:
        """Record a submission from `ip`; return how many it sent within the window, this one included."""
        return await self.db.run(self._hit_ip, ip, now, window_seconds)

    # dedupe --------------------------------------------------------------------------------------
    def _claim(self, key: str, delivery_id: str | None, run_id: str, now: datetime, window_hours: float) -> str | None:
        eng = self.db.engine
        if delivery_id:
            try:
                with eng.begin() as conn:
                    conn.execute(insert(deliveries).values(delivery_id=delivery_id, run_id=run_id))
            except IntegrityError:
                with eng.connect() as conn:
                    first = conn.execute(
                        select(deliveries.c.run_id).where(deliveries.c.delivery_id == delivery_id)
                    ).scalar_one()
                if first != run_id:  # a host may have claimed the delivery for this very run before triage
                    return first
        try:
            with eng.begin() as conn:
                conn.execute(insert(dedupe_keys).values(key=key, run_id=run_id, claimed_at=now))
            return None
        except IntegrityError:
            pass
        cutoff = now - timedelta(hours=window_hours)
        with eng.begin() as conn:
            # Re-claim a key older than the window in one conditional UPDATE: only one racer can win it.
            won = conn.execute(
                update(dedupe_keys)
                .where(dedupe_keys.c.key == key, dedupe_keys.c.claimed_at <= cutoff)
                .values(run_id=run_id, claimed_at=now)
            ).rowcount
            if won == 1:
                return None
            first = conn.execute(select(dedupe_keys.c.run_id).where(dedupe_keys.c.key == key)).scalar_one()
        # A resumed run meets its own claim: it is not a duplicate of itself.
        return None if first == run_id else first

    def _claim_delivery(self, delivery_id: str, run_id: str) -> str | None:
        try:
            with self.db.engine.begin() as conn:
                conn.execute(insert(deliveries).values(delivery_id=delivery_id, run_id=run_id))
            return None
        except IntegrityError:
            with self.db.engine.connect() as conn:
                return conn.execute(
                    select(deliveries.c.run_id).where(deliveries.c.delivery_id == delivery_id)).scalar_one()

    def _write_now(self, fn: Callable[[Connection], T]) -> T:
        """Run `fn` in a write transaction, for the latency-critical accept path.

        On SQLite it polls for the write lock every half millisecond instead of through SQLite's busy handler,
        whose sleeps grow to 25–100 ms while a worker keeps taking the lock between them. `fn` must write first,
        so a busy answer means nothing was done and `fn` runs again.
        """
        if self.db.engine.dialect.name != 'sqlite':
            with self.db.engine.begin() as conn:
                return fn(conn)
        deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
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
                conn.exec_driver_sql(f'PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}')
                conn.commit()

    def _accept(self, items: list[tuple[RunRecord, str | None]], enqueue: Enqueue) -> list[str | None]:
        """One transaction for many submissions: claim each delivery id, store the new ones and `enqueue` them."""
        upsert = sqlite_insert if self.db.engine.dialect.name == 'sqlite' else postgresql_insert
        claims = [{'delivery_id': delivery_id, 'run_id': record.run_id} for record, delivery_id in items if delivery_id]

        def store(conn: Connection) -> list[str | None]:
            owners: dict[str, str] = {}
            if claims:  # the first claim of a delivery id wins, within the batch as across batches
                conn.execute(upsert(deliveries).on_conflict_do_nothing(index_elements=[deliveries.c.delivery_id]),
                             claims)
                rows = conn.execute(select(deliveries.c.delivery_id, deliveries.c.run_id)
                                    .where(deliveries.c.delivery_id.in_({c['delivery_id'] for c in claims})))
                owners = {delivery_id: run_id for delivery_id, run_id in rows}
            firsts = [owners[delivery_id] if delivery_id and owners[delivery_id] != record.run_id else None
                      for record, delivery_id in items]
            new = [record for (record, _), first in zip(items, firsts, strict=True) if first is None]
            if new:
                conn.execute(insert(runs), [{'run_id': r.run_id, 'dedupe_key': r.dedupe_key,
                                             'received_at': r.received_at, 'state': r.state,
                                             'record': r.model_dump_json()} for r in new])
                enqueue(conn, new)
            return firsts

        return self._write_now(store)

    async def accept(self, items: list[tuple[RunRecord, str | None]], enqueue: Enqueue) -> list[str | None]:
        """Store submissions and `enqueue` the new ones in one transaction; for a replayed delivery id, the first run's id.

        `enqueue(connection, records)` writes on the same connection (the durable engine's queue lives in this
        database), so a submission is either stored and queued or neither.
        """
        return await self.db.run(self._accept, items, enqueue)

    async def claim_delivery(self, delivery_id: str, run_id: str) -> str | None:
        """Claim a vendor delivery id for `run_id`; return the first run's id when it was claimed before."""
        return await self.db.run(self._claim_delivery, delivery_id, run_id)

    async def claim(self, dedupe_key: str, delivery_id: str | None, run_id: str, now: datetime,
                    window_hours: float) -> str | None:
        """Atomically claim a submission for `run_id`; return the earlier run's id when it is a duplicate."""
        return await self.db.run(self._claim, dedupe_key, delivery_id, run_id, now, window_hours)

    # executors (durable runs: lead_agent.runs) ----------------------------------------------------
    def _executors_seen(self, executor_id: str, now: datetime, dead_after: float, collect: bool) -> list[str]:
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

    async def executors_seen(self, executor_id: str, now: datetime, dead_after: float, *,
                             collect: bool = True) -> list[str]:
        """Record that `executor_id` is alive; return (and forget) the executors silent for `dead_after` seconds.

        With `collect=False` only the heartbeat is written. Each dead executor is returned to one caller only.
        """
        return await self.db.run(self._executors_seen, executor_id, now, dead_after, collect)

    def _forget_executor(self, executor_id: str) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(update(executors).where(executors.c.executor_id == executor_id)
                         .values(seen_at=datetime(1970, 1, 1, tzinfo=UTC)))

    async def forget_executor(self, executor_id: str) -> None:
        """Mark an executor gone at once (a clean stop): the next heartbeat elsewhere re-queues what it held."""
        await self.db.run(self._forget_executor, executor_id)

    # runs ----------------------------------------------------------------------------------------
    def _save_run(self, record: RunRecord) -> None:
        values = {'dedupe_key': record.dedupe_key, 'received_at': record.received_at, 'state': record.state,
                  'record': record.model_dump_json()}
        upsert = sqlite_insert if self.db.engine.dialect.name == 'sqlite' else postgresql_insert
        stmt = upsert(runs).values(run_id=record.run_id, **values)
        with self.db.engine.begin() as conn:
            conn.execute(stmt.on_conflict_do_update(index_elements=[runs.c.run_id], set_=values))

    async def save_run(self, record: RunRecord) -> None:
        """Insert or replace the run's record."""
        await self.db.run(self._save_run, record)

    def _get_run(self, run_id: str) -> RunRecord | None:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(runs.c.record).where(runs.c.run_id.startswith(run_id, autoescape=True))
                                .limit(2)).all()
        if len(rows) != 1:
            return None
        return RunRecord.model_validate_json(rows[0][0])

    async def get_run(self, run_id: str) -> RunRecord | None:
        """One run by id (a unique prefix is enough)."""
        return await self.db.run(self._get_run, run_id)

    def _list_runs(self, limit: int) -> list[RunRecord]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(runs.c.record).order_by(runs.c.received_at.desc()).limit(limit)).all()
        return [RunRecord.model_validate_json(r[0]) for r in rows]

    async def list_runs(self, limit: int = 50) -> list[RunRecord]:
        """Recent runs, newest first."""
        return await self.db.run(self._list_runs, limit)

    # review queue -------------------------------------------------------------------------------
    def _enqueue(self, run_id: str, reason: str, now: datetime) -> None:
        try:
            with self.db.engine.begin() as conn:
                conn.execute(insert(review_items).values(run_id=run_id, reason=reason, status='open', created_at=now))
        except IntegrityError:
            pass  # already queued: enqueueing is idempotent

    async def enqueue_review(self, run_id: str, reason: str, now: datetime) -> None:
        """Put a run in the review queue (once)."""
        await self.db.run(self._enqueue, run_id, reason, now)

    def _reopen(self, run_id: str, reason: str, now: datetime) -> None:
        with self.db.engine.begin() as conn:
            done = conn.execute(update(review_items).where(review_items.c.run_id == run_id).values(
                reason=reason, status='open', created_at=now, decided_by=None, decided_to=None, decided_at=None,
            )).rowcount
            if not done:
                conn.execute(insert(review_items).values(run_id=run_id, reason=reason, status='open', created_at=now))

    async def reopen_review(self, run_id: str, reason: str, now: datetime) -> None:
        """Put a run (back) in the queue as open, whatever its item's state was."""
        await self.db.run(self._reopen, run_id, reason, now)

    def _list_review(self, status: str | None) -> list[ReviewItem]:
        q = select(review_items).order_by(review_items.c.created_at)
        if status is not None:
            q = q.where(review_items.c.status == status)
        with self.db.engine.connect() as conn:
            return [ReviewItem.model_validate(dict(r)) for r in conn.execute(q).mappings()]

    async def list_review(self, status: str | None = 'open') -> list[ReviewItem]:
        """Review items, oldest first."""
        return await self.db.run(self._list_review, status)

    def _resolve(self, run_id: str, status: str, decided_to: str | None, decided_by: str, now: datetime) -> ReviewItem:
        with self.db.engine.begin() as conn:
            changed = conn.execute(
                update(review_items)
                .where(review_items.c.run_id == run_id, review_items.c.status == 'open')
                .values(status=status, decided_to=decided_to, decided_by=decided_by, decided_at=now)
            ).rowcount
            row = conn.execute(select(review_items).where(review_items.c.run_id == run_id)).mappings().first()
        if row is None:
            raise LeadAgentError(f'run {run_id} is not in the review queue')
        if not changed:
            raise LeadAgentError(f'run {run_id} was already {row["status"]} by {row["decided_by"]}')
        return ReviewItem.model_validate(dict(row))

    async def resolve_review(self, run_id: str, status: Literal['approved', 'rejected'], decided_to: str | None,
                             decided_by: str, now: datetime) -> ReviewItem:
        """Record a human decision on an open review item (exactly once)."""
        return await self.db.run(self._resolve, run_id, status, decided_to, decided_by, now)

    # outbox ----------------------------------------------------------------------------------------
    def outbox(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Outbox rows (Slack posts and emails the local backends wrote), oldest first."""
        q = select(outbox).order_by(outbox.c.id)
        if kind is not None:
            q = q.where(outbox.c.kind == kind)
        with self.db.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]


def write_outbox(db: Database, run_id: str, kind: str, target: str, payload: str, now: datetime) -> str:
    """Insert one outbox row; a second write for the same run and kind returns the first row's reference."""
    try:
        with db.engine.begin() as conn:
            row_id = conn.execute(insert(outbox).values(run_id=run_id, kind=kind, target=target, payload=payload,
                                                        created_at=now)).inserted_primary_key
        return f'outbox:{row_id[0] if row_id else "?"}'
    except IntegrityError:
        with db.engine.connect() as conn:
            existing = conn.execute(select(outbox.c.id).where(outbox.c.run_id == run_id, outbox.c.kind == kind))
            return f'outbox:{existing.scalar_one()}'
