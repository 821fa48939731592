"""The small Protocols every backend implements; local defaults live beside them, real ones plug in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from .models import Classification, CrmRecord, Decision, Enrichment, Lead, ReviewItem, RunRecord
from .policy import EmailTemplate

__all__ = ('CRM', 'CompanyLookup', 'ContactRef', 'Mailer', 'Notifier', 'Store')


class CompanyLookup(Protocol):
    """Company facts by email domain."""

    async def lookup(self, domain: str) -> Enrichment | None:
        """The company behind a domain, or None when nothing is known."""
        ...


@dataclass(frozen=True)
class ContactRef:
    """A CRM contact the act stage created or found."""

    contact_id: str
    created: bool
    """False when a contact with this email already existed (only the note was added)."""
    url: str


class CRM(Protocol):
    """Prior history, and create-only contacts with a note."""

    async def history(self, email: str) -> list[CrmRecord]:
        """Records about this email or its company, newest first."""
        ...

    async def create_contact(self, lead: Lead, note: str, run_id: str) -> ContactRef:
        """Create the contact (or find the existing one by email) and attach the note once per run."""
        ...


class Notifier(Protocol):
    """Slack (or its outbox)."""

    async def post_summary(
        self, run_id: str, lead: Lead, classification: Classification | None, decision: Decision, channel: str,
        crm_url: str | None,
    ) -> str:
        """Post the lead summary with a "Take this lead" button; returns the message reference."""
        ...

    async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
        """Post a review-queue item with approve/reject buttons; returns the message reference."""
        ...


class Mailer(Protocol):
    """The templated acknowledgement to the submitter."""

    async def send_ack(self, run_id: str, lead: Lead, template: EmailTemplate, company_name: str) -> str:
        """Send (or queue) the acknowledgement; at most one per run. Returns the message reference."""
        ...


class Store(Protocol):
    """The eval log, dedupe keys, rate-limit hits and the review queue."""

    async def hit_ip(self, ip: str, now: datetime, window_seconds: int) -> int:
        """Record a submission from `ip`; return how many it sent within the window, this one included."""
        ...

    async def claim(self, dedupe_key: str, delivery_id: str | None, run_id: str, now: datetime,
                    window_hours: float) -> str | None:
        """Atomically claim a submission for `run_id`; return the earlier run's id when it is a duplicate."""
        ...

    async def claim_delivery(self, delivery_id: str, run_id: str) -> str | None:
        """Claim a vendor delivery id for `run_id`; return the first run's id when it was claimed before."""
        ...

    async def accept(self, items: list[tuple[RunRecord, str | None]], enqueue: Any) -> list[str | None]:
        """Store submissions and queue the new ones (`enqueue(connection, records)`) in one transaction.

        Returns, per item, the first run's id when its delivery id was seen before, else None.
        """
        ...

    async def executors_seen(self, executor_id: str, now: datetime, dead_after: float, *,
                             collect: bool = True) -> list[str]:
        """Record that `executor_id` is alive; return (and forget) the executors silent for `dead_after` seconds."""
        ...

    async def forget_executor(self, executor_id: str) -> None:
        """Mark an executor gone at once (a clean stop): another process recovers what it held."""
        ...

    async def save_run(self, record: RunRecord) -> None:
        """Insert or replace the run's record."""
        ...

    async def get_run(self, run_id: str) -> RunRecord | None:
        """One run by id (a unique prefix is enough)."""
        ...

    async def list_runs(self, limit: int = 50) -> list[RunRecord]:
        """Recent runs, newest first."""
        ...

    async def enqueue_review(self, run_id: str, reason: str, now: datetime) -> None:
        """Put a run in the review queue (once)."""
        ...

    async def reopen_review(self, run_id: str, reason: str, now: datetime) -> None:
        """Put a run (back) in the queue as open, whatever its item's state was."""
        ...

    async def list_review(self, status: str | None = 'open') -> list[ReviewItem]:
        """Review items, oldest first."""
        ...

    async def resolve_review(self, run_id: str, status: Literal['approved', 'rejected'], decided_to: str | None,
                             decided_by: str, now: datetime) -> ReviewItem:
        """Record a human decision on an open review item."""
        ...
