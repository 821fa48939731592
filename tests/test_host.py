"""The example FastAPI host: answer first, triage after; signatures; replays; limits; metrics; no 5xx."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import httpx2
import pytest
from standardwebhooks import Webhook

from lead_agent import Policy, TriageDeps, local_deps
from lead_agent.runs import Engine
from lead_agent.web import HostSettings, create_app

from ._processes import free_port, wait_healthy
from .helpers import EXAMPLES

SECRET = 'whsec_' + base64.b64encode(b'lead-agent-test-secret-0123456789').decode()
LEAD = json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text())


def signed(payload: Any, msg_id: str, secret: str = SECRET, when: datetime | None = None) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload)
    when = when or datetime.now(UTC)
    signature = Webhook(secret).sign(msg_id, when, body)
    return body.encode(), {'webhook-id': msg_id, 'webhook-timestamp': str(int(when.timestamp())),
                           'webhook-signature': signature, 'content-type': 'application/json'}


@pytest.fixture
def host_deps(policy: Policy, sqlite_url: str) -> Iterator[TriageDeps]:
    deps = local_deps(policy, database_url=sqlite_url)
    yield deps
    deps.db.dispose()  # type: ignore[attr-defined]


@pytest.fixture
async def client(host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[httpx2.AsyncClient]:
    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', f'whsec_b2xkLXJvdGF0ZWQtc2VjcmV0LTAxMjM0NTY3ODk=,{SECRET}')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    transport = httpx2.ASGITransport(app=app)
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=transport, base_url='http://testserver') as c:
        c.app = app  # type: ignore[attr-defined]
        yield c


async def settle(client: httpx2.AsyncClient) -> None:
    """Wait until every accepted run finished."""
    engine = cast(Engine, client.app.state.host.engine)  # type: ignore[attr-defined]
    for _ in range(600):
        if (await engine.queue_stats())[0] == 0:
            return
        await asyncio.sleep(0.02)
    raise AssertionError('runs still queued after 12 s')


async def test_answer_first_then_triage(client: httpx2.AsyncClient, host_deps: TriageDeps) -> None:
    body, headers = signed(LEAD, 'msg_1')
    response = await client.post('/api/agent/lead-triage', content=body, headers=headers)
    assert response.status_code == 202
    [run_id] = response.json()['run_ids']
    await settle(client)
    rec = await host_deps.runs.get(run_id)
    assert rec is not None and rec.state == 'routed_sales' and rec.lead is not None
    assert rec.lead.source == 'generic' and rec.lead.delivery_id == 'generic:msg_1'


async def test_a_replayed_delivery_answers_the_first_run_and_starts_nothing(client: httpx2.AsyncClient,
                                                                          host_deps: TriageDeps) -> None:
    body, headers = signed(LEAD, 'msg_2')
    first = (await client.post('/api/agent/lead-triage', content=body, headers=headers)).json()
    again = await client.post('/api/agent/lead-triage', content=body, headers=headers)
    assert again.status_code == 202 and again.json() == {'run_ids': first['run_ids'], 'duplicate': True}
    await settle(client)
    assert len(await host_deps.runs.recent()) == 1


async def test_ten_concurrent_posts_of_one_delivery_make_one_run(client: httpx2.AsyncClient,
                                                               host_deps: TriageDeps) -> None:
    body, headers = signed(LEAD, 'msg_3')
    answers = await asyncio.gather(*(client.post('/api/agent/lead-triage', content=body, headers=headers)
                                     for _ in range(10)))
    assert {a.status_code for a in answers} == {202}
    assert len({a.json()['run_ids'][0] for a in answers}) == 1
    await settle(client)
    assert len(await host_deps.runs.recent()) == 1
    assert len(host_deps.crm.contacts()) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize('change, status', [
    ('tampered', 401), ('wrong_secret', 401), ('stale', 401), ('unsigned', 401)])
async def test_bad_signatures_are_refused(client: httpx2.AsyncClient, host_deps: TriageDeps, change: str,
                                          status: int) -> None:
    if change == 'wrong_secret':
        body, headers = signed(LEAD, 'msg_x', secret='whsec_' + base64.b64encode(b'not-the-secret').decode())
    elif change == 'stale':
        body, headers = signed(LEAD, 'msg_x', when=datetime.fromtimestamp(datetime.now(UTC).timestamp() - 600, UTC))
    else:
        body, headers = signed(LEAD, 'msg_x')
        if change == 'tampered':
            body = body.replace(b'demo', b'DEMO')
        else:
            headers.pop('webhook-signature')
    response = await client.post('/api/agent/lead-triage', content=body, headers=headers)
    assert response.status_code == status
    assert await host_deps.runs.recent() == []


async def test_too_large_and_malformed_bodies(client: httpx2.AsyncClient, host_deps: TriageDeps) -> None:
    big, headers = signed({**LEAD, 'message': 'x' * 300_000}, 'msg_big')
    assert (await client.post('/api/agent/lead-triage', content=big, headers=headers)).status_code == 413
    bad_body = b'{"email": "a@b.com", '
    when = datetime.now(UTC)
    headers = {'webhook-id': 'msg_bad', 'webhook-timestamp': str(int(when.timestamp())),
               'webhook-signature': Webhook(SECRET).sign('msg_bad', when, bad_body.decode())}
    response = await client.post('/api/agent/lead-triage', content=bad_body, headers=headers)
    assert response.status_code == 400 and 'JSON' in response.json()['detail']
    await settle(client)
    [kept] = await host_deps.runs.recent()
    assert kept.state == 'failed' and kept.raw == bad_body.decode()  # the raw body is kept for inspection
    assert [i.run_id for i in await host_deps.review.items()] == [kept.run_id]


async def test_over_the_rate_limit_still_gets_2xx_and_a_review_item(client: httpx2.AsyncClient, host_deps: TriageDeps) -> None:
    for i in range(7):
        body, headers = signed({**LEAD, 'message': LEAD['message'] + f' #{i}'}, f'msg_rl{i}')
        assert (await client.post('/api/agent/lead-triage', content=body, headers=headers)).status_code == 202
        await settle(client)
    states = sorted(r.state for r in await host_deps.runs.recent(limit=20))
    assert states.count('rate_limited') == 2
    limited = {r.run_id for r in await host_deps.runs.recent(limit=20) if r.state == 'rate_limited'}
    assert {i.run_id for i in await host_deps.review.items()} >= limited  # kept for a human, not dropped
    # Every delivery comes from the same server (the vendor's): another person's lead is not limited by it.
    other = {k: v for k, v in LEAD.items() if k != 'source_ip'} | {'email': 'someone.else@acme.example'}
    body, headers = signed(other, 'msg_rl_other')
    assert (await client.post('/api/agent/lead-triage', content=body, headers=headers)).status_code == 202
    await settle(client)
    [rec] = [r for r in await host_deps.runs.recent(limit=20) if r.lead and r.lead.email == other['email']]
    assert rec.state != 'rate_limited'


async def test_health_metrics_and_openapi(client: httpx2.AsyncClient) -> None:
    assert (await client.get('/healthz')).json() == {'status': 'ok', 'model': 'rules', 'queued': 0}
    body, headers = signed(LEAD, 'msg_m')
    await client.post('/api/agent/lead-triage', content=body, headers=headers)
    await settle(client)
    text = (await client.get('/metrics')).text
    assert 'lead_agent_runs_total{state="routed_sales"} 1.0' in text
    assert 'lead_agent_webhooks_total{outcome="accepted",vendor="generic"} 1.0' in text
    assert 'lead_agent_review_queue_depth 0.0' in text
    assert 'lead_agent_work_queue_depth 0.0' in text and 'lead_agent_work_queue_oldest_seconds 0.0' in text
    paths = (await client.get('/openapi.json')).json()['paths']
    assert sorted(paths) == ['/api/agent/lead-triage', '/healthz', '/metrics', '/webhooks/formspree',
                             '/webhooks/hubspot', '/webhooks/tally', '/webhooks/typeform', '/webhooks/webflow']


# DBOS's queue thread jitters its polling with the global `random` while hypothesis generates cases.
@pytest.mark.filterwarnings('ignore::hypothesis.errors.HypothesisDeprecationWarning')
def test_no_5xx_for_any_generated_input(host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """Schemathesis against the OpenAPI schema, review routes included: whatever it sends, never a 5xx."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from starlette.testclient import TestClient

    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    for vendor in ('TYPEFORM', 'HUBSPOT', 'TALLY', 'WEBFLOW', 'FORMSPREE'):
        monkeypatch.setenv(f'WEBHOOK_SECRET_{vendor}', 'a-secret')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('REVIEW_USERS', 'dana:pw')
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    # schemathesis annotates its API with bare generics (Result[APIOperation, ...], SearchStrategy[Case]): pyright
    # would see Unknown type arguments everywhere, so the schema and what it yields are used as Any.
    schema: Any = schemathesis.openapi.from_asgi('/openapi.json', app)
    assert {op.ok().path for op in schema.get_all_operations()} >= {
        '/api/agent/lead-triage', '/webhooks/typeform', '/review', '/review/{run_id}/approve', '/metrics'}
    login = {'Authorization': 'Basic ' + base64.b64encode(b'dana:pw').decode()}
    failures: list[str] = []
    # hypothesis's HealthCheckMeta.__iter__ is unannotated: pyright infers its items as the metaclass
    every_check = cast(list[HealthCheck], list(HealthCheck))
    with TestClient(app) as session:
        for operation in schema.get_all_operations():
            op = operation.ok()

            @settings(max_examples=25, deadline=None, suppress_health_check=every_check, database=None)
            @given(case=op.as_strategy())
            def check(case: Any) -> None:
                response = case.call(session=session, headers=login if case.path.startswith('/review') else None)
                if response.status_code >= 500:
                    failures.append(f'{case.method} {case.path}: {response.status_code}')

            check()
    assert failures == []


