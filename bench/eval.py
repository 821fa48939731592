"""Wall time of `lead-agent eval` against a model that takes 2 s per request (a remote model's latency).

Serves an OpenAI-compatible fake (tests/fakes/llm_server.py) whose every answer is a valid classification after
`--latency` seconds, and runs the CLI as a user would on the first `--cases` cases of evals/leads.jsonl, with the
default concurrency (LEAD_AGENT_CONCURRENCY unset) unless `--concurrency` is given. The figure is the time, not the
accuracy: every case gets the same answer. Goal: 150 cases at 2 s in ≤ 15 s.

    uv run python bench/eval.py [--cases 150] [--latency 2.0] [--concurrency N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.llm_server import FakeLLMServer, delay, final  # noqa: E402

GOAL_S = 15.0
ANSWER = {
    'intent': 'researching', 'fit_score': 50, 'fit_reasoning': 'A benchmark answer: the same for every case.',
    'confidence': 0.5, 'recommended_action': 'human_review', 'assigned_to': None, 'priority': 'medium',
    'summary_for_slack': 'A benchmark answer, the same for every case of the eval.',
}


def once(cases: Path, n: int, latency: float, concurrency: int | None) -> float:
    """Seconds the CLI took for the eval (process start included)."""
    with FakeLLMServer() as server:
        server.script(*(delay(latency, final(ANSWER)) for _ in range(n * 2)))
        env = {k: v for k, v in os.environ.items() if k != 'LEAD_AGENT_CONCURRENCY'}
        env |= {'LEAD_AGENT_MODEL': 'openai-compatible:bench', 'LEAD_AGENT_BASE_URL': server.openai_base_url,
                'LEAD_AGENT_API_KEY': 'k', 'LEAD_AGENT_FALLBACK': 'false', 'LEAD_AGENT_MAX_RETRIES': '0'}
        command = [sys.executable, '-m', 'lead_agent.cli', 'eval', '--dataset', str(cases),
                   '--policy', str(ROOT / 'examples' / 'policy.yaml')]
        if concurrency:
            command += ['--concurrency', str(concurrency)]
        start = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - start
        if f'{n} cases' not in done.stdout:
            raise SystemExit(f'the eval did not run every case:\n{done.stdout}\n{done.stderr}')
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--cases', type=int, default=150)
    parser.add_argument('--latency', type=float, default=2.0)
    parser.add_argument('--concurrency', type=int, default=None)
    parser.add_argument('--repeat', type=int, default=3)
    args = parser.parse_args()
    lines = (ROOT / 'evals' / 'leads.jsonl').read_text().splitlines()[:args.cases]
    cases = Path(tempfile.mkdtemp(prefix='lead-agent-eval-')) / 'cases.jsonl'
    cases.write_text('\n'.join(lines) + '\n')
    times = [once(cases, len(lines), args.latency, args.concurrency) for _ in range(args.repeat)]
    median = statistics.median(times)
    print(f'eval of {len(lines)} cases, model latency {args.latency:.1f} s, concurrency '
          f'{args.concurrency or "default"}: {min(times):.1f}/{median:.1f}/{max(times):.1f} s (min/median/max of '
          f'{len(times)}; goal ≤ {GOAL_S:.0f} s: {"met" if median <= GOAL_S else "NOT met"})')


if __name__ == '__main__':
    main()
