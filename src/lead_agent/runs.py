"""Durable runs: every accepted submission is a DBOS workflow whose id is the run id (DESIGN §6).

```
accept ──one transaction──▶ runs row + delivery claim + queued workflow     (the host, `lead-agent triage`)
queue  ──any live worker──▶ workflow: precheck · retrieve · classify · decide · each action · record
                            (each a checkpointed step of `pipeline.execute`)
crash  ──heartbeats stop──▶ after `dead_after` s another process re-queues the dead one's runs; they resume
                            after their last finished step
```

The queue lives in the app's own database (SQLite file or PostgreSQL), so accepting a submission and queueing its
run commit together, and `lead-agent triage` needs no server. Starting the same run twice is a no-op: the
workflow id is the run id. A run that ended `failed` (a vendor down past `retry_for`) is forked from its first
failed step by `Engine.retry`; the steps before it are not run again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from importlib.metadata import version
from typing import Any, NamedTuple, TypeVar, cast
from uuid import uuid4

from dbos import DBOS, DBOSClient, SetWorkflowID, WorkflowHandleAsync
from dbos._context import current_owner_xid
from dbos._enqueue_options import EnqueueOptions
from dbos._error import DBOSWorkflowConflictIDError
from sqlalchemy import Connection, case, func, select, text

from ._enqueue import enqueue_many
from ._log_repeats import quiet_repeats
from .backends import checked_by, still_ours
from .deps import TriageDeps
from .exceptions import ConfigError, LeadAgentError
from .guards import dedupe_key
from .models import Lead, RunRecord
from .pipeline import ERASED_WHILE_RUNNING, QUEUED, erased, execute, warm_up
from .shadow import dry_run_deps, shadow_delivery_id
from .store import Executors, RawBody, RunTotals, dbos_tables_exist, dbos_workflows, prune, workflows_ended
from .store.database import through_outage
from .store.runlog import ERASED_FLAG

__all__ = ('CHECK_QUEUE', 'RUN_QUEUE', 'TIDY_AFTER', 'Engine', 'tidy_later')

log = logging.getLogger('lead_agent.runs')

APP_NAME = 'lead-agent'
RUN_QUEUE = 'lead-agent-runs'
WORKFLOW = 'lead_agent.triage'
_VERSION = 'lead-agent-2'
"""The workflow's version: bump it when the order of a run's steps changes (runs in flight resume on their own)."""


def workflow_version() -> str:
    """This release's workflow version (`_VERSION`)."""
    return _VERSION


CHECK_QUEUE = 'lead-agent-checks'
"""The queue of later checks (`tidy_later`): apart from the runs', so they neither wait behind runs nor count as ones."""
TIDY_WORKFLOW = 'lead_agent.tidy_notes'
TIDY_AFTER = (120.0, 900.0, 3600.0)
"""Seconds after a run whose note may have been stored twice (`ContactRef.notes_unsure`) at which its notes are
tidied (`CRM.tidy_notes`), each after the one before: HubSpot may store a create it took minutes later."""
_TIDY_QUEUE_RETRY_MIN = 600.0  # a check tries to queue the next one for at least this long
STRAY_AFTER = 5.0
"""Seconds (at least; `dead_after` if longer) a run must sit PENDING under its live executor, not running there, with
the same execution token, before that executor re-queues it (`Engine._requeue_strays`). A run just dequeued starts
running on the next turn of the event loop that also looks for strays."""
PRUNE_EVERY = 600.0
"""Seconds between two prunings of the intake rows past their windows, by each executing process."""
T = TypeVar('T')
_STILL_FAILING_EVERY = 300.0
"""While heartbeats fail, how often the log says so again (the first failure is logged with its traceback)."""
APPROVAL_STEPS = 3
"""The actions an approval retries one after another (owner, CRM contact, then Slack and email at once)."""
APPROVAL_SLACK = 600.0
"""Seconds past `retry_for` after which an approval that decided its item but never recorded its run is taken to
have been cut off (its process killed), and its item is opened again."""
APPROVALS_LOOKED_AT = timedelta(days=7)
"""How far back `reopen_cut_off_approvals` looks (the decided items' index bounds it)."""
_DBOS_THREADS = 8
"""DBOS's thread pool (its checkpoint reads and writes, and the loop's default executor). Unbounded, it grew to ~50
threads under 200 runs at once, past what the store's pool holds beside the store's own 16 threads: connections over
`pool_size` were opened and closed per step and threads queued for them. With 8, a worker of 7-step no-op runs used
~40% less PostgreSQL CPU per run; `bench/scale.py` (its workers also freezing their start-up heap) 5-12% less CPU
per lead."""

_engine: Engine | None = None  # DBOS runs one instance per process; its workflows find their deps here


_BEING_RETRIED = ('run {short} is being retried already ({workflow}): queued or running. A `lead-agent worker` (or '
                  '`serve`) runs it; one that was stopped mid-way (Ctrl-C) is taken over by a worker once its '
                  'process has been silent for LEAD_AGENT_DEAD_AFTER')


class _Steps:
    """The process's steps in flight (from their start to their checkpoint), and whether new ones may start.

    A stopping worker waits for its runs up to a deadline, then hands the rest to the others. A step cut there may have
    done its work unrecorded: an acknowledgement the mail server delivered after the cut was sent again by the run's
    next owner (helper-202: 1 to 4 leads mailed twice a stop, with a mail server that answered in 12 s). So past its
    deadline the stop lets no step start (`close`) and waits for those in flight, each bounded by its own timeout, to be
    recorded.
    """

    in_flight: int = 0
    closed: bool = False

    @classmethod
    def open(cls) -> None:
        """Let steps start (an engine starting in the process)."""
        cls.closed = False

    @classmethod
    def close(cls) -> None:
        """Let no step start: the run's next owner runs it."""
        cls.closed = True

    @classmethod
    @contextlib.asynccontextmanager
    async def one(cls) -> AsyncGenerator[None]:
        """A step's run, counted; refused once the process stops taking steps.

        Refused as a cancel: the run's workflow ends here without a record (DBOS records nothing for a cancelled task)
        and stays PENDING for the run's next owner, which takes it from its last recorded step.
        """
        if cls.closed:
            raise asyncio.CancelledError('the process is stopping: the run goes on elsewhere')
        cls.in_flight += 1
        try:
            yield
        finally:
            cls.in_flight -= 1


