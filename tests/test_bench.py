"""The benchmarks still run end to end (their figures are read by people, not asserted here)."""

from __future__ import annotations

import subprocess
import sys

from .helpers import EXAMPLES

ROOT = EXAMPLES.parent


def test_the_ack_benchmark_triages_every_submission() -> None:
    done = subprocess.run([sys.executable, 'bench/ack.py', '--n', '20', '--clients', '5'], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "terminal states {'routed_sales': 20} · lost 0" in done.stdout
    assert 'time to 2xx: p50' in done.stdout


def test_the_pipeline_benchmark_routes_every_lead_on_both_models() -> None:
    done = subprocess.run([sys.executable, 'bench/pipeline.py', '--leads', '3', '--runs', '1', '--no-latency',
                           '--profile'], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("states {'routed_sales': 3}") == 2
    assert 'CPU per lead, rules model: min' in done.stdout and 'CPU per lead, OpenAI SDK : min' in done.stdout
    assert 'pydantic-ai' in done.stdout and 'lead_agent' in done.stdout  # the profile by package
