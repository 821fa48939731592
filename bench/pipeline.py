"""Benchmark the orchestration of `triage()`: latency against the critical path, and CPU per lead.

Run from the repo root: `uv run python bench/pipeline.py [--leads N] [--runs R] [--profile]`.
Backends are fakes with `asyncio.sleep` latencies; the store is the real `SqlStore` on in-memory SQLite.
CPU per lead is the process's CPU time over N leads run one after another, store threads included, for the
`rules` model and for the real OpenAI SDK against a local chat-completions server (tests/fakes/llm_server.py,
run as its own process so its CPU is not counted).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Generator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

from pydantic_ai import Agent, models
from pydantic_ai.messages import ModelMessage, ModelResponse, ToolCallPart
from pydantic_ai.models import Model
from pydantic_ai.models.function import AgentInfo, FunctionModel

from lead_agent.backends import ContactRef
from lead_agent.deps import TriageDeps
from lead_agent.llm import build_model, model_settings
from lead_agent.models import Classification, CrmRecord, Enrichment, Lead
from lead_agent.pipeline import triage
from lead_agent.policy import Policy, load_policy
from lead_agent.rules_model import rules_model
from lead_agent.store import Database, SqlIntake, SqlReviewQueue, SqlRunLog, prepare

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import classification  # noqa: E402

LATENCY = {'lookup': 1.5, 'history': 0.5, 'model': 2.5, 'create_contact': 0.3, 'slack': 0.2, 'email': 0.2}
ZERO = dict.fromkeys(LATENCY, 0.0)
L = LATENCY
CRITICAL_PATH = max(L['lookup'], L['history']) + L['model'] + L['create_contact'] + max(L['slack'], L['email'])
COMPANIES = {'havenhospitals.com': Enrichment(
    domain='havenhospitals.com', name='Haven Hospital Group', employees=4800, industry='Hospitals and Health Care',
    country='US', description='Hospital group with 6 hospitals and 40 outpatient sites', tech=['Epic'], source='fake')}
NOMINAL_MS = {'precheck': 0, 'retrieve': 1500, 'classify': 2500, 'decide': 0, 'act': 500}
GOAL_RULES_MS, GOAL_OPENAI_MS, GOAL_OVERHEAD_MS = 3.0, 5.0, 50.0
# The fake LLM server in a process of its own, each request answered with a classification the guards route to
# sales; it stops when its stdin closes.
SERVER = """
import sys
from tests.fakes.llm_server import FakeLLMServer, final
from tests.helpers import classification
with FakeLLMServer() as server:
    server.script(*[final(classification())] * int(sys.argv[1]))
    print(server.port, flush=True)
    sys.stdin.read()
