from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from typing import Any

import pytest
from dirty_equals import IsStr
from inline_snapshot import snapshot
from pydantic_ai.messages import ToolReturnPart

from lead_agent import IntegrationError, Lead, LeadAgentError, TriageDeps, resolve, restore, triage
from lead_agent.guards import submitter_key
from lead_agent.store import read_outbox

from .helpers import EXAMPLES, call_tools, classification, example_lead, scripted, tool_returns


def outbox(deps: TriageDeps, kind: str | None = None) -> list[dict[str, Any]]:
    return read_outbox(deps.db, kind)


def contacts(deps: TriageDeps) -> list[dict[str, Any]]:
    return deps.crm.contacts()  # type: ignore[attr-defined]


async def test_rules_model_on_every_sample_lead(deps: TriageDeps) -> None:
    results: dict[str, tuple[str, str, list[str]]] = {}
    for path in sorted((EXAMPLES / 'leads').glob('*.json')):
        rec = await triage(Lead.from_submission(json.loads(path.read_text())), deps)
        assert rec.classification is not None and rec.decision is not None
        results[path.stem] = (rec.state, rec.decision.action, rec.decision.rules)
    assert results == snapshot(
        {
            '01-hospital-group-demo': ('routed_sales', 'auto_route_sales', []),
            '02-physio-pricing': ('routed_sales', 'auto_route_sales', []),
            '03-customer-support': ('routed_support', 'auto_route_support', []),
            '04-customer-upgrade': ('routed_sales', 'auto_route_sales', []),
            '05-researching': ('routed_sales', 'auto_route_sales', []),
            '06-free-email-buyer': ('review', 'human_review', []),
            '07-seo-spam': ('rejected', 'auto_reject_spam', ['unverified_cap']),
            '08-competitor': ('review', 'human_review', ['disqualifier']),
            '09-prompt-injection': ('review', 'human_review', ['suspicious_content', 'unusual_text']),
            '10-short-message': ('review', 'human_review', []),
            '11-student': ('review', 'human_review', ['disqualifier']),
            '12-dutch-buyer': ('routed_sales', 'auto_route_sales', []),
            '13-crypto-spam': ('rejected', 'auto_reject_spam', ['unverified_cap']),
        }
    )


async def test_routed_lead_creates_contact_then_posts_and_acknowledges(deps: TriageDeps) -> None:
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    assert rec.state == 'routed_sales'
    assert [(a.kind, a.status) for a in rec.actions] == [
        ('crm_contact', 'done'), ('slack_summary', 'done'), ('email_ack', 'done')]
    [contact] = contacts(deps)
    assert contact['email'] == 'priya.raman@havenhospitals.com'
    assert contact['notes'] == [IsStr(regex=rf'lead-agent run {rec.run_id}\nIntent: buying .*', regex_flags=16)]
    [slack] = outbox(deps, 'slack_summary')
    blocks = json.loads(slack['payload'])['blocks']
    assert slack['target'] == '#founder-deals'
    assert f'lead-agent://crm/contacts/{contact["id"]}' in json.dumps(blocks)
    assert blocks[-1]['elements'][0]['text']['text'] == 'Take this lead'
    [mail] = outbox(deps, 'email_ack')
    assert json.loads(mail['payload'])['subject'] == 'Thanks for contacting CareFlow'
    stored = await deps.runs.get(rec.run_id)
    assert stored == rec
    assert set(rec.latency_ms) == {'precheck', 'retrieve', 'classify', 'decide', 'act', 'total'}


async def test_scripted_valid_output(deps: TriageDeps) -> None:
    model, seen = scripted(classification())
    deps = replace(deps, model=model)
    rec = await triage(example_lead('02-physio-pricing.json'), deps)
    assert rec.state == 'routed_sales'
    assert rec.classification is not None and rec.classification.fit_score == 85
    assert rec.usage.requests == 1 and len(seen) == 1


