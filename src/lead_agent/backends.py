"""The small Protocols every backend implements; local defaults live beside them, real ones plug in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

from .models import Assignment, Classification, CrmRecord, Decision, Enrichment, Lead
from .policy import EmailTemplate

__all__ = ('CRM', 'CompanyLookup', 'ContactRef', 'Mailer', 'Notifier', 'checked_by', 'may_have_run', 'redoing',
           'still_ours')


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
    notes_unsure: bool = False
    """True when this process sent the run's note more than once (a create cut off, or answered after the timeout):
    the CRM may show the extra one later, so `CRM.tidy_notes` is run later (`lead_agent.runs.tidy_later`). The
    pipeline has it run too for a run an earlier execution tried (resumed, retried, approved after it failed)."""


class CRM(Protocol):
    """Prior history, create-only contacts with a note, and one update: a contact's owner.

    `set_owner` is the only call that changes a record lead-agent did not just create, and it changes the owner
    field only ("Take this lead").
    """

    async def history(self, email: str) -> list[CrmRecord]:
        """Records about this email (`matched_by='email'`) or its company's registered domain (`'domain'`)."""
        ...

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Assignment | None = None
                             ) -> ContactRef:
        """Create the contact owned by `owner` (or find the existing one by email) and attach the note once per run."""
        ...

    async def set_owner(self, contact_id: str, owner: Assignment) -> None:
        """Set the owner of a contact lead-agent created or found: the owner field only, nothing else."""
        ...

    async def tidy_notes(self, contact_id: str, run_id: str) -> int:
        """Remove all but one of this run's notes on the contact (the one with the lowest id); how many it removed.

        For a run whose note may have been stored twice (`ContactRef.notes_unsure`). Only notes holding the run's id
        are touched, and the one kept is the same whichever of them a search shows first, so checks never remove all.
        """
        ...


_REDO: ContextVar[bool] = ContextVar('lead_agent_redo', default=False)


def may_have_run() -> bool:
    """True while an action runs that an earlier attempt of it may already have made.

    That is a retry after a failure whose outcome is unknown (a timeout, a 5xx), or a run resumed after its process
    was killed, retried or approved after it tried its actions. For backends whose vendor has no idempotency key: `SlackNotifier` then looks for the run's post in the channel
    before it posts. False on a run's first attempt of each action, so the common case makes no extra call.
    """
    return _REDO.get()


@contextmanager
def redoing() -> Generator[None]:
    """Within the block, `may_have_run()` is True (the pipeline's retries and resumed runs set it)."""
    token = _REDO.set(True)
    try:
        yield
    finally:
        _REDO.reset(token)


_STILL_OURS: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar('lead_agent_still_ours', default=None)
_AFTER_BACKOFF: ContextVar[Callable[[str], Awaitable[None]] | None] = ContextVar('lead_agent_after_backoff',
                                                                                 default=None)


async def after_backoff(before: str = 'its vendor request is sent again') -> None:
    """In a vendor client, after waiting to send a request (again): the check of the run being executed or approved.

    Time has passed there, as after the pipeline's own backoffs: `pipeline.watching` stops the run if its person was
    erased meanwhile (an approval's HubSpot create, tried again inside the client after `lead-agent erase` and once
    HubSpot was back, made the erased person's contact). `before` names what comes next, for the log. Outside a
    watched run it does nothing. A wait for a rate-limit slot (`ratelimit.Limiter.wait`) counts too.
    """
    check = _AFTER_BACKOFF.get()
    if check is not None:
        await check(before)


@contextmanager
def checked_after_backoff(check: Callable[[str], Awaitable[None]]) -> Generator[None]:
    """Within the block, `after_backoff(before)` awaits `check(before)`."""
    token = _AFTER_BACKOFF.set(check)
    try:
        yield
    finally:
        _AFTER_BACKOFF.reset(token)


async def still_ours() -> None:
    """Before a side effect: stop when another process has taken over the run this action belongs to.

    A worker frozen (a paused VM, SIGSTOP, a long GC) past `LEAD_AGENT_DEAD_AFTER` has its runs taken over by
    another; when it wakes, an action it was in (waiting for a rate-limit slot, say) would be made by both. The
    engine sets the check for each run it executes: it costs a clock read unless this process stalled, and then
    reads who owns the run; taken over, it raises a `BaseException` (the engine's own, so no `except Exception`
    records it as the action's failure) and the execution stops, doing and recording nothing more. Outside an
    engine's run (an approval, `triage` without an engine) it does nothing.
    """
    check = _STILL_OURS.get()
    if check is not None:
        await check()


@contextmanager
def checked_by(check: Callable[[], Awaitable[None]]) -> Generator[None]:
    """Within the block, `still_ours()` awaits `check` (the engine sets it around each run it executes)."""
    token = _STILL_OURS.set(check)
    try:
        yield
    finally:
        _STILL_OURS.reset(token)


class Notifier(Protocol):
    """Slack (or its outbox)."""

    async def post_summary(
        self, run_id: str, lead: Lead, classification: Classification | None, decision: Decision, channel: str,
        crm_url: str | None, *, owner: Assignment | None = None,
    ) -> str:
        """Post the lead summary with a "Take this lead" button; returns the message reference.

        Once per run and channel: a run a person approved for another team posts it to that team's `channel`,
        and the earlier post is closed (`SlackNotifier`) or replaced (`OutboxNotifier`).
        """
        ...

    async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
        """Post a review-queue item with approve/reject buttons; returns the message reference."""
        ...


class Mailer(Protocol):
    """The templated acknowledgement to the submitter."""

    async def send_ack(self, run_id: str, lead: Lead, template: EmailTemplate, company_name: str) -> str:
        """Send (or queue) the acknowledgement; at most one per run. Returns the message reference.

        Raises:
            RecipientRefused: the address takes no mail (the run is routed without the acknowledgement, and says so).
            IntegrationError: any other failure (`transient` for the engine's retries); the run fails into review.
        """
        ...
