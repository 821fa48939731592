"""The round robin's state (`routing.Rotation`) in the store: one transaction per pick, shared by every worker.

A pick writes before it reads: the upsert of the pool's rows takes SQLite's write lock (a deferred transaction's
first write waits for it), and on PostgreSQL the rows are then read `FOR UPDATE`. Two workers picking for one pool
take turns; neither reads credits the other is about to change. The pick is stored by run id in the same
transaction, so a run that asks again (resumed after a crash, an approval after a failed route) gets its member
back and the round does not move.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..routing import weighted_pick
from ._schema import rotation, rotation_picks
from .database import Database

__all__ = ('SqlRotation',)


class SqlRotation:
    """`Rotation` on the store's database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def pick(self, run_id: str, pool: str, weights: Sequence[tuple[str, int]], now: datetime) -> str:
        """Pick a member for `run_id` from `weights` (member id, weight), in policy order; once per run and pool."""
        if not weights:
            raise ValueError('a round robin needs at least one member')
        return await self.db.run(self._pick, run_id, pool, list(weights), now)

    def _pick(self, run_id: str, pool: str, weights: list[tuple[str, int]], now: datetime) -> str:
        with self.db.engine.begin() as conn:
            self._lock(conn, pool, [member for member, _ in weights])
            t, p = rotation.c, rotation_picks.c
            done = conn.execute(select(p.member_id).where(p.run_id == run_id, p.pool == pool)).scalar_one_or_none()
            if done is not None:
                return done
            q = select(t.member_id, t.credit).where(t.pool == pool, t.member_id.in_([m for m, _ in weights]))
            if conn.dialect.name == 'postgresql':
                q = q.order_by(t.member_id).with_for_update()
            credit = {row.member_id: row.credit for row in conn.execute(q)}
            chosen, after = weighted_pick([credit[m] for m, _ in weights], [w for _, w in weights])
            for (member, _), value in zip(weights, after, strict=True):
                picked = int(member == weights[chosen][0])
                conn.execute(update(rotation).where(t.pool == pool, t.member_id == member)
                             .values(credit=value, picks=t.picks + picked))
            conn.execute(insert(rotation_picks).values(run_id=run_id, pool=pool, member_id=weights[chosen][0],
                                                       picked_at=now))
            return weights[chosen][0]

    @staticmethod
    def _lock(conn: Connection, pool: str, members: list[str]) -> None:
        """Make sure the pool's rows exist; on SQLite this first write holds the database's write lock."""
        values = [{'pool': pool, 'member_id': m, 'credit': 0, 'picks': 0} for m in sorted(members)]
        make = postgresql_insert if conn.dialect.name == 'postgresql' else sqlite_insert
        conn.execute(make(rotation).values(values).on_conflict_do_nothing(index_elements=[rotation.c.pool,
                                                                                        rotation.c.member_id]))

    def counts(self, pool: str) -> dict[str, int]:
        """Picks per member of a pool so far (for the CLI and tests)."""
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(rotation.c.member_id, rotation.c.picks).where(rotation.c.pool == pool))
            return {r.member_id: r.picks for r in rows}
