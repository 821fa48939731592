"""`lead-agent review ...`: the human review queue from the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.highlighter import JSONHighlighter
from rich.table import Table

from .._render import json_text, terminal
from ..exceptions import LeadAgentError
from ..models import Assignee, RunRecord
from ..review import resolve, restore
from ._common import (
    DbOpt,
    PolicyOpt,
    add_row,
    deps_for,
    done_text,
    error,
    out,
    review_app,
    run_sync,
)


@review_app.command('list')
def review_list(policy: PolicyOpt = None, db: DbOpt = None,
                all_items: Annotated[bool, typer.Option('--all', help='Decided items too.')] = False,
                limit: Annotated[int, typer.Option(min=1, max=1000, help='Items per page.')] = 50,
                page: Annotated[int, typer.Option(min=1, help='Which page.')] = 1) -> None:
    """The open review items, oldest first, a page at a time."""
    status = None if all_items else 'open'

    async def go() -> tuple[int, list[tuple[str, str, str, str, str]]]:
        deps = deps_for(policy, db)[0]
        rows: list[tuple[str, str, str, str, str]] = []
        for item, rec in await deps.review.page(status, limit=limit, offset=(page - 1) * limit):
            lead = rec.lead if rec else None
            who = f'{lead.name} · {lead.company or lead.domain}' if lead else '(unreadable input)'
            state = item.status + (f' → {item.decided_to} by {item.decided_by}' if item.decided_by else '')
            rows.append((item.run_id[:12], item.created_at.strftime('%Y-%m-%d %H:%M'), who, item.reason[:160], state))
        return await deps.review.count(status), rows

    total, rows = run_sync(go)
    table = Table(title='Review queue')
    for col in ('run', 'queued', 'lead', 'why', 'status'):
        table.add_column(col, overflow='fold')
    for row in rows:
        add_row(table, *row)
    out.print(table)
    first = (page - 1) * limit
    shown = f'{first + 1}–{first + len(rows)} of {total}' if rows else f'none on page {page}; {total} in all'
    more = f' (--page {page + 1} for more)' if first + len(rows) < total else ''
    out.print(f'{len(rows)} item(s): {shown}{more}')


@review_app.command('show')
def review_show(run_id: str, policy: PolicyOpt = None, db: DbOpt = None) -> None:
    """Everything one run saw and did."""
    async def go() -> RunRecord:
        rec = await deps_for(policy, db)[0].runs.get(run_id)
        if rec is None:
            raise LeadAgentError(f'no run {run_id!r} (give the id or a unique prefix)')
        return rec

    # As print_json, but bidi and C1 controls inside strings stay escaped (print_json writes them raw).
    text = JSONHighlighter()(json_text(json.dumps(run_sync(go).model_dump(mode='json'), indent=2, ensure_ascii=False)))
    text.no_wrap, text.overflow = True, None
    out.print(text, soft_wrap=True)


def _decide(run_id: str, verdict: Literal['approve', 'reject'], to: Assignee | None, by: str,
            policy: Path | None, db: str | None) -> None:
    async def go() -> RunRecord:
        deps = deps_for(policy, db)[0]
        rec = await deps.runs.get(run_id)
        if rec is None:
            raise LeadAgentError(f'no run {run_id!r} (give the id or a unique prefix)')
        return await resolve(rec.run_id, verdict, deps, to=to, by=by)

    rec = run_sync(go)
    out.print(f'run {rec.run_id[:12]}: {rec.state}' + (f'\n{terminal(done_text(rec))}' if verdict == 'approve' else ''))
    if rec.state == 'failed':
        raise typer.Exit(1)


@review_app.command('approve')
def review_approve(
    run_id: str,
    to: Annotated[str, typer.Option('--to', help='sales, support or founder.')],
    by: Annotated[str, typer.Option('--by', help='Who decided (recorded).')] = 'cli',
    policy: PolicyOpt = None, db: DbOpt = None,
) -> None:
    """Approve a queued lead: route it to a team through the guarded actions."""
    if to not in ('sales', 'support', 'founder'):
        error(f'--to must be sales, support or founder, not {to!r}')
        raise typer.Exit(2)
    _decide(run_id, 'approve', to, by, policy, db)  # type: ignore[arg-type]


@review_app.command('reject')
def review_reject(run_id: str, by: Annotated[str, typer.Option('--by', help='Who decided (recorded).')] = 'cli',
                  policy: PolicyOpt = None, db: DbOpt = None) -> None:
    """Reject a queued lead (it can be restored)."""
    _decide(run_id, 'reject', None, by, policy, db)


@review_app.command('restore')
def review_restore(run_id: str, policy: PolicyOpt = None, db: DbOpt = None) -> None:
    """Put a rejected lead back in the review queue."""
    async def go() -> RunRecord:
        deps = deps_for(policy, db)[0]
        rec = await deps.runs.get(run_id)
        if rec is None:
            raise LeadAgentError(f'no run {run_id!r} (give the id or a unique prefix)')
        return await restore(rec.run_id, deps)

    out.print(f'run {run_sync(go).run_id[:12]}: back in review')



@review_app.command('export')
def review_export(
    out_file: Annotated[Path, typer.Option('--out', help='JSON Lines file of labeled cases to write.')],
    policy: PolicyOpt = None, db: DbOpt = None,
) -> None:
    """Turn human review decisions into labeled eval cases (with the enrichment and history the run saw)."""
    from ..evals.export import case_from_review

    async def go() -> list[str]:
        deps = deps_for(policy, db)[0]
        lines: list[str] = []
        offset, size = 0, 500
        while batch := await deps.review.page('decided', limit=size, offset=offset):
            for item, rec in batch:
                case = case_from_review(rec, item) if rec is not None else None
                if case is not None:
                    lines.append(case.model_dump_json(exclude_none=True))
            offset += size
        return lines[::-1]  # in the order they were decided

    lines = run_sync(go)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(''.join(line + '\n' for line in lines), encoding='utf-8')
    out.print(f'{len(lines)} labeled case(s) written to {terminal(str(out_file))}')
