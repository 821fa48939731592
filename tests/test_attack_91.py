"""helper-91's attack on the later note checks (792b3c6, 07dc0b0, 3fd92ca): each test failed on 137372f; all pass now.

Real SDK against the fake HubSpot, the real pipeline, CLI and engine; no mocks inside the library.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from dbos import DBOSClient
from typer.testing import CliRunner

from lead_agent import Lead, Policy, local_deps
from lead_agent.backends import ContactRef
from lead_agent.cli import app
from lead_agent.models import Assignment, CrmRecord
from lead_agent.review import resolve
from lead_agent.runs import APP_NAME

from .fakes.hubspot_server import FakeHubSpot
from .helpers import EXAMPLES
from .test_note_tidy import hubspot_deps, noted_contact
from .test_owners import failed_on_the_ack, hub_world

TOKEN = 'pat-local'
NOTES = '/crm/v3/objects/notes'
NOTE_SEARCH = '/crm/v3/objects/notes/search'
CONTACTS = '/crm/v3/objects/contacts'


def _checks(db_url: str) -> list[tuple[str, str]]:
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    client = DBOSClient(system_database_engine=engine, application_name=APP_NAME)
    try:
        return sorted((w.workflow_id.rsplit('.', 1)[-1], w.status)
                      for w in client.list_workflows(load_input=False, load_output=False)
                      if '.notes' in w.workflow_id)
    finally:
        client.destroy()
        engine.dispose()


def _cli_env(monkeypatch: pytest.MonkeyPatch, db_url: str, hubspot: FakeHubSpot) -> None:
    for key, value in {'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml'), 'DATABASE_URL': db_url,
                       'HUBSPOT_ACCESS_TOKEN': TOKEN, 'HUBSPOT_HOST': hubspot.host, 'COLUMNS': '200',
                       'LEAD_AGENT_QUEUE_WAIT': '1', 'LEAD_AGENT_ACTION_TIMEOUT': '2',
                       'LEAD_AGENT_RETRY_FOR': '120'}.items():
        monkeypatch.setenv(key, value)


# --- 1. `lead-agent triage` ------------------------------------------------------------------------------------------
def test_triage_command_whose_note_was_held_leaves_no_duplicate_unannounced(
        hubspot: FakeHubSpot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """README: "The checks run on the workers (`serve`, `worker`, `triage`)". `lead-agent triage` with HubSpot, whose
    note create HubSpot holds past the action timeout and stores later: the run sends the note again, flags it
    (`notes_unsure`) and queues its check 2 min out. The command exits as soon as its run has ended: the check
    never runs in it, and nothing tells the user the lead may have two notes (the warning is only for a check that
    could not be queued). With no worker (the embedded use of `triage`), the duplicate stays."""
    db_url = f'sqlite:///{tmp_path / "run.db"}'
    _cli_env(monkeypatch, db_url, hubspot)
    hubspot.fail(NOTES, status=None, delay=10.0, times=1)  # held past the 3 s step timeout and the retry, then stored
    lead = EXAMPLES / 'leads' / '01-hospital-group-demo.json'
    result = CliRunner().invoke(app, ['triage', str(lead), '--json'])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])['state'] == 'routed_sales'
    deadline = time.monotonic() + 15
    while len(hubspot.notes) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    checks = _checks(db_url)
    told = 'note' in result.stderr.lower() and 'twice' in result.stderr.lower()
    assert len(hubspot.notes) == 1 or told, \
        f'{len(hubspot.notes)} notes of the run after `lead-agent triage` exited, checks {checks}, nothing said'



# --- 2. approvals ----------------------------------------------------------------------------------------------------
async def test_an_approval_that_found_the_runs_one_note_does_not_warn_of_a_duplicate(
        policy: Policy, sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """A library user (`triage()`, `resolve()`, README: a library call runs no engine) on HubSpot. The run made
    the contact and its one note (one create, answered 201), then failed on the acknowledgement; a reviewer
    approves it. The approval finds the run's note and sends none: one note on the contact. But finding it sets
    `notes_unsure` (rule b), no engine ever ran on this database so no check can be queued, and the approval logs
    "its note may be on CRM contact N twice ... look at the contact": on every approval of a failed run, each
    asking a person to check a contact that has exactly one note."""
    with hub_world(policy, sqlite_url) as world:
        assert world.hubspot is not None
        rec, deps = await failed_on_the_ack(world)
        assert rec.state == 'failed' and len(world.hubspot.notes) == 1
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger='lead_agent'):
            approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
        assert approved.state == 'routed_sales'
        assert len(world.hubspot.notes) == 1
        # One note create ever, answered 201: no duplicate is possible.
        assert [r.path for r in world.hubspot.requests].count(NOTES) == 1
        twice = [r.getMessage() for r in caplog.records if 'twice' in r.getMessage()]
        assert twice == [], f'a false duplicate warning on an approval: {twice}'


# --- 3. the engine's stop --------------------------------------------------------------------------------------------
async def test_a_check_left_by_the_engine_stop_does_not_go_on_running_and_fail_in_the_logs(
        sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """A check is under way while HubSpot is slow to answer its note search. `Engine.stop` no longer waits for it
    (3fd92ca: runs only) and destroys DBOS, but the check's coroutine is not cancelled: it goes on on the host's
    event loop (a library host, an app whose lifespan stops the engine), waits for HubSpot after the engine
    stopped, then fails to record its step on the destroyed DBOS. It logs that the contact's notes "could not be checked
    (DBOSException)" and DBOS logs an ERROR with two tracebacks, for a check that simply moves to another worker."""
    from lead_agent.runs import Engine, tidy_later

    with FakeHubSpot(TOKEN) as hubspot:
        deps = hubspot_deps(sqlite_url, hubspot)
        run_id = 'd' * 32
        ref = await noted_contact(hubspot, run_id)
        hubspot.fail(NOTE_SEARCH, status=None, delay=4.0, times=1)  # slow, then answers
        engine = Engine(deps, tidy_after=(0.1, 0.1))
        await engine.start()
        try:
            assert await tidy_later(deps, run_id, ref.contact_id)
            deadline = time.monotonic() + 30
            while not any(r.path == NOTE_SEARCH for r in hubspot.requests):
                assert time.monotonic() < deadline, 'the check never started'
                await asyncio.sleep(0.05)
        finally:
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                await engine.stop()
                await asyncio.sleep(6)  # the host goes on (its loop runs)
            deps.db.dispose()
    noise = [f'{r.levelname} {r.name}: {r.getMessage()[:90]}' for r in caplog.records
             if r.levelno >= logging.ERROR or 'could not be checked' in r.getMessage()]
    assert noise == [], f'a check left by the stop ran on and failed in the logs: {noise}'


