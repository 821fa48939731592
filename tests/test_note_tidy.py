"""A HubSpot that takes a note create and stores it late: the run's extra notes are archived by later checks.

HubSpot has no idempotency key for a note. When it holds a create past the client's timeout, the step is tried
again, finds no note of the run (the held one is not stored yet) and sends another; both are stored in the end.
A run whose note was sent more than once says so (`ContactRef.notes_unsure`), and a delayed workflow on the checks
queue archives all of the run's notes on the contact but the lowest id (`CRM.tidy_notes`). Real SDK, a local
fake of HubSpot's API, the real engine on SQLite.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
from dbos import DBOSClient, WorkflowHandleAsync
from sqlalchemy import text

from lead_agent import IntegrationError, Lead, TriageDeps, load_policy
from lead_agent.backends import ContactRef
from lead_agent.crm.hubspot import HubSpotCRM
from lead_agent.deps import build_deps
from lead_agent.runs import APP_NAME, CHECK_QUEUE, TIDY_AFTER, Engine, tidy_later
from lead_agent.settings import Settings

from ._processes import worker_env
from .fakes.hubspot_server import FakeHubSpot
from .helpers import EXAMPLES, example_lead

TOKEN = 'pat-local'
NOTES = '/crm/v3/objects/notes'


async def no_pause(seconds: float) -> None:
    """A `sleep` for HubSpotCRM that does not wait."""


def _body_run(note: dict[str, Any]) -> str:
    return str(note['properties']['hs_note_body']).rsplit('lead-agent run ', 1)[-1]


# --- the CRM -------------------------------------------------------------------------------------------------------
async def test_a_held_note_sent_again_is_flagged_and_tidied_to_the_lowest_id(hubspot: FakeHubSpot) -> None:
    crm = HubSpotCRM(TOKEN, host=hubspot.host, sleep=no_pause, timeout=0.3)
    lead = example_lead('01-hospital-group-demo.json')
    hubspot.fail(NOTES, status=None, delay=1.0, times=2)  # each held past the timeout, then stored
    with pytest.raises(IntegrationError):  # a create, a search that finds nothing, a create: both unanswered
        await crm.create_contact(lead, 'note', 'run1')
    ref = await crm.create_contact(lead, 'note', 'run1')  # the step tried again: nothing shows yet, a third goes
    assert (ref.created, ref.notes_unsure) == (True, True)  # the contact is the one this run's first try made
    await asyncio.sleep(1.5)  # the held two are stored
    notes = [n['id'] for n in hubspot.notes]
    assert len(notes) == 3
    # Another run's note on the same contact is not touched, though it quotes this run's id (a sender's text).
    other = await crm.create_contact(lead, 'Says: "see lead-agent run run1 first"', 'run2')
    assert (other.created, other.notes_unsure) == (False, False)
    assert await crm.tidy_notes(ref.contact_id, 'run1') == 2
    assert sorted(hubspot.archived['notes'], key=int) == sorted(notes, key=int)[1:]
    assert sorted(_body_run(n) for n in hubspot.notes) == ['run1', 'run2']
    assert await crm.tidy_notes(ref.contact_id, 'run1') == 0  # again: nothing more
    assert len(hubspot.notes) == 2


async def test_another_runs_note_quoting_this_runs_id_is_not_taken_for_its_note(hubspot: FakeHubSpot) -> None:
    """A returning sender quotes an earlier run's id (from its acknowledgement, say) and that run's CRM step is tried
    again (resumed, approved): the note of the later run that quotes it was taken for the earlier run's own, which
    was then never made."""
    crm = HubSpotCRM(TOKEN, host=hubspot.host, sleep=no_pause)
    lead = example_lead('01-hospital-group-demo.json')
    await crm.create_contact(lead, 'Says: "about lead-agent run run1, any news?"', 'run2')
    ref = await crm.create_contact(lead, 'note', 'run1')
    assert ref.created is False
    assert sorted(_body_run(n) for n in hubspot.notes) == ['run1', 'run2']


async def test_one_answered_note_is_not_flagged(hubspot: FakeHubSpot) -> None:
    crm = HubSpotCRM(TOKEN, host=hubspot.host, sleep=no_pause)
    ref = await crm.create_contact(example_lead('01-hospital-group-demo.json'), 'note', 'run1')
    assert (ref.created, ref.notes_unsure) == (True, False)
    assert [r.path for r in hubspot.requests] == ['/crm/v3/objects/contacts', NOTES]  # no search for the note


async def test_a_contact_found_after_this_run_made_it_is_done_not_existing(hubspot: FakeHubSpot) -> None:
    """The step's first try made the contact and failed on the note; the next try's create gets 409 for it."""
    crm = HubSpotCRM(TOKEN, host=hubspot.host, sleep=no_pause)
    lead = example_lead('01-hospital-group-demo.json')
    hubspot.fail(NOTES, status=503, times=2)  # refused twice, stored neither time
    with pytest.raises(IntegrationError):
        await crm.create_contact(lead, 'note', 'run1')
    ref = await crm.create_contact(lead, 'note', 'run1')
    assert ref.created is True
    assert len(hubspot.notes) == 1
    # A contact that was there before this run stays `existing`, even after a lost answer of this run's note.
    hubspot.fail(NOTES, status=500, after_processing=True)
    again = await crm.create_contact(lead, 'note', 'run2')
    assert (again.created, len(hubspot.notes), again.notes_unsure) == (False, 2, False)


# --- the engine ----------------------------------------------------------------------------------------------------
async def noted_contact(hubspot: FakeHubSpot, run_id: str) -> ContactRef:
    """The hospital lead's contact made in `hubspot` with one note of `run_id`."""
    crm = HubSpotCRM(TOKEN, host=hubspot.host, sleep=no_pause)
    return await crm.create_contact(example_lead('01-hospital-group-demo.json'), f'lead-agent run {run_id}\nx', run_id)


