"""The review queue on SQL: one item per run, decided once."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from ..exceptions import LeadAgentError
from ..models import ReviewItem
from ._schema import review_items
from .database import Database

__all__ = ('SqlReviewQueue',)


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

    def _items(self, status: str | None) -> list[ReviewItem]:
        q = select(review_items).order_by(review_items.c.created_at)
        if status is not None:
            q = q.where(review_items.c.status == status)
        with self.db.engine.connect() as conn:
            return [ReviewItem.model_validate(dict(r)) for r in conn.execute(q).mappings()]

    async def items(self, status: str | None = 'open') -> list[ReviewItem]:
        """Review items, oldest first."""
        return await self.db.run(self._items, status)

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
