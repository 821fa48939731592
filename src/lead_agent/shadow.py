"""Shadow mode: `dry_run_deps(deps)` runs every stage for real but writes the actions to the outbox.

What a dry run still does: the precheck, the company lookup, the CRM history *reads*, the classification, the guards,
the owner (on a round robin of its own: a dry run never moves the live one), and its record (marked `dry_run`). What it writes to the outbox (marked `dry_run`) instead of doing: the CRM
contact and note (`crm_contact`), the Slack summary and review post, the acknowledgement email, and the review item
itself (`review_item`: a dry run never enters the live review queue, so nobody can approve it into live actions).

Its intake rows (dedupe keys, delivery ids, rate-limit hits) live in a namespace of their own: dry runs see each
other as duplicates and count against each other's rate limit, as live ones would, but a live run of the same lead
later is never a "duplicate" of a dry one, nor limited by it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from .backends import CRM, ContactRef, Mailer, Notifier
from .exceptions import LeadAgentError
from .mail import OutboxMailer
from .models import Assignment, CrmRecord, Lead, ReviewItem, RunRecord
from .notify import OutboxNotifier
from .routing import Rotation
from .store import Database, Enqueue, Intake, RawBody, ReviewQueue, ReviewStatus, write_outbox

if TYPE_CHECKING:
    from .deps import TriageDeps

__all__ = ('ShadowCRM', 'ShadowIntake', 'ShadowReview', 'ShadowRotation', 'dry_run_deps', 'shadow_delivery_id', 'shadow_key',
           'shadow_submitter_key')

_PREFIX = 'dry:'


def shadow_key(key: str, width: int) -> str:
    """A dry run's intake key for `key`, at most `width` characters: never equal to a live key."""
    return _PREFIX + hashlib.sha256(key.encode()).hexdigest()[: width - len(_PREFIX)]


# The widths of the columns that hold them (`store._schema`).
_DEDUPE, _DELIVERY, _SUBMITTER = 64, 200, 45


def shadow_submitter_key(key: str) -> str:
    """A dry run's rate-limit key for a live one (`Lead.rate_key`)."""
    return shadow_key(key, _SUBMITTER)


def shadow_delivery_id(delivery_id: str | None) -> str | None:
    """A dry run's delivery id for a live one."""
    return shadow_key(delivery_id, _DELIVERY) if delivery_id else None


class ShadowIntake:
    """`Intake` whose keys are a dry run's own: the same checks, on rows live runs never see."""

    def __init__(self, inner: Intake) -> None:
        self.inner = inner

    async def accept(self, items: list[tuple[RunRecord, str | None]], enqueue: Enqueue,
                     raw: Mapping[str, RawBody] | None = None) -> list[str | None]:
        """Store and queue the submissions, their delivery ids in the dry-run namespace, their raw bodies marked dry."""
        dry = {run_id: dataclasses.replace(body, dry_run=True) for run_id, body in (raw or {}).items()}
        return await self.inner.accept([(rec, shadow_delivery_id(d)) for rec, d in items], enqueue, dry)

    async def claim(self, dedupe_key: str, delivery_id: str | None, run_id: str, now: datetime,
                    window_hours: float) -> str | None:
        """Claim the submission among dry runs; the earlier dry run's id when it is a duplicate of one."""
        return await self.inner.claim(shadow_key(dedupe_key, _DEDUPE), shadow_delivery_id(delivery_id), run_id, now,
                                      window_hours)

    async def claimed_by(self, dedupe_key: str, run_id: str, now: datetime, window_hours: float) -> str | None:
        """The earlier dry run that claimed the submission, without claiming it."""
        return await self.inner.claimed_by(shadow_key(dedupe_key, _DEDUPE), run_id, now, window_hours)

    async def forget_hit(self, run_id: str) -> None:
        """Take the dry run's submission out of the submitter's dry-run hits."""
        await self.inner.forget_hit(run_id)

    async def hit(self, key: str, now: datetime, window_seconds: int, run_id: str) -> int:
        """Count the submission against the submitter's dry-run hits."""
        return await self.inner.hit(shadow_submitter_key(key), now, window_seconds, run_id)


