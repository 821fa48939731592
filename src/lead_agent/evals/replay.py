"""Backends that replay one case's enrichment and CRM history, and keep every action in an in-memory sink."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..backends import ContactRef
from ..models import Assignment, Classification, CrmRecord, Decision, Enrichment, Lead
from ..policy import EmailTemplate

__all__ = ('ReplayCRM', 'ReplayLookup', 'Sink', 'SinkMailer', 'SinkNotifier')

Sink = list[tuple[str, dict[str, Any]]]


@dataclass
class ReplayLookup:
    """`CompanyLookup` answering with the case's enrichment."""

    enrichment: Enrichment | None

    async def lookup(self, domain: str) -> Enrichment | None:
        """The case's enrichment, as the provider chain would have returned it."""
        return self.enrichment


@dataclass
class ReplayCRM:
    """`CRM` with the case's history; contacts go to the sink."""

    records: list[CrmRecord]
    sink: Sink

    async def history(self, email: str) -> list[CrmRecord]:
        """The case's CRM history."""
        return list(self.records)

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Assignment | None = None
                             ) -> ContactRef:
        """Record the contact that would have been created."""
        self.sink.append(('crm_contact', {'email': lead.email}))
        return ContactRef(contact_id=f'eval-{run_id[:8]}', created=True, url=f'eval://crm/{run_id[:8]}')

    async def set_owner(self, contact_id: str, owner: Assignment) -> None:
        """Record the owner change that would have been made."""
        self.sink.append(('crm_owner', {'contact_id': contact_id, 'owner': owner.owner}))

    async def tidy_notes(self, contact_id: str, run_id: str) -> int:
        """Nothing to tidy: nothing was stored."""
        return 0


@dataclass
class SinkNotifier:
    """`Notifier` that records the posts it would have made."""

    sink: Sink

    async def post_summary(self, run_id: str, lead: Lead, classification: Classification | None, decision: Decision,
                           channel: str, crm_url: str | None, *, owner: Assignment | None = None) -> str:
        """Record the Slack summary."""
        self.sink.append(('slack_summary', {'channel': channel}))
        return f'eval-slack-{run_id[:8]}'

    async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
        """Record the review post."""
        self.sink.append(('slack_review', {'channel': channel}))
        return f'eval-review-{run_id[:8]}'


@dataclass
class SinkMailer:
    """`Mailer` that records the acknowledgement it would have sent."""

    sink: Sink

    async def send_ack(self, run_id: str, lead: Lead, template: EmailTemplate, company_name: str) -> str:
        """Record the acknowledgement."""
        self.sink.append(('email_ack', {'to': lead.email}))
        return f'eval-mail-{run_id[:8]}'
