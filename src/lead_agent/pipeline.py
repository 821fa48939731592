"""`triage()`: the six stages of one run (DESIGN §1). Every accepted submission ends in one recorded state.

Each stage is a function with typed input and output, run through `Steps`: in this process (`InProcess`, what
`triage()` uses) or as checkpointed steps of a durable workflow (`lead_agent.runs`), so a run that is cut off
resumes after its last finished step and no finished side effect runs again. Steps return their failures as an
`Outcome` rather than raising: a checkpoint keeps values. Transient failures are retried with backoff for
`TriageDeps.retry_for` seconds; a durable run's waits survive restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Generic, Protocol, TypeVar
from uuid import uuid4

from pydantic_ai import capture_run_messages
from pydantic_ai.exceptions import AgentRunError, UnexpectedModelBehavior
from pydantic_ai.messages import ModelMessage, ModelResponse
from pydantic_ai.models.fallback import FallbackModel
from pydantic_ai.usage import UsageLimits
from sqlalchemy.exc import InterfaceError, OperationalError

from . import _domains, _pattern_cache
from ._render import cut
from .agent import AgentDeps, lead_prompt
from .backends import checked_after_backoff, redoing
from .deps import TriageDeps
from .exceptions import IntegrationError, LeadAgentError, RecipientRefused
from .guards import Precheck, Seen, decide, decide_without_classification, dedupe_key, precheck
from .models import (
    ActionResult,
    Assignee,
    Assignment,
    Classification,
    CrmRecord,
    Decision,
    Enrichment,
    Lead,
    RunRecord,
    RunUsage,
)
from .policy import Policy
from .routing import ack_template, assign, booking_url, taker_assignment
from .rules_model import RULES_MODEL_NAME, rules_model
from .store import taker_of
from .store.database import DATABASE_AWAY
from .store.runlog import ERASED, redact_record, run_erased
from .tracing import span
from .webhooks import MAX_BODY

__all__ = ('CRM_SEARCH_FAILED', 'ERASED_WHILE_RUNNING', 'KEPT_CHARS', 'QUEUED', 'VENDOR_FLAG', 'InProcess', 'Outcome',
           'RunErased', 'Steps', 'erased', 'execute', 'post_unreadable', 'record_unreadable', 'route', 'running_until',
           'search_crm', 'triage', 'watching')

T = TypeVar('T')
_log = logging.getLogger('lead_agent.pipeline')
# One warning per run classified by the fallback model: a logger of its own, so a caller that reports fallbacks
# itself (`lead-agent triage`, naming the input) can silence it alone.
FALLBACK_LOG = logging.getLogger('lead_agent.pipeline.fallback')
_FALLBACK_REASON_CHARS = 300
_ERROR_CHARS = 1000
"""Characters of an unreadable submission's error kept as its run's error and review reason."""
KEPT_CHARS = MAX_BODY
"""Characters of an unreadable submission kept with its run: a webhook route's largest body, so one is kept whole."""
VENDOR_FLAG = 'vendor:'
"""An unreadable run's flag naming the webhook vendor whose body it kept (`vendor:typeform`)."""
_INTERRUPTED = 'interrupted: the run stopped before it finished'
QUEUED = 'queued: not triaged yet'
"""The error a durable run's record holds from its acceptance until the run records its own."""
_CRM_SEARCH = 'retrieve.crm'
CRM_SEARCH_FAILED = f'{_CRM_SEARCH}: '
"""How a run's error for a CRM history search that failed begins (`search_crm`)."""


@contextmanager
def _timed(rec: RunRecord, stage: str, span_name: str) -> Generator[None]:
    start = time.perf_counter()
    with span(span_name, stage=stage):
        try:
            yield
        finally:
            rec.latency_ms[stage] = round((time.perf_counter() - start) * 1000, 2)


# --- how stages run ------------------------------------------------------------------------------------------------
class Steps(Protocol):
    """Runs a run's stages: in process, or as checkpointed steps of a durable workflow (`lead_agent.runs`).

    Whatever a durable runner returns for a finished step it returns again when the run resumes, without running
    the step again; so the code between steps must be deterministic given the steps' outputs.
    """

    durable: bool
    """True when finished steps survive a crash (no need to save a placeholder record first)."""
    resumed: bool
    """True when this execution retries a run that ended `failed` (`lead-agent runs retry`)."""
    replayed: bool
    """True once a step of this execution returned a checkpoint (an earlier execution of the run ran it: this one
    resumes the run after its process was killed, or retries it)."""

    async def run(self, name: str, fn: Callable[[], Awaitable[T]], *, checkpoint: bool = True) -> T:
        """Run one step (a stage, or one side effect) and keep its output.

        `checkpoint=False` runs it without keeping its output, for an idempotent last write (the record): a resumed
        run does it again rather than paying a checkpoint on every run.
        """
        ...

    async def clock(self) -> float:
        """Seconds since the epoch, kept like a step's output (retry deadlines must replay the same)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait before a retry; a durable runner's wait survives a restart."""
        ...

    async def patched(self, name: str) -> bool:
        """Whether this run takes the steps a later version added here (`name`).

        False for a run recorded before them, which resumes as it was recorded: a durable runner's replay checks
        the steps' order.
        """
        ...


class InProcess:
    """`Steps` that run in this process and keep nothing: what `triage()` uses."""

    durable = False
    resumed = False
    replayed = False

    async def run(self, name: str, fn: Callable[[], Awaitable[T]], *, checkpoint: bool = True) -> T:
        """Run the step now."""
        return await fn()

    async def clock(self) -> float:
        """The wall clock."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """Sleep on the event loop."""
        await asyncio.sleep(seconds)

    async def patched(self, name: str) -> bool:
        """Always: nothing was recorded before."""
        return True


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A step's result, or why it failed: steps return their failures (a checkpoint keeps values, not raises)."""

    value: T | None = None
    error: str | None = None
    transient: bool = False
    """True for failures worth retrying: 5xx, 408/429, timeouts, connection and database errors."""


def _transient(e: BaseException) -> bool:
    if isinstance(e, IntegrationError):
        if e.transient is not None:
            return e.transient
        return e.status is None or e.status in (408, 425, 429) or e.status >= 500
    return isinstance(e, (TimeoutError, ConnectionError, OSError, OperationalError, InterfaceError))


