"""`lead-agent triage`: leads from files, end to end."""

from __future__ import annotations

import codecs
import logging
import sys
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, get_args
from uuid import uuid4

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from .. import _inputs
from .._progress import progress_bar
from .._render import json_text
from ..models import RunRecord
from ..pipeline import FALLBACK_LOG, record_unreadable
from ..shadow import dry_run_deps
from ..store import RawBody
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
    warn,
)

if TYPE_CHECKING:
    from ..runs import Engine  # imports DBOS: loaded by the commands that queue runs, not at start-up

FormatOpt = Annotated[str, typer.Option(
    '--format', help='Input format: auto (by file name: .csv is CSV with a header row, .jsonl JSON Lines, else JSON, '
                     'a document or JSON Lines as the content says), json, jsonl or csv. Stdin is CSV only with csv.')]
EncodingOpt = Annotated[str | None, typer.Option(
    '--encoding', help="The input's text encoding, e.g. cp1252 or latin-1 (Excel's CSV) [default: UTF-8, or UTF-16 "
                       'when a byte-order mark says so]')]
PROGRESS_FROM = 5
"""Leads from which a terminal shows a progress bar."""


def input_encoding(encoding: str | None) -> str | None:
    """`--encoding`'s value, checked; exits 2 on one Python does not know."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            error(f'--encoding: unknown encoding {encoding!r} (e.g. utf-8, cp1252, latin-1, utf-16)')
            raise typer.Exit(2) from None
    return encoding


def input_format(fmt: str) -> _inputs.Format | None:
    """`--format`'s value; exits 2 on an unknown one."""
    if fmt == 'auto':
        return None
    if fmt not in get_args(_inputs.Format):
        error(f'--format must be auto, json, jsonl or csv, not {fmt!r}')
        raise typer.Exit(2)
    return fmt  # type: ignore[return-value]


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


def _progress(total: int, as_json: bool) -> Progress | None:
    """A bar on stderr while runs finish, when stderr is a terminal (and stdout is not one taking JSON lines)."""
    console = Console(stderr=True)
    if total < PROGRESS_FROM or not console.is_terminal or (as_json and sys.stdout.isatty()):
        return None
    # stdout stays stdout (JSON lines, the table); stderr lines (errors, warnings) print above the bar
    return progress_bar(console, 'leads')


def fallback_note(origin: str, rec: RunRecord) -> str:
    """The warning for a run the rules model classified because the configured model failed."""
    why = '; '.join(rec.errors)[:300]
    return f'{origin}: run {rec.run_id[:12]} was classified by the rules model: the configured model ' \
           f'({rec.model or "?"}) failed' + (f': {why}' if why else '')


