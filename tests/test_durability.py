"""Durable runs against real failures: worker processes SIGKILLed at every step, vendors down, failed runs retried.

Real DBOS on SQLite and PostgreSQL, real `lead-agent worker` processes, HubSpot, Slack and SMTP servers on
127.0.0.1 that speak the vendors' wire formats (and answer slowly, so a kill lands inside a step).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from dbos import DBOSClient
from sqlalchemy import func, select, update

from lead_agent import Lead, LeadAgentError, RunRecord, TriageDeps, load_policy
from lead_agent.deps import build_deps
from lead_agent.review import resolve
from lead_agent.runs import Engine
from lead_agent.settings import Settings
from lead_agent.store import Database, RunTotals, SqlRunLog
from lead_agent.store._schema import rotation, rotation_picks

from ._processes import free_port, wait_healthy, worker_env
from .fakes.hubspot_server import FakeHubSpot
from .fakes.slack_server import FakeSlackServer, kept_unanswered, server_error, slow
from .helpers import EXAMPLES, example_lead
from .test_smtp import Inbox, SmtpServer, serve

LEADS = ['01-hospital-group-demo.json', '02-physio-pricing.json', '05-researching.json']
HUBSPOT_PATHS = ('/crm/v3/objects/contacts/search', '/crm/v3/objects/companies/search', '/crm/v3/objects/contacts',
                 '/crm/v3/objects/notes', '/crm/v3/objects/notes/search')


class SlowInbox(Inbox):
    """Takes each message, then waits before saying so: a sender killed meanwhile never learns it went out."""

    hold = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.hold)
        return answer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    for server in serve(auth_require_tls=False):
        server.inbox.__class__ = SlowInbox  # the controller holds this handler object: slow it down in place
        yield server


@dataclass
class Vendors:
    hubspot: FakeHubSpot
    slack: FakeSlackServer
    smtp: SmtpServer

    def env(self, db_url: str, **extra: str) -> dict[str, str]:
        return dict(os.environ, DATABASE_URL=db_url, LEAD_AGENT_POLICY=str(EXAMPLES / 'policy.yaml'),
                    HUBSPOT_ACCESS_TOKEN='pat-local', HUBSPOT_HOST=self.hubspot.host,
                    SLACK_BOT_TOKEN='xoxb-test', SLACK_API_URL=self.slack.url + '/api/',
                    SMTP_URL=self.smtp.url(), SMTP_FROM='hello@careflow.example',
                    SMTP_ALLOW_PLAINTEXT_AUTH='true',  # the test server offers no STARTTLS
                    **{'LEAD_AGENT_DEAD_AFTER': '1', 'LEAD_AGENT_RETRY_FOR': '60', **extra})

    def mails(self) -> list[EmailMessage]:
        return [m.message for m in self.smtp.inbox.messages]


@pytest.fixture
def vendors(smtp: SmtpServer) -> Iterator[Vendors]:
    with FakeHubSpot('pat-local') as hubspot, FakeSlackServer() as slack:
        yield Vendors(hubspot, slack, smtp)


def _deps(db_url: str, env: dict[str, str]) -> TriageDeps:
    settings = Settings.model_validate({k: v for k, v in env.items() if k.isupper()})
    return build_deps(settings, policy=load_policy(EXAMPLES / 'policy.yaml'), database_url=db_url)


def _leads() -> list[Lead]:
    return [Lead.from_submission(json.loads((EXAMPLES / 'leads' / name).read_text())) for name in LEADS]


async def _accept(db_url: str, env: dict[str, str], leads: list[Lead] | None = None) -> list[str]:
    """What a host does: store and queue the leads (`_leads()` unless given; this process executes nothing)."""
    deps = _deps(db_url, env)
    async with Engine(deps, execute=False) as engine:
        ids = [await engine.submit(lead) for lead in (_leads() if leads is None else leads)]
    deps.db.dispose()
    return ids


def _worker(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker', *args], env=worker_env(env),
                            cwd=EXAMPLES.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait(condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            output = process.stdout.read().decode(errors='replace') if process.stdout else ''
            raise AssertionError(f'the worker exited ({process.returncode}) before {what}: {output}')
        if time.monotonic() > deadline:
            raise AssertionError(f'no {what} within {timeout} s')
        time.sleep(0.005)


# Where the first lead's run is when its worker dies: after N checkpointed steps (precheck, retrieve, classify, act.assign,
# act.crm_contact, act.slack_summary, act.email_ack), inside a vendor call, or once its record is written (the
# record keeps no checkpoint: the workflow may not have ended yet).
KILL_POINTS: dict[str, tuple[str, Any]] = {
    'dequeued, no step yet': ('pending', None),
    'after precheck': ('steps', 1),
    'after retrieve': ('steps', 2),
    'after classify': ('steps', 3),
    'after the owner is picked': ('steps', 4),
    'between CRM contact and note': ('hubspot', '/crm/v3/objects/notes'),
    'after CRM, during the Slack post': ('slack', 'chat.postMessage'),
    'during the email': ('smtp', None),
    'after record': ('recorded', None),
}


def _killed_at(point: str, vendors: Vendors, client: DBOSClient, db: Database, run_id: str) -> Callable[[], bool]:
    kind, arg = KILL_POINTS[point]
    if kind == 'recorded':
        runs = SqlRunLog(db)
        return lambda: (rec := asyncio.run(runs.get(run_id))) is not None and rec.state == 'routed_sales'
    if kind == 'pending':
        return lambda: any(w.status == 'PENDING' for w in client.list_workflows(workflow_ids=[run_id]))
    if kind == 'steps':
        return lambda: len(client.list_workflow_steps(run_id)) >= arg
    if kind == 'hubspot':
        return lambda: any(r.path == arg for r in vendors.hubspot.requests)
    if kind == 'slack':
        return lambda: bool(vendors.slack.calls(arg))
    return lambda: bool(vendors.smtp.inbox.messages)


def _kill_a_worker_at(point: str, vendors: Vendors, env: dict[str, str], client: DBOSClient, db: Database,
                      run_id: str) -> None:
    """Start a worker and SIGKILL it once `run_id` reached `point`."""
    worker = _worker(env)
    try:
        _wait(_killed_at(point, vendors, client, db, run_id), point, worker)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate()


def _finish_queue(env: dict[str, str], client: DBOSClient, run_ids: list[str]) -> str:
    """Run a `--once` worker until the queue is empty (60 s at most); its output."""
    worker = _worker(env, '--once')
    try:
        output = worker.communicate(timeout=60)[0].decode(errors='replace')
    except subprocess.TimeoutExpired:
        worker.kill()
        output = worker.communicate()[0].decode(errors='replace')
        steps = {run_id: [s['function_name'] for s in client.list_workflow_steps(run_id)] for run_id in run_ids}
        raise AssertionError(f'the last worker did not finish: {output}\n{steps}') from None
    assert worker.returncode == 0, output
    return output


@pytest.mark.parametrize('point', list(KILL_POINTS))
def test_a_worker_killed_anywhere_loses_nothing_and_repeats_nothing(point: str, vendors: Vendors,
                                                                    tmp_path: Path) -> None:
    _kill_and_resume(point, vendors, f'sqlite:///{tmp_path / "runs.db"}')


@pytest.mark.parametrize('point', ['after retrieve', 'between CRM contact and note', 'during the email'])
def test_a_worker_killed_on_postgresql_loses_nothing(point: str, vendors: Vendors, postgres_database: str) -> None:
    _kill_and_resume(point, vendors, postgres_database)


def test_a_worker_killed_while_it_takes_over_a_dead_ones_runs_leaves_them_to_the_next(vendors: Vendors,
                                                                                      tmp_path: Path) -> None:
    """A dead executor is forgotten only once its runs are re-queued. Its row was deleted first: a worker SIGKILLed
    between judging it and re-queueing left its runs PENDING under an executor nobody judged again, and the last
    worker of the chaos test waited on them for ever. Runs owned by an executor with no row at all (what that left
    behind) are taken over too."""
    from lead_agent.store import Executors, dbos_workflows
    from lead_agent.store._schema import executors

    for path in HUBSPOT_PATHS:
        vendors.hubspot.fail(path, status=None, times=None, delay=0.3)
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url)
    run_ids = asyncio.run(_accept(db_url, env))
    db = Database(db_url)
    client = DBOSClient(system_database_engine=db.engine)
    try:
        _kill_a_worker_at('after retrieve', vendors, env, client, db, run_ids[0])
        [dead] = {w.executor_id for w in client.list_workflows(workflow_ids=run_ids, status='PENDING')}
        judge = Executors(db, dbos_workflows(db.engine))
        # Judged as of a minute from now with 30 s of silence allowed: with the worker's 1 s, a judge whose
        # heartbeat took over a third of it (a loaded CI machine's first SQLite connection) judged nobody.
        later = datetime.now(UTC) + timedelta(seconds=60)
        # A judge that dies before it re-queues anything: the dead executor is still there for the next one.
        assert asyncio.run(judge.seen('judge', 30, now=later)) == [dead]
        assert asyncio.run(judge.seen('judge', 30, now=later)) == [dead]
        asyncio.run(judge.forget('judge'))
        with db.engine.begin() as conn:  # what the old order left behind: runs PENDING under no heartbeat row
            conn.execute(executors.delete().where(executors.c.executor_id == dead))
        assert asyncio.run(judge.seen('judge', 30, now=later)) == [dead]
        asyncio.run(judge.forget('judge'))
        output = _finish_queue(env, client, run_ids)
        statuses = {w.workflow_id: w.status for w in client.list_workflows(workflow_ids=run_ids)}
    finally:
        client.destroy()
        db.dispose()
    assert statuses == dict.fromkeys(run_ids, 'SUCCESS'), output
    assert f'executor {dead} stopped' in output


def _kill_and_resume(point: str, vendors: Vendors, db_url: str) -> None:
    for path in HUBSPOT_PATHS:  # every HubSpot call takes 0.3 s, so a kill after a step lands inside the next
        vendors.hubspot.fail(path, status=None, times=None, delay=0.3)
    vendors.slack.script(*[slow(0.3, method='chat.postMessage')] * 10)
    vendors.smtp.inbox.hold = 0.5  # type: ignore[attr-defined]
    env = vendors.env(db_url)
    run_ids = asyncio.run(_accept(db_url, env))
    db = Database(db_url)
    client = DBOSClient(system_database_engine=db.engine)
    try:
        _kill_a_worker_at(point, vendors, env, client, db, run_ids[0])
        _finish_queue(env, client, run_ids)  # recovers the dead worker's runs once its heartbeat is overdue
        statuses = {w.workflow_id: w.status for w in client.list_workflows(workflow_ids=run_ids)}
    finally:
        client.destroy()
        db.dispose()

    assert statuses == dict.fromkeys(run_ids, 'SUCCESS')
    deps = _deps(db_url, env)
    try:
        records = [asyncio.run(deps.runs.get(run_id)) for run_id in run_ids]
        review = asyncio.run(deps.review.items())
        with deps.db.engine.connect() as conn:
            picked = {r.run_id: r.member_id for r in conn.execute(select(rotation_picks))}
            moves = conn.execute(select(func.coalesce(func.sum(rotation.c.picks), 0))).scalar_one()
    finally:
        deps.db.dispose()
    assert [r.state if r else None for r in records] == ['routed_sales'] * 3
    # Each run has its owner, and a run picked by the round robin moved it once, however often it was resumed.
    assert all(r is not None and r.owner is not None for r in records)
    assert moves == len(picked) and all(
        r.owner.member_id == picked[r.run_id] for r in records if r is not None and r.owner and r.run_id in picked)
    assert review == []
    emails = sorted(lead.email for lead in _leads())
    assert sorted(c['properties']['email'] for c in vendors.hubspot.contacts) == emails  # one contact each
    assert sorted(len(c['notes']) for c in vendors.hubspot.contacts) == [1, 1, 1]  # one note per run
    # The documented window: an email cut off before the server's answer goes out again with the same Message-ID.
    # Any lead of the batch may be inside that call when the worker dies (they run at once): at most one repeat.
    per_message = Counter(str(m['Message-ID']) for m in vendors.mails())
    assert len(per_message) == 3 and max(per_message.values()) <= 2
    # A Slack post cut off before it was recorded is looked for before it is made again (in a channel the policy
    # names, never posted to before, found by its name): one message per run in Slack.
    channels = {post['channel'] for post in vendors.slack.calls('chat.postMessage')}
    per_run = Counter(m['metadata']['event_payload']['run_id'] for channel in channels
                      for m in vendors.slack.messages(channel) if 'metadata' in m)
    assert per_run == dict.fromkeys(run_ids, 1), per_run
    print(f'kill point {point!r}: states {[r.state if r else None for r in records]}, '  # the -s table
          f'contacts {len(vendors.hubspot.contacts)}, notes {len(vendors.hubspot.notes)}, '
          f'emails {sum(per_message.values())} ({len(per_message)} Message-IDs), '
          f'Slack summaries {sum(per_run.values())} for {len(per_run)} runs')


@pytest.mark.parametrize('database', ['sqlite', 'postgres'])
def test_a_worker_killed_after_slack_kept_its_post_does_not_post_it_again(
        database: str, vendors: Vendors, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Slack keeps the summary but its answer never reaches the worker, which is SIGKILLed: the worker that resumes
    the run finds the post in the channel's history (by its metadata) and records it instead of posting again."""
    db_url = (f'sqlite:///{tmp_path / "runs.db"}' if database == 'sqlite'
              else request.getfixturevalue('postgres_database'))
    env = vendors.env(db_url)
    lead = Lead.from_submission(json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text()))
    db = Database(db_url)
    client = DBOSClient(system_database_engine=db.engine)
    try:
        first = asyncio.run(_accept(db_url, env, [lead]))  # a run that posts there first: the channel's id is known
        _finish_queue(env, client, first)
        vendors.slack.script(kept_unanswered(30.0))
        run_id = asyncio.run(_accept(db_url, env, [lead.model_copy(update={'email': 'omar@havenhospitals.com'})]))[0]
        worker = _worker(env)
        try:
            _wait(lambda: len(vendors.slack.calls('chat.postMessage')) == 2, 'the second post', worker)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.communicate()
        _finish_queue(env, client, [run_id])
    finally:
        client.destroy()
        db.dispose()
    deps = _deps(db_url, env)
    try:
        rec = asyncio.run(deps.runs.get(run_id))
    finally:
        deps.db.dispose()
    assert rec is not None and rec.state == 'routed_sales', rec
    posted = [m for m in vendors.slack.messages('#founder-deals') if m.get('metadata', {}).get(
        'event_payload', {}).get('run_id') == run_id]
    assert len(posted) == 1 and len(vendors.slack.calls('chat.postMessage')) == 2
    [summary] = [a for a in rec.actions if a.kind == 'slack_summary']
    assert summary.status == 'done' and summary.ref is not None and summary.ref.endswith(':' + posted[0]['ts'])


