"""`lead-agent triage`: leads from files, end to end."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated
from uuid import uuid4

import typer
from rich.table import Table

from .. import _inputs
from .._render import json_text
from ..models import RunRecord
from ..pipeline import record_unreadable
from ..runs import queued_record
from ..shadow import dry_run_deps
from ._common import (
    DbOpt,
    DryRunOpt,
    ModelOpt,
    PolicyOpt,
    add_row,
    app,
    deps_for,
    done_text,
    engine_for,
    error,
    out,
    run_sync,
)


def _triage_table(rows: list[tuple[str, RunRecord]]) -> Table:
    table = Table(show_lines=True, title='Triage results')
    for col in ('input', 'lead', 'classification', 'decision · rules fired', 'done', 'state'):
        table.add_column(col, overflow='fold')
    for origin, rec in rows:
        lead = rec.lead
        who = f'{lead.name or "?"}\n{lead.company or lead.domain}' if lead else '(unreadable)'
        c = rec.classification
        cls = f'{c.intent} · fit {c.fit_score}\nconf {c.confidence:.2f} · {c.priority}\n→ {c.recommended_action}' \
            if c else '-'
        d = rec.decision
        dec = f'{d.action}{" → " + d.assigned_to if d.assigned_to else ""}\n{", ".join(d.rules) or "no rule fired"}' \
            if d else '-'
        add_row(table, Path(origin).name if ':' not in origin and '[' not in origin else origin, who, cls, dec,
             done_text(rec), rec.state)
    return table


@app.command('triage')
def triage_cmd(
    paths: Annotated[list[str], typer.Argument(help='JSON leads, JSON arrays, JSONL files, folders of them, or -.')],
    policy: PolicyOpt = None,
    db: DbOpt = None,
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option('--json', help='One JSON run record per line.')] = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Triage leads end to end and record each run."""
    items: list[_inputs.Item] = []
    for path in paths:
        if path == '-':
            items.extend(_inputs.read_text('<stdin>', sys.stdin.buffer.read(), source='cli'))
            continue
        p = Path(path)
        if not p.exists():
            error(f'{path}: no such file or folder')
            raise typer.Exit(2)
        if not _inputs.files_in(p):
            error(f'{path}: no .json or .jsonl files in this folder')
            raise typer.Exit(2)
        items.extend(_inputs.read_path(p))

    async def go() -> list[tuple[str, RunRecord]]:
        deps, settings = deps_for(policy, db, model)
        deps = dry_run_deps(deps) if dry_run else deps
        leads = [item.lead for item in items if item.lead is not None]
        async with engine_for(deps, settings) as engine:
            records = [queued_record(lead, uuid4().hex, deps.now(), dry_run=deps.dry_run) for lead in leads]
            firsts = await engine.accept([(rec, lead.delivery_id) for rec, lead in zip(records, leads, strict=True)])
            run_ids = iter([first or rec.run_id for rec, first in zip(records, firsts, strict=True)])
            done: list[RunRecord] = []
            for item in items:  # in input order; unreadable input is kept as a failed run for review
                if item.lead is not None:
                    done.append(await engine.result(next(run_ids)))
                else:
                    done.append(await record_unreadable(item.raw, item.error or 'unreadable', deps, field=item.field))
        return list(zip([i.origin for i in items], done, strict=True))

    rows = run_sync(go)
    failures = [i for i in items if i.error]
    for item in failures:
        error(f'{item.error} (kept as a failed run for review)')
    if as_json:
        for _, rec in rows:
            print(json_text(rec.model_dump_json()))
    else:
        out.print(_triage_table(rows))
        states = Counter(rec.state for _, rec in rows)
        out.print(f'{len(rows)} submission(s): ' + ', '.join(f'{n} {s}' for s, n in sorted(states.items())))
    untriaged = Counter(rec.state for _, rec in rows if rec.state not in _TRIAGED)
    if untriaged:  # a lead that reached no route, review or rejection is never a silent success
        error('not triaged: ' + ', '.join(f'{n} {state} ({_WHY[state]})' for state, n in sorted(untriaged.items())))
    if failures or untriaged:
        raise typer.Exit(1)


_TRIAGED = frozenset({'routed_sales', 'routed_support', 'review', 'rejected'})
_WHY = {'duplicate': 'triaged before', 'blocked': "the policy's blocklist", 'failed': 'kept for review',
        'rate_limited': 'kept for review'}
