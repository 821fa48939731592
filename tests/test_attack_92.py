"""helper-92: attack on efcd2c3 (a Slack post whose answer was lost is looked for before it is made again).

Findings (each test fails on efcd2c3; all pass now). Fixed since: the cut-off approval (an approval always looks),
the errors Slack reports at HTTP 200 (transient: the post waits), the lookback (30 days), the escalation and the
re-ping (an SLA post that failed looks first on the next call in the process; a re-ping reads the thread's replies),
the other team's channel (an approval for another team adopts the summary lost in the first team's channel, which
the new post then moves).

- HIGH   test_an_approval_cut_off_while_posting_is_not_posted_again_when_approved_again: an approval killed after
         Slack kept its summary (the web host restarted) is reopened by `reopen_cut_off` and approved again; that
         approval does not look (`route`'s redo only reads the run's recorded actions, and the cut-off approval
         recorded none, though its decision `human_approved` is on the run): the lead is posted twice.
- MEDIUM test_an_approval_for_another_team_closes_the_post_the_run_lost: a run whose summary Slack kept but never
         answered, approved for another team, posts in the new channel and leaves the lost post live (its Take
         button in the first team's channel): the lookup only reads the channel asked for now.
- MEDIUM test_an_escalation_whose_answer_was_lost_is_not_posted_again: `check_sla` retries an escalation that timed
         out after Slack kept it on its next call without looking (may_have_run() is False outside the pipeline):
         two escalations of one lead, though the post carries the metadata that would find it.
- MEDIUM test_a_slack_error_that_is_transient_at_http_200_does_not_post_again: Slack answers `service_unavailable`
         (and internal_error, fatal_error, request_timeout) as HTTP 200 ok:false; the lookup takes it for a missing
         scope, posts again (a duplicate), and remembers the error as "already warned" for the whole process.
- MEDIUM test_an_approval_two_days_later_finds_the_post_the_run_lost: the lookback is the last day of the approval's
         clock, not the run's: a failed run approved after a weekend posts its lead twice (review items wait days).
- LOW    test_a_reping_whose_answer_was_lost_is_not_posted_again: the SLA re-ping carries no metadata (not "every
         post") and its retry on the next check never looks: a re-ping kept by Slack but timed out is posted twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from lead_agent import Policy, TriageDeps, local_deps, triage
from lead_agent.review import resolve
from lead_agent.slack import SlackNotifier, check_sla

from .fakes.slack_server import FakeSlackServer, api_error, kept_unanswered
from .helpers import example_lead
from .test_slack import _lost_answer  # pyright: ignore[reportPrivateUsage]

T = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


@pytest.fixture
def sdeps(policy: Policy, sqlite_url: str, client: AsyncWebClient) -> Iterator[TriageDeps]:
    """Embedded defaults on SQLite with the Slack notifier, every clock at T."""
    base = local_deps(policy, database_url=sqlite_url)
    yield replace(base, notifier=SlackNotifier(base.db, client, now=lambda: T), now=lambda: T)
    base.db.dispose()


def _of(slack: FakeSlackServer, channel: str, run_id: str, kind: str = 'slack_summary') -> list[dict[str, Any]]:
    """The run's messages of one kind in a channel (by the metadata every post carries)."""
    return [m for m in slack.messages(channel)
            if m.get('metadata', {}).get('event_payload') == {'run_id': run_id, 'kind': kind}]


def _live(message: dict[str, Any]) -> bool:
    """Whether a summary still offers its Take button."""
    return any(e.get('action_id') == 'take_lead' for b in message['blocks'] if b['type'] == 'actions'
               for e in b['elements'])


async def _failed_with_a_lost_post(sdeps: TriageDeps, slack: FakeSlackServer) -> tuple[TriageDeps, str]:
    """A first lead posts to #founder-deals (its id is known then); a second one's post is kept by Slack but never
    answered in time, and the run fails (no retries) into the review queue."""
    deps, rec = await _lost_answer(sdeps, slack, retry_for=0.0)
    assert rec.state == 'failed'
    assert len(_of(slack, '#founder-deals', rec.run_id)) == 1  # Slack has it; the run does not know
    await asyncio.sleep(1.6)  # the kept post's answer would have come by now
    return deps, rec.run_id


async def test_an_approval_cut_off_while_posting_is_not_posted_again_when_approved_again(
        sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    # The founder channel's id is known (a post there answered it).
    assert (await triage(example_lead('01-hospital-group-demo.json'), sdeps)).state == 'routed_sales'
    review = await triage(example_lead('06-free-email-buyer.json'), sdeps)
    assert review.state == 'review'
    posts = len(slack.calls('chat.postMessage'))
    # A person approves it; Slack keeps the summary, and the process is cut off before it hears back (the host was
    # restarted: nothing after the post runs, the approval records nothing).
    slack.script(kept_unanswered(5.0))
    approval = asyncio.create_task(resolve(review.run_id, 'approve', sdeps, to='founder', by='ops@careflow.example'))
    for _ in range(200):
        if len(slack.calls('chat.postMessage')) > posts:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)
    approval.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await approval
    assert len(_of(slack, '#founder-deals', review.run_id)) == 1
    # The workers put the cut-off approval back in the queue; a person approves it again.
    reopened = await sdeps.review.reopen_cut_off(T + timedelta(seconds=1), T - timedelta(hours=1))
    assert [i.run_id for i in reopened] == [review.run_id]
    again = await resolve(review.run_id, 'approve', sdeps, to='founder', by='ops@careflow.example')
    assert again.state == 'routed_sales', again.errors
    assert len(_of(slack, '#founder-deals', review.run_id)) == 1  # the post Slack kept, not a second one


