"""helper-70's attack on 57a2481 (the approval's dedupe claim and CRM re-read, `_as_run_ended`, forget_hit). Each
test's docstring says what happened there (all six failed); the tests assert what happens since: a decision on a run
a process is still triaging is refused (`pipeline.running_until`), an approval claims and re-reads only once it holds
the item, within the CRM's timeout."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from lead_agent import IntegrationError, LeadAgentError, Policy, TriageDeps, local_deps, resolve, triage
from lead_agent.models import Assignment

from .helpers import example_lead


@pytest.fixture
def sdeps(policy: Policy, sqlite_url: str) -> Iterator[TriageDeps]:
    d = local_deps(policy, database_url=sqlite_url)
    yield d
    d.db.dispose()


class _Crm:
    """A CRM whose history search fails (`down`), hangs (`hang`), or answers."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.down, self.hang = inner, True, False

    async def history(self, email: str) -> Any:
        if self.hang:
            await asyncio.Event().wait()  # HubSpot accepted the connection and never answers
        if self.down:
            raise IntegrationError('hubspot', 'contact search: connection refused')
        return await self.inner.history(email)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_the_approvals_crm_reread_is_not_bounded_by_crm_timeout(sdeps: TriageDeps) -> None:
    """The run's CRM search goes through `_guarded(..., deps.crm_timeout)`; the approval's new re-read
    (`deps.crm.history(...)` in review.resolve) has no timeout at all. A CRM that accepts and never answers hangs
    the approval: the CLI, the review page's POST and the Slack button handler wait forever (the item stays open,
    the reviewer sees nothing). It should be refused like a failing CRM, within crm_timeout."""
    crm = _Crm(sdeps.crm)
    deps = replace(sdeps, crm=crm, crm_timeout=0.5)
    lead = example_lead('01-hospital-group-demo.json')
    rec = await triage(lead, deps)
    assert rec.state == 'review' and rec.decision is not None and 'crm_unavailable' in rec.decision.rules
    crm.hang = True
    try:
        with pytest.raises(LeadAgentError, match='CRM history still cannot be read'):
            await asyncio.wait_for(resolve(rec.run_id, 'approve', deps, to='sales', by='dana'), 10)
    except TimeoutError:
        pytest.fail('the approval hung on the CRM re-read for 10 s (crm_timeout is 0.5 s)')


