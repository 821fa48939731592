"""A failed run approved for another team moves its Slack summary and its contact's owner (helper-59 D7); a Take
whose CRM owner change failed keeps its button for the taker (D8). helper-63's attack on both, then helper-64's on
the fixes, then helper-65's on those: each test names what it found (what happened before the fix), and asserts what happens now.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lead_agent import LeadAgentError, Policy
from lead_agent import slack as slack_mod
from lead_agent.crm.hubspot import HubSpotCRM
from lead_agent.erase import erase_email
from lead_agent.models import Assignment
from lead_agent.review import resolve
from lead_agent.slack import SlackNotifier, build_slack_app, check_sla
from lead_agent.store._schema import slack_messages

from .fakes.slack_server import channel_id, server_error
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

    async def post_then_take(client: Any, channel: str, text: str, blocks: Any = None, thread_ts: Any = None,
                            **kw: Any) -> Any:
        out = await real_post(client, channel, text, blocks, thread_ts, **kw)
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
    def sam() -> str:  # a click: each is its own request
        return block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')

    assert await click(world.app, sam()) == 200
    world.hubspot.clear_faults()
    assert await click(world.app, sam()) == 200
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
            deps = replace(_deps(db_url, env), now=lambda: T)  # Dana at work (a real clock routes by the hour)
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
                    with pytest.raises(LeadAgentError, match=r"in a person's approval, or failed in one; .* approve it again .*"
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
    import asyncio

    real_claim = slack_mod._claim_step  # pyright: ignore[reportPrivateUsage]
    moved = {'done': False}
    mailer.down = False
    loop = asyncio.get_running_loop()

    def claim_after_a_move(db: Any, row_id: int, ts: str, column: str, now: Any) -> bool:
        # The claim runs in a database thread while check_sla awaits it: the approval runs to its end on the test's
        # own loop meanwhile (not on a loop of its own in yet another thread, whose clients and pools belong to the
        # first: CI once saw the approval end 'failed' that way).
        if not moved['done']:
            moved['done'] = True
            approved = asyncio.run_coroutine_threadsafe(
                resolve(rec.run_id, 'approve', deps, to='support', by='luis'), loop).result(timeout=60)
            assert approved.state == 'routed_support', approved.errors
        return real_claim(db, row_id, ts, column, now)

    monkeypatch.setattr(slack_mod, '_claim_step', claim_after_a_move)
    done = await check_sla(notifier.db, notifier.client, deps.policy, T + timedelta(minutes=16))
    assert done == []  # the row read before the move is not claimed: its post has moved
    assert [p for p in world.slack.calls('chat.postMessage') if p.get('thread_ts')] == []
    again = await check_sla(notifier.db, notifier.client, deps.policy, T + timedelta(minutes=16))
    assert again == [(rec.run_id, 'repinged')]
    [reping] = [p for p in world.slack.calls('chat.postMessage') if p.get('thread_ts')]
    assert reping['channel'] == channel_id('#support-queue')


# --- helper-64, attacking the fixes above -----------------------------------------------------------------------------
# --- 1. D8 x D7: a Take whose CRM change failed, then an approval for another team ----------------------------------
async def test_a_take_whose_crm_change_failed_is_not_lost_when_an_approval_moves_the_lead(world: World) -> None:
    """Sam takes the failed run's lead; HubSpot refuses the PATCH, so the post keeps its button ('click again', D8).
    A reviewer then approves the run for support. `route` keeps the taker (`was.reason == 'taken'`), so owner == was
    and no act.crm_owner runs; `keep_taker` sees rec.owner already the taker and returns without a PATCH. `_move`
    posts the new summary as taken WITHOUT buttons and closes the old post (the one with the retry button) with
    'Moved to'. HubSpot keeps Dana (whom nobody chose) and nothing is left to click to fix it."""
    rec, deps, app, mailer = await _failed_run(world)
    assert world.hubspot is not None
    [contact] = world.hubspot.contacts
    world.hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    world.hubspot.clear_faults()  # HubSpot is back
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert approved.state == 'routed_support' and approved.owner is not None and approved.owner.owner == 'Sam Patel'
    row = _row(world, rec.run_id)
    current = world.slack.message(row.channel, row.ts)
    assert current is not None
    owner_in_crm = world.hubspot.contacts[0]['properties']['hubspot_owner_id']
    # Either the approval set the taker as the CRM owner, or the taker still has a button to do it with.
    assert owner_in_crm == SAM_ID or 'take_lead' in json.dumps(current['blocks']), \
        f'HubSpot owner {owner_in_crm} (Dana={DANA_ID}), and the moved post has no button left'


async def test_a_take_whose_crm_change_failed_is_retried_by_a_same_team_approval(world: World) -> None:
    """As above, approved for the SAME team: the approval (HubSpot back) writes no owner either, though the run and
    the post say Sam. (The post keeps its 'click again' button here, so this is the milder form.)"""
    rec, deps, app, mailer = await _failed_run(world)
    assert world.hubspot is not None
    [contact] = world.hubspot.contacts
    world.hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    world.hubspot.clear_faults()
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.state == 'routed_sales' and approved.owner is not None and approved.owner.owner == 'Sam Patel'
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == SAM_ID


# --- 2. erasure: the checkpoints of a retry of a retry ---------------------------------------------------------------
async def test_an_erasure_forgets_every_retry_of_a_run_not_only_the_first(tmp_path: Path) -> None:
    """`Engine.retry` forks the LATEST execution (`{run}.retry2` is forked from `{run}.retry1`), but
    `erase._forget` looks for `forked_from=run_ids` only: the second retry's checkpoints (its input, copied from the
    run, holds the lead: name, email, message) are neither deleted nor listed as running. `lead-agent erase` says
    'workflows 2' and the person's data stays in the engine's tables."""
    from lead_agent.erase import erase_email, forget_workflows
    from lead_agent.runs import Engine

    from .test_durability import FakeHubSpot, FakeSlackServer, Vendors, _deps, _leads, serve  # pyright: ignore[reportPrivateUsage]

    for smtp in serve(auth_require_tls=False):
        with FakeHubSpot('pat-local') as hubspot, FakeSlackServer() as slack:
            vendors = Vendors(hubspot, slack, smtp)
            db_url = f'sqlite:///{tmp_path / "runs.db"}'
            env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
            slack.script(*[server_error(500, method='chat.postMessage')] * 20)  # Slack down
            deps = replace(_deps(db_url, env), now=lambda: T)  # Dana at work (a real clock routes by the hour)
            lead = _leads()[0]
            try:
                async with Engine(deps) as engine:
                    run_id = await engine.submit(lead)
                    assert (await engine.result(run_id)).state == 'failed'
                    first = await engine.retry(run_id)
                    assert (await engine.result(first, run_id=run_id)).state == 'failed'
                    slack.clear_faults()  # Slack is back
                    second = await engine.retry(run_id)
                    ended = await engine.result(second, run_id=run_id)
                    assert ended.state in ('routed_sales', 'failed'), ended.errors  # it has ended, either way
                    done = await erase_email(deps.db, lead.email, by='dpo', now=deps.now())
                    forgotten = await forget_workflows(deps.db, done.run_ids)
                    # Only the retries' later note check, not due yet: cancelled now, forgotten by the next call.
                    assert forgotten.running == [f'{run_id}.notes0']
                    assert (await forget_workflows(deps.db, forgotten.running)).running == []
                    left = await engine.client.list_workflows_async(workflow_ids=[run_id, first, second],
                                                                    load_input=True, load_output=False)
            finally:
                deps.db.dispose()
            kept = [w.workflow_id for w in left if lead.email in repr(w.input)]
            assert kept == []  # was [run.retry2]: its checkpoints keep the lead


# --- 3. PostgreSQL: a channel name as long as Slack allows ------------------------------------------------------------
async def test_a_summary_to_an_80_character_channel_is_recorded_on_postgres(policy: Policy,
                                                                           postgres_database: str) -> None:
    """Slack channel names are up to 80 characters, and the policy accepts `#` + 80 (`^#?[a-z0-9_-]{1,80}$`), but
    `slack_messages.target` (0010) is VARCHAR(80). On PostgreSQL the row of a post Slack already took is refused
    (StringDataRightTruncation, not the IntegrityError `_insert` handles): the summary step fails after posting,
    the run fails, and every approval or retry posts it again (SQLite does not enforce the length)."""
    from lead_agent import triage

    long = '#' + 'a' * 80
    data = policy.model_dump(mode='json')
    data['routing']['sales']['slack_channel'] = long
    long_policy = Policy.model_validate(data)  # the policy accepts it
    assert long_policy.routing['sales'].slack_channel == long
    with hub_world(long_policy, postgres_database) as w:
        rec = await triage(physio(), w.deps)
        summaries = [p for p in w.slack.calls('chat.postMessage') if p['text'].startswith('New ')]
        assert len(summaries) == 1
        assert rec.state == 'routed_sales', rec.errors


# --- 4. SLA: an escalation posting while the summary moves -----------------------------------------------------------
async def test_an_escalation_posted_while_the_summary_moves_is_closed_too(world: World,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """check_sla claims the escalation on the #sales-leads post and posts it to #founder-deals (the summary's blocks:
    Dana, 'in #sales-leads', a live Take button). A reviewer's approval for support lands during that post: `_move`
    looks for the run's escalation row, finds none yet (`_post_once` inserts it after Slack answers), and closes only
    the first post. The escalation row is then inserted, and its post stays live with the stale owner and channel;
    no later move or check_sla touches it (the stamp is kept, a lead escalates once)."""
    rec, deps, _, mailer = await _failed_run(world)
    notifier = deps.notifier
    assert isinstance(notifier, SlackNotifier)
    real_post = slack_mod._post  # pyright: ignore[reportPrivateUsage]
    state = {'moved': False}
    mailer.down = False

    async def post_and_move(client: Any, channel: str, text: str, blocks: Any = None, thread_ts: Any = None,
                           **kw: Any) -> Any:
        out = await real_post(client, channel, text, blocks, thread_ts, **kw)
        if channel == '#founder-deals' and not state['moved']:
            state['moved'] = True
            approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
            assert approved.state == 'routed_support'
        return out

    monkeypatch.setattr(slack_mod, '_post', post_and_move)
    done = await check_sla(notifier.db, notifier.client, deps.policy, T + timedelta(minutes=31))
    assert state['moved'] and (rec.run_id, 'escalated') in done
    esc = _row(world, rec.run_id, 'slack_escalation')
    post = world.slack.message(esc.channel, esc.ts)
    assert post is not None
    text = json.dumps(post['blocks'])
    assert not ('take_lead' in text and 'Dana Kim' in text), 'the escalation post still shows Dana with a live button'



# --- 5. D7: an owner change that failed is never tried again -----------------------------------------------------------
async def test_a_second_approval_sets_the_crm_owner_the_first_could_not(world: World) -> None:
    """A reviewer approves the failed run for support: HubSpot refuses the owner PATCH (noted, 'the CRM owner was not
    changed') and the acknowledgement fails again, so the run is `failed` and back in the queue. The second approval
    for support (HubSpot and SMTP back) compares the pick (Luis, the same: the pick is kept by run id) with
    `rec.owner` (Luis, set by the first approval although HubSpot refused it): equal, so no act.crm_owner. The run
    is routed to support with Luis; HubSpot keeps Dana for good, and nothing says so any more."""
    rec, deps, _, mailer = await _failed_run(world)
    assert world.hubspot is not None
    [contact] = world.hubspot.contacts
    world.hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
    first = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert first.state == 'failed' and any('CRM owner was not changed' in e for e in first.errors)
    world.hubspot.clear_faults()
    mailer.down = False
    second = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert second.state == 'routed_support' and second.owner is not None and second.owner.owner == 'Luis Ortega'
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == LUIS_ID  # was Dana's


# --- 6. erasure: waiting for an execution nothing will run -------------------------------------------------------------
def test_cli_erase_does_not_wait_forever_for_a_run_no_worker_will_pick_up(tmp_path: Path) -> None:
    """4108d21: `lead-agent erase` waits for the person's executions still ENQUEUED or PENDING to end. A lead the
    host accepted while no worker runs (workers stopped for maintenance, or the worker that had it died and none
    recovers it) never ends: `erase --yes` (a DPO's script, a cron) polls every second, forever, with no limit
    and no option to leave them listed. The erasure should finish, naming the executions it could not delete."""
    import os
    import subprocess
    import sys

    from .helpers import EXAMPLES
    from .test_durability import FakeHubSpot, FakeSlackServer, Vendors, _accept, _leads, serve  # pyright: ignore[reportPrivateUsage]

    for smtp in serve(auth_require_tls=False):
        with FakeHubSpot('pat-local') as hubspot, FakeSlackServer() as slack:
            vendors = Vendors(hubspot, slack, smtp)
            db_url = f'sqlite:///{tmp_path / "runs.db"}'
            env = vendors.env(db_url)
            lead = _leads()[0]
            import asyncio

            [run_id] = asyncio.run(_accept(db_url, env, [lead]))  # queued; no worker is running
            try:
                out = subprocess.run([sys.executable, '-m', 'lead_agent.cli', 'erase', '--email', lead.email, '--yes',
                                      '--by', 'dpo'], env={**env, 'PYTHONPATH': os.environ.get('PYTHONPATH', '')},
                                     cwd=EXAMPLES.parent, capture_output=True, timeout=30)
            except subprocess.TimeoutExpired as e:
                raise AssertionError(f'`lead-agent erase --yes` still waiting after 30 s for {run_id[:12]}: '
                                     f'{(e.stderr or b"").decode(errors="replace")[-300:]}') from None
            assert out.returncode == 0


# --- 7. a Take's save over an approval's ------------------------------------------------------------------------------
async def test_a_take_read_before_an_approval_does_not_undo_the_approval(world: World,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`slack._own` reads the run, works out the taker's assignment from it and then writes the owner. An approval
    that routes and saves between that read and that write must not be undone: it was (the Take saved the WHOLE record
    it read), leaving the run `failed` again with the first attempt's actions, although the review item is `approved`
    (so it is in no queue), the lead sits in #support-queue and HubSpot was told. (The reverse order is handled:
    `keep_taker` before the approval's save.)

    The approval runs to its end right after `_own`'s read, on the same event loop, before the Take goes on with the
    record it read (as a slow database would hold it there)."""
    import sys

    rec, deps, app, mailer = await _failed_run(world)
    mailer.down = False
    real = deps.runs.get
    state: dict[str, Any] = {'approved': None, 'started': False}

    async def read_then_approve(run_id: str) -> Any:
        read = await real(run_id)
        if not state['started'] and sys._getframe(1).f_code.co_name == '_own':  # pyright: ignore[reportPrivateUsage]
            state['started'] = True
            state['approved'] = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
        return read

    monkeypatch.setattr(deps.runs, 'get', read_then_approve)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    approved: Any = state['approved']
    assert approved is not None and approved.state == 'routed_support', approved and approved.errors
    after = await deps.runs.get(rec.run_id)
    assert after is not None
    assert after.state == 'routed_support', f'the run is {after.state} again; its review item is approved'


# --- 8. D7: another team that shares the channel ------------------------------------------------------------------------
async def test_an_approval_for_a_team_sharing_the_channel_updates_the_posts_owner(policy: Policy,
                                                                                  sqlite_url: str) -> None:
    """A policy whose sales and support teams share one channel (a small company's '#leads'). A failed run approved
    for support: the contact gets Luis (act.crm_owner), the run says Luis, but `_post_once` sees the same channel and
    returns the existing post, which keeps '*Owner:* Dana Kim (round robin) · sales' and its Take button for good."""
    data = policy.model_dump(mode='json')
    data['routing']['support']['slack_channel'] = data['routing']['sales']['slack_channel']
    shared = Policy.model_validate(data)
    with hub_world(shared, sqlite_url) as w:
        rec, deps, _, mailer = await _failed_run(w)
        mailer.down = False
        approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
        assert approved.state == 'routed_support' and approved.owner is not None
        assert approved.owner.owner == 'Luis Ortega'
        assert w.hubspot is not None and w.hubspot.contacts[0]['properties']['hubspot_owner_id'] == LUIS_ID
        row = _row(w, rec.run_id)
        post = w.slack.message(row.channel, row.ts)
        assert post is not None
        text = json.dumps(post['blocks'])
        assert 'Dana Kim' not in text, 'the post still names Dana (sales) as the owner'


# --- 9. runs retry after an approval killed before its record ---------------------------------------------------------
async def test_runs_retry_after_a_cut_off_approval_for_another_team_does_not_route_over_it(tmp_path: Path) -> None:
    """9b88506 refuses `runs retry` when the run's RECORD says its last attempt was a person's approval. An approval
    killed after acting (contact's owner PATCHed to Luis, summary moved to #support-queue) but before its record is
    saved leaves the record as the model left it; the cut-off job reopens the item, and `runs retry` is then allowed:
    it resumes the model's route (its summary step moves the post back to #sales-leads) and records `routed_sales`
    with Dana, while HubSpot keeps Luis, and the person's decision is gone (helper-63's HIGH (1), by another way in).
    Either refusing the retry or the run and HubSpot agreeing is right."""
    import asyncio

    from lead_agent.runs import Engine

    from .test_durability import FakeHubSpot, FakeSlackServer, Vendors, _deps, serve  # pyright: ignore[reportPrivateUsage]

    for smtp in serve(auth_require_tls=False):
        with FakeHubSpot('pat-local') as hubspot, FakeSlackServer() as slack:
            vendors = Vendors(hubspot, slack, smtp)
            db_url = f'sqlite:///{tmp_path / "runs.db"}'
            env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
            deps = replace(_deps(db_url, env), now=lambda: T)  # Dana at work (a real clock routes by the hour)
            lead = physio()
            try:
                async with Engine(deps) as engine:
                    slack.script(server_error(500, method='chat.postMessage'))  # the sales summary
                    run_id = await engine.submit(lead)
                    failed = await engine.result(run_id)
                    assert failed.state == 'failed' and failed.owner is not None and failed.owner.owner == 'Dana Kim'
                    real_save = deps.runs.save

                    async def killed(rec: Any) -> None:  # the approval's process dies before its last record
                        raise asyncio.CancelledError  # (its decision, written before it acts, is not a save)

                    deps.runs.save = killed  # type: ignore[method-assign]
                    with pytest.raises(asyncio.CancelledError):
                        await resolve(run_id, 'approve', deps, to='support', by='luis')
                    deps.runs.save = real_save  # type: ignore[method-assign]
                    assert hubspot.contacts[0]['properties']['hubspot_owner_id'] == LUIS_ID  # it acted
                    # What the cut-off job does once the approval's bound has passed.
                    await deps.review.reopen(run_id, 'the approval did not finish', deps.now(), was='approved')
                    try:
                        fork = await engine.retry(run_id)
                    except Exception:  # refused: what a person decided is not overridden
                        return
                    retried = await engine.result(fork, run_id=run_id)
            finally:
                deps.db.dispose()
            assert retried.owner is not None
            crm = hubspot.contacts[0]['properties']['hubspot_owner_id']
            assert (retried.state, retried.owner.owner, crm) in (('routed_support', 'Luis Ortega', LUIS_ID),
                                                                 ('routed_sales', 'Dana Kim', DANA_ID)), \
                f'the run says {retried.state} with {retried.owner.owner}; HubSpot says {crm}'


# --- 10. a Take on the post the lead moved from -----------------------------------------------------------------------
async def test_a_click_on_the_post_the_lead_moved_from_does_not_take_it(world: World) -> None:
    """Slack refuses (once) the update that closes the #sales-leads post after the move: logged, 'the new post
    stands', but the first post keeps its live Take button. `_take` claims by run id whatever message was clicked, so
    Dana, in sales, takes the lead a person sent to support: owner Dana, HubSpot Dana. The click's message
    (`container.message_ts`) is not the run's post any more, and is not checked."""
    rec, deps, app, mailer = await _failed_run(world)
    old = _row(world, rec.run_id)
    world.slack.script(server_error(500, method='chat.update'))  # the first post's close
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert approved.state == 'routed_support'
    stale = world.slack.message(old.channel, old.ts)
    assert stale is not None and 'take_lead' in json.dumps(stale['blocks'])  # the refused close left the button
    await click(app, block_actions('take_lead', rec.run_id, user='U0DANAKIM', username='dana', channel=old.channel,
                                   message_ts=old.ts))
    after = await deps.runs.get(rec.run_id)
    assert after is not None and after.owner is not None
    assert after.owner.owner == 'Luis Ortega', f'{after.owner.owner} took the support lead from the old sales post'


# --- helper-65, attacking the fixes above -----------------------------------------------------------------------------
# --- 1. _restate writes an erased person's lead back -------------------------------------------------------------------
async def test_a_summary_step_run_again_after_an_erasure_does_not_write_the_lead_back(world: World) -> None:
    """`lead-agent erase` redacts the run's slack_messages row (blocks '[]') and then waits for the person's
    executions still going. One of them runs its `act.slack_summary` step again with its checkpointed input (the
    full lead): a worker killed between the post and the step's checkpoint, recovered by another. Before e211407
    `_post_once` found the row and returned its ref. Now `row.blocks ('[]') != json.dumps(blocks)`, so `_restate`
    chat.updates the post with the lead, and `_restated` writes the name, company and summary back into
    `slack_messages.blocks`, after the erasure, listed nowhere."""
    from lead_agent import triage

    rec = await triage(physio(), world.deps)
    assert rec.state == 'routed_sales' and rec.lead is not None
    await erase_email(world.deps.db, 'tom@northpeakpt.com', by='dpo', now=T + timedelta(days=1))
    updates = len(world.slack.calls('chat.update'))
    notifier = world.deps.notifier
    assert isinstance(notifier, SlackNotifier)
    # the step run again, with what the run's checkpoint holds
    await notifier.post_summary(rec.run_id, rec.lead, rec.classification, rec.decision, '#sales-leads', None,  # type: ignore[arg-type]
                                owner=rec.owner)
    with world.deps.db.engine.connect() as conn:
        [blocks] = conn.execute(select(slack_messages.c.blocks).where(slack_messages.c.run_id == rec.run_id)).scalars()
    assert 'NorthPeak' not in blocks and 'Tom' not in blocks, f'erased row holds the lead again: {blocks[:200]}'
    assert len(world.slack.calls('chat.update')) == updates  # nor is the listed-for-deletion post rewritten


# --- 2. `_restate` removes the D8 'click again' button while the CRM owner is still wrong ----------------------------
async def test_a_same_team_approval_does_not_drop_the_click_again_button_of_an_existing_contact(world: World) -> None:
    """The lead's contact existed in HubSpot (Dana's). The run fails (acknowledgement), Sam takes the lead, HubSpot
    refuses the PATCH: the post keeps its button ('the CRM owner was not changed: click again', D8). A reviewer
    approves the run for the same team. `route` keeps the taker but writes no owner (the contact was not MADE by
    this run: `_contact_made` is None), `keep_taker` sees rec.owner == taker and returns; then `_post_once` sees
    different blocks ('*Owner:* Sam Patel (taken)'), and `_restate` rewrites the post as taken WITHOUT buttons.
    HubSpot keeps Dana, and nothing is left to click to fix it (before e211407 the post kept its button)."""
    assert world.hubspot is not None
    world.hubspot.add_contact('tom@northpeakpt.com', hubspot_owner_id=DANA_ID, firstname='Tom')
    rec, deps, app, mailer = await _failed_run(world)
    [contact] = world.hubspot.contacts
    world.hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    row = _row(world, rec.run_id)
    shown = world.slack.message(row.channel, row.ts)
    assert shown is not None and 'take_lead' in json.dumps(shown['blocks'])  # D8: click again
    world.hubspot.clear_faults()
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.state == 'routed_sales' and approved.owner is not None and approved.owner.owner == 'Sam Patel'
    owner_in_crm = world.hubspot.contacts[0]['properties']['hubspot_owner_id']
    shown = world.slack.message(row.channel, row.ts)
    assert shown is not None
    assert owner_in_crm == SAM_ID or 'take_lead' in json.dumps(shown['blocks']), \
        f'HubSpot owner {owner_in_crm} (Dana={DANA_ID}) and the post lost its click-again button'


# --- 3. `_refuse_moved_from` does not cover the escalation post ---------------------------------------------------------
async def test_a_take_on_the_escalation_of_a_moved_lead_is_refused_too(world: World) -> None:
    """The failed run's #sales-leads summary was escalated to #founder-deals (the summary's blocks, Take button
    included). A reviewer approves it for support; Slack refuses `_move`'s closes (the case helper-64's #10 fix is
    for). A click on the old summary is now refused, but a click on the escalation post (same button, same stale
    'Dana Kim · sales') is not: `_refuse_moved_from` only refuses refs in the run's `slack_summary` actions, and the
    escalation is not one. A salesperson takes a lead a person sent to support."""
    rec, deps, app, mailer = await _failed_run(world)
    notifier = deps.notifier
    assert isinstance(notifier, SlackNotifier)
    assert (rec.run_id, 'escalated') in await check_sla(notifier.db, notifier.client, deps.policy,
                                                        T + timedelta(minutes=31))
    esc = _row(world, rec.run_id, 'slack_escalation')
    old = _row(world, rec.run_id)
    mailer.down = False
    world.slack.script(server_error(500, method='chat.update'), server_error(500, method='chat.update'))
    approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert approved.state == 'routed_support'
    world.slack.clear_faults()
    # the old summary's button: refused (helper-64 #10)
    await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam', channel=old.channel,
                                   message_ts=old.ts))
    assert _row(world, rec.run_id).taken_by is None
    # the escalation's button, as live and as stale
    await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam', channel=esc.channel,
                                   message_ts=esc.ts))
    assert _row(world, rec.run_id).taken_by is None, 'Sam (sales) took a lead approved for support'


