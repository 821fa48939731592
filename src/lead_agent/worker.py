"""The worker: triage runs a host accepted into the store's work queue (DESIGN §6: hosts accept, workers run).

Claims are conditional updates, so several workers (processes or machines on one PostgreSQL) never share a
run; a claim older than `stale_after` is taken over, so a worker that died loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from .pipeline import TriageDeps, triage

__all__ = ('work',)

log = logging.getLogger('lead_agent.worker')


async def _one(deps: TriageDeps, run_id: str) -> None:
    rec = await deps.store.get_run(run_id)
    try:
        if rec is not None and rec.lead is not None:
            await triage(rec.lead, deps, run_id=run_id)
    except Exception:  # the worker's boundary: triage records its own failures; this is the store failing
        log.exception('triage of queued run %s failed', run_id)
        return  # left claimed: another pass takes it over once the claim is stale
    await deps.store.finish_queued(run_id)


async def work(deps: TriageDeps, *, worker_id: str, concurrency: int = 4, poll: float = 0.2, once: bool = False,
               stop: asyncio.Event | None = None, stale_after: timedelta = timedelta(minutes=10)) -> int:
    """Triage queued runs until `stop` is set (or, with `once`, until the queue is empty); return how many."""
    stop = stop or asyncio.Event()
    done = 0
    while not stop.is_set():
        run_ids = await deps.store.claim_queued(worker_id, concurrency, deps.now(), stale_after)
        if not run_ids:
            if once:
                break
            try:
                await asyncio.wait_for(stop.wait(), poll)
            except TimeoutError:
                pass
            continue
        await asyncio.gather(*(_one(deps, run_id) for run_id in run_ids))
        done += len(run_ids)
    return done