async def test_invalid_then_valid_output_retries_once_restating_the_schema(deps: TriageDeps) -> None:
    model, seen = scripted(classification(intent='purchase', fit_score=140), classification())
    deps = replace(deps, model=model)
    rec = await triage(example_lead('02-physio-pricing.json'), deps)
    assert rec.state == 'routed_sales'
    assert rec.usage.requests == 2
    retry = [p for p in seen[1][-1].parts if isinstance(p, ToolReturnPart)]  # type: ignore[union-attr]
    feedback = retry[0].model_response_str()
    assert 'intent' in feedback and 'fit_score' in feedback
    assert 'recommended_action (auto_route_sales|auto_route_support|human_review|auto_reject_spam)' in feedback


async def test_invalid_twice_goes_to_review_as_schema_validation_failed(deps: TriageDeps) -> None:
    model, seen = scripted(classification(confidence=3.0), classification(summary_for_slack='short'))
    deps = replace(deps, model=model)
    rec = await triage(example_lead('02-physio-pricing.json'), deps)
    assert len(seen) == 2
    assert rec.state == 'review'
    assert rec.classification is None
    assert rec.decision is not None and rec.decision.rules == ['model_unavailable']
    assert rec.errors == [IsStr(regex=r'classify: schema_validation_failed: .*')]
    [item] = await deps.review.items()
    assert item.run_id == rec.run_id and 'schema_validation_failed' in item.reason
    assert contacts(deps) == [] and outbox(deps, 'slack_summary') == []


async def test_model_exception_goes_to_review_with_the_error(deps: TriageDeps) -> None:
    model, _ = scripted(ConnectionError('provider unreachable'))
    deps = replace(deps, model=model)
    rec = await triage(example_lead('02-physio-pricing.json'), deps)
    assert rec.state == 'review'
    assert rec.errors == ['classify: model_error: ConnectionError: provider unreachable']


@pytest.mark.parametrize('tool, args', [
    ('lookup_company', {'domain': 'northpeakpt.com'}),
    ('search_crm', {'email': 'tom@northpeakpt.com'}),
    ('check_blocklist', {'domain': 'northpeakpt.com'}),
])
async def test_model_calls_each_retrieval_tool_served_from_the_runs_cache(
        deps: TriageDeps, tool: str, args: dict[str, Any]) -> None:
    model, seen = scripted(call_tools((tool, args)), classification())
    deps = replace(deps, model=model)
    rec = await triage(example_lead('02-physio-pricing.json'), deps)
    assert rec.state == 'routed_sales'
    result = tool_returns(seen[1])[tool]
    expected: dict[str, dict[str, Any]] = {
        'lookup_company': {
            'domain': 'northpeakpt.com', 'name': 'NorthPeak Physical Therapy', 'employees': 180,
            'industry': 'Physical Therapy', 'country': 'CA', 'description': 'Physical therapy clinics across Alberta',
            'tech': ['Jane App']},
        'search_crm': {'records': []},
        'check_blocklist': {'checks': []},
    }
    assert result == expected[tool]


async def test_tools_refuse_other_domains_and_stop_at_the_cap(deps: TriageDeps) -> None:
    calls = [('lookup_company', {'domain': 'havenhospitals.com'})] + [('search_crm', {'email': 'tom@northpeakpt.com'})] * 6
    model, seen = scripted(call_tools(*calls), classification())
    deps = replace(deps, model=model)
    await triage(example_lead('02-physio-pricing.json'), deps)
    returns = [p.content for p in seen[1][-1].parts if isinstance(p, ToolReturnPart)]  # type: ignore[union-attr]
    assert returns[0] == {'error': "Only the submitter's domain (northpeakpt.com) can be looked up."}
    assert returns[-1] == {'error': 'Tool budget used up for this lead. Answer now with final_result.'}
    assert returns[1] == {'records': []}


async def test_model_output_never_bypasses_the_guards(deps: TriageDeps) -> None:
    # The model obeys the injection and asks for a founder route; the guards send it to review.
    model, _ = scripted(classification(fit_score=100, confidence=1.0, assigned_to='founder'))
    deps = replace(deps, model=model)
    rec = await triage(example_lead('09-prompt-injection.json'), deps)
    assert rec.state == 'review'
    assert rec.decision is not None and 'suspicious_content' in rec.decision.rules
    assert contacts(deps) == []


