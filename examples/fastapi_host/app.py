"""Example FastAPI host: form vendors POST here; it verifies, answers at once, and triages in the background.

    lead-agent serve --host 0.0.0.0 --port 8000          # the host and one `lead-agent worker` beside it
    uvicorn examples.fastapi_host.app:app --port 8000    # the host alone (LEAD_AGENT_WORKER=inline by default)

Routes: `POST /api/agent/lead-triage` (Standard Webhooks), `POST /webhooks/{typeform,hubspot,tally,webflow,
formspree}`, `/review` (when REVIEW_USERS or REVIEW_TOKEN is set), `/slack/events` (when Slack is set),
`/healthz`, `/metrics`. Never 404/410/429 on the webhook routes: an over-limit sender gets 2xx and its
submission is recorded as `rate_limited`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from pydantic import BaseModel

from lead_agent import Lead, RunRecord, TriageDeps, WebhookRejected, load_policy, record_unreadable, triage
from lead_agent.defaults import configured_deps
from lead_agent.guards import dedupe_key
from lead_agent.llm import build_model, model_settings
from lead_agent.tracing import configure_tracing
from lead_agent.webhooks import MAX_BODY, parse, verify

from .settings import VENDORS, HostSettings

log = logging.getLogger('lead_agent.host')


class Accepted(BaseModel):
    """What a vendor gets back at once."""

    run_ids: list[str]
    duplicate: bool = False


class Problem(BaseModel):
    """Why a request was refused."""

    detail: str


class Metrics:
    """Prometheus metrics of this process."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.runs = Counter('lead_agent_runs', 'Runs by terminal state', ['state'], registry=self.registry)
        self.latency = Histogram('lead_agent_triage_seconds', 'Triage latency', registry=self.registry,
                                 buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
        self.cost = Counter('lead_agent_cost_usd', 'Model cost in USD (priced runs)', registry=self.registry)
        self.webhooks = Counter('lead_agent_webhooks', 'Webhook requests by outcome', ['vendor', 'outcome'],
                                registry=self.registry)
        self.queue = Gauge('lead_agent_review_queue_depth', 'Open review items', registry=self.registry)
        self.work = Gauge('lead_agent_work_queue_depth', 'Accepted runs not triaged yet', registry=self.registry)
        self.work_age = Gauge('lead_agent_work_queue_oldest_seconds',
                              'Age of the oldest run not triaged yet (0 when none): alert when workers stall',
                              registry=self.registry)

    def observe(self, rec: RunRecord) -> None:
        """Count one finished run."""
        self.runs.labels(rec.state).inc()
        self.latency.observe(rec.latency_ms.get('total', 0.0) / 1000)
        if rec.cost_usd:
            self.cost.inc(rec.cost_usd)


class Runner:
    """Background triage on a worker thread with its own event loop.

    The request path only verifies, stores and hands over; the pipeline's CPU work (the model, the guards)
    runs on the worker's loop, so a burst of submissions does not queue the answers behind triage (DESIGN §6:
    a production deployment moves this to separate worker processes).
    """

    def __init__(self, deps: TriageDeps, metrics: Metrics, *, concurrency: int = 8) -> None:
        self.deps, self.metrics, self.concurrency = deps, metrics, concurrency
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread: threading.Thread | None = None
        self.gate: asyncio.Semaphore | None = None
        self.pending: set[concurrent.futures.Future[None]] = set()

    def _worker(self) -> asyncio.AbstractEventLoop:
        # Started on first use and again after `close()`: an app may run its lifespan more than once.
        if self.loop is None:
            self.loop = asyncio.new_event_loop()
            self.gate = asyncio.Semaphore(self.concurrency)
            self.thread = threading.Thread(target=self.loop.run_forever, name='lead-agent-worker', daemon=True)
            self.thread.start()
        return self.loop

    def start(self, make: Callable[[], Awaitable[RunRecord]]) -> None:
        """Run a triage on the worker loop (`make` builds the coroutine there)."""
        future = asyncio.run_coroutine_threadsafe(self._finish(make), self._worker())
        self.pending.add(future)
        future.add_done_callback(self.pending.discard)

    async def _finish(self, make: Callable[[], Awaitable[RunRecord]]) -> None:
        assert self.gate is not None
        async with self.gate:
            try:
                self.metrics.observe(await make())
            except Exception:  # the host boundary: triage records its own failures; this is the store failing
                log.exception('background triage failed')

    async def drain(self) -> None:
        """Wait for every triage handed over so far."""
        while self.pending:
            await asyncio.gather(*(asyncio.wrap_future(f) for f in list(self.pending)), return_exceptions=True)

    def close(self) -> None:
        """Stop the worker loop (after `drain`); a later `start` starts a new one."""
        loop, thread = self.loop, self.thread
        if loop is None or thread is None:
            return
        self.loop = self.thread = self.gate = None
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


class Accepter:
    """Group commit: one transaction at a time; the submissions that arrive meanwhile share the next one.

    A single flusher also keeps the host's own transactions from queueing on each other for SQLite's write lock.
    """

    def __init__(self, deps: TriageDeps, *, linger: float = 0.002) -> None:
        self.deps, self.linger = deps, linger
        self.batch: list[tuple[RunRecord, str | None, asyncio.Future[str | None]]] = []
        self.flushing: asyncio.Task[None] | None = None

    async def accept(self, record: RunRecord, delivery_id: str | None) -> str | None:
        """Store and enqueue one submission; the first run's id when its delivery id was seen before."""
        future: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self.batch.append((record, delivery_id, future))
        if self.flushing is None:
            self.flushing = asyncio.ensure_future(self._flush())
        return await future

    async def _flush(self) -> None:
        await asyncio.sleep(self.linger)
        while self.batch:
            batch, self.batch = self.batch, []
            try:
                firsts = await self.deps.store.accept([(record, delivery_id) for record, delivery_id, _ in batch])
            except Exception as e:  # the host boundary: each waiting request gets the error (a 500, retried by vendors)
                for _, _, future in batch:
                    future.set_exception(e)
                continue
            for (_, _, future), first in zip(batch, firsts, strict=True):
                future.set_result(first)
        self.flushing = None


def create_app(settings: HostSettings | None = None, *, deps: TriageDeps | None = None) -> FastAPI:
    """The host; settings are read from the environment once, here."""
    settings = settings or HostSettings()  # pyright: ignore[reportCallIssue]
    configure_tracing(settings.trace, personal_data=settings.trace_personal_data, service_name='lead-agent-host')
    if deps is None:
        policy = load_policy(settings.policy)
        key = settings.api_key.get_secret_value() if settings.api_key else None
        model = build_model(settings.model, policy, base_url=settings.base_url, api_key=key, fallback=settings.fallback)
        deps = configured_deps(settings, policy, model=model)
        deps.model_settings = model_settings(settings.request_timeout, settings.max_retries)
        deps.request_limit = settings.max_requests
    metrics = Metrics()
    runner = Runner(deps, metrics, concurrency=settings.concurrency)
    accepter = Accepter(deps)
    inline = settings.worker == 'inline'

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sla = asyncio.create_task(_sla_loop(deps, settings)) if settings.slack_bot_token else None
        try:
            yield
        finally:
            if sla is not None:
                sla.cancel()
            await runner.drain()
            runner.close()

    app = FastAPI(title='lead-agent host', version='0.1.0', lifespan=lifespan,
                  description='Receives contact-form webhooks and triages each lead in the background.')
    app.state.deps, app.state.runner, app.state.metrics = deps, runner, metrics
    responses: dict[int | str, dict[str, Any]] = {
        400: {'model': Problem}, 401: {'model': Problem}, 413: {'model': Problem}}

    def receive(vendor: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await _receive(vendor, request, settings, deps, accepter, runner if inline else None, metrics)

        endpoint.__name__ = f'receive_{vendor}'
        return endpoint

    app.add_api_route('/api/agent/lead-triage', receive('generic'), methods=['POST'], status_code=202,
                      response_model=Accepted, responses=responses, summary='Receive a lead (Standard Webhooks)')
    for vendor in VENDORS[1:]:
        app.add_api_route(f'/webhooks/{vendor}', receive(vendor), methods=['POST'], status_code=202,
                          response_model=Accepted, responses=responses, summary=f'Receive a {vendor} webhook')

    @app.get('/healthz', summary='Liveness and database check')
    async def healthz() -> dict[str, str]:
        await deps.store.list_runs(1)
        return {'status': 'ok', 'model': deps.model_name}

    @app.get('/metrics', summary='Prometheus metrics', response_class=Response)
    async def prometheus() -> Response:
        metrics.queue.set(len(await deps.store.list_review('open')))
        depth, oldest = await deps.store.queue_stats()
        metrics.work.set(depth)
        metrics.work_age.set((deps.now() - oldest).total_seconds() if oldest else 0)
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    _mount_optional(app, deps, settings)
    return app


def __getattr__(name: str) -> FastAPI:
    # `uvicorn examples.fastapi_host.app:app`: built from the environment on first use, not at import.
    if name != 'app':
        raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
    app = globals()['app'] = create_app()
    return app


async def _receive(vendor: str, request: Request, settings: HostSettings, deps: TriageDeps, accepter: Accepter,
                   runner: Runner | None, metrics: Metrics) -> Response:
    declared = request.headers.get('content-length', '0')
    if declared.isdigit() and int(declared) > MAX_BODY:
        metrics.webhooks.labels(vendor, 'too_large').inc()
        return JSONResponse({'detail': f'body over {MAX_BODY} bytes'}, status_code=413)
    body = await request.body()
    url = (settings.public_url.rstrip('/') + request.url.path) if settings.public_url else str(request.url)
    try:
        if len(body) > MAX_BODY:
            raise WebhookRejected(f'body over {MAX_BODY} bytes', status=413)
        verify(vendor, request.headers, body, settings.secrets_for(vendor), url=url, method=request.method)
        inbound = parse(vendor, body, request.headers, deps.policy.intake,
                        source_ip=request.client.host if request.client else None)
    except WebhookRejected as e:
        metrics.webhooks.labels(vendor, str(e.status)).inc()
        if e.status == 400:  # verified but unreadable: keep the raw body for a human
            raw, why = body.decode('utf-8', 'backslashreplace'), f'{vendor}: {e}'
            runner.start(lambda: record_unreadable(raw, why, deps))
        return JSONResponse({'detail': str(e)}, status_code=e.status)
    if not inbound:  # a HubSpot Webhooks-API event batch: object ids, no form fields (see lead_agent.webhooks)
        metrics.webhooks.labels(vendor, 'events_not_triaged').inc()
        log.info('%s: event batch acknowledged, not triaged (no form fields)', vendor)
        return JSONResponse(Accepted(run_ids=[]).model_dump(), status_code=202)
    run_ids: list[str] = []
    duplicate = False
    for item in inbound:
        delivery = f'{vendor}:{item.delivery_id}' if item.delivery_id else None
        lead = item.lead.model_copy(update={'delivery_id': delivery}) if delivery else item.lead
        record = RunRecord(run_id=uuid4().hex, dedupe_key=dedupe_key(lead), received_at=deps.now(), lead=lead,
                           state='failed', errors=['queued: not triaged yet'])
        # Stored and enqueued before the answer: a crash from here on leaves the queued run, never nothing.
        first = await accepter.accept(record, delivery)
        if first is not None:
            run_ids.append(first)
            duplicate = True
            continue
        if runner is not None:
            runner.start(lambda lead=lead, run_id=record.run_id: _triage_queued(deps, lead, run_id))
        run_ids.append(record.run_id)
    metrics.webhooks.labels(vendor, 'duplicate' if duplicate and len(run_ids) == 1 else 'accepted').inc()
    return JSONResponse(Accepted(run_ids=run_ids, duplicate=duplicate).model_dump(), status_code=202)


async def _triage_queued(deps: TriageDeps, lead: Lead, run_id: str) -> RunRecord:
    rec = await triage(lead, deps, run_id=run_id)
    await deps.store.finish_queued(run_id)
    return rec


def _mount_optional(app: FastAPI, deps: TriageDeps, settings: HostSettings) -> None:
    users = settings.users()
    token = settings.review_token.get_secret_value() if settings.review_token else None
    if users or token:
        from .review import review_router

        app.include_router(review_router(deps, users=users or None, bearer_token=token,
                                         secret_key=settings.secret_key.get_secret_value()))
    if settings.slack_bot_token and settings.slack_signing_secret:
        from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
        from starlette.routing import Route

        from lead_agent.slack import build_slack_app

        bolt = build_slack_app(deps, signing_secret=settings.slack_signing_secret.get_secret_value())
        app.router.routes.append(Route('/slack/events', AsyncSlackRequestHandler(bolt, path='/slack/events'),
                                       methods=['POST']))


async def _sla_loop(deps: TriageDeps, settings: HostSettings) -> None:
    from lead_agent.slack import check_sla, slack_client

    assert settings.slack_bot_token is not None
    client = slack_client(settings.slack_bot_token.get_secret_value(), base_url=settings.slack_base_url)
    while True:
        started = time.monotonic()
        try:
            await check_sla(deps.store.db, client, deps.policy, datetime.now(UTC))  # type: ignore[attr-defined]
        except Exception:  # the host boundary: one failed pass must not stop the loop
            log.exception('SLA check failed')
        await asyncio.sleep(max(1.0, 60 - (time.monotonic() - started)))