async def test_an_external_host_only_queues_and_a_worker_engine_runs_each_once(
        host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        ids: list[str] = []
        for i in range(3):
            body, headers = signed({**LEAD, 'message': f'{LEAD["message"]} #{i}'}, f'msg_w{i}')
            ids += (await c.post('/api/agent/lead-triage', content=body, headers=headers)).json()['run_ids']
        await asyncio.sleep(0.5)  # a host that executed runs would have finished these by now
        text = (await c.get('/metrics')).text
        assert 'lead_agent_work_queue_depth 3.0' in text
        [age] = re.findall(r'^lead_agent_work_queue_oldest_seconds (\S+)$', text, re.M)
        assert float(age) > 0
    queued = [await host_deps.runs.get(i) for i in ids]
    assert [r.errors for r in queued if r] == [['queued: not triaged yet']] * 3  # accepted, stored, not triaged
    finished: list[str] = []
    async with Engine(host_deps, on_finished=lambda rec: finished.append(rec.run_id)) as worker:
        done = [await worker.result(i) for i in ids]
        assert (await worker.queue_stats())[0] == 0
    assert sorted(r.state for r in done) == ['routed_sales'] * 3
    assert sorted(finished) == sorted(ids)  # each run executed once


async def test_accept_claims_deliveries_and_executors_die_once(deps: TriageDeps) -> None:
    """On SQLite and PostgreSQL: one transaction accepts, a replayed delivery gets the first run; a silent executor
    is handed to exactly one survivor."""
    from datetime import timedelta

    from lead_agent import Lead
    from lead_agent.runs import queued_record
    from lead_agent.store import Executors

    lead = Lead.from_submission(LEAD)
    rec = queued_record(lead, 'r1', datetime.now(UTC))
    queued: list[str] = []
    assert await deps.intake.accept([(rec, 'generic:d1'), (rec.model_copy(update={'run_id': 'r2'}), 'generic:d1')],
                                   lambda conn, recs: queued.extend(r.run_id for r in recs)) == [None, 'r1']
    assert queued == ['r1'] and await deps.runs.get('r2') is None
    now = datetime.now(UTC)
    executors = Executors(deps.db)
    assert await executors.seen('a', now, 30) == []
    assert await executors.seen('b', now + timedelta(seconds=10), 30) == []
    later = now + timedelta(seconds=35)
    assert await executors.seen('b', later, 30) == ['a']  # 'a' went silent
    assert await executors.seen('c', later, 30) == []  # handed over once
    await executors.forget('b')  # a clean stop
    assert await executors.seen('c', later, 30) == ['b']


async def test_a_burst_is_stored_one_transaction_at_a_time(host_deps: TriageDeps,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Group commit: requests that arrive while a transaction runs share the next one; never two at once."""
    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    accept, batches, running = host_deps.intake.accept, list[int](), [0, 0]  # [now, most at once]

    async def observed(items: Any, enqueue: Any) -> Any:  # the real store, observed, with a slow disk
        running[0] += 1
        running[1] = max(running)
        batches.append(len(items))
        try:
            await asyncio.sleep(0.005)
            return await accept(items, enqueue)
        finally:
            running[0] -= 1

    monkeypatch.setattr(host_deps.intake, 'accept', observed)
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        async def post(i: int) -> httpx2.Response:  # arriving over ~40 ms, while transactions run
            body, headers = signed({**LEAD, 'message': f'{LEAD["message"]} #{i}'}, f'msg_b{i}')
            await asyncio.sleep(i * 0.001)
            return await c.post('/api/agent/lead-triage', content=body, headers=headers)

        answers = await asyncio.gather(*(post(i) for i in range(40)))
    assert {a.status_code for a in answers} == {202}
    ids = {a.json()['run_ids'][0] for a in answers}
    assert len(ids) == 40 and sum(batches) == 40
    assert running[1] == 1 and max(batches) > 1
    assert len(await host_deps.runs.recent(100)) == 40


async def test_accepting_waits_out_a_write_lock_held_elsewhere(host_deps: TriageDeps, sqlite_url: str) -> None:
    """SQLite: another process holding the write lock delays the accept transaction; nothing fails or is lost."""
    import sqlite3
    import threading

    from sqlalchemy import text

    from lead_agent import Lead, RunRecord
    from lead_agent.guards import dedupe_key

    lead = Lead.from_submission(LEAD)
    rec = RunRecord(run_id='r1', dedupe_key=dedupe_key(lead), received_at=datetime.now(UTC), lead=lead,
                    state='failed', errors=['queued: not triaged yet'])
    other = sqlite3.connect(sqlite_url.removeprefix('sqlite:///'), isolation_level=None, check_same_thread=False)
    other.execute('BEGIN IMMEDIATE')  # a worker's write transaction
    released: list[str] = []

    def release() -> None:
        threading.Event().wait(0.3)
        released.append('released')
        other.execute('COMMIT')

    threading.Thread(target=release).start()
    assert await host_deps.intake.accept([(rec, 'generic:lock')], lambda conn, recs: None) == [None]
    assert released == ['released']  # it waited for the lock rather than failing
    other.close()
    assert await host_deps.runs.get('r1') is not None
    with host_deps.db.engine.connect() as conn:
        assert conn.execute(text('PRAGMA busy_timeout')).scalar_one() == 10000  # the pool gets it back as it was


def _triaged(db_url: str, run_id: str) -> str | None:
    """The run's terminal state once a worker has triaged it (None after 30 s)."""
    import time

    from lead_agent.store import Database, SqlRunLog

    runs = SqlRunLog(Database(db_url))
    try:
        for _ in range(300):
            rec = asyncio.run(runs.get(run_id))
            if rec is not None and rec.state != 'failed':
                return rec.state
            time.sleep(0.1)
        return None
    finally:
        runs.db.dispose()


def test_lead_agent_serve_runs_the_host_and_its_worker(tmp_path: Path) -> None:
    """`lead-agent serve`: a POST gets 202, the (niced) worker beside the host triages it; a dead worker is
    replaced; Ctrl-C stops them all."""
    import os
    import signal
    import subprocess
    import sys
    import time

    def children(pid: int) -> list[str]:  # live child processes, from /proc
        found: list[str] = []
        for stat in Path('/proc').glob('[0-9]*/stat'):
            try:
                fields = stat.read_text().rsplit(')', 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            if fields[1] == str(pid) and fields[0] != 'Z':
                found.append(stat.parent.name)
        return found

    port, db_url = free_port(), f'sqlite:///{tmp_path / "serve.db"}'
    env = dict(os.environ, WEBHOOK_SECRET_GENERIC=SECRET)
    workers: list[str] = []  # serve's worker processes, as last seen
    with subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'serve', '--port', str(port), '--db', db_url,
                           '--policy', str(EXAMPLES / 'policy.yaml'), '--workers', '1'],
                          cwd=EXAMPLES.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as serve:
        try:
            url = f'http://127.0.0.1:{port}'
            wait_healthy(f'{url}/healthz', serve)
            [first] = children(serve.pid)
            body, headers = signed(LEAD, 'msg_serve')
            answer = httpx2.post(f'{url}/api/agent/lead-triage', content=body, headers=headers, timeout=10)
            assert answer.status_code == 202
            assert _triaged(db_url, answer.json()['run_ids'][0]) == 'routed_sales'
            stat = Path(f'/proc/{first}/stat').read_text().rsplit(')', 1)[1].split()
            assert int(stat[16]) == 10  # the worker yields the CPU to the host (niceness 10)

            os.kill(int(first), signal.SIGKILL)  # the worker dies: serve starts another, which triages
            for _ in range(100):
                if (workers := children(serve.pid)) and workers != [first]:
                    break
                time.sleep(0.1)
            assert len(workers) == 1 and workers != [first]
            body, headers = signed({**LEAD, 'message': f'{LEAD["message"]} Again.'}, 'msg_serve_2')
            answer = httpx2.post(f'{url}/api/agent/lead-triage', content=body, headers=headers, timeout=10)
            assert _triaged(db_url, answer.json()['run_ids'][0]) == 'routed_sales'
        finally:
            serve.send_signal(signal.SIGINT)
            serve.wait(timeout=30)
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)


def test_lead_agent_serve_explains_what_is_missing(tmp_path: Path) -> None:
    import subprocess
    import sys

    def serve(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, '-m', 'lead_agent.cli', 'serve', '--port', str(free_port()), *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)

    no_policy = serve('--db', f'sqlite:///{tmp_path / "x.db"}')  # outside a checkout: no examples/policy.yaml
    assert no_policy.returncode == 2 and 'policy.yaml' in no_policy.stderr
    bad_model = serve('--model', 'nosuch:model', '--policy', str(EXAMPLES / 'policy.yaml'),
                      '--db', f'sqlite:///{tmp_path / "x.db"}')
    assert bad_model.returncode == 2 and 'nosuch' in bad_model.stderr


async def test_the_example_mounts_the_host_beside_its_own_route(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    import importlib
    import sys

    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('DATABASE_URL', f'sqlite:///{tmp_path / "app.db"}')
    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    sys.modules.pop('examples.fastapi_host.app', None)
    example = importlib.import_module('examples.fastapi_host.app')
    app = example.app
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        assert (await c.get('/hello')).json() == {'hello': 'world'}
        body, headers = signed(LEAD, 'msg_example')
        [run_id] = (await c.post('/api/agent/lead-triage', content=body, headers=headers)).json()['run_ids']
        rec = await example.host.engine.result(run_id)
        assert rec.state == 'routed_sales'
        assert (await c.get('/healthz')).status_code == 200
    example.host.deps.db.dispose()


def test_the_csrf_key_is_never_a_known_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('SECRET_KEY', raising=False)
    first, second = (HostSettings().secret_key.get_secret_value() for _ in range(2))  # pyright: ignore[reportCallIssue]
    assert first != second and len(first) >= 32
    monkeypatch.setenv('SECRET_KEY', 'shared-by-every-host')
    assert HostSettings().secret_key.get_secret_value() == 'shared-by-every-host'  # pyright: ignore[reportCallIssue]


async def test_a_hubspot_event_batch_is_acknowledged_and_counted_not_triaged(
        host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from hubspot.utils.signature import Signature  # pyright: ignore[reportMissingTypeStubs]

    monkeypatch.setenv('WEBHOOK_SECRET_HUBSPOT', 'hubspot-client-secret')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    body = (Path(__file__).parent / 'data' / 'webhooks' / 'hubspot_webhook_contact_creation.json').read_text().strip()
    ms = str(int(time.time() * 1000))
    url = 'http://testserver/webhooks/hubspot'
    headers = {'X-HubSpot-Signature-v3': Signature.get_signature('hubspot-client-secret', body, 'v3', url, 'POST', ms),
               'X-HubSpot-Request-Timestamp': ms, 'content-type': 'application/json'}
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        answer = await c.post('/webhooks/hubspot', content=body, headers=headers)
        assert answer.status_code == 202 and answer.json() == {'run_ids': [], 'duplicate': False}
        metrics = (await c.get('/metrics')).text
    assert 'lead_agent_webhooks_total{outcome="events_not_triaged",vendor="hubspot"} 1.0' in metrics
    assert await host_deps.runs.recent() == []


async def test_an_unreadable_body_is_kept_when_workers_run_elsewhere(host_deps: TriageDeps,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The default `lead-agent serve` mode (LEAD_AGENT_WORKER=external) answered 500 and lost such a body."""
    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    bodies = [b'{"email": "a@b.com", ', b'[1, 2]', json.dumps({**LEAD, 'email': 'not an email'}).encode()]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        for i, body in enumerate(bodies):
            when = datetime.now(UTC)
            headers = {'webhook-id': f'msg_u{i}', 'webhook-timestamp': str(int(when.timestamp())),
                       'webhook-signature': Webhook(SECRET).sign(f'msg_u{i}', when, body.decode())}
            assert (await c.post('/api/agent/lead-triage', content=body, headers=headers)).status_code == 400
    kept = await host_deps.runs.recent()
    assert sorted(r.raw or '' for r in kept) == sorted(b.decode() for b in bodies)
    assert {r.state for r in kept} == {'failed'}
    assert sorted(i.run_id for i in await host_deps.review.items()) == sorted(r.run_id for r in kept)


@pytest.mark.parametrize(('vendor', 'saved', 'name', 'message_starts'), [
    ('typeform', 'typeform_form_response.json', 'Laura', "It's cold right now!"),
    ('tally', 'tally_form_response.json', '', 'Hello world'),
    ('webflow', 'webflow_form_submission.json', 'Zaphod Beeblebrox', ''),
])
async def test_each_vendors_saved_payload_end_to_end(vendor: str, saved: str, name: str, message_starts: str,
                                                     host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """The vendor's own sample payload, signed as the vendor signs it, through the default host and field map: the
    run has the person's name, email and message, and every other answer."""
    import time

    from .test_webhooks import PAYLOADS, sign
    from .test_webhooks import SECRET as VENDOR_SECRET

    monkeypatch.setenv(f'WEBHOOK_SECRET_{vendor.upper()}', VENDOR_SECRET)
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    body = (PAYLOADS / saved).read_bytes()
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        c.app = app  # type: ignore[attr-defined]
        response = await c.post(f'/webhooks/{vendor}', content=body, headers=sign(vendor, body, VENDOR_SECRET,
                                                                                  now=time.time()))
        assert response.status_code == 202, response.text
        await settle(c)
    [rec] = await host_deps.runs.recent()
    assert rec.lead is not None and rec.state in ('routed_sales', 'routed_support', 'review', 'rejected')
    assert rec.lead.name == name and rec.lead.message.startswith(message_starts)
    if vendor == 'tally':  # nothing dropped: payment, rating, ranking, scale, signature and matrix answers too
        assert {'Payment (link)', 'Rating', 'Ranking', 'Linear scale', 'Signature', 'Matrix'} <= set(rec.lead.extra)