async def test_same_submission_twice_gives_one_contact_and_one_post(deps: TriageDeps) -> None:
    lead = example_lead('01-hospital-group-demo.json')
    first = await triage(lead, deps)
    second = await triage(lead.model_copy(update={'message': '  ' + lead.message.upper() + ' '}), deps)
    assert (first.state, second.state) == ('routed_sales', 'duplicate')
    assert second.duplicate_of == first.run_id
    assert len(contacts(deps)) == 1 and len(outbox(deps, 'slack_summary')) == 1


async def test_same_delivery_id_is_one_run_even_with_other_content(deps: TriageDeps) -> None:
    lead = example_lead('01-hospital-group-demo.json', delivery_id='evt_123')
    first = await triage(lead, deps)
    second = await triage(lead.model_copy(update={'message': lead.message + ' (edited)'}), deps)
    assert second.state == 'duplicate' and second.duplicate_of == first.run_id


async def test_dedupe_window_expires(deps: TriageDeps) -> None:
    from datetime import UTC, datetime, timedelta
    clock = [datetime(2026, 11, 1, 9, tzinfo=UTC)]
    deps = replace(deps, now=lambda: clock[0])
    lead = example_lead('02-physio-pricing.json')
    assert (await triage(lead, deps)).state == 'routed_sales'
    clock[0] += timedelta(hours=23)
    assert (await triage(lead, deps)).state == 'duplicate'
    clock[0] += timedelta(hours=2)
    again = await triage(lead, deps)
    assert again.state == 'routed_sales'
    assert [(a.kind, a.status) for a in again.actions][0] == ('crm_contact', 'existing')
    assert len(contacts(deps)) == 1 and len(contacts(deps)[0]['notes']) == 2


async def test_ten_concurrent_duplicates_one_contact_one_post(policy: Any, database_url: str) -> None:
    from lead_agent import local_deps
    deps = local_deps(policy, database_url=database_url)
    try:
        lead = example_lead('01-hospital-group-demo.json', source_ip=None)
        records = await asyncio.gather(*(triage(lead, deps) for _ in range(10)))
        states = sorted(r.state for r in records)
        assert states == ['duplicate'] * 9 + ['routed_sales']
        assert len(contacts(deps)) == 1
        assert len(outbox(deps, 'slack_summary')) == 1 and len(outbox(deps, 'email_ack')) == 1
        assert len(await deps.runs.recent()) == 10
    finally:
        deps.db.dispose()  # type: ignore[attr-defined]


async def test_concurrent_different_submissions_same_email_one_contact(deps: TriageDeps) -> None:
    lead = example_lead('01-hospital-group-demo.json', source_ip=None)
    variants = [lead.model_copy(update={'message': f'{lead.message} Variant {i}.'}) for i in range(5)]
    records = await asyncio.gather(*(triage(v, deps) for v in variants))
    assert sorted(r.state for r in records) == ['routed_sales'] * 5
    [contact] = contacts(deps)
    assert len(contact['notes']) == 5
    assert sorted(a.status for r in records for a in r.actions if a.kind == 'crm_contact') == ['done'] + ['existing'] * 4


async def test_a_run_resumed_after_its_precheck_counts_its_submission_once(deps: TriageDeps) -> None:
    """A durable run killed after its precheck counted the submission, before the step was checkpointed, runs the
    precheck again: it gets the count it got the first time. The fifth submission of the hour stays under the limit
    (5) however often its run resumes, and the sixth stays the first over it, the one the review channel hears of."""
    lead = example_lead('01-hospital-group-demo.json')
    key = submitter_key(lead.source_ip, lead.email)
    leads = [lead.model_copy(update={'message': f'{lead.message} #{i}', 'rate_key': key}) for i in range(6)]
    records = [await triage(one, deps, run_id=f'run-{i}') for i, one in enumerate(leads)]
    assert [r.state for r in records] == ['routed_sales'] * 5 + ['rate_limited']
    again = [await triage(leads[i], deps, run_id=f'run-{i}') for i in (4, 5, 4)]  # resumed, twice for the fifth
    assert [r.state for r in again] == ['routed_sales', 'rate_limited', 'routed_sales']
    assert again[1].errors == records[5].errors == ['6 submissions from this submitter in 3600 s (limit 5)']
    assert [row['run_id'] for row in outbox(deps, 'slack_review')] == ['run-5']  # heard of once
    later = await triage(leads[0].model_copy(update={'message': 'A seventh.'}), deps, run_id='run-6')
    assert later.state == 'rate_limited' and later.errors == ['7 submissions from this submitter in 3600 s (limit 5)']


