"""`lead-agent backtest`: past leads through the whole pipeline as dry runs, and what would have been done."""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from .. import _inputs
from .._render import json_text
from ..exceptions import LeadAgentError
from ..guards import dedupe_key
from ..models import RunRecord
from ..pipeline import record_unreadable, triage
from ..shadow import dry_run_deps
from ..store import read_outbox
from ._common import ModelOpt, PolicyOpt, add_row, app, deps_for, error, out, run_sync, warn
from .triage import EncodingOpt, FormatOpt, input_encoding, input_format

_OUTCOMES = ('sales', 'support', 'founder', 'review', 'rejected', 'duplicate', 'blocked', 'rate_limited', 'failed')


def outcome(rec: RunRecord) -> str:
    """Where the lead went: the team it was routed to, else its state."""
    if rec.state in ('routed_sales', 'routed_support') and rec.decision is not None and rec.decision.assigned_to:
        return rec.decision.assigned_to
    return rec.state


def would_line(row: dict[str, Any]) -> str:
    """One outbox row as a line: what the run would have done."""
    payload: dict[str, Any] = json.loads(row['payload'])
    kind, target = row['kind'], row['target']
    if kind == 'crm_contact':
        return f'CRM: create contact {target} + note'
    if kind == 'slack_summary':
        return f'Slack: lead summary → {target}'
    if kind == 'slack_review':
        return f'Slack: review post → {target}'
    if kind == 'email_ack':
        return f'email to {target}: {payload.get("subject", "")}'
    if kind == 'review_item':
        return f'review queue: {payload.get("reason", "")}'
    return f'{kind} → {target}'


def _entry(origin: str, rec: RunRecord, rows: list[dict[str, Any]], label: str | None) -> dict[str, Any]:
    d = rec.decision
    entry: dict[str, Any] = {
        'input': origin, 'run_id': rec.run_id, 'email': rec.lead.email if rec.lead else None,
        'outcome': outcome(rec), 'state': rec.state, 'action': d.action if d else None, 'rules': d.rules if d else [],
        'errors': rec.errors,
        'would': [{'kind': r['kind'], 'target': r['target'], 'payload': json.loads(r['payload'])} for r in rows],
    }
    if label is not None:
        expected = rec.lead.extra.get(label) if rec.lead else None
        entry['label'] = expected
        entry['agrees'] = None if not expected else expected.strip().casefold() == entry['outcome']
    return entry


def _say_if_unlabelled(label: str | None, items: list[Any], entries: list[dict[str, Any]]) -> None:
    """Say that no lead holds the `--label` field: a typo ('Team' for 'team') read as 'no labels' (helper-122)."""
    if label is None or any(e.get('label') for e in entries):
        return
    fields = sorted({k for item in items if item.lead is not None for k in item.lead.extra})
    warn(f'--label {label!r}: no lead has that field, so nothing is compared'
         + (f" (their other fields: {', '.join(fields[:12])})" if fields else ' (the leads have no other fields)'))


