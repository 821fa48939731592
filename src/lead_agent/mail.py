"""The templated acknowledgement: only the policy's templates, only to the submitter, once per run."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from .models import Lead
from .policy import EmailTemplate
from .store import Database, write_outbox

__all__ = ('OutboxMailer', 'render_ack')


def render_ack(template: EmailTemplate, lead: Lead, company_name: str) -> tuple[str, str]:
    """Subject and body with `{name}` and `{company_name}` filled in; no model-written text."""
    first = lead.name.split()[0] if lead.name.split() else 'there'
    values = {'name': first, 'company_name': company_name}
    return template.subject.format_map(values), template.body.format_map(values)


class OutboxMailer:
    """`Mailer` that writes the message to the store's outbox."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def send_ack(self, run_id: str, lead: Lead, template: EmailTemplate, company_name: str) -> str:
        """Queue the acknowledgement for the submitter."""
        subject, body = render_ack(template, lead, company_name)
        payload = json.dumps({'to': lead.email, 'subject': subject, 'body': body})
        return await self.db.run(write_outbox, self.db, run_id, 'email_ack', lead.email, payload, datetime.now(UTC))