async def test_rate_limit_keeps_what_it_stops_for_a_human(deps: TriageDeps) -> None:
    """Over the limit (5 an hour by default) a submission is not triaged but kept: a review item each, one post to
    the review channel for the first; a human can approve it. Without a rate key (the CLI, a library call) no limit."""
    lead = example_lead('01-hospital-group-demo.json')
    key = submitter_key(lead.source_ip, lead.email)
    leads = [lead.model_copy(update={'message': f'{lead.message} #{i}', 'rate_key': key}) for i in range(8)]
    records = [await triage(one, deps) for one in leads]
    assert [r.state for r in records] == ['routed_sales'] * 5 + ['rate_limited'] * 3
    limited = [r.run_id for r in records[5:]]
    assert [i.run_id for i in await deps.review.items()] == limited
    assert [i.reason for i in await deps.review.items()][0].startswith('rate limited: 6 submissions from this submitter')
    assert [row['run_id'] for row in outbox(deps, 'slack_review')] == limited[:1]  # the channel hears once
    approved = await resolve(limited[2], 'approve', deps, to='sales', by='dana')
    assert approved.state == 'routed_sales' and [a.kind for a in approved.actions][-3:] == [
        'crm_contact', 'slack_summary', 'email_ack']
    unkeyed = await triage(leads[0].model_copy(update={'message': 'Another one', 'rate_key': None}), deps)
    assert unkeyed.state == 'routed_sales'


async def test_copies_past_the_rate_limit_are_duplicates_and_never_approved_twice(deps: TriageDeps) -> None:
    """helper-67: one body sent 10 times (a double-clicking submitter, a vendor's retries under new ids) gave 1
    routed run, 4 duplicates and 5 rate-limited review items; approving one of those repeated every side effect (a
    second Slack post, email, CRM note and owner). Past the limit a copy of a triaged run is its duplicate (looked
    up, not claimed); a rate-limited run claims its submission when approved, and one a run has claimed since is
    refused, its item left open."""
    lead = example_lead('01-hospital-group-demo.json')
    key = submitter_key(lead.source_ip, lead.email)
    same = lead.model_copy(update={'rate_key': key})
    records = [await triage(same, deps) for _ in range(10)]
    assert [r.state for r in records] == ['routed_sales'] + ['duplicate'] * 9
    assert {r.duplicate_of for r in records[1:]} == {records[0].run_id}
    assert await deps.review.items() == []
    assert len(outbox(deps, 'slack_summary')) == 1 and len(outbox(deps, 'email_ack')) == 1
    # A new message past the limit is kept for a person; a copy of it claimed by another run meanwhile (the copies
    # raced: this one counted over the limit before the first had claimed it) cannot be approved into a second round.
    fresh = await triage(same.model_copy(update={'message': lead.message + ' And a second question.'}), deps)
    assert fresh.state == 'rate_limited'
    assert await deps.intake.claim(fresh.dedupe_key, None, 'a-racing-copy', deps.now(), 24) is None
    with pytest.raises(LeadAgentError, match='same submission as run a-racing-co'):
        await resolve(fresh.run_id, 'approve', deps, to='sales', by='dana')
    assert [i.run_id for i in await deps.review.items()] == [fresh.run_id]  # still open: reject it
    rejected = await resolve(fresh.run_id, 'reject', deps, by='dana')
    assert rejected.state == 'rejected'
    # Unclaimed, it is approved and claims the submission: a later copy past the limit is its duplicate.
    third = await triage(same.model_copy(update={'message': lead.message + ' A third question.'}), deps)
    approved = await resolve(third.run_id, 'approve', deps, to='sales', by='dana')
    assert approved.state == 'routed_sales'
    copy = await triage(same.model_copy(update={'message': lead.message + ' A third question.'}), deps)
    assert copy.state == 'duplicate' and copy.duplicate_of == third.run_id


