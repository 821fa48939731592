"""helper-69's attack on 71b3ab5 (the fixes of helper-67's production drill: copies past the rate limit, the CRM
search retried and `crm_unavailable`). Each test's docstring says what happened there (all five failed); the tests
assert what happens since."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from lead_agent import IntegrationError, LeadAgentError, Policy, TriageDeps, local_deps, resolve, restore, triage
from lead_agent.guards import submitter_key
from lead_agent.models import Assignment
from lead_agent.store import read_outbox

from .helpers import example_lead


@pytest.fixture
def sdeps(policy: Policy, sqlite_url: str) -> Iterator[TriageDeps]:
    d = local_deps(policy, database_url=sqlite_url)
    yield d
    d.db.dispose()


def outbox(deps: TriageDeps, kind: str | None = None) -> list[dict[str, Any]]:
    return read_outbox(deps.db, kind)


class _DownHistory:
    """A CRM whose search fails (HubSpot unreachable) while `down`."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.down = inner, True

    async def history(self, email: str) -> Any:
        if self.down:
            raise IntegrationError('hubspot', 'contact search: connection refused')
        return await self.inner.history(email)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def _up_to_the_limit(deps: TriageDeps) -> tuple[Any, str, list[Any]]:
    """Five different submissions from one submitter, all routed: the next is over the limit (5 an hour)."""
    lead = example_lead('01-hospital-group-demo.json')
    key = submitter_key(lead.source_ip, lead.email)
    leads = [lead.model_copy(update={'message': f'{lead.message} #{i}', 'rate_key': key}) for i in range(5)]
    for one in leads:
        assert (await triage(one, deps)).state == 'routed_sales'
    return lead, key, leads


async def test_restored_rate_limited_copy_is_approved_into_a_second_round_of_side_effects(sdeps: TriageDeps) -> None:
    """The approval's claim check only looks at `state == 'rate_limited'`. Rejected and restored (state `review`),
    a rate-limited copy of a submission another run triaged is approved without the check: a second Slack summary,
    acknowledgement email and CRM note for the same submission (the very defect D2 fixed)."""
    deps = sdeps
    lead, key, _ = await _up_to_the_limit(deps)
    copy = lead.model_copy(update={'message': lead.message + ' And a question.', 'rate_key': key})
    limited = await triage(copy, deps)
    assert limited.state == 'rate_limited'
    # The same words, triaged meanwhile by another run (a racing copy, or sent again once the limit passed).
    other = await triage(copy.model_copy(update={'rate_key': None}), deps)
    assert other.state == 'routed_sales'
    summaries = len(outbox(deps, 'slack_summary'))
    with pytest.raises(LeadAgentError, match='same submission'):
        await resolve(limited.run_id, 'approve', deps, to='sales', by='dana')
    await resolve(limited.run_id, 'reject', deps, by='dana')
    await restore(limited.run_id, deps, reason='restored by dana')
    # Approving the restored copy must be refused just the same.
    with pytest.raises(LeadAgentError, match='same submission'):
        await resolve(limited.run_id, 'approve', deps, to='sales', by='dana')
    assert len(outbox(deps, 'slack_summary')) == summaries


async def test_first_over_limit_duplicate_swallows_the_channel_notice(sdeps: TriageDeps) -> None:
    """The review channel hears of a submitter's flood through the first run over the limit only
    (`first_over_limit`, hit == per_ip + 1). Since 71b3ab5 that run can be a `duplicate` (a copy of a triaged one),
    which posts nothing: every rate-limited run after it is silent, and the channel never hears of the flood."""
    deps = sdeps
    lead, key, leads = await _up_to_the_limit(deps)
    dup = await triage(leads[0], deps)  # hit 6: the first over the limit, a double-click of #0
    assert dup.state == 'duplicate'
    flood = [await triage(lead.model_copy(update={'message': f'{lead.message} flood {i}', 'rate_key': key}), deps)
             for i in range(3)]
    assert [r.state for r in flood] == ['rate_limited'] * 3
    assert len(await deps.review.items()) == 3
    # The channel hears of the flood once (as it did before 71b3ab5, when hit 6 was rate_limited and posted).
    assert len(outbox(deps, 'slack_review')) == 1


async def test_a_flood_sent_at_once_is_announced_once_and_again_in_the_next_window(sdeps: TriageDeps) -> None:
    """The first rate-limited run to claim its submitter's notice posts it: of six sent at once past the limit, one
    (not none, not several); a flood in the next window is announced again."""
    deps = sdeps
    lead, key, _ = await _up_to_the_limit(deps)
    flood = await asyncio.gather(*(triage(lead.model_copy(update={'message': f'{lead.message} flood {i}',
                                                                   'rate_key': key}), deps) for i in range(6)))
    assert [r.state for r in flood] == ['rate_limited'] * 6
    assert len(outbox(deps, 'slack_review')) == 1
    later = deps.now() + timedelta(seconds=deps.policy.thresholds.rate_limit.window_seconds + 60)
    next_window = replace(deps, now=lambda: later)
    again = [await triage(lead.model_copy(update={'message': f'{lead.message} again {i}', 'rate_key': key}),
                          next_window) for i in range(7)]
    assert [r.state for r in again] == ['routed_sales'] * 5 + ['rate_limited'] * 2
    assert len(outbox(deps, 'slack_review')) == 2