def stopped(*workers: subprocess.Popen[bytes] | None) -> str:
    """Woken (if frozen) and stopped with SIGTERM (killed after 60 s): the workers' output."""
    outputs: list[bytes] = []
    for worker in workers:
        if worker is None:
            continue
        worker.send_signal(signal.SIGCONT)
        worker.send_signal(signal.SIGTERM)
        try:
            outputs.append(worker.communicate(timeout=60)[0])
        except subprocess.TimeoutExpired:
            worker.kill()
            outputs.append(worker.communicate()[0])
    return b''.join(outputs).decode(errors='replace')


def test_a_worker_frozen_while_its_runs_wait_for_slack_slots_posts_none_of_them_again(
        vendors: Vendors, postgres_database: str) -> None:
    """helper-93: a worker frozen (SIGSTOP, a paused VM) past LEAD_AGENT_DEAD_AFTER while its runs waited for the
    channel's one-a-second slots; another took them over and posted them; woken, the first posted them again (7 of
    24 doubled). Its runs now check, after a wait, that they are still theirs, and stop. Frozen inside a transaction
    (the channel's rate counter: often), it held the row's lock and nobody could finish its runs until it woke; the
    server now ends such a session after LEAD_AGENT_DEAD_AFTER. On PostgreSQL, where workers scale out: on SQLite a
    worker frozen inside a write (1 of 4 tries here) holds the database's only write lock, nobody can judge it dead,
    and it finishes its own runs when it wakes."""
    db_url = postgres_database
    # Judged dead after 3 s: the judge's own heartbeats must each take under a third of it, and two of these tests
    # side by side on two cores made some take over 0.33 s (LEAD_AGENT_DEAD_AFTER=1): nobody was judged.
    env = vendors.env(db_url, LEAD_AGENT_QUEUE_WAIT='60', LEAD_AGENT_DEAD_AFTER='3')
    hospital = _leads()[0]
    leads = [hospital.model_copy(update={'email': f'buyer{i}@havenhospitals.com'}) for i in range(8)]
    run_ids = asyncio.run(_accept(db_url, env, leads))  # all to #founder-deals: one post a second
    first = _worker(env)
    second: subprocess.Popen[bytes] | None = None
    client_db = Database(db_url)
    client = DBOSClient(system_database_engine=client_db.engine)
    try:
        _wait(lambda: len(vendors.slack.calls('chat.postMessage')) >= 2, 'the first posts', first)
        first.send_signal(signal.SIGSTOP)  # the rest of its runs wait for slots, frozen
        second = _worker(env)
        done = lambda: all(w.status == 'SUCCESS' for w in client.list_workflows(workflow_ids=run_ids))  # noqa: E731
        deadline = time.monotonic() + 60
        while not done() and time.monotonic() < deadline:
            time.sleep(0.2)
        taken_over = done()  # also when frozen inside a transaction: the server ended its session
        first.send_signal(signal.SIGCONT)  # woken: its runs' slots come, the runs are no longer its own
        _wait(done, 'every run finished', second, timeout=90)
        time.sleep(4)
    finally:
        output = stopped(first, second)
        client.destroy()
        client_db.dispose()
    per_run = Counter(m['metadata']['event_payload']['run_id'] for m in vendors.slack.messages('#founder-deals')
                      if 'metadata' in m)
    assert per_run == dict.fromkeys(run_ids, 1), (per_run, output[-3000:])
    # The stale execution stops at our check before a side effect, or at DBOS's own ownership check of a checkpoint
    # write, whichever it meets first (a CI run met DBOS's): either way it posts nothing again (asserted above)
    stopped_here = ('taken over by another process while this one stalled' in output
                    or 'is no longer owned by this execution' in output)
    assert taken_over and stopped_here, output[-3000:]


OUTAGE = 30.0  # seconds a vendor stays down (a minute took 64-74 s of CI's 15 minutes; the backoff is the same)


async def _back_after(seconds: float, *restore: Callable[[], None]) -> None:
    await asyncio.sleep(seconds)
    for fn in restore:
        fn()


@pytest.mark.parametrize('down', ['hubspot', 'slack and smtp'])
async def test_a_vendor_down_for_half_a_minute_retries_without_a_human(down: str, vendors: Vendors,
                                                                       tmp_path: Path) -> None:
    """HubSpot hangs, then answers 503, for 30 s; or Slack answers 502 and SMTP 451 for 30 s. The runs wait
    in durable sleeps, then finish once the vendor is back: routed, nothing in review, nothing done twice."""
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url)
    hubspot, slack, inbox = vendors.hubspot, vendors.slack, vendors.smtp.inbox
    if down == 'hubspot':
        for path in HUBSPOT_PATHS:  # every call hangs past its timeout, then fails, doing nothing
            hubspot.fail(path, status=503, delay=15, times=None)
        restore = [hubspot.clear_faults]
    else:
        slack.script(*[server_error(502, method='chat.postMessage')] * 10_000)
        inbox.replies.extend(['451 4.3.0 Try again later'] * 10_000)
        restore = [slack.clear_faults, inbox.replies.clear]
    deps = _deps(db_url, env)
    started = time.monotonic()
    async with Engine(deps) as engine:
        ids = [await engine.submit(lead) for lead in _leads()]
        if down == 'hubspot':  # after a third of the outage the hang turns into 503s
            await asyncio.sleep(OUTAGE / 3)
            hubspot.clear_faults()
            for path in HUBSPOT_PATHS:
                hubspot.fail(path, status=503, times=None)
        back = asyncio.create_task(_back_after(OUTAGE - (time.monotonic() - started), *restore))
        await asyncio.sleep(OUTAGE - 5 - (time.monotonic() - started))
        assert (await engine.queue_stats())[0] == 3  # near the end of the outage every run still waits
        assert await deps.review.items() == []
        records = [await engine.result(run_id) for run_id in ids]
        await back
    seconds = time.monotonic() - started
    deps.db.dispose()
    assert [r.state for r in records] == ['routed_sales'] * 3
    # HubSpot down also hid the CRM history: its search is retried like an action (helper-67: the runs went on
    # without it, and the guards read "not a customer"), so the runs read it once HubSpot is back.
    assert not any(r.errors for r in records)
    assert all(r.decision is not None and 'crm_unavailable' not in r.decision.rules for r in records)
    assert await _review_items(db_url, env) == []
    assert OUTAGE <= seconds < OUTAGE + 40  # back within one backoff (1 s doubling: 32 s here) of the vendor's return
    assert len(hubspot.contacts) == 3 and sorted(len(c['notes']) for c in hubspot.contacts) == [1, 1, 1]
    assert len(vendors.mails()) == 3  # the inbox keeps what it accepted, not the 451s
    posted = [a.ref for r in records for a in r.actions if a.kind == 'slack_summary' and a.status == 'done']
    assert len(posted) == 3 and all(slack.message(*ref.split(':')) for ref in posted if ref)  # really in Slack


