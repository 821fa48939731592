"""Benchmark the orchestration of `triage()`: latency against the critical path, and CPU per lead.

Run from the repo root: `.venv/bin/python bench/pipeline.py [--leads N] [--profile]`.
Backends are fakes with `asyncio.sleep` latencies; the store is the real `SqlStore` on in-memory SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from pydantic_ai.messages import ModelMessage, ModelRequest, ModelResponse, ToolReturnPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from lead_agent.agent import build_agent
from lead_agent.backends import ContactRef
from lead_agent.deps import TriageDeps
from lead_agent.models import CrmRecord, Enrichment, Lead
from lead_agent.pipeline import triage
from lead_agent.policy import Policy, load_policy
from lead_agent.rules_model import rules_model
from lead_agent.store import Database, SqlIntake, SqlReviewQueue, SqlRunLog, prepare

ROOT = Path(__file__).resolve().parent.parent
LATENCY = {'lookup': 1.5, 'history': 0.5, 'model': 2.5, 'create_contact': 0.3, 'slack': 0.2, 'email': 0.2}
ZERO = dict.fromkeys(LATENCY, 0.0)
L = LATENCY
CRITICAL_PATH = max(L['lookup'], L['history']) + L['model'] + L['create_contact'] + max(L['slack'], L['email'])
COMPANIES = {'havenhospitals.com': Enrichment(
    domain='havenhospitals.com', name='Haven Hospital Group', employees=4800, industry='Hospitals and Health Care',
    country='US', description='Hospital group with 6 hospitals and 40 outpatient sites', tech=['Epic'], source='fake')}
NOMINAL_MS = {'precheck': 0, 'retrieve': 1500, 'classify': 2500, 'decide': 0, 'act': 500}
SPENT: defaultdict[str, float] = defaultdict(float)  # thread CPU seconds by part, counted only in the --profile breakdown pass


async def pause(seconds: float) -> None:
    if seconds:
        await asyncio.sleep(seconds)


class FakeBackends:
    """CompanyLookup, CRM, Notifier and Mailer in one object, each call after its configured latency."""

    def __init__(self, latency: dict[str, float]) -> None:
        self.latency = latency

    async def lookup(self, domain: str) -> Enrichment | None:
        await pause(self.latency['lookup'])
        return COMPANIES.get(domain)

    async def history(self, email: str) -> list[CrmRecord]:
        await pause(self.latency['history'])
        return [CrmRecord(date=date(2026, 3, 2), type='email', summary='Downloaded the no-show reduction guide',
                          owner='Dana Kim', lifecycle_stage='lead', record_id='h-1')]

    async def create_contact(self, lead: Lead, note: str, run_id: str) -> ContactRef:
        await pause(self.latency['create_contact'])
        return ContactRef(contact_id=f'c-{run_id[:8]}', created=True, url=f'https://crm.example/c-{run_id[:8]}')

    async def post_summary(self, run_id: str, lead: Lead, classification: Any, decision: Any, channel: str,
                           crm_url: str | None) -> str:
        await pause(self.latency['slack'])
        return f'slack:{channel}:{run_id[:8]}'

    async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
        await pause(self.latency['slack'])
        return f'slack:{channel}:{run_id[:8]}'

    async def send_ack(self, run_id: str, lead: Lead, template: Any, company_name: str) -> str:
        await pause(self.latency['email'])
        return f'email:{run_id[:8]}'


def fake_model(policy: Policy, seconds: float, timed: bool) -> FunctionModel:
    """The rules model's answers; the request that answers (after the tool returns) takes `seconds`."""
    respond = rules_model(policy).function
    assert respond is not None

    async def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        if any(isinstance(p, ToolReturnPart) for m in messages if isinstance(m, ModelRequest) for p in m.parts):
            await pause(seconds)
        if not timed:
            return await respond(messages, info)  # type: ignore[misc]
        start = time.thread_time()
        response = await respond(messages, info)  # type: ignore[misc]
        SPENT['model function (rules logic)'] += time.thread_time() - start
        return response  # type: ignore[return-value]

    return FunctionModel(model, model_name='fake-rules')


class TimedDatabase(Database):
    """Counts the CPU the store's blocking functions use in their worker threads."""

    async def run(self, fn: Any, *args: Any) -> Any:
        def timed() -> Any:
            start = time.thread_time()
            try:
                return fn(*args)
            finally:
                SPENT['store (worker threads)'] += time.thread_time() - start
        return await asyncio.to_thread(timed)