@app.command('triage')
def triage_cmd(
    paths: Annotated[list[str], typer.Argument(
        help='JSON leads, JSON arrays, JSONL or CSV files, folders of them, or - (stdin).')],
    policy: PolicyOpt = None,
    db: DbOpt = None,
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option('--json', help='One JSON run record per line, as each run finishes.')] = False,
    fmt: FormatOpt = 'auto',
    encoding: EncodingOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Triage leads end to end and record each run."""
    chosen, encoding = input_format(fmt), input_encoding(encoding)
    for path in paths:
        if path == '-':
            if sys.stdin is None:  # started with stdin closed (`<&-`): helper-201 got a traceback
                error('-: stdin is closed: give the leads on stdin, or as files')
                raise typer.Exit(2)
            continue
        p = Path(path)
        if not p.exists():
            error(f'{path}: no such file or folder')
            raise typer.Exit(2)
        for skipped in _inputs.skipped_in(p):  # helper-201: a subfolder's leads were passed over without a word
            warn(f'{skipped}: not read (' + ('a folder: give it as a path of its own)' if skipped.is_dir() else
                                            'not .json, .jsonl, .ndjson or .csv: give --format for it alone)'))
        if not _inputs.files_in(p):
            error(f'{path}: no .json, .jsonl, .ndjson or .csv files in this folder')
            raise typer.Exit(2)

    async def go() -> list[tuple[_inputs.Item, RunRecord]]:
        deps, settings = deps_for(policy, db, model)
        deps = dry_run_deps(deps) if dry_run else deps
        items: list[_inputs.Item] = []
        for path in paths:
            if path == '-':
                items.extend(_inputs.read_text('<stdin>', sys.stdin.buffer.read(), fmt=chosen, encoding=encoding,
                                               intake=deps.policy.intake))
            else:
                items.extend(_inputs.read_path(Path(path), fmt=chosen, intake=deps.policy.intake, encoding=encoding))
        batch = _Batch(items, as_json)
        with batch.progress or nullcontext():
            async with engine_for(deps, settings) as engine:
                await batch.run(engine)
        return [(item, batch.done[i]) for i, item in enumerate(items)]

    level = FALLBACK_LOG.level
    FALLBACK_LOG.setLevel(logging.ERROR)  # each fallback run is warned about by `_Batch`, naming its input
    try:
        _summarize(run_sync(go), as_json)
    finally:
        FALLBACK_LOG.setLevel(level)


class _Batch:
    """Leads of one `triage` command: each reported (JSON line, error, warning, progress) as its run finishes."""

    def __init__(self, items: list[_inputs.Item], as_json: bool) -> None:
        self.items, self.as_json = items, as_json
        self.done: dict[int, RunRecord] = {}
        self.progress = _progress(len(items), as_json)
        self.bar = self.progress.add_task('triage', total=len(items)) if self.progress is not None else None

    async def run(self, engine: Engine) -> None:
        from ..runs import queued_record

        deps = engine.deps
        readable = [(i, item.lead) for i, item in enumerate(self.items) if item.lead is not None]
        records = [queued_record(lead, uuid4().hex, deps.now(), dry_run=deps.dry_run) for _, lead in readable]
        # Each item's own text (its line, row or element) kept as its raw body, as the host keeps a delivery's.
        raw = {rec.run_id: RawBody.of(self.items[i].raw, rec.received_at, dry_run=deps.dry_run)
               for rec, (i, _) in zip(records, readable, strict=True)}
        firsts = await engine.accept([(rec, lead.delivery_id) for rec, (_, lead) in zip(records, readable, strict=True)],
                                     raw)
        waiting: dict[str, list[int]] = {}  # one run for several items when they carry one delivery id
        for (i, _), rec, first in zip(readable, records, firsts, strict=True):
            waiting.setdefault(first or rec.run_id, []).append(i)
        for i, item in enumerate(self.items):  # unreadable input is kept as a failed run for review
            if item.lead is None:
                self.finished(i, await record_unreadable(item.raw, item.error or 'unreadable', deps, field=item.field,
                                                         csv=item.fmt == 'csv'))
        async for rec in engine.results(waiting):
            for i in waiting[rec.run_id]:
                self.finished(i, rec)
        if engine.checks_queued:  # queued minutes ahead: this command ends first (helper-91)
            warn(f'{engine.checks_queued} run(s) may have their CRM note twice (the CRM took a note late, or the '
                 f'run was resumed): a check archives the extra one from {engine.tidy_after[0]:.0f} s on, run by '
                 '`lead-agent worker`, `serve` or a later `triage` on this database')

    def finished(self, i: int, rec: RunRecord) -> None:
        self.done[i] = rec
        item = self.items[i]
        if self.as_json:
            print(json_text(rec.model_dump_json()), flush=True)
        if item.error:
            error(f'{item.error} (kept as failed run {rec.run_id[:12]} for review)')
        if rec.fallback_used:
            warn(fallback_note(item.origin, rec))
        if self.progress is not None and self.bar is not None:
            self.progress.advance(self.bar)


def _summarize(rows: list[tuple[_inputs.Item, RunRecord]], as_json: bool) -> None:
    if not rows:  # e.g. an export with a header row only: nothing to triage is not a failure
        if as_json:
            typer.echo('no submissions in the input (0 leads)', err=True)  # stdout holds only the JSON lines
        else:
            out.print('no submissions in the input (0 leads)')
        return
    states = Counter(rec.state for _, rec in rows)
    fallbacks = sum(rec.fallback_used for _, rec in rows)
    summary = f'{len(rows)} submission(s): ' + ', '.join(f'{n} {s}' for s, n in sorted(states.items())) + \
        (f'; {fallbacks} classified by the rules model (the configured model failed)' if fallbacks else '')
    if as_json:
        typer.echo(summary, err=True)  # stdout holds only the JSON lines
    else:
        out.print(_triage_table([(item.origin, rec) for item, rec in rows]))
        out.print(summary)
    untriaged = [(item, rec) for item, rec in rows if rec.state not in TRIAGED]
    for item, rec in untriaged:  # a lead that reached no route, review or rejection is never a silent success
        error(f'not triaged: {item.origin} (run {rec.run_id[:12]}): {rec.state}, {why_untriaged(item, rec)}')
    if untriaged:
        counts = Counter(rec.state for _, rec in untriaged)
        error('not triaged: ' + ', '.join(f'{n} {state} ({_WHY[state]})' for state, n in sorted(counts.items())))
        raise typer.Exit(1)


def why_untriaged(item: _inputs.Item, rec: RunRecord) -> str:
    """Why a run reached no route, review or rejection, in a few words."""
    if item.error:
        return 'unreadable, kept for review'
    if rec.state == 'duplicate':
        return f'triaged before as run {(rec.duplicate_of or "?")[:12]}'
    return (rec.errors[-1] if rec.errors else _WHY[rec.state])[:300]


TRIAGED = frozenset({'routed_sales', 'routed_support', 'review', 'rejected'})
_WHY = {'duplicate': 'triaged before', 'blocked': "the policy's blocklist", 'failed': 'kept for review',
        'rate_limited': 'kept for review'}