# --- 4. the local CRM (`lead-agent triage`'s embedded default) ------------------------------------------------------
def test_the_local_crm_never_gets_note_checks_it_cannot_need(cli: CliRunner, tmp_path: Path) -> None:
    """The embedded default: `lead-agent triage` on SQLite with the local CRM, whose notes are unique per run and
    contact (a unique key; its `tidy_notes` is a no-op returning 0). One person sends two different requests, in one
    batch: both runs read the CRM before either made the contact, so the second finds a contact that "appeared"
    (rule c) and queues a chain of later checks on `lead-agent-checks`. They can archive nothing, yet they are left
    DELAYED in the user's database when the command exits, to be run (and the next one queued) by whichever later
    command happens to be up when they are due."""
    base = json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text())
    folder = tmp_path / 'leads'
    folder.mkdir()
    for i, message in enumerate(['We run 14 hospitals and want a demo of CareFlow for our outpatient clinics.',
                                 'Also: can CareFlow integrate with Epic? We would like pricing for 14 sites.']):
        (folder / f'{i}.json').write_text(json.dumps({**base, 'message': message}))
    result = cli.invoke(app, ['triage', str(folder), '--json'])
    states = [json.loads(line)['state'] for line in result.stdout.splitlines() if line.startswith('{')]
    assert states and all(s.startswith('routed') for s in states), result.output
    checks = _checks(os.environ['DATABASE_URL'])
    assert checks == [], f'note checks left in the embedded database for the local CRM: {checks}'


