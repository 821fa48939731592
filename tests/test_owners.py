"""Owners end to end: on the run, in HubSpot (the created contact; "Take this lead" patches the owner only), in the
local CRM, in the Slack summary, in the acknowledgement's booking link, through a review approval and a migration."""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import inspect, select, text

from lead_agent import Lead, Policy, TriageDeps, local_deps, triage
from lead_agent.backends import Mailer
from lead_agent.crm.hubspot import HubSpotCRM
from lead_agent.crm.local import LocalCRM
from lead_agent.mail import SmtpMailer
from lead_agent.models import Assignment, RunRecord
from lead_agent.policy import EmailTemplate
from lead_agent.review import resolve
from lead_agent.slack import SlackNotifier, build_slack_app
from lead_agent.store import Database, SqlRotation, current_revision, head_revision, prepare, read_outbox, upgrade
from lead_agent.store._schema import crm_contacts
from lead_agent.store.migrate import _config  # pyright: ignore[reportPrivateUsage]

from .fakes.hubspot_server import FakeHubSpot
from .fakes.slack_server import FakeSlackServer, channel_id
from .helpers import EXAMPLES
from .test_slack import SECRET, block_actions, click
from .test_smtp import SENDER, SmtpServer, parts, serve

TOKEN = 'pat-na1-owners'
# A Wednesday, 14:00 UTC: Dana (New York) and Jonas (Berlin) are at work, Sam (Los Angeles) is not yet.
T = datetime(2026, 6, 10, 14, 0, tzinfo=UTC)
CONTACTS = '/crm/v3/objects/contacts'


@dataclass
class World:
    deps: TriageDeps
    app: AsyncApp
    slack: FakeSlackServer
    hubspot: FakeHubSpot | None


def _world(policy: Policy, url: str, slack: FakeSlackServer, hubspot: FakeHubSpot | None) -> TriageDeps:
    base = local_deps(policy, database_url=url)
    client = AsyncWebClient(token='xoxb-test', base_url=slack.url + '/api/')
    deps = replace(base, notifier=SlackNotifier(base.db, client, now=lambda: T), now=lambda: T)
    return replace(deps, crm=HubSpotCRM(TOKEN, host=hubspot.host)) if hubspot is not None else deps


@pytest.fixture
def hub(policy: Policy, sqlite_url: str) -> Iterator[World]:
    with hub_world(policy, sqlite_url) as world:
        yield world


@contextmanager
def hub_world(policy: Policy, url: str) -> Generator[World]:
    """The example policy with fake Slack and HubSpot servers, the run store at `url`."""
    with FakeSlackServer() as slack, FakeHubSpot(TOKEN) as hubspot:
        deps = _world(policy, url, slack, hubspot)
        yield World(deps, build_slack_app(deps, signing_secret=SECRET, process_before_response=True), slack, hubspot)
        deps.db.dispose()


@pytest.fixture
def local(policy: Policy, database_url: str) -> Iterator[World]:
    with FakeSlackServer() as slack:
        deps = _world(policy, database_url, slack, None)
        yield World(deps, build_slack_app(deps, signing_secret=SECRET, process_before_response=True), slack, None)
        deps.db.dispose()


class DownMailer:
    """A `Mailer` that is down (SMTP refuses) until `down` is cleared, then sends through `mailer`."""

    def __init__(self, mailer: Mailer) -> None:
        self.mailer, self.down = mailer, True

    async def send_ack(self, run_id: str, lead: Lead, template: EmailTemplate, company_name: str) -> str:
        if self.down:
            raise ConnectionError('SMTP down')
        return await self.mailer.send_ack(run_id, lead, template, company_name)


async def failed_on_the_ack(world: World) -> tuple[RunRecord, TriageDeps]:
    """A physio lead triaged through `world` with SMTP down: failed on its acknowledgement. SMTP is back after."""
    mailer = DownMailer(world.deps.mailer)
    deps = replace(world.deps, mailer=mailer)
    rec = await triage(physio(), deps)
    mailer.down = False
    return rec, deps