async def test_blocklisted_domain_ends_before_the_model(deps: TriageDeps) -> None:
    model, seen = scripted(classification())
    deps = replace(deps, model=model)
    rec = await triage(Lead(email='x@seo-rocket.net', message='hello'), deps)
    assert rec.state == 'blocked' and seen == [] and rec.classification is None


class _FailingCRM:
    def __init__(self, inner: Any, fail_create: bool = False, slow_history: bool = False) -> None:
        self.inner, self.fail_create, self.slow_history = inner, fail_create, slow_history

    async def history(self, email: str) -> Any:
        if self.slow_history:
            await asyncio.sleep(5)
        return await self.inner.history(email)

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Any = None) -> Any:
        if self.fail_create:
            raise IntegrationError('crm', 'server error', status=500)
        return await self.inner.create_contact(lead, note, run_id, owner=owner)

    async def set_owner(self, contact_id: str, owner: Any) -> None:
        await self.inner.set_owner(contact_id, owner)


async def test_crm_outage_lands_in_review_as_failed_with_nothing_posted(deps: TriageDeps) -> None:
    deps = replace(deps, crm=_FailingCRM(deps.crm, fail_create=True))
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    assert rec.state == 'failed'
    assert rec.errors == ['act.crm_contact: IntegrationError: crm: server error (HTTP 500)']
    assert outbox(deps, 'slack_summary') == []
    [item] = await deps.review.items()
    assert item.run_id == rec.run_id and item.reason.startswith('action failed: act.crm_contact')


async def test_slow_crm_search_times_out_into_a_note_and_a_person(deps: TriageDeps) -> None:
    deps = replace(deps, crm=_FailingCRM(deps.crm, slow_history=True), crm_timeout=0.05)
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    assert rec.state == 'review'  # routed before, past an owner and a customer's standing nobody could read
    assert rec.errors == ['retrieve.crm: timed out after 0.05 s']
    assert rec.decision is not None and rec.decision.rules == ['crm_unavailable']


class _FlakyHistory:
    """A CRM whose search fails (HubSpot unreachable) the first `failures` times."""

    def __init__(self, inner: Any, failures: int) -> None:
        self.inner, self.failures, self.searches = inner, failures, 0

    async def history(self, email: str) -> Any:
        self.searches += 1
        if self.searches <= self.failures:
            raise IntegrationError('hubspot', 'contact search: connection refused')
        return await self.inner.history(email)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_a_customer_writing_while_the_crm_is_down_is_never_rejected(deps: TriageDeps) -> None:
    """helper-67: a known customer's spam-looking message, sent while the CRM search failed, was rejected as spam
    (`known_contact` saw an empty history), with no review item. The search is retried within `retry_for`; past it,
    a person decides."""
    spam = classification(intent='spam', recommended_action='auto_reject_spam', assigned_to=None, fit_score=0,
                          confidence=0.95)
    model, _ = scripted(spam, spam)
    lead = Lead(email='ops@brightpath-seo.com', name='Kim', company='Brightpath SEO',
                message='Guaranteed first page ranking! Click here to claim your free SEO audit, limited offer, '
                        'act now and get 50% off our link building packages this week only')
    await deps.crm.create_contact(lead, 'customer since 2024', 'seed-run')
    down = replace(deps, model=model, crm=_FlakyHistory(deps.crm, failures=100))
    rec = await triage(lead, down)
    assert rec.state == 'review' and rec.decision is not None and 'crm_unavailable' in rec.decision.rules
    assert rec.run_id in [i.run_id for i in await deps.review.items()]
    # Back within the retry budget: the search is tried again, and the customer is known.
    flaky = _FlakyHistory(deps.crm, failures=2)
    back = replace(deps, model=model, crm=flaky, retry_for=30.0)
    again = await triage(lead.model_copy(update={'message': lead.message + ' (sent again)'}), back)
    assert flaky.searches == 3
    assert again.crm_history and again.decision is not None
    assert again.state == 'review' and 'known_contact' in again.decision.rules