async def _review_items(db_url: str, env: dict[str, str]) -> list[Any]:
    deps = _deps(db_url, env)
    try:
        return await deps.review.items(None)
    finally:
        deps.db.dispose()


async def test_a_failed_run_is_retried_from_its_failed_step(vendors: Vendors, tmp_path: Path) -> None:
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
    vendors.slack.script(server_error(500, method='chat.postMessage'))
    deps = _deps(db_url, env)
    lead = _leads()[0]
    async with Engine(deps) as engine:
        run_id = await engine.submit(lead)
        failed = await engine.result(run_id)
        assert failed.state == 'failed' and [i.run_id for i in await deps.review.items()] == [run_id]
        # Two retries at once (two shells): one forks the run, the other is told; both forked it, and posted twice.
        first, second = await asyncio.gather(engine.retry(run_id), engine.retry(run_id), return_exceptions=True)
        [fork] = [f for f in (first, second) if isinstance(f, str)]
        [refused] = [e for e in (first, second) if isinstance(e, BaseException)]
        assert fork == f'{run_id}.retry1' and isinstance(refused, LeadAgentError)
        assert 'being retried already' in str(refused)
        retried = await engine.result(fork, run_id=run_id)
        with pytest.raises(LeadAgentError, match='only failed runs'):
            await engine.retry(run_id)
        review = await deps.review.items(None)
    deps.db.dispose()
    assert retried.state == 'routed_sales'
    assert [a.kind for a in retried.actions] == ['crm_contact', 'slack_summary', 'email_ack']
    assert len(vendors.hubspot.contacts) == 1 and len(vendors.hubspot.notes) == 1  # the CRM step did not run again
    posts = [(p['channel'], p['text'].split(':')[0]) for p in vendors.slack.calls('chat.postMessage')]
    assert posts == [('#founder-deals', 'New high priority lead'),  # answered 500
                     ('#lead-review', 'Needs review'), ('#founder-deals', 'New high priority lead')]
    assert len(vendors.mails()) == 1
    assert [(i.run_id, i.status, i.decided_by) for i in review] == [(run_id, 'approved', 'lead-agent runs retry')]


