"""Tokens and cost per lead: every case of an eval dataset through the full pipeline, at a local model server.

Each case runs as `lead-agent eval` runs it (its company data and CRM history, a fresh store), with
`openai-compatible:gpt-4o-mini` pointed at tests/fakes/llm_server.py. The server answers with a valid
classification and reports usage as tests/fakes/tokens.py estimates OpenAI counts it: o200k_base tokens, the tool
definitions as OpenAI renders them for the model, and OpenAI's prompt cache (a prefix of 1,024 tokens or more seen
before is served from cache, in steps of 128). Costs are what the runs recorded: pydantic-ai prices each response
with genai-prices, cached tokens at the cached rate. The dataset runs twice: with the cache cold for every lead, and
warm (the leads one after another, as a steady stream sends them).

    uv run python bench/tokens.py [--dataset evals/leads.jsonl] [--show-body]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from genai_prices import Usage, calc_price
from pydantic_ai import models

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lead_agent import Policy, load_policy  # noqa: E402
from lead_agent.evals import CaseOutcome, LabeledCase, load_dataset, run_eval  # noqa: E402
from lead_agent.llm import build_model, model_settings  # noqa: E402
from tests.fakes.llm_server import FakeLLMServer, final  # noqa: E402
from tests.fakes.tokens import OPENAI_MINIMUM, count_tokens, openai_system_tokens  # noqa: E402

MODEL = 'gpt-4o-mini'
GOAL_TOKENS = 1000
GOAL_COST = 0.00020
ANSWER = {
    'intent': 'buying', 'fit_score': 88, 'confidence': 0.86, 'recommended_action': 'auto_route_sales',
    'assigned_to': 'sales', 'priority': 'high',
    'fit_reasoning': 'Hospital group with 4,800 staff in the US on Epic: inside the ICP on size, industry and '
                     'country; asks for a demo and a quote for a rollout across 40 sites.',
    'summary_for_slack': 'Priya Raman (Haven Hospital Group, 4,800 staff, US, Epic) wants a demo and a quote for '
                         'intake and reminders across 40 outpatient sites this year.',
}


async def _run(cases: list[LabeledCase], policy: Policy, *, warm: bool) -> tuple[list[CaseOutcome], dict[str, Any]]:
    """The outcomes of the cases that reached the model, and the first request body."""
    with FakeLLMServer(warm_cache=warm) as server, models.override_allow_model_requests(True):
        server.script(*[final(ANSWER)] * len(cases))
        model = build_model(f'openai-compatible:{MODEL}', policy, base_url=server.openai_base_url, api_key='k',
                            fallback=False)
        run = await run_eval(cases, policy, model=model, concurrency=1, model_settings=model_settings())
        bodies = [r.body for r in server.requests]
    failed = [r.case.id for r in run.results if r.outcome is None or any('classify' in e for e in r.outcome.errors)]
    if failed:
        raise SystemExit(f'the model step failed for {failed}')
    return [r.outcome for r in run.results if r.outcome is not None and r.outcome.requests], bodies[0]


def _price(input_tokens: int, output_tokens: int, cached: int = 0) -> float:
    usage = Usage(input_tokens=input_tokens, cache_read_tokens=cached, output_tokens=output_tokens)
    return float(calc_price(usage, model_ref=MODEL, provider_id='openai').total_price)


def _spread(values: list[int]) -> str:
    p90 = statistics.quantiles(values, n=10, method='inclusive')[-1]
    return f'median {statistics.median(values):,.0f}, p90 {p90:,.0f}, max {max(values):,}'


def _cost(outcomes: list[CaseOutcome]) -> float:
    return statistics.median(o.cost_usd or 0.0 for o in outcomes)


async def main(dataset: Path, show_body: bool) -> None:
    policy = load_policy(ROOT / 'examples' / 'policy.yaml')
    cases, _ = load_dataset(dataset)
    cold, body = await _run(cases, policy, warm=False)
    warm, _ = await _run(cases, policy, warm=True)
    if show_body:
        print(json.dumps(body, indent=2, ensure_ascii=False))

    prefix = openai_system_tokens(body)
    as_json = count_tokens(json.dumps(body['messages'][0]) + json.dumps(body['tools']))
    applies = prefix >= OPENAI_MINIMUM
    inputs = [o.input_tokens for o in cold]
    uncached = [o.input_tokens - o.cache_read_tokens for o in warm]
    print(f'{dataset.relative_to(ROOT) if dataset.is_relative_to(ROOT) else dataset}: {len(cases)} cases, '
          f'{len(cold)} reach the model, {sum(o.requests for o in cold)} requests')
    print(f'\nfixed prefix (instructions + tool definitions, the same bytes for every lead): {prefix:,} tokens')
    print(f'  ({as_json:,} counting the system message and tools as the JSON sent); '
          f'OpenAI caches from {OPENAI_MINIMUM:,}: {"applies" if applies else "does not apply"}')
    print(f'input tokens per lead: {_spread(inputs)}')
    print(f'  per lead, after the prefix: {_spread([n - prefix for n in inputs])}')
    print(f'  uncached, with the cache warm: {_spread(uncached)} (goal: median ≤ {GOAL_TOKENS:,}: '
          f'{"met" if statistics.median(uncached) <= GOAL_TOKENS else "NOT met"})')
    print(f'output tokens per lead: median {statistics.median(o.output_tokens for o in cold):,.0f}')

    cost_cold, cost_warm = _cost(cold), _cost(warm)
    cached = statistics.median(o.cache_read_tokens for o in warm)
    print(f'\ncost per lead at {MODEL} prices (median):')
    print(f'  cache cold: ${cost_cold:.6f}')
    print(f'  cache warm: ${cost_warm:.6f} (median {cached:,.0f} tokens cached)')
    print(f'  goal ≤ ${GOAL_COST:.5f} with caching where it applies: '
          f'{"met" if (cost_warm if applies else cost_cold) <= GOAL_COST else "NOT met"}')
    if not applies:
        # What caching would buy if the prefix were padded to the minimum with stable content.
        pad = OPENAI_MINIMUM - prefix
        hit = statistics.median(_price(o.input_tokens + pad, o.output_tokens, OPENAI_MINIMUM) for o in cold)
        miss = statistics.median(_price(o.input_tokens + pad, o.output_tokens) for o in cold)
        print(f'\nthe prefix padded by {pad} tokens to {OPENAI_MINIMUM:,}: ${hit:.6f} a lead when the cache is warm, '
              f'${miss:.6f} when cold;\n  cheaper than now only if more than {(miss - cost_cold) / (miss - hit):.0%} '
              'of leads find the cache warm')


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--dataset', type=Path, default=ROOT / 'evals' / 'leads.jsonl')
    parser.add_argument('--show-body', action='store_true', help='print the first request body')
    args = parser.parse_args()
    asyncio.run(main(args.dataset.resolve(), args.show_body))
