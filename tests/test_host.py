"""The example FastAPI host: answer first, triage after; signatures; replays; limits; metrics; no 5xx."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import httpx2
import pytest
import yaml
from dirty_equals import IsStr
from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import ValidationError
from standardwebhooks import Webhook
from typer.testing import CliRunner

from lead_agent import Policy, TriageDeps, load_policy, local_deps
from lead_agent.cli import app as cli_app
from lead_agent.guards import submitter_key
from lead_agent.runs import Engine
from lead_agent.web import HostSettings, create_app
from lead_agent.web.app import HEALTH_FRESH
from lead_agent.webhooks import MAX_BODY

from ._processes import alive, children, free_port, wait_healthy
from .helpers import EXAMPLES, fuzz_route, json_paths, json_put

SECRET = 'whsec_' + base64.b64encode(b'lead-agent-test-secret-0123456789').decode()
LEAD = json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text())
IsRunId = IsStr(regex='[0-9a-f]{32}')


def signed(payload: Any, msg_id: str, secret: str = SECRET, when: datetime | None = None) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload)
    when = when or datetime.now(UTC)
    signature = Webhook(secret).sign(msg_id, when, body)
    return body.encode(), {'webhook-id': msg_id, 'webhook-timestamp': str(int(when.timestamp())),
                           'webhook-signature': signature, 'content-type': 'application/json'}


def _external_host_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generic route's secret, the sample policy, and a host that only queues (as `lead-agent serve` runs it)."""
    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))


@contextlib.contextmanager
def _held_transaction(url: str, *statements: tuple[str, dict[str, Any]]) -> Generator[None]:
    """Another session runs `statements` in a transaction and holds it, locks included, while the block runs: a hung
    database, or a host stopped in the middle of its commit, as the host's own sessions see it. Rolled back after."""
    from sqlalchemy import create_engine, text

    other = create_engine(url.replace('postgresql://', 'postgresql+psycopg://'))
    try:
        with other.connect() as conn:
            conn.begin()
            for sql, params in statements:
                conn.execute(text(sql), params)
            yield
            conn.rollback()
    finally:
        other.dispose()


LOCK_RUNS: tuple[str, dict[str, Any]] = ('LOCK TABLE runs IN ACCESS EXCLUSIVE MODE', {})


@contextlib.contextmanager
def _connections(url: str) -> Generator[Callable[[bool], None]]:
    """`allow(False)` makes the PostgreSQL database at `url` refuse connections and ends its open ones (PostgreSQL
    stopped, as the host sees it); `allow(True)` lets them in again, as leaving the block does."""
    from sqlalchemy import create_engine, text

    name = url.rsplit('/', 1)[1]
    admin = create_engine(url.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+psycopg://') + '/postgres',
                          isolation_level='AUTOCOMMIT')

    def allow(yes: bool) -> None:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE {name} ALLOW_CONNECTIONS {str(yes).lower()}'))
            if not yes:
                conn.execute(text('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n'),
                             {'n': name})

    try:
        yield allow
    finally:
        allow(True)
        admin.dispose()


def _postgres_host(policy: Policy, url: str, monkeypatch: pytest.MonkeyPatch, *, wait: float | None = None
                   ) -> tuple[TriageDeps, Any]:
    """An external host on a PostgreSQL database, answering 503 after `wait` seconds of waiting for it (None: the
    host's own wait)."""
    _external_host_env(monkeypatch)
    deps = local_deps(policy, database_url=url)
    app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]
    if wait is not None:
        app.state.host.accepter.wait = wait
    return deps, app


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
    deadline = asyncio.get_running_loop().time() + 60  # seconds on an idle machine; generous for a loaded one
    while asyncio.get_running_loop().time() < deadline:
        if (await engine.queue_stats())[0] == 0:
            return
        await asyncio.sleep(0.02)
    raise AssertionError('runs still queued after 60 s')


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


async def test_another_submission_under_a_taken_delivery_id_is_kept_for_review(client: httpx2.AsyncClient,
                                                                              host_deps: TriageDeps) -> None:
    """A delivery id names one submission. Another under an id already taken (a sender's bug; a submitter who sets
    it, as a Formspree form's own `_id` field can) was answered as a replay and dropped, nothing kept (helper-197).
    It is kept as a failed run in review, once: its resends get that run, the first submission's resends its own."""
    body, headers = signed(LEAD, 'msg_reused')
    first = (await client.post('/api/agent/lead-triage', content=body, headers=headers)).json()
    other = {**LEAD, 'email': 'ana.ruiz@northwind-clinics.example', 'message': 'Pricing for 40 clinics, please.'}
    other_body, other_headers = signed(other, 'msg_reused')
    answers = [await client.post('/api/agent/lead-triage', content=other_body, headers=other_headers)
               for _ in range(2)]
    replay = await client.post('/api/agent/lead-triage', content=body, headers=headers)
    await settle(client)
    kept_id = answers[0].json()['run_ids'][0]
    assert [a.status_code for a in answers] == [202, 202] and kept_id != first['run_ids'][0]
    assert [a.json() for a in answers] == [{'run_ids': [kept_id], 'duplicate': False},
                                           {'run_ids': [kept_id], 'duplicate': True}]
    assert replay.json() == {'run_ids': first['run_ids'], 'duplicate': True}
    kept = await host_deps.runs.get(kept_id)
    assert kept is not None and (kept.state, kept.raw) == ('failed', other_body.decode())
    assert kept.errors == [f'invalid submission: generic: its delivery id generic:msg_reused was taken by run '
                           f'{first["run_ids"][0][:12]} for another submission']
    assert [i.run_id for i in await host_deps.review.items()] == [kept_id]
    assert len(await host_deps.runs.recent()) == 2 and len(host_deps.crm.contacts()) == 1  # type: ignore[attr-defined]
    # One outcome a request (helper-202: these 4 requests counted 6 times, a reused id's also as accepted)
    counted = re.findall(r'lead_agent_webhooks_total\{outcome="(\w+)",vendor="generic"\} (\d+)',
                         (await client.get('/metrics')).text)
    assert sorted(counted) == [('accepted', '1'), ('delivery_id_reused', '1'), ('duplicate', '2')]


@contextlib.asynccontextmanager
async def _host(deps: TriageDeps) -> AsyncGenerator[httpx2.AsyncClient]:
    """The host on `deps`, started and stopped (its engine with it), as the `client` fixture's."""
    app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        c.app = app  # type: ignore[attr-defined]
        yield c


def test_review_retry_triages_a_submission_kept_for_its_taken_delivery_id(sqlite_url: str, cli: CliRunner,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Two Typeform bodies under one `event_id`: the second is kept for review. Its body is readable: retried, it is
    triaged through Typeform's reader as its own run, without the id the first run holds (helper-202: it was read
    as a plain JSON lead, and refused for a missing email)."""
    from .test_webhooks import PAYLOADS, sign
    from .test_webhooks import SECRET as VENDOR_SECRET

    monkeypatch.setenv('WEBHOOK_SECRET_TYPEFORM', VENDOR_SECRET)
    body = (PAYLOADS / 'typeform_form_response.json').read_bytes()
    other_body = body.replace(b'laura@example.com', b'ana.ruiz@northwind-clinics.example')
    assert other_body != body

    async def keep() -> tuple[str, str]:
        deps = local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=sqlite_url)
        try:
            async with _host(deps) as client:
                first, kept = [(await client.post('/webhooks/typeform', content=b, headers=sign(
                    'typeform', b, VENDOR_SECRET, now=time.time()))).json()['run_ids'][0] for b in (body, other_body)]
                await settle(client)
            rec = await deps.runs.get(kept)
            assert rec is not None and rec.state == 'failed' and 'was taken by run' in rec.errors[0]
            return first, kept
        finally:
            deps.db.dispose()  # type: ignore[attr-defined]

    first, kept = asyncio.run(keep())
    retried = cli.invoke(cli_app, ['review', 'retry', kept, '--db', sqlite_url, '--by', 'dana'])
    assert retried.exit_code == 0, retried.output
    new = re.match(rf'run {kept[:12]}: retried as run ([0-9a-f]{{12}}): ', retried.stdout)
    assert new is not None and new.group(1) != first[:12], retried.stdout
    lead = json.loads(cli.invoke(cli_app, ['review', 'show', new.group(1), '--db', sqlite_url]).stdout)['lead']
    assert (lead['email'], lead['source'], lead['delivery_id']) == ('ana.ruiz@northwind-clinics.example', 'typeform',
                                                                    None)


def test_review_retry_reads_a_kept_vendor_body_through_the_vendors_reader(sqlite_url: str, cli: CliRunner,
                                                                          tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A Typeform delivery whose email is a text answer gets 400 and is kept; once `intake.fields` maps that answer,
    a retry of the kept run triages it. It was read as a plain JSON lead, and still refused (helper-202)."""
    from .test_webhooks import PAYLOADS, sign
    from .test_webhooks import SECRET as VENDOR_SECRET

    data = json.loads((PAYLOADS / 'typeform_form_response.json').read_text())
    response = data['form_response']
    for field in response['definition']['fields']:
        if field['type'] == 'email':
            field.update(type='short_text', title='Where can we reach you?', ref='reach_me')
    for answer in response['answers']:
        if answer['type'] == 'email':
            answer.update(type='text', text=answer.pop('email'), field={**answer['field'], 'type': 'short_text'})
    body = json.dumps(data).encode()
    monkeypatch.setenv('WEBHOOK_SECRET_TYPEFORM', VENDOR_SECRET)

    async def deliver() -> tuple[int, str]:
        deps = local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=sqlite_url)
        try:
            async with _host(deps) as client:
                answer = await client.post('/webhooks/typeform', content=body,
                                           headers=sign('typeform', body, VENDOR_SECRET, now=time.time()))
            [rec] = await deps.runs.recent()
            assert rec.state == 'failed'
            return answer.status_code, rec.run_id
        finally:
            deps.db.dispose()  # type: ignore[attr-defined]

    status, kept = asyncio.run(deliver())
    assert status == 400
    still = cli.invoke(cli_app, ['review', 'retry', kept, '--db', sqlite_url])
    assert still.exit_code == 1 and f'run {kept[:12]}: typeform: ' in still.stderr and 'stays in review' in still.stderr

    mapped = yaml.safe_load((EXAMPLES / 'policy.yaml').read_text())
    mapped['intake'] = {'fields': {'reach_me': 'email'}}
    mapped['local'] = {name: str(EXAMPLES / path) for name, path in mapped['local'].items()}
    policy = tmp_path / 'mapped.yaml'
    policy.write_text(yaml.safe_dump(mapped))
    retried = cli.invoke(cli_app, ['review', 'retry', kept, '--db', sqlite_url, '--policy', str(policy)])
    assert retried.exit_code == 0, retried.output
    new = re.match(rf'run {kept[:12]}: retried as run ([0-9a-f]{{12}}): ', retried.stdout)
    assert new is not None, retried.stdout
    lead = json.loads(cli.invoke(cli_app, ['review', 'show', new.group(1), '--db', sqlite_url]).stdout)['lead']
    assert (lead['email'], lead['name'], lead['source']) == ('laura@example.com', 'Laura', 'typeform')


