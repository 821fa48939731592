"""Closing the loop: human review decisions become labeled cases in the dataset format."""

from __future__ import annotations

from ..models import Intent, ReviewItem, RunRecord
from .dataset import Expected, LabeledCase

__all__ = ('case_from_review',)


def case_from_review(rec: RunRecord, item: ReviewItem) -> LabeledCase | None:
    """A labeled case from a decided review item; None for undecided items, unreadable input or unknown CRM history."""
    if rec.lead is None or item.status == 'open':
        return None
    if rec.decision is not None and 'crm_unavailable' in rec.decision.rules:
        # Its CRM history is unknown, not empty: a case would replay a customer as a stranger (helper-69). (An
        # approval reads the history again and replaces the decision.)
        return None
    c = rec.classification
    model_intent: Intent | None = c.intent if c else None
    if item.status == 'approved':
        team = item.decided_to or 'sales'
        action = 'auto_route_support' if team == 'support' else 'auto_route_sales'
        fits = {'auto_route_support': ('support',), 'auto_route_sales': ('buying', 'researching')}[action]
        intent: Intent = model_intent if model_intent in fits else fits[0]  # type: ignore[assignment]
        priority = rec.decision.priority if rec.decision else 'medium'
        reason = f'approved by {item.decided_by} → {team} from review ({item.reason[:120]})'
    else:
        # A human rejection is spam only when the model also saw spam; otherwise it stays a human's call.
        intent = 'spam' if model_intent == 'spam' else (model_intent or 'unclear')
        action = 'auto_reject_spam' if intent == 'spam' else 'human_review'
        priority = 'low'
        reason = f'rejected by {item.decided_by} from review ({item.reason[:120]})'
    lead = rec.lead
    submission = lead.model_dump(mode='json', include={'name', 'email', 'company', 'message', 'phone', 'source_ip',
                                                       'submitted_at', 'form'})
    submission.update(lead.extra)
    return LabeledCase(
        id=f'review-{rec.run_id[:12]}',
        submission=submission,
        enrichment=rec.enrichment,
        crm_history=[h for h in rec.crm_history if h.type != 'contact'],
        expected=Expected(intent=intent, action=action, priority=priority, reason=reason),
        tags=['source:review', f'review:{item.status}'],
    )
