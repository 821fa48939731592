"""helper-68's attack on d12f703 (RunLog.change; an approval's decision written on the stored record; the route
clearing `owner_unsynced` after its owner write). Each test's docstring says what happened on d12f703 (all five
failed there); the tests assert what happens since."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from lead_agent import LeadAgentError, Policy
from lead_agent import pipeline as pipeline_mod
from lead_agent.review import resolve

from .test_moved_leads import SAM_ID, _failed_run, _row  # pyright: ignore[reportPrivateUsage]
from .test_owners import CONTACTS, World, block_actions, click, hub_world


@pytest.fixture
def world(policy: Policy, sqlite_url: str) -> Iterator[World]:
    with hub_world(policy, sqlite_url) as w:
        yield w


# --- 1. the route's flag clear is unconditional: it clears a refused Take's flag it did not write -------------------
async def test_a_refused_take_landing_after_the_approvals_owner_write_keeps_its_retry_button(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed run approved for support: `route` writes the support pick to the contact (HubSpot takes it). Sam's
    Take lands right after that write (HubSpot now refusing): `_own` stores owner Sam with `owner_unsynced`. Then
    `route` runs `runs.change(_owner_synced)` on the record AS STORED NOW, which is Sam's, not the owner it wrote:
    the flag goes, the moved summary is drawn 'Taken by Sam' without the button, `keep_taker`'s write of Sam is
    refused too. HubSpot keeps the support pick, the run says Sam (flagged), and nothing is left to click."""
    rec, deps, app, mailer = await _failed_run(world)
    assert world.hubspot is not None
    hubspot = world.hubspot
    [contact] = hubspot.contacts
    real_change = deps.runs.change

    async def change(run_id: str, edit: Any) -> Any:
        if getattr(edit, 'func', None) is pipeline_mod._owner_synced:  # pyright: ignore[reportPrivateUsage]
            # the approval's PATCH went through; HubSpot now refuses, and Sam clicks Take on the summary
            hubspot.fail(f'{CONTACTS}/{contact["id"]}', status=503, times=None)
            assert await click(app, block_actions('take_lead', run_id, user='U0SAMPATEL', username='sam')) == 200
            took = await deps.runs.get(run_id)
            assert took is not None and took.owner_unsynced and took.owner is not None
            assert took.owner.owner == 'Sam Patel'
        return await real_change(run_id, edit)

    monkeypatch.setattr(deps.runs, 'change', change)
    mailer.down = False
    approved = await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    assert approved.state == 'routed_support' and approved.owner is not None
    assert approved.owner.owner == 'Sam Patel'
    owner_in_crm = hubspot.contacts[0]['properties'].get('hubspot_owner_id')
    row = _row(world, rec.run_id)
    shown = world.slack.message(row.channel, row.ts)
    assert shown is not None
    assert owner_in_crm == SAM_ID or 'take_lead' in json.dumps(shown['blocks']), \
        f'HubSpot owner {owner_in_crm} (not Sam), the run says Sam, and the moved post has no button to retry'


# --- 2. an approval of an erased run consumes its review item ---------------------------------------------------------
async def test_an_approval_refused_for_an_erased_run_leaves_its_review_item_open(world: World) -> None:
    """The failed run's person was erased (`lead-agent erase`); its review item stays open (redacted). A reviewer
    approves it: `resolve` decides the item ('approved') first, then `runs.change` finds the run erased and raises
    'erased while it was being approved; nothing was routed'. The item stays `approved` with nothing routed: a
    reject is now refused ('already approved'), and `reopen_cut_off` will put the erased run back in the queue
    later, where each approval consumes it again. The refusal should leave the item as it was (or close it)."""
    from lead_agent.erase import erase_email

    rec, deps, _, mailer = await _failed_run(world)
    mailer.down = False
    await erase_email(deps.db, 'tom@northpeakpt.com', by='dpo', now=deps.now())
    with pytest.raises(LeadAgentError, match='erased'):
        await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
    still_open = [i.run_id for i in await deps.review.items('open')]
    rejected: Any = None
    try:
        rejected = await resolve(rec.run_id, 'reject', deps, by='luis')
    except LeadAgentError as e:
        rejected = str(e)
    assert rec.run_id in still_open, f'the refused approval left the item decided; a reject then says: {rejected}'