async def test_an_approval_while_an_in_process_crm_unavailable_run_posts_skips_the_crm_reread(
        sdeps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """The approval re-reads the CRM only when the record's errors hold 'retrieve.crm: '. An in-process run's early
    record (the one an approval meets while the run's review post waits for Slack, which helper-68 made
    approvable) has only `_INTERRUPTED`: the approval of a `crm_unavailable` lead routes it from an empty history,
    to the round robin's pick past the customer's CRM owner (helper-69's finding 3 again), and with the CRM still
    down it is not refused."""
    deps = sdeps
    lead = example_lead('01-hospital-group-demo.json')
    owner = Assignment(team='sales', owner='Zed Owner', reason='crm_owner')
    await deps.crm.create_contact(lead, 'customer since 2024', 'seed-run', owner=owner)
    crm = _Crm(deps.crm)
    run_deps = replace(deps, crm=crm)
    real = run_deps.notifier.post_review
    decided: list[Any] = []

    async def post_review(run_id: str, *a: Any, **kw: Any) -> str:
        crm.down = False  # HubSpot is back by the time a reviewer clicks
        try:
            decided.append(await resolve(run_id, 'approve', run_deps, to='sales', by='dana'))
        except LeadAgentError as e:
            decided.append(str(e))
        return await real(run_id, *a, **kw)

    monkeypatch.setattr(run_deps.notifier, 'post_review', post_review)
    rec = await triage(lead, run_deps)
    [outcome] = decided
    if isinstance(outcome, str):
        return  # refused while the run still works: fine
    stored = await deps.runs.get(rec.run_id)
    assert stored is not None and stored.owner is not None
    assert (stored.owner.owner, stored.owner.reason) == ('Zed Owner', 'crm_owner'), \
        f'the customer was routed to {stored.owner.owner} ({stored.owner.reason}), past its CRM owner'


async def test_a_rejection_while_an_in_process_run_posts_drops_the_runs_decision(
        sdeps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """`_as_run_ended` keeps the stored `decision` whenever a person decided meanwhile. For an approval that is the
    person's `human_approved`; for a rejection it is the early record's None: the run's own decision (its rules,
    here `crm_unavailable`) is thrown away. `review export` then takes the unknown CRM history as the case's truth
    (it skips crm_unavailable rejections by reading `decision.rules`), and `lead-agent log`'s rule counts miss it."""
    from lead_agent.evals.export import case_from_review

    deps = sdeps
    crm = _Crm(deps.crm)
    run_deps = replace(deps, crm=crm)
    real = run_deps.notifier.post_review

    async def post_review(run_id: str, *a: Any, **kw: Any) -> str:
        with pytest.raises(LeadAgentError, match='still being triaged'):  # refused while the run may be running
            await resolve(run_id, 'reject', run_deps, by='dana')
        return await real(run_id, *a, **kw)

    monkeypatch.setattr(run_deps.notifier, 'post_review', post_review)
    rec = await triage(example_lead('01-hospital-group-demo.json'), run_deps)
    rejected = await resolve(rec.run_id, 'reject', run_deps, by='dana')  # once it has recorded
    stored = await deps.runs.get(rec.run_id)
    assert stored is not None and stored.state == 'rejected' == rejected.state
    assert stored.decision is not None and 'crm_unavailable' in stored.decision.rules, \
        f'the run decided human_review (crm_unavailable), its record says {stored.decision}'
    assert stored.reviewed is not None
    assert case_from_review(stored, stored.reviewed) is None


async def test_a_refused_approval_of_a_rejected_copy_still_claims_the_submission(sdeps: TriageDeps) -> None:
    """`resolve` claims the run's dedupe key BEFORE it checks that the review item is open. Two rate-limited copies
    of one submission (a double-click past the limit; neither claimed it). A reviewer rejects the second; a stale
    Approve button (the Slack post, or the review page open in another tab) on it is clicked: refused ('not in the
    review queue' or the like), but the key is now that rejected run's. Approving the first copy, the only live one,
    is refused as 'the same submission as run <rejected>, which was triaged already: reject this one' for the
    whole dedupe window: following the message loses the lead."""
    from .test_drill_fixes import _up_to_the_limit  # pyright: ignore[reportPrivateUsage]

    deps = sdeps
    lead, key, _ = await _up_to_the_limit(deps)
    copy = lead.model_copy(update={'message': lead.message + ' Urgent.', 'rate_key': key})
    first = await triage(copy, deps)
    second = await triage(copy, deps)
    assert (first.state, second.state) == ('rate_limited', 'rate_limited')
    await resolve(second.run_id, 'reject', deps, by='dana')
    with pytest.raises(LeadAgentError):
        await resolve(second.run_id, 'approve', deps, to='sales', by='luis')  # the stale button
    approved = await resolve(first.run_id, 'approve', deps, to='sales', by='dana')
    assert approved.state == 'routed_sales'


async def test_an_approval_routing_while_the_in_process_run_records_saves_over_the_runs_record(
        sdeps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-68's window, other order: a reviewer approves while the run's review post waits for Slack; the
    approval is still routing (HubSpot slow) when the post returns and the run records (`change(_as_run_ended)`,
    which keeps the decision). The approval then ends with `runs.save(rec)` of the WHOLE record it routed from,
    the early one: the run's classification, usage, latency and its own errors are gone, and the routed lead's
    record still says 'interrupted: the run stopped before it finished'."""
    from lead_agent import pipeline as pipeline_mod

    from .test_owners import physio

    deps = sdeps
    real_post, real_create = deps.notifier.post_review, deps.crm.create_contact
    entered, release = asyncio.Event(), asyncio.Event()
    tasks: list[asyncio.Task[Any]] = []

    async def create_contact(*a: Any, **kw: Any) -> Any:
        entered.set()
        await release.wait()  # HubSpot is slow
        return await real_create(*a, **kw)

    async def post_review(run_id: str, *a: Any, **kw: Any) -> str:
        tasks.append(asyncio.create_task(resolve(run_id, 'approve', deps, to='sales', by='luis')))
        await asyncio.wait([tasks[0], asyncio.create_task(entered.wait())], return_when=asyncio.FIRST_COMPLETED)
        return await real_post(run_id, *a, **kw)

    monkeypatch.setattr(deps.notifier, 'post_review', post_review)
    monkeypatch.setattr(deps.crm, 'create_contact', create_contact)
    rec = await triage(physio(email='tom@gmail.com'), deps)
    [task] = tasks
    if task.done():  # refused while the run still works: fine
        with pytest.raises(LeadAgentError):
            task.result()
        return
    assert rec.classification is not None
    release.set()
    approved = await task
    assert approved.state == 'routed_sales'
    stored = await deps.runs.get(rec.run_id)
    assert stored is not None and stored.state == 'routed_sales'
    assert pipeline_mod._INTERRUPTED not in stored.errors, stored.errors  # pyright: ignore[reportPrivateUsage]
    assert stored.classification is not None, "the run's classification was saved over by the approval"
    assert 'review_item' in [a.kind for a in stored.actions]


async def test_a_copy_past_the_limit_still_silences_the_flood_notice_when_a_new_submission_lands_meanwhile(
        sdeps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-69's finding 2 was fixed by `forget_hit` AFTER the count: a copy that got hit 6 (the first over the
    limit) is taken out of the count, so the next is 'the first'. But a submission counted between the copy's
    `hit` and its `forget_hit` got hit 7 (not first: no notice), and nothing after it was first either: the
    submitter's flood reached the queue while the review channel never heard of it. Now the first rate-limited run
    to claim the submitter's notice posts it, whatever the counts."""
    from .test_drill_fixes import _up_to_the_limit, outbox  # pyright: ignore[reportPrivateUsage]

    deps = sdeps
    lead, key, leads = await _up_to_the_limit(deps)
    real_claimed_by = deps.intake.claimed_by
    flood: list[Any] = []
    hooked = [True]

    async def claimed_by(*a: Any, **kw: Any) -> Any:
        if hooked.pop() if hooked else False:  # a new message from the submitter is counted meanwhile
            flood.append(await triage(lead.model_copy(update={'message': f'{lead.message} flood 0',
                                                               'rate_key': key}), deps))
        return await real_claimed_by(*a, **kw)

    monkeypatch.setattr(deps.intake, 'claimed_by', claimed_by)
    dup = await triage(leads[0], deps)  # hit 6, a double-click of #0
    monkeypatch.setattr(deps.intake, 'claimed_by', real_claimed_by)
    assert dup.state == 'duplicate'
    flood += [await triage(lead.model_copy(update={'message': f'{lead.message} flood {i}', 'rate_key': key}), deps)
              for i in (1, 2)]
    assert [r.state for r in flood] == ['rate_limited'] * 3
    assert len(outbox(deps, 'slack_review')) == 1, 'the review channel never heard of the flood'