async def test_approving_a_crm_unavailable_run_routes_past_the_crm_owner(sdeps: TriageDeps) -> None:
    """D1's rule `crm_unavailable` sends a lead whose CRM search failed to a person, because "routes went past their
    CRM owner". But the approval routes from the run's empty history (never searched again): the customer goes to the
    round robin's pick, not its CRM owner, while the CRM contact keeps its owner (record and CRM disagree)."""
    deps = sdeps
    lead = example_lead('01-hospital-group-demo.json')
    owner = Assignment(team='sales', owner='Zed Owner', reason='crm_owner')
    await deps.crm.create_contact(lead, 'customer since 2024', 'seed-run', owner=owner)
    assert (await deps.crm.history(lead.email))[0].owner == 'Zed Owner'
    down = _DownHistory(deps.crm)
    rec = await triage(lead, replace(deps, crm=down))
    assert rec.state == 'review' and rec.decision is not None and 'crm_unavailable' in rec.decision.rules
    # The CRM is back; a person approves the lead to sales.
    approved = await resolve(rec.run_id, 'approve', deps, to='sales', by='dana')
    assert approved.state == 'routed_sales'
    assert approved.owner is not None
    assert (approved.owner.owner, approved.owner.reason) == ('Zed Owner', 'crm_owner')


class _HubSpotDown:
    """History and contact creation both failing (HubSpot down), until `up` is set."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.up = inner, False

    async def history(self, email: str) -> Any:
        if not self.up:
            raise IntegrationError('hubspot', 'contact search: connection refused')
        return await self.inner.history(email)

    async def create_contact(self, *args: Any, **kwargs: Any) -> Any:
        if not self.up:
            raise IntegrationError('hubspot', 'create: forbidden', status=403)
        return await self.inner.create_contact(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_a_run_failed_before_the_upgrade_cannot_be_retried_after_it(policy: Policy, tmp_path: Any,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """71b3ab5 adds durable steps ('clock', 'retrieve.crm') right after 'retrieve' but keeps the workflow's
    application version ('lead-agent-2'). A run recorded by the code before it (HubSpot down: history search failed,
    then its contact creation failed: `failed`) is forked by `runs retry` from its failed act step; replaying its
    checkpoints, the new code asks for step 'clock' where the recorded run has 'classify': DBOS refuses
    (DBOSUnexpectedStepError) and the retry never routes the lead."""
    from functools import partial

    from lead_agent import pipeline
    from lead_agent.runs import Engine

    # The code before 71b3ab5: no retry of the history search, and an empty history for an unknown one.
    async def old_retrieve(lead: Any, pre: Any, deps: Any, steps: Any, errors: list[str]) -> Any:
        company, history = await steps.run('retrieve', partial(pipeline._lookups, lead, pre, deps))  # pyright: ignore[reportPrivateUsage]
        errors.extend(o.error for o in (company, history) if o.error is not None)
        h_note = 'CRM search failed; history unknown' if history.error is not None else ''
        return pipeline._Retrieved(company.value, '', history.value or [], h_note,  # pyright: ignore[reportPrivateUsage]
                                   history_unknown=False)

    new_retrieve = pipeline._retrieve  # pyright: ignore[reportPrivateUsage]
    monkeypatch.setattr(pipeline, '_retrieve', old_retrieve)

    base = local_deps(policy, database_url=f'sqlite:///{tmp_path / "runs.db"}')
    crm = _HubSpotDown(base.crm)
    deps = replace(base, crm=crm, retry_for=3.0)
    lead = example_lead('01-hospital-group-demo.json')
    async with Engine(deps) as engine:
        run_id = await engine.submit(lead)
        failed = await engine.result(run_id)
        assert failed.state == 'failed', '\n'.join(failed.errors)
        # Upgraded to 71b3ab5; HubSpot is back; `lead-agent runs retry`.
        monkeypatch.setattr(pipeline, '_retrieve', new_retrieve)
        crm.up = True
        fork = await engine.retry(run_id)
        retried = await engine.result(fork, run_id=run_id)
    base.db.dispose()
    assert retried.state in ('routed_sales', 'review'), '\n'.join(retried.errors)


async def test_a_crm_unavailable_review_exports_an_empty_history_as_the_cases_truth(sdeps: TriageDeps) -> None:
    """Was: `review export` turned a decided item into an eval case whose `crm_history` is the run's; for a run sent
    to review because the CRM could not be searched (`crm_unavailable`) that empty list is "unknown", not "nobody",
    and the case replayed a customer as a stranger. A rejected one is left out; an approval reads the history again
    (and replaces the decision), so its case holds what the CRM says."""
    from datetime import date

    from lead_agent.evals.export import case_from_review
    from lead_agent.models import CrmRecord

    deps = sdeps
    lead = example_lead('01-hospital-group-demo.json')
    down = replace(deps, crm=_DownHistory(deps.crm))
    rejected = await triage(lead, down)
    assert rejected.decision is not None and 'crm_unavailable' in rejected.decision.rules
    done = await resolve(rejected.run_id, 'reject', deps, by='dana')
    assert done.reviewed is not None and case_from_review(done, done.reviewed) is None

    class _Customer:  # the CRM back, and it knows the sender as a customer
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        async def history(self, email: str) -> list[CrmRecord]:
            return [CrmRecord(date=date(2025, 3, 1), type='deal', summary='Haven renewal', lifecycle_stage='customer')]

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    other = await triage(lead.model_copy(update={'message': lead.message + ' (again)'}), down)
    approved = await resolve(other.run_id, 'approve', replace(deps, crm=_Customer(deps.crm)), to='sales', by='dana')
    assert approved.crm_history and approved.crm_history[0].summary == 'Haven renewal'
    assert approved.reviewed is not None
    case = case_from_review(approved, approved.reviewed)
    assert case is not None and [h.summary for h in case.crm_history] == ['Haven renewal']
