"""The webhook host: form vendors POST here; it verifies, stores and queues each submission, and answers at once.

    lead-agent serve --host 0.0.0.0 --port 8000              # the host and one `lead-agent worker` beside it
    uvicorn lead_agent.web:create_app --factory --port 8000  # the host alone (LEAD_AGENT_WORKER=inline by default)

Routes: `POST /api/agent/lead-triage` (Standard Webhooks), `POST /webhooks/{typeform,hubspot,tally,webflow,
formspree}`, `/review` (when REVIEW_USERS or REVIEW_TOKEN is set), `/slack/events` (when Slack is set),
`/healthz`, `/metrics`. Never 404/410/429 on the webhook routes: an over-limit sender gets 2xx and its
submission is recorded as `rate_limited`. Each accepted delivery's body is stored as received (`store.RawBody`) in the
transaction that stores its runs. An unreadable body that passed its signature check gets 400 and is
kept as a `failed` run in the review queue.

Every route reads at most `MAX_BODY` bytes (the router's `max_body_size`, which the including app keeps): a larger
`Content-Length` gets 413 before anything is read, a chunked body gets 413 as soon as it passes the limit; both as the
JSON `Problem` every refusal here is (`_limits`).

Mount it in an app of your own: `host = Host(settings)`, then `FastAPI(lifespan=host.lifespan)` and
`app.include_router(host.router)` (see examples/fastapi_host/app.py).
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import os
import time
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Network, IPv6Network
from typing import Any, TypeVar
from uuid import uuid4

from fastapi import APIRouter, FastAPI, Request
from fastapi import routing as fastapi_routing
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException

from .._log_repeats import quiet_repeats
from ..deps import TriageDeps, build_deps
from ..exceptions import WebhookRejected
from ..guards import submitter_key
from ..models import RunRecord, canonical_ip
from ..pipeline import post_unreadable, record_unreadable
from ..runs import Engine, QueueStats, queued_record
from ..store import BodyDigests, RawBody, Totals, database_away, database_error
from ..store.runlog import ERASED_FLAG
from ..tracing import configure_tracing
from ..webhooks import MAX_BODY, is_timestamp, parse, verify
from ._limits import JsonLimitRoute, unavailable_log
from .settings import VENDORS, HostSettings

__all__ = ('Host', 'create_app')

log = logging.getLogger('lead_agent.host')
health_log = logging.getLogger('lead_agent.host.health')
"""The health checks' failures: one line a minute of each kind while they last (helper-206: one each check, every
few seconds, through a database outage), as `unavailable_log`'s."""
quiet_repeats(health_log)

T = TypeVar('T')

PARSE_INLINE = 32_768
"""Bodies up to this size are read on the event loop (a lead's form is a few KB, read in well under a millisecond);
a larger one in a thread, so that a signed body of thousands of tiny answers (a visitor can add inputs some vendors
forward) never holds every other request, health checks included, while it is read. The host's own two threads: the
loop's default pool is DBOS's in inline mode, where runs' checkpoints wait for it."""


class Accepted(BaseModel):
    """What a vendor gets back at once."""

    run_ids: list[str]
    duplicate: bool = False


class Problem(BaseModel):
    """Why a request was refused."""

    detail: str


class _RunTotalsCollector:
    """The runs every executing process finished (`run_totals`), as the snapshot `/metrics` last read."""

    def __init__(self) -> None:
        self.snapshot = Totals()

    def collect(self) -> Iterator[Metric]:
        runs = CounterMetricFamily('lead_agent_runs', 'Runs by terminal state (every process that executes runs)',
                                   labels=['state'])
        for state, n in sorted(self.snapshot.by_state().items()):
            runs.add_metric([state], n)
        buckets, seconds = self.snapshot.histogram()
        latency = HistogramMetricFamily('lead_agent_triage_seconds', 'Triage latency', buckets=buckets,
                                        sum_value=seconds)
        cost = CounterMetricFamily('lead_agent_cost_usd', 'Model cost in USD (priced runs)', value=self.snapshot.cost)
        return iter((runs, latency, cost))


