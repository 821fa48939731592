"""A process that runs leads builds what the first lead needs when its engine starts, not on that lead.

The checks' patterns and the rules model's phrase lists are built on first use, once per process: about half a
second (0.5-0.9 s on this machine) that the first lead after every start or deploy paid. This test's process has
them warm already, so it asks a fresh one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .helpers import EXAMPLES

# In a fresh process: start an engine that executes runs, then triage a lead; report what the triage had to build.
SCRIPT = """
import asyncio, json, sys
from lead_agent import Lead, load_policy
from lead_agent import _injection, _prefilter, _text
from lead_agent.deps import build_deps
from lead_agent.pipeline import triage
from lead_agent.runs import Engine
from lead_agent.settings import Settings

def built():
    return [_prefilter._screened.cache_info().misses, _text._whole_word.cache_info().misses,
            _injection._compiled.cache_info().misses]

async def main():
    examples = sys.argv[1]
    deps = build_deps(Settings(), policy=load_policy(f'{examples}/policy.yaml'), database_url=sys.argv[2])
    before_start = built()
    async with Engine(deps):
        after_start = built()
        lead = Lead.from_submission(json.load(open(f'{examples}/leads/01-hospital-group-demo.json')))
        record = await triage(lead, deps)
        after_lead = built()
    await deps.aclose()
    print(json.dumps({'before_start': before_start, 'after_start': after_start, 'after_lead': after_lead,
                      'state': record.state}))

asyncio.run(main())
"""


def test_an_engine_that_runs_leads_builds_the_checks_before_the_first_lead(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, '-c', SCRIPT, str(EXAMPLES), f'sqlite:///{tmp_path / "lead_agent.db"}'],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen['state'] == 'routed_sales'
    assert all(n > 0 for n in seen['after_start']), seen  # built at start...
    assert seen['after_lead'] == seen['after_start'], seen  # ...so the first lead builds nothing