async def test_a_run_that_failed_between_its_steps_is_retried_from_where_it_failed(vendors: Vendors,
                                                                                  tmp_path: Path) -> None:
    """helper-198: a run whose erasure check met the database away past LEAD_AGENT_RETRY_FOR failed with no failed
    step, and went to review. Its retry was forked past the review step, where the run now acted: DBOS stopped every
    retry ("act.review_item was recorded when act.assign.sales was expected") and the run stayed failed."""
    from sqlalchemy import event

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    deps = _deps(db_url, vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0'))
    away = [True]

    def database_away(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
                      ) -> None:
        """The run's first erasure read meets the database away."""
        if away[0] and statement.startswith('SELECT runs.subject \nFROM runs \nWHERE runs.run_id'):
            away[0] = False
            raise sqlite3.OperationalError('unable to open database file')

    event.listen(deps.db.engine, 'before_cursor_execute', database_away)
    try:
        async with Engine(deps) as engine:
            run_id = await engine.submit(_leads()[0])
            failed = await engine.result(run_id)
            assert failed.state == 'failed' and not away[0]
            assert 'could not be read before acting' in failed.errors[-1], failed.errors
            assert [a.kind for a in failed.actions] == ['review_item', 'slack_review']
            retried = await engine.result(await engine.retry(run_id), run_id=run_id)
            review = await deps.review.items(None)
    finally:
        event.remove(deps.db.engine, 'before_cursor_execute', database_away)
        deps.db.dispose()
    assert retried.state == 'routed_sales', retried.errors
    assert [a.kind for a in retried.actions] == ['crm_contact', 'slack_summary', 'email_ack']
    assert len(vendors.hubspot.contacts) == 1 and len(vendors.mails()) == 1
    posts = [(p['channel'], p['text'].split(':')[0]) for p in vendors.slack.calls('chat.postMessage')]
    assert posts == [('#lead-review', 'Needs review'), ('#founder-deals', 'New high priority lead')]
    assert [(i.run_id, i.status, i.decided_by) for i in review] == [(run_id, 'approved', 'lead-agent runs retry')]


async def test_a_retry_and_a_reviewer_never_act_on_the_same_run_at_once(vendors: Vendors, tmp_path: Path) -> None:
    """helper-59: a rejection made while `runs retry` posted was overwritten by the retry's `routed_sales` (the lead
    routed although a person rejected it), and an approval and a retry at once posted two summaries. The retry now
    holds the run's review item (`retrying`) from its fork to its record: a reviewer is refused meanwhile, and a
    decision made first refuses the retry. A retry that fails again gives the item back to the queue."""

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
    vendors.slack.script(*[server_error(500, method='chat.postMessage')] * 20)  # Slack down
    deps = _deps(db_url, env)
    first, second = _leads()[:2]
    async with Engine(deps) as engine:
        run_id = await engine.submit(first)
        assert (await engine.result(run_id)).state == 'failed'
        fork = await engine.retry(run_id)  # Slack answers 500 once more: the retry fails too
        [held] = await deps.review.items(None)
        assert (held.status, held.decided_by, held.decided_at) == ('retrying', 'lead-agent runs retry', None)
        for verdict, to in (('reject', None), ('approve', 'sales')):
            with pytest.raises(LeadAgentError, match='is being retried'):
                await resolve(run_id, verdict, deps, to=to, by='luis')  # type: ignore[arg-type]
        assert (await engine.result(fork, run_id=run_id)).state == 'failed'
        [back] = await deps.review.items('open')
        assert back.run_id == run_id and back.reason.startswith('runs retry: ')
        # An approval that has decided the item and is still routing (the run still `failed`): the retry is refused.
        await deps.review.resolve(run_id, 'approved', 'sales', 'luis', deps.now())
        with pytest.raises(LeadAgentError, match='already approved by luis; not retried'):
            await engine.retry(run_id)
        vendors.slack.clear_faults()  # Slack is back
        other = await engine.submit(second)
        assert (await engine.result(other)).state == 'routed_sales'
        after = await deps.runs.get(run_id)
    deps.db.dispose()
    assert after is not None and after.state == 'failed'  # as the approval left it; nothing else acted on it
    summaries = [p for p in vendors.slack.calls('chat.postMessage') if p['text'].startswith('New ')]
    assert len(summaries) == 3  # the run's two (answered 500) and the second lead's; none after the rejection


def _contact_creates(vendors: Vendors) -> int:
    return sum(r.method == 'POST' and r.path == '/crm/v3/objects/contacts' for r in vendors.hubspot.requests)


def _erase_with_a_worker(env: dict[str, str], db_url: str, email: str, *, until: Callable[[], bool], what: str,
                         wait: float = 30, then: Callable[[], None] = lambda: None
                         ) -> tuple[subprocess.CompletedProcess[str], float, str]:
    """A worker runs the queue; once `until()`, `lead-agent erase --email` in a process of its own, then `then()`:
    erase's outcome, the seconds it took, and the worker's output."""
    worker = _worker(env)
    try:
        _wait(until, what, worker)
        started = time.monotonic()
        erase = subprocess.run([sys.executable, '-m', 'lead_agent.cli', 'erase', '--email', email, '--yes',
                                '--wait', f'{wait:g}', '--db', db_url], env=env, cwd=EXAMPLES.parent,
                               capture_output=True, text=True, timeout=120)
        took = time.monotonic() - started
        then()
    finally:
        output = stopped(worker)
    return erase, took, output


async def _a_failed_run(vendors: Vendors, db_url: str, lead: Lead) -> str:
    """The id of a run of `lead` that failed (with the vendors' faults as scripted) and is not retried for."""
    deps = _deps(db_url, vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0'))
    try:
        async with Engine(deps) as engine:
            run_id = await engine.submit(lead)
            assert (await engine.result(run_id)).state == 'failed'
    finally:
        deps.db.dispose()
    return run_id


async def _a_retry_in_its_post(engine: Engine, vendors: Vendors, lead: Lead, post_takes: float) -> tuple[str, str]:
    """A run whose summary's post failed (Slack scripted to refuse it), then `runs retry` of it, whose post takes
    `post_takes` s: the run's and the retry's ids, once the retry is in its post."""
    run_id = await engine.submit(lead)
    assert (await engine.result(run_id)).state == 'failed'
    vendors.slack.script(slow(post_takes, method='chat.postMessage'))
    fork = await engine.retry(run_id)
    for _ in range(200):
        if any(c['text'].startswith('New ') for c in vendors.slack.calls('chat.postMessage')[1:]):
            break
        await asyncio.sleep(0.05)
    return run_id, fork


async def test_an_erasure_during_a_retry_leaves_its_execution_until_it_ends(vendors: Vendors, tmp_path: Path) -> None:
    """helper-61 A2: `lead-agent erase` while that person's `runs retry` posted deleted the retry's workflow under it;
    the retry's CLI then waited forever. The running execution is now left (and listed) until it ends; the retry
    records over the erased run as erased, and its checkpoints are deleted once it has ended."""
    from lead_agent.erase import ERASED_FLAG, erase_email, forget_workflows

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
    vendors.slack.script(server_error(500, method='chat.postMessage'))
    deps = _deps(db_url, env)
    lead = _leads()[0]
    async with Engine(deps) as engine:
        run_id, fork = await _a_retry_in_its_post(engine, vendors, lead, 3.0)
        done = await erase_email(deps.db, lead.email, by='dpo', now=deps.now())
        first = await forget_workflows(deps.db, done.run_ids)
        retried = await asyncio.wait_for(engine.result(fork, run_id=run_id), 30)
        second = await forget_workflows(deps.db, first.running)
        left = await engine.client.list_workflows_async(workflow_ids=[run_id, fork])
    deps.db.dispose()
    # The run's own execution went; the retry's stayed, and the note check its retry queued was cancelled.
    assert first.deleted == 1 and first.running == sorted([fork, f'{run_id}.notes0'])
    assert second.deleted == 2 and second.running == [] and left == []
    assert retried.lead is not None and retried.lead.email != lead.email and ERASED_FLAG in retried.flags


@pytest.mark.parametrize('database', ['sqlite', 'postgres'])
def test_a_run_waiting_for_a_vendor_stops_when_its_person_is_erased(
        database: str, vendors: Vendors, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A run retrying its CRM contact through a HubSpot outage (LEAD_AGENT_RETRY_FOR) went on once HubSpot was back
    after `lead-agent erase` had waited for it: the erased person's contact was created, posted to Slack and emailed.
    The run now looks again after each backoff and stops; erase, which waits for it, ends at once and exits 0."""
    from lead_agent.erase import ERASED

    db_url = (f'sqlite:///{tmp_path / "runs.db"}' if database == 'sqlite'
              else request.getfixturevalue('postgres_database'))
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='600')
    vendors.hubspot.fail('/crm/v3/objects/contacts', status=503, times=None)  # HubSpot is down for creates
    lead = _leads()[0]
    [run_id] = asyncio.run(_accept(db_url, env, [lead]))

    def hubspot_back() -> None:
        vendors.hubspot.clear_faults()  # nothing of the person may be made now
        time.sleep(3)

    erase, took, output = _erase_with_a_worker(env, db_url, lead.email, until=lambda: _contact_creates(vendors) >= 2,
                                               what='two contact creates', then=hubspot_back)  # in its backoff
    assert erase.returncode == 0, erase.stdout + erase.stderr
    assert took < 25, took  # the run stopped at its next try (the backoff doubles from 1 s), not after --wait
    assert vendors.hubspot.contacts == []
    assert not [p for p in vendors.slack.calls('chat.postMessage') if p['text'].startswith('New ')]
    assert vendors.mails() == []
    # It stops after the pipeline's backoff or after the HubSpot client's own, whichever comes first.
    assert f'run {run_id[:12]}: its personal data was erased while it ran; it stops before' in output, output
    deps = _deps(db_url, env)
    client = DBOSClient(system_database_engine=deps.db.engine)
    try:
        left = client.list_workflows(workflow_ids=[run_id])
        rec = asyncio.run(deps.runs.get(run_id))
        items = asyncio.run(deps.review.items(None))
        totals = asyncio.run(RunTotals(deps.db).read())  # what the worker counted, flushed as it stopped
    finally:
        client.destroy()
        deps.db.dispose()
    assert left == []  # its checkpoints, which hold the lead, went
    assert rec is not None and rec.lead is not None and rec.lead.email != lead.email
    assert [i.reason for i in items if i.run_id == run_id] in ([], [ERASED])
    # Recorded failed, but not counted as a failure in /metrics (it was: an alert on failed runs fired for it)
    assert rec.state == 'failed' and totals.by_state() == {'erased': 1}


def test_what_a_run_posted_while_erase_waited_for_it_is_erased_too(vendors: Vendors, tmp_path: Path) -> None:
    """`lead-agent erase` waits for a run still executing; a Slack post it was making stored its message (the lead's
    name, company and summary) after the erasure, and it stayed. Erase now erases the runs' rows again once it has
    waited for them, and names the message among those to delete by hand."""
    from lead_agent.erase import ERASED_BLOCKS
    from lead_agent.store._schema import slack_messages

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url)
    vendors.slack.script(slow(4.0, method='chat.postMessage'))  # the summary's post takes 4 s
    lead = _leads()[0]
    [run_id] = asyncio.run(_accept(db_url, env, [lead]))
    erase, _, output = _erase_with_a_worker(env, db_url, lead.email, wait=60, what='the Slack post',
                                            until=lambda: bool(vendors.slack.calls('chat.postMessage')))
    assert erase.returncode == 0, erase.stdout + erase.stderr + output
    db = Database(db_url)
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(select(slack_messages.c.channel, slack_messages.c.ts, slack_messages.c.blocks)
                                .where(slack_messages.c.run_id == run_id)).all()
    finally:
        db.dispose()
    assert [r.blocks for r in rows] == [ERASED_BLOCKS], output
    assert f'{rows[0].channel} {rows[0].ts}' in erase.stdout, erase.stdout  # to delete by hand


def test_runs_forget_deletes_what_an_erasure_left_once_it_has_ended(vendors: Vendors, tmp_path: Path) -> None:
    """`lead-agent erase` names the executions it stopped waiting for; `runs forget` deletes them later: a queued one
    is cancelled first (and listed, exit 1), and deleted on the next call. Not a run that was not erased."""
    from typer.testing import CliRunner

    from lead_agent.cli import app
    from lead_agent.erase import erase_email

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url)
    lead = _leads()[0]
    [run_id] = asyncio.run(_accept(db_url, env, [lead]))  # queued; no worker runs
    runner = CliRunner()
    live = runner.invoke(app, ['runs', 'forget', run_id, '--db', db_url], env=env)
    assert live.exit_code == 2 and 'was not erased' in live.output, live.output  # a live run's are how it resumes
    deps = _deps(db_url, env)
    asyncio.run(erase_email(deps.db, lead.email, by='dpo', now=deps.now()))
    deps.db.dispose()
    first = runner.invoke(app, ['runs', 'forget', run_id, '--db', db_url], env=env)
    second = runner.invoke(app, ['runs', 'forget', run_id, '--db', db_url], env=env)
    assert first.exit_code == 1 and '0 execution(s) forgotten' in first.output, first.output
    assert f'not forgotten: {run_id}' in first.output
    assert second.exit_code == 0 and '1 execution(s) forgotten' in second.output, second.output


async def test_a_retry_stopped_before_it_started_gives_the_item_back(vendors: Vendors, tmp_path: Path) -> None:
    """helper-61: `runs retry` Ctrl-C'd or killed between holding the review item and forking left the item
    `retrying` forever: refused to reviewers and to retries, off the page. A cancelled retry gives it back at once; a
    killed one's item is given back by an executing engine when two looks in a row find no retry behind it."""
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
    vendors.slack.script(*[server_error(500, method='chat.postMessage')] * 20)
    deps = _deps(db_url, env)
    async with Engine(deps) as engine:
        run_id = await engine.submit(_leads()[0])
        assert (await engine.result(run_id)).state == 'failed'
        real_fork = engine.client.fork_workflow_async

        async def cancelled(*args: Any, **kwargs: Any) -> Any:
            raise asyncio.CancelledError  # Ctrl-C while forking

        engine.client.fork_workflow_async = cancelled  # type: ignore[method-assign]
        with pytest.raises(asyncio.CancelledError):
            await engine.retry(run_id)
        engine.client.fork_workflow_async = real_fork  # type: ignore[method-assign]
        assert [i.status for i in await deps.review.items(None)] == ['open']
        # Killed after the hold (nothing ran to give it back): the item as such a kill leaves it.
        await deps.review.resolve(run_id, 'retrying', None, 'lead-agent runs retry', deps.now())
        assert await engine.reopen_cut_off_approvals() == []  # first look: maybe a retry about to fork
        assert await engine.reopen_cut_off_approvals() == [run_id]
        [item] = await deps.review.items('open')
        vendors.slack.clear_faults()
        retried = await engine.result(await engine.retry(run_id), run_id=run_id)
    deps.db.dispose()
    assert item.run_id == run_id and retried.state == 'routed_sales'


async def test_a_run_that_has_not_ended_is_not_retried_and_says_so(tmp_path: Path) -> None:
    """helper-59: a run still in its first execution (queued, or waiting for a vendor) was refused as 'being retried
    already', though nobody had retried it."""
    from lead_agent import local_deps

    deps = local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=f'sqlite:///{tmp_path / "runs.db"}')
    async with Engine(deps, execute=False) as host:  # queues only: the run waits for a worker
        run_id = await host.submit(_leads()[0])
        with pytest.raises(LeadAgentError, match='has not ended yet'):
            await host.retry(run_id)
    deps.db.dispose()


async def test_an_approval_cut_off_before_it_routed_goes_back_to_the_queue(tmp_path: Path) -> None:
    """helper-59: `lead-agent review approve` (or the host) SIGKILLed while it routed left the item approved and the
    run in review, with a contact and nothing else; approving again, `runs retry` and `review restore` all refused it.
    An executing engine opens such an item again once no approval can still be running (`retry_for` + 10 min)."""
    from datetime import timedelta

    from lead_agent import local_deps

    deps = local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=f'sqlite:///{tmp_path / "runs.db"}')
    leads = [Lead.from_submission({'name': f'Pat {i}', 'email': f'pat{i}@gmail.com', 'form': 'demo',
                                   'message': 'We run three physio clinics and want a demo of the reminders.'})
             for i in range(3)]
    async with Engine(deps) as engine:
        cut, recent, done = [await engine.result(await engine.submit(lead)) for lead in leads]
        assert {cut.state, recent.state, done.state} == {'review'}
        now = deps.now()
        # Each approval decided its item; the first was killed two hours ago, the second is routing now.
        await deps.review.resolve(cut.run_id, 'approved', 'sales', 'dana', now - timedelta(hours=2))
        await deps.review.resolve(recent.run_id, 'approved', 'sales', 'luis', now - timedelta(minutes=1))
        routed = await resolve(done.run_id, 'approve', deps, to='sales', by='maya')
        assert routed.state == 'routed_sales'
        assert await engine.reopen_cut_off_approvals() == [cut.run_id]
        assert await engine.reopen_cut_off_approvals() == []
        [item] = await deps.review.items('open')
        again = await resolve(cut.run_id, 'approve', deps, to='sales', by='dana')
    deps.db.dispose()
    assert item.run_id == cut.run_id and item.reason.startswith('the approval by dana → sales at ')
    assert again.state == 'routed_sales' and again.reviewed is not None and again.reviewed.decided_by == 'dana'


async def test_a_run_whose_status_write_failed_is_taken_up_again_by_its_live_worker(tmp_path: Path) -> None:
    """SQLite's disk full when a run recorded its outcome: DBOS could write neither SUCCESS nor ERROR, and the run
    stayed PENDING under a live worker, which nobody recovers, until that worker restarted (helper-43). The worker
    re-queues it once it has sat there, not running, for `dead_after`; it resumes after its last checkpoint."""

    from sqlalchemy import event

    from lead_agent import local_deps

    deps = local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=f'sqlite:///{tmp_path / "runs.db"}')
    failed: list[float] = []

    def disk_full(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        """The disk is full for a second from the run's first outcome write: its SUCCESS and ERROR both fail."""
        outcome = statement.lstrip().upper().startswith('UPDATE') and 'workflow_status' in statement \
            and bool({'SUCCESS', 'ERROR'} & set(map(str, parameters or ())))
        if outcome and (not failed or time.monotonic() - failed[0] < 1):
            failed.append(time.monotonic())
            raise sqlite3.OperationalError('database or disk is full')

    async with Engine(deps, dead_after=1) as engine:
        event.listen(deps.db.engine, 'before_cursor_execute', disk_full)
        run_id = await engine.submit(_leads()[0])
        statuses: list[str] = []
        for _ in range(300):  # as a host or `lead-agent runs` sees it: the workflow's status, polled
            statuses = [w.status for w in await engine.client.list_workflows_async(workflow_ids=[run_id])]
            if statuses == ['SUCCESS']:
                break
            await asyncio.sleep(0.1)
        event.remove(deps.db.engine, 'before_cursor_execute', disk_full)
        record = await deps.runs.get(run_id)
    await deps.aclose()
    assert len(failed) >= 2 and statuses == ['SUCCESS'] and engine.strays == [run_id]  # SUCCESS and ERROR failed
    assert record is not None and record.state == 'routed_sales'


def test_a_host_killed_during_a_burst_has_a_run_for_every_202_and_resumes_them(tmp_path: Path) -> None:
    """Inline mode (the host runs its own queue): SIGKILL it mid-burst; each 202 has a stored run, and the next
    start finishes them all (the dead host's runs are re-queued once its heartbeat is overdue)."""
    import httpx2

    from .test_host import SECRET, signed

    lead = json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text())
    db_url = f'sqlite:///{tmp_path / "burst.db"}'
    env = dict(os.environ, WEBHOOK_SECRET_GENERIC=SECRET, LEAD_AGENT_DEAD_AFTER='1')

    def start_host() -> tuple[subprocess.Popen[bytes], str]:
        port = free_port()
        process = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'serve', '--workers', '0', '--port',
                                    str(port), '--db', db_url, '--policy', str(EXAMPLES / 'policy.yaml')],
                                   env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_healthy(f'http://127.0.0.1:{port}/healthz', process)
        return process, f'http://127.0.0.1:{port}'

    host, url = start_host()
    accepted: list[str] = []

    async def burst() -> None:
        gate = asyncio.Semaphore(20)
        async with httpx2.AsyncClient(base_url=url, timeout=10) as client:
            async def one(i: int) -> None:
                body, headers = signed({**lead, 'email': f'lead{i}@havenhospitals.com', 'message': f'#{i}'}, f'b{i}')
                async with gate:
                    if len(accepted) >= 100 and host.poll() is None:
                        host.send_signal(signal.SIGKILL)  # mid-burst: requests in flight, runs queued and running
                    try:
                        answer = await client.post('/api/agent/lead-triage', content=body, headers=headers)
                    except httpx2.TransportError:
                        return  # no answer: the vendor retries such a delivery later
                    assert answer.status_code == 202
                    accepted.extend(answer.json()['run_ids'])

            await asyncio.gather(*(one(i) for i in range(200)))

    asyncio.run(burst())
    host.communicate()
    assert 100 <= len(accepted) < 200
    again, _ = start_host()
    try:
        store = Database(db_url)
        client = DBOSClient(system_database_engine=store.engine)
        deadline, statuses = time.monotonic() + 60, list[str]()
        while time.monotonic() < deadline:
            statuses = [w.status for w in client.list_workflows(workflow_ids=accepted)]
            if len(statuses) == len(accepted) and set(statuses) == {'SUCCESS'}:
                break
            time.sleep(0.2)
        client.destroy()
        assert sorted(statuses) == ['SUCCESS'] * len(accepted)
        deps = _deps(db_url, env)
        records = [asyncio.run(deps.runs.get(run_id)) for run_id in accepted]
        deps.db.dispose()
        store.dispose()
    finally:
        again.send_signal(signal.SIGINT)
        again.communicate(timeout=30)
    assert all(r is not None and not r.errors[:1] == ['queued: not triaged yet'] for r in records)
    assert {r.state for r in records if r} <= {'routed_sales', 'rate_limited'}


