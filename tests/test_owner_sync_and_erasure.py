"""helper-66's attack on 2e90437 (owner_unsynced, the kept Take button on a redraw, the erased guard, runs forget):
each test names what it found before the fix and asserts what happens now."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from lead_agent import Policy, local_deps, triage
from lead_agent import slack as slack_mod
from lead_agent.erase import erase_email
from lead_agent.mail import SmtpMailer
from lead_agent.review import resolve
from lead_agent.slack import SlackNotifier
from lead_agent.store._schema import outbox

from ._processes import free_port
from .test_moved_leads import DANA_ID, SAM_ID, _failed_run, _row  # pyright: ignore[reportPrivateUsage]
from .test_owners import CONTACTS, T, World, block_actions, click, hub_world, physio


@pytest.fixture
def world(policy: Policy, sqlite_url: str) -> Iterator[World]:
    with hub_world(policy, sqlite_url) as w:
        yield w


# --- A. the erased guard covers SlackNotifier only: the outbox notifier (and mailer) write the lead back ----------
async def test_an_outbox_summary_step_run_again_after_an_erasure_does_not_write_the_lead_back(
        policy: Policy, sqlite_url: str) -> None:
    """helper-65 #1 for the default (local) backends: `erase` deletes the run's outbox rows; an execution still going
    (a recovered worker) runs `act.slack_summary` / `act.email_ack` again with its checkpointed lead. `OutboxNotifier
    .post_summary` / `OutboxMailer.send_ack` insert a fresh outbox row holding the name, email and company, after the
    erasure, listed nowhere. `_post_once`'s ERASED_BLOCKS guard is on the Slack path only."""
    deps = replace(local_deps(policy, database_url=sqlite_url), now=lambda: T)
    try:
        rec = await triage(physio(), deps)
        assert rec.state == 'routed_sales' and rec.lead is not None and rec.decision is not None
        await erase_email(deps.db, 'tom@northpeakpt.com', by='dpo', now=T + timedelta(days=1))
        # the summary step run again with what the run's checkpoint holds
        await deps.notifier.post_summary(rec.run_id, rec.lead, rec.classification, rec.decision, '#sales-leads',
                                         None, owner=rec.owner)
        with deps.db.engine.connect() as conn:
            payloads = list(conn.execute(select(outbox.c.payload).where(outbox.c.run_id == rec.run_id)).scalars())
        leaked = [p[:120] for p in payloads if 'NorthPeak' in p or 'tom@northpeakpt.com' in p]
        assert not leaked, f'the erased lead is back in the outbox: {leaked}'
        # Through SMTP: the erasure deleted the run's claim row, so the email step would send it again. Nothing
        # listens on this port: a send would fail.
        template = deps.policy.email_templates['sales']
        mailer = SmtpMailer(deps.db, f'smtp://127.0.0.1:{free_port()}', 'CareFlow <hello@careflow.example>')
        assert await mailer.send_ack(rec.run_id, rec.lead, template, 'CareFlow') == 'smtp:erased'
    finally:
        deps.db.dispose()