def hubspot_deps(db_url: str, hubspot: FakeHubSpot) -> TriageDeps:
    settings = Settings.model_validate({
        'DATABASE_URL': db_url, 'HUBSPOT_ACCESS_TOKEN': TOKEN, 'HUBSPOT_HOST': hubspot.host,
        'LEAD_AGENT_QUEUE_WAIT': '1', 'LEAD_AGENT_ACTION_TIMEOUT': '2', 'LEAD_AGENT_RETRY_FOR': '120'})
    return build_deps(settings, policy=load_policy(EXAMPLES / 'policy.yaml'), database_url=db_url)


def hospital_lead() -> Lead:
    return Lead.from_submission(json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text()))


async def until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f'no {what} within {timeout} s')
        await asyncio.sleep(0.1)


async def test_a_run_whose_note_was_held_ends_with_one_note(hubspot: FakeHubSpot, database_url: str) -> None:
    db_url = database_url  # SQLite and PostgreSQL
    deps = hubspot_deps(db_url, hubspot)
    hubspot.fail(NOTES, status=None, delay=5.0, times=2)  # held past the step's 3 s timeout, then stored
    async with Engine(deps, tidy_after=(4.0, 2.0)) as engine:
        run_id = await engine.submit(hospital_lead())
        rec = await engine.result(run_id)
        assert rec.state == 'routed_sales'
        assert [(a.kind, a.status) for a in rec.actions][:1] == [('crm_contact', 'done')]
        await until(lambda: len(hubspot.notes) == 2, 'second note stored')  # the held one came in late
        await until(lambda: len(hubspot.notes) == 1, 'tidied note', timeout=30)
        checks: list[Any] = []
        deadline = time.monotonic() + 30
        while len(checks) < 2 and time.monotonic() < deadline:  # the next check is queued just after the archive
            checks = await engine.client.list_workflows_async(workflow_id_prefix=f'{run_id}.notes', load_input=False)
            await asyncio.sleep(0.1)
        assert sorted(w.workflow_id for w in checks) == [f'{run_id}.notes0', f'{run_id}.notes1']
        assert {w.queue_name for w in checks} == {CHECK_QUEUE}
        assert (await engine.queue_stats())[0] == 0  # not counted as runs
    deps.db.dispose()
    [contact] = hubspot.contacts
    assert len(contact['notes']) == 1 and len(hubspot.archived['notes']) == 1