async def _guarded(what: str, make: Callable[[], Awaitable[T]], timeout: float) -> Outcome[T]:
    try:
        async with asyncio.timeout(timeout):  # not wait_for: that runs each step in a task of its own
            return Outcome(await make())
    except TimeoutError:
        return Outcome(error=f'{what}: timed out after {timeout} s', transient=True)
    except Exception as e:  # a backend failure becomes a note on the run (and maybe a retry), never a lost lead
        return Outcome(error=f'{what}: {type(e).__name__}: {e}'[:1000], transient=_transient(e))


class RunErased(BaseException):
    """The run's person was erased (`lead-agent erase`) while it ran: it stops, doing nothing more.

    A `BaseException`, so no `except Exception` takes it for a failure of the step (which would send the lead to review
    and to the review channel). What it did is saved (`SqlRunLog.save` adds only the actions to an erased record).
    """


_FIRST_BACKOFF = 1.0
_MAX_BACKOFF = 60.0
ERASED_WHILE_RUNNING = 'personal data erased while the run ran: it stopped there'
"""The error of the record `execute` returns for a run it stopped (`RunErased`)."""
_WATCHED: ContextVar[tuple[TriageDeps, str] | None] = ContextVar('lead_agent_watched_run', default=None)
"""The run being executed or approved (its deps and id), for `_still_wanted`."""


@contextmanager
def watching(deps: TriageDeps, run_id: str) -> Generator[None]:
    """Within the block, the run stops (`RunErased`) where `_still_wanted` finds its person erased.

    That is after the pipeline's backoffs, and after a vendor client's own (`backends.after_backoff`).
    """
    token = _WATCHED.set((deps, run_id))
    try:
        with checked_after_backoff(_still_wanted):
            yield
    finally:
        _WATCHED.reset(token)


async def erased(deps: TriageDeps, run_id: str) -> bool:
    """Whether the run's person was erased; False when the database is away (what the run writes next waits for it)."""
    try:
        return await _read_erased(deps, run_id)
    except DATABASE_AWAY:
        return False


async def _read_erased(deps: TriageDeps, run_id: str) -> bool:
    def read() -> bool:
        with deps.db.engine.connect() as conn:
            return run_erased(conn, run_id)

    return await deps.db.run(read)


async def _still_wanted(before: str) -> None:
    """Stop the run being executed or approved if its person was erased meanwhile, before it acts or tries again.

    An erasure waits for the runs still executing (a vendor down for the hour of LEAD_AGENT_RETRY_FOR, a model that is
    slow) and then forgets their checkpoints; such a run went on to create the person's CRM contact, post them to
    Slack and email them after they were erased. Read where time has passed: after the lookups and the model, and
    after each backoff; not before every step, which would cost a read each.
    """
    watched = _WATCHED.get()
    if watched is not None and await _erased_waiting(*watched, before):
        _log.warning('run %s: its personal data was erased while it ran; it stops before %s', watched[1][:12], before)
        raise RunErased


async def _erased_waiting(deps: TriageDeps, run_id: str, before: str) -> bool:
    """`erased`, waiting with backoff while the database is away, for up to `deps.retry_for` seconds.

    Not "not erased" while it is away (helper-96): a run retrying its CRM contact through a HubSpot outage, erased and
    then meeting the database away at its check, created the person's contact (HubSpot needs no database). Past the
    wait the run fails (a `LeadAgentError`: its lead goes to review), never acts unread.
    """
    started, delay = time.monotonic(), _FIRST_BACKOFF
    while True:
        try:
            return await _read_erased(deps, run_id)
        except DATABASE_AWAY as e:
            left = deps.retry_for - (time.monotonic() - started)
            if left <= 0:
                raise LeadAgentError(f'whether its personal data was erased could not be read before {before}: the '
                                     f'database is away ({type(e).__name__})') from e
            _log.warning('run %s: whether its personal data was erased could not be read (%s); trying again in %.0f s',
                         run_id[:12], type(e).__name__, min(delay, left))
            await asyncio.sleep(min(delay, left))
            delay = min(delay * 2, _MAX_BACKOFF)


async def _redone(make: Callable[[], Awaitable[T]]) -> T:
    """`make()` as an action an earlier attempt may already have made (`backends.may_have_run`)."""
    with redoing():
        return await make()


def _kind(error: str) -> str:
    """What failed in an `Outcome`'s error ('crm_contact: IntegrationError: ...'): the exception's type, or the timeout."""
    parts = error.split(': ', 2)
    return parts[1] if len(parts) > 1 else 'error'


async def _retry(steps: Steps, deps: TriageDeps, name: str, make: Callable[[], Awaitable[T]], failed: Outcome[T],
                 timeout: float, checkpoint: bool = True) -> Outcome[T]:
    """Try a transiently failed step again with backoff, for up to `deps.retry_for` seconds from its first failure."""
    started = await steps.clock()
    delay, attempts, out = _FIRST_BACKOFF, 1, failed
    while out.error is not None and out.transient:
        left = deps.retry_for - (await steps.clock() - started)
        if left <= 0:
            break
        # An operator sees a vendor outage while it lasts, not only as latency once it is over. The reason is the
        # error's kind (an exception's type, a timeout), never its text, which may quote the lead.
        _log.warning('%s failed (%s); trying again in %.0f s (attempt %d; %.0f s left of LEAD_AGENT_RETRY_FOR)',
                     name, _kind(out.error), min(delay, left), attempts + 1, left)
        await steps.sleep(min(delay, left))
        await _still_wanted(f'trying {name} again')
        delay = min(delay * 2, _MAX_BACKOFF)
        out = await steps.run(name, partial(_guarded, name, partial(_redone, make), timeout), checkpoint=checkpoint)
        attempts += 1
    if out.error is not None and attempts > 1:
        out = Outcome[T](error=f'{out.error} (gave up after {attempts} attempts)', transient=out.transient)
    return out


