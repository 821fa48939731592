"""Slack summaries in Block Kit, with all form text escaped; the embedded default writes them to an outbox."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from ._render import cut, visible
from .models import Assignment, Classification, Decision, Lead
from .store import Database, write_outbox

__all__ = ('OutboxNotifier', 'owner_text', 'review_blocks', 'slack_escape', 'slack_plain', 'summary_blocks')

_PRIORITY_ICON = {'high': ':red_circle:', 'medium': ':large_orange_circle:', 'low': ':white_circle:'}
_BROADCAST = re.compile(r'@(channel|here|everyone)\b', re.IGNORECASE)


def slack_escape(text: str, limit: int = 2900) -> str:
    """Form text made inert for mrkdwn: no links, no mentions, no broadcasts, within Slack's limits.

    Control and bidi characters are shown as their codes (a right-to-left override would show an address or a
    name reversed). Formatting (`*bold*`, `:emoji:`) is left: put lead text in `slack_plain` objects instead.
    """
    text = visible(text).replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    text = _BROADCAST.sub(lambda m: '@\u200b' + m.group(1), text)
    return cut(text, limit)


def slack_plain(text: str, limit: int = 2900) -> dict[str, Any]:
    """A `plain_text` object for lead text: Slack draws it as written, no bold, links, mentions or emoji codes."""
    return {'type': 'plain_text', 'text': slack_escape(text, limit), 'emoji': False}


def owner_text(owner: Assignment | None, team: str | None) -> str:
    """`Dana Kim (round robin) · sales`, escaped for mrkdwn; the team alone when nobody is assigned."""
    if owner is None:
        return slack_escape(team or 'unassigned', 100)
    return slack_escape(f'{owner.owner} ({owner.reason.replace("_", " ")}) · {owner.team}', 300)


def summary_blocks(run_id: str, lead: Lead, c: Classification | None, d: Decision, crm_url: str | None,
                   owner: Assignment | None = None) -> list[dict[str, Any]]:
    """The lead summary: priority, intent, fit, owner, the summary, a CRM link and a Take this lead button."""
    who = slack_escape(f'{lead.name or lead.email} · {lead.company or lead.domain}', 200)
    fields = [
        f'*Priority:* {_PRIORITY_ICON[d.priority]} {d.priority}',
        f'*Intent:* {c.intent if c else "not classified"}',
        f'*Fit:* {f"{c.fit_score}/100" if c else "unknown"}',
        f'*Owner:* {owner_text(owner, d.assigned_to)}',
    ]
    summary = c.summary_for_slack if c else f'Approved from the review queue. Message: {lead.message[:400]}'
    blocks: list[dict[str, Any]] = [
        {'type': 'header', 'text': {'type': 'plain_text', 'text': f'New lead: {who}'[:150], 'emoji': False}},
        {'type': 'section', 'fields': [{'type': 'mrkdwn', 'text': f} for f in fields]},
        {'type': 'section', 'text': slack_plain(summary)},
    ]
    if crm_url:
        blocks.append({'type': 'context', 'elements': [{'type': 'mrkdwn', 'text': f'<{crm_url}|Open CRM record>'}]})
    blocks.append({'type': 'actions', 'block_id': f'lead:{run_id}', 'elements': [
        {'type': 'button', 'action_id': 'take_lead', 'style': 'primary', 'value': run_id,
         'text': {'type': 'plain_text', 'text': 'Take this lead'}},
    ]})
    return blocks


def review_blocks(run_id: str, lead: Lead | None, reason: str) -> list[dict[str, Any]]:
    """A review-queue item with Approve → sales/support/founder and Reject buttons.

    Unreadable input gets Reject only: it cannot be approved (`lead-agent review retry` reads it again once fixed).
    """
    who = slack_escape(f'{lead.name or lead.email} · {lead.company or lead.domain}' if lead else 'unreadable input', 140)
    buttons = [{'type': 'button', 'action_id': f'approve_{to}', 'value': run_id,
                'text': {'type': 'plain_text', 'text': f'Approve → {to}'}}
               for to in (('sales', 'support', 'founder') if lead is not None else ())]
    buttons.append({'type': 'button', 'action_id': 'reject', 'style': 'danger', 'value': run_id,
                    'text': {'type': 'plain_text', 'text': 'Reject'}})
    return [
        {'type': 'header', 'text': {'type': 'plain_text', 'text': f'Needs review: {who}'[:150], 'emoji': False}},
        {'type': 'section', 'text': slack_plain(reason, 1500)},
        {'type': 'actions', 'block_id': f'review:{run_id}', 'elements': buttons},
    ]


class OutboxNotifier:
    """`Notifier` that writes the Slack payloads to the store's outbox (one per run and kind).

    With `dry_run`, the rows are marked as what a shadow run would have posted.
    """

    def __init__(self, db: Database, *, dry_run: bool = False) -> None:
        self.db, self.dry_run = db, dry_run

    async def post_summary(self, run_id: str, lead: Lead, classification: Classification | None, decision: Decision,
                           channel: str, crm_url: str | None, *, owner: Assignment | None = None) -> str:
        """Queue the lead summary for `channel` (a run approved for another team moves its row there)."""
        payload = json.dumps({'channel': channel, 'blocks': summary_blocks(run_id, lead, classification, decision,
                                                                           crm_url, owner)})
        return await self.db.run(write_outbox, self.db, run_id, 'slack_summary', channel, payload, datetime.now(UTC),
                                 self.dry_run, True)  # the row follows its target

    async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
        """Queue the review item for the review channel."""
        payload = json.dumps({'channel': channel, 'blocks': review_blocks(run_id, lead, reason)})
        return await self.db.run(write_outbox, self.db, run_id, 'slack_review', channel, payload, datetime.now(UTC),
                                 self.dry_run)