async def test_an_approval_for_another_team_closes_the_post_the_run_lost(
        sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    deps, run_id = await _failed_with_a_lost_post(sdeps, slack)
    approved = await resolve(run_id, 'approve', deps, to='support', by='ops@careflow.example')
    assert approved.state == 'routed_support', approved.errors
    assert len(_of(slack, '#support-queue', run_id)) == 1
    # The post the failed run lost in #founder-deals is the run's too: it must not stay a live lead there (a
    # salesperson's Take on it takes a lead a person sent to support).
    live = [m for ch in ('#founder-deals', '#support-queue') for m in _of(slack, ch, run_id) if _live(m)]
    assert len(live) == 1, [m['ts'] for m in live]


async def test_an_escalation_whose_answer_was_lost_is_not_posted_again(
        sdeps: TriageDeps, slack: FakeSlackServer, policy: Policy) -> None:
    runs = [await triage(example_lead(name), sdeps) for name in ('01-hospital-group-demo.json',
                                                                 '02-physio-pricing.json')]
    assert isinstance(sdeps.notifier, SlackNotifier)
    db = sdeps.notifier.db
    short = AsyncWebClient(token='xoxb-test', base_url=slack.url + '/api/', timeout=1)
    assert len(await check_sla(db, short, policy, T + timedelta(minutes=16))) == 2  # re-pinged
    slack.script(kept_unanswered(2.5))  # the first escalation: kept by Slack, its answer lost
    await check_sla(db, short, policy, T + timedelta(minutes=31))
    await asyncio.sleep(1.6)
    await check_sla(db, short, policy, T + timedelta(minutes=32))  # the next check tries it again
    counts = {r.run_id: len(_of(slack, '#founder-deals', r.run_id, 'slack_escalation')) for r in runs}
    assert counts == {r.run_id: 1 for r in runs}


async def test_a_slack_error_that_is_transient_at_http_200_does_not_post_again(
        sdeps: TriageDeps, slack: FakeSlackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    import lead_agent.slack as slack_module

    monkeypatch.setattr(slack_module, '_unsearchable', set[str]())
    # Slack keeps the post but its answer is lost; the lookup that follows meets a Slack that is briefly down.
    _, rec = await _lost_answer(sdeps, slack, api_error('service_unavailable', method='conversations.history'))
    assert rec.state == 'routed_sales', rec.errors
    assert len(_of(slack, '#founder-deals', rec.run_id)) == 1  # waited for Slack, as for a 5xx
    assert 'service_unavailable' not in slack_module._unsearchable  # pyright: ignore[reportPrivateUsage]


async def test_an_approval_two_days_later_finds_the_post_the_run_lost(
        sdeps: TriageDeps, slack: FakeSlackServer, client: AsyncWebClient) -> None:
    deps, run_id = await _failed_with_a_lost_post(sdeps, slack)
    # The review item waits over a weekend: a person approves it two days after the run posted.
    later = datetime.now(UTC) + timedelta(days=2)
    monday = replace(deps, notifier=SlackNotifier(deps.db, client, now=lambda: later), now=lambda: later)
    approved = await resolve(run_id, 'approve', monday, to='founder', by='ops@careflow.example')
    assert approved.state == 'routed_sales', approved.errors
    assert len(_of(slack, '#founder-deals', run_id)) == 1


async def test_a_reping_whose_answer_was_lost_is_not_posted_again(
        sdeps: TriageDeps, slack: FakeSlackServer, policy: Policy) -> None:
    rec = await triage(example_lead('02-physio-pricing.json'), sdeps)
    assert isinstance(sdeps.notifier, SlackNotifier)
    db = sdeps.notifier.db
    short = AsyncWebClient(token='xoxb-test', base_url=slack.url + '/api/', timeout=1)
    slack.script(kept_unanswered(2.5))  # the re-ping: kept by Slack, its answer lost
    assert await check_sla(db, short, policy, T + timedelta(minutes=16)) == []
    await asyncio.sleep(1.6)
    assert await check_sla(db, short, policy, T + timedelta(minutes=17)) == [(rec.run_id, 'repinged')]
    channel = next(ch for ch in ('#sales-leads', '#support-queue', '#founder-deals') if _of(slack, ch, rec.run_id))
    [summary] = _of(slack, channel, rec.run_id)
    replies = [m for m in slack.messages(channel) if m.get('thread_ts') == summary['ts']]
    assert len(replies) == 1, [m['text'] for m in replies]  # one re-ping, as check_sla promises ("once per lead")