async def _effects(steps: Steps, deps: TriageDeps, jobs: list[tuple[str, Callable[[], Awaitable[T]]]],
                   timeout: float | None = None, checkpoint: bool = True, *, redo: bool = False) -> list[Outcome[T]]:
    """Run steps at once; then retry the transient failures one after another.

    Retries run in a fixed order, so a resumed run asks for its steps in the order it first did. `redo`: an earlier
    execution of the run may have made these calls (`backends.may_have_run`); retries always may have.
    """
    timeout = deps.action_timeout if timeout is None else timeout
    if redo:
        jobs = [(name, partial(_redone, make)) for name, make in jobs]
    outs = list(await asyncio.gather(*(steps.run(name, partial(_guarded, name, make, timeout), checkpoint=checkpoint)
                                       for name, make in jobs)))
    for i, (name, make) in enumerate(jobs):
        if outs[i].error is not None and outs[i].transient and deps.retry_for > 0:
            outs[i] = await _retry(steps, deps, name, make, outs[i], timeout, checkpoint)
    return outs


async def _must(steps: Steps, deps: TriageDeps, name: str, make: Callable[[], Awaitable[T]], *,
                checkpoint: bool = True) -> T:
    """A step the run cannot go on without (the store's own writes): retried like an action, then raised."""
    out = (await _effects(steps, deps, [(name, make)], timeout=_STORE_TIMEOUT, checkpoint=checkpoint))[0]
    if out.error is not None:
        raise LeadAgentError(out.error)
    return out.value  # type: ignore[return-value]  # a successful step of type T


_STORE_TIMEOUT = 60.0
_FLOOD_NOTICE = 'flood:'
"""Prefix of a submitter's flood-notice claim among the dedupe keys (theirs are 64 hex digits: no clash)."""


# --- the stages ----------------------------------------------------------------------------------------------------
async def _precheck(lead: Lead, deps: TriageDeps, run_id: str) -> tuple[Precheck, str | None]:
    now, t = deps.now(), deps.policy.thresholds
    ip_hits = await deps.intake.hit(lead.rate_key, now, t.rate_limit.window_seconds, run_id) if lead.rate_key else 0
    key = dedupe_key(lead)
    if ip_hits <= t.rate_limit.per_ip:
        duplicate_of = await deps.intake.claim(key, lead.delivery_id, run_id, now, t.dedupe_window_hours)
    else:
        # Over the limit: not claimed (a flood of copies must not take a real lead's key), but a copy of a run
        # already triaged is its duplicate, not a review item a person could approve into a second round of
        # side effects (helper-67). It makes no work, so it is not counted either: the next submission over the
        # limit is the first, of which the review channel hears (helper-69: a copy there silenced it).
        duplicate_of = await deps.intake.claimed_by(key, run_id, now, t.dedupe_window_hours)
        if duplicate_of is not None:
            await deps.intake.forget_hit(run_id)
    # The review channel hears of a submitter's flood once a window: from the first rate-limited run to claim its
    # notice. (Not "the count is the limit's + 1": a copy's hit taken back after a new submission was counted left
    # no such run, and the flood reached the queue unannounced.)
    notice = (ip_hits > t.rate_limit.per_ip and duplicate_of is None and lead.rate_key is not None
              and await deps.intake.claim(_FLOOD_NOTICE + lead.rate_key, None, run_id, now,
                                          t.rate_limit.window_seconds / 3600) is None)
    seen = Seen(duplicate_of=duplicate_of, ip_hits=ip_hits, flood_notice=notice)
    return precheck(lead, deps.policy, seen), duplicate_of


def _history_of(lead: Lead, deps: TriageDeps) -> Callable[[], Awaitable[list[CrmRecord]]]:
    return lambda: deps.crm.history(lead.email)


async def search_crm(lead: Lead, deps: TriageDeps) -> Outcome[list[CrmRecord]]:
    """The CRM history of the lead's address within the CRM's timeout; a failure as an error (`CRM_SEARCH_FAILED`)."""
    return await _guarded(_CRM_SEARCH, _history_of(lead, deps), deps.crm_timeout)


async def _lookups(lead: Lead, pre: Precheck, deps: TriageDeps
                   ) -> tuple[Outcome[Enrichment | None], Outcome[list[CrmRecord]]]:
    """The company (for a business email) and the CRM history at once, each with its own timeout."""
    history = search_crm(lead, deps)
    if pre.email_kind != 'business':
        return Outcome[Enrichment | None](), await history
    company = _guarded('retrieve.company', lambda: deps.companies.lookup(lead.domain), deps.lookup_timeout)
    return await asyncio.gather(company, history)


@dataclass(frozen=True)
class _Retrieved:
    enrichment: Enrichment | None
    enrichment_note: str
    history: list[CrmRecord]
    history_note: str
    history_unknown: bool
    """The CRM could not be searched: the guards send the lead to a person (`crm_unavailable`)."""


async def _retrieve(lead: Lead, pre: Precheck, deps: TriageDeps, steps: Steps, errors: list[str]) -> _Retrieved:
    # One step for both read-only lookups: a resumed run may look up again, and every run saves a checkpoint.
    company, history = await steps.run('retrieve', partial(_lookups, lead, pre, deps))
    # A run recorded before a failed search was retried and read as unknown resumes as it was recorded: its steps
    # and its decision replay in their order (helper-69: an upgrade left such runs impossible to retry).
    unknown = history.error is not None and await steps.patched('crm-history-unknown')
    if unknown and history.transient and deps.retry_for > 0:
        # The history decides what the guards allow (a customer is never rejected; its owner gets it): a CRM or
        # database that is down is waited for like an action's vendor, then the run goes to a person (helper-67).
        history = await _retry(steps, deps, _CRM_SEARCH, _history_of(lead, deps), history,
                               deps.crm_timeout)
    errors.extend(o.error for o in (company, history) if o.error is not None)
    records: list[CrmRecord] = history.value or []
    h_note = 'CRM search failed; history unknown' if history.error is not None else ''
    unknown = unknown and history.error is not None
    if pre.email_kind != 'business':
        return _Retrieved(None, f'{lead.domain} is a {pre.email_kind} email provider, not a company', records,
                          h_note, unknown)
    enrichment = company.value
    return _Retrieved(enrichment, '' if enrichment else f'no company data for {_domains.registered(lead.domain)}',
                      records, h_note, unknown)


