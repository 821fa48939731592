"""helper-94: attacks on the frozen-worker fence (e4e9616), the Slack channel resolution (5d0cd34), the erasure of
note checks (58be987) and the note check's retry on a database blip (869c775).

Each test asserts what should happen and failed on the code it was written against (71f9d3a); all pass now. Fixed
since: an erasure lists the runs' executions again while it waits (a check or retry that ends may queue another), and
a note check of an erased run neither searches nor queues the next; the email checks `still_ours()` once connected,
HubSpot before each request; an execution's owner check counts from the last heartbeat before it, not from its first
line; the record is fenced too. Real DBOS (SQLite, PostgreSQL), real `lead-agent worker` processes, the vendors'
SDKs against the local fakes.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from dbos import DBOSClient

from lead_agent.runs import Engine, tidy_later
from lead_agent.store import Database

from .fakes.hubspot_server import FakeHubSpot
from .helpers import EXAMPLES
from .test_durability import Vendors, _accept, _deps, _worker, stopped  # pyright: ignore[reportPrivateUsage]
from .test_durability import smtp as smtp  # the fixtures `vendors` needs
from .test_durability import vendors as vendors
from .test_note_tidy import hospital_lead, hubspot_deps
from .test_smtp import Inbox

NOTE_SEARCH = '/crm/v3/objects/notes/search'


# --- 58be987: an erasure while a note check runs ----------------------------------------------------------------
async def test_an_erasure_while_a_note_check_runs_leaves_no_later_check_behind(hubspot: FakeHubSpot,
                                                                              sqlite_url: str) -> None:
    """`lead-agent erase` finds the run's first note check running (HubSpot slow to answer its search), waits for it
    and forgets it. But the check queues the run's next one as it ends, and erase's second look (`forget_workflows`
    called with the running ids, RUN.notes0) lists the checks of 'RUN.notes0.notesN', not RUN.notes1: the next check
    survives the erasure, DELAYED, its input the person's HubSpot contact id, and would search their contact again.
    """
    from typer.testing import CliRunner

    from lead_agent.cli import app

    deps = hubspot_deps(sqlite_url, hubspot)
    lead = hospital_lead()
    async with Engine(deps, tidy_after=(0.2, 300.0, 600.0)) as engine:
        run_id = await engine.submit(lead)
        assert (await engine.result(run_id)).state == 'routed_sales'
        [contact] = hubspot.contacts
        hubspot.fail(NOTE_SEARCH, status=None, times=1, delay=4.0)  # the check's search: answered in 4 s
        assert await tidy_later(deps, run_id, str(contact['id'])) is True

        async def check_running() -> bool:
            ws = await engine.client.list_workflows_async(workflow_ids=[f'{run_id}.notes0'], load_input=False)
            return bool(ws) and ws[0].status == 'PENDING'

        deadline = time.monotonic() + 20
        while not await check_running():
            assert time.monotonic() < deadline, 'the first note check never started'
            await asyncio.sleep(0.05)
        result = await asyncio.to_thread(
            CliRunner().invoke, app, ['erase', '--email', lead.email, '--yes', '--wait', '30', '--db', sqlite_url],
            env={'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml')})
        assert result.exit_code == 0, result.output  # it says it erased everything
        left = await engine.client.list_workflows_async(workflow_id_prefix=run_id, load_input=True)
    deps.db.dispose()
    # What should be: nothing of the run left in the engine's tables, no check left to search the contact.
    assert [(w.workflow_id, w.status, w.input) for w in left] == [], result.output


# --- e4e9616: a worker frozen inside an action that has no fence ---------------------------------------------------


class _HeldInbox(Inbox):
    """Holds the first EHLO (the first worker's email, connecting) until `release` is set; notes that it came."""

    came: threading.Event
    release: threading.Event

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        session.host_name = hostname
        if not self.came.is_set():
            self.came.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        return responses


def _until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f'no {what} within {timeout} s'
        time.sleep(0.02)


def _stopped_state(worker: subprocess.Popen[bytes]) -> bool:
    """Whether the kernel has stopped `worker` (SIGSTOP is delivered asynchronously)."""
    stat = Path(f'/proc/{worker.pid}/stat').read_text()
    return stat[stat.rindex(')') + 2] in 'Tt'


def _sqlite_write_lock_free(db_url: str) -> bool:
    """Whether a write transaction can start on the SQLite database within half a second."""
    connection = sqlite3.connect(db_url.removeprefix('sqlite:///'), timeout=0.5, isolation_level=None)
    try:
        connection.execute('BEGIN IMMEDIATE')
        connection.execute('ROLLBACK')
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


def _frozen_outside_a_write(worker: subprocess.Popen[bytes], db_url: str) -> None:
    """`worker` frozen (SIGSTOP) while it holds no SQLite write lock.

    On SQLite a process frozen inside a write holds the database's only write lock until it wakes, and nobody can
    take its runs over (README, 'A worker frozen'; CI's run of dbd4114 froze the first worker inside one of its
    heartbeats' writes once). Such a freeze is woken for a moment and frozen again: the worker's main thread is
    held by the vendor meanwhile, so what the test freezes it in stays the same.
    """
    for _ in range(100):
        worker.send_signal(signal.SIGSTOP)
        _until(lambda: _stopped_state(worker), 'the worker stopped', timeout=5)
        if not db_url.startswith('sqlite:') or _sqlite_write_lock_free(db_url):
            return
        worker.send_signal(signal.SIGCONT)
        time.sleep(0.05)
    raise AssertionError('the worker held the SQLite write lock at each of 100 freezes')


def _frozen_and_taken_over(vendors: Vendors, db_url: str, frozen_when: Callable[[], bool], what: str,
                           then: Callable[[], None] = lambda: None) -> str:
    """One lead; its first worker frozen once `frozen_when` (then `then`), a second takes the run over and finishes
    it, the first woken; both workers' output."""
    env = vendors.env(db_url, LEAD_AGENT_DEAD_AFTER='3', LEAD_AGENT_QUEUE_WAIT='60')
    [run_id] = asyncio.run(_accept(db_url, env, [hospital_lead()]))
    first = _worker(env)
    second: subprocess.Popen[bytes] | None = None
    db = Database(db_url)
    client = DBOSClient(system_database_engine=db.engine)
    failure: AssertionError | None = None
    try:
        _until(frozen_when, what)
        _frozen_outside_a_write(first, db_url)
        then()
        second = _worker(env)
        _until(lambda: [w.status for w in client.list_workflows(workflow_ids=[run_id])] == ['SUCCESS'],
               'the run finished by the second worker')
        first.send_signal(signal.SIGCONT)
        time.sleep(6)
    except AssertionError as e:
        failure = e
    finally:
        output = stopped(first, second)
        client.destroy()
        db.dispose()
    if failure is not None:  # with what the workers said
        raise AssertionError(f'{failure}\n{output[-6000:]}') from failure
    return output


@pytest.mark.parametrize('database', ['sqlite', 'postgres'])
def test_a_worker_frozen_while_it_connects_to_send_the_ack_does_not_send_it_again(
        database: str, vendors: Vendors, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The fence covers each step's start, a rate-limit wait and a Slack post, not the email: a worker frozen (SIGSTOP)
    while the SMTP server greets it, its run taken over meanwhile (the other worker sends the acknowledgement: the
    claim in `email_acks` is not marked sent, 'cut off mid-send: send again'), sends the same email a second time
    when it wakes. No `still_ours()` between the claim and the SMTP transaction (mail.SmtpMailer.send_ack)."""
    db_url = (f'sqlite:///{tmp_path / "runs.db"}' if database == 'sqlite'
              else request.getfixturevalue('postgres_database'))
    vendors.smtp.inbox.__class__ = _HeldInbox  # the server's handler, held from now on
    inbox = cast(_HeldInbox, vendors.smtp.inbox)
    inbox.came, inbox.release = threading.Event(), threading.Event()
    # Frozen while its greeting waits in its socket
    output = _frozen_and_taken_over(vendors, db_url, inbox.came.is_set, 'the first worker connecting to send the email',
                                    inbox.release.set)
    per_message = Counter(str(m.message['Message-ID']) for m in inbox.messages)
    assert 'stopped; 1 run(s) re-queued' in output, output[-3000:]  # the second worker took the run over
    assert list(per_message.values()) == [1], (per_message, output[-3000:])


CONTACTS = '/crm/v3/objects/contacts'


def test_a_worker_frozen_while_hubspot_answers_its_contact_create_adds_no_second_note(vendors: Vendors,
                                                                                      tmp_path: Path) -> None:
    """A worker frozen while HubSpot answers its contact create (stored, the answer on its way); the other worker
    takes the run over, finds the contact (409), sees no note of the run and notes it. Woken, the first reads its
    create's answer (`created`, and no note sent by this process), so it sends the note without looking, and nothing
    checks between the two calls that the run is still its own (`HubSpotCRM.create_contact`: `still_ours()` is only
    reached through the limiter after a wait): two notes of the run on the contact until a later check archives one."""
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    hubspot = vendors.hubspot
    hubspot.fail(CONTACTS, status=None, times=1, after_processing=True, delay=2.0)
    output = _frozen_and_taken_over(
        vendors, db_url, lambda: any(r.method == 'POST' and r.path == CONTACTS for r in hubspot.requests),
        "the first worker's contact create")
    assert 'stopped; 1 run(s) re-queued' in output, output[-3000:]
    [contact] = hubspot.contacts
    assert len(contact['notes']) == 1, (contact['notes'], output[-3000:])


async def test_an_erasure_during_a_retry_leaves_no_note_check_the_retry_queues_after_it(vendors: Vendors,
                                                                                        tmp_path: Path) -> None:
    """`lead-agent erase` while a `runs retry` is in its HubSpot contact create: erase waits for the retry
    (RUN.retry1) and forgets it. The retry, once its contact is made, queues the run's note check RUN.notes0 (a
    retry always may have sent a note before); erase's later looks list the checks of 'RUN.retry1.notesN', so
    RUN.notes0 stays, DELAYED, with the person's contact id, and searches their contact after the erasure."""
    from typer.testing import CliRunner

    from lead_agent.cli import app

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
    vendors.hubspot.fail(CONTACTS, status=400, times=1)  # the run fails at its contact
    deps = _deps(db_url, env)
    lead = hospital_lead()
    async with Engine(deps, tidy_after=(300.0, 600.0, 900.0)) as engine:
        run_id = await engine.submit(lead)
        assert (await engine.result(run_id)).state == 'failed'
        # The retry's create: answered once erase has looked at the run's executions, not after a fixed 3 s (an
        # erase that started late under load found the retry ended, and named RUN.notes0, not the retry, waiting).
        answer = threading.Event()
        vendors.hubspot.fail(CONTACTS, status=None, times=1, hold=answer)
        fork = await engine.retry(run_id)
        deadline = time.monotonic() + 20
        while sum(r.method == 'POST' and r.path == CONTACTS for r in vendors.hubspot.requests) < 2:
            assert time.monotonic() < deadline, 'the retry never reached its contact create'
            await asyncio.sleep(0.05)
        erase = asyncio.ensure_future(asyncio.to_thread(
            CliRunner().invoke, app, ['erase', '--email', lead.email, '--yes', '--wait', '30', '--db', db_url],
            env={'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml')}))
        try:  # erase's first look forgets the run's own execution (ended), having found the retry running
            deadline = time.monotonic() + 20
            while not erase.done() and await engine.client.list_workflows_async(workflow_ids=[run_id],
                                                                                load_input=False):
                assert time.monotonic() < deadline, "erase never forgot the run's first execution"
                await asyncio.sleep(0.05)
        finally:
            answer.set()
        result = await erase
        assert result.exit_code == 0, result.output
        assert fork in result.output  # it waited for the retry
        left = await engine.client.list_workflows_async(workflow_id_prefix=run_id, load_input=True)
    deps.db.dispose()
    assert [(w.workflow_id, w.status, w.input) for w in left] == [], result.output