@pytest.mark.parametrize('backend', ['sqlite', 'postgresql'])
async def test_a_batch_queues_the_rows_dbos_itself_would(backend: str, request: pytest.FixtureRequest,
                                                          tmp_path: Path) -> None:
    """`enqueue_many` (the accept path's two statements for a whole batch) writes what DBOS's own
    `enqueue_in_transaction` writes for the same workflow, column for column; a DBOS release that changes its rows
    fails here. A workflow id queued again is left as it was."""
    from dbos._enqueue_options import EnqueueOptions
    from dbos._serialization import DefaultSerializer

    from lead_agent._enqueue import enqueue_many
    from lead_agent.runs import RUN_QUEUE, WORKFLOW

    db_url = (request.getfixturevalue('postgres_database') if backend == 'postgresql'
              else f'sqlite:///{tmp_path / "runs.db"}')
    deps = _deps(db_url, dict(os.environ))
    lead = _leads()[0].model_dump_json()

    def call(run_id: str) -> tuple[EnqueueOptions, tuple[Any, ...]]:
        options = EnqueueOptions(workflow_name=WORKFLOW, queue_name=RUN_QUEUE, workflow_id=run_id, app_version='v')
        return options, (run_id, lead, '2026-12-03T00:00:00+00:00', False)

    async with Engine(deps, execute=False) as engine:
        client = engine.client
        sys_db = client._sys_db  # pyright: ignore[reportPrivateUsage]
        with deps.db.engine.begin() as conn:
            enqueue_many(client, conn, [call('batch-1'), call('batch-2')])
            options, args = call('single-1')
            client.enqueue_in_transaction(conn, options, *args)
        tables = sys_db.tables

        def rows() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
            with sys_db.engine.connect() as conn:
                return ({r['workflow_uuid']: dict(r) for r in conn.execute(select(tables.workflow_status)).mappings()},
                        {r['workflow_uuid']: dict(r) for r in conn.execute(select(tables.workflow_input)).mappings()})

        status, inputs = rows()
        with deps.db.engine.begin() as conn:  # again: no error, nothing changed
            enqueue_many(client, conn, [call('batch-1')])
        assert rows() == (status, inputs)
        with pytest.raises(ValueError, match='no reuse or duplication policy'):
            with deps.db.engine.begin() as conn:
                options, args = call('batch-3')
                enqueue_many(client, conn, [({**options, 'workflow_id_reuse_policy': 'reject'}, args)])
        [(_, queued)] = [(w.workflow_id, w.status) for w in
                         await client.list_workflows_async(workflow_ids=['batch-2'], load_input=False)]
    await deps.aclose()
    assert sorted(status) == sorted(inputs) == ['batch-1', 'batch-2', 'single-1'] and queued == 'ENQUEUED'
    own = {'workflow_uuid', 'creator_xid', 'created_at', 'updated_at', 'inputs', 'retention_timestamp'}

    def same(row: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k not in own}

    assert same(status['batch-1']) == same(status['single-1']) == same(status['batch-2'])
    assert status['batch-1']['creator_xid'] not in (None, status['batch-2']['creator_xid'])
    assert set(status['batch-1']) == set(status['single-1']) and set(inputs['batch-1']) == set(inputs['single-1'])
    assert same(inputs['batch-1']) == same(inputs['single-1'])
    args = {k: DefaultSerializer().deserialize(inputs[k]['inputs'])['args'] for k in ('batch-1', 'single-1')}
    assert args['batch-1'] == ('batch-1', *args['single-1'][1:]) and args['single-1'][0] == 'single-1'


# --- helper-96: erasures of runs still going ---------------------------------------------------------------------
async def _erase_cli(env: dict[str, str], db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`lead-agent erase ARGS --yes --db URL` in its own process, this event loop going on meanwhile."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, '-m', 'lead_agent.cli', 'erase', *args, '--yes', '--db', db_url, env=env,
        cwd=EXAMPLES.parent, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return subprocess.CompletedProcess([], proc.returncode, out.decode(), err.decode())


# --- 1. an approval retrying HubSpot is not stopped by an erasure ---------------------------------------------------
async def test_an_approval_waiting_for_hubspot_stops_when_its_person_is_erased(vendors: Vendors,
                                                                              tmp_path: Path) -> None:
    """helper-96: an approval (web page, Slack button, `review approve`) retrying the contact create through a
    HubSpot outage went on after `lead-agent erase`, which has no approval to wait for, and created the erased
    person's contact and note once HubSpot was back. An approval is watched as a run is: it stops at its next try."""
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    vendors.hubspot.fail('/crm/v3/objects/contacts', status=503, times=None)  # HubSpot is down for creates
    lead = _leads()[0]
    run_id = await _a_failed_run(vendors, db_url, lead)  # its CRM contact failed: in review
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='600')
    approver = _deps(db_url, env)  # the web host's / the CLI's deps
    try:
        approval = asyncio.create_task(resolve(run_id, 'approve', approver, to='sales', by='luis'))
        before = _contact_creates(vendors)
        for _ in range(400):  # the approval is in its backoff
            if _contact_creates(vendors) >= before + 2:
                break
            await asyncio.sleep(0.05)
        assert _contact_creates(vendors) >= before + 2
        erase = await _erase_cli(env, db_url, '--email', lead.email, '--wait', '30')
        vendors.hubspot.clear_faults()  # HubSpot is back: nothing of the person may be made now
        try:
            await asyncio.wait_for(approval, 60)
        except Exception:  # refused or failed: what matters is what it made
            pass
    finally:
        approver.db.dispose()
    assert erase.returncode == 0, erase.stdout + erase.stderr
    made = [c['properties']['email'] for c in vendors.hubspot.contacts]
    assert made == [], f'after `erase` exited 0, the approval created HubSpot contact(s) {made} and notes ' \
                       f'{len(vendors.hubspot.notes)}'


