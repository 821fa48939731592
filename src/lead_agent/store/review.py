"""The review queue on SQL: one item per run, decided once; read a bounded page at a time, each on an index."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..exceptions import LeadAgentError
from ..models import ReviewItem, RunRecord
from ._schema import review_items, runs
from .database import Database

__all__ = ('ReviewStatus', 'SqlReviewQueue')

ReviewStatus = Literal['open', 'decided']
"""Which items: `open` ones (oldest first) or `decided` ones, approved or rejected (newest decision first)."""


def _where(q: Select[Any], status: ReviewStatus | None) -> Select[Any]:
    c = review_items.c
    if status is None:
        return q.order_by(c.created_at, c.run_id)
    if status == 'open':
        return q.where(c.status == 'open').order_by(c.created_at, c.run_id)
    return q.where(c.decided_at.is_not(None)).order_by(c.decided_at.desc(), c.run_id.desc())


class SqlReviewQueue:
    """`ReviewQueue` on a `Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _enqueue(self, run_id: str, reason: str, now: datetime) -> None:
        try:
            with self.db.engine.begin() as conn:
                conn.execute(insert(review_items).values(run_id=run_id, reason=reason, status='open', created_at=now))
        except IntegrityError:
            pass  # already queued: enqueueing is idempotent

    async def enqueue(self, run_id: str, reason: str, now: datetime) -> None:
        """Put a run in the review queue (once)."""
        await self.db.run(self._enqueue, run_id, reason, now)

    def _reopen(self, run_id: str, reason: str, now: datetime) -> None:
        with self.db.engine.begin() as conn:
            done = conn.execute(update(review_items).where(review_items.c.run_id == run_id).values(
                reason=reason, status='open', created_at=now, decided_by=None, decided_to=None, decided_at=None,
            )).rowcount
            if not done:
                conn.execute(insert(review_items).values(run_id=run_id, reason=reason, status='open', created_at=now))

    async def reopen(self, run_id: str, reason: str, now: datetime) -> None:
        """Put a run (back) in the queue as open, whatever its item's state was."""
        await self.db.run(self._reopen, run_id, reason, now)

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
                 RunRecord.model_validate_json(r['_record']) if r['_record'] is not None else None) for r in rows]

    async def page(self, status: ReviewStatus | None = 'open', *, limit: int = 50,
                   offset: int = 0) -> list[tuple[ReviewItem, RunRecord | None]]:
        """A page of review items as `items` orders them, each with its run's record, in one query."""
        return await self.db.run(self._page, status, limit, offset)

    def _count(self, status: ReviewStatus | None) -> int:
        q = select(func.count()).select_from(review_items)
        if status == 'open':
            q = q.where(review_items.c.status == 'open')
        elif status == 'decided':
            q = q.where(review_items.c.decided_at.is_not(None))
        with self.db.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    async def count(self, status: ReviewStatus | None = 'open') -> int:
        """How many items have this status."""
        return await self.db.run(self._count, status)

    def _resolve(self, run_id: str, status: str, decided_to: str | None, decided_by: str, now: datetime) -> ReviewItem:
        with self.db.engine.begin() as conn:
            changed = conn.execute(
                update(review_items)
                .where(review_items.c.run_id == run_id, review_items.c.status == 'open')
                .values(status=status, decided_to=decided_to, decided_by=decided_by, decided_at=now)
            ).rowcount
            row = conn.execute(select(review_items).where(review_items.c.run_id == run_id)).mappings().first()
        if row is None:
            raise LeadAgentError(f'run {run_id} is not in the review queue')
        if not changed:
            raise LeadAgentError(f'run {run_id} was already {row["status"]} by {row["decided_by"]}')
        return ReviewItem.model_validate(dict(row))

    async def resolve(self, run_id: str, status: Literal['approved', 'rejected'], decided_to: str | None,
                             decided_by: str, now: datetime) -> ReviewItem:
        """Record a human decision on an open review item (exactly once)."""
        return await self.db.run(self._resolve, run_id, status, decided_to, decided_by, now)
