"""`lead-agent outbox`: what the embedded defaults wrote instead of sending, and what dry runs would have done."""

from __future__ import annotations

import json
from functools import partial
from typing import Annotated, Any

import typer
from rich.table import Table

from .._render import json_text
from ..store import read_outbox
from ._common import DbOpt, PolicyOpt, add_row, app, deps_for, out, run_sync, the_run
from .backtest import would_line


@app.command('outbox')
def outbox_cmd(
    policy: PolicyOpt = None, db: DbOpt = None,
    run: Annotated[str | None, typer.Option('--run', help="Only this run's rows (an id prefix is enough).")] = None,
    dry_run: Annotated[bool | None, typer.Option('--dry-run/--live', help="Only dry runs' rows, or only the "
                                                 "others.", show_default=False)] = None,
    last: Annotated[int, typer.Option('--last', min=1, help='How many of the newest rows.')] = 50,
    as_json: Annotated[bool, typer.Option('--json', help='One JSON row per line, its payload included.')] = False,
) -> None:
    """The outbox: Slack posts, emails, CRM contacts and review items written instead of done."""
    async def go() -> list[dict[str, Any]]:
        deps = deps_for(policy, db, existing=True)[0]
        run_ids = None
        if run is not None:
            rec = await the_run(deps, run)
            run_ids = [rec.run_id]
        return await deps.db.run(partial(read_outbox, deps.db, run_ids=run_ids, dry_run=dry_run, last=last))

    rows = run_sync(go)
    if as_json:
        for row in rows:
            print(json_text(json.dumps({**row, 'payload': json.loads(row['payload']),
                                        'created_at': row['created_at'].isoformat()}, ensure_ascii=False)))
        return
    table = Table(title=f'Outbox: {len(rows)} row(s)')
    for col in ('id', 'created', 'run', 'kind', 'what', 'dry run'):
        table.add_column(col, overflow='fold')
    for row in rows:
        add_row(table, str(row['id']), row['created_at'].strftime('%Y-%m-%d %H:%M:%S'), row['run_id'][:12],
                row['kind'], would_line(row), 'yes' if row['dry_run'] else '')
    out.print(table)
