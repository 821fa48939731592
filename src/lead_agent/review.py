"""Human review decisions: approve a run through the same guarded actions, reject it, or restore a rejected one."""

from __future__ import annotations

from typing import Literal

from .deps import TriageDeps
from .exceptions import LeadAgentError
from .models import Assignee, Decision, RunRecord
from .pipeline import InProcess, route

__all__ = ('resolve', 'restore')


async def resolve(run_id: str, verdict: Literal['approve', 'reject'], deps: TriageDeps, *, to: Assignee | None = None,
                  by: str = 'cli') -> RunRecord:
    """Apply a human review decision through the same guarded actions; each item is decided once.

    Raises:
        LeadAgentError: the run is unknown, not open for review, or cannot be approved (no readable lead).
    """
    rec = _live(await deps.runs.get(run_id), run_id)
    if verdict == 'approve' and (rec.lead is None or to is None):
        raise LeadAgentError('only a readable lead can be approved, and it needs --to sales|support|founder')
    now = deps.now()
    item = await deps.review.resolve(rec.run_id, 'approved' if verdict == 'approve' else 'rejected', to, by, now)
    rec.reviewed = item
    if verdict == 'reject':
        rec.state = 'rejected'
    else:
        assert rec.lead is not None and to is not None
        priority = rec.decision.priority if rec.decision else 'medium'
        d = Decision(action='auto_route_support' if to == 'support' else 'auto_route_sales', assigned_to=to,
                     priority=priority, rules=['human_approved'], notes=[f'human_approved: by {by} → {to}'],
                     acknowledge=to in deps.policy.email_templates)
        errors = await route(rec.lead, rec.classification, d, deps, rec, InProcess())
        rec.decision = d
        if errors:
            rec.errors.extend(errors)
            rec.state = 'failed'
            await deps.review.reopen(rec.run_id, 'approval failed: ' + '; '.join(errors), now)
        else:
            rec.state = 'routed_support' if to == 'support' else 'routed_sales'
    await deps.runs.save(rec)
    return rec


async def restore(run_id: str, deps: TriageDeps, *, reason: str = 'restored by a human') -> RunRecord:
    """Put a rejected run back in the review queue.

    Raises:
        LeadAgentError: the run is unknown or was not rejected.
    """
    rec = _live(await deps.runs.get(run_id), run_id)
    if rec.state != 'rejected':
        raise LeadAgentError(f'run {rec.run_id[:12]} is {rec.state}, only rejected runs can be restored')
    await deps.review.reopen(rec.run_id, reason, deps.now())
    rec.state, rec.reviewed = 'review', None
    await deps.runs.save(rec)
    return rec


def _live(rec: RunRecord | None, run_id: str) -> RunRecord:
    """The run, unless it is unknown or a dry run (whose review item is in the outbox: deciding it does nothing live)."""
    if rec is None:
        raise LeadAgentError(f'no run {run_id!r}')
    if rec.dry_run:
        raise LeadAgentError(f'run {rec.run_id[:12]} is a dry run: its would-be review item is in the outbox, not '
                             'the review queue; triage the lead live to act on it')
    return rec