"""


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

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Any = None) -> ContactRef:
        await pause(self.latency['create_contact'])
        return ContactRef(contact_id=f'c-{run_id[:8]}', created=True, url=f'https://crm.example/c-{run_id[:8]}')

    async def set_owner(self, contact_id: str, owner: Any) -> None:
        await pause(self.latency['create_contact'])

    async def tidy_notes(self, contact_id: str, run_id: str) -> int:
        return 0  # its contacts never doubt a note

    async def post_summary(self, run_id: str, lead: Lead, classification: Any, decision: Any, channel: str,
                           crm_url: str | None, *, owner: Any = None) -> str:
        await pause(self.latency['slack'])
        return f'slack:{channel}:{run_id[:8]}'

    async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
        await pause(self.latency['slack'])
        return f'slack:{channel}:{run_id[:8]}'

    async def send_ack(self, run_id: str, lead: Lead, template: Any, company_name: str) -> str:
        await pause(self.latency['email'])
        return f'email:{run_id[:8]}'


def slow_rules(policy: Policy, seconds: float) -> FunctionModel:
    """The rules model, whose answering request (the one that calls the output tool) takes `seconds`."""
    respond = rules_model(policy).function
    assert respond is not None

    async def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        response = respond(messages, info)
        if not isinstance(response, ModelResponse):
            response = await response
        if any(call.tool_name == info.output_tools[0].name for call in response.tool_calls):
            await pause(seconds)
        return response

    return FunctionModel(model, model_name='slow-rules')


def make_deps(policy: Policy, latency: dict[str, float], model: Model) -> TriageDeps:
    fakes = FakeBackends(latency)
    db = Database('sqlite://')
    prepare(db)
    return TriageDeps(policy=policy, db=db, intake=SqlIntake(db), runs=SqlRunLog(db), review=SqlReviewQueue(db),
                      companies=fakes, crm=fakes, notifier=fakes, mailer=fakes, model=model,
                      model_settings=model_settings())


def variant(base: Lead, tag: str, i: int) -> Lead:
    """A unique message (no dedupe hit) and its own IP (no rate limit)."""
    return base.model_copy(update={'message': f'{base.message} [{tag}{i}]',
                                   'source_ip': f'10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}'})


async def run_leads(deps: TriageDeps, base: Lead, tag: str, n: int) -> Counter[str]:
    return Counter([(await triage(variant(base, tag, i), deps)).state for i in range(n)])


async def latency_part(policy: Policy, base: Lead) -> float:
    deps = make_deps(policy, LATENCY, slow_rules(policy, LATENCY['model']))
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
    deps.db.dispose()
    return statistics.median(measured)


async def cpu_run(policy: Policy, base: Lead, model: Model, n: int, tag: str) -> tuple[float, Counter[str]]:
    """CPU ms per lead over `n` leads on fresh deps, after 20 warm-up leads."""
    deps = make_deps(policy, ZERO, model)
    await run_leads(deps, base, f'{tag}warm', 20)
    cpu = time.process_time()
    states = await run_leads(deps, base, tag, n)
    cpu = (time.process_time() - cpu) / n * 1000
    deps.db.dispose()
    return cpu, states


@contextmanager
def openai_server(requests: int) -> Generator[str]:
    """The base URL of a fake chat-completions server in a process of its own, scripted for `requests` answers."""
    server = subprocess.Popen([sys.executable, '-c', SERVER, str(requests)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert server.stdout is not None
        yield f'http://127.0.0.1:{int(server.stdout.readline())}/v1'
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(10)


async def floor_run(n: int) -> float:
    """CPU ms per run of a bare pydantic-ai `Agent`: a `FunctionModel` that answers with the output tool at once, a
    `Classification` output, no tools, instructions, capabilities, deps or store. What any run through the framework
    costs on this machine now, whatever the pipeline around it does."""
    answer = ToolCallPart('final_result', classification())

    def respond(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        return ModelResponse(parts=[answer])

    agent = Agent(FunctionModel(respond), output_type=Classification)
    for _ in range(20):
        await agent.run('lead')
    cpu = time.process_time()
    for _ in range(n):
        await agent.run('lead')
    return (time.process_time() - cpu) / n * 1000


def cpu_part(policy: Policy, base: Lead, n: int, runs: int, title: str, make_model: Callable[[], Model]
             ) -> tuple[list[float], list[float]]:
    """CPU per lead over `runs` runs, each beside a run of the bare agent (interleaved, so both see the same machine)."""
    print(f'\n{title}: CPU per lead, {runs} runs of {n} leads one after another (zero-latency fakes, in-memory '
          "SqlStore, process CPU), each after as many runs of a bare pydantic-ai agent (the framework's floor)")
    figures: list[float] = []
    floors: list[float] = []
    for run in range(runs):
        floors.append(asyncio.run(floor_run(n)))
        cpu, states = asyncio.run(cpu_run(policy, base, make_model(), n, f'r{run}-'))
        figures.append(cpu)
        print(f'  run {run + 1}: {cpu:.3f} ms CPU per lead (bare agent run {floors[-1]:.3f} ms: '
              f'{cpu / floors[-1]:.2f}×) · states {dict(states)}')
    print(f'  min {min(figures):.3f} · median {statistics.median(figures):.3f} · max {max(figures):.3f} ms '
          f'(bare agent {min(floors):.3f}/{statistics.median(floors):.3f}/{max(floors):.3f})')
    return figures, floors


# --- --profile -----------------------------------------------------------------------------------------------------
_STDLIB = sysconfig.get_paths()['stdlib'] + '/'
GROUPS = {'pydantic_ai': 'pydantic-ai', 'pydantic_graph': 'pydantic-ai', 'pydantic_core': 'pydantic',
          'asyncio': 'asyncio', 'concurrent': 'asyncio', 'selectors': 'asyncio', 'threading': 'asyncio',
          'queue': 'asyncio', 'logfire_api': 'logfire', 'opentelemetry': 'logfire'}


def package(filename: str) -> str:
    """The package (or stdlib module) a code object's file belongs to, grouped as in GROUPS."""
    if '/site-packages/' in filename:
        top = filename.split('/site-packages/', 1)[1].split('/', 1)[0]
    elif '/src/lead_agent/' in filename:
        top = 'lead_agent'
    elif filename.startswith(_STDLIB):
        top = filename.removeprefix(_STDLIB).split('/', 1)[0]
    elif filename.startswith(str(ROOT)):
        top = filename.removeprefix(str(ROOT) + '/').split('/', 1)[0]
    elif filename.startswith('<frozen '):
        top = filename.removeprefix('<frozen ').split('.', 1)[0].rstrip('>')
    else:
        top = 'generated code'  # '<string>': dataclasses' __init__, __eq__ and the like
    top = top.removesuffix('.py')
    return GROUPS.get(top, top)


