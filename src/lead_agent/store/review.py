"""The review queue on SQL: one item per run, decided once; read a bounded page at a time, each on an index."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Select, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from ..exceptions import LeadAgentError
from ..models import ReviewItem, RunRecord, stored
from ._schema import review_counts, review_items, runs
from .database import Database

__all__ = ('ReviewStatus', 'SqlReviewQueue')

ReviewStatus = Literal['open', 'decided', 'retrying']
"""Which items: `open` ones (oldest first), `decided` ones, approved, rejected or retried (newest decision first), or
those a `runs retry` holds (`retrying`, oldest first)."""


_STATUSES: dict[ReviewStatus | None, tuple[str, ...]] = {
    'open': ('open',), 'decided': ('approved', 'rejected', 'retried'), 'retrying': ('retrying',),
    None: ('open', 'approved', 'rejected', 'retried', 'retrying')}
"""The item statuses each `ReviewStatus` covers."""


def _where(q: Select[Any], status: ReviewStatus | None) -> Select[Any]:
    c = review_items.c
    if status is None:
        return q.order_by(c.created_at, c.run_id)
    if status in ('open', 'retrying'):
        return q.where(c.status == status).order_by(c.created_at, c.run_id)
    return q.where(c.decided_at.is_not(None)).order_by(c.decided_at.desc(), c.run_id.desc())


def _bump(conn: Connection, status: str, by: int) -> None:
    """Move the count of `status` items by `by`, in the transaction that changed them."""
    upsert = sqlite_insert if conn.dialect.name == 'sqlite' else postgresql_insert
    stmt = upsert(review_counts).values(status=status, n=by)
    conn.execute(stmt.on_conflict_do_update(index_elements=[review_counts.c.status],
                                            set_={'n': review_counts.c.n + stmt.excluded.n}))


def _open_again(conn: Connection, run_id: str, was: str, reason: str, now: datetime) -> bool:
    """Open an item whose status is `was` again, undecided, counts moved; False when its status is not `was`."""
    c = review_items.c
    if not conn.execute(update(review_items).where(c.run_id == run_id, c.status == was).values(
            reason=reason, status='open', created_at=now, decided_by=None, decided_to=None, decided_at=None)).rowcount:
        return False
    _bump(conn, was, -1)
    _bump(conn, 'open', 1)
    return True


class SqlReviewQueue:
    """`ReviewQueue` on a `Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _enqueue(self, run_id: str, reason: str, now: datetime) -> None:
        try:
            with self.db.engine.begin() as conn:
                conn.execute(insert(review_items).values(run_id=run_id, reason=reason, status='open', created_at=now))
                _bump(conn, 'open', 1)
        except IntegrityError:
            pass  # already queued: enqueueing is idempotent

    async def enqueue(self, run_id: str, reason: str, now: datetime) -> None:
        """Put a run in the review queue (once)."""
        await self.db.run(self._enqueue, run_id, reason, now)

    def _reopen(self, run_id: str, reason: str, now: datetime, only: str | None, or_absent: bool) -> bool:
        try:
            with self.db.engine.begin() as conn:
                was = conn.execute(select(review_items.c.status).where(review_items.c.run_id == run_id)
                                   .with_for_update()).scalar_one_or_none()
                if only is not None and was != only and not (or_absent and was is None):
                    return False
                if was is not None:
                    return _open_again(conn, run_id, was, reason, now)
                conn.execute(insert(review_items).values(run_id=run_id, reason=reason, status='open', created_at=now))
                _bump(conn, 'open', 1)
                return True
        except IntegrityError:  # inserted at once by another: theirs opened it
            return False

    async def reopen(self, run_id: str, reason: str, now: datetime, *, was: str | None = None,
                     or_absent: bool = False) -> bool:
        """Put a run (back) in the queue as open; whether this call opened it.

        Whatever its item's state was, or only from `was` when given (or with no item at all, with `or_absent`): the check and the write in one transaction.
        """
        return await self.db.run(self._reopen, run_id, reason, now, was, or_absent)

    def _items(self, status: ReviewStatus | None, limit: int, offset: int) -> list[ReviewItem]:
        q = _where(select(review_items), status).limit(limit).offset(offset)
        with self.db.engine.connect() as conn:
            return [ReviewItem.model_validate(dict(r)) for r in conn.execute(q).mappings()]

    async def items(self, status: ReviewStatus | None = 'open', *, limit: int = 100,
                    offset: int = 0) -> list[ReviewItem]:
        """A page of review items: open ones oldest first, decided ones newest decision first (`ReviewStatus`)."""
        return await self.db.run(self._items, status, limit, offset)

    def _page(self, status: ReviewStatus | None, limit: int,
              offset: int) -> list[tuple[ReviewItem, RunRecord | None]]:
        q = _where(select(review_items, runs.c.record.label('_record'))
                   .join_from(review_items, runs, runs.c.run_id == review_items.c.run_id, isouter=True), status)
        with self.db.engine.connect() as conn:
            rows = conn.execute(q.limit(limit).offset(offset)).mappings().all()
        return [(ReviewItem.model_validate(dict(r)),
                 stored(r['_record']) if r['_record'] is not None else None) for r in rows]

    async def page(self, status: ReviewStatus | None = 'open', *, limit: int = 50,
                   offset: int = 0) -> list[tuple[ReviewItem, RunRecord | None]]:
        """A page of review items as `items` orders them, each with its run's record, in one query."""
        return await self.db.run(self._page, status, limit, offset)

    def _reopen_cut_off(self, before: datetime, after: datetime) -> list[ReviewItem]:
        c = review_items.c
        found = (select(review_items).join_from(review_items, runs, runs.c.run_id == c.run_id)
                 .where(c.decided_at < before, c.decided_at >= after, c.status == 'approved',
                        runs.c.state.in_(('review', 'failed'))))
        reopened: list[ReviewItem] = []
        with self.db.engine.begin() as conn:
            for row in conn.execute(found).mappings().all():
                item = ReviewItem.model_validate(dict(row))
                reason = (f'the approval by {item.decided_by} → {item.decided_to} at {item.decided_at:%Y-%m-%d %H:%M} '
                          'did not finish (its process stopped?): decide it again')[:1000]
                if _open_again(conn, item.run_id, 'approved', reason, before):
                    reopened.append(item)
        return reopened

    async def reopen_cut_off(self, before: datetime, after: datetime) -> list[ReviewItem]:
        """Open again the items approved between `after` and `before` whose run the approval never routed.

        An approval decides the item, then routes the run, then records it: a process killed in between left the
        item approved and the run in review (or failed), and nothing would act on it again (helper-59). `before`
        must be later than any approval still running can take (its vendors' retries included). Returns them as
        they were.
        """
        return await self.db.run(self._reopen_cut_off, before, after)

    def _count(self, status: ReviewStatus | None) -> int:
        statuses = _STATUSES[status]
        with self.db.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.sum(review_counts.c.n), 0))
                                    .where(review_counts.c.status.in_(statuses))).scalar_one())

    async def count(self, status: ReviewStatus | None = 'open') -> int:
        """How many items have this status (read from the kept counts: no count of the queue)."""
        return await self.db.run(self._count, status)

    def _resolve(self, run_id: str, status: str, decided_to: str | None, decided_by: str, now: datetime,
                 was: str) -> ReviewItem:
        with self.db.engine.begin() as conn:
            changed = conn.execute(
                update(review_items)
                .where(review_items.c.run_id == run_id, review_items.c.status == was)
                # a retry holds the item; it decides nothing, so the decided pages do not list it
                .values(status=status, decided_to=decided_to, decided_by=decided_by,
                        decided_at=None if status == 'retrying' else now)
            ).rowcount
            if changed:
                _bump(conn, was, -1)
                _bump(conn, status, 1)
            row = conn.execute(select(review_items).where(review_items.c.run_id == run_id)).mappings().first()
        if row is None:
            raise LeadAgentError(f'run {run_id} is not in the review queue')
        if not changed:
            if row['status'] == 'retrying':
                raise LeadAgentError(f'run {run_id} is being retried (`lead-agent runs retry`): decide it once the '
                                     'retry has ended')
            raise LeadAgentError(f'run {run_id} was already {row["status"]} by {row["decided_by"]}')
        return ReviewItem.model_validate(dict(row))

    async def resolve(self, run_id: str, status: Literal['approved', 'rejected', 'retried', 'retrying'],
                      decided_to: str | None, decided_by: str, now: datetime, *,
                      was: Literal['open', 'retrying'] = 'open') -> ReviewItem:
        """Record a decision on a review item whose status is `was`, exactly once.

        A human's on an open item; `retrying` while `lead-agent runs retry` holds it, then `approved` when the retry
        routed the run.
        """
        return await self.db.run(self._resolve, run_id, status, decided_to, decided_by, now, was)
