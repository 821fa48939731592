"""`lead-agent log`: recent runs and their totals."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Annotated

import typer
from rich.table import Table

from ..models import RunRecord
from ._common import (
    DbOpt,
    PolicyOpt,
    add_row,
    app,
    crashed_before_recording,
    deps_for,
    out,
    run_sync,
    shown_state,
)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method='inclusive')[round(q) - 1]


_LISTED = 25


@app.command('log')
def log_cmd(
    policy: PolicyOpt = None, db: DbOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=1_000_000, help='How many recent runs to list and total.')] = 200,
) -> None:
    """Recent runs and their totals: states, review rate, auto-action rate, latency."""
    async def go() -> tuple[list[RunRecord], set[str]]:
        deps = deps_for(policy, db, existing=True)[0]
        recent = await deps.runs.recent(limit)
        return recent, await crashed_before_recording(deps, recent)

    runs, crashed = run_sync(go)
    listed = runs[:_LISTED]
    title = f'Last {len(listed)} runs' + (f' (the totals below are over the last {len(runs)})' if len(runs) > len(listed)
                                          else '')
    table = Table(title=title)
    for col in ('received', 'run', 'lead', 'state', 'action', 'rules', 'ms', 'tokens', 'cost $'):
        table.add_column(col, overflow='fold')
    for r in listed:
        add_row(table, r.received_at.strftime('%Y-%m-%d %H:%M:%S'), r.run_id[:8],
             (r.lead.company or r.lead.domain) if r.lead else '(unreadable)',
             shown_state(r, crashed) + (' (dry run)' if r.dry_run else ''),
             r.decision.action if r.decision else '-', ', '.join(r.decision.rules) if r.decision else '',
             f'{r.latency_ms.get("total", 0):.0f}', str(r.usage.input_tokens + r.usage.output_tokens),
             '-' if r.cost_usd is None else f'{r.cost_usd:.5f}')
    out.print(table)
    states = Counter(shown_state(r, crashed) for r in runs)
    # A queued run (accepted, not triaged yet: its record says `failed` until the run writes its own) is not judged.
    judged = [r for r in runs if shown_state(r, crashed) in ('routed_sales', 'routed_support', 'review', 'rejected', 'failed')]
    lat = sorted(r.latency_ms['total'] for r in judged if 'total' in r.latency_ms)
    out.print('runs per state: ' + (', '.join(f'{s} {n}' for s, n in sorted(states.items())) or 'none'))
    if dry := sum(r.dry_run for r in runs):
        out.print(f'{dry} of them dry runs (shadow mode): their actions were written to the outbox, not done')
    if judged:
        # Live and dry runs apart: a shadow deployment's rates are not the live ones (and both may be in one log).
        for label, group in (('', [r for r in judged if not r.dry_run]), ('dry runs: ', [r for r in judged if r.dry_run])):
            if group:
                auto = sum(r.state in ('routed_sales', 'routed_support', 'rejected') for r in group)
                reviews = sum(r.state in ('review', 'failed') for r in group)
                out.print(f'{label}review rate {reviews / len(group):.0%} · auto-action rate {auto / len(group):.0%}')
        out.print(f'latency p50 {_percentile(lat, 50):.0f} ms, p95 {_percentile(lat, 95):.0f} ms')
        classified = [r for r in judged if r.usage.requests]
        if classified:
            tokens = sum(r.usage.input_tokens + r.usage.output_tokens for r in classified)
            priced = [r.cost_usd for r in classified if r.cost_usd is not None]
            unknown = len(classified) - len(priced)
            cost = f'${sum(priced):.6f} total, ${sum(priced) / len(priced):.6f} per lead' if priced else 'unknown'
            out.print(f'tokens {tokens} total, {tokens / len(classified):.0f} per lead · cost {cost}'
                      + (f' ({unknown} run(s) with an unpriced model)' if unknown else ''))