def _subject(db_url: str, run_id: str) -> str | None:
    from lead_agent.store import Database
    from lead_agent.store._schema import runs

    db = Database(db_url)
    try:
        with db.engine.connect() as conn:
            return conn.execute(select(runs.c.subject).where(runs.c.run_id == run_id)).scalar()
    finally:
        db.dispose()


def _erase_process(env: dict[str, str], db_url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'erase', *args, '--yes', '--db', db_url],
                            env=env, cwd=EXAMPLES.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# --- 2. the contact a stopped run created is not named in erase's report -------------------------------------------
@pytest.mark.parametrize('database', ['sqlite', 'postgres'])
def test_erase_names_the_hubspot_contact_a_run_it_stopped_had_created(
        database: str, vendors: Vendors, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """helper-96: a run that had created the person's HubSpot contact and was retrying its Slack post when the person
    was erased stopped and recorded nothing, so erase's report did not name the contact it created. A run stopped so
    (or saving over an erased run) adds its actions, redacted, to the erased record; erase's second look names them.
    helper-98: on PostgreSQL the save added nothing (it took the upsert's rowcount, -1 there, for "not erased")."""
    db_url = (f'sqlite:///{tmp_path / "runs.db"}' if database == 'sqlite'
              else request.getfixturevalue('postgres_database'))
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='600')
    vendors.slack.script(*[server_error(500, method='chat.postMessage')] * 40)  # Slack is down for posts
    lead = _leads()[0]
    [run_id] = asyncio.run(_accept(db_url, env, [lead]))
    erase, took, output = _erase_with_a_worker(env, db_url, lead.email, what='two Slack posts',  # in its backoff
                                               until=lambda: len(vendors.slack.calls('chat.postMessage')) >= 2)
    assert erase.returncode == 0, erase.stdout + erase.stderr + output
    [contact] = vendors.hubspot.contacts  # made by the run before the erasure
    if 'it stops before trying act.slack_summary again' not in output:  # once in ~10 CI runs: say what happened
        deps = _deps(db_url, env)
        try:
            rec = asyncio.run(deps.runs.get(run_id))
        finally:
            deps.db.dispose()
        raise AssertionError(f'the run did not stop at its check; erase took {took:.1f} s and said:\n{erase.stdout}'
                             f'{erase.stderr}\nthe run ended {rec and rec.state}: {rec and rec.errors}\n{output}')
    assert contact['id'] in erase.stdout, f'the contact lead-agent created ({contact["id"]}) is not named:\n' \
                                          + erase.stdout


# --- 3. the second pass erases runs it then leaves the checkpoints of ----------------------------------------------
def test_a_run_the_second_pass_erases_has_its_checkpoints_deleted_too(vendors: Vendors, tmp_path: Path) -> None:
    """helper-96: erase's second pass after its wait was a whole new erasure: it redacted a run the person submitted
    meanwhile (B) and never forgot B's checkpoints, which hold the lead. It now looks only at the runs the first
    pass erased (`erase_leftovers`); B is a new submission, kept whole."""
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url)
    vendors.slack.script(slow(8.0, method='chat.postMessage'))  # the first summary's post takes 8 s
    lead = _leads()[0]
    [run_a] = asyncio.run(_accept(db_url, env, [lead]))
    worker = _worker(env)
    erase: subprocess.Popen[str] | None = None
    try:
        _wait(lambda: bool(vendors.slack.calls('chat.postMessage')), 'the Slack post', worker)
        erase = _erase_process(env, db_url, '--email', lead.email, '--wait', '60')
        _wait(lambda: _subject(db_url, run_a) == 'erased', 'the first pass', worker)
        again = lead.model_copy(update={'message': lead.message + ' Also: do you integrate with Epic?'})
        [run_b] = asyncio.run(_accept(db_url, env, [again]))  # the person writes again while erase waits
        out, err = erase.communicate(timeout=120)
        time.sleep(2)
    finally:
        if erase is not None and erase.poll() is None:
            erase.kill()
        output = stopped(worker)
    assert erase is not None and erase.returncode == 0, out + err + output
    deps = _deps(db_url, env)
    client = DBOSClient(system_database_engine=deps.db.engine)
    try:
        rec_b = asyncio.run(deps.runs.get(run_b))
        left = client.list_workflows(workflow_ids=[run_b])
    finally:
        client.destroy()
        deps.db.dispose()
    assert rec_b is not None and rec_b.lead is not None
    if rec_b.lead.email == lead.email:
        return  # B was not erased: a new submission, kept whole (checkpoints and all), is consistent
    # B was erased by the second pass: its checkpoints (the lead) must go too, or be named as still going (exit 1).
    inputs = [json.dumps(w.input, default=str) for w in left]
    assert left == [], f'run B erased (`runs 2` in {out.strip()!r}) but its workflow {[w.status for w in left]} ' \
                       f'keeps the lead: {lead.email in "".join(inputs)}'


# --- 4. the second pass counts the rows the first pass erased again ------------------------------------------------
async def test_erase_counts_each_row_it_erased_once(vendors: Vendors, tmp_path: Path) -> None:
    """helper-96: erase's second pass counted the rows the first had erased again (2 review items and 2 Slack
    messages for one of each) and wrote a second audit row. Rows already erased are not counted again, and the one
    audit row counts both passes."""
    from lead_agent.store._schema import erasures, review_items, slack_messages

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
    vendors.slack.script(server_error(500, method='chat.postMessage'))  # the summary's post fails: the run fails
    deps = _deps(db_url, env)
    lead = _leads()[0]
    try:
        async with Engine(deps) as engine:
            run_id, fork = await _a_retry_in_its_post(engine, vendors, lead, 5.0)
            erase = await _erase_cli(env, db_url, '--email', lead.email, '--wait', '30')
            assert erase.returncode == 0, erase.stdout + erase.stderr
            await asyncio.sleep(0.5)
        with deps.db.engine.connect() as conn:
            items = conn.execute(select(review_items.c.status).where(review_items.c.run_id == run_id)).scalars().all()
            posts = conn.execute(select(slack_messages.c.id).where(slack_messages.c.run_id == run_id)).all()
            audits = conn.execute(select(erasures.c.counts)).scalars().all()
    finally:
        deps.db.dispose()
    head = ' '.join(erase.stdout.split('still to erase by hand')[0].split()).removeprefix('erased: ')
    counts = dict(part.split(' ') for part in head.split(', '))
    why = (fork, counts, items, posts, audits)
    assert int(counts.get('review_items', 0)) == len(items), why
    # The run's review post, erased by the first pass; the retry's summary, erased by the second look, or stored
    # erased (its post ended after the erasure): each counted once at most.
    assert 1 <= int(counts.get('slack_messages', 0)) <= len(posts) == 2, why
    [audit] = audits  # one row for the erasure, counting what both looks did
    assert {t: str(n) for t, n in json.loads(audit).items() if n} == {t: n for t, n in counts.items()
                                                                      if t != 'workflows'}, why  # not a table


# --- 5. a `runs retry` stopped by `_Erased` keeps the run's review item held -----------------------------------------
async def test_a_retry_stopped_by_an_erasure_gives_its_review_item_back(vendors: Vendors, tmp_path: Path) -> None:
    """helper-96: a `runs retry` stopped by its person's erasure left the review item it holds `retrying`, refused to
    reviewers for two prunings (~20 min). It gives the item back as it stops."""
    from lead_agent import LeadAgentError

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    vendors.slack.script(*[server_error(500, method='chat.postMessage')] * 40)  # Slack is down for posts
    lead = _leads()[0]
    run_id = await _a_failed_run(vendors, db_url, lead)
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='600')
    deps = _deps(db_url, env)
    try:
        async with Engine(deps) as engine:
            posts = len(vendors.slack.calls('chat.postMessage'))
            fork = await engine.retry(run_id)
            for _ in range(400):  # the retry is in its backoff
                if len(vendors.slack.calls('chat.postMessage')) >= posts + 2:
                    break
                await asyncio.sleep(0.05)
            erase = await _erase_cli(env, db_url, '--email', lead.email, '--wait', '30')
            assert erase.returncode == 0, erase.stdout + erase.stderr
            [item] = await deps.review.items(None)
            refused = ''
            try:
                await resolve(run_id, 'reject', deps, by='luis')
            except LeadAgentError as e:
                refused = str(e)
    finally:
        deps.db.dispose()
    assert item.status != 'retrying', f"{fork}: the erased run's review item is left `retrying`; a reject: {refused}"



def _received(db_url: str, run_id: str, at: object) -> None:
    from lead_agent.store import Database
    from lead_agent.store._schema import runs

    db = Database(db_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.run_id == run_id).values(received_at=at))
    finally:
        db.dispose()


# --- 3b. the same with `--older-than-retention`: runs crossing the cutoff during the wait keep their checkpoints -----
def test_retention_forgets_the_checkpoints_of_every_run_it_redacts(vendors: Vendors, tmp_path: Path) -> None:
    """helper-96: the same with `--older-than-retention`: the second pass, with a later `now`, redacted a run that
    crossed the cutoff during the wait and never forgot its checkpoints. Such a run is left for the next pass."""
    from datetime import UTC, datetime, timedelta

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url)
    first, second = _leads()[:2]
    [run_b] = asyncio.run(_accept(db_url, env, [second]))
    worker = _worker(env)
    erase: subprocess.Popen[str] | None = None
    try:
        _wait(lambda: (_subject(db_url, run_b) or '') != '' and bool(vendors.mails()), 'run B', worker)
        time.sleep(1)
        # The old run's post takes 20 s: erase has to start, and find X past retention, before X's record is saved,
        # which writes X's own time of receipt back (8 s was too short for a loaded machine's start of erase).
        vendors.slack.script(slow(20.0, method='chat.postMessage'))
        [run_x] = asyncio.run(_accept(db_url, env, [first]))
        _wait(lambda: len(vendors.slack.calls('chat.postMessage')) >= 2, "run X's post", worker)
        _received(db_url, run_x, datetime.now(UTC) - timedelta(days=400))  # X: past retention (365 days)
        erase = _erase_process(env, db_url, '--older-than-retention', '--wait', '60')
        try:
            _wait(lambda: _subject(db_url, run_x) == 'erased', 'the first pass', worker)
        except AssertionError as failed:
            erase.kill()
            out, err = erase.communicate()
            raise AssertionError(f'{failed}; erase said: {out}{err}; the worker: {stopped(worker)}') from None
        _received(db_url, run_b, datetime.now(UTC) - timedelta(days=365) + timedelta(seconds=1))  # B crosses it now
        out, err = erase.communicate(timeout=120)
    finally:
        if erase is not None and erase.poll() is None:
            erase.kill()
            erase.communicate()
        output = stopped(worker)
    assert erase is not None and erase.returncode == 0, out + err + output
    db = Database(db_url)
    client = DBOSClient(system_database_engine=db.engine)
    try:
        left = client.list_workflows(workflow_ids=[run_b])
    finally:
        client.destroy()
        db.dispose()
    if _subject(db_url, run_b) != 'erased':
        return  # B crossed the cutoff after the pass: left for the next one, checkpoints and all, is consistent
    assert left == [], f'run B redacted by retention, its workflow ({[w.status for w in left]}) keeps the lead; ' \
                       f'erase said: {" ".join(out.split())}'