class ShadowCRM:
    """`CRM` that reads the real history and writes the contact and note it would create to the outbox."""

    def __init__(self, inner: CRM, db: Database) -> None:
        self.inner, self.db = inner, db

    async def history(self, email: str) -> list[CrmRecord]:
        """The real CRM's records (a read: the classification needs them)."""
        return await self.inner.history(email)

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Assignment | None = None
                             ) -> ContactRef:
        """Write the would-be contact (its properties and owner) and note to the outbox; no CRM link (no record)."""
        contact = {'email': lead.email, 'name': lead.name, 'company': lead.company, 'phone': lead.phone,
                   'owner': owner.model_dump() if owner else None}
        payload = json.dumps({'contact': contact, 'note': note})
        ref = await self.db.run(write_outbox, self.db, run_id, 'crm_contact', lead.email, payload, datetime.now(UTC),
                                True)
        return ContactRef(contact_id=ref, created=True, url='')

    async def set_owner(self, contact_id: str, owner: Assignment) -> None:
        """Write the would-be owner change to the outbox."""
        payload = json.dumps({'contact_id': contact_id, 'owner': owner.model_dump()})
        await self.db.run(write_outbox, self.db, contact_id[:40], 'crm_owner', contact_id, payload,
                          datetime.now(UTC), True)

    async def tidy_notes(self, contact_id: str, run_id: str) -> int:
        """Nothing to tidy: the outbox holds one note per run."""
        return 0


class ShadowRotation:
    """`Rotation` on pools of their own: dry runs take turns among themselves, the live round never moves."""

    def __init__(self, inner: Rotation) -> None:
        self.inner = inner

    async def pick(self, run_id: str, pool: str, weights: Sequence[tuple[str, int]], now: datetime) -> str:
        """Pick from the dry-run twin of `pool`."""
        return await self.inner.pick(run_id, _PREFIX + pool, weights, now)


class ShadowReview:
    """`ReviewQueue` that writes a dry run's review item to the outbox; the live queue is read as it is."""

    def __init__(self, inner: ReviewQueue, db: Database) -> None:
        self.inner, self.db = inner, db

    async def _write(self, run_id: str, reason: str, now: datetime) -> None:
        await self.db.run(write_outbox, self.db, run_id, 'review_item', 'review queue', json.dumps({'reason': reason}),
                          now, True)

    async def enqueue(self, run_id: str, reason: str, now: datetime) -> None:
        """Write the would-be review item to the outbox."""
        await self._write(run_id, reason, now)

    async def reopen(self, run_id: str, reason: str, now: datetime, *, was: str | None = None,
                     or_absent: bool = False) -> bool:
        """Write the would-be review item to the outbox (once per run)."""
        await self._write(run_id, reason, now)
        return True

    async def reopen_cut_off(self, before: datetime, after: datetime) -> list[ReviewItem]:
        """Nothing: a dry run's approvals are refused, and the live queue is the live engines' to tend."""
        return []

    async def items(self, status: ReviewStatus | None = 'open', *, limit: int = 100,
                    offset: int = 0) -> list[ReviewItem]:
        """The live queue's items (dry runs have none)."""
        return await self.inner.items(status, limit=limit, offset=offset)

    async def page(self, status: ReviewStatus | None = 'open', *, limit: int = 50,
                   offset: int = 0) -> list[tuple[ReviewItem, RunRecord | None]]:
        """A page of the live queue (dry runs have no items in it)."""
        return await self.inner.page(status, limit=limit, offset=offset)

    async def count(self, status: ReviewStatus | None = 'open') -> int:
        """How many live items have this status."""
        return await self.inner.count(status)

    async def resolve(self, run_id: str, status: Literal['approved', 'rejected', 'retried', 'retrying'],
                      decided_to: str | None, decided_by: str, now: datetime, *,
                      was: Literal['open', 'retrying'] = 'open') -> ReviewItem:
        """Refused: a dry run has no item to decide.

        Raises:
            LeadAgentError: always.
        """
        raise LeadAgentError(f'run {run_id[:12]} is a dry run: it has no review item to decide')


def dry_run_deps(deps: TriageDeps) -> TriageDeps:
    """`deps` for dry runs: the same lookups, model and store, with every action written to the outbox.

    The result shares `deps`' clients: close one of them, not both.
    """
    if deps.dry_run:
        return deps
    db = deps.db
    # Typed as the protocols, so a method a shadow lacks is an error here (`replace` checks no types: helper-93 found
    # the review queue's `reopen_cut_off` missing only when a dry worker's upkeep called it).
    intake: Intake = ShadowIntake(deps.intake)
    review: ReviewQueue = ShadowReview(deps.review, db)
    crm: CRM = ShadowCRM(deps.crm, db)
    notifier: Notifier = OutboxNotifier(db, dry_run=True)
    mailer: Mailer = OutboxMailer(db, dry_run=True)
    rotation: Rotation = ShadowRotation(deps.owners)
    return dataclasses.replace(deps, dry_run=True, intake=intake, review=review, crm=crm, notifier=notifier,
                               mailer=mailer, rotation=rotation)