def _usage_of(messages: list[ModelMessage]) -> RunUsage:
    usage = RunUsage()
    for m in messages:
        if isinstance(m, ModelResponse):
            usage.requests += 1
            usage.input_tokens += m.usage.input_tokens
            usage.cache_read_tokens += m.usage.cache_read_tokens
            usage.cache_write_tokens += m.usage.cache_write_tokens
            usage.output_tokens += m.usage.output_tokens
            usage.tool_calls += sum(1 for p in m.tool_calls if not p.tool_name.startswith('final_result'))
    return usage


@dataclass(frozen=True)
class Classified:
    """The classify stage's output: the classification, or None with (reason, detail) when there is none to trust."""

    classification: Classification | None
    reason: str = ''
    detail: str = ''
    usage: RunUsage = field(default_factory=RunUsage)
    cost_usd: float | None = None
    fallback_used: bool = False
    fallback_reason: str = ''
    """Why the configured model was passed over for the fallback: its last failed attempt, `Type: message`."""
    decision: Decision | None = None
    """The guards' decision on it, made in the same step (`_judge`) and checkpointed with it: a run replayed after
    the policy or the guards changed (a worker's recovery after a deploy, `runs retry`) acts as it decided then. None
    in a checkpoint recorded before it was (the decision is then made again, as it was before)."""


def _decision(lead: Lead, pre: Precheck, got: _Retrieved, out: Classified, policy: Policy) -> Decision:
    if out.classification is None:
        return decide_without_classification(out.reason, out.detail)
    return decide(lead, pre, got.enrichment, got.history, out.classification, policy, fallback=out.fallback_used,
                  history_unknown=got.history_unknown)


async def _judge(lead: Lead, agent_deps: AgentDeps, pre: Precheck, got: _Retrieved, deps: TriageDeps) -> Classified:
    """The classify step: the model's classification and the guards' decision on it, checkpointed together.

    Not a step of its own (a checkpoint more per run) and not made outside one: replayed with another policy, the
    decision sent the run down other action steps than it had taken, and DBOS stopped it (a run recovered mid-way
    after a deploy that raised the confidence floor ended `failed`, its recorded actions dropped, no review item).
    """
    out = await _classify(lead, agent_deps, deps)
    return replace(out, decision=_decision(lead, pre, got, out, deps.policy))


def _fallback_reason(messages: list[ModelMessage]) -> str:
    """The last error a `FallbackModel` moved on from, short (a provider's message names no key or lead)."""
    failed = [a for m in messages if isinstance(m, ModelResponse) for a in m.failed_attempts or ()]
    if not failed:
        return 'the model failed'
    last = failed[-1]
    return ' '.join((last.error or f'{last.model_name}: response rejected').split())[:_FALLBACK_REASON_CHARS]


async def _classify(lead: Lead, agent_deps: AgentDeps, deps: TriageDeps) -> Classified:
    model = deps.resolved_model
    limits = UsageLimits(request_limit=deps.request_limit)
    with capture_run_messages() as messages:
        try:
            async with asyncio.timeout(deps.model_timeout):
                result = await deps.agent.run(lead_prompt(lead, agent_deps), deps=agent_deps, model=model,
                                              usage_limits=limits, model_settings=deps.model_settings)
        except UnexpectedModelBehavior as e:
            reason = 'schema_validation_failed' if 'output retries' in e.message else 'model_error'
            return Classified(None, reason, e.message, _usage_of(messages))
        except (AgentRunError, TimeoutError) as e:
            return Classified(None, 'model_error', f'{type(e).__name__}: {e}'[:500], _usage_of(messages))
        except Exception as e:  # provider SDK errors outside pydantic-ai's tree: review, not loss
            return Classified(None, 'model_error', f'{type(e).__name__}: {e}'[:500], _usage_of(messages))
    usage, cost = _usage_of(messages), result.usage.cost
    answered_by = [m.model_name for m in messages if isinstance(m, ModelResponse)][-1:]
    fallback_used = isinstance(model, FallbackModel) and answered_by == [RULES_MODEL_NAME]
    reason = _fallback_reason(messages) if fallback_used else ''
    if deps.model_name == RULES_MODEL_NAME:
        # The local rules model reads no tokens and costs nothing; FunctionModel's token guess would mislead.
        usage.input_tokens = usage.output_tokens = 0
        return Classified(result.output, usage=usage, cost_usd=0.0, fallback_used=fallback_used,
                          fallback_reason=reason)
    return Classified(result.output, usage=usage, cost_usd=float(cost) if cost is not None else None,
                      fallback_used=fallback_used, fallback_reason=reason)


def _crm_note(run_id: str, c: Classification | None, d: Decision, owner: Assignment | None = None) -> str:
    head = f'lead-agent run {run_id}\n'
    tail = f'\nOwner: {owner.owner} ({owner.reason})' if owner else ''
    if c is None:
        return head + f'No model classification. Guard rules: {", ".join(d.rules) or "none"}' + tail
    return head + (f'Intent: {c.intent} · fit {c.fit_score}/100 · confidence {c.confidence:.2f} · '
                   f'priority {d.priority}\nReasoning: {c.fit_reasoning}\nSummary: {c.summary_for_slack}\n'
                   f'Guard rules: {", ".join(d.rules) or "none"}') + tail