# --- 5. a returning customer's run taken over after a kill -----------------------------------------------------------
async def test_a_customers_run_whose_worker_was_killed_while_hubspot_held_its_note_ends_with_one_note(
        hubspot: FakeHubSpot, sqlite_url: str) -> None:
    """test_note_tidy's kill test, for a lead whose contact was in HubSpot before the run (a returning customer, the
    common case for a second request). The worker sends the run's note, HubSpot holds it, the worker is SIGKILLed.
    The run resumes here: its contact create gets 409 (`created=False`), the note search finds nothing yet, one note
    is sent (`notes_unsure` False) and, the contact being in the run's CRM history, rule (c) does not fire: no
    check is queued. HubSpot stores the held note: two notes of the run stay for good."""
    import signal
    import subprocess
    import sys

    from lead_agent.runs import Engine

    from .test_note_tidy import hospital_lead, hubspot_worker_env, until

    hubspot.add_contact('priya.raman@havenhospitals.com', hubspot_owner_id='55555555')
    deps = hubspot_deps(sqlite_url, hubspot)
    async with Engine(deps, execute=False) as host:
        run_id = await host.submit(hospital_lead())
    hubspot.fail(NOTES, status=None, delay=4.0, times=1)
    worker = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker'],
                              env=hubspot_worker_env(sqlite_url, hubspot), cwd=EXAMPLES.parent,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await until(lambda: any(r.path == NOTES for r in hubspot.requests), 'note create', timeout=60)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    async with Engine(deps, dead_after=1, tidy_after=(8.0, 1.0)) as engine:
        rec = await engine.result(run_id)
        assert rec.state == 'routed_sales'
        assert [(a.kind, a.status) for a in rec.actions][:1] == [('crm_contact', 'existing')]
        await until(lambda: len(hubspot.notes) == 2, 'held note stored')
        checks = await engine.client.list_workflows_async(workflow_id_prefix=f'{run_id}.notes', load_input=False)
        try:
            await until(lambda: len(hubspot.notes) == 1, 'tidied note', timeout=20)
        except AssertionError:
            pass
    deps.db.dispose()
    bodies = [n['properties']['hs_note_body'][:40] for n in hubspot.notes]
    assert len(bodies) == 1, f"{len(bodies)} notes of run {run_id[:12]} on the customer's contact, " \
                             f'{len(checks)} check(s) queued: {bodies}'


# --- 6. a user's own CRM ----------------------------------------------------------------------------------------------
class SheetCRM:
    """A user's CRM written to the `CRM` protocol as it was before the change (no `tidy_notes`): its history names
    the contact without saying how it was matched (`matched_by` is optional: "None: not said"), and a known email
    gets the note on its existing contact (`created=False`). It never says `notes_unsure`."""

    def __init__(self) -> None:
        self.contacts: dict[str, str] = {'priya.raman@havenhospitals.com': 'row-7'}
        self.notes: list[tuple[str, str]] = []

    async def history(self, email: str) -> list[CrmRecord]:
        row = self.contacts.get(email.casefold())
        return [CrmRecord(date=date(2025, 3, 4), type='contact', summary='Customer since 2025', record_id=row)] \
            if row else []

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Assignment | None = None
                             ) -> ContactRef:
        row = self.contacts.get(lead.email.casefold())
        created = row is None
        row = row or self.contacts.setdefault(lead.email.casefold(), f'row-{len(self.contacts) + 7}')
        self.notes.append((row, run_id))
        return ContactRef(contact_id=row, created=created, url=f'https://sheet.example/{row}')

    async def set_owner(self, contact_id: str, owner: Assignment) -> None:
        pass


async def test_a_user_crm_that_never_doubts_a_note_gets_no_checks_or_warnings(
        policy: Policy, sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """Each run for a known customer on such a CRM matches rule (c) (its history has no `matched_by == 'email'`
    record): a chain of later checks is queued for it, and each check fails on the missing `tidy_notes` and logs a
    warning. A CRM that never doubted a note gets a warning storm: one per check, every check of every returning
    customer's run."""
    from lead_agent.runs import Engine

    crm = SheetCRM()
    deps = replace(local_deps(policy, database_url=sqlite_url), crm=crm)  # type: ignore[arg-type]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger='lead_agent'):
        async with Engine(deps, tidy_after=(0.2, 0.2, 0.2)) as engine:
            run_id = await engine.submit(Lead.from_submission(
                json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text())))
            rec = await engine.result(run_id)
            assert rec.state == 'routed_sales' and crm.notes == [('row-7', run_id)]
            await asyncio.sleep(6)
            checks = await engine.client.list_workflows_async(workflow_id_prefix=f'{run_id}.notes', load_input=False)
    deps.db.dispose()
    warned = [r.getMessage()[:100] for r in caplog.records if 'notes' in r.getMessage()]
    assert (len(checks), warned) == (0, []), f'{len(checks)} checks for a CRM that never doubted a note: {warned}'
