"""Human review decisions: approve through the guarded actions, reject, restore, or close an unreadable run as retried."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from . import _inputs
from .deps import TriageDeps
from .erase import ERASED_FLAG
from .exceptions import LeadAgentError, WebhookRejected
from .models import Assignee, CrmRecord, Decision, ReviewItem, RunRecord
from .pipeline import (
    CRM_SEARCH_FAILED,
    ERASED_WHILE_RUNNING,
    KEPT_CHARS,
    QUEUED,
    VENDOR_FLAG,
    InProcess,
    RunErased,
    keep_taker,
    route,
    running_until,
    search_crm,
    watching,
)
from .policy import IntakePolicy
from .webhooks import parse

__all__ = ('check_retry', 'kept_input', 'mark_retried', 'resolve', 'restore')


async def resolve(run_id: str, verdict: Literal['approve', 'reject'], deps: TriageDeps, *, to: Assignee | None = None,
                  by: str = 'cli') -> RunRecord:
    """Apply a human review decision through the same guarded actions; each item is decided once.

    Raises:
        LeadAgentError: the run is unknown, not open for review, or cannot be approved (no readable lead).
    """
    rec = _live(await deps.runs.get(run_id), run_id)
    if QUEUED in rec.errors:
        # Its review item is open while the run still works (its review post may be retried through a Slack outage),
        # but the run's record is written when it ends: a decision now would act on the queued record, and then be
        # overwritten by the run's own.
        raise LeadAgentError(f'run {rec.run_id[:12]} is still being triaged (its review post may be waiting to be '
                             'sent); decide it once it has finished')
    if (until := running_until(rec, deps)) is not None:
        raise LeadAgentError(f'run {rec.run_id[:12]} is still being triaged by the process that started it (`lead-agent '
                             f'triage` or a library call); decide it once it has finished (if that process died, from '
                             f'{until:%Y-%m-%d %H:%M} UTC)')
    if verdict == 'approve' and rec.lead is None:
        raise LeadAgentError(f'run {rec.run_id[:12]} holds no readable lead (unreadable input), so it cannot be '
                             'approved: reject it, or fix the input and `lead-agent review retry` it')
    if verdict == 'approve' and to is None:
        raise LeadAgentError('an approval needs a team: --to sales|support|founder')
    if verdict == 'approve' and ERASED_FLAG in rec.flags:
        # Before its item is decided: a refused approval left it approved, with nothing routed (helper-68).
        raise LeadAgentError(f"run {rec.run_id[:12]}'s personal data was erased: it can be rejected, not approved")
    now = deps.now()
    item = await deps.review.resolve(rec.run_id, 'approved' if verdict == 'approve' else 'rejected', to, by, now)
    history = await _approvable(rec, item, deps, now) if verdict == 'approve' else None
    rec.reviewed = item
    if verdict == 'reject':
        rec.state = 'rejected'
    else:
        assert rec.lead is not None and to is not None
        priority = rec.decision.priority if rec.decision else 'medium'
        d = Decision(action='auto_route_support' if to == 'support' else 'auto_route_sales', assigned_to=to,
                     priority=priority, rules=['human_approved'], notes=[f'human_approved: by {by} → {to}'],
                     acknowledge=to in deps.policy.email_templates)
        # The decision is the run's before anything acts on it: an approval cut off while it routes leaves a run that
        # `runs retry` refuses (it would route the model's way, over the person's, helper-64), and that is approved
        # again once the workers reopen its item. Written on the record as stored now, and routed from it: a Take
        # made since the record was read keeps its owner and its flag (helper-66: this save was the whole record
        # read before, which put the pick back and dropped the flag that keeps the taker's button).
        def decide(stored: RunRecord) -> None:
            stored.decision, stored.reviewed = d, item
            if history is not None:
                stored.crm_history = history

        fresh = await deps.runs.change(rec.run_id, decide)
        if fresh is None:
            await deps.review.reopen(rec.run_id, 'approval refused: the run was erased meanwhile', now)
            raise LeadAgentError(f'run {rec.run_id[:12]} was erased while it was being approved; nothing was routed')
        rec, lead = fresh, fresh.lead or rec.lead
        try:
            with watching(deps, rec.run_id):  # erased while it waits for a vendor: it stops there
                errors = await route(lead, rec.classification, d, deps, rec, InProcess())
        except RunErased:
            rec.errors.append(ERASED_WHILE_RUNNING)
            await deps.runs.save(rec)  # kept redacted: it names the CRM contact made, for the erasure's report
            await deps.review.reopen(rec.run_id, 'approval stopped: the run was erased meanwhile', now)
            raise LeadAgentError(f'run {rec.run_id[:12]} was erased while it was being approved; it stopped '
                                 f'there') from None
        if errors:
            rec.errors.extend(errors)
            rec.state = 'failed'
            await deps.review.reopen(rec.run_id, 'approval failed: ' + '; '.join(errors), now)
        else:
            rec.state = 'routed_support' if to == 'support' else 'routed_sales'
    await keep_taker(deps, rec)
    await deps.runs.save(rec)
    return rec


_REFUSED = ' · approval refused: '


async def _approvable(rec: RunRecord, item: ReviewItem, deps: TriageDeps, now: datetime) -> list[CrmRecord] | None:
    """What an approval checks once it holds the item: the CRM history read again when the run could not read it.

    Raises:
        LeadAgentError: the approval is refused; the item is open again, saying why.
    """
    try:
        if rec.dedupe_key:
            # The run's claim on its submission (its own already, or taken now): a run over the rate limit never
            # claimed it, and a copy of one already triaged (a double-click past the limit) is refused. Approving
            # one repeated every side effect, a second Slack post, email, CRM note and owner (helper-67), also after
            # a rejection and a restore had made it `review` (helper-69). Claimed only by the approval that holds
            # the item (helper-70: a refused one, of an item decided already, claimed it).
            first = await deps.intake.claim(rec.dedupe_key, None, rec.run_id, now,
                                            deps.policy.thresholds.dedupe_window_hours)
            if first is not None:
                raise LeadAgentError(f'run {rec.run_id[:12]} is the same submission as run {first[:12]}, which was '
                                     'triaged already: reject this one (that run can be decided on its own)')
        if not any(e.startswith(CRM_SEARCH_FAILED) for e in rec.errors):
            return None
        # The run could not read the CRM (`crm_unavailable`): read now, or its owner would be the round robin's over
        # the customer's CRM owner (helper-69); within the CRM's timeout, as the run's own search (helper-70).
        assert rec.lead is not None
        found = await search_crm(rec.lead, deps)
        if found.error is not None:  # any CRM failure or timeout: nothing is routed
            raise LeadAgentError(f"run {rec.run_id[:12]}'s CRM history still cannot be read ({found.error}); approve "
                                 'it once the CRM answers, so the lead goes to its CRM owner')
        return found.value
    except LeadAgentError as e:
        why = item.reason.split(_REFUSED, 1)[0]  # the run's own reason, without an earlier refusal's
        await deps.review.reopen(rec.run_id, f'{why}{_REFUSED}{e}'[:1000], now, was='approved')
        raise


async def restore(run_id: str, deps: TriageDeps, *, reason: str = 'restored by a human') -> RunRecord:
    """Put a rejected run back in the review queue.

    Raises:
        LeadAgentError: the run is unknown or was not rejected.
    """
    rec = _live(await deps.runs.get(run_id), run_id)
    if rec.state != 'rejected':
        raise LeadAgentError(f'run {rec.run_id[:12]} is {rec.state}, only rejected runs can be restored')
    # Only a rejected item (or none: a spam rejected by the guards) is opened, in one transaction: a restore that had
    # read "rejected" before another restore and an approval went through opened the approved item again, and a
    # second approval posted the lead twice (helper-199). Its record changes only while it still says rejected.
    if not await deps.review.reopen(rec.run_id, reason, deps.now(), was='rejected', or_absent=True):
        raise LeadAgentError(f'run {rec.run_id[:12]} was restored or decided meanwhile: look at it again')
    return await deps.runs.change(rec.run_id, _restored) or rec


def _restored(rec: RunRecord) -> None:
    if rec.state == 'rejected':
        rec.state, rec.reviewed = 'review', None


def _live(rec: RunRecord | None, run_id: str) -> RunRecord:
    """The run, unless it is unknown or a dry run (whose review item is in the outbox: deciding it does nothing live)."""
    if rec is None:
        raise LeadAgentError(f'no run {run_id!r}')
    if rec.dry_run:
        raise LeadAgentError(f'run {rec.run_id[:12]} is a dry run: its would-be review item is in the outbox, not '
                             'the review queue; triage the lead live to act on it')
    return rec


def check_retry(rec: RunRecord) -> None:
    """Refuse a run whose input cannot be triaged again as a new run: only a failed, unreadable one not retried yet.

    Raises:
        LeadAgentError: saying why, and what to do with the run instead.
    """
    short = _live(rec, rec.run_id).run_id[:12]
    if rec.retried_as:
        raise LeadAgentError(f'run {short} was retried already, as run {rec.retried_as[:12]}')
    if rec.state != 'failed':
        raise LeadAgentError(f'run {short} is {rec.state}; only a failed run whose input could not be read is retried')
    if rec.lead is not None:  # its dedupe claim is its own: a new run of the same lead would be its duplicate
        raise LeadAgentError(f'run {short} read its lead and failed later: resume it from the failed step with '
                             f'`lead-agent runs retry {short}`, or decide it with `lead-agent review approve|reject`')


def kept_input(rec: RunRecord, intake: IntakePolicy, fmt: _inputs.Format | None = None) -> list[_inputs.Item]:
    """A failed unreadable run's kept input, read again as it came (a vendor's body by its reader, a CSV row as CSV).

    `fmt` overrides how it is read (None: a vendor's body or a CSV row as it came, anything else as the text says).

    A vendor's body read as a plain JSON lead missed its answers (helper-202: a Typeform delivery kept for its
    unmapped email was still refused after `intake.fields` mapped it). A lead read from a body keeps no delivery id:
    the id was refused with the body, or another submission's run holds it.

    Raises:
        LeadAgentError: the kept input lost bytes (undecodable, kept escaped) or was cut: it needs `--input`.
    """
    short = rec.run_id[:12]
    raw = rec.raw or ''
    if _inputs.lossy(rec.errors):  # kept with its undecodable bytes escaped: reading it again would triage those
        raise LeadAgentError(f'run {short} kept its input with undecodable bytes escaped: give the fixed file with '
                             '--input FILE (and --encoding, if it is not UTF-8)')
    if len(raw) >= KEPT_CHARS:
        raise LeadAgentError(f'run {short} kept only the first {KEPT_CHARS:,} characters of its input: give the fixed '
                             'file with --input FILE')
    vendor = next((f.removeprefix(VENDOR_FLAG) for f in rec.flags if f.startswith(VENDOR_FLAG)), None)
    origin = f'run {short}'
    if vendor is None or fmt is not None:
        kept: _inputs.Format | None = 'csv' if 'format:csv' in rec.flags else None
        return list(_inputs.read_text(origin, raw.encode(), fmt=fmt or kept, intake=intake))
    try:
        inbound = parse(vendor, raw.encode(), {}, intake)
    except WebhookRejected as e:
        return [_inputs.Item(origin, None, raw, f'{origin}: {e}')]
    return [_inputs.Item(origin, i.lead.model_copy(update={'delivery_id': None}), raw) for i in inbound]


async def mark_retried(run_id: str, new_run_id: str, deps: TriageDeps, *, by: str = 'cli') -> RunRecord:
    """Close an unreadable run's review item as `retried` (by whom) and point the run at the run that triaged its input.

    Raises:
        LeadAgentError: the run is unknown, not retryable (`check_retry`), or its review item is no longer open.
    """
    rec = await deps.runs.get(run_id)
    if rec is None:
        raise LeadAgentError(f'no run {run_id!r}')
    check_retry(rec)
    rec.reviewed = await deps.review.resolve(rec.run_id, 'retried', None, by, deps.now())
    rec.retried_as = new_run_id
    await deps.runs.save(rec)
    return rec
