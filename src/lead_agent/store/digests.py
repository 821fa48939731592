"""Webhook bodies whose signature carries no timestamp (HubSpot v1/v2), remembered for a while to spot replays."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ._schema import body_digests
from .database import Database

__all__ = ('BodyDigests',)


def _digest(vendor: str, body: bytes) -> str:
    return hashlib.sha256(vendor.encode() + b'\0' + body).hexdigest()


class BodyDigests:
    """The SHA-256 of each delivered (vendor, body) with the runs it made, kept for `window`.

    Nothing in such a signature expires, so a captured request verifies forever: a repeat of a remembered body is a
    replay (or the vendor's retry of a delivery whose answer it missed), and gets the first delivery's runs.
    """

    def __init__(self, db: Database, *, window: timedelta) -> None:
        self.db, self.window = db, window

    def _seen(self, digest: str, now: datetime) -> list[str] | None:
        with self.db.engine.connect() as conn:
            run_ids = conn.execute(select(body_digests.c.run_ids).where(
                body_digests.c.digest == digest, body_digests.c.seen_at > now - self.window)).scalar_one_or_none()
        return None if run_ids is None else run_ids.split()

    async def seen(self, vendor: str, body: bytes, now: datetime) -> list[str] | None:
        """The run ids of an earlier delivery of this body within the window (maybe none); None when it is new."""
        return await self.db.run(self._seen, _digest(vendor, body), now)

    def _remember(self, vendor: str, digest: str, run_ids: list[str], now: datetime) -> None:
        upsert = sqlite_insert if self.db.engine.dialect.name == 'sqlite' else postgresql_insert
        with self.db.engine.begin() as conn:
            conn.execute(delete(body_digests).where(body_digests.c.seen_at <= now - self.window))
            conn.execute(upsert(body_digests).values(digest=digest, vendor=vendor, run_ids=' '.join(run_ids),
                                                     seen_at=now)
                         .on_conflict_do_nothing(index_elements=[body_digests.c.digest]))

    async def remember(self, vendor: str, body: bytes, run_ids: list[str], now: datetime) -> None:
        """Record a delivered body and its runs (a body remembered already keeps its first); forget expired ones."""
        await self.db.run(self._remember, vendor, _digest(vendor, body), run_ids, now)
