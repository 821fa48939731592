"""A failed run approved for another team moves its Slack summary and its contact's owner (helper-59 D7); a Take
whose CRM owner change failed keeps its button for the taker (D8). helper-63's attack on both: each test names what
it found (what happened before the fix), and asserts what happens now.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from lead_agent import LeadAgentError, Policy
from lead_agent import slack as slack_mod
from lead_agent.crm.hubspot import HubSpotCRM
from lead_agent.erase import erase_email
from lead_agent.models import Assignment
from lead_agent.review import resolve
from lead_agent.slack import SlackNotifier, build_slack_app, check_sla

from .fakes.slack_server import channel_id
from .test_owners import CONTACTS, SECRET, DownMailer, T, World, block_actions, click, hub_world, physio

DANA_ID, SAM_ID, LUIS_ID = '31415926', '27182818', '14142135'


@pytest.fixture
def world(policy: Policy, sqlite_url: str) -> Iterator[World]:
    """As `test_owners.hub` (named apart: a fixture imported by its name is redefined by each test's argument)."""
    with hub_world(policy, sqlite_url) as w:
        yield w


def _patches(world: World) -> list[str]:
    assert world.hubspot is not None
    return [r.body['properties']['hubspot_owner_id'] for r in world.hubspot.requests if r.method == 'PATCH']


def _row(world: World, run_id: str, kind: str = 'slack_summary') -> Any:
    notifier = world.deps.notifier
    assert isinstance(notifier, SlackNotifier)
    return slack_mod._find(notifier.db, run_id, kind)  # pyright: ignore[reportPrivateUsage]


async def _failed_run(world: World) -> tuple[Any, Any, Any, Any]:
    """A physio lead routed to sales (Dana) whose acknowledgement failed: contact and summary made, run `failed`."""
    mailer = DownMailer(world.deps.mailer)
    deps = replace(world.deps, mailer=mailer)
    app = build_slack_app(deps, signing_secret=SECRET, process_before_response=True)
    from lead_agent import triage

    rec = await triage(physio(), deps)
    assert rec.state == 'failed' and rec.owner is not None and rec.owner.owner == 'Dana Kim'
    return rec, deps, app, mailer


# --- D7 × keep_taker: extra CRM PATCHes, and a CRM left on the pick ---------------------------------------------------
async def test_a_same_team_approval_after_a_take_sends_no_owner_patch_to_the_pick(world: World) -> None:
    """Sam took the lead of a failed run; a reviewer approves it for the SAME team. `route` compares the pick (Dana)
    with `rec.owner` (Sam, the taker) and PATCHes the contact to Dana (act.crm_owner); `keep_taker` then PATCHes it
    back to Sam. Two needless PATCHes, and for a moment HubSpot names (and notifies) Dana."""
    rec, deps, app, mailer = await _failed_run(world)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    assert _patches(world) == [SAM_ID]
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.state == 'routed_sales' and approved.owner is not None and approved.owner.owner == 'Sam Patel'
    # (keep_taker's own PATCH to Sam again is redundant but harmless; the PATCH to Dana is the defect)
    assert DANA_ID not in _patches(world)  # was [SAM, DANA, SAM]


async def test_a_same_team_approval_after_a_take_keeps_the_takers_crm_owner_when_hubspot_hiccups(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """As above, with HubSpot refusing one PATCH (a 429/5xx) after the approval's first: `route`'s PATCH to the pick
    went through, `keep_taker`'s PATCH back to the taker (no retry) did not. The run and Slack say Sam; HubSpot says
    Dana, whom nobody chose."""
    rec, deps, app, mailer = await _failed_run(world)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    real = HubSpotCRM.set_owner
    calls = {'n': 0}

    async def flaky(self: HubSpotCRM, contact_id: str, owner: Assignment) -> None:
        calls['n'] += 1
        if calls['n'] == 2:  # the approval's second PATCH
            raise LeadAgentError('hubspot: 429 rate limited')
        await real(self, contact_id, owner)

    monkeypatch.setattr(HubSpotCRM, 'set_owner', flaky)
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.owner is not None and approved.owner.owner == 'Sam Patel'
    assert world.hubspot is not None
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == SAM_ID  # was Dana's


# --- D7: a Take made while the move is posting ---------------------------------------------------------------------
async def test_a_take_during_a_move_is_not_undone_by_the_new_post(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """`_move` reads the row (untaken), posts to #support-queue with a live Take button, then `_moved` overwrites
    the row's channel, ts and blocks unconditionally. Sam's Take lands between the two: it is recorded (taken_by),
    but the run's post is now the new one, which shows a live Take button, no 'Taken by', and the pick's name; the
    old post, where Sam saw 'Taken by', is overwritten with 'Moved to'."""
    rec, deps, app, mailer = await _failed_run(world)
    real_post = slack_mod._post  # pyright: ignore[reportPrivateUsage]
    done = {'clicked': False}

    async def post_then_take(client: Any, channel: str, text: str, blocks: Any = None, thread_ts: Any = None) -> Any:
        out = await real_post(client, channel, text, blocks, thread_ts)
        if channel == '#support-queue' and not done['clicked']:
            done['clicked'] = True
            assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
        return out

    monkeypatch.setattr(slack_mod, '_post', post_then_take)
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert done['clicked'] and approved.owner is not None and approved.owner.owner == 'Sam Patel'
    row = _row(world, rec.run_id)
    assert row.taken_by == 'U0SAMPATEL'
    current = world.slack.message(row.channel, row.ts)
    assert current is not None
    assert 'take_lead' not in json.dumps(current['blocks'])  # was a live Take button on a taken lead
    assert 'Taken by' in json.dumps(current['blocks'])


# --- D7 × SLA: the escalation after a move -------------------------------------------------------------------------
async def test_an_escalation_after_a_move_is_not_claimed_again(world: World) -> None:
    """The #sales-leads post was escalated to #founder-deals; then the run was approved for support. `_moved` reset
    `escalated_at`, so check_sla claimed and reported a second escalation, which `_post_once` never posted (the run
    has one escalation row). A lead is escalated once: the move keeps the stamp, and closes the escalation post."""
    rec, deps, _, mailer = await _failed_run(world)
    notifier = deps.notifier
    assert isinstance(notifier, SlackNotifier)
    db, client, policy = notifier.db, notifier.client, deps.policy
    first = await check_sla(db, client, policy, T + timedelta(minutes=31))
    assert (rec.run_id, 'escalated') in first
    mailer.down = False
    await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    second = await check_sla(db, client, policy, T + timedelta(minutes=31))
    assert (rec.run_id, 'escalated') not in second
    escalations = [p for p in world.slack.calls('chat.postMessage') if p['channel'] == '#founder-deals']
    assert len(escalations) == 1


async def test_a_move_closes_the_runs_live_escalation_post(world: World) -> None:
    """After the move the escalation post in #founder-deals still carries the first post's blocks: Dana as owner,
    'in #sales-leads', and a live Take button; nothing updates it."""
    rec, deps, _, mailer = await _failed_run(world)
    notifier = deps.notifier
    assert isinstance(notifier, SlackNotifier)
    await check_sla(notifier.db, notifier.client, deps.policy, T + timedelta(minutes=31))
    mailer.down = False
    await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    esc = _row(world, rec.run_id, 'slack_escalation')
    post = world.slack.message(esc.channel, esc.ts)
    assert post is not None
    text = json.dumps(post['blocks'])
    assert not ('take_lead' in text and 'Dana Kim' in text)  # was the stale owner with a live button


# --- D8 × escalation: the 'click again' button outlives the fix ----------------------------------------------------
async def test_the_takers_second_click_closes_the_escalation_post_too(world: World) -> None:
    """D8: the taker's first click (CRM refused) updates the summary AND the escalation post with the button kept
    and 'the CRM owner was not changed: click again'. The second click (not `won`) gets only the summary row from
    `_take`, so the escalation post keeps the button and the false 'not changed' note forever."""
    from lead_agent import triage

    rec = await triage(physio(), world.deps)
    assert rec.state == 'routed_sales'
    notifier = world.deps.notifier
    assert isinstance(notifier, SlackNotifier)
    assert (rec.run_id, 'escalated') in await check_sla(notifier.db, notifier.client, world.deps.policy,
                                                        T + timedelta(minutes=31))
    assert world.hubspot is not None
    [contact] = world.hubspot.contacts
    world.hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=403, times=None)
    sam = block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')
    assert await click(world.app, sam) == 200
    world.hubspot.clear_faults()
    assert await click(world.app, sam) == 200
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == SAM_ID
    row = _row(world, rec.run_id)
    summary = world.slack.message(row.channel, row.ts)
    assert summary is not None and 'take_lead' not in json.dumps(summary['blocks'])
    esc = _row(world, rec.run_id, 'slack_escalation')
    post = world.slack.message(esc.channel, esc.ts)
    assert post is not None
    assert 'take_lead' not in json.dumps(post['blocks'])  # was still a button
    assert 'was not changed' not in json.dumps(post['blocks'])  # was still saying the owner was not changed


# --- D7 × erasure --------------------------------------------------------------------------------------------------
async def test_erasure_lists_the_moved_from_post_too(world: World) -> None:
    """`_moved` overwrites the row's channel and ts: the first post (#sales-leads, with the lead's name, company and
    message summary, now closed with 'Moved to') is forgotten. `erase_email` reports '(channel, ts) of every Slack
    message posted about the runs' for a person to delete; the first post is missing, so personal data stays."""
    rec, deps, _, mailer = await _failed_run(world)
    [first] = [p for p in world.slack.calls('chat.postMessage') if p['channel'] == '#sales-leads']
    mailer.down = False
    await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert 'Tom' in json.dumps(first['blocks']) or 'NorthPeak' in json.dumps(first['blocks'])
    done = await erase_email(deps.db, 'tom@northpeakpt.com', by='dpo', now=T + timedelta(days=1))
    channels = [c for c, _ in done.slack]
    assert channel_id('#support-queue') in channels
    assert channel_id('#sales-leads') in channels  # was missing


# --- D7 × runs retry (durable) -------------------------------------------------------------------------------------
async def test_runs_retry_refuses_a_run_whose_last_attempt_was_a_persons_approval(tmp_path: Path) -> None:
    """A run routed to sales fails at its Slack summary (contact made with Dana). A reviewer approves it for support:
    the approval sets the contact's owner to Luis, then fails too (Slack down again) and the item is reopened.
    `runs retry` resumed the ORIGINAL workflow (sales) and recorded `routed_sales` with Dana, over the person's
    decision, leaving HubSpot on Luis. It is now refused, naming the approval to repeat; approving again routes the
    lead to support, in HubSpot and Slack."""
    from lead_agent.runs import Engine

    from .test_durability import FakeHubSpot, FakeSlackServer, Vendors, _deps, serve, server_error  # pyright: ignore[reportPrivateUsage]

    for smtp in serve(auth_require_tls=False):
        with FakeHubSpot('pat-local') as hubspot, FakeSlackServer() as slack:
            vendors = Vendors(hubspot, slack, smtp)
            db_url = f'sqlite:///{tmp_path / "runs.db"}'
            env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
            slack.script(server_error(500, method='chat.postMessage'))  # the sales summary
            deps = _deps(db_url, env)
            lead = physio()
            try:
                async with Engine(deps) as engine:
                    run_id = await engine.submit(lead)
                    failed = await engine.result(run_id)
                    assert failed.state == 'failed' and failed.owner is not None
                    assert failed.owner.owner == 'Dana Kim'
                    slack.script(server_error(500, method='chat.postMessage'))  # the support summary
                    approved = await resolve(run_id, 'approve', deps, to='support', by='luis')
                    assert approved.state == 'failed'
                    with pytest.raises(LeadAgentError, match=r"failed in a person's approval; approve it again .*"
                                                             r'--to support'):
                        await engine.retry(run_id)
                    again = await resolve(run_id, 'approve', deps, to='support', by='luis')
            finally:
                deps.db.dispose()
            assert again.state == 'routed_support' and again.owner is not None
            assert again.owner.owner == 'Luis Ortega'
            assert hubspot.contacts[0]['properties']['hubspot_owner_id'] == LUIS_ID
            summaries = [p['channel'] for p in slack.calls('chat.postMessage') if p['text'].startswith('New ')]
            assert summaries == ['#sales-leads', '#support-queue', '#support-queue']  # the two 500s, then the post


# --- D7 × a Take before an approval for another team ---------------------------------------------------------------
async def test_an_approval_for_another_team_after_a_take_keeps_the_taker_everywhere(world: World) -> None:
    """Sam took the failed run's lead in #sales-leads; a reviewer approves it for support. `route` PATCHes the
    contact to Luis (was=Sam != pick), posts the moved summary naming '*Owner:* Luis Ortega' with 'Taken by Sam',
    then `keep_taker` PATCHes the contact back to Sam: HubSpot saw Sam, Luis, Sam, and the new post names the wrong
    owner for good (the record says Sam)."""
    rec, deps, app, mailer = await _failed_run(world)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert approved.owner is not None and approved.owner.owner == 'Sam Patel'
    assert LUIS_ID not in _patches(world)  # was [SAM, LUIS, SAM]
    [moved] = [p for p in world.slack.calls('chat.postMessage') if p['channel'] == '#support-queue']
    assert 'Taken by' in json.dumps(moved['blocks'])
    assert 'Luis Ortega' not in json.dumps(moved['blocks'])  # was '*Owner:* Luis Ortega (round robin)'


# --- D7 × a policy that names the same channel another way ----------------------------------------------------------
async def test_a_policy_naming_the_same_channel_by_its_id_does_not_post_the_summary_twice(world: World) -> None:
    """The policy now names #sales-leads by its id (as Slack recommends: names change). `_post_once` compares the
    stored `target` ('#sales-leads') with the string asked for, so a same-team approval 'moves' the summary into the
    channel it is already in: a second post with a live Take button, and the first one says 'Moved to C...'."""
    rec, deps, _, mailer = await _failed_run(world)
    sales_id = channel_id('#sales-leads')
    routing = {**deps.policy.routing, 'sales': deps.policy.routing['sales'].model_copy(update={'slack_channel': sales_id})}
    deps = replace(deps, policy=deps.policy.model_copy(update={'routing': routing}))
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.state == 'routed_sales'
    summaries = [p for p in world.slack.calls('chat.postMessage') if channel_id(p['channel']) == sales_id]
    assert len(summaries) == 1  # was 2 in the same channel


# --- D7 × SLA: a move while check_sla walks its rows ---------------------------------------------------------------
async def test_a_reping_claimed_after_a_move_goes_to_the_new_post(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """check_sla reads the untaken rows, then claims and posts each in turn (a long walk when many are due). A move
    between the read and the claim: `_moved` cleared `repinged_at`, so the stale row's claim wins, and the re-ping is
    posted in the thread of the OLD post (now 'Moved to #support-queue'); the new post's re-ping is used up."""
    rec, deps, _, mailer = await _failed_run(world)
    notifier = deps.notifier
    assert isinstance(notifier, SlackNotifier)
    real_claim = slack_mod._claim_step  # pyright: ignore[reportPrivateUsage]
    moved = {'done': False}
    mailer.down = False

    def claim_after_a_move(db: Any, row_id: int, ts: str, column: str, now: Any) -> bool:
        if not moved['done']:
            moved['done'] = True
            import asyncio
            import threading

            box: dict[str, Any] = {}
            t = threading.Thread(target=lambda: box.update(r=asyncio.run(
                resolve(rec.run_id, 'approve', deps, to='support', by='luis'))))
            t.start()
            t.join()
            assert box['r'].state == 'routed_support'
        return real_claim(db, row_id, ts, column, now)

    monkeypatch.setattr(slack_mod, '_claim_step', claim_after_a_move)
    done = await check_sla(notifier.db, notifier.client, deps.policy, T + timedelta(minutes=16))
    assert done == []  # the row read before the move is not claimed: its post has moved
    assert [p for p in world.slack.calls('chat.postMessage') if p.get('thread_ts')] == []
    again = await check_sla(notifier.db, notifier.client, deps.policy, T + timedelta(minutes=16))
    assert again == [(rec.run_id, 'repinged')]
    [reping] = [p for p in world.slack.calls('chat.postMessage') if p.get('thread_ts')]
    assert reping['channel'] == channel_id('#support-queue')