async def test_an_approval_without_an_engine_queues_the_check_for_the_workers(hubspot: FakeHubSpot,
                                                                                 database_url: str) -> None:
    """`lead-agent review approve` runs no engine: the check goes to the database's queue for a worker."""
    db_url = database_url
    deps = hubspot_deps(db_url, hubspot)
    assert await tidy_later(deps, 'r' * 32, '1') is False  # no engine ever ran here: nothing would run it
    crm = HubSpotCRM(TOKEN, host=hubspot.host, sleep=no_pause)
    contact = await crm.create_contact(hospital_lead(), 'note', 'r' * 32)
    async with Engine(deps, execute=False):
        pass  # the engine's tables exist now
    assert await tidy_later(deps, 'r' * 32, contact.contact_id) is True
    client = DBOSClient(system_database_engine=deps.db.engine, application_name=APP_NAME)
    try:
        [check] = client.list_workflows(workflow_id_prefix='r' * 32, load_input=False)
        assert (check.workflow_id, check.status, check.queue_name) == ('r' * 32 + '.notes0', 'DELAYED', CHECK_QUEUE)
        assert TIDY_AFTER[0] >= 60
        client.set_workflow_delay(check.workflow_id, delay_seconds=0)  # the wait is over
    finally:
        client.destroy()
    async with Engine(deps, tidy_after=(0.1, 0.1)) as engine:
        handle: WorkflowHandleAsync[int] = await engine.client.retrieve_workflow_async('r' * 32 + '.notes0')
        assert await asyncio.wait_for(handle.get_result(), 30) == 0
    deps.db.dispose()
    assert len(hubspot.notes) == 1 and hubspot.archived['notes'] == []


async def test_a_check_queued_before_a_release_is_run_by_the_new_releases_workers(
        hubspot: FakeHubSpot, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A release that changes the order of a run's steps bumps the workflow version (`runs._VERSION`); a check queued
    (up to an hour ahead) by the release before is run by the new release's workers, not left for the old ones."""
    import lead_agent.runs as runs_module

    deps = hubspot_deps(sqlite_url, hubspot)
    crm = HubSpotCRM(TOKEN, host=hubspot.host, sleep=no_pause)
    contact = await crm.create_contact(hospital_lead(), 'note', 'r' * 32)
    async with Engine(deps, execute=False):
        pass
    # The release before started long ago. DBOS orders releases by when each first started, in whole seconds on SQLite
    # under Python 3.11: two started within one second here would tie, and either could be the latest.
    with deps.db.engine.begin() as conn:
        conn.execute(text('UPDATE application_versions SET version_timestamp = version_timestamp - 3600000'))
    assert await tidy_later(deps, 'r' * 32, contact.contact_id) is True
    client = DBOSClient(system_database_engine=deps.db.engine, application_name=APP_NAME)
    try:
        client.set_workflow_delay('r' * 32 + '.notes0', delay_seconds=0)  # due now
    finally:
        client.destroy()
    monkeypatch.setattr(runs_module, '_VERSION', 'lead-agent-next')  # the next release's workers
    async with Engine(deps, tidy_after=(0.1, 0.1)) as engine:
        handle: WorkflowHandleAsync[int] = await engine.client.retrieve_workflow_async('r' * 32 + '.notes0')
        assert await asyncio.wait_for(handle.get_result(), 30) == 0
    deps.db.dispose()


async def test_a_database_blip_while_a_check_queues_the_next_does_not_end_its_checks(
        hubspot: FakeHubSpot, postgres_database: str, caplog: pytest.LogCaptureFixture) -> None:
    """The engine's client fails at once while the database is away (its health check must answer); a check that
    queues the next one then tries again instead of ending the run's checks (helper-91's risk). The blip is the
    database's: a trigger fails the first two inserts of the next check with a connection failure (SQLSTATE 08006)."""
    deps = hubspot_deps(postgres_database, hubspot)
    crm = HubSpotCRM(TOKEN, host=hubspot.host, sleep=no_pause)
    contact = await crm.create_contact(hospital_lead(), 'note', 'r' * 32)
    async with Engine(deps, execute=False):
        pass  # the engine's tables exist now
    with deps.db.engine.begin() as conn:
        conn.execute(text("""
            CREATE SEQUENCE blip_seq;
            CREATE FUNCTION blip() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.workflow_uuid LIKE '%.notes1' AND nextval('blip_seq') <= 2 THEN
                RAISE EXCEPTION 'the database went away' USING ERRCODE = '08006';
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER blip BEFORE INSERT ON dbos.workflow_status FOR EACH ROW EXECUTE FUNCTION blip();"""))
    caplog.set_level('WARNING', logger='lead_agent.runs')
    async with Engine(deps, tidy_after=(0.1, 30.0)) as engine:
        assert await tidy_later(deps, 'r' * 32, contact.contact_id) is True
        handle: WorkflowHandleAsync[int] = await engine.client.retrieve_workflow_async('r' * 32 + '.notes0')
        assert await asyncio.wait_for(handle.get_result(), 30) == 0
        [after] = await engine.client.list_workflows_async(workflow_id_prefix='r' * 32 + '.notes1', load_input=False)
        assert (after.status, after.queue_name) == ('DELAYED', CHECK_QUEUE)
    deps.db.dispose()
    tries = [r.getMessage() for r in caplog.records if 'could not be queued' in r.getMessage()]
    assert len(tries) == 2 and 'OperationalError' in tries[0], tries


async def test_an_erasure_cancels_the_runs_pending_note_checks_and_forgets_them(
        hubspot: FakeHubSpot, sqlite_url: str) -> None:
    """A check queued (up to an hour ahead) for a run then erased held the person's CRM contact id in its inputs and
    would still search their contact: the erasure cancels it, and forgets it once it shows as ended; `runs forget`
    takes its id as `lead-agent erase` prints it."""
    from typer.testing import CliRunner

    from lead_agent.cli import app
    from lead_agent.erase import erase_email, forget_workflows

    deps = hubspot_deps(sqlite_url, hubspot)
    lead = hospital_lead()
    async with Engine(deps) as engine:
        run_id = await engine.submit(lead)
        assert (await engine.result(run_id)).state == 'routed_sales'
        [contact] = hubspot.contacts
        assert await tidy_later(deps, run_id, str(contact['id'])) is True
        [check] = await engine.client.list_workflows_async(workflow_id_prefix=f'{run_id}.notes', load_input=False)
        assert check.status == 'DELAYED'
        done = await erase_email(deps.db, lead.email, by='dpo', now=deps.now())
        first = await forget_workflows(deps.db, done.run_ids)
        [cancelled] = await engine.client.list_workflows_async(workflow_id_prefix=f'{run_id}.notes', load_input=False)
    assert first.running == [f'{run_id}.notes0'] and cancelled.status == 'CANCELLED'
    result = await asyncio.to_thread(CliRunner().invoke, app, ['runs', 'forget', *first.running, '--db', sqlite_url],
                                     env={'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml')})
    assert result.exit_code == 0 and '1 execution(s) forgotten' in result.output, result.output
    client = DBOSClient(system_database_engine=deps.db.engine, application_name=APP_NAME)
    try:
        assert client.list_workflows(workflow_id_prefix=run_id, load_input=False) == []
    finally:
        client.destroy()
    deps.db.dispose()