# --- 4. `runs forget` on a run nobody erased -----------------------------------------------------------------------------
def _status(db_url: str, env: dict[str, str], run_id: str) -> str | None:
    from dbos import DBOSClient

    from lead_agent.runs import APP_NAME

    from .test_durability import _deps  # pyright: ignore[reportPrivateUsage]

    deps = replace(_deps(db_url, env), now=lambda: T)  # Dana at work (a real clock routes by the hour)
    client = DBOSClient(system_database_engine=deps.db.engine, application_name=APP_NAME)
    try:
        found: list[Any] = client.list_workflows(workflow_ids=[run_id], load_input=False, load_output=False)
        return found[0].status if found else None
    finally:
        client.destroy()
        deps.db.dispose()


def test_runs_forget_does_not_cancel_a_live_queued_run_nobody_erased(tmp_path: Path) -> None:
    """`lead-agent runs forget ID` is meant for what an erasure left (its help: 'what `erase` could not'), but it
    checks nothing: given the id of a run nobody erased (a typo, an id copied from the wrong line, or a run accepted
    while the workers are down) it CANCELS its queued execution, silently dropping the lead: the run stays queued
    in the log with no execution behind it and no review item. Ended ones lose their checkpoints, so `runs retry`
    can no longer resume them. It should refuse a run whose record is not erased (or ask)."""
    from typer.testing import CliRunner

    from lead_agent.cli import app

    from .test_durability import FakeHubSpot, FakeSlackServer, Vendors, _accept, _leads, serve  # pyright: ignore[reportPrivateUsage]

    for smtp in serve(auth_require_tls=False):
        with FakeHubSpot('pat-local') as hubspot, FakeSlackServer() as slack:
            vendors = Vendors(hubspot, slack, smtp)
            db_url = f'sqlite:///{tmp_path / "runs.db"}'
            env = vendors.env(db_url)
            [run_id] = asyncio.run(_accept(db_url, env, _leads()[:1]))  # queued; the workers are down
            out = CliRunner().invoke(app, ['runs', 'forget', run_id, '--db', db_url], env=env)
            status = _status(db_url, env, run_id)
            assert status == 'ENQUEUED', f'a live lead nobody erased was {status} by `runs forget`: {out.output}'


