"""The store, split by concern, each behind a small Protocol with a SQL implementation on one `Database`.

- `Intake`: accepting submissions, delivery ids, dedupe keys, per-submitter hits (`SqlIntake`; `prune` forgets those
  past their windows);
- `RunLog`: the eval log, one `RunRecord` per run (`SqlRunLog`); each accepted delivery's body as received
  (`RawBody`, stored by `Intake.accept`, read by `raw_body_of`);
- `ReviewQueue`: the human review queue (`SqlReviewQueue`);
- the outbox (`write_outbox`/`read_outbox`), the local CRM (`lead_agent.crm.local`), the enrichment cache
  (`lead_agent.enrichment.cache`), the owners' round robin (`SqlRotation`), the run engine's heartbeats
  (`Executors`) and finished-run counters (`RunTotals`), and the host's digests of webhook bodies signed without a
  timestamp (`BodyDigests`) share the database.

The schema is under Alembic (`migrate.py`, `migrations/`): `prepare()` creates a new database and checks an
existing one; `lead-agent db upgrade` moves an older one on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Literal, Protocol

from ..models import Assignment, ReviewItem, RunRecord
from .database import Database, database_away, database_error
from .digests import BodyDigests
from .executors import Executors, dbos_tables_exist, dbos_workflows, workflows_ended
from .intake import Enqueue, SqlIntake
from .migrate import current_revision, head_revision, made, newer, prepare, upgrade
from .outbox import read_outbox, write_outbox
from .prune import prune
from .raw import RawBody, raw_bodies_of, raw_body_of
from .review import ReviewStatus, SqlReviewQueue
from .rotation import SqlRotation
from .runlog import SqlRunLog
from .takes import taker_of
from .totals import RunTotals, Totals

__all__ = (
    'BodyDigests',
    'Database',
    'Enqueue',
    'Executors',
    'Intake',
    'RawBody',
    'ReviewQueue',
    'ReviewStatus',
    'RunLog',
    'RunTotals',
    'SqlIntake',
    'SqlReviewQueue',
    'SqlRotation',
    'SqlRunLog',
    'Totals',
    'current_revision',
    'dbos_tables_exist',
    'dbos_workflows',
    'workflows_ended',
    'database_away',
    'database_error',
    'head_revision',
    'made',
    'newer',
    'prepare',
    'prune',
    'raw_bodies_of',
    'raw_body_of',
    'read_outbox',
    'taker_of',
    'upgrade',
    'write_outbox',
)


class Intake(Protocol):
    """Submissions in: stored and queued once, however often and however concurrently they arrive."""

    async def accept(self, items: list[tuple[RunRecord, str | None]], enqueue: Enqueue,
                     raw: Mapping[str, RawBody] | None = None) -> list[str | None]:
        """Store submissions, the raw body of each (`raw`, by run id), and queue the new ones in one transaction.

        Returns, per item, the first run's id when its delivery id was seen before, else None.
        """
        ...

    async def claim(self, dedupe_key: str, delivery_id: str | None, run_id: str, now: datetime,
                    window_hours: float) -> str | None:
        """Atomically claim a submission for `run_id`; return the earlier run's id when it is a duplicate."""
        ...

    async def forget_hit(self, run_id: str) -> None:
        """Take run `run_id`'s submission out of its submitter's count."""
        ...

    async def claimed_by(self, dedupe_key: str, run_id: str, now: datetime, window_hours: float) -> str | None:
        """The earlier run that claimed this submission within the window, without claiming it."""
        ...

    async def hit(self, key: str, now: datetime, window_seconds: int, run_id: str) -> int:
        """Count run `run_id`'s submission from submitter `key` (`Lead.rate_key`) once; the submitter's count.

        The count is of the submissions within the window up to this one, this one included; asked again for the same
        run, the same answer.
        """
        ...


class RunLog(Protocol):
    """The eval log: one `RunRecord` per run."""

    async def save(self, record: RunRecord) -> None:
        """Insert or replace the run's record."""
        ...

    async def get(self, run_id: str) -> RunRecord | None:
        """One run by id, or by a unique prefix of it."""
        ...

    async def ambiguous(self, prefix: str) -> bool:
        """Whether more than one run id starts with `prefix` (which `get` then finds no run for)."""
        ...

    async def change(self, run_id: str, edit: Callable[[RunRecord], None]) -> RunRecord | None:
        """Apply `edit` to the record as stored now, over whatever saved it meanwhile; the record after, or None."""
        ...

    async def set_owner(self, run_id: str, owner: Assignment, *, note: str | None = None,
                        unsynced: bool | None = None) -> RunRecord | None:
        """Change the run's owner (and add `note` to its errors) only, over whatever saved it meanwhile.

        The record after, or None.
        """
        ...

    async def recent(self, limit: int = 50) -> list[RunRecord]:
        """Recent runs, newest first."""
        ...


class ReviewQueue(Protocol):
    """Runs waiting for a human, and what the human decided."""

    async def enqueue(self, run_id: str, reason: str, now: datetime) -> None:
        """Put a run in the queue (once)."""
        ...

    async def reopen(self, run_id: str, reason: str, now: datetime, *, was: str | None = None,
                     or_absent: bool = False) -> bool:
        """Put a run (back) in the queue as open; whether this call opened it.

        Whatever its item's state was, or only from `was` when given (or with no item at all, with `or_absent`).
        """
        ...

    async def reopen_cut_off(self, before: datetime, after: datetime) -> list[ReviewItem]:
        """Open again the items approved between `after` and `before` whose run the approval never routed."""
        ...

    async def items(self, status: ReviewStatus | None = 'open', *, limit: int = 100,
                    offset: int = 0) -> list[ReviewItem]:
        """A page of review items: open ones oldest first, decided ones newest decision first."""
        ...

    async def page(self, status: ReviewStatus | None = 'open', *, limit: int = 50,
                   offset: int = 0) -> list[tuple[ReviewItem, RunRecord | None]]:
        """A page of items as `items` orders them, each with its run's record (None if it has none)."""
        ...

    async def count(self, status: ReviewStatus | None = 'open') -> int:
        """How many items have this status."""
        ...

    async def resolve(self, run_id: str, status: Literal['approved', 'rejected', 'retried', 'retrying'],
                      decided_to: str | None, decided_by: str, now: datetime, *,
                      was: Literal['open', 'retrying'] = 'open') -> ReviewItem:
        """Record a decision on an item whose status is `was`, exactly once.

        A human's on an open item; `retrying` while `lead-agent runs retry` holds it.
        """
        ...