async def route(lead: Lead, c: Classification | None, d: Decision, deps: TriageDeps, rec: RunRecord,
                 steps: Steps) -> list[str]:
    """The owner, then the CRM contact (the Slack post links it), then Slack and the acknowledgement in parallel."""
    policy, run_id = deps.policy, rec.run_id
    assert d.assigned_to is not None and d.action in ('auto_route_sales', 'auto_route_support')
    team = d.assigned_to
    route = policy.routing.get(team) or policy.routing['sales']
    # An approval after a failed run: the contact this run made then, and the owner it was made with.
    made, was = _contact_made(rec), rec.owner
    tried_before = any(a.kind == 'crm_contact' for a in rec.actions)
    # A step of its own: a resumed run reads its owner from the checkpoint (and the store keeps the pick by run id).
    owner = rec.owner = await _must(steps, deps, f'act.assign.{team}', lambda: assign(
        run_id, team, rec.enrichment, rec.crm_history, policy, deps.now(), deps.owners))
    if was is not None and was.reason == 'taken':
        # Someone took the lead ("Take this lead") before a person approved it: the taker keeps it, in the CRM and
        # in the summary, whatever the team (helper-63: the contact went to the pick and back to the taker).
        owner = rec.owner = was
    note = _crm_note(run_id, c, d, owner)
    (created,) = await _effects(steps, deps, [('act.crm_contact', lambda: deps.crm.create_contact(
        lead, note, run_id, owner=owner))])
    contact = created.value
    if created.error is not None or contact is None:
        error = created.error or 'act.crm_contact: no contact returned'
        rec.actions.append(ActionResult(kind='crm_contact', status='failed', error=error))
        return [error]
    rec.actions.append(ActionResult(kind='crm_contact', status='done' if contact.created else 'existing',
                                    ref=contact.contact_id))
    # An earlier execution of the run (killed and resumed here, retried, or the run approved after it failed) may
    # have sent the note while the CRM held it, and the CRM may store it after this one looked (helper-91: a
    # returning customer's run taken over kept two notes).
    if contact.notes_unsure or tried_before or steps.replayed:
        await _tidy_later(deps, run_id, contact.contact_id, doubted=contact.notes_unsure)
    if contact.contact_id == made and owner is not None and (owner != was or owner_pending(rec)):
        # A person approving a failed run (to another team, or after a Take): the contact this run made keeps the
        # owner it was made with otherwise, as a contact that existed before keeps its own (helper-59 D7). Written
        # when the owner changed, or when a write of it failed before (a Take's, an approval's: helper-64); not
        # otherwise, over an owner someone set in the CRM since (helper-65). A CRM that refuses is noted, as for a
        # Take: the lead is routed, and its owner is on the run and in the Slack post.
        contact_id, new_owner = contact.contact_id, owner  # bound for the lambda, narrowed
        (moved,) = await _effects(steps, deps, [('act.crm_owner', lambda: deps.crm.set_owner(contact_id, new_owner))])
        rec.owner_unsynced = moved.error is not None
        if moved.error is not None:
            rec.errors.append(f'routed to {owner.owner}, but {OWNER_NOT_CHANGED}: {moved.error}'[:500])
        else:
            # Stored before the summary is drawn again, which reads it: a post redrawn from the flag this write has
            # just made stale said "click again" (helper-66).
            await deps.runs.change(run_id, partial(_owner_synced, owner))
    # An earlier execution of the run (killed and resumed here, retried, or any before a person's approval: also an
    # approval cut off while it routed, which recorded nothing, helper-92) may have posted or sent while its answer
    # was lost: the notifier and mailer are told (`backends.may_have_run`).
    redo = (steps.replayed or 'human_approved' in d.rules
            or any(a.kind in ('slack_summary', 'email_ack') for a in rec.actions))
    first = policy.routing.get(was.team) if was is not None and was.team != team else None
    adopt = getattr(deps.notifier, 'adopt_summary', None)  # SlackNotifier's; a notifier without it: nothing to find
    if redo and first is not None and first.slack_channel != route.slack_channel and adopt is not None:
        # Approved for another team: a summary the run lost in the first team's channel is made the run's, so the
        # post below moves it rather than leaving it live there (helper-92). Not a step; best effort.
        old_channel = first.slack_channel
        with redoing():
            await _guarded('act.slack_adopt', lambda: adopt(run_id, old_channel), deps.action_timeout)
    jobs: list[tuple[str, Callable[[], Awaitable[str]]]] = [('act.slack_summary', lambda: deps.notifier.post_summary(
        run_id, lead, c, d, route.slack_channel, contact.url, owner=owner))]
    if d.acknowledge:
        # Asked for by the decision (checkpointed), not by the policy of the process that replays the run: a run
        # replayed after the templates changed asked for other steps than it had taken, and DBOS stopped it
        # (helper-73). One removed since the decision, before the email went: no email, said in the record.
        jobs.append(('act.email_ack', partial(_send_ack, lead, team, owner, deps, run_id)))
    errors: list[str] = []
    for (name, _), out in zip(jobs, await _effects(steps, deps, jobs, redo=redo), strict=True):
        kind = name.removeprefix('act.')
        ok = out.error is None and bool(out.value)
        rec.actions.append(ActionResult(kind=kind, status='done' if ok else 'failed', ref=out.value,  # type: ignore[arg-type]
                                        error=out.error))
        if out.error is not None and name == 'act.email_ack' and _kind(out.error) == RecipientRefused.__name__:
            # The address takes no mail: the lead is routed (contact, owner, summary) and the run says why it got no
            # acknowledgement. As a failure, the run went to review, and every approval failed again (helper-200).
            rec.errors.append(f'routed, but {ACK_REFUSED}: {out.error}'[:1000])
        elif out.error is not None:
            errors.append(out.error)
    return errors


ACK_REFUSED = 'the acknowledgement was not sent (the mail server refused its address)'


async def _tidy_later(deps: TriageDeps, run_id: str, contact_id: str, *, doubted: bool) -> None:
    """Have the run's notes on the contact tidied later: the CRM may store a note create it took twice.

    `doubted`: this process sent the note more than once. Otherwise the check is for a note an earlier process of
    the run may have sent, and one that cannot be queued is not worth a warning.
    """
    from .runs import tidy_later  # the engine's module imports this one

    # Not a step (a run's steps stay the same) and not retried (a retry's clock and sleeps would be steps): queueing
    # it again when the run resumes is a no-op, its workflow id being the run's.
    out = await _guarded('act.crm_tidy', lambda: tidy_later(deps, run_id, contact_id), _STORE_TIMEOUT)
    if (out.error is not None or not out.value) and doubted:
        _log.warning('run %s: its note may be on CRM contact %s twice, and no later check of it could be queued (%s): '
                     'look at the contact', run_id[:12], contact_id, _kind(out.error) if out.error else 'no engine')


async def _send_ack(lead: Lead, team: Assignee, owner: Assignment | None, deps: TriageDeps, run_id: str) -> str:
    policy = deps.policy
    template = policy.email_templates.get(team)
    if template is None:
        raise LeadAgentError(f'no acknowledgement template for {team} in the policy any more: not sent')
    return await deps.mailer.send_ack(run_id, lead, ack_template(template, owner, booking_url(owner, lead, policy)),
                                      policy.company.name)