def physio(**update: Any) -> Lead:
    data = json.loads((EXAMPLES / 'leads' / '02-physio-pricing.json').read_text(encoding='utf-8'))
    return Lead.from_submission({**data, **update})


def summary_fields(slack: FakeSlackServer) -> list[str]:
    [post] = slack.calls('chat.postMessage')
    return [f['text'] for f in post['blocks'][1]['fields']]


async def test_the_owner_reaches_hubspot_and_take_this_lead_patches_only_the_owner(hub: World) -> None:
    assert hub.hubspot is not None
    rec = await triage(physio(), hub.deps)
    assert rec.state == 'routed_sales'
    dana = Assignment(team='sales', owner='Dana Kim', reason='round_robin', member_id='dana',
                      hubspot_owner_id='31415926')
    assert rec.owner == dana
    [create] = [r for r in hub.hubspot.requests if (r.method, r.path) == ('POST', CONTACTS)]
    assert create.body == {'properties': {'email': 'tom@northpeakpt.com', 'firstname': 'Tom', 'lastname': 'Becker',
                                          'company': 'NorthPeak Physical Therapy', 'hubspot_owner_id': '31415926'},
                           'associations': []}
    assert '*Owner:* Dana Kim (round robin) · sales' in summary_fields(hub.slack)
    [contact] = hub.hubspot.contacts
    assert contact['notes'][0].endswith('<br>Owner: Dana Kim (round_robin)')

    # Sam takes it from Slack: the run and HubSpot now say Sam, and the PATCH carries the owner and nothing else.
    assert await click(hub.app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    [patch] = [r for r in hub.hubspot.requests if r.method == 'PATCH']
    assert (patch.path, patch.body) == (f'{CONTACTS}/{contact["id"]}', {'properties': {'hubspot_owner_id': '27182818'}})
    assert hub.hubspot.contacts[0]['properties']['hubspot_owner_id'] == '27182818'
    taken = await hub.deps.runs.get(rec.run_id)
    assert taken is not None and taken.owner == Assignment(team='sales', owner='Sam Patel', reason='taken',
                                                           member_id='sam', hubspot_owner_id='27182818')
    assert hub.slack.calls('chat.postEphemeral') == []


async def test_a_taker_hubspot_does_not_know_owns_the_run_and_is_told_the_crm_was_not_changed(hub: World) -> None:
    assert hub.hubspot is not None
    rec = await triage(physio(), hub.deps)
    assert await click(hub.app, block_actions('take_lead', rec.run_id, user='U0STRANGER', username='kim')) == 200
    assert [r for r in hub.hubspot.requests if r.method == 'PATCH'] == []
    assert hub.hubspot.contacts[0]['properties']['hubspot_owner_id'] == '31415926'
    taken = await hub.deps.runs.get(rec.run_id)
    assert taken is not None and taken.owner == Assignment(team='sales', owner='kim', reason='taken')
    [reply] = hub.slack.calls('chat.postEphemeral')
    assert reply['text'].startswith('You own the lead now, but the CRM owner was not changed: hubspot: kim has no '
                                    'hubspot_owner_id')


async def test_a_take_whose_crm_owner_failed_can_be_clicked_again_by_its_taker(hub: World) -> None:
    """helper-59 D8: HubSpot refused Sam's owner change; the button was gone and a click again said "already taken"
    even to Sam, so nothing could change the CRM owner of a finished run. The button now stays with a note, for Sam
    only; Sam's second click sets the owner and closes the post."""
    assert hub.hubspot is not None
    rec = await triage(physio(), hub.deps)
    [contact] = hub.hubspot.contacts
    hub.hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=403, times=None)
    def sam() -> str:  # a click: each is its own request
        return block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')

    assert await click(hub.app, sam()) == 200
    summary = hub.slack.calls('chat.update')[-1]
    post = hub.slack.message(summary['channel'], summary['ts'])
    assert post is not None and 'take_lead' in json.dumps(post['blocks'])
    assert 'the CRM owner was not changed: click *Take this lead* again' in json.dumps(post['blocks'])
    assert await click(hub.app, block_actions('take_lead', rec.run_id, user='U0STRANGER', username='kim')) == 200
    hub.hubspot.clear_faults()
    assert await click(hub.app, sam()) == 200
    replies = [r['text'] for r in hub.slack.calls('chat.postEphemeral')]
    assert replies[0].startswith('You own the lead now, but the CRM owner was not changed: ')
    assert replies[1:] == ['This lead was already taken by <@U0SAMPATEL>.']
    assert hub.hubspot.contacts[0]['properties']['hubspot_owner_id'] == '27182818'
    post = hub.slack.message(summary['channel'], summary['ts'])
    assert post is not None and 'take_lead' not in json.dumps(post['blocks'])
    taken = await hub.deps.runs.get(rec.run_id)
    assert taken is not None and taken.owner is not None and taken.owner.owner == 'Sam Patel'


