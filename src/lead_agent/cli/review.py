"""`lead-agent review ...`: the human review queue from the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.highlighter import JSONHighlighter
from rich.table import Table

from .. import _inputs
from .._render import json_text, terminal
from ..exceptions import LeadAgentError
from ..models import Assignee, RunRecord
from ..review import check_retry, kept_input, mark_retried, resolve, restore
from ..store import raw_body_of
from ._common import (
    DbOpt,
    ModelOpt,
    PolicyOpt,
    add_row,
    crashed_before_recording,
    deps_for,
    done_text,
    engine_for,
    error,
    out,
    review_app,
    run_sync,
    shown_state,
    the_run,
    warn,
)
from .triage import TRIAGED, EncodingOpt, FormatOpt, fallback_note, input_encoding, input_format, why_untriaged


@review_app.command('list')
def review_list(policy: PolicyOpt = None, db: DbOpt = None,
                all_items: Annotated[bool, typer.Option('--all', help='Decided items too.')] = False,
                limit: Annotated[int, typer.Option(min=1, max=1000, help='Items per page.')] = 50,
                page: Annotated[int, typer.Option(min=1, help='Which page.')] = 1) -> None:
    """The open review items, oldest first, a page at a time."""
    status = None if all_items else 'open'

    async def go() -> tuple[int, list[tuple[str, str, str, str, str]]]:
        deps = deps_for(policy, db, existing=True)[0]
        rows: list[tuple[str, str, str, str, str]] = []
        for item, rec in await deps.review.page(status, limit=limit, offset=(page - 1) * limit):
            lead = rec.lead if rec else None
            who = f'{lead.name} · {lead.company or lead.domain}' if lead else '(unreadable input)'
            to = f' as {rec.retried_as[:12]}' if rec and rec.retried_as else \
                f' → {item.decided_to}' if item.decided_to else ''
            state = item.status + (f'{to} by {item.decided_by}' if item.decided_by else '')
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
    """Everything one run saw and did, and the raw body it came from (`raw_body`: as received)."""
    async def go() -> dict[str, Any]:
        deps = deps_for(policy, db, existing=True)[0]
        rec = await the_run(deps, run_id)
        raw = await raw_body_of(deps.db, rec.run_id)
        state = shown_state(rec, await crashed_before_recording(deps, [rec]))
        return {**rec.model_dump(mode='json'), 'state': state, 'raw_body': raw and raw.body}

    # As print_json, but bidi and C1 controls inside strings stay escaped (print_json writes them raw).
    text = JSONHighlighter()(json_text(json.dumps(run_sync(go), indent=2, ensure_ascii=False)))
    text.no_wrap, text.overflow = True, None
    out.print(text, soft_wrap=True)


def _decide(run_id: str, verdict: Literal['approve', 'reject'], to: Assignee | None, by: str,
            policy: Path | None, db: str | None) -> None:
    before = 0  # the run's actions before this decision: its output shows only the approval's own

    async def go() -> RunRecord:
        nonlocal before
        deps = deps_for(policy, db, existing=True)[0]
        rec = await the_run(deps, run_id)
        from ..slack import update_review_post

        before = len(rec.actions)
        done = await resolve(rec.run_id, verdict, deps, to=to, by=by)
        await update_review_post(deps, done, f'Approved → {to}' if verdict == 'approve' else 'Rejected', by)
        return done

    rec = run_sync(go)
    did = terminal(done_text(rec, since=before)) if verdict == 'approve' else ''
    out.print(f'run {rec.run_id[:12]}: {rec.state}' + (f'\n{did}' if did else ''))
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
        deps = deps_for(policy, db, existing=True)[0]
        rec = await the_run(deps, run_id)
        from ..slack import update_review_post

        done = await restore(rec.run_id, deps)
        await update_review_post(deps, done, 'Restored', 'cli')
        return done

    out.print(f'run {run_sync(go).run_id[:12]}: back in review')


@review_app.command('retry')
def review_retry(
    run_id: Annotated[str, typer.Argument(help='The failed run (an id prefix is enough).')],
    input_file: Annotated[Path | None, typer.Option(
        '--input', help='The fixed submission: a file holding exactly one lead (default: the input kept with the run).')
    ] = None,
    fmt: FormatOpt = 'auto',
    encoding: EncodingOpt = None,
    by: Annotated[str, typer.Option('--by', help='Who retried it (recorded on the closed review item).')] = 'cli',
    policy: PolicyOpt = None, db: DbOpt = None, model: ModelOpt = None,
) -> None:
    """Triage a failed run's input again once it is fixed: as a new run; the old one's review item closes as retried.

    For input that could not be read (bad JSON, CSV or email). Without --input its kept input is read again (after a
    policy fix, e.g. an intake.fields mapping). Not `runs retry`: that one resumes a run whose lead was read, from
    the step that failed (a vendor was down).
    """
    chosen, encoding = input_format(fmt), input_encoding(encoding)
    if input_file is not None and not input_file.is_file():
        error(f'{input_file}: no such file')
        raise typer.Exit(2)

    async def go() -> tuple[RunRecord, _inputs.Item, RunRecord | None]:
        deps, settings = deps_for(policy, db, model, existing=True)
        old = await the_run(deps, run_id)
        check_retry(old)
        if input_file is not None:
            items = list(_inputs.read_path(input_file, fmt=chosen, intake=deps.policy.intake, encoding=encoding))
            where = str(input_file)
        else:
            items = kept_input(old, deps.policy.intake, chosen)
            where = f"run {old.run_id[:12]}'s kept input"
        if len(items) != 1:
            raise LeadAgentError(f'{where} holds {len(items)} submissions; a retry takes exactly one lead')
        item = items[0]
        if item.lead is None:
            return old, item, None
        async with engine_for(deps, settings) as engine:
            new_id = await engine.submit(item.lead, raw=item.raw)
            await mark_retried(old.run_id, new_id, deps, by=by)  # the new run is stored and queued: nothing is lost
            return old, item, await engine.result(new_id)

    old, item, new = run_sync(go)
    if new is None:
        error(f'{item.error}; run {old.run_id[:12]} stays in review (fix the input, or give it with --input FILE)')
        raise typer.Exit(1)
    out.print(f'run {old.run_id[:12]}: retried as run {new.run_id[:12]}: {new.state}\n{terminal(done_text(new))}'
              .rstrip())
    if new.fallback_used:
        warn(fallback_note(item.origin, new))
    if new.state not in TRIAGED:
        error(f'not triaged: run {new.run_id[:12]}: {new.state}, {why_untriaged(item, new)}')
        raise typer.Exit(1)


@review_app.command('export')
def review_export(
    out_file: Annotated[Path, typer.Option('--out', help='JSON Lines file of labeled cases to write.')],
    policy: PolicyOpt = None, db: DbOpt = None,
) -> None:
    """Turn human review decisions into labeled eval cases (with the enrichment and history the run saw)."""
    from ..evals.export import case_from_review

    async def go() -> list[str]:
        deps = deps_for(policy, db, existing=True)[0]
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