async def _act(lead: Lead, c: Classification | None, d: Decision, deps: TriageDeps, rec: RunRecord,
               steps: Steps) -> None:
    """Only what the decision allows; a failed side effect sends the run to review as `failed`."""
    if d.action in ('auto_route_sales', 'auto_route_support'):
        errors = await route(lead, c, d, deps, rec, steps)
        if errors:
            rec.errors.extend(errors)
            rec.state = 'failed'
            await _to_review(deps, rec, lead, 'action failed: ' + '; '.join(errors), steps)
        else:
            rec.state = 'routed_sales' if d.action == 'auto_route_sales' else 'routed_support'
    elif d.action == 'human_review':
        rec.state = 'review'
        await _to_review(deps, rec, lead, '; '.join(d.notes) or 'model recommended review', steps)
    else:
        rec.state = 'rejected'


async def _to_review(deps: TriageDeps, rec: RunRecord, lead: Lead | None, reason: str, steps: Steps, *,
                     notify: bool = True) -> None:
    await _must(steps, deps, 'act.review_item', lambda: deps.review.enqueue(rec.run_id, reason, deps.now()))
    rec.actions.append(ActionResult(kind='review_item', status='done', ref=rec.run_id))
    if notify:
        await _post_review(deps, rec, lead, reason, steps)


async def _post_review(deps: TriageDeps, rec: RunRecord, lead: Lead | None, reason: str, steps: Steps) -> None:
    redo = steps.replayed or any(a.kind == 'slack_review' for a in rec.actions)
    (out,) = await _effects(steps, deps, [('act.slack_review', lambda: deps.notifier.post_review(
        rec.run_id, lead, reason, deps.policy.review_channel))], redo=redo)
    rec.actions.append(ActionResult(kind='slack_review', status='done' if out.error is None and out.value else 'failed',
                                    ref=out.value, error=out.error))
    if out.error is not None:
        rec.errors.append(out.error)


def _contact_made(rec: RunRecord) -> str | None:
    """The id of the CRM contact an earlier attempt of this run created (not one it found), if any."""
    return next((a.ref for a in rec.actions if a.kind == 'crm_contact' and a.status == 'done' and a.ref), None)


OWNER_NOT_CHANGED = 'the CRM owner was not changed'
"""In a run's errors: a write of its owner to the CRM contact failed (a Take's, an approval's)."""


_IN_PROCESS_SLACK = 600.0
_IN_PROCESS_RETRIED = 5
"""The steps an in-process run may retry one after another for `retry_for` each (CRM search, owner, contact, Slack
and email, review)."""


def running_until(rec: RunRecord, deps: TriageDeps) -> datetime | None:
    """Until when a run triaged in a process (`triage()`: the CLI, a library call) may still be running, if it may.

    Its early record (`_INTERRUPTED`) is what a person sees while it runs, and its review item is open before it
    ends: a decision then acted on a record without the run's readings (its CRM history: routed past the CRM owner)
    and was merged with, or overwritten by, the run's own record (helper-68, helper-70). None for a run that has
    recorded, or whose process must have died: its early record is then the run's last word, for a person to decide.
    """
    if _INTERRUPTED not in rec.errors:
        return None
    longest = deps.model_timeout + _IN_PROCESS_RETRIED * deps.retry_for + _IN_PROCESS_SLACK
    until = rec.received_at + timedelta(seconds=longest)
    return until if deps.now() < until else None


def _as_run_ended(rec: RunRecord, stored: RunRecord) -> None:
    """The stored record becomes `rec`, the run's own, but for a person's decision made while the run ran.

    A run in this process saves an early record (`_INTERRUPTED`), not the queued one approvals refuse, and its
    review item is open before it ends (its review post may wait for Slack): a person can approve or reject it
    meanwhile, and the run's record, saved after, put it back in review over a lead that had been routed; the
    workers then reopened the approved item as cut off (helper-68). The decision, its outcome and its actions stay;
    the run's readings (classification, usage, latency) and actions are added. `rec` is left as recorded.
    """
    decided = stored.model_copy() if stored.reviewed is not None and rec.reviewed is None else None
    for name in RunRecord.model_fields:
        setattr(stored, name, getattr(rec, name))
    if decided is not None:
        stored.state, stored.decision, stored.reviewed = decided.state, decided.decision, decided.reviewed
        stored.owner, stored.owner_unsynced = decided.owner, decided.owner_unsynced
        stored.actions = rec.actions + [a for a in decided.actions if a not in rec.actions]
        stored.errors = rec.errors + [e for e in decided.errors if e != _INTERRUPTED and e not in rec.errors]
        for name in ('state', 'decision', 'reviewed', 'owner', 'owner_unsynced', 'actions', 'errors'):
            setattr(rec, name, getattr(stored, name))


def _owner_synced(owner: Assignment, rec: RunRecord) -> None:
    if rec.owner == owner:  # not a Take made since the write, whose own write may have failed (helper-68)
        rec.owner_unsynced = False


def owner_pending(rec: RunRecord) -> bool:
    """Whether the run's owner may not be the CRM contact's: a write of it failed, and none has succeeded since."""
    return rec.owner_unsynced


def crm_contact_of(rec: RunRecord) -> str | None:
    """The id of the CRM contact the run created or found, if any."""
    return next((a.ref for a in rec.actions if a.kind == 'crm_contact' and a.status != 'failed' and a.ref), None)


async def keep_taker(deps: TriageDeps, rec: RunRecord) -> None:
    """A "Take this lead" click made while the run still ran, or was being approved: the taker owns it.

    The click sets the owner on the record it reads and in the CRM when the contact exists; the run's (or the
    approval's) own record, saved after, named the pick instead, and a contact made after the click kept the pick's
    owner (helper-59). Called before those saves. A CRM that refuses the owner is noted in the run's errors.
    """
    posted = any(a.kind == 'slack_summary' and a.status == 'done' and a.ref and not a.ref.startswith('outbox:')
                 for a in rec.actions)
    if not posted or rec.lead is None:  # only a summary Slack took has a button to take it with
        return
    taker = await taker_of(deps.db, rec.run_id)
    if taker is None:
        return
    owner = taker_assignment(deps.policy, rec, *taker)
    if rec.owner == owner and not owner_pending(rec):  # a Take whose own write failed is written again (helper-65)
        return
    rec.owner = owner
    if (contact := crm_contact_of(rec)) is not None:
        try:
            await deps.crm.set_owner(contact, owner)
            rec.owner_unsynced = False
        except LeadAgentError as e:
            rec.owner_unsynced = True
            rec.errors.append(f'taken by {owner.owner}, but {OWNER_NOT_CHANGED}: {e}'[:500])