# --- 5. every approval writes the owner: a reassignment made in HubSpot is reverted ------------------------------------
async def test_a_same_team_approval_does_not_revert_an_owner_set_in_hubspot_meanwhile(world: World) -> None:
    """The run failed at its acknowledgement after making the contact with Dana. Meanwhile a sales manager reassigns
    the contact to Sam in HubSpot itself (not through Slack: lead-agent does not know). A reviewer approves the
    failed run for the same team, only to send the acknowledgement again. e211407 made `route` write the run's owner
    to a contact it made on EVERY approval (`contact.contact_id == made and owner is not None`), not only when the
    owner changed: the PATCH puts Dana back over the manager's choice. Before, was == owner and nothing was
    written. (The fix for helper-64's #1/#2 needs a write only when the run's owner differs from what the CRM was
    last successfully told, e.g. an error noted on the run, or a Take.)"""
    from lead_agent.models import Assignment

    rec, deps, _, mailer = await _failed_run(world)
    assert world.hubspot is not None
    [contact] = world.hubspot.contacts
    # a person reassigns it in HubSpot (the same PATCH HubSpot's UI makes)
    await deps.crm.set_owner(contact['id'], Assignment(team='sales', owner='Sam Patel', reason='crm_owner',
                                                       hubspot_owner_id=SAM_ID))
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == SAM_ID
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.state == 'routed_sales'
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == SAM_ID, 'the approval put Dana back'