class _DbosSteps:
    """`pipeline.Steps` as DBOS steps: outputs checkpointed, sleeps durable."""

    durable = True

    def __init__(self, *, resumed: bool) -> None:
        self.resumed = resumed
        self.replayed = False

    async def run(self, name: str, fn: Callable[[], Awaitable[Any]], *, checkpoint: bool = True) -> Any:
        if not checkpoint:  # the record: a stalled execution whose run another finished (and a person decided
            async with _Steps.one():  # since) must not write over it (helper-94)
                await still_ours()
                return await fn()
        ran = False

        async def step() -> Any:
            nonlocal ran
            ran = True
            await still_ours()  # a process that stalled while another took the run over stops here
            return await fn()

        async with _Steps.one():
            out = await DBOS.run_step_async({'name': name}, step)
        self.replayed = self.replayed or not ran  # its output was the checkpoint's: an earlier execution ran it
        return out

    async def clock(self) -> float:
        return await DBOS.run_step_async({'name': 'clock'}, _epoch)

    async def sleep(self, seconds: float) -> None:
        await DBOS.sleep_async(seconds)

    async def patched(self, name: str) -> bool:
        return await DBOS.patch_async(name)


def _epoch() -> float:
    return datetime.now(UTC).timestamp()


def _this_engine() -> Engine:
    """The engine whose DBOS runs this workflow."""
    if _engine is None:  # pragma: no cover - DBOS only runs workflows after Engine.start
        raise LeadAgentError('no lead-agent engine in this process')
    return _engine


@DBOS.workflow(name=WORKFLOW)
async def _triage_workflow(run_id: str, lead_json: str, received_at: str, dry_run: bool = False) -> str:
    engine = _this_engine()
    # A fork made by `Engine.retry` has its own workflow id; the run (and its record) keep the run id.
    steps = _DbosSteps(resumed=DBOS.workflow_id != run_id)
    # The flag is the run's input, so a dry run stays dry wherever it resumes (a live worker included).
    deps = engine.dry_run_deps if dry_run else engine.deps
    with checked_by(engine.owner_check(workflow_id := DBOS.workflow_id or run_id, current_owner_xid(workflow_id))):
        rec = await execute(Lead.model_validate_json(lead_json), deps, run_id=run_id,
                            received_at=datetime.fromisoformat(received_at), steps=steps)
    engine.finished(rec)
    return rec.state


@DBOS.workflow(name=TIDY_WORKFLOW)
async def _tidy_workflow(run_id: str, contact_id: str, check: int) -> int:
    """One of a run's later note checks (`tidy_later`); queues the next one. How many notes it archived."""
    engine = _this_engine()
    tidy = getattr(engine.deps.crm, 'tidy_notes', None)  # a CRM written before `CRM.tidy_notes`: nothing to check
    if tidy is None or await erased(engine.deps, run_id):  # its person erased: their contact is not searched again
        return 0
    # Short: `Engine.stop` waits for it. A failure (HubSpot's) is not retried here: the later checks still come.
    try:
        archived: int = await DBOS.run_step_async({'name': 'crm.tidy_notes'}, tidy, contact_id, run_id)
    except Exception as e:
        log.warning('run %s: its notes on CRM contact %s could not be checked for a duplicate (%s)', run_id[:12],
                    contact_id, type(e).__name__)
        archived = 0
    if archived:
        log.warning('run %s: %d duplicate note(s) archived on CRM contact %s (a note create HubSpot answered late)',
                    run_id[:12], archived, contact_id)
    delays = engine.tidy_after
    # Queued again when the workflow resumes: the same id, so once. Not for a person erased meanwhile (helper-94: an
    # erasure that waited for this check found the next one only by luck).
    if check + 1 < len(delays) and not await erased(engine.deps, run_id):
        await _queue_next_tidy(engine, run_id, contact_id, check + 1, delays[check + 1])
    return archived


async def _queue_next_tidy(engine: Engine, run_id: str, contact_id: str, check: int, delay: float) -> None:
    """Queue a run's next check, trying again while the database is away.

    The engine's client fails at once then (a health check must answer); a check tries again with backoff for up to
    `retry_for` (at least `_TIDY_QUEUE_RETRY_MIN`), so a blip does not end the run's checks.
    """
    def said(e: Exception, wait: float) -> None:
        log.warning('run %s: its note check %d could not be queued (%s); trying again in %.0f s', run_id[:12], check,
                    type(e).__name__, wait)

    await through_outage(lambda: _queue_tidy(engine.client, run_id, contact_id, check, delay),
                          max(engine.deps.retry_for, _TIDY_QUEUE_RETRY_MIN), first=1.0, longest=60.0, said=said)


def _tidy_options(run_id: str, check: int, delay: float) -> EnqueueOptions:
    # No version: DBOS gives a workflow queued without one to the workers of the latest release, so a check queued
    # (up to an hour ahead) before a release that bumps `_VERSION` is not left for workers that are gone.
    return EnqueueOptions(workflow_name=TIDY_WORKFLOW, queue_name=CHECK_QUEUE, workflow_id=tidy_id(run_id, check),
                          delay_seconds=delay)


def tidy_id(run_id: str, check: int) -> str:
    """The workflow id of a run's later note check (0, 1, 2: one per `TIDY_AFTER`)."""
    return f'{run_id}.notes{check}'


async def _queue_tidy(client: DBOSClient, run_id: str, contact_id: str, check: int, delay: float) -> None:
    await client.enqueue_async(_tidy_options(run_id, check, delay), run_id, contact_id, check)