async def test_take_this_lead_moves_the_local_contact_and_the_next_lead_follows_its_owner(local: World) -> None:
    rec = await triage(physio(), local.deps)
    assert rec.owner is not None and rec.owner.owner == 'Dana Kim'
    assert await click(local.app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    crm = local.deps.crm
    assert isinstance(crm, LocalCRM)
    assert [(c['email'], c['owner']) for c in crm.contacts()] == [('tom@northpeakpt.com', 'Sam Patel')]
    again = await triage(physio(message=physio().message + ' Also: do you integrate with WebPT?'), local.deps)
    assert again.owner == Assignment(team='sales', owner='Sam Patel', reason='crm_owner', member_id='sam',
                                     hubspot_owner_id='27182818')
    assert '*Owner:* Sam Patel (crm owner) · sales' in [
        f['text'] for f in local.slack.calls('chat.postMessage')[-1]['blocks'][1]['fields']]


async def test_company_history_is_matched_by_the_exact_registered_domain(sqlite_url: str, tmp_path: Path) -> None:
    seed = tmp_path / 'history.yaml'
    seed.write_text('- {domain: acme.com, date: 2026-01-05, type: deal, summary: Open deal, owner: Sam Patel}\n'
                    '- {email: ops@notacme.com, date: 2026-01-06, type: note, summary: A note, owner: Dana Kim}\n',
                    encoding='utf-8')
    db = Database(sqlite_url)
    prepare(db)
    crm = LocalCRM(db, seed=seed)
    try:
        assert [r.owner for r in await crm.history('jo@acme.com')] == ['Sam Patel']
        assert [(r.owner, r.matched_by) for r in await crm.history('jo@eu.acme.com')] == [('Sam Patel', 'domain')]
        assert await crm.history('jo@notacme.com') == []  # never a substring
        assert await crm.history('jo@acme.com.evil.example') == []
        assert [(r.owner, r.matched_by) for r in await crm.history('OPS@notacme.com')] == [('Dana Kim', 'email')]
    finally:
        db.dispose()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    yield from serve(auth_require_tls=False)


async def test_the_acknowledgement_carries_the_owners_booking_link_encoded(policy: Policy, sqlite_url: str,
                                                                           smtp: SmtpServer) -> None:
    hostile = '"><script>alert(1)</script> & Co'
    base = local_deps(policy, database_url=sqlite_url)
    deps = replace(base, now=lambda: T,
                   mailer=SmtpMailer(base.db, smtp.url(), SENDER, allow_plaintext_auth=True))
    try:
        # Markup in a name is unusual text: a person reads the lead first, and approving it sends the email.
        held = await triage(physio(name=f'Tom\n{hostile}'), deps)
        assert held.state == 'review' and held.decision is not None and 'unusual_text' in held.decision.rules
        rec = await resolve(held.run_id, 'approve', deps, to='sales', by='dana')
    finally:
        base.db.dispose()
    assert rec.state == 'routed_sales' and rec.owner is not None and rec.owner.member_id == 'dana'
    [got] = smtp.inbox.messages
    body = parts(got.message)
    link = ('https://cal.com/careflow-dana/intro?name=Tom%20%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20%26%20Co'
            '&email=tom%40northpeakpt.com')
    assert body['text/plain'].endswith(f'\n\nRather pick a time yourself? Book a call with Dana Kim: {link}\n')
    html = body['text/html']
    assert f'Book a call with Dana Kim: {link.replace("&", "&amp;")}</p>' in html
    assert '<script>' not in html and 'script%3E' in html


async def test_an_approval_after_a_failed_route_keeps_the_runs_owner(policy: Policy, sqlite_url: str) -> None:
    class DownCRM(LocalCRM):
        down = True

        async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Assignment | None = None
                                 ) -> Any:
            if self.down:
                raise ConnectionError('CRM down')
            return await super().create_contact(lead, note, run_id, owner=owner)

    base = local_deps(policy, database_url=sqlite_url)
    crm = DownCRM(base.db)
    deps = replace(base, crm=crm, now=lambda: T)
    try:
        rec = await triage(physio(), deps)
        assert rec.state == 'failed' and rec.owner is not None
        crm.down = False
        approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='cli')
        counts = SqlRotation(base.db).counts('sales')
    finally:
        base.db.dispose()
    assert approved.state == 'routed_sales' and approved.owner == rec.owner
    assert counts == {'dana': 1, 'jonas': 0}  # the round moved once for the run


