"""`triage()`: the six stages of one run (DESIGN §1). Every accepted submission ends in one recorded state."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, TypeVar
from uuid import uuid4

import logfire_api as logfire
from pydantic_ai import Agent, capture_run_messages
from pydantic_ai.exceptions import AgentRunError, UnexpectedModelBehavior
from pydantic_ai.messages import ModelMessage, ModelResponse
from pydantic_ai.models import Model
from pydantic_ai.models.fallback import FallbackModel
from pydantic_ai.settings import ModelSettings
from pydantic_ai.usage import UsageLimits

from . import _domains
from .agent import AgentDeps, build_agent, lead_prompt
from .backends import CRM, CompanyLookup, Mailer, Notifier, Store
from .exceptions import LeadAgentError
from .guards import Precheck, Seen, decide, decide_without_classification, dedupe_key, precheck
from .models import ActionResult, Assignee, Classification, CrmRecord, Decision, Enrichment, Lead, RunRecord, RunUsage
from .policy import Policy
from .rules_model import RULES_MODEL_NAME, rules_model

__all__ = ('TriageDeps', 'record_unreadable', 'resolve', 'restore', 'triage')

T = TypeVar('T')
_INTERRUPTED = 'interrupted: the run stopped before it finished'


def model_label(model: Model | str) -> str:
    """A printable name for a model (the primary one, when there is a fallback)."""
    if isinstance(model, FallbackModel):
        model = model.models[0]
    return model if isinstance(model, str) else model.model_name


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class TriageDeps:
    """Everything a run depends on: the policy, the backends, the model and the clock."""

    policy: Policy
    store: Store
    companies: CompanyLookup
    crm: CRM
    notifier: Notifier
    mailer: Mailer
    model: Model | str | None = None
    """A pydantic-ai model or model string; None means the offline `rules` model."""
    model_settings: ModelSettings | None = None
    """Per-request settings for an LLM (timeout, retries); see `llm.model_settings`."""
    request_limit: int = 8
    """Most model requests one classification may make."""
    now: Callable[[], datetime] = _utcnow
    lookup_timeout: float = 5.0
    crm_timeout: float = 5.0
    model_timeout: float = 60.0
    action_timeout: float = 15.0
    _agent: Agent[AgentDeps, Classification] | None = field(default=None, repr=False)
    _rules: Model | None = field(default=None, repr=False)

    @property
    def agent(self) -> Agent[AgentDeps, Classification]:
        """The classifier for this policy (built once)."""
        if self._agent is None:
            self._agent = build_agent(self.policy)
        return self._agent

    @property
    def resolved_model(self) -> Model | str:
        """The model runs use: `model`, or the policy's `rules` model (built once)."""
        if self.model is not None:
            return self.model
        if self._rules is None:
            self._rules = rules_model(self.policy)
        return self._rules

    @property
    def model_name(self) -> str:
        """A printable name for the configured model."""
        return model_label(self.resolved_model)


@contextmanager
def _timed(rec: RunRecord, stage: str, span_name: str) -> Generator[None]:
    start = time.perf_counter()
    with logfire.span(span_name, stage=stage):
        try:
            yield
        finally:
            rec.latency_ms[stage] = round((time.perf_counter() - start) * 1000, 2)


async def _bounded(what: str, coro: Awaitable[T], timeout: float, errors: list[str]) -> T | None:
    try:
        return await asyncio.wait_for(coro, timeout)
    except TimeoutError:
        errors.append(f'{what}: timed out after {timeout} s')
    except Exception as e:  # a backend failure must become a note on the run, never a lost lead
        errors.append(f'{what}: {type(e).__name__}: {e}')
    return None


async def _retrieve(lead: Lead, pre: Precheck, deps: TriageDeps, errors: list[str]
                    ) -> tuple[Enrichment | None, str, list[CrmRecord], str]:
    async def company() -> tuple[Enrichment | None, str]:
        if pre.email_kind != 'business':
            return None, f'{lead.domain} is a {pre.email_kind} email provider, not a company'
        found = await _bounded('retrieve.company', deps.companies.lookup(lead.domain), deps.lookup_timeout, errors)
        return found, '' if found else f'no company data for {_domains.registered(lead.domain)}'

    async def history() -> tuple[list[CrmRecord], str]:
        n = len(errors)
        found = await _bounded('retrieve.crm', deps.crm.history(lead.email), deps.crm_timeout, errors)
        return (found or []), ('CRM search failed; history unknown' if len(errors) > n else '')

    (enrichment, e_note), (records, h_note) = await asyncio.gather(company(), history())
    return enrichment, e_note, records, h_note


