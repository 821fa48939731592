"""Drain rate of durable runs on PostgreSQL: queued leads, 1 and 3 worker processes, simulated vendor latencies.

Each worker is a process running `lead_agent.runs.Engine` (DBOS on a throw-away PostgreSQL 15) over
`bench/pipeline.py`'s fake backends: company lookup 1.5 s, CRM history 0.5 s, model 2.5 s (2.0 s with
`--model-seconds`), CRM contact 0.3 s, Slack and email 0.2 s. The vendors' rate limits are not applied: they
bound the vendor, not us. Reports the time from the first worker's start to the last run's end, leads/s, and
the machine's busy CPU per lead (workers and PostgreSQL together, from /proc/stat), which bounds what this
machine can reach: cores / CPU per lead. Because the machine may be running other work, it also reports the CPU of
the bench's own processes per lead: the workers' and PostgreSQL's (its server processes, exited ones included).

`--limits` runs the vendors' limits instead (shared by the workers through the database, as in production: HubSpot
17 requests/s, Slack 1 message/s per channel; three HubSpot requests and one Slack post per lead, every lead to
one channel), to show throughput meeting the tightest limit rather than falling under it.

    uv run python bench/scale.py [--leads 1000] [--workers 1 3] [--concurrency 200] [--model-seconds 2.0]
    uv run python bench/scale.py --limits --leads 60
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pipeline import LATENCY, FakeBackends, slow_rules, variant  # noqa: E402
from lead_agent.backends import ContactRef  # noqa: E402
from lead_agent.deps import TriageDeps, local_deps  # noqa: E402
from lead_agent.models import Assignment, CrmRecord, Lead, RunRecord  # noqa: E402
from lead_agent.policy import load_policy  # noqa: E402
from lead_agent.ratelimit import HUBSPOT_LIMIT, SLACK_CHANNEL_LIMIT, Limiter  # noqa: E402
from lead_agent.runs import Engine, queued_record  # noqa: E402
from lead_agent.settings import Settings  # noqa: E402

if TYPE_CHECKING:
    from tests._postgres import PostgresServer

GOAL_ONE = 20.0  # leads/s for one worker
GOAL_SCALE = 2.5  # three workers against one


class LimitedBackends(FakeBackends):
    """The fakes behind the vendors' limits, counted in the database like the real clients' (`Limiter.shared`)."""

    def __init__(self, latency: dict[str, float], limiter: Limiter) -> None:
        super().__init__(latency)
        self.limiter = limiter
        self.posts: list[float] = []
        """When each Slack post went out (epoch seconds)."""

    async def history(self, email: str) -> list[CrmRecord]:
        await self.limiter.wait(HUBSPOT_LIMIT, 'hubspot')  # the contact search
        return await super().history(email)

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Assignment | None = None
                             ) -> ContactRef:
        await self.limiter.wait(HUBSPOT_LIMIT, 'hubspot')  # the contact
        await self.limiter.wait(HUBSPOT_LIMIT, 'hubspot')  # its note
        return await super().create_contact(lead, note, run_id, owner=owner)

    async def post_summary(self, run_id: str, lead: Lead, classification: Any, decision: Any, channel: str,
                           crm_url: str | None, *, owner: Assignment | None = None) -> str:
        await self.limiter.wait(SLACK_CHANNEL_LIMIT, 'slack', channel)
        self.posts.append(time.time())
        return await super().post_summary(run_id, lead, classification, decision, channel, crm_url, owner=owner)


def deps_for(url: str, model_seconds: float, *, limits: bool = False) -> TriageDeps:
    policy = load_policy(ROOT / 'examples' / 'policy.yaml')
    deps = local_deps(policy, database_url=url)
    settings = Settings.model_validate({})
    fakes = FakeBackends(LATENCY)
    if limits:  # as `build_deps` sets a deployment up: a side effect may wait `queue_wait` for its slot
        fakes = LimitedBackends(LATENCY, Limiter.shared(deps.db, max_wait=settings.queue_wait))
        deps = replace(deps, action_timeout=settings.queue_wait + settings.action_timeout, retry_for=settings.retry_for)
    return replace(deps, companies=fakes, crm=fakes, notifier=fakes, mailer=fakes,
                   model=slow_rules(policy, model_seconds))


async def enqueue(url: str, n: int) -> None:
    deps = deps_for(url, 0)
    base = Lead.from_submission(json.loads((ROOT / 'examples' / 'leads' / '01-hospital-group-demo.json').read_text()))
    async with Engine(deps, execute=False) as engine:
        for first in range(0, n, 100):
            batch = [queued_record(variant(base, 'scale', i), f'scale-{i:06d}', deps.now())
                     for i in range(first, min(n, first + 100))]
            await engine.accept([(rec, None) for rec in batch])
    await deps.aclose()


async def work(url: str, concurrency: int, model_seconds: float, limits: bool) -> None:
    """One worker: run queued runs until none is left; print how many it finished."""
    deps = deps_for(url, model_seconds, limits=limits)
    finished: list[str] = []
    ended = 0.0  # when this worker's last run ended (epoch seconds)

    def on_finished(rec: RunRecord) -> None:
        nonlocal ended
        finished.append(rec.state)
        ended = time.time()

    async with Engine(deps, concurrency=concurrency, on_finished=on_finished) as engine:
        gc.freeze()  # as `lead-agent worker` does: what start-up built stays out of every full collection
        while (await engine.queue_stats())[0]:  # a listing of every queued run: not too often
            await asyncio.sleep(1.0)
    await deps.aclose()
    posts = deps.notifier.posts if isinstance(deps.notifier, LimitedBackends) else []
    print(json.dumps({'ended': ended, 'finished': len(finished), 'routed': finished.count('routed_sales'), 'posts': posts}))


def fresh_database(server: str, name: str) -> str:
    admin = create_engine(server.replace('postgresql://', 'postgresql+psycopg://'), isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS {name}'))
        conn.execute(text(f'CREATE DATABASE {name}'))
    admin.dispose()
    return server.rsplit('/', 1)[0] + '/' + name


def cpu_busy() -> float:
    """Seconds the machine's CPUs have been busy since boot (every process: workers, PostgreSQL, this one)."""
    fields = [float(x) for x in Path('/proc/stat').read_text().splitlines()[0].split()[1:8]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf('SC_CLK_TCK')  # all but idle and iowait


def children_cpu() -> float:
    """CPU seconds of this process's ended and waited-for children (the workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def postgres_cpu(pid: int) -> float:
    """CPU seconds of the PostgreSQL server `pid`: the postmaster, its live processes and the ones that exited."""
    tick = os.sysconf('SC_CLK_TCK')

    def stat(p: int | str) -> list[str]:
        return Path(f'/proc/{p}/stat').read_text().rsplit(')', 1)[1].split()

    total = sum(float(x) for x in stat(pid)[11:15])  # utime stime cutime cstime: exited children are in c*
    for entry in Path('/proc').iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                fields = stat(entry.name)
                if int(fields[1]) == pid:  # a live server process
                    total += float(fields[11]) + float(fields[12])
    return total / tick


def drain(server: PostgresServer, leads: int, workers: int, concurrency: int, model_seconds: float, limits: bool
          ) -> tuple[float, list[float]]:
    url = fresh_database(server.url, f'scale_{workers}')
    asyncio.run(enqueue(url, leads))
    postmaster = int((server.root / 'data' / 'postmaster.pid').read_text().split()[0])
    started, busy = time.time(), cpu_busy()
    own, pg = children_cpu(), postgres_cpu(postmaster)
    command = [sys.executable, __file__, '--work', url, '--concurrency', str(concurrency),
               '--model-seconds', str(model_seconds)] + (['--limits'] if limits else [])
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT) for _ in range(workers)]
    results = [json.loads(p.communicate()[0].decode().strip().splitlines()[-1]) for p in procs]
    busy = cpu_busy() - busy  # the workers' start-up and shut-down included
    # To the last run's end: a worker sees the queue empty within a second (`work`) and then shuts down, neither of
    # which is draining.
    seconds = max(r['ended'] for r in results) - started
    own, pg = children_cpu() - own, postgres_cpu(postmaster) - pg
    done = sum(r['finished'] for r in results)
    rate = leads / seconds
    per_lead = busy / leads
    cores = os.cpu_count() or 1
    print(f'{workers} worker(s) × {concurrency} at once: {leads} leads in {seconds:.1f} s = {rate:.1f} leads/s '
          f'(finished {done}, routed {sum(r["routed"] for r in results)}, per worker {[r["finished"] for r in results]}); machine CPU {busy:.1f} s = '
          f'{per_lead * 1000:.0f} ms per lead, {busy / seconds / cores:.0%} of {cores} cores '
          f'(ceiling here ≈ {cores / per_lead:.0f} leads/s); own CPU {(own + pg) / leads * 1000:.1f} ms per lead '
          f'(workers {own / leads * 1000:.1f}, PostgreSQL {pg / leads * 1000:.1f})')
    if done != leads:
        raise SystemExit(f'{leads - done} run(s) not finished')
    routed = sum(r['routed'] for r in results)
    if routed != leads:
        raise SystemExit(f'{leads - routed} run(s) not routed: the measure is of routed leads')
    return rate, sorted(t for r in results for t in r['posts'])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--leads', type=int, default=1000)
    parser.add_argument('--workers', type=int, nargs='+', default=[1, 3])
    parser.add_argument('--concurrency', type=int, default=200, help='runs each worker executes at once')
    parser.add_argument('--model-seconds', type=float, default=2.0)
    parser.add_argument('--limits', action='store_true', help="apply HubSpot's and Slack's rate limits")
    parser.add_argument('--work', metavar='URL', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        asyncio.run(work(args.work, args.concurrency, args.model_seconds, args.limits))
        return
    from tests._postgres import postgres_instance

    with postgres_instance() as server:
        drained = {n: drain(server, args.leads, n, args.concurrency, args.model_seconds, args.limits)
                   for n in args.workers}
    rates = {n: rate for n, (rate, _) in drained.items()}
    if args.limits:  # every lead goes to one Slack channel: one post a second (HubSpot would allow 17/3 leads a second)
        for n, (_, posts) in drained.items():
            rate = (len(posts) - 1) / (posts[-1] - posts[0]) if len(posts) > 1 else 0.0
            gaps = [b - a for a, b in zip(posts, posts[1:], strict=False)]
            print(f"{n} worker(s) with the vendors' limits: {len(posts)} Slack posts at {rate:.2f}/s against a limit "
                  f'of 1/s ({rate:.0%}); shortest gap between two posts {min(gaps, default=0):.2f} s')
        return
    if 1 in rates:
        print(f'one worker: {rates[1]:.1f} leads/s (goal ≥ {GOAL_ONE:.0f}: {"met" if rates[1] >= GOAL_ONE else "NOT met"})')
    if 1 in rates and 3 in rates:
        ratio = rates[3] / rates[1]
        print(f'three workers: {ratio:.2f}× one (goal ≥ {GOAL_SCALE}: {"met" if ratio >= GOAL_SCALE else "NOT met"})')


if __name__ == '__main__':
    main()
