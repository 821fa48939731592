"""Raw bodies: what each accepted delivery sent, as received, kept beside the runs it made.

A delivery's mapped lead keeps what the field map understood; its raw body keeps everything (answers the mapping
could not place, or cut, are there: such a run has the `raw_body_has_more` flag). Stored once per delivery in the
transaction that stores and queues its runs (`SqlIntake.accept`), so no run exists without it; each run refers to it
by `runs.raw_key`, which the run's later records never touch. `lead-agent erase` and the retention pass delete it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import Connection, delete, func, select

from ._schema import raw_bodies, runs
from .database import Database

__all__ = ('RawBody', 'delete_raw_bodies', 'delete_raw_bodies_before', 'raw_bodies_of', 'raw_body_of')


@dataclass(frozen=True, slots=True)
class RawBody:
    """One delivery's body as received."""

    key: str
    body: str
    """Decoded as UTF-8, undecodable bytes as `\\xNN` escapes."""
    received_at: datetime
    dry_run: bool = False
    size: int | None = None
    """Characters in the whole body, when `body` is a part of it (`raw_bodies_of`)."""

    @classmethod
    def of(cls, body: bytes | str, received_at: datetime, *, dry_run: bool = False) -> RawBody:
        """A new raw body (its own key) for what was received."""
        text = body.decode('utf-8', 'backslashreplace') if isinstance(body, bytes) else body
        return cls(uuid4().hex, text, received_at, dry_run)

    def row(self) -> dict[str, Any]:
        """Its `raw_bodies` row."""
        return {'key': self.key, 'body': self.body, 'received_at': self.received_at, 'dry_run': self.dry_run}


def _raw_body_of(db: Database, run_id: str) -> RawBody | None:
    with db.engine.connect() as conn:
        row = conn.execute(select(raw_bodies).join(runs, runs.c.raw_key == raw_bodies.c.key)
                           .where(runs.c.run_id == run_id)).one_or_none()
    return None if row is None else RawBody(row.key, row.body, row.received_at, row.dry_run)


async def raw_body_of(db: Database, run_id: str) -> RawBody | None:
    """The raw body of a run (its full id); None when it has none (stored before 0006, erased, aged out)."""
    return await db.run(_raw_body_of, db, run_id)


def _raw_bodies_of(db: Database, run_ids: list[str], limit: int) -> dict[str, RawBody]:
    if not run_ids:
        return {}
    t = raw_bodies.c
    with db.engine.connect() as conn:
        rows = conn.execute(select(runs.c.run_id, t.key, func.substr(t.body, 1, limit).label('part'),
                                   func.length(t.body).label('size'), t.received_at, t.dry_run)
                            .join(runs, runs.c.raw_key == t.key).where(runs.c.run_id.in_(run_ids))).all()
    return {r.run_id: RawBody(r.key, r.part, r.received_at, r.dry_run, r.size) for r in rows}


async def raw_bodies_of(db: Database, run_ids: Sequence[str], *, limit: int) -> dict[str, RawBody]:
    """The raw bodies of these runs by run id, each cut to its first `limit` characters (`size` says how many it has)."""
    return await db.run(_raw_bodies_of, db, list(run_ids), limit)


def delete_raw_bodies(conn: Connection, run_ids: Iterable[str]) -> int:
    """Delete the raw bodies of these runs (a delivery's body goes with any of its runs); how many went."""
    ids = list(run_ids)
    if not ids:
        return 0
    keys = set(conn.execute(select(runs.c.raw_key).where(runs.c.run_id.in_(ids), runs.c.raw_key.is_not(None)))
               .scalars())
    return conn.execute(delete(raw_bodies).where(raw_bodies.c.key.in_(keys))).rowcount if keys else 0


def delete_raw_bodies_before(conn: Connection, cutoff: datetime) -> int:
    """Delete the raw bodies received before `cutoff` (on the index of `received_at`); how many went."""
    return conn.execute(delete(raw_bodies).where(raw_bodies.c.received_at < cutoff)).rowcount
