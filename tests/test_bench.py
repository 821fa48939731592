"""The benchmarks still run end to end (their figures are read by people, not asserted here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .helpers import EXAMPLES

ROOT = EXAMPLES.parent


def test_the_ack_benchmark_triages_every_submission() -> None:
    done = subprocess.run([sys.executable, 'bench/ack.py', '--n', '20', '--bursts', '2', '--clients', '5'], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert 'all triaged after' in done.stdout and "states {'routed_sales': 40} · lost 0" in done.stdout
    assert 'burst 2: answered in' in done.stdout and 'all bursts: p50' in done.stdout


def test_the_accept_cpu_benchmark_accepts_every_submission() -> None:
    done = subprocess.run([sys.executable, 'bench/accept_cpu.py', '--n', '30', '--clients', '5', '--repeat', '1'],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert 'host CPU per accepted submission, 30 submissions, 5 at a time:' in done.stdout


def test_the_idle_machine_benchmark_times_each_idle_time() -> None:
    done = subprocess.run([sys.executable, 'bench/idle_machine.py', '--idle', '0', '0.01', '--repeat', '1'], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert [line.split(':')[0] for line in done.stdout.splitlines()] == ['idle 0.00 s before each',
                                                                      'idle 0.01 s before each']


def test_the_token_benchmark_counts_every_case() -> None:
    done = subprocess.run([sys.executable, 'bench/tokens.py', '--dataset', 'evals/holdout.jsonl'], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert 'evals/holdout.jsonl: 60 cases' in done.stdout and 'fixed prefix' in done.stdout


@pytest.mark.parametrize('database', ['sqlite', 'postgres'])
def test_the_store_benchmark_runs_on_both_databases(database: str) -> None:
    """A database at a time, the store's calls only (`--no-ack`): with the host and worker it starts for each size too,
    the two took 60-140 s of a CI run that has 15 minutes. That ack path (/metrics, ack p99, drain) is the ack
    benchmark's (`test_the_ack_benchmark_triages_every_submission`, on SQLite), and runs on PostgreSQL in `test_scale_out`
    and `test_durability`."""
    done = subprocess.run([sys.executable, 'bench/store.py', '--runs', '400', '--repeat', '1', '--database', database,
                           '--no-ack'], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f'{database}: 300 runs vs 400 runs' in done.stdout
    assert done.stdout.count('review list (ms)') == 1 and 'worker drain' not in done.stdout
    assert 'at 400 · ' in done.stdout and ' at 0k' not in done.stdout


def test_the_pipeline_benchmark_routes_every_lead_on_both_models() -> None:
    done = subprocess.run([sys.executable, 'bench/pipeline.py', '--leads', '3', '--runs', '1', '--no-latency',
                           '--profile'], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("states {'routed_sales': 3}") == 2
    assert 'CPU per lead, rules model: min' in done.stdout and 'CPU per lead, OpenAI SDK : min' in done.stdout
    assert done.stdout.count('a bare pydantic-ai agent run beside it: median') == 2  # the framework's floor
    assert 'pydantic-ai' in done.stdout and 'lead_agent' in done.stdout  # the profile by package