def _usage_of(messages: list[ModelMessage]) -> RunUsage:
    usage = RunUsage()
    for m in messages:
        if isinstance(m, ModelResponse):
            usage.requests += 1
            usage.input_tokens += m.usage.input_tokens
            usage.output_tokens += m.usage.output_tokens
            usage.tool_calls += sum(1 for p in m.tool_calls if not p.tool_name.startswith('final_result'))
    return usage


async def _classify(lead: Lead, agent_deps: AgentDeps, deps: TriageDeps, rec: RunRecord
                    ) -> tuple[Classification | None, str, str]:
    """The classification, or None with (reason, detail) when there is none to trust."""
    model = deps.resolved_model
    limits = UsageLimits(request_limit=deps.request_limit)
    with capture_run_messages() as messages:
        try:
            result = await asyncio.wait_for(
                deps.agent.run(lead_prompt(lead, agent_deps), deps=agent_deps, model=model, usage_limits=limits,
                               model_settings=deps.model_settings),
                deps.model_timeout,
            )
        except UnexpectedModelBehavior as e:
            rec.usage = _usage_of(messages)
            reason = 'schema_validation_failed' if 'output retries' in e.message else 'model_error'
            return None, reason, e.message
        except (AgentRunError, TimeoutError) as e:
            rec.usage = _usage_of(messages)
            return None, 'model_error', f'{type(e).__name__}: {e}'[:500]
        except Exception as e:  # provider SDK errors outside pydantic-ai's tree: review, not loss
            rec.usage = _usage_of(messages)
            return None, 'model_error', f'{type(e).__name__}: {e}'[:500]
    rec.usage = _usage_of(messages)
    cost = result.usage.cost
    rec.cost_usd = float(cost) if cost is not None else None
    answered_by = [m.model_name for m in messages if isinstance(m, ModelResponse)][-1:]
    rec.fallback_used = isinstance(model, FallbackModel) and answered_by == [RULES_MODEL_NAME]
    if deps.model_name == RULES_MODEL_NAME:
        # The local rules model reads no tokens and costs nothing; FunctionModel's token guess would mislead.
        rec.usage.input_tokens = rec.usage.output_tokens = 0
        rec.cost_usd = 0.0
    return result.output, '', ''


def _crm_note(run_id: str, c: Classification | None, d: Decision) -> str:
    head = f'lead-agent run {run_id}\n'
    if c is None:
        return head + f'No model classification. Guard rules: {", ".join(d.rules) or "none"}'
    return head + (f'Intent: {c.intent} · fit {c.fit_score}/100 · confidence {c.confidence:.2f} · '
                   f'priority {d.priority}\nReasoning: {c.fit_reasoning}\nSummary: {c.summary_for_slack}\n'
                   f'Guard rules: {", ".join(d.rules) or "none"}')


async def _route(lead: Lead, c: Classification | None, d: Decision, deps: TriageDeps, rec: RunRecord) -> list[str]:
    """CRM contact first (the Slack post links it), then Slack and the acknowledgement in parallel."""
    policy, run_id = deps.policy, rec.run_id
    assert d.assigned_to is not None and d.action in ('auto_route_sales', 'auto_route_support')
    errors: list[str] = []
    route = policy.routing.get(d.assigned_to) or policy.routing['sales']
    contact = await _bounded('act.crm_contact', deps.crm.create_contact(lead, _crm_note(run_id, c, d), run_id),
                             deps.action_timeout, errors)
    if contact is None:
        rec.actions.append(ActionResult(kind='crm_contact', status='failed', error=errors[-1]))
        return errors
    rec.actions.append(ActionResult(kind='crm_contact', status='done' if contact.created else 'existing',
                                    ref=contact.contact_id))
    jobs: list[tuple[str, Awaitable[str | None]]] = [('slack_summary', _bounded(
        'act.slack_summary', deps.notifier.post_summary(run_id, lead, c, d, route.slack_channel, contact.url),
        deps.action_timeout, errors))]
    template = policy.email_templates.get(d.assigned_to) if d.acknowledge else None
    if template is not None:
        jobs.append(('email_ack', _bounded(
            'act.email_ack', deps.mailer.send_ack(run_id, lead, template, policy.company.name),
            deps.action_timeout, errors)))
    refs = await asyncio.gather(*(job for _, job in jobs))
    for (kind, _), ref in zip(jobs, refs, strict=True):
        rec.actions.append(ActionResult(kind=kind, status='done' if ref else 'failed', ref=ref))  # type: ignore[arg-type]
    return errors


