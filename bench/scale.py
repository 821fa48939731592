"""Drain rate of durable runs on PostgreSQL: queued leads, 1 and 3 worker processes, simulated vendor latencies.

Each worker is a process running `lead_agent.runs.Engine` (DBOS on a throw-away PostgreSQL 15) over
`bench/pipeline.py`'s fake backends: company lookup 1.5 s, CRM history 0.5 s, model 2.5 s (2.0 s with
`--model-seconds`), CRM contact 0.3 s, Slack and email 0.2 s. The vendors' rate limits are not applied: they
bound the vendor, not us. Reports the time from the first worker's start to the last run's end, and leads/s.

    uv run python bench/scale.py [--leads 1000] [--workers 1 3] [--concurrency 100] [--model-seconds 2.0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pipeline import LATENCY, FakeBackends, fake_model, variant  # noqa: E402
from lead_agent.deps import TriageDeps, local_deps  # noqa: E402
from lead_agent.models import Lead  # noqa: E402
from lead_agent.policy import load_policy  # noqa: E402
from lead_agent.runs import Engine, queued_record  # noqa: E402

GOAL_ONE = 20.0  # leads/s for one worker
GOAL_SCALE = 2.5  # three workers against one


def deps_for(url: str, model_seconds: float) -> TriageDeps:
    policy = load_policy(ROOT / 'examples' / 'policy.yaml')
    fakes = FakeBackends(LATENCY)
    return replace(local_deps(policy, database_url=url), companies=fakes, crm=fakes, notifier=fakes, mailer=fakes,
                   model=fake_model(policy, model_seconds, timed=False))


async def enqueue(url: str, n: int) -> None:
    deps = deps_for(url, 0)
    base = Lead.from_submission(json.loads((ROOT / 'examples' / 'leads' / '01-hospital-group-demo.json').read_text()))
    async with Engine(deps, execute=False) as engine:
        for first in range(0, n, 100):
            batch = [queued_record(variant(base, 'scale', i), f'scale-{i:06d}', deps.now())
                     for i in range(first, min(n, first + 100))]
            await engine.accept([(rec, None) for rec in batch])
    deps.db.dispose()  # type: ignore[attr-defined]


async def work(url: str, concurrency: int, model_seconds: float) -> None:
    """One worker: run queued runs until none is left; print how many it finished."""
    deps = deps_for(url, model_seconds)
    finished: list[str] = []
    async with Engine(deps, concurrency=concurrency, on_finished=lambda rec: finished.append(rec.state)) as engine:
        while (await engine.queue_stats())[0]:
            await asyncio.sleep(0.2)
    print(json.dumps({'finished': len(finished), 'routed': finished.count('routed_sales')}))


def fresh_database(server: str, name: str) -> str:
    admin = create_engine(server.replace('postgresql://', 'postgresql+psycopg://'), isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS {name}'))
        conn.execute(text(f'CREATE DATABASE {name}'))
    admin.dispose()
    return server.rsplit('/', 1)[0] + '/' + name


def drain(server: str, leads: int, workers: int, concurrency: int, model_seconds: float) -> float:
    url = fresh_database(server, f'scale_{workers}')
    asyncio.run(enqueue(url, leads))
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, __file__, '--work', url, '--concurrency', str(concurrency),
                               '--model-seconds', str(model_seconds)], stdout=subprocess.PIPE, cwd=ROOT)
             for _ in range(workers)]
    results = [json.loads(p.communicate()[0].decode().strip().splitlines()[-1]) for p in procs]
    seconds = time.perf_counter() - started
    done = sum(r['finished'] for r in results)
    rate = leads / seconds
    print(f'{workers} worker(s) × {concurrency} at once: {leads} leads in {seconds:.1f} s = {rate:.1f} leads/s '
          f'(finished {done}, per worker {[r["finished"] for r in results]})')
    if done != leads:
        raise SystemExit(f'{leads - done} run(s) not finished')
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--leads', type=int, default=1000)
    parser.add_argument('--workers', type=int, nargs='+', default=[1, 3])
    parser.add_argument('--concurrency', type=int, default=100, help='runs each worker executes at once')
    parser.add_argument('--model-seconds', type=float, default=2.0)
    parser.add_argument('--work', metavar='URL', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        asyncio.run(work(args.work, args.concurrency, args.model_seconds))
        return
    from tests._postgres import postgres_server

    with postgres_server() as server:
        rates = {n: drain(server, args.leads, n, args.concurrency, args.model_seconds) for n in args.workers}
    if 1 in rates:
        print(f'one worker: {rates[1]:.1f} leads/s (goal ≥ {GOAL_ONE:.0f}: {"met" if rates[1] >= GOAL_ONE else "NOT met"})')
    if 1 in rates and 3 in rates:
        ratio = rates[3] / rates[1]
        print(f'three workers: {ratio:.2f}× one (goal ≥ {GOAL_SCALE}: {"met" if ratio >= GOAL_SCALE else "NOT met"})')


if __name__ == '__main__':
    main()