def hubspot_worker_env(db_url: str, hubspot: FakeHubSpot) -> dict[str, str]:
    return worker_env(dict(os.environ, DATABASE_URL=db_url, LEAD_AGENT_POLICY=str(EXAMPLES / 'policy.yaml'),
                HUBSPOT_ACCESS_TOKEN=TOKEN, HUBSPOT_HOST=hubspot.host, LEAD_AGENT_DEAD_AFTER='1',
                LEAD_AGENT_QUEUE_WAIT='1', LEAD_AGENT_ACTION_TIMEOUT='2', LEAD_AGENT_RETRY_FOR='120'))


async def test_a_worker_killed_while_hubspot_holds_its_note_leaves_one_note(hubspot: FakeHubSpot,
                                                                             database_url: str) -> None:
    """The killed worker's note create is held, then stored; the run resumes here before it shows and sends its
    own. This process sent one note, but the contact it found was not there when the run read the CRM: checked."""
    db_url = database_url
    deps = hubspot_deps(db_url, hubspot)
    async with Engine(deps, execute=False) as host:
        run_id = await host.submit(hospital_lead())
    hubspot.fail(NOTES, status=None, delay=4.0, times=1)
    worker = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker'],
                              env=hubspot_worker_env(db_url, hubspot),
                              cwd=EXAMPLES.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await until(lambda: any(r.path == NOTES for r in hubspot.requests), 'note create', timeout=60)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    async with Engine(deps, dead_after=1, tidy_after=(8.0, 1.0)) as engine:  # takes the dead worker's run over
        rec = await engine.result(run_id)
        assert rec.state == 'routed_sales'
        assert [(a.kind, a.status) for a in rec.actions][:1] == [('crm_contact', 'existing')]
        await until(lambda: len(hubspot.notes) == 2, 'held note stored')
        await until(lambda: len(hubspot.notes) == 1, 'tidied note', timeout=30)
    deps.db.dispose()
    assert [r.path for r in hubspot.requests].count(NOTES) == 2