def _routing(entries: list[dict[str, Any]]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    outcomes = Counter(e['outcome'] for e in entries)
    rules: dict[str, Counter[str]] = defaultdict(Counter)
    for e in entries:
        rules[e['outcome']].update(e['rules'] or ['(no rule fired)'])
    return outcomes, rules


def _order(outcomes: Counter[str]) -> list[str]:
    return [o for o in _OUTCOMES if o in outcomes] + sorted(set(outcomes) - set(_OUTCOMES))


def _print(entries: list[dict[str, Any]], label: str | None) -> None:
    leads = Table(title='Backtest: what each lead would have done', show_lines=True)
    for col in ('input', 'lead', 'outcome', 'rules fired', 'would have done') + (('label',) if label else ()):
        leads.add_column(col, overflow='fold')
    for e in entries:
        would = '\n'.join(would_line({'kind': w['kind'], 'target': w['target'], 'payload': json.dumps(w['payload'])})
                          for w in e['would']) or '-'
        cells = [e['input'], e['email'] or '(unreadable)', e['outcome'], ', '.join(e['rules']) or '-', would]
        if label:
            cells.append('-' if e['agrees'] is None else f'{e["label"]} ({"agrees" if e["agrees"] else "DIFFERS"})')
        add_row(leads, *cells)
    out.print(leads)
    outcomes, rules = _routing(entries)
    routing = Table(title=f'Routing of {len(entries)} lead(s)')
    for col in ('outcome', 'leads', 'share', 'by rule'):
        routing.add_column(col, overflow='fold')
    for o in _order(outcomes):
        add_row(routing, o, str(outcomes[o]), f'{outcomes[o] / len(entries):.0%}',
                ', '.join(f'{rule} {n}' for rule, n in rules[o].most_common()))
    out.print(routing)
    labelled = [e for e in entries if e.get('agrees') is not None]
    if labelled:
        agree = sum(e['agrees'] for e in labelled)
        out.print(f'label {label!r}: the outcome agrees on {agree} of {len(labelled)} labelled lead(s) '
                  f'({agree / len(labelled):.0%})')
    out.print('dry run: nothing was sent to the CRM, Slack or email.')


@app.command('backtest')
def backtest_cmd(
    paths: Annotated[list[str], typer.Argument(help='Past leads: CSV (a header row), JSON or JSONL exports, folders '
                                                   'of them.')],
    policy: PolicyOpt = None,
    db: Annotated[str | None, typer.Option('--db', help='Keep the dry runs in this database (default: a '
                                           'throw-away one, so no dedupe key, review item or outbox row stays).')
                  ] = None,
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option('--json', help='One JSON document: routing, rules and every lead.')] = False,
    label: Annotated[str | None, typer.Option('--label', help='A column (field) holding the expected outcome '
                                              '(sales, support, founder, review, rejected): compared per lead.')
                     ] = None,
    fmt: FormatOpt = 'auto',
    encoding: EncodingOpt = None,
) -> None:
    """Run past leads as dry runs: the routing table, and per lead what would have been done."""
    chosen, encoding = input_format(fmt), input_encoding(encoding)
    for path in paths:
        if not Path(path).exists():
            error(f'{path}: no such file or folder')
            raise typer.Exit(2)
    items: list[_inputs.Item] = []

    async def go(url: str | None) -> list[dict[str, Any]]:
        deps, settings = deps_for(policy, url, model)
        deps = dry_run_deps(deps)
        for path in paths:  # CSV columns map through the policy's intake.fields, as webhook fields do
            items.extend(_inputs.read_path(Path(path), fmt=chosen, intake=deps.policy.intake, encoding=encoding))
        if not items:
            raise LeadAgentError('no leads in ' + ', '.join(paths))
        gate = asyncio.Semaphore(settings.runs_at_once())
        done: dict[int, RunRecord] = {}
        # Copies of one submission run one after another, in input order: the first is the original and the
        # later ones its duplicates, as they were when they arrived. The rest run at once.
        copies: dict[str, list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            copies[dedupe_key(item.lead) if item.lead is not None else f'unreadable:{i}'].append(i)

        async def run(indexes: list[int]) -> None:
            for i in indexes:
                item = items[i]
                async with gate:
                    done[i] = await triage(item.lead, deps) if item.lead is not None else \
                        await record_unreadable(item.raw, item.error or 'unreadable', deps, field=item.field)

        await asyncio.gather(*(run(indexes) for indexes in copies.values()))
        records = [done[i] for i in range(len(items))]
        by_run: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in await deps.db.run(partial(read_outbox, deps.db, run_ids={r.run_id for r in records})):
            by_run[row['run_id']].append(row)
        return [_entry(item.origin, rec, by_run[rec.run_id], label)
                for item, rec in zip(items, records, strict=True)]

    if db is not None:
        entries = run_sync(lambda: go(db))
    else:
        with tempfile.TemporaryDirectory(prefix='lead-agent-backtest-') as tmp:
            entries = run_sync(lambda: go(f'sqlite:///{Path(tmp) / "backtest.db"}'))
    for item in items:
        if item.error:
            error(f'{item.error} (counted as failed)')
    _say_if_unlabelled(label, items, entries)
    if as_json:
        outcomes, rules = _routing(entries)
        print(json_text(json.dumps({'total': len(entries), 'outcomes': {o: outcomes[o] for o in _order(outcomes)},
                                    'rules': {o: dict(rules[o].most_common()) for o in _order(outcomes)},
                                    'leads': entries}, ensure_ascii=False)))
    else:
        _print(entries, label)
    if any(item.error for item in items):
        raise typer.Exit(1)