async def tidy_later(deps: TriageDeps, run_id: str, contact_id: str) -> bool:
    """Queue the later note checks of a run whose note may have been stored twice; False when nothing can run them.

    Through this process's engine when it has one (the workflow's own queue), else through a client of the
    database's engine tables (an approval from `lead-agent review approve`). Queueing it again changes nothing.
    """
    engine = _engine
    if engine is not None and engine.deps.db is deps.db and engine.started:
        await _queue_tidy(engine.client, run_id, contact_id, 0, engine.tidy_after[0])
        engine.checks_queued += 1
        return True

    def queue() -> bool:
        if not dbos_tables_exist(deps.db.engine):
            return False  # no engine ever ran on this database: nothing would run the check
        client = DBOSClient(system_database_engine=deps.db.engine, application_name=APP_NAME)
        try:
            client.enqueue(_tidy_options(run_id, 0, TIDY_AFTER[0]), run_id, contact_id, 0)
        finally:
            client.destroy()
        return True

    return await asyncio.to_thread(queue)


class Engine:
    """The durable-run engine of one process: queue runs, execute them (unless `execute=False`), recover the dead.

    Use it as an async context manager, inside the event loop the runs should use.

    Args:
        deps: what every run uses; its database also holds the queue and the checkpoints. Dry-run deps
            (`shadow.dry_run_deps`) make every run this process executes or queues a dry run; a run queued as a
            dry run is executed as one by any process.
        execute: False for a host whose runs are executed by `lead-agent worker` processes: it only queues.
        concurrency: runs this process executes at once.
        dead_after: seconds without a heartbeat after which a process counts as dead and its runs are re-queued.
        poll: seconds between two looks at the queue.
        on_finished: called with each run this process finishes (metrics).
        tidy_after: the delays of a run's later note checks (`TIDY_AFTER`), for runs this process queues them for.
        end_idle_transactions: on PostgreSQL, have the server end this process's sessions left idle inside a
            transaction for `dead_after` (at least 10 s: `Database.end_idle_transactions`), as a worker or an inline
            host does, so that a frozen process's row locks do not stop the takeover of its runs.
    """

    def __init__(self, deps: TriageDeps, *, execute: bool = True, concurrency: int = 8, dead_after: float = 30.0,
                 poll: float = 0.2, executor_id: str | None = None,
                 on_finished: Callable[[RunRecord], None] | None = None,
                 tidy_after: tuple[float, ...] = TIDY_AFTER, end_idle_transactions: bool = False) -> None:
        if not tidy_after:
            raise ConfigError('tidy_after needs at least one delay')
        self.tidy_after = tidy_after
        self.ends_idle = end_idle_transactions
        self.checks_queued = 0
        """How many runs this process queued later note checks for (`tidy_later`)."""
        self.deps, self.execute, self.concurrency = deps, execute, concurrency
        self.dead_after, self.poll, self.on_finished = dead_after, poll, on_finished
        self.executor_id = executor_id or f'{socket.gethostname()}-{os.getpid()}-{uuid4().hex[:6]}'
        self.heartbeat_every = max(0.2, dead_after / 6)
        self._executors = Executors(deps.db, dbos_workflows(deps.db.engine))
        self.totals = RunTotals(deps.db)
        """The runs this process finished, by state, latency and cost: added to the database's with each heartbeat
        and at `stop` (the host's `/metrics` reads them)."""
        self._client: DBOSClient | None = None
        self._janitor: asyncio.Task[None] | None = None
        self._starts = 0
        self._waiting: list[asyncio.Queue[RunRecord]] = []  # one per `results()` in progress: runs that ended
        self.recovered: list[str] = []
        """Executors whose runs this process re-queued."""
        self.strays: list[str] = []
        """Runs this process re-queued from itself (`_requeue_strays`)."""
        self._stray_since: dict[tuple[str, str | None], float] = {}
        self._stuck_retries: set[str] = set()  # held `retrying` with no retry behind them, on the last look
        self._beat_at = float('-inf')  # loop time the last heartbeat that went through was sent
        self._stalled_at = float('-inf')  # ... and the last one sent after a silence (`_beat_went_through`)

    @cached_property
    def dry_run_deps(self) -> TriageDeps:
        """The deps dry runs use: `deps` with every action written to the outbox."""
        return dry_run_deps(self.deps)

    @property
    def started(self) -> bool:
        """Whether the engine runs (its client can queue)."""
        return self._client is not None

    @property
    def client(self) -> DBOSClient:
        """The DBOS client every process uses to queue, read and fork runs."""
        if self._client is None:
            raise ConfigError('the engine is not started: use `async with Engine(...)` or `await engine.start()`')
        return self._client

    async def __aenter__(self) -> Engine:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Launch DBOS on the store's database, declare the run queue, start heartbeats and recovery.

        Raises:
            ConfigError: another engine runs in this process.
        """
        global _engine
        if _engine is self:  # an app whose lifespan is entered twice (a test client inside another): one engine
            self._starts += 1
            return
        if _engine is not None:
            raise ConfigError('one lead-agent engine per process: stop the other one first')
        _engine, self._starts = self, 1
        _Steps.open()
        if self.execute and self.ends_idle:  # a session idle in a transaction as long as a silent process is judged
            # dead is a frozen process's: ended, so its locks do not stop the takeover of its runs (not under 10 s: a
            # busy machine may leave a live one idle between two statements for a moment)
            self.deps.db.end_idle_transactions(max(self.dead_after, 10.0))
        dbos_log = logging.getLogger('dbos')
        if not dbos_log.handlers:  # DBOS's own console handler would keep the stderr of its first start
            dbos_log.addHandler(logging.NullHandler())  # its warnings reach the app's logging instead
        quiet_repeats(dbos_log)  # each failed poll of its threads, with a traceback: ~80 for a 5 s outage
        engine = self.deps.db.engine
        # Its notification poller (SQLite) sleeps between looks, and a stop waits for it: 1 s by default, paid by every
        # command and test that starts an engine. Nothing here waits on its notifications, so a look costs nothing.
        DBOS(config={'name': APP_NAME, 'system_database_engine': engine, 'executor_id': self.executor_id,
                     'application_version': _VERSION, 'log_level': 'WARNING',
                     'max_executor_threads': _DBOS_THREADS, 'notification_listener_polling_interval_sec': 0.05})
        if not self.execute:
            DBOS.listen_queues([])
        try:
            if self.execute:
                await warm_up(self.deps)  # before the first run: what the first lead would wait for, built now
                await self.heartbeat()
            DBOS.launch()  # on this thread: DBOS then runs the workflows on this event loop
            await DBOS.register_queue_async(RUN_QUEUE, worker_concurrency=self.concurrency,
                                            polling_interval_sec=self.poll)
            await DBOS.register_queue_async(CHECK_QUEUE, worker_concurrency=2, polling_interval_sec=1.0)
            # A client call fails at once while the database is away (a health check must answer, not wait).
            self._client = DBOSClient(system_database_engine=engine, application_name=APP_NAME,
                                      retry_connection_errors=False)
        except BaseException:
            _engine = None
            self._destroy_dbos()
            raise
        if self.execute:
            self._janitor = asyncio.create_task(self._heartbeats())
        else:  # the schema and the queue exist now; queueing needs only the client, not DBOS's threads
            self._destroy_dbos()
        log.info('engine %s started (%s)', self.executor_id, 'executes runs' if self.execute else 'queues only')

    async def heartbeat(self) -> None:
        """Record that this process is alive (a database write: `/healthz` uses it as its write check)."""
        await self._executors.seen(self.executor_id, self.dead_after, collect=False)
        self._beat_went_through(asyncio.get_running_loop().time())

    def _beat_went_through(self, sent: float) -> None:
        """A heartbeat sent at `sent` (loop time) was written.

        One after a silence long enough for others to have judged this process dead meanwhile (a freeze) makes each
        run in flight here check that it still owns its run.
        """
        if sent - self._beat_at >= self.dead_after / 2:
            self._stalled_at = sent
        self._beat_at = sent

    def owner_check(self, workflow_id: str, owner: str | None) -> Callable[[], Awaitable[None]]:
        """The check `backends.still_ours()` runs for an execution of `workflow_id` that holds the token `owner`.

        It reads the database only when this process may have been judged dead since the execution last knew it
        owned its run: its heartbeats have not gone through for half of `dead_after`, or one went through after such
        a silence. Raises DBOS's `DBOSWorkflowConflictIDError` (a `BaseException`: the execution stops and adopts the
        owner's outcome, recording nothing) when the run is no longer PENDING here under this execution's token.
        """
        loop = asyncio.get_running_loop()
        # Known to be ours as of the last heartbeat that went through, not as of now: the run was dequeued (its token
        # written) before this execution's first line, perhaps before a stall whose first heartbeat after it went
        # through since (helper-94). Its first check after a stall reads; otherwise a clock read.
        known = self._beat_at

        async def check() -> None:
            nonlocal known
            now = loop.time()
            if now - self._beat_at < self.dead_after / 2 and self._stalled_at < known:
                return
            found = await self._read_owner(workflow_id)
            if found != ('PENDING', self.executor_id, owner):
                log.warning('run %s was taken over by another process while this one stalled: its execution here '
                            'stops', workflow_id[:12])
                raise DBOSWorkflowConflictIDError(workflow_id)
            known = now

        return check

    async def _read_owner(self, workflow_id: str) -> tuple[str, str | None, str | None] | None:
        """`_owner_of`, waiting out the database's absence for `retry_for` (at least a minute).

        Raised from the record or a step's start, a blip ended the run's workflow in an error (helper-95).
        """
        return await through_outage(lambda: self.deps.db.run(self._owner_of, workflow_id),
                                     max(self.deps.retry_for, 60.0), first=0.5, longest=10.0)

    def _owner_of(self, workflow_id: str) -> tuple[str, str | None, str | None] | None:
        ws = dbos_workflows(self.deps.db.engine)
        with self.deps.db.engine.connect() as conn:
            row = conn.execute(select(ws.c.status, ws.c.executor_id, ws.c.owner_xid)
                               .where(ws.c.workflow_uuid == workflow_id)).first()
        return None if row is None else (row.status, row.executor_id, row.owner_xid)

    async def stop(self, *, wait: float = 10.0) -> None:
        """Let the runs in flight finish (up to `wait` seconds), then hand what is left to the other processes.

        Whatever goes wrong on the way (the database away while it drains, a cancelled stop), the engine is stopped
        when this returns or raises: DBOS destroyed, and the process free to start another engine. A stop that raised
        used to leave this one registered, and every later start in the process refused.
        """
        global _engine
        self._starts -= 1
        if self._starts > 0 or _engine is not self:
            return
        try:
            if self.execute:  # heartbeats go on while the runs in flight finish: silent, they were taken over meanwhile
                await self._let_runs_finish(wait)
        finally:
            try:
                await self._release()
            finally:
                _engine = None

    async def _let_runs_finish(self, wait: float) -> None:
        try:
            if self._take_no_more():
                await asyncio.to_thread(self._queue_workers_stopped, min(wait, 10.0))
            await self._drain(wait)
        except Exception:  # what is left in flight is taken over, as a killed process's runs are
            log.exception('engine %s: could not wait for its runs in flight; stopping anyway', self.executor_id)
        finally:
            # (an action's timeout covers a wait for a HubSpot or Slack slot too: up to 10 minutes; a step still
            # waiting for one after half a minute has made no call, and is left to the next owner)
            await self._steps_end(min(self.deps.action_timeout, 30.0) + 1.0)

    async def _steps_end(self, longest: float) -> None:
        """Start no new step, and wait (up to `longest` s) for those in flight to end and be recorded."""
        _Steps.close()
        if not _Steps.in_flight:
            return
        log.info('engine %s: waiting up to %.0f s for %d step(s) in flight to end, so that what they did is recorded',
                 self.executor_id, longest, _Steps.in_flight)
        deadline = asyncio.get_running_loop().time() + longest
        while _Steps.in_flight and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)

    async def _release(self) -> None:
        if self._janitor is not None:
            self._janitor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._janitor
        with contextlib.suppress(Exception):  # the database is away: these counts go as a killed process's would
            await self.totals.flush()
        if self.execute:
            self._destroy_dbos()
            with contextlib.suppress(Exception):  # a clean stop: others may take over at once
                await self._executors.forget(self.executor_id)
        if self._client is not None:
            self._client.destroy()

    @staticmethod
    def _take_no_more() -> bool:
        """Stop DBOS's queue threads from starting more runs here, as `DBOS.destroy` does first, before its wait.

        A stopping worker drained what it ran while its queue threads kept handing it new runs: under a queue that
        never emptied, the wait ran out and DBOS was destroyed under runs in the middle of their steps (a step that
        had done its work and could not record it; tracebacks in the log). Those runs resumed elsewhere and did the
        step again. Now the wait is for the runs it had when it was asked to stop; the rest stay queued for others.
        DBOS has no public call for it: a release without the events its `destroy` sets is said in the log, and the
        stop then waits as before (its runs in flight, and what the queue hands it meanwhile, up to the wait). Whether
        the events were set.
        """
        from dbos._dbos import _dbos_global_instance as dbos  # pyright: ignore[reportPrivateUsage]

        if dbos is None:
            return False
        stops: object = getattr(dbos, 'background_thread_stop_events', None)
        if not isinstance(stops, list):
            log.warning("this DBOS release (%s) keeps its queue threads' stop events elsewhere: a stopping worker "
                        'goes on taking queued runs while it waits for its own', version('dbos'))
            return False
        for stop in cast(list[object], stops):
            if isinstance(stop, threading.Event):
                stop.set()
        return True

    @staticmethod
    def _queue_workers_stopped(timeout: float) -> None:
        """Wait for DBOS's queue workers to see `_take_no_more`'s stop, for up to `timeout` seconds.

        One in the middle of a dequeue when told to stop starts the runs it took first: the drain, not waiting for
        runs it had not seen yet, returned at once, and DBOS was destroyed under 4 of them (a loaded CI machine).
        """
        deadline = time.monotonic() + timeout
        for thread in threading.enumerate():
            if thread.name.startswith('queue-worker-'):  # DBOS's name for them (`dbos._queue.queue_thread`)
                thread.join(max(0.0, deadline - time.monotonic()))

    @staticmethod
    def _destroy_dbos() -> None:
        DBOS.destroy()
        # DBOS made its (now shut down) thread pool this loop's default one: later to_thread calls need another.
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(thread_name_prefix='asyncio'))

    async def _drain(self, wait: float) -> None:
        deadline = asyncio.get_running_loop().time() + wait
        said = False
        while asyncio.get_running_loop().time() < deadline:
            # Note checks too: one DBOS destroyed under would go on and fail in the logs (helper-91). They do not retry
            # within themselves, so they are short (helper-90: one retrying HubSpot held the stop for its whole wait).
            try:
                mine = await self.client.list_workflows_async(status='PENDING', executor_id=self.executor_id,
                                                              load_input=False, load_output=False)
            except Exception as e:  # the database away or locked for a moment: the runs in flight wait for it too
                if not said:
                    log.warning("engine %s: could not count its runs in flight (%s); trying again until the stop's "
                                'wait is over', self.executor_id, type(e).__name__)
                    said = True
                await asyncio.sleep(0.5)
                continue
            if not mine:
                return
            await asyncio.sleep(0.05)

    async def _heartbeats(self) -> None:
        """Say this process is alive; re-queue the runs of processes that stopped saying so.

        Others are judged only after this process's own heartbeats went through, each in under a third of
        `dead_after`, for `dead_after` seconds: when the database was away or hung for a while, everyone's heartbeats
        are late and nobody is dead. Times are the database's clock, not this process's.
        """
        loop = asyncio.get_running_loop()
        healthy_since: float | None = None
        pruned_at: float | None = None
        failing: list[float] | None = None  # while heartbeats fail: since, how many, when last said
        while True:
            try:
                if pruned_at is None or loop.time() - pruned_at >= PRUNE_EVERY:
                    pruned_at = loop.time()
                    await self.prune()
                now = loop.time()
                healthy_since = now if healthy_since is None else healthy_since
                judge = self.execute and now - healthy_since >= self.dead_after
                dead = await self._executors.seen(self.executor_id, self.dead_after, collect=judge)
                self._beat_went_through(now)
                try:
                    await self.totals.flush()
                except Exception as e:  # kept for the next heartbeat; never at the cost of the judging below
                    log.warning('could not add the finished runs to /metrics: %s', e)
                if loop.time() - now > self.dead_after / 3:  # the database hung: everyone's heartbeats were late,
                    healthy_since, dead, judge = None, [], False  # and who looked dead to this one is not judged on it
                if judge:
                    try:
                        await self._requeue_strays(loop.time())
                    except Exception:  # never at the cost of the dead workers' runs below
                        log.exception('could not look for runs left in flight here; trying again')
                for executor in dead:  # re-queued first, forgotten after: a kill in between leaves it to the next
                    recover = DBOS._recover_pending_workflows  # pyright: ignore[reportPrivateUsage]
                    handles = await self.deps.db.run(recover, [executor])
                    if handles:  # a queue-only host's health-check heartbeat leaves nothing to re-queue
                        log.warning('executor %s stopped; %d run(s) re-queued', executor, len(handles))
                    if await self._executors.released(executor, self.dead_after):
                        self.recovered.append(executor)
                if failing is not None:
                    log.warning('heartbeat back after %d failed one(s) over %.0f s', failing[1], loop.time() - failing[0])
                    failing = None
            except Exception as e:  # the database is away: keep trying, never exit (the runs wait in the queue)
                healthy_since = None
                # Said once with its traceback, then every few minutes while it lasts (helper-93: one a second)
                if failing is None:
                    failing = [loop.time(), 1, loop.time()]
                    log.exception('heartbeat failed; retrying')
                else:
                    failing[1] += 1
                    if loop.time() - failing[2] >= _STILL_FAILING_EVERY:
                        failing[2] = loop.time()
                        log.error('heartbeat still failing (%d tries over %.0f s): %s', failing[1],
                                  loop.time() - failing[0], e)
            await asyncio.sleep(self.heartbeat_every)

    def _pending_here(self) -> list[tuple[str, str | None]]:
        ws = dbos_workflows(self.deps.db.engine)
        with self.deps.db.engine.connect() as conn:  # on DBOS's partial index of PENDING workflows
            rows = conn.execute(select(ws.c.workflow_uuid, ws.c.owner_xid)
                                .where(text("status = 'PENDING'"), ws.c.executor_id == self.executor_id)).all()
        return [(r.workflow_uuid, r.owner_xid) for r in rows]

    async def _requeue_strays(self, now: float) -> None:
        """Re-queue runs PENDING under this live process that it no longer executes.

        A run whose last status write failed (SQLite's disk full: DBOS could record neither its outcome nor its
        error) stayed PENDING under a live executor, which nobody recovers, until the process restarted. A run
        PENDING here, not running here, and with the same execution token for `dead_after` seconds (`STRAY_AFTER` at
        least) is re-queued; it resumes after its last checkpoint like a dead worker's run. (A PENDING run cannot start
        here again meanwhile: only an ENQUEUED one is dequeued, so the look at what runs here need not be repeated.)
        """
        from dbos._dbos import _get_dbos_instance  # pyright: ignore[reportPrivateUsage]
        from dbos._utils import INTERNAL_QUEUE_NAME

        dbos = _get_dbos_instance()
        pending = await self.deps.db.run(self._pending_here)
        running = set(dbos._active_workflows_set.activeList())  # pyright: ignore[reportPrivateUsage]
        strays = {p for p in pending if p[0] not in running}
        self._stray_since = {p: self._stray_since.get(p, now) for p in strays}
        for (workflow_id, owner), since in list(self._stray_since.items()):
            if now - since < max(self.dead_after, STRAY_AFTER):
                continue
            del self._stray_since[(workflow_id, owner)]
            requeue = dbos._sys_db.reenqueue_for_recovery  # pyright: ignore[reportPrivateUsage]
            if await self.deps.db.run(requeue, workflow_id, [self.executor_id], INTERNAL_QUEUE_NAME):
                log.warning('run %s was left PENDING here without running (its status write failed?); re-queued',
                            workflow_id)
                self.strays.append(workflow_id)

    async def prune(self) -> dict[str, int]:
        """Forget intake rows past their windows (`store.prune`); executing engines do it every `PRUNE_EVERY` s.

        By the database's clock: a worker whose clock ran a day ahead wiped every dedupe key and rate-limit hit when
        it started, and the same submissions were then triaged (and emailed) again.
        """
        t = self.deps.policy.thresholds
        counts = await prune(self.deps.db, None, rate_window=timedelta(seconds=t.rate_limit.window_seconds),
                             dedupe_window=timedelta(hours=t.dedupe_window_hours))
        if any(counts.values()):
            log.info('pruned %s', ', '.join(f'{n} {table}' for table, n in counts.items() if n))
        await self.reopen_cut_off_approvals()
        return counts

    async def reopen_cut_off_approvals(self) -> list[str]:
        """Put back in the queue the runs whose approval was cut off (`ReviewQueue.reopen_cut_off`).

        Those approved over `retry_for` + `APPROVAL_SLACK` seconds ago (as long as an approval can still be retrying
        its vendors), in the last `APPROVALS_LOOKED_AT`, and never routed. Executing engines do it every `PRUNE_EVERY`
        seconds, with their pruning.
        """
        if self.deps.dry_run:  # a shadow engine reads the live queue but leaves it to the live engines (helper-93)
            return []
        now = self.deps.now()
        # An approval retries its actions one after another (owner, contact, then post and email at once): up to
        # three `retry_for` windows (helper-61: one of two windows was reopened while it still ran).
        longest = APPROVAL_STEPS * self.deps.retry_for + APPROVAL_SLACK
        items = await self.deps.review.reopen_cut_off(now - timedelta(seconds=longest), now - APPROVALS_LOOKED_AT)
        for item in items:
            log.warning('run %s: the approval by %s at %s did not finish; back in the review queue', item.run_id[:12],
                        item.decided_by, item.decided_at)
        return [item.run_id for item in items] + await self._release_stuck_retries()

    async def _release_stuck_retries(self) -> list[str]:
        """Open again the review items `runs retry` holds with no retry queued or running behind them.

        Seen so on two looks in a row (`PRUNE_EVERY` apart): a `runs retry` killed between holding one and forking.
        """
        held = {i.run_id for i in await self.deps.review.items('retrying', limit=1000)}
        stuck: set[str] = set()
        for run_id in held:
            retries = await self.client.list_workflows_async(workflow_id_prefix=f'{run_id}.retry', load_input=False,
                                                             load_output=False)
            if not any(w.status in ('ENQUEUED', 'PENDING') for w in retries):
                stuck.add(run_id)
        released = sorted(stuck & self._stuck_retries)
        self._stuck_retries = stuck - set(released)
        for run_id in released:
            await self.deps.review.reopen(run_id, 'runs retry: stopped before its retry started', self.deps.now(),
                                          was='retrying')
            log.warning('run %s: a retry held its review item but never started; back in the review queue',
                        run_id[:12])
        return released

    # --- queueing ----------------------------------------------------------------------------------------------
    def enqueue(self, conn: Connection, records: list[RunRecord]) -> None:
        """Queue accepted runs on `conn`, inside the transaction that stores them (see `Intake.accept`)."""
        calls: list[tuple[EnqueueOptions, tuple[Any, ...]]] = []
        for rec in records:
            assert rec.lead is not None
            options = EnqueueOptions(workflow_name=WORKFLOW, queue_name=RUN_QUEUE, workflow_id=rec.run_id,
                                     app_version=_VERSION)
            calls.append((options, (rec.run_id, rec.lead.model_dump_json(), rec.received_at.isoformat(),
                                    rec.dry_run or self.deps.dry_run)))
        enqueue_many(self.client, conn, calls)

    async def accept(self, items: list[tuple[RunRecord, str | None]],
                     raw: Mapping[str, RawBody] | None = None) -> list[str | None]:
        """Store and queue submissions in one transaction; for a replayed delivery id, the first run's id.

        `raw` maps run ids to the raw body (`RawBody`) each came from, stored in the same transaction.
        """
        if not self.deps.dry_run:  # dry-run deps' intake does it for all; here, for the dry runs among live ones
            items = [(rec, shadow_delivery_id(d) if rec.dry_run else d) for rec, d in items]
            dry = {rec.run_id for rec, _ in items if rec.dry_run}
            raw = raw and {run_id: replace(body, dry_run=True) if run_id in dry else body
                           for run_id, body in raw.items()}
        return await self.deps.intake.accept(items, self.enqueue, raw)

    async def submit(self, lead: Lead, *, run_id: str | None = None, raw: str | bytes | None = None) -> str:
        """Accept one lead (its delivery id claimed, `raw` kept as its raw body); the run id that will hold its result."""
        rec = queued_record(lead, run_id or uuid4().hex, self.deps.now(), dry_run=self.deps.dry_run)
        body = None if raw is None else {rec.run_id: RawBody.of(raw, rec.received_at, dry_run=rec.dry_run)}
        (first,) = await self.accept([(rec, lead.delivery_id)], body)
        return first or rec.run_id

    async def result(self, workflow_id: str, *, run_id: str | None = None) -> RunRecord:
        """Wait for a run's workflow (or a retry's, with `run_id` naming the run) to finish; the run's record.

        Raises:
            LeadAgentError: the run is unknown.
        """
        handle: WorkflowHandleAsync[str] = await self.client.retrieve_workflow_async(workflow_id)
        await handle.get_result()
        rec = await self.deps.runs.get(run_id or workflow_id)
        if rec is None:
            raise LeadAgentError(f'no run {run_id or workflow_id!r}')
        return rec

    async def retry(self, run_id: str) -> str:
        """Resume a `failed` run from its first failed step, as a new workflow on the run queue; its id.

        The steps before that one are not run again (no second contact, post or email for what succeeded).

        Raises:
            LeadAgentError: the run is unknown, not `failed`, or has no durable steps to resume.
        """
        rec = await self.deps.runs.get(run_id)
        if rec is None:
            raise LeadAgentError(f'no run {run_id!r}')
        if ERASED_FLAG in rec.flags:  # a fork's input is the lead: it would keep it again (helper-97)
            raise LeadAgentError(f'run {rec.run_id[:12]} was erased (its personal data removed): it is not retried')
        if rec.state != 'failed':
            raise LeadAgentError(f'run {rec.run_id[:12]} is {rec.state}; only failed runs are retried')
        if rec.lead is None:
            # unreadable input, or a body kept because another submission's run held its delivery id
            raise LeadAgentError(f'run {rec.run_id[:12]} kept its input without a lead: `lead-agent review retry '
                                 f'{rec.run_id[:12]}` triages it as a new run (fix it first if it could not be read)')
        if rec.decision is not None and 'human_approved' in rec.decision.rules:
            # Its last attempt was a person's approval, outside the engine: resuming the run's own execution would
            # route it as the model decided, over the person's decision (helper-63: approved for support, retried
            # to sales, the CRM contact left with support's owner).
            to = rec.decision.assigned_to or 'sales'
            # Said too while that approval still runs (its decision is written before it routes): helper-199 read
            # "approve it again" during a web approval that then went through.
            raise LeadAgentError(f"run {rec.run_id[:12]} is in a person's approval, or failed in one; once it is "
                                 'back in the review queue, approve it again from there (`lead-agent review approve '
                                 f'{rec.run_id[:12]} --to {to}`)')
        client, short = self.client, rec.run_id[:12]
        # Every execution of the run: its own workflow, and each retry's (forked from the one before it).
        executions = [*await client.list_workflows_async(workflow_ids=[rec.run_id], load_input=False,
                                                         load_output=False),
                      *await client.list_workflows_async(workflow_id_prefix=f'{rec.run_id}.retry', load_input=False,
                                                         load_output=False)]
        latest = max(executions, key=lambda w: w.created_at or 0, default=None)
        if latest is None:
            raise LeadAgentError(f'run {short} was not run durably; approve it from the review queue')
        if latest.status in ('ENQUEUED', 'PENDING'):  # two retries at once both forked it, and both posted
            if latest.workflow_id == rec.run_id:  # its record is the queued one (helper-59: 'being retried already')
                raise LeadAgentError(f'run {short} has not ended yet (queued or running, perhaps waiting for a '
                                     'vendor): retry it once it has ended failed')
            raise LeadAgentError(_BEING_RETRIED.format(short=short, workflow=latest.workflow_id))
        steps = await client.list_workflow_steps_async(latest.workflow_id)
        # A failed run failed in an action or the precheck (a lookup's error is only a note), or between its steps
        # (its erasure check meeting the database away past LEAD_AGENT_RETRY_FOR, a bug), and then went to review.
        # It is forked from the first of those, whichever came first: forked past a review step the failure led to,
        # the retry replayed that step where the run now acted, and DBOS stopped it every time (helper-198:
        # DBOSUnexpectedStepError, "act.review_item was recorded when act.assign.sales was expected"). The record
        # keeps no checkpoint, so a run that failed to record (still its queued record) is forked from its end.
        recorded = QUEUED not in rec.errors
        failed = [s['function_id'] for s in steps
                  if (s['function_name'].startswith(_RESUMABLE) and _failed(s.get('output')))
                  or (recorded and s['function_name'] == _REVIEW_STEP)]
        start = min(failed, default=len(steps))
        # Named by how many executions came before: two retries that raced past the check above name the same
        # fork, and the database lets one of them make it.
        new_id = f'{rec.run_id}.retry{len(executions)}'
        # The retry holds the run's review item until its record: a reviewer's approval or rejection meanwhile is
        # refused, and one already made refuses the retry (helper-59: a rejection made while a retry posted was
        # overwritten by its `routed_sales`; an approval and a retry at once posted two summaries).
        held = await self._hold_review_item(rec.run_id, _BEING_RETRIED.format(short=short, workflow=new_id))
        try:
            with SetWorkflowID(new_id):
                handle = await client.fork_workflow_async(latest.workflow_id, start, queue_name=RUN_QUEUE,
                                                          application_version=_VERSION)
        except BaseException as e:  # Ctrl-C too (helper-61: the item stayed `retrying` with no retry behind it)
            started = await asyncio.shield(client.list_workflows_async(workflow_ids=[new_id], load_input=False,
                                                                       load_output=False))
            if started and isinstance(e, Exception):
                raise LeadAgentError(_BEING_RETRIED.format(short=short, workflow=new_id)) from None
            if held and not started:
                await asyncio.shield(self.deps.review.reopen(rec.run_id, 'run failed: the retry could not start',
                                                             self.deps.now(), was='retrying'))
            raise
        return handle.workflow_id

    async def _hold_review_item(self, run_id: str, being_retried: str) -> bool:
        """Mark the run's open review item `retrying`; False when it has none (it never reached the queue).

        Raises:
            LeadAgentError: the item was decided, or another retry holds it (`being_retried`): the retry is refused.
        """
        try:
            await self.deps.review.resolve(run_id, 'retrying', None, 'lead-agent runs retry', self.deps.now())
        except LeadAgentError as e:
            if 'not in the review queue' in str(e):
                return False
            if 'is being retried' in str(e):
                raise LeadAgentError(being_retried) from None
            raise LeadAgentError(f'{e}; not retried') from None
        return True

    def finished(self, rec: RunRecord) -> None:
        """Called by each run this process finishes: counts it, tells `on_finished` and every `results()` waiting.

        A run its erasure stopped is recorded `failed` but counted `erased`: nothing failed, and nobody has to act
        (`/metrics`' failed runs are what an operator alerts on).
        """
        self.totals.add(rec, 'erased' if ERASED_WHILE_RUNNING in rec.errors else None)
        if self.on_finished is not None:
            self.on_finished(rec)
        for queue in self._waiting:
            queue.put_nowait(rec)

    async def results(self, run_ids: Iterable[str], *, poll: float = 0.5) -> AsyncIterator[RunRecord]:
        """Each run's record as it finishes, in the order they finish (each id once).

        A run this process executes is reported as soon as it ends; one that another process executes, or that had
        ended already, within `poll` seconds. A run whose workflow ended in an error is reported with the record it
        has (`failed`), not raised.
        """
        pending = set(run_ids)
        finished: asyncio.Queue[RunRecord] = asyncio.Queue()
        self._waiting.append(finished)
        loop = asyncio.get_running_loop()
        polled = loop.time() - poll  # at once: some may have ended before
        try:
            while pending:
                done: dict[str, RunRecord | None] = {}  # in the order they finished; None: read it from the store
                if loop.time() - polled >= poll:
                    done, polled = dict.fromkeys(sorted(await self._ended(pending))), loop.time()
                else:
                    with contextlib.suppress(TimeoutError):
                        rec = await asyncio.wait_for(finished.get(), polled + poll - loop.time())
                        done[rec.run_id] = rec
                while not finished.empty():
                    rec = finished.get_nowait()
                    done[rec.run_id] = rec
                for run_id, known in done.items():
                    if run_id not in pending:
                        continue
                    pending.discard(run_id)
                    rec = known or await self.deps.runs.get(run_id)
                    if rec is None:
                        raise LeadAgentError(f'no run {run_id!r}')
                    yield rec
        finally:
            self._waiting.remove(finished)

    async def _ended(self, run_ids: set[str]) -> set[str]:
        return await self.deps.db.run(workflows_ended, self.deps.db.engine, run_ids)

    def _queue_stats(self) -> tuple[int, int | None, int]:
        engine = self.deps.db.engine
        ws = dbos_workflows(engine)
        # On DBOS's partial index of in-flight workflows: its condition written as the index has it (not as bound
        # parameters), so the planners can tell the index covers the query.
        in_flight = text("status IN ('ENQUEUED', 'PENDING')")
        waiting = ws.c.status == 'ENQUEUED'
        with engine.connect() as conn:
            depth, oldest, running = conn.execute(
                select(func.count(), func.min(case((waiting, ws.c.created_at))), func.count(case((~waiting, 1))))
                .where(ws.c.queue_name == RUN_QUEUE, in_flight)).one()
        return int(depth), oldest, int(running)

    async def queue_stats(self) -> QueueStats:
        """The run queue's depth, its oldest run still waiting for a worker, the runs workers have (one query)."""
        depth, oldest, running = await self.deps.db.run(self._queue_stats)
        return QueueStats(depth, datetime.fromtimestamp(oldest / 1000, UTC) if oldest else None, running)


class QueueStats(NamedTuple):
    """The run queue at a glance (`Engine.queue_stats`)."""

    depth: int
    """Runs waiting for a worker or running."""
    oldest: datetime | None
    """When the oldest run still waiting for a worker was queued; None when none waits."""
    running: int
    """Runs a worker has (running, or waiting out a vendor's outage in their retries' backoff)."""


_RESUMABLE = ('act.', 'precheck')
_REVIEW_STEP = 'act.review_item'
"""The step that puts a run in the review queue (`pipeline._to_review`): a failed run's failure led to it."""


def _failed(output: Any) -> bool:
    return getattr(output, 'error', None) is not None


def queued_record(lead: Lead, run_id: str, now: datetime, *, dry_run: bool = False) -> RunRecord:
    """The record an accepted submission has until its run records the real one."""
    return RunRecord(run_id=run_id, dedupe_key=dedupe_key(lead), received_at=now, lead=lead, state='failed',
                     errors=[QUEUED], dry_run=dry_run)
