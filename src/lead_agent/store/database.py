"""One SQLAlchemy engine (SQLite file by default, PostgreSQL by URL) and the threads its blocking calls run on."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import sqlite3
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, func, make_url, select
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import StaticPool

from ..exceptions import ConfigError

__all__ = ('BUSY_TIMEOUT_MS', 'CHECKPOINT_EVERY', 'DATABASE_AWAY', 'IN_AT_ONCE', 'Database', 'batches',
           'database_away', 'database_clock', 'database_error', 'name_errors')

T = TypeVar('T')
log = logging.getLogger('lead_agent.store')

_PG_INT_MAX = 2_147_483_647
_IDLE_SET = 'lead_agent_idle_in_transaction'  # in a connection record's info: the connection that has it
_RETURNED = 'lead_agent_returned'  # in a connection record's info: when (monotonic) it was last given back
PING_IDLE_AFTER = 1.0
"""Seconds a pooled PostgreSQL connection may have lain unused before its next checkout pings it first."""
_IDLE_IN_TRANSACTION = ("SELECT set_config('idle_in_transaction_session_timeout', %s, false) "
                        "WHERE current_setting('idle_in_transaction_session_timeout') = '0'")

_AUTOCHECKPOINT = 'lead_agent_wal_autocheckpoint'  # in a connection record's info: the threshold it was given
_SQLITE_AUTOCHECKPOINT = 1000  # SQLite's own: a commit that takes the WAL past 1,000 pages checkpoints it

BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite write waits for another connection's lock."""
DATABASE_AWAY = (OperationalError, InterfaceError, PoolTimeout)
"""The errors of a database that is away or hung (every pooled connection waiting on it): worth trying again later."""
CHECKPOINT_EVERY = 1.0
"""Seconds between two WAL checkpoints while `Database.checkpointing` holds them out of the process's commits."""
IN_AT_ONCE = 1000
"""Values one statement's `IN (...)` list takes: PostgreSQL allows at most 65,535 parameters a statement (helper-95:
an erasure of 20,000 runs failed)."""