# --- helper-97 ----------------------------------------------------------------------------------------------------
async def test_an_approval_posting_when_its_person_is_erased_leaves_no_lead_in_the_store(vendors: Vendors,
                                                                                         tmp_path: Path) -> None:
    """helper-97: an approval (web page, Slack button, `review approve`) whose summary post was in flight when
    `lead-agent erase` ran (erase has no approval to wait for) stored the post's row after the erasure, with the
    lead's summary blocks, for good. A Slack message row stored for an erased run keeps where it is, not what."""
    from lead_agent.erase import ERASED_BLOCKS
    from lead_agent.store._schema import slack_messages

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    vendors.hubspot.fail('/crm/v3/objects/contacts', status=503, times=None)  # the run's contact fails: review
    lead = _leads()[0]
    run_id = await _a_failed_run(vendors, db_url, lead)
    vendors.hubspot.clear_faults()
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='60')
    posts = len(vendors.slack.calls('chat.postMessage'))
    vendors.slack.script(slow(6.0, method='chat.postMessage'))  # the approval's summary post takes 6 s
    approver = _deps(db_url, env)
    try:
        approval = asyncio.create_task(resolve(run_id, 'approve', approver, to='sales', by='luis'))
        for _ in range(200):
            if len(vendors.slack.calls('chat.postMessage')) > posts:
                break
            await asyncio.sleep(0.05)
        assert len(vendors.slack.calls('chat.postMessage')) > posts, 'the approval never posted'
        erase = await _erase_cli(env, db_url, '--email', lead.email, '--wait', '30')
        try:
            approved = await asyncio.wait_for(approval, 60)
            outcome = approved.state
        except Exception as e:
            outcome = f'{type(e).__name__}: {e}'
        with approver.db.engine.connect() as conn:
            rows = conn.execute(select(slack_messages.c.kind, slack_messages.c.blocks)
                                .where(slack_messages.c.run_id == run_id)).all()
    finally:
        approver.db.dispose()
    assert erase.returncode == 0, erase.stdout + erase.stderr
    kept = [kind for kind, blocks in rows if blocks != ERASED_BLOCKS]
    leaked = [kind for kind, blocks in rows if lead.email in blocks or (lead.name and lead.name in blocks)]
    assert kept == [], (f'after `erase` exited 0 (approval: {outcome}), slack_messages rows {kept} of the erased run '
                        f'keep the lead (its address or name in {leaked})')


def test_a_run_recording_during_the_erasure_pass_has_its_hubspot_contact_named(vendors: Vendors,
                                                                                 tmp_path: Path) -> None:
    """helper-97: the first pass read the person's records, then wrote each one redacted from what it read: a run
    that saved its final record in between (its HubSpot contact in its actions) was overwritten by the stale read,
    and neither pass named the contact. Each record is now redacted over the text it was read as, or read again."""
    from sqlalchemy import event, update

    from lead_agent.erase import erase_email, erase_leftovers
    from lead_agent.store._schema import runs

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url)
    lead = _leads()[0]
    deps = _deps(db_url, env)

    async def run() -> RunRecord:
        async with Engine(deps) as engine:
            return await engine.result(await engine.submit(lead))

    final = asyncio.run(run())
    [contact] = vendors.hubspot.contacts
    assert final.state == 'routed_sales' and any(a.ref == contact['id'] for a in final.actions)
    # As the row was while the run worked: its record before it recorded (no actions yet).
    before = final.model_copy(update={'actions': [], 'state': 'failed', 'errors': ['queued: not triaged yet']})
    with deps.db.engine.begin() as conn:
        conn.execute(update(runs).where(runs.c.run_id == final.run_id).values(
            record=before.model_dump_json(), state='failed'))
    saver = Database(db_url)
    saved: list[bool] = []

    def the_run_records(conn: object, cursor: object, statement: str, *args: object) -> None:
        if not saved and statement.lstrip().upper().startswith('UPDATE RUNS'):
            saved.append(True)
            asyncio.run(SqlRunLog(saver).save(final))  # the run's own process, its last write

    event.listen(deps.db.engine, 'before_cursor_execute', the_run_records)

    async def erase() -> list[str]:
        first = await erase_email(deps.db, lead.email, by='test', now=deps.now())
        return first.crm_refs + (await erase_leftovers(deps.db, first)).crm_refs

    try:
        named = asyncio.run(erase())
        stored = asyncio.run(SqlRunLog(saver).get(final.run_id))
    finally:
        event.remove(deps.db.engine, 'before_cursor_execute', the_run_records)
        saver.dispose()
        deps.db.dispose()
    assert saved and stored is not None and stored.lead is not None and stored.lead.email != lead.email
    assert contact['id'] in named, (f'HubSpot contact {contact["id"]} the run created is named by neither pass ({named}); '
                                    f'the erased record keeps actions {[(a.kind, a.ref) for a in stored.actions]}')