async def test_a_step_retried_through_an_outage_says_so_in_the_log(deps: TriageDeps,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """A production drill took HubSpot and Slack down for 60 s: every run waited and finished, and the logs said
    nothing while it lasted. Each retry is now a warning naming the step and the error's kind, not its text."""
    lead = example_lead('01-hospital-group-demo.json')
    flaky = _FlakyHistory(deps.crm, failures=2)
    with caplog.at_level(logging.WARNING, logger='lead_agent.pipeline'):
        rec = await triage(lead, replace(deps, crm=flaky, retry_for=30.0))
    assert rec.crm_history is not None and flaky.searches == 3
    retries = [r.getMessage() for r in caplog.records if 'trying again' in r.getMessage()]
    assert len(retries) == 2, retries
    assert all(m.startswith('retrieve.crm failed (IntegrationError)') for m in retries), retries
    assert lead.email not in ' '.join(retries)


class _BrokenNotifier:
    async def post_summary(self, *args: Any, **kwargs: Any) -> str:
        raise IntegrationError('slack', 'channel_not_found')

    async def post_review(self, *args: Any) -> str:
        raise IntegrationError('slack', 'channel_not_found')


async def test_slack_failure_after_contact_is_failed_and_reviewable(deps: TriageDeps) -> None:
    deps = replace(deps, notifier=_BrokenNotifier())
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    assert rec.state == 'failed'
    assert [(a.kind, a.status) for a in rec.actions][:3] == [
        ('crm_contact', 'done'), ('slack_summary', 'failed'), ('email_ack', 'done')]
    assert [i.run_id for i in await deps.review.items()] == [rec.run_id]


async def test_review_approve_routes_once_and_reject_restore(deps: TriageDeps) -> None:
    queued = await triage(example_lead('06-free-email-buyer.json'), deps)
    assert queued.state == 'review'
    approved = await resolve(queued.run_id, 'approve', deps, to='sales', by='dana')
    assert approved.state == 'routed_sales'
    assert approved.reviewed is not None and approved.reviewed.decided_by == 'dana'
    assert [c['email'] for c in contacts(deps)] == ['mark.jensen1979@gmail.com']
    with pytest.raises(Exception, match='already approved by dana'):
        await resolve(queued.run_id, 'approve', deps, to='sales', by='luis')
    assert len(contacts(deps)) == 1

    spam = await triage(example_lead('11-student.json'), deps)
    rejected = await resolve(spam.run_id, 'reject', deps, by='dana')
    assert rejected.state == 'rejected'
    restored = await restore(spam.run_id, deps)
    assert restored.state == 'review'
    assert [i.run_id for i in await deps.review.items()] == [spam.run_id]


async def test_auto_rejected_spam_can_be_restored(deps: TriageDeps) -> None:
    rec = await triage(example_lead('07-seo-spam.json'), deps)
    assert rec.state == 'rejected'
    assert (await restore(rec.run_id, deps)).state == 'review'


async def test_restores_at_once_open_a_rejected_item_once_and_never_an_approved_one(deps: TriageDeps) -> None:
    """helper-199: a restore read the run, then opened its item whatever its state. Eight at once each said
    "restored", and one that had read "rejected" before an approval opened the approved item again: a second approval
    went through and posted the lead to Slack twice. The item is opened only from rejected, in one transaction."""
    queued = await triage(example_lead('06-free-email-buyer.json'), deps)
    await resolve(queued.run_id, 'reject', deps, by='dana')
    restores = await asyncio.gather(*(restore(queued.run_id, deps) for _ in range(8)), return_exceptions=True)
    refused = [str(r) for r in restores if isinstance(r, BaseException)]
    assert len(refused) == 7 and all('restored or decided meanwhile' in r or 'is review' in r for r in refused), refused
    approved = await resolve(queued.run_id, 'approve', deps, to='sales', by='luis')
    assert approved.state == 'routed_sales'
    # What a restore that read "rejected" before the approval does now: the approved item stays approved.
    assert not await deps.review.reopen(queued.run_id, 'restored by a human', deps.now(), was='rejected', or_absent=True)
    [item] = await deps.review.items(None)
    assert (item.status, item.decided_by) == ('approved', 'luis')
    with pytest.raises(LeadAgentError, match='already approved by luis'):
        await resolve(queued.run_id, 'approve', deps, to='sales', by='dana')
    assert len(contacts(deps)) == 1 and len(outbox(deps, 'slack_summary')) == 1


async def test_crash_inside_a_stage_is_recorded_as_failed(deps: TriageDeps) -> None:
    class Exploding:
        async def lookup(self, domain: str) -> Any:
            raise RuntimeError('boom')

    deps = replace(deps, companies=Exploding())
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    # a lookup failure is only a note; the run goes on without company data
    assert rec.errors == ['retrieve.company: RuntimeError: boom'] and rec.enrichment is None
    assert rec.state in ('routed_sales', 'review')


async def test_pipeline_bug_still_records_the_lead(deps: TriageDeps) -> None:
    class Broken:
        async def send_ack(self, *args: Any) -> str:
            raise AssertionError('bug')

    deps = replace(deps, mailer=Broken())
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    assert rec.state == 'failed'
    stored = await deps.runs.get(rec.run_id)
    assert stored is not None and stored.state == 'failed' and stored.lead == rec.lead


async def test_huge_empty_and_html_submissions_end_in_a_recorded_state(deps: TriageDeps) -> None:
    huge = Lead.from_submission({'email': 'it@havenhospitals.com', 'message': 'We need a demo. ' + 'x' * 1_000_000})
    empty = Lead.from_submission({'email': 'it@havenhospitals.com', 'message': ''})
    html = Lead.from_submission({'email': 'cio@havenhospitals.com', 'name': '<b>Bob</b> <!channel> @here',
                                 'company': '<a href="http://evil">Haven</a>', 'form': 'demo',
                                 'message': 'We want a demo and pricing for our 40 sites on Epic. <script>x()</script>'})
    states = [(await triage(lead, deps)).state for lead in (huge, empty, html)]
    # The HTML lead is a real buyer, but markup that runs or hides (a script, a link whose text is not its target)
    # is unusual text: a person reads it first. Its review post reaches Slack with the markup as text.
    assert states == ['review', 'review', 'review']
    stored = await deps.runs.get((await deps.runs.recent())[-1].run_id)
    assert stored is not None and stored.lead is not None and stored.lead.message_truncated
    payload = outbox(deps, 'slack_review')[-1]['payload']
    assert '<!channel>' not in payload and '<a href' not in payload and '<b>' not in payload
    assert '&lt;!channel&gt;' in payload and '@\\u200bhere' in payload


@pytest.mark.parametrize('durable', [False, True], ids=['in process', 'durable'])
async def test_a_precheck_that_fails_ends_failed_and_in_review(deps: TriageDeps, durable: bool) -> None:
    """A precheck that raised (a check's bug: a link `urlsplit` refused raised out of `_unusual` once; or the database
    refusing the rate limit's write past the retries) raised out of the run: in process nothing was recorded, and a
    durable run's workflow ended in an error with its record still 'queued: not triaged yet' and no review item. It
    now ends `failed`, in review, with the review channel told, as any later stage's failure does."""
    import sqlite3

    import psycopg
    from sqlalchemy import event

    full = sqlite3.OperationalError if deps.db.engine.dialect.name == 'sqlite' else psycopg.OperationalError

    def disk_full(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith('INSERT INTO IP_HITS'):
            raise full('database or disk is full')

    lead = example_lead('01-hospital-group-demo.json').model_copy(update={'rate_key': '198.51.100.7'})
    event.listen(deps.db.engine, 'before_cursor_execute', disk_full)
    try:
        if durable:
            from lead_agent.runs import Engine

            async with Engine(deps) as engine:
                rec = await engine.result(await engine.submit(lead))
                [status] = await engine.client.list_workflows_async(workflow_ids=[rec.run_id])
            assert status.status == 'SUCCESS'
        else:
            rec = await triage(lead, deps)
    finally:
        event.remove(deps.db.engine, 'before_cursor_execute', disk_full)
    assert rec.state == 'failed' and rec.decision is None
    assert [e.split(':')[0] for e in rec.errors] == ['LeadAgentError'], rec.errors
    stored = await deps.runs.get(rec.run_id)
    assert stored is not None and stored.state == 'failed' and stored.errors == rec.errors
    [item] = [i for i in await deps.review.items(None) if i.run_id == rec.run_id]
    assert item.reason.startswith('run failed: LeadAgentError: precheck: OperationalError')
    assert [(a.kind, a.status) for a in rec.actions] == [('review_item', 'done'), ('slack_review', 'done')]