async def test_a_same_team_approval_whose_owner_write_fails_keeps_the_click_again_button(world: World) -> None:
    """As test 2, with the contact made by the run: Sam's Take could not change the CRM owner (D8 button kept), and
    HubSpot still refuses when a reviewer approves the run for the same team. `route`'s act.crm_owner fails (noted in
    the run's errors, the run is routed), and `_restate` rewrites the post as taken without buttons: Dana stays the
    CRM owner and the taker has nothing left to retry with (before e211407 the post kept its button)."""
    rec, deps, app, mailer = await _failed_run(world)
    assert world.hubspot is not None
    [contact] = world.hubspot.contacts
    world.hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.state == 'routed_sales' and any('CRM owner was not changed' in e for e in approved.errors)
    row = _row(world, rec.run_id)
    shown = world.slack.message(row.channel, row.ts)
    assert shown is not None
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == DANA_ID
    assert 'take_lead' in json.dumps(shown['blocks']), 'the CRM owner is still wrong and the retry button is gone'


# --- 6. `_restate` racing a Take ---------------------------------------------------------------------------------------
def _shared(policy: Any) -> Any:
    from lead_agent import Policy

    data = policy.model_dump(mode='json')
    data['routing']['support']['slack_channel'] = data['routing']['sales']['slack_channel']
    return Policy.model_validate(data)