async def _record(deps: TriageDeps, rec: RunRecord, resumed: bool, durable: bool) -> None:
    await keep_taker(deps, rec)
    if durable or await deps.runs.change(rec.run_id, partial(_as_run_ended, rec)) is None:
        await deps.runs.save(rec)
    if not resumed:
        return
    # A `lead-agent runs retry` held the run's review item (`retrying`): approved by it when it routed the run, open
    # again for a person when it did not. (A record written again after a kill finds it so already.)
    if rec.state in ('routed_sales', 'routed_support'):
        with contextlib.suppress(LeadAgentError):
            await deps.review.resolve(rec.run_id, 'approved', rec.decision.assigned_to if rec.decision else None,
                                      'lead-agent runs retry', deps.now(), was='retrying')
    else:
        why = rec.errors[-1] if rec.errors else f'the retry ended {rec.state}'
        await deps.review.reopen(rec.run_id, f'runs retry: {why}'[:1000], deps.now(), was='retrying')


# --- one run -------------------------------------------------------------------------------------------------------
_WARM_UP_LEAD = {'email': 'warm-up@example.com', 'name': 'Warm Up', 'company': 'Example', 'form': 'demo',
                 'message': 'We would like a demo and pricing for our 12 sites next quarter: https://example.com'}


async def warm_up(deps: TriageDeps) -> None:
    """Build what the first lead of a process would otherwise wait for, with no store, vendor or model call.

    The checks' patterns for the policy's languages, the public suffix list and the rules model's phrase lists are
    built on first use, once per process: about half a second, which the first lead after a start or a deploy paid.
    The rules model (local, the fallback of every model) classifies a made-up lead; nothing is stored. The patterns
    compiled are kept for the next process (`_pattern_cache`): a worker is often stopped by a signal, not at its exit.
    """
    lead = Lead.from_submission(_WARM_UP_LEAD)
    pre = precheck(lead, deps.policy, Seen())
    agent_deps = AgentDeps(lead=lead, enrichment=None, enrichment_note='', history=[], history_note='',
                           flags=pre.flags, max_tool_calls=deps.policy.thresholds.max_tool_calls)
    await deps.agent.run(lead_prompt(lead, agent_deps), deps=agent_deps, model=rules_model(deps.policy))
    await asyncio.to_thread(_pattern_cache.save)


async def triage(lead: Lead, deps: TriageDeps, *, run_id: str | None = None) -> RunRecord:
    """Run one lead through precheck, retrieve, classify, decide, act and record, in this process.

    A host that answered the sender first passes the `run_id` it promised (and may have claimed the delivery id
    for it already: that claim is this run's own, not a duplicate). Durable, resumable runs go through
    `lead_agent.runs` instead; both run the same stages.
    """
    return await execute(lead, deps, run_id=run_id or uuid4().hex, received_at=deps.now(), steps=InProcess())


async def execute(lead: Lead, deps: TriageDeps, *, run_id: str, received_at: datetime, steps: Steps) -> RunRecord:
    """The stages of one run, each through `steps`; returns the recorded `RunRecord`."""
    started = time.perf_counter()
    rec = RunRecord(run_id=run_id, dedupe_key='', received_at=received_at, lead=lead, state='failed',
                    errors=[_INTERRUPTED], model=deps.model_name, dry_run=deps.dry_run)
    try:
        with watching(deps, run_id), span('Triage lead', run_id=run_id, source=lead.source) as run_span:
            with _timed(rec, 'precheck', 'Check submission'):
                try:
                    pre, duplicate_of = await _must(steps, deps, 'precheck', partial(_precheck, lead, deps, run_id))
                except LeadAgentError as e:  # a check that raised (a bug) or a database away past the retries
                    pre, duplicate_of = None, None
                    await _failed(deps, rec, lead, e, steps)
                else:
                    rec.dedupe_key, rec.flags = pre.dedupe_key, list(pre.flags)
            if pre is None:  # failed, and in review
                rec.errors.remove(_INTERRUPTED)
            elif pre.outcome is not None:
                rec.state, rec.duplicate_of, rec.errors, rec.model = pre.outcome, duplicate_of, list(pre.notes), None
                if pre.outcome == 'rate_limited':  # kept for a human, never dropped; the channel hears of the first one
                    await _to_review(deps, rec, lead, 'rate limited: ' + '; '.join(pre.notes), steps,
                                     notify=pre.first_over_limit)
            else:
                if not steps.durable:  # a crash from here on leaves a `failed` record, never nothing
                    await deps.runs.save(rec)
                await _run_stages(lead, pre, deps, rec, steps)
                rec.errors.remove(_INTERRUPTED)
            rec.latency_ms['total'] = round((time.perf_counter() - started) * 1000, 2)
            with span('Record run'):
                # The record is an upsert of what the checkpoints rebuild: a resumed run writes it again.
                await _must(steps, deps, 'record', partial(_record, deps, rec, steps.resumed, steps.durable),
                            checkpoint=False)
            run_span.set_attribute('dedupe_key', rec.dedupe_key)
            run_span.set_attribute('terminal_state', rec.state)
            run_span.set_attribute('action', rec.decision.action if rec.decision else '')
            run_span.set_attribute('rules_fired', rec.decision.rules if rec.decision else [])
            run_span.set_attribute('latency_ms', rec.latency_ms['total'])
            run_span.set_attribute('model', rec.model or '')
            run_span.set_attribute('input_tokens', rec.usage.input_tokens)
            run_span.set_attribute('output_tokens', rec.usage.output_tokens)
            if rec.cost_usd is not None:
                run_span.set_attribute('cost_usd', rec.cost_usd)
    except RunErased:  # nothing more is done
        rec.state = 'failed'
        rec.errors = [ERASED_WHILE_RUNNING]
        await _stopped_erased(deps, rec, steps.resumed)
        # Its one error says why it stopped (no personal data in it), not `ERASED` as redaction makes every error
        return redact_record(rec).model_copy(update={'errors': [ERASED_WHILE_RUNNING]})
    return rec