async def test_a_delivery_resent_after_its_run_was_erased_stays_a_replay(client: httpx2.AsyncClient,
                                                                        host_deps: TriageDeps) -> None:
    """An erased run's submission is unknown: a resend of its delivery id makes nothing, whatever it holds."""
    from lead_agent.erase import erase_email

    body, headers = signed(LEAD, 'msg_erased')
    first = (await client.post('/api/agent/lead-triage', content=body, headers=headers)).json()
    await settle(client)
    await erase_email(host_deps.db, LEAD['email'], by='dpo', now=host_deps.now())
    again = await client.post('/api/agent/lead-triage', content=body, headers=headers)
    assert again.json() == {'run_ids': first['run_ids'], 'duplicate': True}
    assert len(await host_deps.runs.recent()) == 1 and await host_deps.review.items() == []


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


async def test_an_email_list_of_two_addresses_is_a_400_kept_for_review(client: httpx2.AsyncClient,
                                                                       host_deps: TriageDeps) -> None:
    """A list of one address is that address; a list of two is unreadable (whose lead is it?): 400, and kept as a
    failed run for a human, as every verified but unreadable body is."""
    one, headers = signed({**LEAD, 'email': [LEAD['email']]}, 'msg_list_one')
    accepted = await client.post('/api/agent/lead-triage', content=one, headers=headers)
    two, headers = signed({**LEAD, 'email': [LEAD['email'], 'someone.else@acme.example']}, 'msg_list_two')
    refused = await client.post('/api/agent/lead-triage', content=two, headers=headers)
    await settle(client)
    assert accepted.status_code == 202
    assert (refused.status_code, refused.json()) == (400, {'detail': 'generic: email: a list of 2 values; one '
                                                                     'address expected'})
    [read] = [await host_deps.runs.get(run_id) for run_id in accepted.json()['run_ids']]
    assert read is not None and read.lead is not None and read.lead.email == LEAD['email']
    [kept] = [r for r in await host_deps.runs.recent() if r.run_id != read.run_id]
    assert (kept.state, kept.lead, kept.raw) == ('failed', None, two.decode())
    assert kept.run_id in [i.run_id for i in await host_deps.review.items()]


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
    _external_host_env(monkeypatch)
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
    # The host's /metrics has the runs the worker executed (they stayed at 0 under external workers before 0009).
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        text = (await c.get('/metrics')).text
    assert 'lead_agent_runs_total{state="routed_sales"} 3.0' in text
    assert 'lead_agent_triage_seconds_count 3.0' in text and 'lead_agent_triage_seconds_bucket{le="+Inf"} 3.0' in text


async def test_accept_claims_deliveries_and_executors_are_released_once(deps: TriageDeps) -> None:
    """On SQLite and PostgreSQL: one transaction accepts, a replayed delivery gets the first run; a silent executor
    is handed over until one survivor releases it."""
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
    assert await executors.seen('a', 30, now=now) == []
    assert await executors.seen('b', 30, now=now + timedelta(seconds=10)) == []
    later = now + timedelta(seconds=35)
    assert await executors.seen('b', 30, now=later) == ['a']  # 'a' went silent
    assert await executors.seen('c', 30, now=later) == ['a']  # until its runs are re-queued, for every judge
    assert await executors.released('a', 30, now=later) is True
    assert await executors.released('a', 30, now=later) is False  # by one of them
    assert await executors.seen('c', 30, now=later) == []
    await executors.forget('b')  # a clean stop
    assert await executors.seen('c', 30, now=later) == ['b']
    await executors.seen('b', 30, now=later, collect=False)  # back before anyone released it
    assert await executors.released('b', 30, now=later) is False


async def test_a_burst_is_stored_one_transaction_at_a_time(host_deps: TriageDeps,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Group commit: requests that arrive while a transaction runs share the next one; never two at once."""
    _external_host_env(monkeypatch)
    accept, batches, running = host_deps.intake.accept, list[int](), [0, 0]  # [now, most at once]

    async def observed(items: Any, enqueue: Any, raw: Any = None) -> Any:  # the real store, observed, with a slow disk
        running[0] += 1
        running[1] = max(running)
        batches.append(len(items))
        try:
            await asyncio.sleep(0.005)
            return await accept(items, enqueue, raw)
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

    releaser = threading.Thread(target=release)
    releaser.start()
    assert await host_deps.intake.accept([(rec, 'generic:lock')], lambda conn, recs: None) == [None]
    assert released == ['released']  # it waited for the lock rather than failing
    releaser.join()  # COMMIT may still be returning: closing the connection under it crashed the interpreter
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
    replaced; SIGTERM (what docker, systemd and supervisord send; Ctrl-C is SIGINT) stops them all. helper-67: on
    SIGTERM uvicorn re-raised the signal after its shutdown, serve died of it, and its workers ran on, orphaned."""
    import signal
    import subprocess
    import sys
    import time

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
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=30)
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)


def test_the_workers_of_a_killed_serve_stop(tmp_path: Path) -> None:
    """helper-93: `kill -9` of `lead-agent serve` left its workers running, orphaned. A worker someone else stopped
    is said as a warning (it was an error), a crashed one as an error naming the signal."""
    import signal
    import subprocess
    import sys
    import time

    def replaced(old: str) -> str:
        for _ in range(150):
            if (now := children(serve.pid)) and now != [old]:
                return now[0]
            time.sleep(0.1)
        raise AssertionError(f'worker {old} was not replaced')

    port, db_url, log = free_port(), f'sqlite:///{tmp_path / "serve.db"}', tmp_path / 'serve.log'
    env = dict(os.environ, WEBHOOK_SECRET_GENERIC=SECRET)
    with log.open('wb') as sink, subprocess.Popen(
            [sys.executable, '-m', 'lead_agent.cli', 'serve', '--port', str(port), '--db', db_url, '--policy',
             str(EXAMPLES / 'policy.yaml'), '--workers', '1'], env=env, stdout=sink, stderr=subprocess.STDOUT) as serve:
        try:
            wait_healthy(f'http://127.0.0.1:{port}/healthz', serve)
            [first] = children(serve.pid)
            os.kill(int(first), signal.SIGTERM)  # stopped by someone: it finishes and exits 0
            second = replaced(first)
            os.kill(int(second), signal.SIGKILL)
            third = replaced(second)
            serve.kill()
            serve.wait(timeout=10)
            for _ in range(300):  # the orphan notices within a second, then stops its engine
                if not alive(third):
                    break
                time.sleep(0.1)
            else:
                raise AssertionError(f'worker {third} still runs 30 s after its serve was killed')
        finally:
            for pid in children(serve.pid):
                os.kill(int(pid), signal.SIGKILL)
            if serve.poll() is None:
                serve.kill()
    output = log.read_text(errors='replace')
    assert f'warning: worker {first} ' in output, output  # exited with 0, or killed by SIGTERM in its start-up
    assert f'error: worker {second} was killed by SIGKILL; starting another' in output, output
    assert 'the lead-agent serve that started this worker is gone; stopping' in output, output


def test_lead_agent_serve_explains_what_is_missing(tmp_path: Path) -> None:
    import subprocess
    import sys

    def serve(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, '-m', 'lead_agent.cli', 'serve', '--port', str(free_port()), *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60, env=os.environ | env)

    no_policy = serve('--db', f'sqlite:///{tmp_path / "x.db"}')  # no ./lead-agent.yaml, no LEAD_AGENT_POLICY
    assert no_policy.returncode == 2 and 'run `lead-agent init`' in no_policy.stderr
    # helper-93: a missing --policy file was reported as named by LEAD_AGENT_POLICY (serve passes it on so)
    missing = serve('--policy', 'nope.yaml', '--db', f'sqlite:///{tmp_path / "x.db"}')
    assert missing.returncode == 2 and missing.stderr.startswith('error: nope.yaml: no such policy file (--policy;')
    assert 'LEAD_AGENT_POLICY' not in missing.stderr
    bad_model = serve('--model', 'nosuch:model', '--policy', str(EXAMPLES / 'policy.yaml'),
                      '--db', f'sqlite:///{tmp_path / "x.db"}')
    assert bad_model.returncode == 2 and 'nosuch' in bad_model.stderr
    # helper-93: a generic secret that is not base64 started a host that answered every delivery with a 500.
    bad_secret = serve('--policy', str(EXAMPLES / 'policy.yaml'), '--db', f'sqlite:///{tmp_path / "x.db"}',
                       WEBHOOK_SECRET_GENERIC=f'{SECRET},my plain secret!')
    assert bad_secret.returncode == 2, bad_secret.stderr
    assert 'WEBHOOK_SECRET_GENERIC, secret 2: a generic (Standard Webhooks) secret must be base64' in bad_secret.stderr
    # helper-201: a value of commas and spaces set no secret at all, and the host started without a word
    no_secret = serve('--policy', str(EXAMPLES / 'policy.yaml'), '--db', f'sqlite:///{tmp_path / "x.db"}',
                      WEBHOOK_SECRET_TALLY=' , ')
    assert no_secret.returncode == 2, no_secret.stderr
    assert 'WEBHOOK_SECRET_TALLY holds no secret (only commas and spaces)' in no_secret.stderr


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