@dataclass
class _Thread:
    last: float
    stack: list[tuple[FrameType, str]] = field(default_factory=list[tuple[FrameType, str]])
    on_stack: Counter[str] = field(default_factory=Counter[str])
    own: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    inclusive: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))


class PackageProfile:
    """Thread CPU by package: own (the innermost Python frame's package; C calls count to their caller) and
    inclusive (the package anywhere on the stack). A profile hook, for every thread it is installed in."""

    def __init__(self) -> None:
        self.threads: list[_Thread] = []
        self._local = threading.local()
        self._packages: dict[CodeType, str] = {}

    def hook(self, frame: FrameType, event: str, arg: Any) -> None:
        now = time.thread_time()
        state: _Thread | None = getattr(self._local, 'state', None)
        if state is None:
            state = self._local.state = _Thread(now)
            self.threads.append(state)
        if state.stack:
            delta = now - state.last
            state.own[state.stack[-1][1]] += delta
            for name in state.on_stack:
                state.inclusive[name] += delta
        if event == 'call':
            code = frame.f_code
            name = self._packages.get(code) or self._packages.setdefault(code, package(code.co_filename))
            state.stack.append((frame, name))
            state.on_stack[name] += 1
        elif event == 'return' and state.stack and state.stack[-1][0] is frame:  # frames entered before: skipped
            _, name = state.stack.pop()
            state.on_stack[name] -= 1
            if not state.on_stack[name]:
                del state.on_stack[name]
        state.last = time.thread_time()

    def reset(self) -> None:
        """Forget the CPU counted so far (the stacks stay)."""
        for t in self.threads:
            t.own.clear()
            t.inclusive.clear()

    def totals(self) -> tuple[dict[str, float], dict[str, float]]:
        own: defaultdict[str, float] = defaultdict(float)
        inclusive: defaultdict[str, float] = defaultdict(float)
        for t in self.threads:
            for mine, theirs in ((own, t.own), (inclusive, t.inclusive)):
                for name, seconds in theirs.items():
                    mine[name] += seconds
        return own, inclusive


async def profiled_run(policy: Policy, base: Lead, n: int, profile: PackageProfile) -> None:
    deps = make_deps(policy, ZERO, rules_model(policy))
    await run_leads(deps, base, 'pwarm', 20)
    profile.reset()  # the worker threads have had the hook since they started
    sys.setprofile(profile.hook)  # this thread; threading.setprofile covers the store's worker threads
    try:
        await run_leads(deps, base, 'prof', n)
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]  # None removes the hook
    deps.db.dispose()


