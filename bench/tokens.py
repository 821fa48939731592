"""Token budget per classification: the exact request bodies the OpenAI model sends, counted with o200k_base.

Every sample lead in examples/leads/ goes through the full pipeline with `openai-compatible:gpt-4o-mini` pointed
at a local server that speaks chat.completions (tests/fakes/llm_server.py) and answers with a valid
classification. The server records each request body; all request bodies of one classification are counted with
the o200k_base encoding (bpe-openai ships it, so this runs offline) and priced with genai-prices.

    uv run python bench/tokens.py [--show-body]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bpe_openai import get_encoding  # pyright: ignore[reportMissingTypeStubs]
from genai_prices import Usage, calc_price
from pydantic_ai import models

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lead_agent import Lead, load_policy, local_deps, triage  # noqa: E402
from lead_agent.llm import build_model, model_settings  # noqa: E402
from tests.fakes.llm_server import FakeLLMServer, final  # noqa: E402

GOAL_TOKENS = 1200
ANSWER = {
    'intent': 'buying', 'fit_score': 88, 'confidence': 0.86, 'recommended_action': 'auto_route_sales',
    'assigned_to': 'sales', 'priority': 'high',
    'fit_reasoning': 'Hospital group with 4,800 staff in the US on Epic: inside the ICP on size, industry and '
                     'country; asks for a demo and a quote for a rollout across 40 sites.',
    'summary_for_slack': 'Priya Raman (Haven Hospital Group, 4,800 staff, US, Epic) wants a demo and a quote for '
                         'intake and reminders across 40 outpatient sites this year.',
}


async def main(show_body: bool) -> None:
    enc = get_encoding('o200k_base')
    policy = load_policy(ROOT / 'examples' / 'policy.yaml')
    leads = sorted((ROOT / 'examples' / 'leads').glob('*.json'))
    rows: list[tuple[str, int, int]] = []
    output_tokens = len(enc.encode(json.dumps(ANSWER)))
    with tempfile.TemporaryDirectory() as tmp, FakeLLMServer() as server, models.override_allow_model_requests(True):
        model = build_model('openai-compatible:gpt-4o-mini', policy, base_url=server.openai_base_url, api_key='k')
        deps = replace(local_deps(policy, database_url=f'sqlite:///{tmp}/tokens.db', model=model),
                       model_settings=model_settings())
        for path in leads:
            before = len(server.requests)
            server.script(final(ANSWER))
            await triage(Lead.from_submission(json.loads(path.read_text())), deps)
            bodies = [r.body for r in server.requests[before:]]
            if show_body and path == leads[0]:
                print(json.dumps(bodies[0], indent=2, ensure_ascii=False))
            tokens = sum(len(enc.encode(json.dumps(b, ensure_ascii=False))) for b in bodies)
            rows.append((path.stem, len(bodies), tokens))
        deps.db.dispose()  # type: ignore[attr-defined]
    print(f'{"lead":<28} {"requests":>8} {"input tokens":>13}')
    for name, n, tokens in rows:
        print(f'{name:<28} {n:>8} {tokens:>13}')
    counts = [t for _, _, t in rows if t]
    median, worst = statistics.median(counts), max(counts)
    price = calc_price(Usage(input_tokens=int(median), output_tokens=output_tokens), model_ref='gpt-4o-mini',
                       provider_id='openai')
    met = 'met' if median <= GOAL_TOKENS else 'NOT met'
    print(f'\nmedian {median:.0f} input tokens per classification, max {worst} (goal ≤ {GOAL_TOKENS}: {met})')
    print(f'cost at gpt-4o-mini prices: ${float(price.total_price):.6f} per lead '
          f'({median:.0f} in + {output_tokens} out tokens; goal ≤ $0.0003)')


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--show-body', action='store_true', help='print the first request body')
    asyncio.run(main(parser.parse_args().show_body))