async def test_an_erased_run_is_not_retried(vendors: Vendors, tmp_path: Path) -> None:
    """helper-97: `runs retry` of a run erased meanwhile forked its workflow, whose input is the lead: its checkpoints
    kept the person's data again (the fork stopped before acting). The engine refuses it."""
    from lead_agent.erase import erase_email

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    vendors.slack.script(server_error(500, method='chat.postMessage'))  # the summary's post fails: the run fails
    deps = _deps(db_url, vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0'))
    lead = _leads()[0]
    try:
        async with Engine(deps) as engine:
            run_id = await engine.submit(lead)
            assert (await engine.result(run_id)).state == 'failed'
            await erase_email(deps.db, lead.email, by='dpo', now=deps.now())
            with pytest.raises(LeadAgentError, match='was erased'):
                await engine.retry(run_id)
            forks = await engine.client.list_workflows_async(workflow_id_prefix=f'{run_id}.')
    finally:
        deps.db.dispose()
    assert forks == []


async def test_a_run_meeting_the_database_away_at_its_erasure_check_waits_for_it(
        vendors: Vendors, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """helper-96's sixth: a run read "not erased" when the database was away at its check. One retrying its CRM
    contact through a HubSpot outage, its person erased during a backoff and the database away for the check but back
    for the step's own write, created the person's contact once HubSpot was back. The check now waits for the
    database (its read tried again with backoff), then stops the run."""
    from sqlalchemy import event

    from lead_agent.erase import erase_email
    from lead_agent.pipeline import triage

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    deps = _deps(db_url, vendors.env(db_url, LEAD_AGENT_RETRY_FOR='120'))
    vendors.hubspot.fail('/crm/v3/objects/contacts', status=503, times=None)  # HubSpot is down for creates
    lead = _leads()[0]
    away: list[float] = []

    def database_away(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
                      ) -> None:
        """The run's erased read fails for 2.5 s from the erasure (the database away, then back)."""
        erased_read = statement.startswith('SELECT runs.subject \nFROM runs \nWHERE runs.run_id')
        if erased_read and away and time.monotonic() - away[0] < 2.5:
            raise sqlite3.OperationalError('unable to open database file')

    event.listen(deps.db.engine, 'before_cursor_execute', database_away)
    try:
        run = asyncio.create_task(triage(lead, deps))
        for _ in range(300):  # until the run is in its backoff (the client's own quick tries are over)
            if any(r.getMessage().startswith('act.crm_contact failed') for r in caplog.records) or run.done():
                break
            await asyncio.sleep(0.05)
        assert not run.done(), 'the run never retried its contact'
        creates = _contact_creates(vendors)
        await erase_email(deps.db, lead.email, by='dpo', now=deps.now())
        away.append(time.monotonic())
        vendors.hubspot.clear_faults()
        rec = await asyncio.wait_for(run, 60)
    finally:
        event.remove(deps.db.engine, 'before_cursor_execute', database_away)
        deps.db.dispose()
    assert vendors.hubspot.contacts == []
    assert _contact_creates(vendors) == creates
    assert rec.state == 'failed' and rec.lead is not None and rec.lead.email != lead.email
    said = [r.getMessage() for r in caplog.records]
    assert any('whether its personal data was erased could not be read (OperationalError)' in m for m in said), said
    assert f'run {rec.run_id[:12]}: its personal data was erased while it ran; it stops before trying ' \
        'act.crm_contact again' in said, said


async def test_a_vendor_client_s_own_retry_stops_when_the_person_is_erased(
        vendors: Vendors, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The HubSpot client tries a create again itself after a short backoff (a 5xx leaves it unknown whether it
    happened). A run (or an approval: CI saw one) erased during that backoff, with HubSpot back by then, made the
    erased person's contact at the client's next try: the pipeline's check comes only after its own backoffs. The
    client's backoffs are checked too now (`backends.after_backoff`)."""
    from lead_agent.erase import erase_email
    from lead_agent.pipeline import triage

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    deps = _deps(db_url, vendors.env(db_url, LEAD_AGENT_RETRY_FOR='120'))
    vendors.hubspot.fail('/crm/v3/objects/contacts', status=503, times=None)  # HubSpot is down for creates
    lead = _leads()[0]
    try:
        run = asyncio.create_task(triage(lead, deps))
        for _ in range(300):  # the client's first create failed: it waits 1 s to try again
            if _contact_creates(vendors) >= 1 or run.done():
                break
            await asyncio.sleep(0.02)
        assert _contact_creates(vendors) == 1 and not run.done()
        await erase_email(deps.db, lead.email, by='dpo', now=deps.now())
        vendors.hubspot.clear_faults()
        rec = await asyncio.wait_for(run, 60)
    finally:
        deps.db.dispose()
    assert vendors.hubspot.contacts == []
    assert _contact_creates(vendors) == 1
    assert rec.state == 'failed' and rec.lead is not None and rec.lead.email != lead.email
    said = [r.getMessage() for r in caplog.records]
    assert f'run {rec.run_id[:12]}: its personal data was erased while it ran; it stops before its vendor request ' \
        'is sent again' in said, said


async def test_a_run_waiting_for_a_slack_slot_stops_when_its_person_is_erased(
        vendors: Vendors, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A run checks for an erasure before its Slack post, then waits for the channel's slot (one post a second, held
    across workers): a run erased while it waited still posted the erased lead's summary. It stops after the wait now.
    The channels' windows are held here for 4 s, as a busy channel's queue of runs would hold them."""
    from limits import parse

    from lead_agent.erase import erase_email
    from lead_agent.pipeline import triage
    from lead_agent.ratelimit import SLACK_CHANNEL_LIMIT
    from lead_agent.store._schema import rate_counters

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    deps = _deps(db_url, vendors.env(db_url))
    lead = _leads()[0]
    item = parse(SLACK_CHANNEL_LIMIT)
    held_until = time.time() + 4
    with deps.db.engine.begin() as conn:
        conn.execute(rate_counters.insert(), [{'key': item.key_for('slack', channel), 'count': 1, 'expires_at': held_until}
                                              for channel in ('#sales-leads', '#support-queue', '#founder-deals',
                                                              '#lead-review')])
    try:
        run = asyncio.create_task(triage(lead, deps))
        for _ in range(150):  # its CRM contact is made; its Slack post comes next, and waits for the slot
            if vendors.hubspot.contacts or run.done():
                break
            await asyncio.sleep(0.02)
        assert vendors.hubspot.contacts and not run.done()
        await asyncio.sleep(0.5)
        assert time.time() < held_until - 1 and not run.done()
        await erase_email(deps.db, lead.email, by='dpo', now=deps.now())
        rec = await asyncio.wait_for(run, 60)
    finally:
        deps.db.dispose()
    # (Its acknowledgement, made beside the post, went before the erasure.)
    assert not [p for p in vendors.slack.calls('chat.postMessage') if p['text'].startswith('New ')]
    assert rec.state == 'failed' and rec.lead is not None and rec.lead.email != lead.email
    said = [r.getMessage() for r in caplog.records]
    assert f'run {rec.run_id[:12]}: its personal data was erased while it ran; it stops before its slack request (it ' \
        'waited for a rate-limit slot)' in said, said


async def test_a_stopping_worker_finishes_the_runs_it_has_and_takes_no_more(policy: Any, database_url: str) -> None:
    """A worker asked to stop (SIGTERM, its `serve` gone) lets the runs it has finish and leaves the queue to others.

    Its queue threads used to go on handing it runs while it drained: with a queue that did not empty, the wait ran
    out and DBOS was destroyed under runs in the middle of their steps (a drill's worker, orphaned under 500 queued
    leads, logged 'System database accessed before DBOS was launched' for steps that had done their work)."""
    from pydantic_ai.models.function import AgentInfo, FunctionModel

    from lead_agent.deps import local_deps
    from lead_agent.rules_model import rules_model

    rules = rules_model(policy)
    assert rules.function is not None

    calls = itertools.count()

    async def unhurried(messages: list[Any], info: AgentInfo) -> Any:  # takes its time, as real models do, unevenly
        await asyncio.sleep(0.1 * (1 + next(calls) % 4))
        return await rules.function(messages, info)  # type: ignore[misc]

    deps = local_deps(policy, database_url=database_url, model=FunctionModel(unhurried, model_name='slow-rules'))
    engine = Engine(deps, concurrency=4)
    await engine.start()
    try:
        for i in range(60):
            await engine.submit(example_lead('01-hospital-group-demo.json', email=f'lead{i}@havenhospitals.com'))
        deadline = time.monotonic() + 60  # seconds here; generous for a loaded CI machine and its shared PostgreSQL
        while (await engine.queue_stats())[0] > 50:  # some taken and done
            assert time.monotonic() < deadline, 'no run started'
            await asyncio.sleep(0.05)
    finally:
        stopping = time.monotonic()
        await engine.stop(wait=60)  # returns once the runs it has are done: a second or two, unless the machine crawls
        took = time.monotonic() - stopping
    statuses: dict[str, int] = {}
    with deps.db.engine.connect() as conn:
        workflows = 'dbos.workflow_status' if conn.dialect.name == 'postgresql' else 'workflow_status'
        for status, count in conn.exec_driver_sql(f'SELECT status, count(*) FROM {workflows} GROUP BY status'):
            statuses[status] = count
    deps.db.dispose()
    assert statuses.get('PENDING', 0) == 0, (statuses, took)  # none cut in the middle
    assert statuses.get('SUCCESS', 0) >= 4 and statuses.get('ENQUEUED', 0) >= 20, (statuses, took)  # the rest queued


async def test_a_stopping_engine_stops_dbos_s_queue_threads_first(tmp_path: Path) -> None:
    """A stop waits for the runs it holds, not for what the queue hands it meanwhile (`Engine._take_no_more`). DBOS has
    no public call for that: the engine sets the stop events `DBOS.destroy` sets. This fails on a DBOS release that
    keeps them elsewhere, before any worker's stop goes back to draining a queue that never empties."""
    from dbos import _dbos  # pyright: ignore[reportPrivateUsage]

    from lead_agent import local_deps

    deps = local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=f'sqlite:///{tmp_path / "runs.db"}')
    async with Engine(deps):
        dbos = _dbos._dbos_global_instance  # pyright: ignore[reportPrivateUsage]
        assert dbos is not None
        events = dbos.background_thread_stop_events
        assert events and not any(e.is_set() for e in events)
        Engine._take_no_more()  # pyright: ignore[reportPrivateUsage]
        assert all(e.is_set() for e in events)
    deps.db.dispose()


def test_a_dbos_release_without_those_stop_events_is_said_in_the_log(monkeypatch: pytest.MonkeyPatch,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    from dbos import _dbos  # pyright: ignore[reportPrivateUsage]

    monkeypatch.setattr(_dbos, '_dbos_global_instance', object())
    with caplog.at_level('WARNING', logger='lead_agent.runs'):
        Engine._take_no_more()  # pyright: ignore[reportPrivateUsage]
    assert "keeps its queue threads' stop events elsewhere" in caplog.text


async def test_a_stop_cut_off_while_it_drains_still_frees_the_process_for_another_engine(tmp_path: Path) -> None:
    """A stop cancelled while it waited for a run in flight (a host's shutdown given up on) left its engine registered
    and DBOS launched: every later start in the process was refused ("one lead-agent engine per process"). In one CI
    run that failed 77 tests and errored 11 that came after the first. The stop now releases the engine whatever ends
    it; the run it did not wait for is taken over, as a killed process's is."""
    from dbos import _dbos  # pyright: ignore[reportPrivateUsage]
    from pydantic_ai.models.function import AgentInfo, FunctionModel

    from lead_agent import runs
    from lead_agent.deps import local_deps
    from lead_agent.rules_model import rules_model

    policy = load_policy(EXAMPLES / 'policy.yaml')
    rules = rules_model(policy)
    assert rules.function is not None
    started = asyncio.Event()

    async def slow(messages: list[Any], info: AgentInfo) -> Any:
        started.set()
        await asyncio.sleep(5)
        return await rules.function(messages, info)  # type: ignore[misc]

    url = f'sqlite:///{tmp_path / "runs.db"}'
    deps = local_deps(policy, database_url=url, model=FunctionModel(slow, model_name='slow-rules'))
    engine = Engine(deps)
    await engine.start()
    await engine.submit(example_lead('01-hospital-group-demo.json'))
    await asyncio.wait_for(started.wait(), 60)
    stopping = asyncio.create_task(engine.stop(wait=30))
    await asyncio.sleep(0.5)  # in its wait for the run
    assert not stopping.done()
    stopping.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await stopping
    assert runs._engine is None  # pyright: ignore[reportPrivateUsage]
    assert _dbos._dbos_global_instance is None  # pyright: ignore[reportPrivateUsage]
    deps.db.dispose()

    again = local_deps(policy, database_url=url)
    async with Engine(again, dead_after=1.0) as other:  # takes the run over and finishes it
        deadline = time.monotonic() + 60
        while (await other.client.list_workflows_async(status=['PENDING', 'ENQUEUED'], load_input=False)):
            assert time.monotonic() < deadline, 'the run left in flight was never taken over'
            await asyncio.sleep(0.2)
    (record,) = await again.runs.recent(10)
    assert record.state == 'routed_sales', record
    again.db.dispose()


async def test_a_stopping_worker_lets_an_email_in_flight_end_and_records_it(vendors: Vendors, tmp_path: Path) -> None:
    """helper-202: a worker stopped (SIGTERM) while its mail server took 12 s to answer was cut after its 10 s drain;
    the server delivered the message anyway, and the run's next owner mailed the lead again (1 to 4 leads a stop).
    Past its drain a stop now starts no new step and waits for the steps in flight to be recorded."""
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url)
    vendors.smtp.inbox.hold = 3.0  # type: ignore[attr-defined]  # takes the message, then answers 3 s later
    deps = _deps(db_url, env)
    engine = Engine(deps)
    await engine.start()
    try:
        run_id = await engine.submit(_leads()[0])
        deadline = time.monotonic() + 60
        while not vendors.smtp.inbox.messages:  # the email is in flight: taken, not answered
            assert time.monotonic() < deadline, 'no email was sent'
            await asyncio.sleep(0.01)
    finally:
        stopping = time.monotonic()
        await engine.stop(wait=0.5)  # far shorter than the server's answer
        took = time.monotonic() - stopping
    # What the worker's exit does next (asyncio.run cancels the tasks left): a send still waiting for its answer is cut
    left = asyncio.all_tasks() - {asyncio.current_task()}
    for task in left:
        task.cancel()
    await asyncio.gather(*left, return_exceptions=True)
    deps.db.dispose()
    assert 2.0 < took < 31.0, took  # it waited for the answer, not for ever

    vendors.smtp.inbox.hold = 0.0  # type: ignore[attr-defined]
    again = _deps(db_url, env)
    async with Engine(again) as other:  # takes the run over from its last recorded step
        record = await other.result(run_id)
    again.db.dispose()
    assert record.state == 'routed_sales', record
    assert len(vendors.mails()) == 1, [m['To'] for m in vendors.mails()]