def make_deps(policy: Policy, latency: dict[str, float], *, timed: bool = False) -> TriageDeps:
    fakes = FakeBackends(latency)
    db = (TimedDatabase if timed else Database)('sqlite://')
    prepare(db)
    agent = None
    if timed:  # wrap the agent run to count its main-thread CPU (runs are sequential, so nothing interleaves)
        agent = build_agent(policy)
        run = agent.run

        async def timed_run(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return await run(*args, **kwargs)
            finally:
                SPENT['agent.run (main thread)'] += time.thread_time() - start
        agent.run = timed_run  # type: ignore[method-assign]
    return TriageDeps(policy=policy, db=db, intake=SqlIntake(db), runs=SqlRunLog(db), review=SqlReviewQueue(db),
                      companies=fakes, crm=fakes, notifier=fakes, mailer=fakes,
                      model=fake_model(policy, latency['model'], timed), classifier=agent)


def variant(base: Lead, tag: str, i: int) -> Lead:
    """A unique message (no dedupe hit) and its own IP (no rate limit)."""
    return base.model_copy(update={'message': f'{base.message} [{tag}{i}]',
                                   'source_ip': f'10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}'})


async def run_leads(deps: TriageDeps, base: Lead, tag: str, n: int) -> Counter[str]:
    return Counter([(await triage(variant(base, tag, i), deps)).state for i in range(n)])


async def latency_part(policy: Policy, base: Lead) -> float:
    deps = make_deps(policy, LATENCY)
    print(f'Part 1 · latency vs critical path ({CRITICAL_PATH:.3f} s), 5 leads one after another')
    measured: list[float] = []
    for i in range(5):
        start = time.perf_counter()
        rec = await triage(variant(base, 'lat', i), deps)
        measured.append(time.perf_counter() - start)
        kinds = {a.kind for a in rec.actions if a.status == 'done'}
        if rec.state != 'routed_sales' or not {'crm_contact', 'slack_summary', 'email_ack'} <= kinds:
            sys.exit(f'abort: expected routed_sales with crm_contact, slack_summary, email_ack; got {rec.state} '
                     f'with {sorted(kinds)}; errors {rec.errors}; decision {rec.decision}')
        print(f'  run {i + 1}: {measured[-1]:.4f} s  (+{(measured[-1] - CRITICAL_PATH) * 1000:.1f} ms)'
              + ('  cold start: builds the agent, first calls' if i == 0 else ''))
    last = rec  # pyright: ignore[reportPossiblyUnboundVariable]  # five runs above
    print('  stage latency_ms (last run):', ', '.join(
        f'{k} {v}' + (f' (+{v - NOMINAL_MS[k]:.2f})' if NOMINAL_MS.get(k) else '') for k, v in last.latency_ms.items()))
    return statistics.median(measured)


async def cpu_part(policy: Policy, base: Lead, n: int) -> tuple[float, float]:
    deps = make_deps(policy, ZERO)
    await run_leads(deps, base, 'warm', 20)
    cpu, wall = time.process_time(), time.perf_counter()
    states = await run_leads(deps, base, 'cpu', n)
    cpu, wall = (time.process_time() - cpu) / n * 1000, (time.perf_counter() - wall) / n * 1000
    print(f'\nPart 2 · orchestration CPU, {n} leads sequentially, zero-latency fakes, in-memory SqlStore')
    print(f'  {cpu:.3f} ms CPU per lead · {wall:.3f} ms wall per lead · states {dict(states)}')
    return cpu, wall


async def profile_part(policy: Policy, base: Lead, n: int) -> None:
    deps = make_deps(policy, ZERO, timed=True)
    await run_leads(deps, base, 'pwarm', 20)
    SPENT.clear()
    total = time.process_time()
    await run_leads(deps, base, 'parts', n)
    total = time.process_time() - total
    model = SPENT['model function (rules logic)']
    parts = {'agent.run (main thread), model function excluded': SPENT['agent.run (main thread)'] - model,
             'model function (rules logic)': model, 'store (worker threads)': SPENT['store (worker threads)']}
    parts['rest (pipeline, guards, thread hand-offs, event loop)'] = total - sum(parts.values())
    print(f'\nBreakdown of CPU per lead ({n} leads, timing wrappers on):')
    for name, seconds in parts.items():
        print(f'  {seconds / n * 1000:7.3f} ms  {seconds / total:5.1%}  {name}')
    profiler = cProfile.Profile(time.thread_time)  # main thread only: the store's worker threads are not seen
    profiler.enable()
    await run_leads(deps, base, 'prof', n)
    profiler.disable()
    # By own time: cumulative time is topped by the event loop's frames, which wrap everything.
    print(f'\ncProfile, main thread CPU, {n} leads, top 15 by own time (profiler overhead included):')
    pstats.Stats(profiler).strip_dirs().sort_stats('tottime').print_stats(15)


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--leads', type=int, default=1000, help='leads for the CPU part (default 1000)')
    parser.add_argument('--profile', action='store_true', help='also break the CPU down and run cProfile')
    args = parser.parse_args()
    if args.leads < 1:
        parser.error('--leads must be at least 1')
    policy = load_policy(ROOT / 'examples' / 'policy.yaml')
    base = Lead.from_submission(json.loads((ROOT / 'examples/leads/01-hospital-group-demo.json').read_text()))
    median = await latency_part(policy, base)
    cpu, wall = await cpu_part(policy, base, args.leads)
    if args.profile:
        await profile_part(policy, base, args.leads)
    overhead = (median - CRITICAL_PATH) * 1000
    print('\nSummary')
    print(f'  critical path {CRITICAL_PATH:.3f} s · measured median {median:.3f} s · overhead {overhead:+.0f} ms '
          f'(goal ≤ 50 ms: {"met" if overhead <= 50 else "not met"})')
    print(f'  CPU per lead {cpu:.2f} ms over {args.leads} leads (goal ≤ 2 ms: {"met" if cpu <= 2 else "not met"}) '
          f'· wall {wall:.2f} ms per lead')


if __name__ == '__main__':
    asyncio.run(main())