async def test_an_execution_dispatched_before_a_stall_and_started_after_it_checks_its_owner(
        hubspot: FakeHubSpot, sqlite_url: str) -> None:
    """Unit-level (the timeline set through `Engine._beat_went_through`, as the heartbeat loop calls it): a run is
    dispatched to this worker (its execution token written at dequeue), the worker stalls past dead_after, its first
    heartbeat after the stall goes through (`_stalled_at` = when it was sent) and only then does the workflow's
    coroutine start, making its check with `known` = now, later than `_stalled_at`. Its checks are then clock reads
    only, although its token predates the stall and the run may have been taken over meanwhile (here: finished by
    the other execution). `owner_check` starts `known` at its creation instead of at the execution's dispatch (or
    -inf, one read per run). Theoretical: needs the stall to land between dequeue and the workflow's first line."""
    from dbos._error import DBOSWorkflowConflictIDError
    from sqlalchemy import select

    from lead_agent.store import dbos_workflows

    deps = hubspot_deps(sqlite_url, hubspot)
    async with Engine(deps, dead_after=2.0) as engine:
        run_id = await engine.submit(hospital_lead())
        assert (await engine.result(run_id)).state == 'routed_sales'  # taken over and finished, as the stale one sees it
        ws = dbos_workflows(deps.db.engine)
        with deps.db.engine.connect() as conn:
            token = conn.execute(select(ws.c.owner_xid).where(ws.c.workflow_uuid == run_id)).scalar_one()
        loop = asyncio.get_running_loop()
        sent = loop.time()
        engine._beat_went_through(sent - 10.0)  # pyright: ignore[reportPrivateUsage]  # the last beat before the stall
        engine._beat_went_through(sent)  # pyright: ignore[reportPrivateUsage]  # the first after it (10 s of silence)
        # The dispatched execution's coroutine starts now, later than that heartbeat (no await in between: the
        # engine's own heartbeats, every fraction of a second here, would move the timeline on)
        while loop.time() == sent:
            pass
        check = engine.owner_check(run_id, token)
        with pytest.raises(DBOSWorkflowConflictIDError):
            await check()
    deps.db.dispose()