async def test_a_lead_taken_while_it_waits_for_its_approval_stays_the_takers(hub: World) -> None:
    """helper-59: Sam takes a lead whose run failed after its summary (the acknowledgement failed); a reviewer then
    approves it. The approval's record named the round robin's pick again, and so would a run's own record for a
    Take clicked while it still ran. The taker now owns the run and the CRM contact, whoever records after."""
    assert hub.hubspot is not None

    mailer = DownMailer(hub.deps.mailer)
    deps = replace(hub.deps, mailer=mailer)
    app = build_slack_app(deps, signing_secret=SECRET, process_before_response=True)
    rec = await triage(physio(), deps)
    assert rec.state == 'failed' and rec.owner is not None and rec.owner.owner == 'Dana Kim'
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    sam = Assignment(team='sales', owner='Sam Patel', reason='taken', member_id='sam', hubspot_owner_id='27182818')
    assert approved.state == 'routed_sales' and approved.owner == sam
    stored = await deps.runs.get(rec.run_id)
    assert stored is not None and stored.owner == sam
    assert hub.hubspot.contacts[0]['properties']['hubspot_owner_id'] == '27182818'


async def test_an_approval_for_another_team_moves_the_summary_and_the_contacts_owner(hub: World) -> None:
    """helper-59 D7: a run routed to sales failed after its summary and contact (the acknowledgement failed); a
    reviewer approves it for support. The summary stayed in #sales-leads with Dana and a live Take button, and the
    HubSpot contact kept Dana. Now the summary is posted to #support-queue with Luis, the first post says it moved
    and has no button, the contact's owner is Luis, and a Take works on the new post."""
    assert hub.hubspot is not None

    mailer = DownMailer(hub.deps.mailer)
    deps = replace(hub.deps, mailer=mailer)
    app = build_slack_app(deps, signing_secret=SECRET, process_before_response=True)
    rec = await triage(physio(), deps)
    assert rec.state == 'failed' and rec.owner is not None and rec.owner.owner == 'Dana Kim'
    [first] = [p for p in hub.slack.calls('chat.postMessage') if p['channel'] == '#sales-leads']
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')

    luis = Assignment(team='support', owner='Luis Ortega', reason='round_robin', member_id='luis',
                      hubspot_owner_id='14142135')
    assert approved.state == 'routed_support' and approved.owner == luis
    assert not [e for e in approved.errors if 'CRM owner' in e]
    [contact] = hub.hubspot.contacts
    assert contact['properties']['hubspot_owner_id'] == '14142135'
    [patch] = [r for r in hub.hubspot.requests if r.method == 'PATCH']
    assert patch.body == {'properties': {'hubspot_owner_id': '14142135'}}
    posts = hub.slack.calls('chat.postMessage')
    [moved] = [p for p in posts if p['channel'] == '#support-queue']
    assert 'Luis Ortega' in json.dumps(moved['blocks']) and 'take_lead' in json.dumps(moved['blocks'])
    [update] = hub.slack.calls('chat.update')
    old = hub.slack.message('#sales-leads', update['ts'])
    assert old is not None and 'Moved to #support-queue' in json.dumps(old['blocks'])
    assert 'take_lead' not in json.dumps(old['blocks']) and 'Dana Kim' in json.dumps(first['blocks'])

    # The run's summary is the new post: its Take button updates it (and a post for support again is the same one).
    assert approved.decision is not None
    again = await deps.notifier.post_summary(rec.run_id, physio(), None, approved.decision, '#support-queue', None)
    assert again.startswith(channel_id('#support-queue') + ':') and again in [a.ref for a in approved.actions]
    assert len(hub.slack.calls('chat.postMessage')) == len(posts)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    taken = hub.slack.calls('chat.update')[-1]
    assert taken['channel'] == channel_id('#support-queue') and 'Taken by' in json.dumps(taken['blocks'])