async def test_a_take_while_the_summary_is_restated_is_not_undone(policy: Any, sqlite_url: str,
                                                                    monkeypatch: Any) -> None:
    """Sales and support share '#sales-leads'. A failed run is approved for support: `_post_once` reads the row
    (untaken) and `_restate` chat.updates the post with the new blocks, Take button included. Sam's Take lands
    between that read and that update: `_take` records him and marks the post 'Taken by'; the restate's update then
    puts the live button back (and the pick's name) over it, for good: the row is taken, so no SLA or later call
    touches it again. `_move` re-reads the row after its post for this (helper-63); `_restate` does not."""
    with hub_world(_shared(policy), sqlite_url) as w:
        rec, deps, app, mailer = await _failed_run(w)
        real = slack_mod._update  # pyright: ignore[reportPrivateUsage]
        state = {'taken': False}

        async def take_first(client: Any, channel: str, ts: str, text: str, blocks: Any) -> Any:
            if not state['taken'] and 'Luis Ortega' in json.dumps(blocks):  # the restate's update
                state['taken'] = True
                assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
            return await real(client, channel, ts, text, blocks)

        monkeypatch.setattr(slack_mod, '_update', take_first)
        mailer.down = False
        approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
        assert state['taken'] and approved.state == 'routed_support'
        row = _row(w, rec.run_id)
        assert row.taken_by == 'U0SAMPATEL'
        shown = w.slack.message(row.channel, row.ts)
        assert shown is not None
        assert 'take_lead' not in json.dumps(shown['blocks']), 'a taken lead shows a live Take button again'


