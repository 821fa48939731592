"""helper-95: attacks on 2dfade6 (idle-in-transaction timeout, more owner checks, erase's re-listing), aeaf3e4 (serve's
orphaned workers, DBOS log de-duplication, `runs retry --failed`'s filter, erase's address check) and 7e37d58.

Each test asserts what SHOULD happen and failed on the code it was written against (2dfade6); all pass now. Fixed since:
a run whose workflow ended before it recorded is failed, not queued, for `runs retry --failed`, `log` and `review show`
(`store.workflows_ended`); the idle-in-transaction timeout is set with `set_config` on each new connection of a process
that executes runs (`Database.end_idle_transactions`), only where no other value is set, and bounded (libpq's
`options` hid PGOPTIONS and PgBouncer refused it); errors are never de-duplicated in the log; the supervisor names a
signal Python has no name for; erase takes an address with a space. The PostgreSQL tests start an engine, as a worker
does, to get the timeout.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from dbos import WorkflowHandleAsync
from typer.testing import CliRunner

from lead_agent.cli import app
from lead_agent.deps import build_deps
from lead_agent.models import Lead
from lead_agent.policy import load_policy
from lead_agent.runs import Engine
from lead_agent.settings import Settings
from lead_agent.store import Database

from ._services import need
from .helpers import EXAMPLES


def _settings(**extra: str) -> Settings:
    return Settings.model_validate({k: v for k, v in {**os.environ, **extra}.items() if k.isupper()})


# --- aeaf3e4: `runs retry --failed` leaves out every record that still says queued -------------------------------

def test_runs_retry_failed_retries_a_run_whose_workflow_failed_before_it_recorded(cli: CliRunner) -> None:
    """A run whose workflow ended in an error before its record (here: the record's own write failed and
    LEAD_AGENT_RETRY_FOR ran out; in 2dfade6 also the record's `still_ours()` read meeting a database blip; a precheck
    that failed so did too until 1bff25a, which ends it `failed` and in review) keeps
    the record it was accepted with: `failed` with the queued marker. `Engine.retry` handles exactly this ("a run
    that failed to record is forked from its end and records again"), and `runs retry RUN` resumes it; but since
    aeaf3e4 `runs retry --failed` drops every record carrying the queued marker, so the lead is never retried by it
    and `lead-agent log` shows it as `queued` forever."""
    url = os.environ['DATABASE_URL']
    deps = build_deps(_settings(LEAD_AGENT_RETRY_FOR='0'), policy=load_policy(EXAMPLES / 'policy.yaml'),
                      database_url=url)
    lead = Lead(email='dana@havenhospitals.com', name='Dana Kim', company='Haven Hospitals',
                message='We run 40 hospitals and want pricing for the whole group.')

    async def go() -> str:
        async with Engine(deps) as engine:
            with deps.db.engine.begin() as conn:  # the record's write fails (a disk error, say): not transient for long
                conn.exec_driver_sql('CREATE TRIGGER fail_record BEFORE UPDATE ON runs '
                                     'BEGIN SELECT x FROM no_such_table; END')
            run_id = await engine.submit(lead)
            handle: WorkflowHandleAsync[str] = await engine.client.retrieve_workflow_async(run_id)
            with pytest.raises(Exception):
                await handle.get_result()
            assert (await handle.get_status()).status == 'ERROR'
            with deps.db.engine.begin() as conn:  # the store is fine again
                conn.exec_driver_sql('DROP TRIGGER fail_record')
            return run_id

    run_id = asyncio.run(go())
    deps.db.dispose()
    shown = json.loads(cli.invoke(app, ['review', 'show', run_id]).stdout)
    assert shown['state'] == 'failed'  # it said queued: nothing to do, it is waiting (it was not)
    result = cli.invoke(app, ['runs', 'retry', '--failed'])
    assert result.exit_code == 0, result.output
    # What should be: the failed run is among those retried (`runs retry RUN` accepts it).
    assert result.stdout.strip().splitlines()[-1] == '1 run(s) retried, 0 refused', result.output


# --- 2dfade6: the session option `idle_in_transaction_session_timeout` sent as libpq's `options` -------------------

def test_pgoptions_from_the_environment_still_reach_the_server(postgres_database: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq reads PGOPTIONS (and a pg_service.conf's `options`) when the connection does not give `options`; 2dfade6
    now always gives it (`_session_options`: the URL's `options` kept, the environment's not). A deployment that puts
    its tables in a schema with `PGOPTIONS='-c search_path=leads'` (the way libpq documents) now gets `public`: a
    worker sees an empty database (creates a fresh schema there) and the queued runs, review queue and dedupe keys
    in `leads` are no longer seen."""
    from sqlalchemy import create_engine, text

    admin = create_engine(postgres_database.replace('postgresql://', 'postgresql+psycopg://'))
    with admin.begin() as conn:
        conn.execute(text('CREATE SCHEMA leads'))
    admin.dispose()
    monkeypatch.setenv('PGOPTIONS', '-c search_path=leads')
    plain = Database(postgres_database)  # without the new option: libpq applies PGOPTIONS
    try:
        with plain.engine.connect() as conn:
            assert conn.execute(text('SHOW search_path')).scalar() == 'leads'
    finally:
        plain.dispose()
    deps = build_deps(_settings(), policy=load_policy(EXAMPLES / 'policy.yaml'), database_url=postgres_database)

    async def go() -> tuple[object, object, list[str]]:
        async with Engine(deps, dead_after=30.0, end_idle_transactions=True):  # a worker's: it sets the timeout
            with deps.db.engine.connect() as conn:
                return (conn.execute(text('SHOW search_path')).scalar(),
                        conn.execute(text('SHOW idle_in_transaction_session_timeout')).scalar(),
                        list(conn.execute(text("SELECT table_schema FROM information_schema.tables "
                                               "WHERE table_name = 'runs'")).scalars()))

    try:
        shown, timeout, made_in = asyncio.run(go())
    finally:
        deps.db.dispose()
    # What should be: the operator's PGOPTIONS kept beside the new option; the store made in `leads`.
    assert (shown, timeout, made_in) == ('leads', '30s', ['leads'])
    # An operator's own timeout (PGOPTIONS, the role's, the server's) is kept
    monkeypatch.setenv('PGOPTIONS', '-c idle_in_transaction_session_timeout=5min')
    assert _timeout_after(postgres_database, 30.0) == '5min'


def _timeout_after(url: str, seconds: float) -> object:
    """The session's idle-in-transaction timeout once `Database.end_idle_transactions(seconds)` set it."""
    from sqlalchemy import text

    db = Database(url)
    try:
        db.end_idle_transactions(seconds)
        with db.engine.connect() as conn:
            return conn.execute(text('SHOW idle_in_transaction_session_timeout')).scalar()
    finally:
        db.dispose()


def _pgbouncer(server_url: str) -> tuple[subprocess.Popen[bytes], int, Path]:
    """A PgBouncer (Debian's, session pooling, its defaults otherwise) in front of the test server."""
    from sqlalchemy.engine import make_url

    from ._processes import free_port

    binary = Path('/usr/sbin/pgbouncer')
    need(binary, 'pgbouncer')
    u = make_url(server_url)
    port = free_port()
    root = Path(tempfile.mkdtemp(prefix='lead-agent-bouncer-'))  # the postgres user must reach it (tmp_path: 0700)
    (root / 'pgbouncer.ini').write_text(
        f'[databases]\n* = host={u.host} port={u.port}\n'
        f'[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nauth_type = trust\n'
        f'auth_file = {root / "users.txt"}\nunix_socket_dir =\npool_mode = session\nlogfile = {root / "log"}\n')
    (root / 'users.txt').write_text('"postgres" ""\n')
    prefix: list[str] = []
    if os.geteuid() == 0:  # it will not run as root
        shutil.chown(root, 'postgres', 'postgres')
        for f in root.iterdir():
            shutil.chown(f, 'postgres', 'postgres')
        prefix = ['runuser', '-u', 'postgres', '--']
    proc = subprocess.Popen([*prefix, str(binary), str(root / 'pgbouncer.ini')], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        with socket.socket() as s:
            if s.connect_ex(('127.0.0.1', port)) == 0:
                break
        assert proc.poll() is None and time.monotonic() < deadline, \
            f'pgbouncer did not start: {proc.stdout.read() if proc.stdout and proc.poll() is not None else ""}'
        time.sleep(0.1)
    return proc, port, root


def test_a_database_behind_pgbouncer_can_still_be_used(postgres_database: str) -> None:
    """PgBouncer (Debian 12's 1.18, its default configuration) refuses a client that sends the startup parameter
    `options` ('unsupported startup parameter: options') unless `ignore_startup_parameters` lists it. 2dfade6 sends
    it on every connection of every process (`store.database._session_options`): a deployment whose DATABASE_URL
    points at its PgBouncer, which worked, cannot open its database at all after the upgrade (host, workers, CLI)."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    bouncer, port, root = _pgbouncer(postgres_database)
    u = make_url(postgres_database)
    url = f'postgresql://postgres@127.0.0.1:{port}/{u.database}'
    try:
        plain = Database(url)  # as before 2dfade6: it works through the bouncer
        try:
            with plain.engine.connect() as conn:
                assert conn.execute(text('SELECT 1')).scalar() == 1
        finally:
            plain.dispose()
        try:
            timeout = _timeout_after(url, 30.0)  # what a worker sets on each connection
        except Exception as e:  # what a host, a worker or any command met
            pytest.fail(f'the database behind PgBouncer is refused: {e}')
        assert timeout == '30s'
    finally:
        bouncer.terminate()
        bouncer.communicate(timeout=20)
        shutil.rmtree(root, ignore_errors=True)


# --- aeaf3e4: DBOS's log lines let through once a minute per kind ---------------------------------------------------

def test_each_failed_workflow_is_logged_even_when_another_failed_a_moment_before(
        sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """DBOS logs a workflow that raised as one ERROR, 'Exception encountered in asynchronous workflow:' with the
    exception's traceback: the only line an operator gets for a run whose workflow failed (its record still says
    queued, see above). `_log_repeats.kind` is the text before the first ': ', the same for every workflow, so since
    aeaf3e4 only the first failed run in a minute is logged: a second run failing with another error 1 s later leaves
    no line at all (and the count of dropped ones only comes with a later line of the kind, if one ever comes)."""
    import logging

    deps = build_deps(_settings(LEAD_AGENT_RETRY_FOR='0'), policy=load_policy(EXAMPLES / 'policy.yaml'),
                      database_url=sqlite_url)
    leads = [Lead(email=f'{who}@havenhospitals.com', name='Dana Kim', company='Haven Hospitals',
                  message='We run 40 hospitals and want pricing for the whole group.') for who in ('dana', 'lee')]

    async def go() -> list[str]:
        ids: list[str] = []
        async with Engine(deps) as engine:
            for i, lead in enumerate(leads):  # two runs, each failing its own way
                trigger = ('BEGIN SELECT x FROM no_such_table; END' if i == 0
                           else "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
                with deps.db.engine.begin() as conn:  # the record's write fails (a precheck's ends in review)
                    conn.exec_driver_sql('DROP TRIGGER IF EXISTS fail_record')
                    conn.exec_driver_sql(f'CREATE TRIGGER fail_record BEFORE UPDATE ON runs {trigger}')
                run_id = await engine.submit(lead)
                handle: WorkflowHandleAsync[str] = await engine.client.retrieve_workflow_async(run_id)
                with pytest.raises(Exception):
                    await handle.get_result()
                ids.append(run_id)
            with deps.db.engine.begin() as conn:
                conn.exec_driver_sql('DROP TRIGGER fail_record')
        return ids

    with caplog.at_level(logging.WARNING):
        ids = asyncio.run(go())
    deps.db.dispose()
    failed = [r for r in caplog.records if r.name.startswith('dbos') and r.levelno >= logging.ERROR
              and r.exc_info is not None]
    # What should be: each failed run's error is in the log, with its own exception.
    assert len(failed) == len(ids), [(r.getMessage(), str(r.exc_info[1])[:200]) for r in failed if r.exc_info]


# --- aeaf3e4: serve's supervisor names the signal that killed a worker ----------------------------------------------

def test_serve_replaces_a_worker_killed_by_a_real_time_signal(tmp_path: Path) -> None:
    """The supervisor now writes `signal.Signals(-code).name` for a worker killed by a signal. Python's enum knows
    SIGRTMIN and SIGRTMAX but not the real-time signals between them (35..63 on Linux), whose default action also
    kills: `Signals(40)` raises ValueError in the supervisor thread, the thread dies, and no worker is ever started
    again; `serve` keeps answering 202 while nobody triages (until /healthz's stall, 5 min later)."""
    import signal as signals

    from ._processes import children, free_port, wait_healthy

    port, db_url, log = free_port(), f'sqlite:///{tmp_path / "serve.db"}', tmp_path / 'serve.log'
    with log.open('wb') as sink, subprocess.Popen(
            [sys.executable, '-m', 'lead_agent.cli', 'serve', '--port', str(port), '--db', db_url, '--policy',
             str(EXAMPLES / 'policy.yaml'), '--workers', '1'], env=dict(os.environ), stdout=sink,
            stderr=subprocess.STDOUT) as serve:
        try:
            wait_healthy(f'http://127.0.0.1:{port}/healthz', serve)
            [first] = children(serve.pid)
            os.kill(int(first), signals.SIGRTMIN + 6)  # 40: the default action ends the process
            replaced = None
            for _ in range(150):
                if (now := children(serve.pid)) and now != [first]:
                    replaced = now[0]
                    break
                time.sleep(0.1)
        finally:
            for pid in children(serve.pid):
                os.kill(int(pid), signals.SIGKILL)
            serve.kill()
            serve.wait(timeout=10)
    # What should be: another worker started, as for any other dead worker.
    assert replaced is not None, log.read_text(errors='replace')[-3000:]


# --- aeaf3e4: `erase --email` refuses what does not look like an address ------------------------------------------

def test_erase_accepts_the_address_as_an_unreadable_submission_kept_it(cli: CliRunner, tmp_path: Path) -> None:
    """A submission whose address had a stray space ('dana.kim@havenhospitals .com', a typo on a phone) is unreadable
    and kept as sent (its raw text: name, phone, message), subject-less. `erase --email` finds such runs by the
    address's domain in the raw text and matches the address exactly, so the one address that reaches it is the one
    as typed; since aeaf3e4 that address is refused ('not an email address', exit 2: a space in the domain), and the
    corrected address finds nothing ('erased: nothing'). The person's data cannot be erased by lead-agent at all."""
    typed = 'dana.kim@havenhospitals .com'
    lead = tmp_path / 'lead.json'
    lead.write_text(json.dumps({'name': 'Dana Kim', 'email': typed, 'company': 'Haven Hospitals',
                                'phone': '+1 617 555 0199',
                                'message': 'We run 40 hospitals and want pricing for the whole group.'}))
    triaged = cli.invoke(app, ['triage', str(lead), '--json'])
    assert 'unreadable' in triaged.output, triaged.output
    corrected = cli.invoke(app, ['erase', '--email', 'dana.kim@havenhospitals.com', '--yes'])
    assert corrected.exit_code == 0 and 'erased: nothing' in corrected.stdout, corrected.output
    as_typed = cli.invoke(app, ['erase', '--email', typed, '--yes'])
    db = Database(os.environ['DATABASE_URL'])
    try:
        with db.engine.connect() as conn:
            kept = [r for (r,) in conn.exec_driver_sql('SELECT record FROM runs') if '617 555 0199' in r]
    finally:
        db.dispose()
    # What should be: the address as the person typed it is accepted, and their submission is erased.
    assert (as_typed.exit_code, kept) == (0, []), as_typed.output


def test_a_long_dead_after_still_connects_to_postgresql(postgres_database: str) -> None:
    """LEAD_AGENT_DEAD_AFTER has no upper bound (`gt=0`): an operator who wants a silent worker's runs left alone for
    a month sets 2,678,400 (31 days). 2dfade6 sends it as idle_in_transaction_session_timeout in milliseconds, past
    PostgreSQL's maximum (2,147,483,647 ms, 24.8 days): the server refuses every connection, so nothing starts."""
    try:
        timeout = _timeout_after(postgres_database, 2_678_400.0)
    except Exception as e:
        pytest.fail(f'the database is refused with LEAD_AGENT_DEAD_AFTER=2678400: {str(e)[:300]}')
    assert timeout == '2147483647ms'  # PostgreSQL's largest