class Metrics:
    """Prometheus metrics: this process's webhooks, and the runs of every process that executes them."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.run_totals = _RunTotalsCollector()
        self.registry.register(self.run_totals)  # pyright: ignore[reportArgumentType]  # a Collector by shape
        self.webhooks = Counter('lead_agent_webhooks', 'Webhook requests by outcome', ['vendor', 'outcome'],
                                registry=self.registry)
        self.queue = Gauge('lead_agent_review_queue_depth', 'Open review items', registry=self.registry)
        self.work = Gauge('lead_agent_work_queue_depth', 'Accepted runs not finished yet', registry=self.registry)
        self.work_age = Gauge('lead_agent_work_queue_oldest_seconds',
                              'Age of the oldest run waiting for a worker (0 when none): alert when workers stall or '
                              'cannot keep up',
                              registry=self.registry)


ACCEPT_WAIT = 10.0
"""Seconds a submission waits for the transaction that stores it before the host answers 503. A database that hangs
(SIGSTOPped, its locks held) held each request for as long as it hung (30 s and more, past the vendors' own timeouts).
The transaction may still commit later: the vendor's retry of that delivery then gets 202 with the same run."""


ACCEPT_TRANSACTIONS = 3
"""Batches of submissions a host commits at once on PostgreSQL (SQLite: one)."""


HEALTH_FRESH = 1.0
"""Seconds a passing database check of `/healthz` answers the health checks after it (a burst of them writes once),
unless something gave up waiting for the database since."""


HEALTH_STALLED_WAIT = 1.0
"""Seconds `/healthz` waits for its database check when the database did not answer a moment ago (something gave up
on it within 2 x `ACCEPT_WAIT`): a 503 stays quick while it still does not, and the first check it answers is a 200."""


class AcceptTimedOut(Exception):
    """The transaction storing a submission did not end within `Accepter.wait` seconds (it may still commit)."""


class Accepter:
    """Group commit: the submissions that arrive while a transaction commits share the next one.

    At most `transactions` commit at once. On SQLite one (the default) keeps the host's own transactions from
    queueing on each other for the write lock. PostgreSQL takes writers side by side: there `ACCEPT_TRANSACTIONS`
    batches commit at once, the next one gathering while they do (`bench/ack.py --database postgres`: 537-659
    requests/s with one at a time, 935-1,217 with three), and their delivery-id claims take their locks in one
    order. Each
    submission waits at most `wait` seconds from its arrival, kept by one timer for all of them (set for the oldest
    one waiting) rather than a `wait_for` and `shield` each, which were ~7% of a burst's CPU. One answered 503 before
    its transaction started is dropped from it; one whose transaction started may still commit, and the vendor's
    resend of that delivery then gets 202 with the same run.
    """

    def __init__(self, engine: Engine, *, linger: float = 0.002, wait: float = ACCEPT_WAIT,
                 transactions: int = 1) -> None:
        self.engine, self.linger, self.wait, self.transactions = engine, linger, wait, transactions
        self.batch: list[tuple[list[tuple[RunRecord, str | None]], RawBody | None, asyncio.Future[list[str | None]]]] = []
        self.waiting: deque[tuple[float, asyncio.Future[list[str | None]]]] = deque()
        """Each submission's deadline (loop time) with its answer, in order of arrival."""
        self.timer: asyncio.TimerHandle | None = None
        """Set for the oldest deadline in `waiting`."""
        self.flushing: asyncio.Task[None] | None = None
        self.commits: dict[asyncio.Task[None], float] = {}
        """The batches committing now, at most `transactions`, each with when (loop time) it started."""
        self.stalled: tuple[float, float] | None = None
        """When (loop time) a submission (or a call through `bounded`: an unreadable body's, a health check's) first
        and last gave up waiting for the database, until a submission is stored or a health check's write passes."""

    def _gave_up(self) -> AcceptTimedOut:
        now = asyncio.get_running_loop().time()
        self.stalled = (self.stalled[0] if self.stalled else now, now)
        return AcceptTimedOut(f'the database did not answer within {self.wait:g} s')

    async def bounded(self, call: Awaitable[T]) -> T:
        """Await a store call for at most `wait` seconds (`AcceptTimedOut` after); what it started may still finish."""
        try:
            return await asyncio.wait_for(call, self.wait)
        except TimeoutError:
            raise self._gave_up() from None

    async def accept(self, items: list[tuple[RunRecord, str | None]], raw: RawBody | None = None) -> list[str | None]:
        """Store and queue one delivery's runs with its raw body; per run, the first run's id if its delivery id was seen.

        Raises:
            AcceptTimedOut: not stored within `wait` seconds (if its transaction had started, it may still commit).
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[str | None]] = loop.create_future()
        self.batch.append((items, raw, future))
        self.waiting.append((loop.time() + self.wait, future))
        if self.timer is None:
            self.timer = loop.call_at(self.waiting[0][0], self._expire)
        if self.flushing is None:
            self.flushing = asyncio.ensure_future(self._flush())
        return await future  # settled by the flusher, or by the timer

    def _expire(self) -> None:
        """Answer `AcceptTimedOut` to every submission past its deadline; set the timer for the next one."""
        loop = asyncio.get_running_loop()
        now, waiting = loop.time(), self.waiting
        expired = False
        while waiting and (waiting[0][1].done() or waiting[0][0] <= now):
            _, future = waiting.popleft()
            if not future.done():
                future.set_exception(self._gave_up())
                expired = True
        if expired:  # not stored now (`_flush`): not kept either while the database hangs (helper-51: 379 held)
            self.batch = [entry for entry in self.batch if _to_store(entry[2])]
        self.timer = loop.call_at(waiting[0][0], self._expire) if waiting else None

    def _committed(self, commit: asyncio.Task[None]) -> None:
        self.commits.pop(commit, None)

    def hung_for(self) -> float | None:
        """Seconds the oldest transaction in flight has been committing when that is over `wait` (None when not).

        Its submissions were answered 503, and so is every one that waits for it: what vendors see now.
        """
        if not self.commits:
            return None
        oldest = asyncio.get_running_loop().time() - min(self.commits.values())
        return oldest if oldest > self.wait else None

    def _forget_answered(self) -> None:
        waiting = self.waiting
        while waiting and waiting[0][1].done():
            waiting.popleft()
        if not waiting and self.timer is not None:
            self.timer.cancel()
            self.timer = None

    async def _flush(self) -> None:
        await asyncio.sleep(self.linger)
        while self.batch:
            if len(self.commits) >= self.transactions:  # as many in flight as allowed: the batch grows meanwhile
                await asyncio.wait(self.commits, return_when=asyncio.FIRST_COMPLETED)
                continue
            batch, self.batch = self.batch, []
            # Answered 503 while it waited for the previous transaction: not stored (its resend will be). A request
            # cancelled meanwhile (the vendor hung up) is stored all the same: its resend then finds it.
            batch = [entry for entry in batch if _to_store(entry[2])]
            if not batch:
                continue
            commit = asyncio.ensure_future(self._commit(batch))
            self.commits[commit] = asyncio.get_running_loop().time()
            commit.add_done_callback(self._committed)
            await asyncio.sleep(self.linger)  # the next batch gathers while this one commits
        self.flushing = None

    async def _commit(self, batch: list[tuple[list[tuple[RunRecord, str | None]], RawBody | None,
                                              asyncio.Future[list[str | None]]]]) -> None:
        bodies = {rec.run_id: raw for items, raw, _ in batch if raw is not None for rec, _ in items}
        try:
            firsts = await self.engine.accept([item for items, _, _ in batch for item in items], bodies)
        except Exception as e:  # the host boundary: each waiting request gets the error (a 500, retried by vendors)
            if len(batch) > 1 and not _transient(e):
                # One submission's fault (a bug, a constraint) failed the transaction they shared: each half is
                # tried again, and so on down to the culprit, so only it fails (helper-51: 19 others got its 500)
                # and it costs two transactions a halving, not one per submission (helper-53: 2,760 for 4,000,
                # and 1,280 others answered 503 meanwhile). A transient error is everyone's.
                half = len(batch) // 2
                for part in (batch[:half], batch[half:]):
                    if part := [entry for entry in part if _to_store(entry[2])]:
                        await self._commit(part)
                return
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(e)
            self._forget_answered()
            return
        self.stalled = None
        for items, _, future in batch:
            if not future.done():  # not answered 503 by the timer meanwhile, nor its request cancelled
                future.set_result(firsts[:len(items)])
            firsts = firsts[len(items):]
        self._forget_answered()


def _forwarded_submitter(request: Request, trusted: list[IPv4Network | IPv6Network]) -> str | None:
    """The visitor's address that a trusted relay put in `X-Forwarded-For`, or None.

    Believed only when the request came from a listed relay; from anyone else the header says nothing, and the
    address that connected is a server, never a submitter. (Behind a proxy of your own, uvicorn puts the address
    that reached that proxy here, per `FORWARDED_ALLOW_IPS`: list your relays here, not there.) The chain is read
    from the right, past the relays; the first address that is not one is the visitor's. Ports and empty entries
    are skipped; an entry that is no address ends the chain (nothing to its left can be trusted).
    """
    if not trusted or request.client is None:
        return None
    try:
        if _hop(request.client.host, trusted) is not None:  # an address, but not a relay's
            return None
    except ValueError:  # no address at all (a test client's name, a Unix socket)
        return None
    hops = [hop for value in request.headers.getlist('x-forwarded-for') for hop in value.split(',') if hop.strip()]
    for hop in reversed(hops):
        try:
            visitor = _hop(hop, trusted)
        except ValueError:
            return None
        if visitor is not None:
            return visitor
    return None


def _hop(text: str, trusted: list[IPv4Network | IPv6Network]) -> str | None:
    """One entry of the chain: its address when it is not a relay, None when it is.

    Raises:
        ValueError: not an address (with or without a port: `1.2.3.4:80`, `[2001:db8::1]:443`).
    """
    text = text.strip()
    if text.startswith('['):  # [v6]:port
        text = text[1:].partition(']')[0]
    elif text.count(':') == 1:  # v4:port
        text = text.partition(':')[0]
    address = canonical_ip(text)
    return None if any(address in network for network in trusted) else str(address)


def _to_store(answer: asyncio.Future[list[str | None]]) -> bool:
    """Whether a submission still goes into a transaction.

    Yes when not answered yet, or when its request was cancelled (the vendor hung up: stored all the same, so its
    resend finds it); no when answered 503 (its resend will be).
    """
    return not answer.done() or answer.cancelled()


def _transient(error: Exception) -> bool:
    """The database away, hanging or refusing for now (answered 503): not one submission's fault."""
    return isinstance(error, AcceptTimedOut | TimeoutError) or database_away(error)


class _WebhookRoute(JsonLimitRoute):
    """A webhook route whose endpoint takes the request and returns the response itself.

    FastAPI's dependency solving and response validation are skipped (tens of µs of a burst's ~600 µs per request);
    the route stays in the OpenAPI schema, with its body limit and exception handling. A route given dependencies
    (an app's or an including router's: a guard, an API key) keeps FastAPI's handler, which runs them (helper-51:
    they were skipped).
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        # FastAPI builds an included route's handler with the include's context (its prefix and dependencies) in
        # this ContextVar. Where it is missing (another FastAPI), FastAPI's handler is kept, which is always right.
        context = getattr(fastapi_routing, '_effective_route_context_var', None)
        effective = context.get() if context is not None else None
        route = effective if effective is not None and getattr(effective, 'original_route', None) is self else self
        if context is None or getattr(route, 'dependencies', True):
            return super().get_route_handler()
        return self.endpoint


class _BareRoute(JsonLimitRoute):
    """A route whose endpoint takes the request and returns the response, as a Starlette `Route` does.

    Slack's events: an including app's dependencies (an API key) are not run on them, which Slack could never pass. An
    API route all the same, so that its 413 is the host's JSON like every other route's (`JsonLimitRoute`).
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return self.endpoint


class Host:
    """The webhook host's parts: `router` (the routes) and `lifespan` (starts and stops the run engine).

    Args:
        settings: read from the environment when None.
        deps: built from the settings when None (and then closed when the host stops).

    Raises:
        ConfigError: a setting is unusable, e.g. a malformed REVIEW_USERS (checked before anything is built).
    """

    def __init__(self, settings: HostSettings | None = None, *, deps: TriageDeps | None = None) -> None:
        settings = settings or HostSettings.from_env()
        self._review_users = settings.users()
        self._trusted_proxies = settings.trusted_proxies()
        settings.check_forwarded(os.environ.get('FORWARDED_ALLOW_IPS'))
        settings.check_secrets()
        configure_tracing(settings.trace, personal_data=settings.trace_personal_data, service_name='lead-agent-host')
        self._owns_deps = deps is None
        self.settings, self.deps, self.metrics = settings, deps or build_deps(settings), Metrics()
        deps = self.deps
        self.engine = Engine(deps, execute=settings.worker == 'inline', concurrency=settings.runs_at_once(),
                             dead_after=settings.dead_after, end_idle_transactions=True)
        self.accepter = Accepter(self.engine, transactions=1 if deps.db.engine.dialect.name == 'sqlite' else
                                 ACCEPT_TRANSACTIONS)
        self.digests = BodyDigests(deps.db, window=timedelta(days=settings.webhook_replay_window_days))
        self._posts: set[asyncio.Task[None]] = set()
        """Review-channel posts of unreadable bodies, made after their answers."""
        self._check: asyncio.Task[QueueStats] | None = None
        """`/healthz`'s database check: the one in flight, or the last one."""
        self._check_passed = 0.0
        """When (loop time) a database check last passed."""
        self._parsing = ThreadPoolExecutor(max_workers=2, thread_name_prefix='lead-agent-parse')
        """Where bodies over `PARSE_INLINE` are read (its threads start on first use; idle ones cost nothing)."""
        self.router = self._routes()

    @asynccontextmanager
    async def lifespan(self, _: Any = None) -> AsyncGenerator[None]:
        """Start the run engine (and the Slack SLA loop); on the way out, let runs in flight finish."""
        await self.engine.start()
        # What start-up built lives as long as the host: out of the collector's sight, full collections stay short
        # (an 80-160 ms pause in the middle of a burst otherwise).
        gc.freeze()
        sla = asyncio.create_task(_sla_loop(self.deps, self.settings)) if self.settings.slack_bot_token else None
        try:
            async with self.deps.db.checkpointing():  # the accepting commits, which submissions wait on, copy no WAL
                yield
        finally:
            if sla is not None:
                sla.cancel()
            if self._posts:  # the review items are stored; their posts get a moment to go out
                await asyncio.wait(self._posts, timeout=10)
            await self.engine.stop()
            if self._owns_deps:
                await self.deps.aclose()

    def _routes(self) -> APIRouter:
        # The limit holds while the body streams in, on every route here (the review forms and Slack's too), and
        # stays with the router when an app of its own includes it.
        router = APIRouter(max_body_size=MAX_BODY, route_class=JsonLimitRoute)  # every 413 as JSON (see _limits)
        responses: dict[int | str, dict[str, Any]] = {
            400: {'model': Problem}, 401: {'model': Problem}, 413: {'model': Problem}}

        def receive(vendor: str) -> Callable[[Request], Awaitable[Response]]:
            async def endpoint(request: Request) -> Response:
                try:
                    return await self._receive(vendor, request)
                except (SQLAlchemyError, AcceptTimedOut) as e:
                    if isinstance(e, SQLAlchemyError) and not database_away(e):
                        raise
                    # The database is away (stopped, unreachable, its disk full) or hangs: the vendor sends it again
                    # (a replay of what did get stored is answered 202). A 500 with a traceback said a bug; 503 says
                    # when to retry.
                    self.metrics.webhooks.labels(vendor, 'unavailable').inc()
                    unavailable_log.warning('%s webhook answered 503: %s', vendor,
                                            database_error(e) if isinstance(e, SQLAlchemyError) else e)
                    return JSONResponse({'detail': 'the database is unavailable: send it again shortly'},
                                        status_code=503, headers={'Retry-After': '10'})

            endpoint.__name__ = f'receive_{vendor}'
            return endpoint

        router.add_api_route('/api/agent/lead-triage', receive('generic'), methods=['POST'], status_code=202,
                             route_class_override=_WebhookRoute,
                             response_model=Accepted, responses=responses, summary='Receive a lead (Standard Webhooks)')
        for vendor in VENDORS[1:]:
            router.add_api_route(f'/webhooks/{vendor}', receive(vendor), methods=['POST'], status_code=202,
                                 route_class_override=_WebhookRoute,
                                 response_model=Accepted, responses=responses, summary=f'Receive a {vendor} webhook')
        router.add_api_route('/healthz', self._healthz, methods=['GET'], summary='Database writable, workers keeping up',
                             responses={503: {'model': Problem}})
        router.add_api_route('/metrics', self._prometheus, methods=['GET'], summary='Prometheus metrics',
                             response_class=Response)
        self._mount_optional(router)
        return router

    async def _healthz(self) -> Response:
        deps, settings, accepter = self.deps, self.settings, self.accepter
        loop = asyncio.get_running_loop()
        if (hung := accepter.hung_for()) is not None:  # what vendors see: 503s
            return JSONResponse({'detail': f'webhooks could not be stored for {hung:.0f} s: the database did not '
                                           f'answer within {accepter.wait:g} s'}, status_code=503)
        stalled, check = accepter.stalled, self._database_check()
        try:
            if stalled is not None and loop.time() - stalled[1] < 2 * accepter.wait:
                # It did not answer a moment ago. Until 2 x wait after the last give-up this answered 503 without
                # looking (drill D7: ~20 s of 503 after the database was back); now a check is waited on briefly.
                await asyncio.wait((check,), timeout=HEALTH_STALLED_WAIT)
                if not check.done():
                    return JSONResponse({'detail': f'database not writable: it has not answered for '
                                                   f'{loop.time() - stalled[0]:.0f} s'}, status_code=503)
                depth, oldest, running = check.result()
            else:  # bounded, as a submission's wait is; the check goes on (shielded) for the next health check
                depth, oldest, running = await accepter.bounded(asyncio.shield(check))
        except Exception as e:  # the host boundary: the answer is the health report
            health_log.warning('health check: database: %s', e)
            return JSONResponse({'detail': f'database not writable: {type(e).__name__}'}, status_code=503)
        age = (deps.now() - oldest).total_seconds() if oldest else 0.0
        ok: dict[str, Any] = {'status': 'ok', 'model': deps.model_name, 'queued': depth}
        if age > settings.stall_after:
            waiting = depth - running
            if not running:  # nobody takes runs
                return JSONResponse({'detail': f'{waiting} run(s) waiting, the oldest for {age:.0f} s: are workers '
                                               'running?'}, status_code=503)
            # Workers are there, every slot taken: runs retrying a vendor that is down hold theirs for up to
            # LEAD_AGENT_RETRY_FOR (helper-206: a mail outage took the host out of the proxy's rotation, which refused
            # the leads it could still store). Said here and in /metrics' queue age, for the monitor.
            ok['warning'] = (f'{waiting} run(s) waiting, the oldest for {age:.0f} s, while workers hold {running}: a '
                             'vendor down (their retries hold their slots; see the log), or too few workers')
        return JSONResponse(ok)

    def _database_check(self) -> asyncio.Task[QueueStats]:
        """The database check in flight, or one that passed under `HEALTH_FRESH` s ago, or a new one.

        One at a time: health checks every few seconds against a hung database joined it one more session each.
        """
        check, stalled = self._check, self.accepter.stalled
        if check is not None and not check.done():
            return check
        if (check is not None and not check.cancelled() and check.exception() is None
                and asyncio.get_running_loop().time() - self._check_passed < HEALTH_FRESH
                and (stalled is None or stalled[1] < self._check_passed)):
            return check
        self._check = check = asyncio.ensure_future(self._check_database())
        check.add_done_callback(lambda done: done.cancelled() or done.exception())  # a failure nobody awaited: seen
        return check

    async def _check_database(self) -> QueueStats:
        await self.engine.heartbeat()  # a write, as every accept is one
        stats = await self.engine.queue_stats()
        self._check_passed = asyncio.get_running_loop().time()
        self.accepter.stalled = None  # it stores again: not a stall any more (as when a submission is stored)
        return stats

    async def _prometheus(self) -> Response:
        deps, metrics = self.deps, self.metrics
        if self.engine.execute:  # inline: what this process finished up to now, not as of its last heartbeat
            await self.engine.totals.flush()
        metrics.run_totals.snapshot = await self.engine.totals.read()
        metrics.queue.set(await deps.review.count('open'))
        depth, oldest, _ = await self.engine.queue_stats()
        metrics.work.set(depth)
        metrics.work_age.set((deps.now() - oldest).total_seconds() if oldest else 0)
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    async def _receive(self, vendor: str, request: Request) -> Response:
        settings, deps, metrics = self.settings, self.deps, self.metrics
        try:
            body = await request.body()
        except HTTPException as e:  # over MAX_BODY: the router's limit stopped reading
            if e.status_code == 413:
                metrics.webhooks.labels(vendor, 'too_large').inc()
            raise
        url = ''  # only HubSpot signs the URL: the one it called, query string included (helper-51: it was dropped)
        if vendor == 'hubspot':
            query = request.url.query
            url = (settings.public_url.rstrip('/') + request.url.path + (f'?{query}' if query else '')
                   if settings.public_url else str(request.url))
        try:
            replayable = verify(vendor, request.headers, body, settings.secrets_for(vendor), url=url,
                                method=request.method, hubspot_legacy=settings.webhook_hubspot_legacy_signatures)
            if replayable and (first := await self.accepter.bounded(self._first_delivery(vendor, body))) is not None:
                metrics.webhooks.labels(vendor, 'replayed').inc()
                return JSONResponse(Accepted(run_ids=first, duplicate=True).model_dump(), status_code=202)
            inbound = (parse(vendor, body, request.headers, deps.policy.intake) if len(body) <= PARSE_INLINE else
                       await asyncio.get_running_loop().run_in_executor(
                           self._parsing, parse, vendor, body, request.headers, deps.policy.intake))
        except WebhookRejected as e:
            metrics.webhooks.labels(vendor, str(e.status)).inc()
            if e.status == 400:  # verified but unreadable: kept for a human before the answer, in every mode
                await self.accepter.bounded(self._unreadable(vendor, body, str(e)))
            return JSONResponse({'detail': str(e)}, status_code=e.status)
        items: list[tuple[RunRecord, str | None]] = []
        forwarded = _forwarded_submitter(request, self._trusted_proxies) if vendor == 'generic' else None
        for item in inbound:
            delivery = _delivery_key(vendor, item.delivery_id) if item.delivery_id else None
            lead = item.lead.model_copy(update={'delivery_id': delivery}) if delivery else item.lead
            if forwarded and not lead.source_ip:  # the payload's own report comes first
                lead = lead.model_copy(update={'source_ip': forwarded, 'rate_key': submitter_key(forwarded, lead.email)})
            items.append((queued_record(lead, uuid4().hex, deps.now(), dry_run=deps.dry_run), delivery))
        # Stored and queued in one transaction with the body as received, before the answer: from here on the runs
        # cannot be lost, nor what was sent.
        firsts = await self.accepter.accept(items, RawBody.of(body, deps.now(), dry_run=deps.dry_run)) if items else []
        kept = (await self.accepter.bounded(self._other_submissions(vendor, body, items, firsts))
                if any(first is not None for first in firsts) else {})
        # A kept submission's resend is a duplicate as a replay is: of the run it was kept as.
        duplicate = any(kept[i][1] if i in kept else first is not None for i, first in enumerate(firsts))
        run_ids = [kept[i][0] if i in kept else first or record.run_id
                   for i, ((record, _), first) in enumerate(zip(items, firsts, strict=True))]
        if replayable:
            # Remembered once stored, so a failure before leaves nothing that would turn the vendor's retry away. Two
            # copies racing past `seen` both get runs; the second is a `duplicate` by the submission's dedupe key.
            await self.accepter.bounded(self.digests.remember(self._digest_key(vendor), body, run_ids, deps.now()))
        if not inbound:  # a HubSpot Webhooks-API event batch: object ids, no form fields (see lead_agent.webhooks)
            metrics.webhooks.labels(vendor, 'events_not_triaged').inc()
            log.info('%s: event batch acknowledged, not triaged (no form fields)', vendor)
            return JSONResponse(Accepted(run_ids=[]).model_dump(), status_code=202)
        # One outcome a request (helper-202: a reused delivery id was counted as reused and as accepted too).
        outcome = ('duplicate' if duplicate and len(run_ids) == 1 else
                   'delivery_id_reused' if any(not before for _, before in kept.values()) else 'accepted')
        metrics.webhooks.labels(vendor, outcome).inc()
        return JSONResponse(Accepted(run_ids=run_ids, duplicate=duplicate).model_dump(), status_code=202)

    async def _other_submissions(self, vendor: str, body: bytes, items: list[tuple[RunRecord, str | None]],
                                 firsts: list[str | None]) -> dict[int, tuple[str, bool]]:
        """The items whose delivery id another submission's run took, kept for a person: index → (run, kept before).

        A delivery id names one submission, and a replay is answered with its first run. Another submission under an
        id already taken (a sender's bug, or a submitter who chose the id: a Formspree form's own `_id` field) was
        answered as that replay and dropped, nothing kept (helper-197). Its body is kept as a failed run in review,
        as an unreadable one is, once per body: its resends are answered with that run. An erased first run's
        submission is unknown: a resend after an erasure stays a replay and makes nothing.
        """
        others: dict[int, str] = {}
        for i, ((record, delivery), first) in enumerate(zip(items, firsts, strict=True)):
            if first is not None and delivery is not None:
                taken = await self.deps.runs.get(first)
                if taken is not None and taken.dedupe_key != record.dedupe_key and ERASED_FLAG not in taken.flags:
                    others[i] = f'its delivery id {delivery} was taken by run {first[:12]} for another submission'
        if not others:
            return {}
        run_id, before = await self._unreadable(vendor, body, '; '.join(others.values()))
        log.warning('%s: a delivery id already taken came with another submission: kept for review as run %s',
                    vendor, run_id[:12])
        return {i: (run_id, before) for i in others}

    async def _unreadable(self, vendor: str, body: bytes, error: str) -> tuple[str, bool]:
        """Keep a verified but unreadable body as a failed run in review, before the answer; once per body.

        Its run, and whether it was kept before (by an earlier copy of the body).

        A vendor retries a delivery it got a 4xx for, some for a day: each copy was a new run, review item and post.
        The review channel hears of it after the answer: a burst of them was answered one a second, Slack's rate for
        the channel, and vendors gave up waiting and sent them again (helper-42).
        """
        deps = self.deps
        digest = hashlib.sha256(f'unreadable:{vendor}:'.encode() + body).hexdigest()  # a dedupe key's 64 characters
        run_id = uuid4().hex
        first = await deps.intake.claim(digest, f'{vendor}:unreadable:{digest}', run_id, deps.now(),
                                        deps.policy.thresholds.dedupe_window_hours)
        if first is not None:
            if await deps.runs.get(first) is not None:
                return first, True
            run_id = first  # claimed by a copy whose record then failed: this copy records it
        said = error if error.startswith(f'{vendor}: ') else f'{vendor}: {error}'  # the vendor named once, not twice
        rec = await record_unreadable(body.decode('utf-8', 'backslashreplace'), said, deps, vendor=vendor,
                                      run_id=run_id, post=False)

        async def post() -> None:
            try:
                await post_unreadable(rec, deps)
            except Exception:  # the item is on the review page all the same
                log.exception('review post of unreadable run %s failed', rec.run_id[:12])

        task = asyncio.create_task(post())
        self._posts.add(task)
        task.add_done_callback(self._posts.discard)
        return rec.run_id, False

    async def _first_delivery(self, vendor: str, body: bytes) -> list[str] | None:
        """For a body signed without a timestamp: the runs of its first delivery within the window; None if new.

        A repeat is answered like a replayed delivery id, 2xx with the first runs: a vendor's retry of an answer it
        missed then stops, and a captured request replayed later starts nothing. (A 409 would make HubSpot retry for
        a day, or mark a delivery failed that was received.)
        """
        if not _is_json(body):
            # What a length extension appends (0x80, zeros, a length) never continues a JSON document, and HubSpot
            # always sends one: such a body is taken for a forgery, not kept for review like a 400.
            raise WebhookRejected(f'{vendor}: a v1/v2-signed body must be JSON', status=401)
        return await self.digests.seen(self._digest_key(vendor), body, self.deps.now())

    def _digest_key(self, vendor: str) -> str:
        # A dry-run host's digests are its own: a live host given the same body later must not take it for a replay.
        return f'dry:{vendor}' if self.deps.dry_run else vendor

    def _mount_optional(self, router: APIRouter) -> None:
        settings, deps = self.settings, self.deps
        users = self._review_users
        token = settings.review_token.get_secret_value() if settings.review_token else None
        if users or token:
            from .review import review_router

            router.include_router(review_router(deps, users=users or None, bearer_token=token,
                                                secret_key=settings.secret_key.get_secret_value()))
        if settings.slack_bot_token and settings.slack_signing_secret and deps.dry_run:
            # A dry run posts nothing to Slack, so no button of its own can be clicked, and a click on a live post
            # must not decide a live run from a host whose actions all go to the outbox.
            log.warning('dry run: /slack/events is not served (Slack buttons work on a live host only)')
        elif settings.slack_bot_token and settings.slack_signing_secret:
            from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler

            from ..slack import UNREADABLE, build_slack_app

            bolt = AsyncSlackRequestHandler(build_slack_app(
                deps, signing_secret=settings.slack_signing_secret.get_secret_value()))

            async def slack_events(request: Request) -> Response:
                # Every copy of the header: Bolt reads the last, and its check overflowed on 400 digits (a 500).
                if not all(map(is_timestamp, request.headers.getlist('x-slack-request-timestamp'))):
                    return JSONResponse({'detail': 'slack: the timestamp is not an integer'}, status_code=401)
                try:
                    return await bolt.handle(request)
                except UNREADABLE as e:
                    # Bolt reads the body before it checks the signature and indexes what it parsed: a body that is
                    # not UTF-8 or JSON, a button click without its action, a payload that is not an object
                    # (`payload=null`: the fuzz test) or nested thousands deep (helper-53), raised out of it as a
                    # 500, signed or not.
                    log.warning('Slack request not readable: %s', type(e).__name__)
                    return JSONResponse({'detail': 'not a readable Slack request'}, status_code=400)

            router.add_api_route('/slack/events', slack_events, methods=['POST'], include_in_schema=False,
                                 route_class_override=_BareRoute)


def create_app(settings: HostSettings | None = None, *, deps: TriageDeps | None = None) -> FastAPI:
    """The host as an app of its own; settings are read from the environment once, here."""
    host = Host(settings, deps=deps)
    traced = host.settings.trace != 'off'  # FastAPI's own OpenTelemetry: its per-request checks only when tracing
    app = FastAPI(title='lead-agent host', version='0.1.0', lifespan=host.lifespan,
                  telemetry={'tracing': traced, 'metrics': traced, 'logs': traced},
                  description='Receives contact-form webhooks and triages each lead as a durable run.')
    app.include_router(host.router)
    app.state.host, app.state.deps, app.state.metrics = host, host.deps, host.metrics
    return app


def _delivery_key(vendor: str, delivery_id: str) -> str:
    key = f'{vendor}:{delivery_id}'
    # The store keeps 200 characters of it (a vendor's ids are far shorter); a longer one is known by its digest.
    return key if len(key) <= 200 else f'{vendor}:sha256:{hashlib.sha256(delivery_id.encode()).hexdigest()}'


def _is_json(body: bytes) -> bool:
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return False
    return True


async def _sla_loop(deps: TriageDeps, settings: HostSettings) -> None:
    from ..slack import check_sla, slack_client

    assert settings.slack_bot_token is not None
    client = slack_client(settings.slack_bot_token.get_secret_value(), base_url=settings.slack_base_url)
    while True:
        started = time.monotonic()
        try:
            await check_sla(deps.db, client, deps.policy, datetime.now(UTC))
        except Exception:  # the host boundary: one failed pass must not stop the loop
            log.exception('SLA check failed')
        await asyncio.sleep(max(1.0, 60 - (time.monotonic() - started)))