async def _act(lead: Lead, c: Classification | None, d: Decision, deps: TriageDeps, rec: RunRecord) -> None:
    """Only what the decision allows; a failed side effect sends the run to review as `failed`."""
    if d.action in ('auto_route_sales', 'auto_route_support'):
        errors = await _route(lead, c, d, deps, rec)
        if errors:
            rec.errors.extend(errors)
            rec.state = 'failed'
            await _to_review(deps, rec, lead, 'action failed: ' + '; '.join(errors))
        else:
            rec.state = 'routed_sales' if d.action == 'auto_route_sales' else 'routed_support'
    elif d.action == 'human_review':
        rec.state = 'review'
        await _to_review(deps, rec, lead, '; '.join(d.notes) or 'model recommended review')
    else:
        rec.state = 'rejected'


async def _to_review(deps: TriageDeps, rec: RunRecord, lead: Lead | None, reason: str) -> None:
    await deps.store.enqueue_review(rec.run_id, reason, deps.now())
    rec.actions.append(ActionResult(kind='review_item', status='done', ref=rec.run_id))
    errors: list[str] = []
    ref = await _bounded('act.slack_review', deps.notifier.post_review(rec.run_id, lead, reason,
                                                                         deps.policy.review_channel),
                         deps.action_timeout, errors)
    rec.actions.append(ActionResult(kind='slack_review', status='done' if ref else 'failed', ref=ref,
                                    error=errors[0] if errors else None))
    rec.errors.extend(errors)


async def triage(lead: Lead, deps: TriageDeps, *, run_id: str | None = None) -> RunRecord:
    """Run one lead through precheck, retrieve, classify, decide, act and record.

    A host that answered the sender first passes the `run_id` it promised (and may have claimed the delivery id
    for it already: that claim is this run's own, not a duplicate).
    """
    started = time.perf_counter()
    now = deps.now()
    run_id = run_id or uuid4().hex
    policy, t = deps.policy, deps.policy.thresholds
    rec = RunRecord(run_id=run_id, dedupe_key='', received_at=now, lead=lead, state='failed', errors=[_INTERRUPTED],
                    model=deps.model_name)
    with logfire.span('Triage lead', run_id=run_id, source=lead.source) as span:
        with _timed(rec, 'precheck', 'Check submission'):
            ip_hits = await deps.store.hit_ip(lead.source_ip, now, t.rate_limit.window_seconds) \
                if lead.source_ip else 0
            key = dedupe_key(lead)
            duplicate_of = None
            if ip_hits <= t.rate_limit.per_ip:
                duplicate_of = await deps.store.claim(key, lead.delivery_id, run_id, now, t.dedupe_window_hours)
            pre = precheck(lead, policy, Seen(duplicate_of=duplicate_of, ip_hits=ip_hits))
            rec.dedupe_key, rec.flags = pre.dedupe_key, list(pre.flags)
        if pre.outcome is not None:
            rec.state, rec.duplicate_of, rec.errors, rec.model = pre.outcome, duplicate_of, list(pre.notes), None
        else:
            await deps.store.save_run(rec)  # a crash from here on leaves a `failed` record, never nothing
            await _run_stages(lead, pre, deps, rec)
            rec.errors.remove(_INTERRUPTED)
        rec.latency_ms['total'] = round((time.perf_counter() - started) * 1000, 2)
        with logfire.span('Record run'):
            await deps.store.save_run(rec)
        # set_attribute one by one: logfire-api's no-op span has it, while other calls build a MagicMock.
        span.set_attribute('dedupe_key', rec.dedupe_key)
        span.set_attribute('terminal_state', rec.state)
        span.set_attribute('action', rec.decision.action if rec.decision else '')
        span.set_attribute('rules_fired', rec.decision.rules if rec.decision else [])
        span.set_attribute('latency_ms', rec.latency_ms['total'])
        span.set_attribute('model', rec.model or '')
        span.set_attribute('input_tokens', rec.usage.input_tokens)
        span.set_attribute('output_tokens', rec.usage.output_tokens)
        if rec.cost_usd is not None:
            span.set_attribute('cost_usd', rec.cost_usd)
    return rec


