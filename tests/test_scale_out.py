"""Many workers on one PostgreSQL: each run executed once, the vendors' limits shared, the database taken away."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest
from dbos import DBOSClient

from lead_agent import Lead, load_policy, local_deps
from lead_agent.runs import Engine
from lead_agent.store import Database, read_outbox
from lead_agent.web import HostSettings, create_app

from ._postgres import postgres_instance
from ._processes import children, free_port, wait_healthy, worker_env
from .fakes.slack_server import FakeSlackServer
from .helpers import EXAMPLES
from .test_host import SECRET, signed

LEAD = {**json.loads((EXAMPLES / 'leads' / '02-physio-pricing.json').read_text()), 'source_ip': None}  # no per-IP limit


def _leads(n: int) -> list[Lead]:
    return [Lead.from_submission({**LEAD, 'email': f'owner{i}@northpeakpt.com', 'message': f'{LEAD["message"]} #{i}'})
            for i in range(n)]


async def _accept(db_url: str, leads: list[Lead]) -> list[str]:
    deps = local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=db_url)
    async with Engine(deps, execute=False) as engine:
        ids = [await engine.submit(lead) for lead in leads]
    deps.db.dispose()  # type: ignore[attr-defined]
    return ids


def _workers(n: int, env: dict[str, str], *args: str) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker', *args], env=worker_env(env),
                             cwd=EXAMPLES.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(n)]


def _statuses(db_url: str, run_ids: list[str]) -> dict[str, str]:
    db = Database(db_url)
    client = DBOSClient(system_database_engine=db.engine)
    try:
        return {w.workflow_id: w.status for w in client.list_workflows(workflow_ids=run_ids, load_input=False,
                                                                        load_output=False)}
    finally:
        client.destroy()
        db.dispose()


def test_three_workers_share_300_runs_and_run_each_once(postgres_database: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    run_ids = asyncio.run(_accept(postgres_database, _leads(300)))
    env = dict(os.environ, DATABASE_URL=postgres_database, LEAD_AGENT_POLICY=str(EXAMPLES / 'policy.yaml'))
    outputs = [p.communicate(timeout=180)[0].decode(errors='replace') for p in _workers(3, env, '--once')]
    finished = [int(re.findall(r'^(\d+) run\(s\) triaged$', out, re.M)[-1]) for out in outputs]
    assert sum(finished) == 300, outputs  # a run finished twice would count twice
    assert min(finished) > 0  # all three took a share
    assert set(_statuses(postgres_database, run_ids).values()) == {'SUCCESS'}
    deps = local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=postgres_database)
    try:
        posts = read_outbox(deps.db, 'slack_summary')
        states = {r.state for r in asyncio.run(deps.runs.recent(400))}
    finally:
        deps.db.dispose()
    assert len(posts) == 300 and len({p['run_id'] for p in posts}) == 300
    assert states == {'routed_sales'}
    # The host's /metrics counts what every worker executed, each run once.
    for name, value in {'DATABASE_URL': postgres_database, 'LEAD_AGENT_WORKER': 'external',
                        'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml')}.items():
        monkeypatch.setenv(name, value)
    app = create_app(HostSettings.from_env())
    text = asyncio.run(_scrape(app))
    assert 'lead_agent_runs_total{state="routed_sales"} 300.0' in text, text
    assert 'lead_agent_triage_seconds_count 300.0' in text


async def _scrape(app: Any) -> str:
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        return (await c.get('/metrics')).text


def test_the_slack_limit_holds_across_workers(postgres_database: str) -> None:
    """Three workers post nine summaries to one channel: at most one per second-long window, whoever posts."""
    run_ids = asyncio.run(_accept(postgres_database, _leads(9)))
    with FakeSlackServer() as slack:
        env = dict(os.environ, DATABASE_URL=postgres_database, LEAD_AGENT_POLICY=str(EXAMPLES / 'policy.yaml'),
                   SLACK_BOT_TOKEN='xoxb-test', SLACK_API_URL=slack.url + '/api/')
        outputs = [p.communicate(timeout=120)[0].decode(errors='replace') for p in _workers(3, env, '--once')]
        posts = [r for r in slack.requests if r.method == 'chat.postMessage']
    assert set(_statuses(postgres_database, run_ids).values()) == {'SUCCESS'}, outputs
    by_channel: dict[str, list[float]] = defaultdict(list)
    for post in posts:
        by_channel[post.body['channel']].append(post.at)
    assert sum(len(times) for times in by_channel.values()) == 9
    for times in by_channel.values():
        times.sort()
        # fixed one-second windows: two posts may straddle a window's edge, a third waits for the next window
        assert all(later - earlier >= 0.95 for earlier, later in zip(times, times[2:], strict=False)), times


def test_postgresql_stopped_for_ten_seconds_under_load(tmp_path: Path) -> None:
    """`lead-agent serve` with two workers on PostgreSQL; the server stops for 10 s while runs are in flight:
    the host answers (503 on /healthz), the workers stay up, and afterwards nothing is left queued."""
    log = tmp_path / 'serve.log'  # a file, not a pipe: the outage makes them log a lot, and a full pipe blocks
    with postgres_instance() as pg, log.open('wb') as sink:
        port = free_port()
        env = dict(os.environ, WEBHOOK_SECRET_GENERIC=SECRET, LEAD_AGENT_DEAD_AFTER='5', LEAD_AGENT_RETRY_FOR='120')
        serve = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'serve', '--workers', '2', '--port',
                                  str(port), '--db', pg.url, '--policy', str(EXAMPLES / 'policy.yaml')],
                                 env=env, cwd=tmp_path, stdout=sink, stderr=subprocess.STDOUT)
        url = f'http://127.0.0.1:{port}'
        try:
            wait_healthy(f'{url}/healthz', serve)
            workers_before = children(serve.pid)
            run_ids: list[str] = []
            for i in range(60):
                body, headers = signed({**LEAD, 'email': f'owner{i}@northpeakpt.com', 'message': f'#{i} pricing?'},
                                       f'pg{i}')
                answer = httpx2.post(f'{url}/api/agent/lead-triage', content=body, headers=headers, timeout=10)
                assert answer.status_code == 202
                run_ids += answer.json()['run_ids']
            _until(lambda: list(_statuses(pg.url, run_ids).values()).count('SUCCESS') >= 5, 60)  # runs flowing
            pg.stop()
            down = httpx2.get(f'{url}/healthz', timeout=30)
            time.sleep(10)
            pg.start()
            _until(lambda: list(_statuses(pg.url, run_ids).values()) == ['SUCCESS'] * 60, 120)
            statuses = _statuses(pg.url, run_ids)
            up = httpx2.get(f'{url}/healthz', timeout=30)
            workers_after = children(serve.pid)
        finally:
            serve.send_signal(signal.SIGINT)
            serve.wait(timeout=60)
        whole = log.read_text(errors='replace')
        output = whole[-3000:]
    assert down.status_code == 503 and 'database' in down.json()['detail']
    # helper-93: each worker's DBOS logged every failed poll, each with a traceback (83 warnings for a 5 s outage);
    # now once a minute for each kind
    assert whole.count('Exception encountered in queue thread for lead-agent-runs') <= 4, whole[-20000:]
    assert whole.count('heartbeat failed; retrying') <= 2 and 'heartbeat back after' in whole, whole[-20000:]
    assert up.status_code == 200 and up.json()['queued'] == 0, output
    assert sorted(statuses.values()) == ['SUCCESS'] * 60
    assert workers_after == workers_before  # no worker died of it (serve would have started a new one)


def test_a_worker_stopped_while_postgresql_is_down_ends_in_bounded_time(tmp_path: Path) -> None:
    """helper-206: a worker sent SIGTERM while PostgreSQL was down stopped its engine within the stop's bounds, then
    stayed until the database was back (79 s for a 45 s outage): DBOS's threads retry their writes for as long as it
    is away, and the process waited for them as it ended. Now it ends a few seconds after its engine stopped, and
    another worker finishes its runs once the database is back: nothing lost."""
    log = tmp_path / 'worker.log'  # a file, not a pipe: the outage makes it log a lot
    with postgres_instance() as pg, log.open('wb') as sink:
        run_ids = asyncio.run(_accept(pg.url, _leads(40)))
        env = dict(os.environ, DATABASE_URL=pg.url, LEAD_AGENT_POLICY=str(EXAMPLES / 'policy.yaml'),
                   LEAD_AGENT_CONCURRENCY='2')
        worker = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker'], env=worker_env(env),
                                  cwd=tmp_path, stdout=sink, stderr=subprocess.STDOUT)
        try:
            _until(lambda: list(_statuses(pg.url, run_ids).values()).count('SUCCESS') >= 3, 90)  # runs flowing
            pg.stop()
            time.sleep(2)
            worker.send_signal(signal.SIGTERM)
            started = time.monotonic()
            worker.wait(timeout=90)
            took = time.monotonic() - started
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            pg.start()
        outcome = log.read_text(errors='replace')
        # engine: a 10 s drain, up to 16 s for the steps in flight (the action timeout + 1), then at most 5 s to end
        assert took < 40, (took, outcome[-3000:])
        assert worker.returncode == 0, outcome[-3000:]
        again = subprocess.run([sys.executable, '-m', 'lead_agent.cli', 'worker', '--once'], env=worker_env(
            dict(env, LEAD_AGENT_DEAD_AFTER='2')), cwd=tmp_path, capture_output=True, timeout=180)
        assert again.returncode == 0, again.stdout[-3000:]
        statuses = _statuses(pg.url, run_ids)
    assert sorted(statuses.values()) == ['SUCCESS'] * 40, statuses


def test_a_worker_started_while_postgresql_is_down_waits_and_then_works(tmp_path: Path) -> None:
    """`lead-agent worker` before its database is up: it says why and retries (each attempt's pool closed), never
    exits; once PostgreSQL answers it starts and works."""
    log = tmp_path / 'worker.log'
    with postgres_instance() as pg, log.open('wb') as sink:
        pg.stop()
        worker = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker', '--once', '--db', pg.url,
                                   '--policy', str(EXAMPLES / 'policy.yaml')], cwd=tmp_path, env=worker_env(),
                                  stdout=sink, stderr=subprocess.STDOUT)
        try:
            _until(lambda: log.read_text(errors='replace').count('retrying in') >= 3 or worker.poll() is not None, 60)
            assert worker.poll() is None, log.read_text(errors='replace')
            pg.start()
            assert worker.wait(timeout=90) == 0, log.read_text(errors='replace')
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    output = log.read_text(errors='replace')
    assert output.count('retrying in') >= 3 and '0 run(s) triaged' in output, output


def _until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
