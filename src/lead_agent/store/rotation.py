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

from sqlalchemy import bindparam, insert, select, update
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
        members = [member for member, _ in weights]
        # The statements are built once (below): building one costs more CPU than SQLite takes to run it.
        with self.db.engine.begin() as conn:
            postgres = conn.dialect.name == 'postgresql'
            conn.execute(_LOCK[postgres], [{'pool': pool, 'member_id': m, 'credit': 0, 'picks': 0}
                                           for m in sorted(members)])
            done = conn.execute(_DONE, {'run_id': run_id, 'pool': pool}).scalar_one_or_none()
            if done is not None:
                return done
            credit = {row.member_id: row.credit for row in conn.execute(_CREDITS[postgres],
                                                                        {'pool': pool, 'members': members})}
            chosen, after = weighted_pick([credit[m] for m in members], [w for _, w in weights])
            conn.execute(_SET, [{'b_pool': pool, 'b_member': m, 'b_credit': value, 'b_picked': int(i == chosen)}
                                for i, (m, value) in enumerate(zip(members, after, strict=True))])
            conn.execute(_PICKED, {'run_id': run_id, 'pool': pool, 'member_id': members[chosen], 'picked_at': now})
            return members[chosen]

    def counts(self, pool: str) -> dict[str, int]:
        """Picks per member of a pool so far (for the CLI and tests)."""
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(rotation.c.member_id, rotation.c.picks).where(rotation.c.pool == pool))
            return {r.member_id: r.picks for r in rows}


_t, _p = rotation.c, rotation_picks.c
# Keyed by "is PostgreSQL". The upsert makes sure the pool's rows exist; on SQLite this first write takes the
# database's write lock. On PostgreSQL the rows are then read FOR UPDATE.
_LOCK = {postgres: make(rotation).on_conflict_do_nothing(index_elements=[_t.pool, _t.member_id])
         for postgres, make in ((False, sqlite_insert), (True, postgresql_insert))}
_DONE = select(_p.member_id).where(_p.run_id == bindparam('run_id'), _p.pool == bindparam('pool'))
_read = select(_t.member_id, _t.credit).where(_t.pool == bindparam('pool'),
                                              _t.member_id.in_(bindparam('members', expanding=True)))
_CREDITS = {False: _read, True: _read.order_by(_t.member_id).with_for_update()}
_SET = (update(rotation).where(_t.pool == bindparam('b_pool'), _t.member_id == bindparam('b_member'))
        .values(credit=bindparam('b_credit'), picks=_t.picks + bindparam('b_picked')))
_PICKED = insert(rotation_picks)