async def _stopped_erased(deps: TriageDeps, rec: RunRecord, resumed: bool) -> None:
    """Record what a run its erasure stopped did, and give a `runs retry`'s held review item back.

    The store keeps the record redacted; it names the CRM contact the run created, which `lead-agent erase` lists
    to delete by hand.
    """
    try:
        await deps.runs.save(rec)
        if resumed:
            await deps.review.reopen(rec.run_id, ERASED, deps.now(), was='retrying')  # as the erasure left it
    except Exception as e:  # the database away: the erasure's report may miss what the run did, which the log says
        _log.warning('run %s: stopped for its erasure, it could not record what it did (%s): %s', rec.run_id[:12],
                     type(e).__name__, ', '.join(f'{a.kind} {a.ref}' for a in rec.actions if a.ref) or 'nothing')


async def _run_stages(lead: Lead, pre: Precheck, deps: TriageDeps, rec: RunRecord, steps: Steps) -> None:
    try:
        with _timed(rec, 'retrieve', 'Retrieve context'):
            got = await _retrieve(lead, pre, deps, steps, rec.errors)
            enrichment, history = got.enrichment, got.history
            rec.enrichment, rec.crm_history = enrichment, history
        with _timed(rec, 'classify', 'Classify lead'):
            agent_deps = AgentDeps(lead=lead, enrichment=enrichment, enrichment_note=got.enrichment_note,
                                   history=history, history_note=got.history_note, flags=pre.flags,
                                   max_tool_calls=deps.policy.thresholds.max_tool_calls)
            out = await steps.run('classify', partial(_judge, lead, agent_deps, pre, got, deps))
            rec.classification, rec.usage, rec.cost_usd = out.classification, out.usage, out.cost_usd
            rec.fallback_used = out.fallback_used
            if out.fallback_used:
                rec.errors.append(f'model_fallback: {out.fallback_reason}')
                FALLBACK_LOG.warning('run %s: model %s failed, classified by the rules model instead: %s', rec.run_id,
                             deps.model_name, out.fallback_reason)
        with _timed(rec, 'decide', 'Decide action'):
            if out.classification is None:
                rec.errors.append(f'classify: {out.reason}: {out.detail}')
            rec.decision = decision = out.decision or _decision(lead, pre, got, out, deps.policy)
        await _still_wanted('acting')
        with _timed(rec, 'act', 'Act on decision'):
            await _act(lead, out.classification, decision, deps, rec, steps)
    except Exception as e:  # the pipeline's boundary: any bug or outage ends as `failed` + review
        await _failed(deps, rec, lead, e, steps)


async def _failed(deps: TriageDeps, rec: RunRecord, lead: Lead, e: Exception, steps: Steps) -> None:
    """End the run `failed`, its lead in review and the review channel told: a stage raised (a bug, an outage)."""
    rec.state = 'failed'
    rec.errors.append(f'{type(e).__name__}: {e}'[:1000])
    reason = f'run failed: {type(e).__name__}: {e}'[:1000]
    try:
        await _to_review(deps, rec, lead, reason, steps)
    except Exception as inner:  # recorded below; the run record is still saved
        rec.errors.append(f'review enqueue failed: {type(inner).__name__}: {inner}'[:500])
        # Outside the steps, which may be what failed (DBOS refusing a replay that took other steps than the run
        # had: the item was never made), once more, and the review channel told: both are idempotent (a run's
        # review post is made once, `slack._post_once`), so a replay of this makes neither twice.
        with contextlib.suppress(Exception):
            await deps.review.enqueue(rec.run_id, reason, deps.now())
            rec.actions.append(ActionResult(kind='review_item', status='done', ref=rec.run_id))
            ref = await deps.notifier.post_review(rec.run_id, lead, reason, deps.policy.review_channel)
            rec.actions.append(ActionResult(kind='slack_review', status='done' if ref else 'failed', ref=ref))


async def record_unreadable(raw: str, error: str, deps: TriageDeps, *, field: str | None = None,
                            csv: bool = False, vendor: str | None = None, run_id: str | None = None,
                            post: bool = True) -> RunRecord:
    """Keep a submission no `Lead` could be built from: a `failed` run with the raw text, in the review queue.

    `csv` says the raw text is a CSV row under its header (flag `format:csv`), and `vendor` that it is a webhook
    vendor's body (flag `vendor:NAME`): a retry reads it again as CSV, or through that vendor's payload reader.
    With `post=False` the review channel is not told here: `post_unreadable` does it (a host, after its answer).
    """
    error = error.replace('\0', '\\0')  # it may quote the submission, and PostgreSQL text holds no NUL
    # What it quotes is the sender's: the whole text is in `raw`, the reason a reviewer reads stays short.
    error = cut(error, _ERROR_CHARS)
    now = deps.now()
    rec = RunRecord(run_id=run_id or uuid4().hex,
                    dedupe_key=hashlib.sha256(raw.encode('utf-8', 'replace')).hexdigest(),
                    received_at=now, lead=None, state='failed', raw=raw[:KEPT_CHARS],
                    errors=[f'invalid submission: {error}'],
                    flags=['unreadable'] + ([f'field:{field}'] if field else []) + (['format:csv'] if csv else [])
                    + ([f'{VENDOR_FLAG}{vendor}'] if vendor else []),
                    dry_run=deps.dry_run)
    await deps.runs.save(rec)
    await _to_review(deps, rec, None, rec.errors[0], InProcess(), notify=post)
    await deps.runs.save(rec)
    return rec


async def post_unreadable(rec: RunRecord, deps: TriageDeps) -> RunRecord:
    """Tell the review channel of an unreadable submission kept with `record_unreadable(post=False)`.

    The post may wait (Slack's one message a second per channel, or a Slack that is down) while a reviewer decides
    the run: it is not posted once decided, and only its own action is added to the record as it is by then
    (helper-49: the copy read before the post was saved over a rejection or a retry).
    """
    current = await deps.runs.get(rec.run_id) or rec
    if current.state != 'failed' or current.reviewed is not None or current.retried_as is not None:
        return current
    await _post_review(deps, current, None, current.errors[0], InProcess())
    latest = await deps.runs.get(rec.run_id)
    if latest is None:  # erased meanwhile
        return current
    latest.actions.append(current.actions[-1])
    await deps.runs.save(latest)
    return latest