# --- 4b. `runs forget` on a live failed run ---------------------------------------------------------------------------

async def test_runs_forget_does_not_delete_a_failed_live_runs_checkpoints(tmp_path: Path) -> None:
    """As above, for a run that ended failed and was never erased: `runs forget` deletes its checkpoints without a
    word (exit 0), and `runs retry` can no longer resume it ('was not run durably'): only a person's approval is left."""
    from typer.testing import CliRunner

    from lead_agent.cli import app
    from lead_agent.runs import Engine

    from .test_durability import FakeHubSpot, FakeSlackServer, Vendors, _deps, _leads, serve  # pyright: ignore[reportPrivateUsage]

    for smtp in serve(auth_require_tls=False):
        with FakeHubSpot('pat-local') as hubspot, FakeSlackServer() as slack:
            vendors = Vendors(hubspot, slack, smtp)
            db_url = f'sqlite:///{tmp_path / "runs.db"}'
            env = vendors.env(db_url, LEAD_AGENT_RETRY_FOR='0')
            slack.script(*[server_error(500, method='chat.postMessage')] * 5)
            deps = replace(_deps(db_url, env), now=lambda: T)  # Dana at work (a real clock routes by the hour)
            try:
                async with Engine(deps) as engine:
                    run_id = await engine.submit(_leads()[0])
                    assert (await engine.result(run_id)).state == 'failed'
                    out = await asyncio.to_thread(CliRunner().invoke, app, ['runs', 'forget', run_id, '--db', db_url],
                                                  env=env)
                    slack.clear_faults()
                    retried = await engine.retry(run_id)  # raised 'was not run durably' after the forget
                    assert (await engine.result(retried, run_id=run_id)).state == 'routed_sales'
            finally:
                deps.db.dispose()
            assert out.exit_code != 0, out.output