async def cprofile_run(policy: Policy, base: Lead, n: int) -> cProfile.Profile:
    deps = make_deps(policy, ZERO, rules_model(policy))
    await run_leads(deps, base, 'cwarm', 20)
    profiler = cProfile.Profile(time.thread_time)  # main thread only: the store's worker threads are not seen
    profiler.enable()
    await run_leads(deps, base, 'cprof', n)
    profiler.disable()
    deps.db.dispose()
    return profiler


def profile_part(policy: Policy, base: Lead, n: int) -> None:
    profile = PackageProfile()
    threading.setprofile(profile.hook)  # a new event loop, so its executor's threads start with the hook
    asyncio.run(profiled_run(policy, base, n, profile))
    own, inclusive = profile.totals()
    total = sum(own.values())
    print(f'\nProfile of the rules model by package, {n} leads, CPU of every thread (the profiler slows each call '
          f'down: {total / n * 1000:.1f} ms per lead under it), top 12 by inclusive time:')
    print(f'  {"package":<20} {"inclusive":>9} {"own":>7}')
    for name, seconds in sorted(inclusive.items(), key=lambda kv: -kv[1])[:12]:
        print(f'  {name:<20} {seconds / total:9.1%} {own.get(name, 0.0) / total:7.1%}')
    print('  (inclusive: CPU while the package is anywhere on the stack; own: while it runs itself)')
    profiler = asyncio.run(cprofile_run(policy, base, n))
    print(f'\ncProfile, main thread CPU, {n} leads, top 15 by own time (profiler overhead included):')
    pstats.Stats(profiler).strip_dirs().sort_stats('tottime').print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--leads', type=int, default=1000, help='leads per CPU run (default 1000)')
    parser.add_argument('--runs', type=int, default=3, help='CPU runs per model (default 3)')
    parser.add_argument('--no-latency', action='store_true', help='skip the latency part (about 25 s)')
    parser.add_argument('--profile', action='store_true', help='also profile the rules model by package')
    args = parser.parse_args()
    if args.leads < 1 or args.runs < 1:
        parser.error('--leads and --runs must be at least 1')
    n, runs = args.leads, args.runs
    policy = load_policy(ROOT / 'examples' / 'policy.yaml')
    base = Lead.from_submission(json.loads((ROOT / 'examples/leads/01-hospital-group-demo.json').read_text()))
    median = None if args.no_latency else asyncio.run(latency_part(policy, base))
    rules = cpu_part(policy, base, n, runs, 'Part 2 · rules model', lambda: rules_model(policy))
    with openai_server((n + 20) * runs) as base_url, models.override_allow_model_requests(True):
        def openai() -> Model:
            model = build_model('openai-compatible:gpt-4o-mini', policy, base_url=base_url, api_key='k')
            assert model is not None
            return model

        llm = cpu_part(policy, base, n, runs, 'Part 3 · OpenAI SDK against a local server', openai)
    if args.profile:
        profile_part(policy, base, min(n, 300))
    print('\nSummary')
    if median is not None:
        overhead = (median - CRITICAL_PATH) * 1000
        print(f'  critical path {CRITICAL_PATH:.3f} s · measured median {median:.3f} s · overhead {overhead:+.0f} ms '
              f'(goal ≤ {GOAL_OVERHEAD_MS:.0f} ms: {"met" if overhead <= GOAL_OVERHEAD_MS else "not met"})')
    for name, (figures, floors), goal in (('rules model', rules, GOAL_RULES_MS),
                                          ('OpenAI SDK ', llm, GOAL_OPENAI_MS)):
        mid = statistics.median(figures)
        print(f'  CPU per lead, {name}: min {min(figures):.2f} · median {mid:.2f} · max {max(figures):.2f} ms over '
              f'{runs} × {n} leads (goal ≤ {goal:.0f} ms: {"met" if mid <= goal else "not met"}); a bare '
              f'pydantic-ai agent run beside it: median {statistics.median(floors):.2f} ms, '
              f'{statistics.median(f / b for f, b in zip(figures, floors, strict=True)):.2f}× it')


if __name__ == '__main__':
    main()
