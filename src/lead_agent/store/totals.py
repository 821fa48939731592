"""Finished runs by state, their latency and cost, summed over every process that executes runs (`/metrics`).

Each executing process counts the runs it finishes in memory (`RunTotals.add`) and adds them to the `run_totals`
rows now and then (`flush`: the run engine does it with every heartbeat and when it stops), so the host's `/metrics`
shows the runs its workers executed, on any machine, by reading at most one row per state and latency bucket. A
process killed between two flushes loses what it counted since the last one, as an in-process counter would; a
flush that fails keeps its counts for the next one.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..models import RunRecord
from ._schema import run_totals
from .database import Database

__all__ = ('BUCKETS', 'RunTotals', 'Totals')

BUCKETS: tuple[float, ...] = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
"""Upper bounds (seconds) of the triage latency histogram's buckets; above the last is `+Inf`."""


def _le(seconds: float) -> str:
    i = bisect.bisect_left(BUCKETS, seconds)
    return '+Inf' if i == len(BUCKETS) else f'{BUCKETS[i]:g}'


@dataclass
class Totals:
    """Runs, seconds and cost by (state, latency bucket), each run in the one bucket its latency falls in."""

    rows: dict[tuple[str, str], tuple[int, float, float]] = field(default_factory=dict[tuple[str, str],
                                                                                      tuple[int, float, float]])

    def add(self, state: str, seconds: float, cost: float) -> None:
        """Count one run."""
        key = (state, _le(seconds))
        n, s, c = self.rows.get(key, (0, 0.0, 0.0))
        self.rows[key] = (n + 1, s + seconds, c + cost)

    def merge(self, other: Totals) -> None:
        """Add `other`'s counts to these."""
        for key, (n, s, c) in other.rows.items():
            n0, s0, c0 = self.rows.get(key, (0, 0.0, 0.0))
            self.rows[key] = (n0 + n, s0 + s, c0 + c)

    def by_state(self) -> dict[str, int]:
        """Runs per terminal state."""
        out: dict[str, int] = {}
        for (state, _), (n, _, _) in self.rows.items():
            out[state] = out.get(state, 0) + n
        return out

    def histogram(self) -> tuple[list[tuple[str, int]], float]:
        """The latency histogram as Prometheus has it: cumulative counts per upper bound (`+Inf` last), and the sum."""
        per_le: dict[str, int] = {}
        total = 0.0
        for (_, le), (n, s, _) in self.rows.items():
            per_le[le] = per_le.get(le, 0) + n
            total += s
        running, buckets = 0, list[tuple[str, int]]()
        for le in [f'{b:g}' for b in BUCKETS] + ['+Inf']:
            running += per_le.get(le, 0)
            buckets.append((le, running))
        return buckets, total

    @property
    def cost(self) -> float:
        """The runs' model cost in USD."""
        return math.fsum(c for _, _, c in self.rows.values())


class RunTotals:
    """The finished-run counters of one process, added to the database's (`flush`) and read back summed (`read`)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.pending = Totals()

    def add(self, rec: RunRecord, state: str | None = None) -> None:
        """Count one finished run (in memory until the next `flush`), under `state` if given, else its own."""
        self.pending.add(state or rec.state, rec.latency_ms.get('total', 0.0) / 1000, rec.cost_usd or 0.0)

    def _write(self, totals: Totals) -> None:
        upsert = sqlite_insert if self.db.engine.dialect.name == 'sqlite' else postgresql_insert
        c = run_totals.c
        with self.db.engine.begin() as conn:
            for (state, le), (n, s, cost) in sorted(totals.rows.items()):  # one lock order for every process
                stmt = upsert(run_totals).values(state=state, le=le, runs=n, seconds=s, cost=cost)
                conn.execute(stmt.on_conflict_do_update(index_elements=[c.state, c.le], set_={
                    'runs': c.runs + stmt.excluded.runs, 'seconds': c.seconds + stmt.excluded.seconds,
                    'cost': c.cost + stmt.excluded.cost}))

    async def flush(self) -> None:
        """Add what this process counted since the last flush to the database's rows; kept for the next on failure.

        A flush cancelled while it writes (the engine stopping its heartbeats) waits for the write, which goes on in
        its thread: the counts are kept only if it did not commit. Kept on cancellation regardless, they were added
        twice by the flush at stop (a scale-out test's `/metrics` counted 347 of 300 runs).
        """
        taken, self.pending = self.pending, Totals()
        if not taken.rows:
            return
        write = asyncio.ensure_future(self.db.run(self._write, taken))
        try:
            await asyncio.shield(write)
        except asyncio.CancelledError:
            with contextlib.suppress(BaseException):
                await asyncio.wait({write})
            if write.done() and (write.cancelled() or write.exception() is not None):  # not done: still committing
                self._keep(taken)
            raise
        except BaseException:
            self._keep(taken)
            raise

    def _keep(self, taken: Totals) -> None:
        taken.merge(self.pending)
        self.pending = taken

    def _read(self) -> Totals:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(run_totals)).all()
        return Totals({(r.state, r.le): (int(r.runs), float(r.seconds), float(r.cost)) for r in rows})

    async def read(self) -> Totals:
        """Every process's flushed totals (at most one row per state and latency bucket)."""
        return await self.db.run(self._read)