async def _run_stages(lead: Lead, pre: Precheck, deps: TriageDeps, rec: RunRecord) -> None:
    try:
        with _timed(rec, 'retrieve', 'Retrieve context'):
            enrichment, e_note, history, h_note = await _retrieve(lead, pre, deps, rec.errors)
            rec.enrichment, rec.crm_history = enrichment, history
        with _timed(rec, 'classify', 'Classify lead'):
            agent_deps = AgentDeps(lead=lead, enrichment=enrichment, enrichment_note=e_note, history=history,
                                   history_note=h_note, flags=pre.flags,
                                   max_tool_calls=deps.policy.thresholds.max_tool_calls)
            classification, reason, detail = await _classify(lead, agent_deps, deps, rec)
            rec.classification = classification
        with _timed(rec, 'decide', 'Decide action'):
            if classification is None:
                decision = decide_without_classification(reason, detail)
                rec.errors.append(f'classify: {reason}: {detail}')
            else:
                decision = decide(lead, pre, enrichment, history, classification, deps.policy,
                                  fallback=rec.fallback_used)
            rec.decision = decision
        with _timed(rec, 'act', 'Act on decision'):
            await _act(lead, classification, decision, deps, rec)
    except Exception as e:  # the pipeline's boundary: any bug or outage ends as `failed` + review
        rec.state = 'failed'
        rec.errors.append(f'{type(e).__name__}: {e}'[:1000])
        try:
            await _to_review(deps, rec, lead, f'run failed: {type(e).__name__}: {e}'[:1000])
        except Exception as inner:  # recorded below; the run record is still saved
            rec.errors.append(f'review enqueue failed: {type(inner).__name__}: {inner}'[:500])


async def record_unreadable(raw: str, error: str, deps: TriageDeps, *, field: str | None = None) -> RunRecord:
    """Keep a submission no `Lead` could be built from: a `failed` run with the raw text, in the review queue."""
    now = deps.now()
    rec = RunRecord(run_id=uuid4().hex, dedupe_key=hashlib.sha256(raw.encode('utf-8', 'replace')).hexdigest(),
                    received_at=now, lead=None, state='failed', raw=raw[:100_000],
                    errors=[f'invalid submission: {error}'], flags=['unreadable'] + ([f'field:{field}'] if field else []))
    await deps.store.save_run(rec)
    await _to_review(deps, rec, None, f'invalid submission: {error}')
    await deps.store.save_run(rec)
    return rec



async def resolve(run_id: str, verdict: Literal['approve', 'reject'], deps: TriageDeps, *, to: Assignee | None = None,
                  by: str = 'cli') -> RunRecord:
    """Apply a human review decision through the same guarded actions; each item is decided once.

    Raises:
        LeadAgentError: the run is unknown, not open for review, or cannot be approved (no readable lead).
    """
    rec = await deps.store.get_run(run_id)
    if rec is None:
        raise LeadAgentError(f'no run {run_id!r}')
    if verdict == 'approve' and (rec.lead is None or to is None):
        raise LeadAgentError('only a readable lead can be approved, and it needs --to sales|support|founder')
    now = deps.now()
    item = await deps.store.resolve_review(rec.run_id, 'approved' if verdict == 'approve' else 'rejected', to, by, now)
    rec.reviewed = item
    if verdict == 'reject':
        rec.state = 'rejected'
    else:
        assert rec.lead is not None and to is not None
        priority = rec.decision.priority if rec.decision else 'medium'
        d = Decision(action='auto_route_support' if to == 'support' else 'auto_route_sales', assigned_to=to,
                     priority=priority, rules=['human_approved'], notes=[f'human_approved: by {by} → {to}'],
                     acknowledge=to in deps.policy.email_templates)
        errors = await _route(rec.lead, rec.classification, d, deps, rec)
        rec.decision = d
        if errors:
            rec.errors.extend(errors)
            rec.state = 'failed'
            await deps.store.reopen_review(rec.run_id, 'approval failed: ' + '; '.join(errors), now)
        else:
            rec.state = 'routed_support' if to == 'support' else 'routed_sales'
    await deps.store.save_run(rec)
    return rec


async def restore(run_id: str, deps: TriageDeps, *, reason: str = 'restored by a human') -> RunRecord:
    """Put a rejected run back in the review queue.

    Raises:
        LeadAgentError: the run is unknown or was not rejected.
    """
    rec = await deps.store.get_run(run_id)
    if rec is None:
        raise LeadAgentError(f'no run {run_id!r}')
    if rec.state != 'rejected':
        raise LeadAgentError(f'run {rec.run_id[:12]} is {rec.state}, only rejected runs can be restored')
    await deps.store.reopen_review(rec.run_id, reason, deps.now())
    rec.state, rec.reviewed = 'review', None
    await deps.store.save_run(rec)
    return rec