def batches(values: Sequence[T], size: int = IN_AT_ONCE) -> Iterator[Sequence[T]]:
    """`values` in slices of at most `size`, for statements that take them all as parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _engine(url: str) -> Engine:
    given = url
    if '://' not in url:  # a bare path, or a URL with its scheme cut: SQLAlchemy's "could not parse" says neither
        shown = url if '@' not in url else '…'  # user:password@host/db: the password stays out of the message
        raise ConfigError(f'database URL {shown!r} (--db or DATABASE_URL) has no scheme: a SQLite file is '
                          f'sqlite:///{"PATH" if "@" in url else os.path.abspath(url)}, a PostgreSQL database '
                          'postgresql://USER:PASSWORD@HOST/DB')
    if url.startswith(('postgresql://', 'postgres://')):
        url = 'postgresql+psycopg://' + url.split('://', 1)[1]
    try:
        if url in ('sqlite://', 'sqlite:///:memory:'):
            return create_engine(url, connect_args={'check_same_thread': False}, poolclass=StaticPool)
        # The durable-run engine shares this pool (its queue and checkpoints live here): room for both, kept open
        # (connections over `pool_size` are closed on return, and a run checks out one per step). No ping per
        # checkout: it was one round trip in four; a connection that lay idle is pinged (`_ping_idle`).
        engine = create_engine(url, pool_pre_ping=False, pool_size=20, max_overflow=10)
    except ModuleNotFoundError as e:
        if not url.startswith('postgresql'):  # only PostgreSQL and SQLite are supported; no extra adds another
            raise ConfigError(f'database URL {_shown(given)} (--db or DATABASE_URL): not supported (driver '
                              f'{e.name} missing); use sqlite:///FILE or postgresql://…') from None
        raise ConfigError(f'database URL {url.split(":", 1)[0]}://… (--db or DATABASE_URL): driver missing ({e.name}); '
                          "install the extra: pip install 'lead-agent[postgres]'") from None
    except Exception as e:  # SQLAlchemy raises ArgumentError and friends for a bad URL
        raise ConfigError(f'database URL {_shown(given)} (--db or DATABASE_URL) is not usable: {e}') from None
    name_errors(engine, given)
    if engine.dialect.name == 'postgresql':
        _ping_idle(engine)
    if engine.dialect.name == 'sqlite':
        @event.listens_for(engine, 'connect')
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:  # pyright: ignore[reportUnusedFunction]
            cur = dbapi_conn.cursor()
            cur.execute(f'PRAGMA busy_timeout={BUSY_TIMEOUT_MS}')  # first: the journal mode waits for a lock too
            _wal(cur)
            cur.execute('PRAGMA synchronous=NORMAL')
            cur.close()
    return engine


def _ping_idle(engine: Engine) -> None:
    """Ping a pooled connection unused for `PING_IDLE_AFTER` seconds as it is handed out: a dead one is replaced.

    Without a ping, a restarted server's first requests met the pool's dead connections: the host answered 503 to each
    submission that drew one (helper-206: 4 of 4 concurrent, 20 s after a restart, while /healthz said 200), until
    the first failure had SQLAlchemy replace the pool. A busy connection is given out again within milliseconds and
    is not pinged (a ping per checkout was a round trip in four, issue 14).
    """
    dialect = engine.dialect

    def returned(_dbapi_conn: Any, record: Any) -> None:
        record.info[_RETURNED] = time.monotonic()

    def checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_RETURNED)
        if since is None or time.monotonic() - since < PING_IDLE_AFTER:
            return
        try:
            dialect.do_ping(dbapi_conn)
        except dialect.loaded_dbapi.Error as e:
            if dialect.is_disconnect(e, dbapi_conn, None):  # the pool opens a new connection in its place
                raise DisconnectionError(f'pooled connection gone: {type(e).__name__}') from e
            raise

    event.listen(engine, 'checkin', returned)
    event.listen(engine, 'checkout', checkout)


def _wal(cur: Any) -> None:
    """Put a SQLite file in WAL mode (kept in the file: a no-op after the first time), waiting out a busy file.

    SQLite answers busy at once, past its busy timeout, while another connection rebuilds the WAL index (a process
    opening the file after the last one closed it): a worker's new connection failed so (`database is locked`).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute('PRAGMA journal_mode=WAL')
            return
        except sqlite3.OperationalError as e:
            if 'locked' not in str(e) and 'busy' not in str(e) or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def _shown(url: str) -> str:
    """The URL with its password hidden, or its scheme alone when it does not parse."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split('://', 1)[0] + '://…'


_URL_ATTRIBUTE = 'lead_agent_database'


def name_errors(engine: Engine, url: str) -> None:
    """Mark the errors of `engine` with `url`, password hidden, for `database_error` (a driver's error names none)."""
    shown = _shown(url)

    def mark(ctx: ExceptionContext) -> None:
        if ctx.sqlalchemy_exception is not None:
            setattr(ctx.sqlalchemy_exception, _URL_ATTRIBUTE, shown)

    event.listen(engine, 'handle_error', mark)


def database_away(error: BaseException) -> bool:
    """Whether an error says the database is away, hung or refusing for now (worth trying again later).

    Not that a statement is wrong: one of `DATABASE_AWAY`, or a driver error on which SQLAlchemy found the connection
    cut. The engine and the web host answer by it alike (the host took a pool timeout for a bug: a 500).
    """
    return isinstance(error, DATABASE_AWAY) or (isinstance(error, DBAPIError) and error.connection_invalidated)


async def through_outage(call: Callable[[], Awaitable[T]], give_up_after: float, *, first: float, longest: float,
                          said: Callable[[Exception, float], None] | None = None) -> T:
    """`call()`, tried again while the database is away, for `give_up_after` seconds; then its error.

    The waits start at `first` and double up to `longest` seconds; `said(error, wait)` is called before each.
    """
    loop = asyncio.get_running_loop()
    give_up, wait = loop.time() + give_up_after, first
    while True:
        try:
            return await call()
        except DATABASE_AWAY as e:
            if loop.time() + wait > give_up:
                raise
            if said is not None:
                said(e, wait)
            await asyncio.sleep(wait)
            wait = min(wait * 2, longest)


def database_error(e: SQLAlchemyError) -> str:
    """One line for a database error: the database's URL (password hidden) and the driver's first line, no SQL.

    An error of SQLAlchemy's own (the pool's wait for a connection timed out) has no driver error: its first line.
    """
    where = getattr(e, _URL_ATTRIBUTE, None) or 'the database'
    cause = e.orig if isinstance(e, DBAPIError) else e
    reason = next((line.strip() for line in str(cause).splitlines() if line.strip()), type(cause).__name__)
    return f'cannot use {where}: {reason}'


def _reason(e: Exception) -> str:
    return database_error(e) if isinstance(e, SQLAlchemyError) else f'{type(e).__name__}: {e}'


def database_clock(conn: Connection) -> datetime:
    """The time by the database's clock.

    PostgreSQL's, which every process that shares it reads alike whatever its own clock says; a SQLite file's is
    this machine's, the clock of every process that opens it.
    """
    if conn.dialect.name == 'postgresql':
        return conn.execute(select(func.clock_timestamp())).scalar_one()
    return datetime.now(UTC)


_THREAD_PREFIX = 'lead-agent-db'


class Database:
    """One engine shared by the stores, the local CRM, the outboxes and the durable-run queue.

    Opening one touches nothing: the schema is made or checked by `lead_agent.store.prepare` (and moved on by
    `lead-agent db upgrade`).
    """

    def __init__(self, url: str = 'sqlite:///lead_agent.db') -> None:
        self.url = url
        self.engine = _engine(url)
        self._ends_idle = False
        # Threads of its own: not the loop's default pool, which a slow vendor SDK can fill (and which DBOS
        # replaces with one it shuts down when it stops).
        self._threads = ThreadPoolExecutor(max_workers=16, thread_name_prefix=_THREAD_PREFIX)
        self._running: set[Future[Any]] = set()  # its calls in its threads, which `dispose` lets end
        self._running_lock = threading.Lock()
        self._autocheckpoint: int | None = None  # None: SQLite's threshold, no listener (`checkpointing`)
        self._checkpointer: asyncio.Task[None] | None = None
        self._checkpointing = 0  # how many `checkpointing` blocks are open (a host's lifespan entered twice)

    def __repr__(self) -> str:
        return f'Database({self.engine.url.render_as_string(hide_password=True)!r})'

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking database function off the event loop."""
        call = partial(contextvars.copy_context().run, fn, *args)
        future: Future[T] = self._threads.submit(call)
        with self._running_lock:
            self._running.add(future)
        future.add_done_callback(self._ended)
        return await asyncio.wrap_future(future)

    def _ended(self, future: Future[Any]) -> None:
        with self._running_lock:
            self._running.discard(future)

    def end_idle_transactions(self, seconds: float) -> None:
        """On PostgreSQL, have the server end a session of this process left idle inside a transaction for `seconds`.

        A process frozen (SIGSTOP, a paused VM) between two statements of a transaction holds its row locks: the
        channel's rate counter stopped every worker taking over its runs until it woke (helper-93's frozen worker).
        Set with `set_config` on each connection, when it is opened or, if opened before, first checked out (not
        libpq's `options`, which PgBouncer refuses and which hides `PGOPTIONS`: helper-95), and only where the server's,
        the role's or `PGOPTIONS`' value is 0 (off). For the engine of a process that executes runs: its transactions
        last milliseconds. A connection that cannot take it is used without it (the server was going away, say).
        """
        if self.engine.dialect.name != 'postgresql' or self._ends_idle:
            return
        self._ends_idle = True
        ms = str(min(max(1, round(seconds * 1000)), _PG_INT_MAX))  # a month of dead_after overflowed it: helper-95

        def _set(dbapi_conn: Any, record: Any, *_: Any) -> None:
            if record.info.get(_IDLE_SET) == id(dbapi_conn):
                return
            record.info[_IDLE_SET] = id(dbapi_conn)
            try:
                with dbapi_conn.cursor() as cur:
                    cur.execute(_IDLE_IN_TRANSACTION, (ms,))
                dbapi_conn.commit()
            except Exception as e:  # raised from a pool event, it would leave the new connection open and unowned
                with contextlib.suppress(Exception):
                    dbapi_conn.rollback()
                log.warning('idle_in_transaction_session_timeout could not be set on a connection: %s', e)

        # No pool disposal to reach the pooled connections: it orphans those checked out, left open (a CI run saw one)
        event.listen(self.engine, 'connect', _set)
        event.listen(self.engine, 'checkout', _set)

    @contextlib.asynccontextmanager
    async def checkpointing(self, every: float = CHECKPOINT_EVERY) -> AsyncGenerator[None]:
        """On SQLite, while open: this process's commits copy no WAL into the file; a task does it every `every` s.

        A commit that takes the write-ahead log past 1,000 pages checkpoints it before it returns: it copies the log
        into the database file and syncs both. Whoever waits on that commit waits for the copy too. Under a burst,
        about one of the webhook host's accepting transactions in ten took 6-10 ms instead of under one, and each of
        its submissions waited that long for its answer. The host holds this open while it runs. Its checkpoints then
        run apart, in one of these threads, and wait for no reader or writer (`PASSIVE`). Processes that do not hold
        it (workers) checkpoint in their commits, as SQLite does. On leaving, the log is checkpointed once more and
        the process's connections checkpoint in their commits again. A no-op on PostgreSQL.
        """
        if self.engine.dialect.name != 'sqlite' or self.engine.url.database in (None, '', ':memory:'):
            yield
            return
        if self._autocheckpoint is None:  # the connections opened from now on, and those in the pool at their checkout
            event.listen(self.engine, 'connect', self._give_autocheckpoint)
            event.listen(self.engine, 'checkout', self._give_autocheckpoint)
        self._checkpointing += 1
        if self._checkpointing == 1:
            self._autocheckpoint = 0
            self._checkpointer = asyncio.create_task(self._checkpoints(every))
        try:
            yield
        finally:
            self._checkpointing -= 1
            if self._checkpointing == 0 and self._checkpointer is not None:
                self._checkpointer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._checkpointer
                self._autocheckpoint, self._checkpointer = _SQLITE_AUTOCHECKPOINT, None
                try:
                    await self.run(self.checkpoint)
                except Exception as e:  # the next commit past the threshold does it
                    log.warning('could not checkpoint the WAL on the way out: %s', _reason(e))

    def _give_autocheckpoint(self, dbapi_conn: Any, record: Any, *_: Any) -> None:
        want = self._autocheckpoint
        if want is not None and record.info.get(_AUTOCHECKPOINT, _SQLITE_AUTOCHECKPOINT) != want:
            dbapi_conn.execute(f'PRAGMA wal_autocheckpoint={int(want)}')
            record.info[_AUTOCHECKPOINT] = want

    async def _checkpoints(self, every: float) -> None:
        failing = False
        while True:
            await asyncio.sleep(every)
            try:
                await self.run(self.checkpoint)
            except Exception as e:  # said once while it lasts; the log waits for the next one, never the commits
                if not failing:
                    log.warning('could not checkpoint the WAL (trying again every %.0f s): %s', every, _reason(e))
                failing = True
            else:
                if failing:
                    log.warning('the WAL checkpoints again')
                failing = False

    def checkpoint(self) -> tuple[int, int, int]:
        """SQLite: copy the WAL's committed pages into the database file, waiting for nobody (`PASSIVE`).

        Returns SQLite's answer: (1 if it was blocked, pages in the log, pages checkpointed), as
        `PRAGMA wal_checkpoint` gives them.
        """
        with self.engine.connect() as conn:
            busy, pages, copied = conn.exec_driver_sql('PRAGMA wal_checkpoint(PASSIVE)').one()
        return int(busy), int(pages), int(copied)

    def dispose(self, *, wait: float = 5.0) -> None:
        """Close every pooled connection (the next call opens new ones).

        Calls still running in its threads are waited for first, up to `wait` seconds: a call whose awaiting task was
        cancelled (a stopping engine's heartbeat) goes on in its thread, and the connection it held at the disposal
        went back to the old pool, never closed (psycopg's "deleted while still open" when it was collected: CI saw
        it in unrelated tests).
        """
        # Not from inside a call (one of its threads): it would wait for itself
        if not threading.current_thread().name.startswith(_THREAD_PREFIX):
            with self._running_lock:
                running = list(self._running)
            if running:
                wait_for_futures(running, timeout=wait)
        self.engine.dispose()

    async def adispose(self, *, wait: float = 5.0) -> None:
        """`dispose`, off the event loop: waiting for the calls still running stalls nothing else."""
        await asyncio.to_thread(self.dispose, wait=wait)