async def test_without_slack_an_approval_for_another_team_moves_the_outbox_summary(policy: Policy,
                                                                                   sqlite_url: str) -> None:
    """The embedded defaults: the summary's outbox row follows the approval to support, and the local contact's
    owner is Luis."""
    base = local_deps(policy, database_url=sqlite_url)

    mailer = DownMailer(base.mailer)
    deps = replace(base, mailer=mailer, now=lambda: T)
    try:
        rec = await triage(physio(), deps)
        assert rec.state == 'failed' and rec.owner is not None and rec.owner.owner == 'Dana Kim'
        mailer.down = False
        approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
        [summary] = read_outbox(base.db, 'slack_summary')
        crm = base.crm
        assert isinstance(crm, LocalCRM)
        [contact] = crm.contacts()
    finally:
        base.db.dispose()
    assert approved.state == 'routed_support' and approved.owner is not None and approved.owner.owner == 'Luis Ortega'
    assert summary['target'] == '#support-queue' and 'Luis Ortega' in summary['payload']
    assert contact['owner'] == 'Luis Ortega'


def test_a_database_at_0004_is_upgraded_with_its_rows(database_url: str) -> None:
    db = Database(database_url)
    try:
        with db.engine.begin() as conn:
            command.upgrade(_config(conn), '0004')
            conn.execute(text("INSERT INTO crm_contacts (email, name, company, run_id, created_at) VALUES "
                              "('a@b.example', 'A', 'B', 'r1', '2026-01-02 03:04:05')"))
        assert current_revision(db) == '0004'
        assert upgrade(db) == ('0004', head_revision())
        assert {'rotation', 'rotation_picks'} <= set(inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            assert [(r.email, r.owner) for r in conn.execute(select(crm_contacts))] == [('a@b.example', None)]
    finally:
        db.dispose()


def test_the_summary_blocks_escape_an_owner_from_the_crm() -> None:
    from lead_agent.notify import owner_text

    owner = Assignment(team='sales', owner='<!channel> <http://evil.example|x>', reason='crm_owner')
    assert owner_text(owner, 'sales') == '&lt;!channel&gt; &lt;http://evil.example|x&gt; (crm owner) · sales'
    assert json.dumps(owner_text(None, None)) == '"unassigned"'