# --- 3. an erasure after the decision is written: the approval routes the erased lead into the local CRM ---------------
async def test_an_erasure_during_an_approval_does_not_write_the_lead_back_into_the_local_crm(
        policy: Policy, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """d12f703: 'a run erased meanwhile is not routed' holds only for an erasure before `runs.change(decide)`. One
    right after it (or anywhere during `route`) is not seen: `route` goes on with the lead read before the erasure,
    and `LocalCRM.create_contact` inserts the person's contact again (email, name, company) and a note: the erasure
    deleted those rows moments before, lists nothing about them, and nothing will delete them again. (Slack and the
    mailer check `run_erased`; the local CRM, lead-agent's own table, does not.)"""
    from sqlalchemy import select

    from lead_agent.erase import erase_email
    from lead_agent.slack import build_slack_app
    from lead_agent.store._schema import crm_contacts

    from .fakes.slack_server import FakeSlackServer
    from .test_owners import SECRET, _world  # pyright: ignore[reportPrivateUsage]

    with FakeSlackServer() as slack:
        deps = _world(policy, sqlite_url, slack, None)
        try:
            local = World(deps, build_slack_app(deps, signing_secret=SECRET, process_before_response=True), slack,
                          None)
            rec, deps, _, mailer = await _failed_run(local)
            with deps.db.engine.connect() as conn:
                assert conn.execute(select(crm_contacts.c.email)).scalars().all() == ['tom@northpeakpt.com']
            real_change = deps.runs.change
            calls: list[int] = []

            async def change(run_id: str, edit: Any) -> Any:
                out = await real_change(run_id, edit)
                calls.append(1)
                if len(calls) == 1:  # the decision is written; `lead-agent erase` runs now
                    await erase_email(deps.db, 'tom@northpeakpt.com', by='dpo', now=deps.now())
                return out

            monkeypatch.setattr(deps.runs, 'change', change)
            mailer.down = False
            try:
                await resolve(rec.run_id, 'approve', deps, to='support', by='luis')
            except LeadAgentError:
                pass
            with deps.db.engine.connect() as conn:
                back = conn.execute(select(crm_contacts.c.email, crm_contacts.c.name)).all()
            assert not back, f'the erased person is back in the local CRM: {back}'
        finally:
            deps.db.dispose()


# --- 4. an in-process run's early record is not marked QUEUED: an approval acts on it and is overwritten -----------------
async def test_an_approval_made_while_an_in_process_run_posts_its_review_is_not_overwritten_by_the_run(
        policy: Policy, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`resolve` refuses a run whose record is the queued one (QUEUED in errors): its own record, written when it
    ends, would overwrite the decision. A run executed in process (`triage`: the CLI, an in-process host) stores an
    early `failed` record marked `_INTERRUPTED`, not QUEUED, opens the review item, then posts for review (a Slack
    outage makes that long), then records. An approval in that window passes the guard, writes its decision on the
    early record (`runs.change`), routes the lead (CRM contact, summary, acknowledgement) and saves `routed_sales`;
    the run then saves its own record over it: `review`, model decision, no actions. The lead was routed and
    acknowledged, the log says it waits for review, and `reopen_cut_off` later puts it back in the queue (approved,
    run in review) to be routed again."""
    from dataclasses import replace

    from lead_agent import local_deps, triage

    from .test_owners import T, physio

    clock = [T]
    deps = replace(local_deps(policy, database_url=sqlite_url), now=lambda: clock[0])
    try:
        real = deps.notifier.post_review
        decided: list[Any] = []

        async def post_review(run_id: str, *a: Any, **kw: Any) -> str:
            # A reviewer approves from the review page while the post waits for Slack: refused while the run may
            # still be running (helper-70: such an approval routed without the run's readings)...
            with pytest.raises(LeadAgentError, match='still being triaged by the process that started it'):
                await resolve(run_id, 'approve', deps, to='sales', by='luis')
            # ... and taken once the process that runs it must have died (this one ran past that bound): merged.
            clock[0] = T + timedelta(hours=2)
            decided.append(await resolve(run_id, 'approve', deps, to='sales', by='luis'))
            return await real(run_id, *a, **kw)

        monkeypatch.setattr(deps.notifier, 'post_review', post_review)
        rec = await triage(physio(email='tom@gmail.com'), deps)
        [outcome] = decided
        assert outcome.state == 'routed_sales'
        stored = await deps.runs.get(rec.run_id)
        assert stored is not None
        assert stored.state == 'routed_sales', \
            f'the approval routed the lead, then the run recorded over it: {stored.state}, actions ' \
            f'{[a.kind for a in stored.actions]}'
        # The person's decision and actions stay; the run's own readings and actions are added; triage returns that.
        assert stored.decision is not None and stored.decision.rules == ['human_approved']
        assert stored.reviewed is not None and stored.reviewed.decided_by == 'luis'
        kinds = [a.kind for a in stored.actions]
        assert 'review_item' in kinds and 'crm_contact' in kinds and 'slack_summary' in kinds
        assert stored.classification is not None and stored.latency_ms.get('total')
        assert not any('interrupted' in e for e in stored.errors)
        assert rec.state == stored.state and rec.actions == stored.actions
    finally:
        deps.db.dispose()


async def test_the_overwritten_approval_is_not_put_back_in_the_queue_as_cut_off(
        policy: Policy, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Test 4 continued: the item is `approved` and the run `review`, which is what `reopen_cut_off` reads as an
    approval cut off: it opens the item again ('did not finish (its process stopped?): decide it again') for a lead
    that was routed, acknowledged and posted. (A second approval's outbox writes are once per run, so nothing is
    sent twice on the local backends; a second approval to another team moves the lead and its owner.)"""
    from dataclasses import replace

    from lead_agent import local_deps, triage

    from .test_owners import T, physio

    clock = [T]
    deps = replace(local_deps(policy, database_url=sqlite_url), now=lambda: clock[0])
    try:
        real = deps.notifier.post_review

        async def post_review(run_id: str, *a: Any, **kw: Any) -> str:
            clock[0] = T + timedelta(hours=1)  # past the bound of an in-process run: the approval is taken
            await resolve(run_id, 'approve', deps, to='sales', by='luis')
            clock[0] = T
            return await real(run_id, *a, **kw)

        monkeypatch.setattr(deps.notifier, 'post_review', post_review)
        rec = await triage(physio(email='tom@gmail.com'), deps)
        later = T + timedelta(hours=2)
        reopened = await deps.review.reopen_cut_off(later - timedelta(minutes=30), later - timedelta(days=1))
        stored = await deps.runs.get(rec.run_id)
        assert stored is not None
        assert reopened == [], f'a routed lead is back in the review queue (run says {stored.state})'
    finally:
        deps.db.dispose()
