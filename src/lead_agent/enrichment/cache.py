"""Company lookups remembered per domain in the store's database, "no match" included, for a TTL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..models import Enrichment
from ..store import Database
from ..store._schema import enrichment_cache

__all__ = ('Cached', 'EnrichmentCache')

@dataclass(frozen=True, slots=True)
class Cached:
    """A remembered answer: the company, or None when the providers had no match."""

    enrichment: Enrichment | None
    fetched_at: datetime


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were written as UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EnrichmentCache:
    """One row per registered domain: the `Enrichment` as JSON (null for "no match") and when it was fetched."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _get(self, domain: str, ttl_hours: float, now: datetime) -> Cached | None:
        with self.db.engine.connect() as conn:
            row = conn.execute(select(enrichment_cache.c.enrichment, enrichment_cache.c.fetched_at)
                               .where(enrichment_cache.c.domain == domain)).first()
        if row is None:
            return None
        fetched_at = _utc(row.fetched_at)
        if now - fetched_at >= timedelta(hours=ttl_hours):
            return None
        found = Enrichment.model_validate_json(row.enrichment) if row.enrichment is not None else None
        return Cached(found, fetched_at)

    async def get(self, domain: str, ttl_hours: float, now: datetime) -> Cached | None:
        """The answer remembered for `domain` if it is younger than `ttl_hours`, else None (a miss)."""
        return await self.db.run(self._get, domain.casefold(), ttl_hours, now)

    def _put(self, domain: str, enrichment: Enrichment | None, now: datetime) -> None:
        values = {'enrichment': None if enrichment is None else enrichment.model_dump_json(),
                  'fetched_at': now.astimezone(UTC)}
        upsert = sqlite_insert if self.db.engine.dialect.name == 'sqlite' else postgresql_insert
        stmt = upsert(enrichment_cache).values(domain=domain, **values)
        with self.db.engine.begin() as conn:
            conn.execute(stmt.on_conflict_do_update(index_elements=[enrichment_cache.c.domain], set_=values))

    async def put(self, domain: str, enrichment: Enrichment | None, now: datetime) -> None:
        """Remember the answer for `domain` (None: no provider knew it), replacing an older one."""
        await self.db.run(self._put, domain.casefold(), enrichment, now)