async def test_an_unreadable_body_is_kept_once_and_answered_before_its_review_post(
        host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default `lead-agent serve` mode (LEAD_AGENT_WORKER=external) answered 500 and lost such a body. Then each
    400 waited for its review post (Slack's one message a second: 12 at once were answered over 11.5 s), and each
    copy a vendor sent again was a new run, review item and post (helper-42)."""
    from lead_agent.notify import OutboxNotifier

    slack_back = asyncio.Event()
    posted: list[str] = []

    class SlackSlow(OutboxNotifier):
        async def post_review(self, run_id: str, lead: Any, reason: str, channel: str) -> str:
            await slack_back.wait()
            posted.append(run_id)
            return await super().post_review(run_id, lead, reason, channel)

    _external_host_env(monkeypatch)
    deps = replace(host_deps, notifier=SlackSlow(host_deps.db))
    app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]
    bodies = [b'{"email": "a@b.com", ', b'[1, 2]', json.dumps({**LEAD, 'email': 'not an email'}).encode()]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        for copy in range(2):  # a vendor's retry of each: another delivery id, the same body
            for i, body in enumerate(bodies):
                when = datetime.now(UTC)
                headers = {'webhook-id': f'msg_u{i}_{copy}', 'webhook-timestamp': str(int(when.timestamp())),
                           'webhook-signature': Webhook(SECRET).sign(f'msg_u{i}_{copy}', when, body.decode())}
                answer = await asyncio.wait_for(c.post('/api/agent/lead-triage', content=body, headers=headers), 30)
                assert answer.status_code == 400
        assert posted == []  # every answer went out with Slack still away
        slack_back.set()
    kept = await host_deps.runs.recent()
    assert sorted(r.raw or '' for r in kept) == sorted(b.decode() for b in bodies)
    assert {r.state for r in kept} == {'failed'}
    assert all(r.errors[0].startswith('invalid submission: generic: ') for r in kept)
    assert not any('generic: generic:' in r.errors[0] for r in kept)  # helper-47: the vendor was named twice
    assert sorted(i.run_id for i in await host_deps.review.items()) == sorted(r.run_id for r in kept)
    assert sorted(posted) == sorted(r.run_id for r in kept)  # posted once each, after the answers
    assert all([a.kind for a in r.actions] == ['review_item', 'slack_review'] for r in await host_deps.runs.recent())


async def test_a_review_decided_while_its_post_waits_stays_decided(host_deps: TriageDeps) -> None:
    """helper-49: the post of an unreadable run saved the record it had read before waiting for Slack over a
    rejection made meanwhile (state back to `failed`, the decision gone); a run decided before its post is not
    posted at all."""
    from lead_agent.notify import OutboxNotifier
    from lead_agent.pipeline import post_unreadable, record_unreadable
    from lead_agent.review import resolve

    posted: list[str] = []

    class SlackThatWaits(OutboxNotifier):
        async def post_review(self, run_id: str, lead: Any, reason: str, channel: str) -> str:
            await resolve(run_id, 'reject', deps, by='dana')  # decided while the post waits for Slack
            posted.append(run_id)
            return await super().post_review(run_id, lead, reason, channel)

    deps = replace(host_deps, notifier=SlackThatWaits(host_deps.db))
    waiting = await record_unreadable('{"email": ', 'generic: malformed JSON', deps, post=False)
    await post_unreadable(waiting, deps)
    after = await deps.runs.get(waiting.run_id)
    assert after is not None and after.state == 'rejected' and after.reviewed is not None
    assert [a.kind for a in after.actions][-1] == 'slack_review' and posted == [waiting.run_id]

    decided = await record_unreadable('[1, 2]', 'generic: not an object', deps, post=False)
    await resolve(decided.run_id, 'reject', deps, by='dana')
    await post_unreadable(decided, deps)
    assert posted == [waiting.run_id]  # not posted: decided before its turn


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


# --- bounded reads ---------------------------------------------------------------------------------------------------

CHUNK = 64 * 1024


class Upload:
    """A request body of `size` bytes sent in 64 KB chunks, counting what the server pulled."""

    def __init__(self, size: int, fill: bytes = b'x') -> None:
        self.size, self.fill, self.consumed = size, fill, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.consumed < self.size:
            chunk = self.fill * min(CHUNK, self.size - self.consumed)
            self.consumed += len(chunk)
            yield chunk


@pytest.fixture
async def full_host(host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[httpx2.AsyncClient]:
    """Every body-reading route mounted: the webhooks, the review forms, and Slack's events (no Slack behind it)."""
    from slack_sdk.web.async_client import AsyncWebClient

    from lead_agent.slack import SlackNotifier

    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    for vendor in ('TYPEFORM', 'HUBSPOT', 'TALLY', 'WEBFLOW', 'FORMSPREE'):
        monkeypatch.setenv(f'WEBHOOK_SECRET_{vendor}', 'a-secret')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('REVIEW_USERS', 'dana:pw')
    monkeypatch.setenv('SLACK_BOT_TOKEN', 'xoxb-test')
    monkeypatch.setenv('SLACK_SIGNING_SECRET', 'slack-secret')
    slack = AsyncWebClient(token='xoxb-test', base_url=f'http://127.0.0.1:{free_port()}/api/')
    deps = replace(host_deps, notifier=SlackNotifier(host_deps.db, slack))
    app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver',
                               auth=('dana', 'pw')) as c:
        yield c


BODY_ROUTES = ['/api/agent/lead-triage', *(f'/webhooks/{v}' for v in ('typeform', 'hubspot', 'tally', 'webflow',
                                                                      'formspree')),
               '/review/r1/approve', '/review/r1/reject', '/review/r1/restore', '/slack/events']


FORM = {'content-type': 'application/x-www-form-urlencoded'}
TOO_LARGE = ('application/json', {'detail': 'Content Too Large'})
"""A 413's content type and body: the host's JSON `Problem`, as its 400s and 401s are."""


def _problem(answer: httpx2.Response) -> tuple[str, Any]:
    kind = answer.headers.get('content-type', '')
    return kind, answer.json() if kind == 'application/json' else answer.text


async def test_a_body_over_the_limit_is_refused_while_it_streams(full_host: httpx2.AsyncClient) -> None:
    """300 MB, chunked (no Content-Length), on every route: the read stops at the first chunk past MAX_BODY."""
    answers: dict[str, tuple[int, tuple[str, Any], int]] = {}
    for path in BODY_ROUTES:
        upload = Upload(300 * 1024 * 1024)
        answer = await full_host.post(path, content=upload, headers=FORM)
        answers[path] = answer.status_code, _problem(answer), -(-upload.consumed // CHUNK)  # chunks pulled
    assert answers == dict.fromkeys(BODY_ROUTES, (413, TOO_LARGE, MAX_BODY // CHUNK + 1))


async def test_a_content_length_over_the_limit_is_refused_before_reading(full_host: httpx2.AsyncClient) -> None:
    answers: dict[str, tuple[int, tuple[str, Any], int]] = {}
    for path in BODY_ROUTES:
        upload = Upload(MAX_BODY + 1)
        answer = await full_host.post(path, content=upload, headers=FORM | {'content-length': str(MAX_BODY + 1)})
        answers[path] = answer.status_code, _problem(answer), upload.consumed
    # The same JSON as a chunked body's 413 (Starlette's limiter answered this one `text/plain`), on a GET too
    assert answers == dict.fromkeys(BODY_ROUTES, (413, TOO_LARGE, 0))
    for path in ('/healthz', '/metrics', '/review'):
        answer = await full_host.request('GET', path, content=b'x' * (MAX_BODY + 1))
        assert (answer.status_code, _problem(answer)) == (413, TOO_LARGE)


async def test_a_body_at_the_limit_is_read(full_host: httpx2.AsyncClient) -> None:
    """Exactly MAX_BODY bytes, chunked, reach each route, which answers as it does any body it cannot use."""
    answers = {path: (await full_host.post(path, content=Upload(MAX_BODY, b'='), headers=FORM)).status_code
               for path in BODY_ROUTES}
    # approve: no `to` (422); reject, restore: no CSRF token (403); the webhooks and Slack's events: unsigned (401)
    assert answers == {path: {'approve': 422, 'reject': 403, 'restore': 403}.get(path.rsplit('/', 1)[1], 401)
                       for path in BODY_ROUTES}


async def test_a_signed_lead_at_the_limit_is_accepted_and_one_byte_over_is_not(full_host: httpx2.AsyncClient,
                                                                              host_deps: TriageDeps) -> None:
    base = len(signed({**LEAD, 'pad': ''}, 'msg_pad')[0])
    body, headers = signed({**LEAD, 'pad': 'x' * (MAX_BODY - base)}, 'msg_pad')
    assert len(body) == MAX_BODY

    async def chunks(data: bytes) -> AsyncIterator[bytes]:
        for i in range(0, len(data), CHUNK):
            yield data[i:i + CHUNK]

    answer = await full_host.post('/api/agent/lead-triage', content=chunks(body), headers=headers)
    assert answer.status_code == 202
    over, headers = signed({**LEAD, 'pad': 'x' * (MAX_BODY - base + 1)}, 'msg_pad_2')
    assert (await full_host.post('/api/agent/lead-triage', content=chunks(over), headers=headers)).status_code == 413
    assert [r.run_id for r in await host_deps.runs.recent()] == answer.json()['run_ids']
    text = (await full_host.get('/metrics')).text
    assert 'lead_agent_webhooks_total{outcome="too_large",vendor="generic"} 1.0' in text


def _rss_kb(pid: int) -> int:
    [line] = [x for x in Path(f'/proc/{pid}/status').read_text().splitlines() if x.startswith('VmRSS:')]
    return int(line.split()[1])


def _upload_until_answered(port: int, head: bytes, total: int) -> tuple[bytes, int]:
    """Send `head`, then up to `total` bytes of chunked body, until the server answers; (its status, bytes sent)."""
    import select
    import socket

    frame = b'%x\r\n' % CHUNK + b'x' * CHUNK + b'\r\n'
    with socket.create_connection(('127.0.0.1', port), timeout=30) as s:
        s.sendall(head)
        s.setblocking(False)
        sent, pending = 0, b''
        while sent < total:
            readable, writable, _ = select.select([s], [s], [], 30)
            if readable or not writable:
                break
            pending = pending or frame
            try:
                n = s.send(pending)
            except (BrokenPipeError, ConnectionResetError):  # closed after answering: the answer is waiting
                break
            sent, pending = sent + n, pending[n:]
        s.settimeout(10)
        return s.recv(65536).split(b' ', 2)[1], sent  # the status code


def test_uvicorn_cuts_off_a_300_mb_upload_and_stays_small(tmp_path: Path) -> None:
    """The real server: a 300 MB chunked upload is answered 413 after a few MB at most (what socket buffers hold),
    and the host's memory does not grow with it; a 300 MB Content-Length is answered before any body is sent."""
    import subprocess
    import sys

    port = free_port()
    env = dict(os.environ, WEBHOOK_SECRET_GENERIC=SECRET, LEAD_AGENT_WORKER='external',
               LEAD_AGENT_POLICY=str(EXAMPLES / 'policy.yaml'), DATABASE_URL=f'sqlite:///{tmp_path / "host.db"}')
    with subprocess.Popen([sys.executable, '-m', 'uvicorn', 'lead_agent.web:create_app', '--factory',
                           '--port', str(port), '--log-level', 'warning'],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as host:
        try:
            wait_healthy(f'http://127.0.0.1:{port}/healthz', host)
            body, headers = signed(LEAD, 'msg_warm')  # warm: the first request's imports are not the upload's
            assert httpx2.post(f'http://127.0.0.1:{port}/api/agent/lead-triage', content=body, headers=headers,
                               timeout=10).status_code == 202
            before = _rss_kb(host.pid)
            head = (b'POST /api/agent/lead-triage HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
                    b'Transfer-Encoding: chunked\r\n\r\n')
            status, sent = _upload_until_answered(port, head, 300 * 1024 * 1024)
            grown = _rss_kb(host.pid) - before
            print(f'uvicorn: 413 after {sent / 2**20:.1f} MB sent, RSS {grown / 1024:+.1f} MB')
            assert status == b'413'
            assert sent < 32 * 1024 * 1024 and grown < 32 * 1024, (sent, grown)
            head = (b'POST /webhooks/tally HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
                    b'Content-Length: 314572800\r\n\r\n')
            assert _upload_until_answered(port, head, 0) == (b'413', 0)
        finally:
            host.terminate()
            host.wait(timeout=30)


# --- HubSpot's legacy signatures, malformed headers and bodies -------------------------------------------------------

HUBSPOT_URL = 'http://testserver/webhooks/hubspot'
HUBSPOT_SECRET = 'hubspot-client-secret'
HUBSPOT_FORM = json.dumps({'properties': {'email': LEAD['email'], 'firstname': 'Priya', 'lastname': 'Raman',
                                          'company': LEAD['company'], 'message': LEAD['message']}}).encode()


def hubspot_legacy(body: bytes, version: str) -> dict[str, str]:
    """Headers of a v1/v2 delivery, signed as HubSpot's SDK signs (v1: sha256(secret + body), v2 adds method + URL)."""
    from hubspot.utils.signature import Signature  # pyright: ignore[reportMissingTypeStubs]

    sig = Signature.get_signature(HUBSPOT_SECRET, body.decode(), version, HUBSPOT_URL, 'POST')
    return {'X-HubSpot-Signature': sig, 'X-HubSpot-Signature-Version': version, 'content-type': 'application/json'}


@pytest.fixture
def clock() -> list[datetime]:
    return [datetime.now(UTC)]


@pytest.fixture
async def hubspot_host(host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch, clock: list[datetime]
                       ) -> AsyncIterator[httpx2.AsyncClient]:
    """A host taking HubSpot deliveries (v1/v2 too when WEBHOOK_HUBSPOT_LEGACY_SIGNATURES is set), on its own clock."""
    monkeypatch.setenv('WEBHOOK_SECRET_HUBSPOT', HUBSPOT_SECRET)
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    app = create_app(HostSettings(), deps=replace(host_deps, now=lambda: clock[0]))  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        yield c


@pytest.fixture
def legacy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('WEBHOOK_HUBSPOT_LEGACY_SIGNATURES', 'true')


async def test_hubspot_v3_behind_a_proxy_covers_the_public_url_with_its_query(
        host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-51: with PUBLIC_URL set, the URL the signature was checked against lost the query string, so a webhook
    URL such as `.../webhooks/hubspot?portal=42` never verified."""
    monkeypatch.setenv('WEBHOOK_SECRET_HUBSPOT', HUBSPOT_SECRET)
    monkeypatch.setenv('PUBLIC_URL', 'https://leads.example.com/')
    _external_host_env(monkeypatch)
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    ms = str(int(time.time() * 1000))
    public = 'https://leads.example.com/webhooks/hubspot?portal=42'
    signature = base64.b64encode(hmac.new(HUBSPOT_SECRET.encode(), f'POST{public}'.encode() + HUBSPOT_FORM
                                          + ms.encode(), hashlib.sha256).digest()).decode()
    headers = {'x-hubspot-request-timestamp': ms, 'x-hubspot-signature-v3': signature,
               'content-type': 'application/json'}
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://internal:8000') as c:
        answer = await c.post('/webhooks/hubspot?portal=42', content=HUBSPOT_FORM, headers=headers)
    assert answer.status_code == 202, answer.text


async def test_hubspot_v1_v2_are_refused_by_default(hubspot_host: httpx2.AsyncClient, host_deps: TriageDeps) -> None:
    answers = [await hubspot_host.post('/webhooks/hubspot', content=HUBSPOT_FORM,
                                       headers=hubspot_legacy(HUBSPOT_FORM, version)) for version in ('v1', 'v2')]
    assert [(a.status_code, a.json()['detail']) for a in answers] == [
        (401, 'hubspot: v1 signatures carry no timestamp and are not accepted; sign with v3'),
        (401, 'hubspot: v2 signatures carry no timestamp and are not accepted; sign with v3')]
    assert await host_deps.runs.recent() == []


async def test_a_legacy_signed_body_is_accepted_once_within_the_window(
        legacy: None, hubspot_host: httpx2.AsyncClient, host_deps: TriageDeps, clock: list[datetime]) -> None:
    """The same bytes again, even after the 24 h dedupe window (when they once reached Slack and the lead's inbox
    again), get the first delivery's run and start nothing; after WEBHOOK_REPLAY_WINDOW_DAYS they are new."""
    from datetime import timedelta

    async def post(body: bytes, version: str) -> tuple[int, dict[str, Any]]:
        answer = await hubspot_host.post('/webhooks/hubspot', content=body, headers=hubspot_legacy(body, version))
        return answer.status_code, answer.json()

    first = await post(HUBSPOT_FORM, 'v1')
    assert first == (202, {'run_ids': [IsRunId], 'duplicate': False})
    again = (202, {'run_ids': first[1]['run_ids'], 'duplicate': True})
    assert await post(HUBSPOT_FORM, 'v1') == again  # HubSpot's retry of an answer it missed, or a replay
    clock[0] += timedelta(hours=25)
    assert await post(HUBSPOT_FORM, 'v1') == again
    assert await post(HUBSPOT_FORM, 'v2') == again  # the same body under the other scheme
    events = (Path(__file__).parent / 'data' / 'webhooks' / 'hubspot_webhook_contact_creation.json').read_bytes()
    assert await post(events, 'v1') == (202, {'run_ids': [], 'duplicate': False})
    assert await post(events, 'v1') == (202, {'run_ids': [], 'duplicate': True})
    assert len(await host_deps.runs.recent()) == 1

    clock[0] += timedelta(days=30)
    assert await post(HUBSPOT_FORM, 'v1') == (202, {'run_ids': [IsRunId], 'duplicate': False})
    assert len(await host_deps.runs.recent()) == 2
    text = (await hubspot_host.get('/metrics')).text
    assert 'lead_agent_webhooks_total{outcome="replayed",vendor="hubspot"} 4.0' in text


async def test_a_v1_body_extended_past_what_was_signed_is_refused_and_not_kept(
        legacy: None, hubspot_host: httpx2.AsyncClient, host_deps: TriageDeps) -> None:
    """sha256(secret + body) lets anyone who saw one delivery sign body + padding + more without the secret."""
    import hashlib

    signed_length = len(HUBSPOT_SECRET) + len(HUBSPOT_FORM)
    padding = b'\x80' + b'\0' * ((55 - signed_length) % 64) + (8 * signed_length).to_bytes(8, 'big')
    forged = HUBSPOT_FORM + padding + b'{"properties": {"email": "mallory@evil.example"}}'
    # What a length extension computes from the captured signature alone, computed here with the secret instead:
    headers = {'X-HubSpot-Signature': hashlib.sha256(HUBSPOT_SECRET.encode() + forged).hexdigest(),
               'X-HubSpot-Signature-Version': 'v1'}
    answer = await hubspot_host.post('/webhooks/hubspot', content=forged, headers=headers)
    assert (answer.status_code, answer.json()) == (401, {'detail': 'hubspot: a v1/v2-signed body must be JSON'})
    assert await host_deps.runs.recent() == [] and await host_deps.review.items() == []


@pytest.mark.parametrize(('name', 'stamp', 'body', 'status'), [
    ('400 digits', '9' * 400, b'{}', 401),
    ('5000 digits', '9' * 5000, b'{}', 401),
    ('not a number', 'soon', b'{}', 401),
    ('other digits', '١٧٨٠٠٠٠٠٠٠', b'{}', 401),
    ('nested 100 000 deep', None, b'[' * 100_000, 400),
    ('a field nested 900 deep', None, b'{"email": "a@b.example", "x": ' + b'[' * 900 + b']' * 900 + b'}', 400),
    ('invalid UTF-8', None, b'{"email": "a@b.example", "name": "\xff"}', 400),
    ('a lone surrogate', None, b'{"email": "a@b.example", "name": "\\udc00"}', 400),
    ('not an object', None, b'"a@b.example"', 400),
])
async def test_malformed_timestamps_are_401_and_unreadable_bodies_400(
        client: httpx2.AsyncClient, host_deps: TriageDeps, name: str, stamp: str | None, body: bytes,
        status: int) -> None:
    when = datetime.now(UTC)
    msg = f'msg_{name}'.replace(' ', '_')
    secret = base64.b64decode(SECRET.removeprefix('whsec_'))
    signature = base64.b64encode(hmac.new(secret, f'{msg}.{int(when.timestamp())}.'.encode() + body,
                                          hashlib.sha256).digest()).decode()
    headers = {b'webhook-id': msg.encode(), b'webhook-signature': f'v1,{signature}'.encode(),
               b'webhook-timestamp': (stamp or str(int(when.timestamp()))).encode()}
    answer = await client.post('/api/agent/lead-triage', content=body, headers=headers)
    assert answer.status_code == status
    await settle(client)
    kept = [r.raw for r in await host_deps.runs.recent()]
    assert kept == ([body.decode('utf-8', 'backslashreplace')] if status == 400 else [])  # kept for review


# --- property: never a 5xx on an intake route ------------------------------------------------------------------------

INTAKE = {'generic': '/api/agent/lead-triage', **{v: f'/webhooks/{v}' for v in ('typeform', 'hubspot', 'tally',
                                                                                'webflow', 'formspree')}}
FUZZ_SECRET = 'a-secret'
SAVED = Path(__file__).parent / 'data' / 'webhooks'
TEMPLATES: dict[str, list[Any]] = {
    'generic': [LEAD, {'data': LEAD}],
    'typeform': [json.loads((SAVED / 'typeform_form_response.json').read_text())],
    'tally': [json.loads((SAVED / 'tally_form_response.json').read_text())],
    'webflow': [json.loads((SAVED / 'webflow_form_submission.json').read_text())],
    'formspree': [{'submission': {**LEAD, '_id': 'sub_1'}}, {'_replyto': LEAD['email'], 'message': 'hi'}],
    'hubspot': [json.loads(HUBSPOT_FORM), json.loads((SAVED / 'hubspot_webhook_batch_example.json').read_text())],
}
# Every header a vendor's check reads, and two that steer it.
HEADER_NAMES = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'typeform-signature', 'tally-signature',
                'x-webflow-timestamp', 'x-webflow-signature', 'formspree-signature', 'x-hubspot-signature-v3',
                'x-hubspot-request-timestamp', 'x-hubspot-signature', 'x-hubspot-signature-version', 'content-type',
                'content-length']


def vendor_headers(vendor: str, body: bytes, secret: str, now: float, hubspot: str = 'v3') -> dict[str, bytes]:
    """The headers the vendor would send, computed from its documented scheme (section 1 of WIRE_FORMATS.md)."""
    def mac(msg: bytes, key: bytes = secret.encode()) -> bytes:
        return hmac.new(key, msg, hashlib.sha256).digest()

    s, ms = str(int(now)), str(int(now * 1000))
    if vendor == 'generic':
        key = base64.b64decode(secret.removeprefix('whsec_'))
        msg_id = f'msg_{hashlib.sha256(body).hexdigest()[:12]}'
        return {'webhook-id': msg_id.encode(), 'webhook-timestamp': s.encode(),
                'webhook-signature': b'v1,' + base64.b64encode(mac(f'{msg_id}.{s}.'.encode() + body, key))}
    if vendor == 'typeform':
        return {'typeform-signature': b'sha256=' + base64.b64encode(mac(body))}
    if vendor == 'tally':
        return {'tally-signature': base64.b64encode(mac(body))}
    if vendor == 'webflow':
        return {'x-webflow-timestamp': ms.encode(), 'x-webflow-signature': mac(f'{ms}:'.encode() + body).hex().encode()}
    if vendor == 'formspree':
        return {'formspree-signature': f't={s},v1={mac(f"{s}.".encode() + body).hex()}'.encode()}
    if hubspot == 'v3':
        return {'x-hubspot-request-timestamp': ms.encode(),
                'x-hubspot-signature-v3': base64.b64encode(mac(f'POST{HUBSPOT_URL}'.encode() + body + ms.encode()))}
    signed = secret.encode() + (f'POST{HUBSPOT_URL}'.encode() if hubspot == 'v2' else b'') + body
    return {'x-hubspot-signature': hashlib.sha256(signed).hexdigest().encode(),
            'x-hubspot-signature-version': hubspot.encode()}


@pytest.mark.filterwarnings('ignore::hypothesis.errors.HypothesisDeprecationWarning')  # see test_no_5xx_for_any_...
def test_no_5xx_for_any_headers_and_body_on_the_intake_routes(deps: TriageDeps, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """Hypothesis on each intake route, on SQLite and PostgreSQL: bodies from the vendor's own payload with values
    swapped, any JSON, bytes, deep nesting, broken encodings; signed right (HubSpot v1/v2/v3), stale, garbled or not
    at all; any header values, timestamps included. Never a 5xx, and some deliveries get each of 202, 400 and 401."""
    import time
    from collections import Counter

    from hypothesis import strategies as st
    from starlette.testclient import TestClient

    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    for vendor in ('TYPEFORM', 'HUBSPOT', 'TALLY', 'WEBFLOW', 'FORMSPREE'):
        monkeypatch.setenv(f'WEBHOOK_SECRET_{vendor}', FUZZ_SECRET)
    monkeypatch.setenv('WEBHOOK_HUBSPOT_LEGACY_SIGNATURES', 'true')
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]

    values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40) | st.emails(),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                                      max_size=4), max_leaves=12)
    header_values = (st.binary(max_size=48).map(lambda b: b.translate(None, b'\r\n\0'))
                     | st.integers(-10**40, 10**40).map(lambda i: str(i).encode())
                     | st.sampled_from([b'9' * 400, b'v1', b'v2', b'v3', b'', b'application/json', b'%d' % MAX_BODY]))

    @st.composite
    def bodies(draw: st.DrawFn, vendor: str) -> bytes:
        kind = draw(st.sampled_from(['payload', 'payload', 'payload', 'json', 'bytes', 'deep', 'broken']))
        if kind == 'json':
            return json.dumps(draw(values)).encode()
        if kind == 'bytes':
            return draw(st.binary(max_size=300))
        doc = draw(st.sampled_from(TEMPLATES[vendor]))
        for _ in range(draw(st.integers(0 if kind == 'payload' else 1, 4))):
            doc = json_put(doc, draw(st.sampled_from(json_paths(doc))), draw(values))
        body = json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()
        if kind == 'deep':
            depth, opener = draw(st.integers(1, 5000)), draw(st.sampled_from([b'[', b'{"a":', b'{"email":']))
            return body[:-1] + b', "x": ' + opener * depth + (b']' * depth if opener == b'[' else b'') + b'}'
        if kind == 'broken':  # a byte that is no UTF-8, or a lone half of a surrogate pair, somewhere
            at = draw(st.integers(0, len(body)))
            broken = draw(st.sampled_from([b'\xff', b'\xc3', b'\xed\xa0\x80', b'\\ud800', b'\\udfff"']))
            return body[:at] + broken + body[at:]
        return body

    @st.composite
    def deliveries(draw: st.DrawFn, vendor: str) -> tuple[bytes, dict[str, bytes]]:
        body = draw(bodies(vendor))
        how = draw(st.sampled_from(['signed', 'signed', 'signed', 'stale', 'garbled', 'unsigned']))
        now = time.time() - (draw(st.integers(301, 10**9)) if how == 'stale' else 0)
        secret = SECRET if vendor == 'generic' else FUZZ_SECRET
        headers = {} if how == 'unsigned' else vendor_headers(vendor, body, secret, now,
                                                              draw(st.sampled_from(['v3', 'v1', 'v2'])))
        if how == 'garbled':
            headers = {k: draw(header_values) for k in headers}
        return body, headers | draw(st.dictionaries(st.sampled_from(HEADER_NAMES), header_values, max_size=3))

    statuses: Counter[int] = Counter()
    failures: list[str] = []
    with TestClient(app, raise_server_exceptions=False, client=('203.0.113.9', 50000)) as session:
        for vendor, path in INTAKE.items():
            fuzz_route(session, path, deliveries(vendor), 120, statuses, failures)
    print(f'intake fuzz: {sum(statuses.values())} requests, {sorted(statuses.items())}, {len(failures)} 5xx')
    assert failures == []
    assert {202, 400, 401} <= set(statuses)



async def test_a_submission_while_the_database_hangs_is_a_503_and_its_resend_the_run_it_became(
        policy: Policy, postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL frozen (SIGSTOP) held each request for as long as it was frozen, 30 s and more, past the vendors' own
    timeouts (helper-44); an unreadable body's store calls, and the health check, hung as long (helper-46). The host
    answers 503 after `Accepter.wait`; the transaction it waited for commits once the database is back, and the
    vendor's resend of that delivery is answered 202 with the same run: one run. Submissions after it wait as long
    each, from their own arrival (one timer for all of them once gave the later ones no bound at all)."""
    deps, app = _postgres_host(policy, postgres_database, monkeypatch, wait=1.0)
    body, headers = signed(LEAD, 'msg_hung')
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        with _held_transaction(postgres_database, LOCK_RUNS):  # the runs table locked: a hung database to its clients
            started = time.monotonic()
            first = await c.post('/api/agent/lead-triage', content=body, headers=headers)
            waited = time.monotonic() - started
            later: list[tuple[int, float]] = []  # each waits `wait` from its own arrival, not its batch's (helper-50)
            for i in range(2):
                more, more_headers = signed({**LEAD, 'email': f'later{i}@example.com'}, f'msg_hung_later{i}')
                sent = time.monotonic()
                answer = await asyncio.wait_for(c.post('/api/agent/lead-triage', content=more, headers=more_headers), 5)
                later.append((answer.status_code, time.monotonic() - sent))
            # Three transactions hang now; a fourth batch gathers, is answered 503, and is not kept (helper-51: 379
            # answered submissions and 19 M characters of bodies were held for as long as the database hung).
            queued = [signed({**LEAD, 'email': f'queued{i}@example.com'}, f'msg_hung_queued{i}') for i in range(5)]
            waiting = await asyncio.gather(*(c.post('/api/agent/lead-triage', content=b, headers=h) for b, h in queued))
            kept = list(app.state.host.accepter.batch)
            no_email, bad_headers = signed({'name': 'No Email', 'message': 'hello'}, 'msg_hung_unreadable')
            unreadable = await c.post('/api/agent/lead-triage', content=no_email, headers=bad_headers)  # kept for review
            health = await c.get('/healthz')
            waited_all = time.monotonic() - started
        for _ in range(200):  # the stored runs appear once the held transaction ends, the unreadable body's too
            # (it is stored on its own, after the others: waiting for any run, CI once read before it was there)
            if any(r.lead is None for r in await deps.runs.recent()):
                break
            await asyncio.sleep(0.05)
        again = await c.post('/api/agent/lead-triage', content=body, headers=headers)
    runs = await deps.runs.recent()
    deps.db.dispose()
    assert first.status_code == 503 and first.headers['retry-after'] == '10' and waited < 5
    assert [code for code, _ in later] == [503, 503] and all(0.9 < s < 3 for _, s in later), later
    assert [w.status_code for w in waiting] == [503] * 5 and kept == []
    # An unreadable body's store calls wait as long as a submission's, and the health check says what vendors see.
    assert unreadable.status_code == 503 and health.status_code == 503 and waited_all < 10, health.text
    assert 'webhooks could not be stored' in health.json()['detail']
    assert again.status_code == 202 and again.json()['duplicate'] is True
    # The two later ones were answered 503; on PostgreSQL their batches' transactions had started beside the first
    # (they commit once the database is back), so each is stored at most once, and its resend finds it.
    stored = [r for r in runs if r.lead is not None]
    assert again.json()['run_ids'][0] in [r.run_id for r in stored] and len(stored) <= 3
    assert len({r.lead.delivery_id for r in stored if r.lead is not None}) == len(stored)
    assert len([r for r in runs if r.lead is None]) == 1  # the unreadable body, stored once the database was back


def _lock_waiters(url: str) -> int:
    """Sessions of this database waiting for a lock (the held transaction's own is not one)."""
    from sqlalchemy import create_engine, text

    other = create_engine(url.replace('postgresql://', 'postgresql+psycopg://'))
    try:
        with other.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                     "AND wait_event_type = 'Lock'")).scalar_one()
    finally:
        other.dispose()


async def test_healthz_answers_200_as_soon_as_the_database_is_writable_again(
        policy: Policy, postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drill D7: once its write check had given up on a hung database, /healthz answered 503 without checking for
    2 x `Accepter.wait` after the last give-up (20 s by default), its message counting up, however soon the database
    was back. Now it checks again, one check at a time however many health checks come (a hung check is waited on,
    not joined by more), and answers 200 as soon as the database answers; 503s stay quick meanwhile."""
    deps, app = _postgres_host(policy, postgres_database, monkeypatch, wait=1.0)

    async def timed_health() -> tuple[int, float]:
        sent = time.monotonic()
        answer = await c.get('/healthz')
        return answer.status_code, time.monotonic() - sent

    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        before = await timed_health()
        await asyncio.sleep(HEALTH_FRESH)  # a passing check answers for this long (a burst of health checks: one write)
        # The health check's write (the executors' heartbeat) hangs: the database, unwritable to the host
        with _held_transaction(postgres_database, ('LOCK TABLE executors IN ACCESS EXCLUSIVE MODE', {})):
            hung = [await timed_health() for _ in range(3)]
            hung += await asyncio.gather(*(timed_health() for _ in range(5)))
            waiters = _lock_waiters(postgres_database)
        back = [await timed_health() for _ in range(3)]
        detail = (await c.get('/healthz')).json()
    deps.db.dispose()
    assert before[0] == 200
    assert [code for code, _ in hung] == [503] * 8 and all(s < 1.6 for _, s in hung), hung
    assert waiters == 1  # one write check waits on the hung database, not one per health check
    assert [code for code, _ in back] == [200] * 3 and all(s < 1.0 for _, s in back), back
    assert detail == {'status': 'ok', 'model': 'rules', 'queued': 0}


async def test_a_claim_held_by_a_stalled_transaction_blocks_only_its_own_delivery(
        policy: Policy, postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-51: a host stopped in the middle of its commit keeps its delivery-id claims locked (PostgreSQL keeps the
    transaction). The vendor's resends of those deliveries, at another host, waited on them with no limit, one
    commit slot each: three filled every slot and fresh leads got 503 until the stall ended. Now a claim is waited
    on `CLAIM_LOCK_WAIT_MS` (2 s): the resends get 503 (to send again), and fresh leads are stored meanwhile."""
    deps, app = _postgres_host(policy, postgres_database, monkeypatch, wait=6.0)
    # host A: claimed three deliveries (keyed as the host keys them), then stopped before its COMMIT
    claims = [('INSERT INTO deliveries (delivery_id, run_id, claimed_at) VALUES (:d, :r, now())',
               {'d': f'generic:msg_stuck_{i}', 'r': f'{i:032x}'}) for i in range(3)]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        with _held_transaction(postgres_database, *claims):
            started = time.monotonic()
            resends: list[asyncio.Task[httpx2.Response]] = []
            for i in range(3):  # each in a batch of its own: all three commit slots wait on a held claim
                body, headers = signed({**LEAD, 'email': f'stuck{i}@example.com'}, f'msg_stuck_{i}')
                resends.append(asyncio.create_task(c.post('/api/agent/lead-triage', content=body, headers=headers)))
                await asyncio.sleep(0.2)
            fresh_body, fresh_headers = signed({**LEAD, 'email': 'fresh@example.com'}, 'msg_fresh')
            fresh = await c.post('/api/agent/lead-triage', content=fresh_body, headers=fresh_headers)
            fresh_after = time.monotonic() - started
            answers = await asyncio.gather(*resends)
    deps.db.dispose()
    assert [a.status_code for a in answers] == [503, 503, 503]
    assert fresh.status_code == 202 and fresh_after < 5, (fresh.status_code, fresh_after)


async def test_the_databases_own_lock_timeout_still_holds_after_the_claims(
        policy: Policy, postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-53: after bounding its claims, the accept transaction set `lock_timeout = 0`, overriding an operator's
    own (1 s here): a locked table held it for the whole answer deadline. It now goes back to the database's."""
    from sqlalchemy import create_engine, text

    admin = create_engine(postgres_database.replace('postgresql://', 'postgresql+psycopg://'),
                          isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f"ALTER DATABASE {postgres_database.rsplit('/', 1)[1]} SET lock_timeout = '1s'"))
    admin.dispose()
    deps, app = _postgres_host(policy, postgres_database, monkeypatch, wait=6.0)
    body, headers = signed(LEAD, 'msg_operator_timeout')
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        with _held_transaction(postgres_database, LOCK_RUNS):
            started = time.monotonic()
            answer = await c.post('/api/agent/lead-triage', content=body, headers=headers)
            waited = time.monotonic() - started
    deps.db.dispose()
    assert answer.status_code == 503 and waited < 4, waited


async def test_one_submission_that_fails_its_transaction_fails_alone(
        host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-51: a non-transient error (a constraint, a bug) in the transaction a batch shares answered 500 to all
    of it, and every retry of the culprit failed the batch it joined. The batch is halved down to the culprit after
    such an error: only it gets 500. (The fault is injected at the store call: no input here causes one.)"""
    from sqlalchemy.exc import IntegrityError

    _external_host_env(monkeypatch)
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    host = app.state.host
    accept, sizes = host.engine.accept, list[int]()

    async def failing(items: list[Any], *args: Any, **kwargs: Any) -> list[str | None]:
        sizes.append(len(items))
        if any(rec.lead is not None and rec.lead.email == 'culprit@example.com' for rec, _ in items):
            raise IntegrityError('INSERT ...', {}, Exception('constraint violated'))
        return await accept(items, *args, **kwargs)

    monkeypatch.setattr(host.engine, 'accept', failing)
    submissions = [signed({**LEAD, 'email': 'culprit@example.com' if i == 7 else f'ok{i}@example.com'}, f'msg_b{i}')
                   for i in range(20)]
    transport = httpx2.ASGITransport(app=app, raise_app_exceptions=False)  # a 500, as a server answers it
    async with app.router.lifespan_context(app), httpx2.AsyncClient(transport=transport, base_url='http://t') as c:
        answers = await asyncio.gather(*(c.post('/api/agent/lead-triage', content=b, headers=h)
                                         for b, h in submissions))
    codes = [a.status_code for a in answers]
    assert codes[7] == 500 and codes[:7] + codes[8:] == [202] * 19
    assert max(sizes) > 1  # they did share a transaction first
    # Halved down to the culprit: two transactions a halving, not one per submission (helper-53: 2,760 transactions
    # for 4,000 submissions, and 1,280 others answered 503 while they ran)
    assert len(sizes) <= 1 + 2 * 5, sizes


@pytest.mark.parametrize(('proxies', 'peer', 'forwarded', 'payload_ip', 'counted'), [
    ('10.0.0.0/24', '10.0.0.5', '198.51.100.7, 10.0.0.9', None, '198.51.100.7'),  # past the relays, from the right
    ('10.0.0.0/24', '10.0.0.5', '6.6.6.6, 198.51.100.7', None, '198.51.100.7'),  # what the visitor wrote is left
    ('10.0.0.0/24', '10.0.0.5', '198.51.100.7', '192.0.2.44', '192.0.2.44'),  # the payload's report comes first
    ('10.0.0.0/24', '203.0.113.9', '198.51.100.7', None, None),  # not from a relay: the header says nothing
    # helper-53: behind a local proxy uvicorn puts the sender's server here; a server is never the submitter
    ('10.0.0.0/24', '203.0.113.50', '203.0.113.50', None, None),
    ('10.0.0.0/24', '10.0.0.5', 'not-an-ip, 198.51.100.7', None, '198.51.100.7'),
    ('10.0.0.0/24', '10.0.0.5', '198.51.100.7, garbage', None, None),  # a broken link: nothing left of it counts
    ('10.0.0.0/24', '10.0.0.5', '10.0.0.7', None, None),  # only relays: no visitor
    ('10.0.0.0/24', '::ffff:10.0.0.5', '198.51.100.7:5678, , ::ffff:10.0.0.9', None, '198.51.100.7'),  # helper-53
    ('10.0.0.0/24', '10.0.0.5', '[2001:db8::7]:443', None, '2001:db8::7'),
    ('10.0.0.0/24', '10.0.0.5', 'fe80::7%eth0', 'fe80::1%eth1', 'fe80::1'),  # zone ids are no part of a key
    ('', '10.0.0.5', '198.51.100.7', None, None),  # unset: the header never counts
])
async def test_a_trusted_relays_forwarded_for_names_the_submitter_on_the_generic_route(
        host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch, proxies: str, peer: str, forwarded: str,
        payload_ip: str | None, counted: str | None) -> None:
    """Issue 12: WEBHOOK_TRUSTED_PROXIES says whose X-Forwarded-For counts on the generic route (your site's server
    relaying its visitors' submissions). The submitter is counted by that address; otherwise by the payload's own,
    or, with neither, by the email address (never the server that connected)."""
    _external_host_env(monkeypatch)
    monkeypatch.setenv('WEBHOOK_TRUSTED_PROXIES', proxies)
    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    lead = {k: v for k, v in LEAD.items() if k != 'source_ip'} | ({'source_ip': payload_ip} if payload_ip else {})
    body, headers = signed(lead, 'msg_relayed')
    transport = httpx2.ASGITransport(app=app, client=(peer, 40000))
    async with app.router.lifespan_context(app), httpx2.AsyncClient(transport=transport, base_url='http://t') as c:
        answer = await c.post('/api/agent/lead-triage', content=body, headers=headers | {'x-forwarded-for': forwarded})
    assert answer.status_code == 202
    rec = await host_deps.runs.get(answer.json()['run_ids'][0])
    assert rec is not None and rec.lead is not None
    assert (rec.lead.source_ip, rec.lead.rate_key) == (
        counted, f'ip:{counted}' if counted else submitter_key(None, rec.lead.email))


def test_serve_reads_a_relay_on_localhost_that_uvicorn_would_trust(tmp_path: Path) -> None:
    """helper-55: under `lead-agent serve`, a relay on 127.0.0.1 listed in WEBHOOK_TRUSTED_PROXIES was never read:
    uvicorn trusts localhost by default and put the visitor's address in its place first, so the request no longer
    came from a relay. serve now keeps uvicorn off X-Forwarded-For then, and refuses to start when
    FORWARDED_ALLOW_IPS itself names a relay."""
    import signal
    import subprocess
    import sys

    from lead_agent.store import Database, SqlRunLog

    port, db_url = free_port(), f'sqlite:///{tmp_path / "serve.db"}'
    env = dict(os.environ, WEBHOOK_SECRET_GENERIC=SECRET, WEBHOOK_TRUSTED_PROXIES='127.0.0.1')
    env.pop('FORWARDED_ALLOW_IPS', None)
    command = [sys.executable, '-m', 'lead_agent.cli', 'serve', '--port', str(port), '--db', db_url,
               '--policy', str(EXAMPLES / 'policy.yaml'), '--workers', '0']
    with subprocess.Popen(command, cwd=EXAMPLES.parent, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT) as serve:
        try:
            wait_healthy(f'http://127.0.0.1:{port}/healthz', serve)
            lead = {k: v for k, v in LEAD.items() if k != 'source_ip'}
            body, headers = signed(lead, 'msg_local_relay')
            answer = httpx2.post(f'http://127.0.0.1:{port}/api/agent/lead-triage', content=body,
                                 headers=headers | {'x-forwarded-for': '198.51.100.50'}, timeout=10)
            assert answer.status_code == 202
            rec = asyncio.run(SqlRunLog(Database(db_url)).get(answer.json()['run_ids'][0]))
            assert rec is not None and rec.lead is not None
            assert (rec.lead.source_ip, rec.lead.rate_key) == ('198.51.100.50', 'ip:198.51.100.50')
        finally:
            serve.send_signal(signal.SIGINT)
            output = serve.communicate(timeout=30)[0].decode()
    assert 'serve: uvicorn does not read X-Forwarded-For' in output
    refused = subprocess.run(command, cwd=EXAMPLES.parent, env=env | {'FORWARDED_ALLOW_IPS': '127.0.0.1'},
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert refused.stderr.startswith('error: FORWARDED_ALLOW_IPS lists 127.0.0.1, a relay of WEBHOOK_TRUSTED_PROXIES')


def test_a_trusted_proxy_that_is_no_address_stops_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    from lead_agent import ConfigError

    monkeypatch.setenv('WEBHOOK_TRUSTED_PROXIES', '10.0.0.5, our-relay.internal')
    with pytest.raises(ConfigError, match="WEBHOOK_TRUSTED_PROXIES: 'our-relay.internal' is not an IP address"):
        HostSettings().trusted_proxies()  # pyright: ignore[reportCallIssue]


def test_the_host_itself_refuses_a_forwarded_allow_ips_that_names_a_relay(
        host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-122: the deploy guide starts the host with `uvicorn lead_agent.web:create_app --factory`, and only
    `lead-agent serve` refused FORWARDED_ALLOW_IPS naming a relay: the app now refuses it wherever it is built."""
    from lead_agent import ConfigError

    monkeypatch.setenv('WEBHOOK_TRUSTED_PROXIES', '10.0.0.0/24')
    monkeypatch.setenv('FORWARDED_ALLOW_IPS', '127.0.0.1,10.0.0.7')
    with pytest.raises(ConfigError, match=r'^FORWARDED_ALLOW_IPS lists 10\.0\.0\.7, a relay of WEBHOOK_TRUSTED_PROXIES'):
        create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    monkeypatch.setenv('FORWARDED_ALLOW_IPS', '127.0.0.1')  # the proxy on this machine, no relay: starts
    assert create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]


@pytest.mark.parametrize(('value', 'refused'), [
    ('leads.example.com', True), ('https://', True), ('ftp://leads.example.com', True),
    ('https://leads.example.com/?a=1', True), ('https://leads.example.com', False),
    ('http://10.0.0.5:8000/base/', False), ('', False),
])
def test_a_public_url_without_its_scheme_and_host_stops_the_host(
        monkeypatch: pytest.MonkeyPatch, value: str, refused: bool) -> None:
    """helper-122: `PUBLIC_URL=leads.example.com` started the host, and every HubSpot delivery then got 401 (the
    signed URL is the public URL joined to the path)."""
    from lead_agent import ConfigError

    monkeypatch.setenv('PUBLIC_URL', value)
    if refused:
        with pytest.raises(ConfigError, match=r'^setting PUBLIC_URL: .*give its scheme and host'):
            HostSettings.from_env()
    else:
        assert HostSettings.from_env().public_url == value


async def test_a_guard_the_including_app_adds_runs_on_the_webhook_routes(
        host_deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-51: the webhook routes' own handler (no dependency solving, for speed) skipped the dependencies an app
    adds when it includes the router: an API-key guard ran on /healthz and not on the webhooks."""
    from lead_agent.web import Host

    _external_host_env(monkeypatch)
    guarded: list[str] = []

    def guard(request: Request) -> None:
        guarded.append(request.url.path)
        if request.headers.get('x-api-key') != 'letmein':
            raise HTTPException(403, 'no key')

    host = Host(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    app = FastAPI(lifespan=host.lifespan)
    app.include_router(host.router, prefix='/leads', dependencies=[Depends(guard)])
    body, headers = signed(LEAD, 'msg_guarded')
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        refused = await c.post('/leads/api/agent/lead-triage', content=body, headers=headers)
        allowed = await c.post('/leads/api/agent/lead-triage', content=body, headers=headers | {'x-api-key': 'letmein'})
    assert (refused.status_code, allowed.status_code) == (403, 202)
    assert guarded == ['/leads/api/agent/lead-triage'] * 2


async def test_a_submission_while_the_database_is_away_is_a_503_to_send_again(
        policy: Policy, postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL stopped under a burst: the host answered 500 with a traceback (helper-43). Nothing is stored then,
    and the vendor sends it again; 503 with Retry-After says so. Then it is accepted."""
    monkeypatch.setenv('REVIEW_USERS', 'dana:pw')
    deps, app = _postgres_host(policy, postgres_database, monkeypatch)
    try:
        with _connections(postgres_database) as database:
            async with app.router.lifespan_context(app), \
                    httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
                answers: list[int] = []
                for i, allow in enumerate((False, True)):
                    database(allow)
                    body, headers = signed(LEAD, f'msg_db{i}')
                    answer = await c.post('/api/agent/lead-triage', content=body, headers=headers)
                    answers.append(answer.status_code)
                    if not allow:
                        assert answer.headers['retry-after'] == '10'
                        # helper-93: the review page and /metrics answered 500 with a traceback meanwhile
                        login = {'Authorization': 'Basic ' + base64.b64encode(b'dana:pw').decode()}
                        for page in (await c.get('/metrics'), await c.get('/review', headers=login)):
                            assert page.status_code == 503 and page.headers['retry-after'] == '10', page.text
                            assert page.json() == {'detail': 'the database is unavailable: try again shortly'}
                assert answers == [503, 202]
    finally:
        deps.db.dispose()
    after = local_deps(policy, database_url=postgres_database)
    assert len(await after.runs.recent()) == 1
    after.db.dispose()


async def test_an_outage_s_503s_are_logged_once_and_each_counted(
        policy: Policy, postgres_database: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A drill (PostgreSQL stopped 10 s under 60 submissions a second) logged one line per 503: 624. The first of a kind
    is logged, the rest within a minute only counted, in the log's next line of that kind and in `/metrics`."""
    from lead_agent._log_repeats import Repeats
    from lead_agent.web._limits import unavailable_log

    monkeypatch.setattr(unavailable_log, 'filters', [Repeats()])  # none of another test's lines in its window
    caplog.set_level(logging.WARNING)
    deps, app = _postgres_host(policy, postgres_database, monkeypatch)
    try:
        with _connections(postgres_database) as database:
            async with app.router.lifespan_context(app), \
                    httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
                database(False)
                answers: list[int] = []
                for i in range(20):
                    body, headers = signed(LEAD, f'msg_out{i}')
                    answers.append((await c.post('/api/agent/lead-triage', content=body, headers=headers)).status_code)
                away = (await c.get('/metrics')).status_code  # a page answered 503 too: a line of its own kind
                database(True)
                metrics = (await c.get('/metrics')).text
    finally:
        deps.db.dispose()
    assert (answers, away) == ([503] * 20, 503)
    lines = [r.getMessage() for r in caplog.records if 'answered 503' in r.getMessage()]
    assert [line.split(':', 1)[0] for line in lines] == ['generic webhook answered 503', '/metrics answered 503'], lines
    assert 'lead_agent_webhooks_total{outcome="unavailable",vendor="generic"} 20.0' in metrics, metrics


async def test_a_pool_with_no_connection_to_give_is_a_503_on_every_route(
        policy: Policy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database so hung that every pooled connection waits on it: the next request's wait for a connection ends in
    SQLAlchemy's pool timeout, which the durable engine counts as the database away but the host did not (a
    `DBAPIError` only): the review page and `/metrics` answered 500 with a traceback, a submission 500. All are the
    503 with `Retry-After` of a database away, and a submission answered so is stored once the pool has room again.
    The pool's 30 s wait is made 0.3 s here; its connections are really all checked out."""
    _external_host_env(monkeypatch)
    monkeypatch.setenv('REVIEW_USERS', 'dana:pw')
    deps = local_deps(policy, database_url=f'sqlite:///{tmp_path / "runs.db"}')
    app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]
    body = json.dumps(LEAD)
    login = {'Authorization': 'Basic ' + base64.b64encode(b'dana:pw').decode()}

    def signed(message_id: str) -> dict[str, str]:
        when = datetime.now(UTC)
        return {'webhook-id': message_id, 'webhook-timestamp': str(int(when.timestamp())),
                'webhook-signature': Webhook(SECRET).sign(message_id, when, body)}

    try:
        async with app.router.lifespan_context(app), \
                httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
            pool = cast(Any, deps.db.engine.pool)
            pool._timeout = 0.3  # pyright: ignore[reportPrivateUsage]  (SQLAlchemy's QueuePool: 30 s)
            held = [deps.db.engine.connect() for _ in range(pool.size() + pool._max_overflow)]  # pyright: ignore
            try:
                answers = [await c.get('/metrics'), await c.get('/review', headers=login),
                           await c.post('/api/agent/lead-triage', content=body, headers=signed('msg_pool'))]
            finally:
                for conn in held:
                    conn.close()
            for answer in answers:
                assert (answer.status_code, answer.headers.get('retry-after')) == (503, '10'), answer.text
            again = await c.post('/api/agent/lead-triage', content=body, headers=signed('msg_pool'))
            assert again.status_code == 202, again.text
            assert (await c.get('/metrics')).status_code == 200
    finally:
        deps.db.dispose()
    after = local_deps(policy, database_url=f'sqlite:///{tmp_path / "runs.db"}')
    assert len(await after.runs.recent()) == 1
    after.db.dispose()


async def test_a_webhook_run_writes_no_error_to_postgresql_s_log(policy: Policy, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    """The host claims each delivery as it accepts it; the run's triage claims it again and meets the claim: with a
    plain INSERT that is a unique violation, which PostgreSQL writes to its log as an ERROR, one a lead (helper-111's
    drill: 43 in the log after 43 webhooks). The claims skip a row that is there (ON CONFLICT DO NOTHING)."""
    from ._postgres import postgres_instance

    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    with postgres_instance() as server:  # its own server: a log no other test writes to
        deps = local_deps(policy, database_url=server.url)
        app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]
        try:
            async with app.router.lifespan_context(app), \
                    httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
                c.app = app  # type: ignore[attr-defined]
                body, headers = signed(LEAD, 'msg_pglog')
                answer = await c.post('/api/agent/lead-triage', content=body, headers=headers)
                assert answer.status_code == 202, answer.text
                await settle(c)
                [run_id] = answer.json()['run_ids']
                rec = await deps.runs.get(run_id)
                assert rec is not None and rec.state == 'routed_sales'
        finally:
            deps.db.dispose()
        log = (server.root / 'log').read_text(errors='replace')
    assert [line for line in log.splitlines() if 'ERROR' in line] == []


async def test_healthz_tells_busy_workers_from_none(policy: Policy, sqlite_url: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-206: during a mail outage every worker slot held a run retrying its acknowledgement, and after
    LEAD_AGENT_STALL_AFTER /healthz answered 503 'are workers running?' (the oldest run counted was one a worker had):
    a proxy pointed at it would take out the host, which could still store leads. Now a run waiting past it with
    workers busy is a warning in a 200; with nobody taking runs, still 503."""
    from pydantic_ai.models.function import AgentInfo, FunctionModel

    from lead_agent.rules_model import rules_model

    rules = rules_model(policy)
    assert rules.function is not None
    release = asyncio.Event()

    async def held(messages: list[Any], info: AgentInfo) -> Any:  # a worker's slot held, as a run retrying holds it
        await release.wait()
        return await rules.function(messages, info)  # type: ignore[misc]

    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('LEAD_AGENT_CONCURRENCY', '1')
    monkeypatch.setenv('LEAD_AGENT_STALL_AFTER', '1')
    deps = local_deps(policy, database_url=sqlite_url, model=FunctionModel(held, model_name='held-rules'))
    try:
        async with _host(deps) as c:
            for i in range(2):
                body, headers = signed({**LEAD, 'email': f'busy{i}@havenhospitals.com'}, f'msg_busy_{i}')
                assert (await c.post('/api/agent/lead-triage', content=body, headers=headers)).status_code == 202
            await asyncio.sleep(1.5)
            health = await c.get('/healthz')
            assert health.status_code == 200, health.text
            assert health.json()['warning'].startswith('1 run(s) waiting, the oldest for ')
            assert 'while workers hold 1: a vendor down' in health.json()['warning']
            release.set()
            await settle(c)
            await asyncio.sleep(HEALTH_FRESH + 0.1)  # past the check just made, which is reused for that long
            assert (await c.get('/healthz')).json() == {'status': 'ok', 'model': 'held-rules', 'queued': 0}
    finally:
        deps.db.dispose()

    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')  # and nobody to take them: 503
    deps = local_deps(policy, database_url=sqlite_url)
    try:
        async with _host(deps) as c:
            body, headers = signed({**LEAD, 'email': 'nobody@havenhospitals.com'}, 'msg_nobody')
            assert (await c.post('/api/agent/lead-triage', content=body, headers=headers)).status_code == 202
            await asyncio.sleep(1.5)
            health = await c.get('/healthz')
            assert health.status_code == 503 and health.json()['detail'].startswith('1 run(s) waiting, the oldest for ')
            assert health.json()['detail'].endswith(': are workers running?')
    finally:
        deps.db.dispose()


async def test_after_postgresql_restarts_the_first_submissions_are_accepted(policy: Policy,
                                                                             monkeypatch: pytest.MonkeyPatch,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    """helper-206: right after a restart of PostgreSQL (its connections cut), /healthz said 200 and the submissions
    that drew one of the pool's dead connections got 503, 4 of 4 sent at once. A connection that lay idle is pinged as
    it is handed out, and a dead one replaced: every submission is accepted. (While it was down, each health check
    logged its failure: now one line a minute.)"""
    from lead_agent.store.database import PING_IDLE_AFTER

    from ._postgres import postgres_instance

    monkeypatch.setenv('WEBHOOK_SECRET_GENERIC', SECRET)
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')  # the host alone: no run holds a connection meanwhile
    with postgres_instance() as server:
        deps = local_deps(policy, database_url=server.url)
        try:
            async with _host(deps) as c:
                async def send(i: int) -> int:
                    body, headers = signed({**LEAD, 'email': f'restart{i}@havenhospitals.com'}, f'msg_restart_{i}')
                    return (await c.post('/api/agent/lead-triage', content=body, headers=headers)).status_code

                assert await asyncio.gather(*(send(i) for i in range(8))) == [202] * 8  # the pool holds several
                await asyncio.to_thread(server.stop)
                for _ in range(3):
                    await asyncio.sleep(HEALTH_FRESH + 0.1)
                    assert (await c.get('/healthz')).status_code == 503
                logged = [r for r in caplog.records if r.getMessage().startswith('health check: database')]
                # (at most one: the minute's window is the process's, and another test's failed check may have
                # opened it; on the code before, each of the three was logged)
                assert len(logged) <= 1, [r.getMessage() for r in logged]
                await asyncio.to_thread(server.start)
                await asyncio.sleep(PING_IDLE_AFTER + 0.5)
                assert await asyncio.gather(*(send(i) for i in range(8, 16))) == [202] * 8
        finally:
            deps.db.dispose()


async def test_on_postgresql_batches_commit_side_by_side_and_each_delivery_is_one_run(
        policy: Policy, postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL the host commits up to three batches at once (one at a time, a burst waited on round trips: 537-659
    requests/s against 750-1,262 with three). Copies of the same deliveries, arriving in different orders, land in
    batches committing side by side: each delivery id is still one run, answered to every copy, and no transaction
    deadlocks on the claims (they lock in one order)."""
    import random

    _external_host_env(monkeypatch)
    deps = local_deps(policy, database_url=postgres_database)
    app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]
    host = app.state.host
    accept, in_flight, peak, all_in = host.engine.accept, [0], [0], asyncio.Event()

    async def counted(*args: Any, **kwargs: Any) -> list[str | None]:  # a spy: counts, then does the real thing
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        if in_flight[0] == 3:
            all_in.set()
        try:
            # A slow database: each batch is held until three are in (or 5 s pass, when the host allows fewer).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(all_in.wait(), 5)
            return await accept(*args, **kwargs)
        finally:
            in_flight[0] -= 1

    monkeypatch.setattr(host.engine, 'accept', counted)
    deliveries = [f'msg_side_{i}' for i in range(30)]
    copies = [d for d in deliveries for _ in range(3)]
    random.Random(7).shuffle(copies)
    bodies = {d: signed({**LEAD, 'email': f'{d}@havenhospitals.com'}, d) for d in deliveries}
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:

        async def send(delivery: str) -> tuple[str, int, list[str]]:
            body, headers = bodies[delivery]
            answer = await c.post('/api/agent/lead-triage', content=body, headers=headers)
            return delivery, answer.status_code, answer.json().get('run_ids', [])

        waves: list[asyncio.Task[tuple[str, int, list[str]]]] = []
        for wave in range(3):  # each wave's batch goes while the ones before it are still committing
            waves += [asyncio.create_task(send(d)) for d in copies[wave * 30:(wave + 1) * 30]]
            for _ in range(500):  # until this wave's batch is in (the next wave then gathers a batch of its own)
                if peak[0] > wave or all_in.is_set():
                    break
                await asyncio.sleep(0.01)
        answers = await asyncio.gather(*waves)
        stored = [r for r in await deps.runs.recent(limit=500) if r.lead is not None]
    deps.db.dispose()
    assert host.accepter.transactions == 3 and peak[0] == 3, peak
    assert {status for _, status, _ in answers} == {202}
    runs_of: dict[str, set[str]] = {}
    for delivery, _, run_ids in answers:
        runs_of.setdefault(delivery, set()).update(run_ids)
    assert all(len(ids) == 1 for ids in runs_of.values()), runs_of
    assert sorted(r.run_id for r in stored) == sorted(next(iter(ids)) for ids in runs_of.values())


async def test_the_hosts_accepting_commits_copy_no_wal_while_it_runs(host_deps: TriageDeps,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The host checkpoints the SQLite log on a timer of its own (`Database.checkpointing`), not in the commits its
    submissions wait on; stopped, it leaves the connections checkpointing as SQLite has them."""
    _external_host_env(monkeypatch)

    def autocheckpoint() -> int:
        with host_deps.db.engine.connect() as conn:
            return int(conn.exec_driver_sql('PRAGMA wal_autocheckpoint').scalar_one())

    app = create_app(HostSettings(), deps=host_deps)  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        body, headers = signed(LEAD, 'msg_wal')
        assert (await c.post('/api/agent/lead-triage', content=body, headers=headers)).status_code == 202
        assert autocheckpoint() == 0
    assert autocheckpoint() == 1000


@pytest.mark.parametrize('variable', ['REVIEW_TOKEN', 'SECRET_KEY'])
def test_a_blank_review_token_or_secret_key_is_refused(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    """helper-201: a blank REVIEW_TOKEN served the review page with every login refused; a blank SECRET_KEY signed its
    CSRF tokens with nothing."""
    monkeypatch.setenv(variable, '   ')
    with pytest.raises(ValidationError, match='is blank: give it a value, or leave it unset'):
        HostSettings()  # pyright: ignore[reportCallIssue]