# --- B. a Take during the run whose CRM write keep_taker could not make: no button, nothing retries -----------------
async def test_a_take_during_the_run_whose_owner_write_fails_keeps_a_way_to_retry(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sam takes the summary while the run is still going (after its post, before its record: the acknowledgement,
    a vendor retry). `_own` finds no record with a contact (nothing to write, no flag) and `_on_take` draws the post
    'Taken by Sam' WITHOUT buttons. The run's `_record` -> `keep_taker` then writes Sam to the contact; HubSpot
    refuses: `owner_unsynced` is set and an error noted, but the run is routed (no approval will come), nothing
    redraws the post, and the taker has no button: HubSpot keeps Dana for good (the D8 situation 2e90437 meant to
    close)."""
    assert world.hubspot is not None
    hubspot = world.hubspot
    notifier = world.deps.notifier
    assert isinstance(notifier, SlackNotifier)
    real = SlackNotifier.post_summary

    async def post_then_take(self: SlackNotifier, run_id: str, *a: Any, **kw: Any) -> str:
        ref = await real(self, run_id, *a, **kw)
        [contact] = hubspot.contacts
        hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
        assert await click(world.app, block_actions('take_lead', run_id, user='U0SAMPATEL', username='sam')) == 200
        return ref

    monkeypatch.setattr(SlackNotifier, 'post_summary', post_then_take)
    rec = await triage(physio(), world.deps)
    assert rec.state == 'routed_sales' and rec.owner is not None and rec.owner.owner == 'Sam Patel'
    assert rec.owner_unsynced  # the run knows
    row = _row(world, rec.run_id)
    shown = world.slack.message(row.channel, row.ts)
    assert shown is not None
    owner_in_crm = hubspot.contacts[0]['properties'].get('hubspot_owner_id')
    assert owner_in_crm == SAM_ID or 'take_lead' in json.dumps(shown['blocks']), \
        f'HubSpot owner {owner_in_crm} (Dana={DANA_ID}), the run says Sam, and the post has no button to retry'


async def _refused_take(world: World) -> tuple[Any, Any, Any, Any]:
    """A failed run that Sam took while HubSpot refused his owner change (the run flagged, his button kept)."""
    rec, deps, app, mailer = await _failed_run(world)
    assert world.hubspot is not None
    [contact] = world.hubspot.contacts
    world.hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    flagged = await deps.runs.get(rec.run_id)
    assert flagged is not None and flagged.owner_unsynced
    return rec, deps, app, mailer


# --- C. a redraw during an approval read the stored flag, not the approval's own write -------------------------------
async def test_an_approval_whose_owner_write_succeeded_does_not_redraw_click_again(world: World) -> None:
    """Was: Sam's Take could not change the CRM owner (flag set, button kept); with HubSpot back, an approval for the
    same team wrote Sam and succeeded, but the summary was redrawn from the stored flag (saved only after): 'click
    Take this lead again' while HubSpot said Sam. The approval stores the flag before the summary is drawn."""
    rec, deps, _, mailer = await _refused_take(world)
    assert world.hubspot is not None
    world.hubspot.clear_faults()
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.state == 'routed_sales' and not approved.owner_unsynced
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == SAM_ID
    row = _row(world, rec.run_id)
    shown = world.slack.message(row.channel, row.ts)
    assert shown is not None
    assert 'was not changed' not in json.dumps(shown['blocks'])
    assert 'Taken by <@U0SAMPATEL>' in json.dumps(shown['blocks'])


# --- D. the approval's early save put back the record it read before a Take ---------------------------------------
async def test_a_take_during_an_approval_for_another_team_keeps_its_retry_button(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: `resolve` read the record, resolved the review item, then saved the whole record it had read (the
    decision first, helper-64). Sam's Take between the read and that save, refused by HubSpot, had flagged the run
    and kept his button; the save put back owner Dana and no flag, the summary moved to support 'Taken by Sam'
    without a button, and keep_taker's refused write left nothing to click. The decision is written on the record
    as stored now, and the approval routes from it."""
    rec, deps, app, mailer = await _failed_run(world)
    assert world.hubspot is not None
    hubspot = world.hubspot
    [contact] = hubspot.contacts
    real = deps.review.resolve

    async def take_meanwhile(*a: Any, **kw: Any) -> Any:  # the click lands while the approval decides the item
        hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
        assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
        after = await deps.runs.get(rec.run_id)
        assert after is not None and after.owner_unsynced  # the Take flagged it
        return await real(*a, **kw)

    monkeypatch.setattr(deps.review, 'resolve', take_meanwhile)
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert approved.state == 'routed_support' and approved.owner is not None
    assert approved.owner.owner == 'Sam Patel' and approved.owner_unsynced
    stored = await deps.runs.get(rec.run_id)
    assert stored is not None and stored.owner_unsynced and stored.decision is not None
    assert stored.decision.rules == ['human_approved']
    row = _row(world, rec.run_id)
    shown = world.slack.message(row.channel, row.ts)
    assert shown is not None
    assert hubspot.contacts[0]['properties']['hubspot_owner_id'] != SAM_ID  # HubSpot still refuses
    assert 'take_lead' in json.dumps(shown['blocks']), 'the moved post has no button to retry the owner with'
    # HubSpot back: Sam's click on the moved post writes him, and the post closes.
    hubspot.clear_faults()
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    assert hubspot.contacts[0]['properties']['hubspot_owner_id'] == SAM_ID
    done = await deps.runs.get(rec.run_id)
    assert done is not None and not done.owner_unsynced
    closed = world.slack.message(row.channel, row.ts)
    assert closed is not None and 'take_lead' not in json.dumps(closed['blocks'])


# --- E. runs forget: a legitimate erased run's retry id -------------------------------------------------------------
def test_runs_forget_accepts_an_erased_runs_retry_id(policy: Policy, tmp_path: Any) -> None:
    """`lead-agent erase` names executions as `RUN_ID.retryN`; `runs forget` must take them for an erased run."""
    import asyncio

    from typer.testing import CliRunner

    from lead_agent.cli import app

    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    deps = replace(local_deps(policy, database_url=db_url), now=lambda: T)
    try:
        rec = asyncio.run(triage(physio(), deps))
        asyncio.run(erase_email(deps.db, 'tom@northpeakpt.com', by='dpo', now=T + timedelta(days=1)))
    finally:
        deps.db.dispose()
    import os

    from .helpers import EXAMPLES

    runner = CliRunner(env={**os.environ, 'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml'), 'DATABASE_URL': db_url})
    out = runner.invoke(app, ['runs', 'forget', f'{rec.run_id}.retry1', rec.run_id, '--db', db_url])
    assert out.exit_code == 0, out.output
    prefix = runner.invoke(app, ['runs', 'forget', rec.run_id[:12], '--db', db_url])
    assert prefix.exit_code != 0 and 'whole id' in prefix.output, prefix.output


# --- F. an erasure landing while an approval moves the summary: `_moved` writes the lead back -----------------------
async def test_an_erasure_during_a_move_does_not_write_the_lead_back(world: World,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`_post_once` checks ERASED_BLOCKS on the row it read; `_move` then posts (a Slack round trip) and `_moved`
    writes channel, ts and the new blocks (the full lead) `where id, ts == was_ts`. An erasure committed during the
    post leaves ts as it was: the update matches and the erased row holds the lead again (as `_restated` would)."""
    rec, deps, _, mailer = await _failed_run(world)
    real_post = slack_mod._post  # pyright: ignore[reportPrivateUsage]

    async def erase_meanwhile(client: Any, channel: str, text: str, blocks: Any = None, thread_ts: Any = None,
                             **kw: Any) -> Any:
        out = await real_post(client, channel, text, blocks, thread_ts, **kw)
        if 'support' in channel:
            await erase_email(deps.db, 'tom@northpeakpt.com', by='dpo', now=T + timedelta(minutes=1))
        return out

    monkeypatch.setattr(slack_mod, '_post', erase_meanwhile)
    mailer.down = False
    await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    row = _row(world, rec.run_id)
    assert 'NorthPeak' not in row.blocks and 'Tom' not in row.blocks, f'erased row holds the lead: {row.blocks[:160]}'


# --- G. `_own` clears the flag before it writes the CRM ---------------------------------------------------------------
async def test_a_second_click_cut_off_before_its_crm_write_leaves_the_run_unsynced(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sam's Take was refused by HubSpot (flag set, button kept). He clicks again: `_on_take` first redraws the post
    WITHOUT buttons, then `_own` calls `runs.set_owner(run_id, owner)` with no note, which sets `owner_unsynced =
    False` BEFORE the CRM write. A host restarted (or any error other than LeadAgentError) between the two leaves a
    run that says 'synced', a post without the button, and HubSpot on Dana: nothing will ever write it again."""
    from lead_agent.crm.hubspot import HubSpotCRM

    rec, deps, app, _ = await _refused_take(world)
    assert world.hubspot is not None

    async def killed(self: HubSpotCRM, contact_id: str, owner: Any) -> None:
        raise RuntimeError('worker killed mid-click')  # stands for the process dying before the PATCH

    monkeypatch.setattr(HubSpotCRM, 'set_owner', killed)
    await click(app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam'))
    after = await deps.runs.get(rec.run_id)
    assert after is not None
    assert world.hubspot.contacts[0]['properties']['hubspot_owner_id'] == DANA_ID
    assert after.owner_unsynced, 'no write of Sam reached the CRM, yet the run no longer says so'


# --- H. held: a click on the current escalation post of a lead that did not move takes it ------------------------------
async def test_a_take_on_the_escalation_of_an_unmoved_lead_takes_it(world: World) -> None:
    from lead_agent.slack import check_sla

    rec = await triage(physio(), world.deps)
    notifier = world.deps.notifier
    assert isinstance(notifier, SlackNotifier)
    assert (rec.run_id, 'escalated') in await check_sla(notifier.db, notifier.client, world.deps.policy,
                                                        T + timedelta(minutes=31))
    esc = _row(world, rec.run_id, 'slack_escalation')
    assert await click(world.app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam',
                                                channel=esc.channel, message_ts=esc.ts)) == 200
    assert _row(world, rec.run_id).taken_by == 'U0SAMPATEL'


async def test_a_take_on_an_erased_run_is_refused_and_writes_nothing(world: World) -> None:
    """helper-199: a Take after `lead-agent erase` wrote the taker into the run's redacted Slack row, redrew the post
    twice and told the clicker to click again on a post with no button left."""
    rec = await triage(physio(), world.deps)
    updates = len(world.slack.calls('chat.update'))
    await erase_email(world.deps.db, physio().email, by='dpo', now=T + timedelta(minutes=1))
    assert await click(world.app, block_actions('take_lead', rec.run_id, user='U0SAMPATEL', username='sam')) == 200
    assert [r['text'] for r in world.slack.calls('chat.postEphemeral')] == [
        "This lead's personal data was erased: there is nothing to take."]
    assert len(world.slack.calls('chat.update')) == updates
    with world.deps.db.engine.connect() as conn:
        assert [r.taken_by for r in conn.execute(select(slack_mod.slack_messages))] == [None]
