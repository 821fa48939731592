"""`lead-agent`: triage leads, work the review queue, read the eval log."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import getpass
import json
import logging
import os
import statistics
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from uuid import uuid4

import typer
from pydantic_ai.models import Model
from rich.console import Console
from rich.highlighter import JSONHighlighter
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from . import _inputs
from ._render import json_text, terminal, visible
from .deps import TriageDeps, build_deps
from .erase import Erasure, apply_retention, erase_email, forget_workflows
from .exceptions import LeadAgentError, PolicyWarning
from .llm import build_model, model_settings
from .models import Assignee, RunRecord
from .pipeline import record_unreadable
from .policy import Policy, load_policy
from .review import resolve, restore
from .runs import Engine, queued_record
from .settings import Settings
from .store import Database, current_revision, head_revision, upgrade
from .tracing import configure_tracing

app = typer.Typer(help='Turn contact-form submissions into qualified, routed, logged leads.', no_args_is_help=True,
                  add_completion=False)
review_app = typer.Typer(help='The human review queue.', no_args_is_help=True)


@app.callback()
def _main(
    trace: Annotated[str | None, typer.Option('--trace', help='off, console or logfire (env LEAD_AGENT_TRACE).')] = None,
) -> None:
    # The CLI is the one place that sets the environment: settings are read from it once, below.
    if trace is not None:
        if trace not in ('off', 'console', 'logfire'):
            _error(f'--trace must be off, console or logfire, not {trace!r}')
            raise typer.Exit(2)
        os.environ['LEAD_AGENT_TRACE'] = trace
app.add_typer(review_app, name='review')

# Lead text reaches this console: no `:emoji:` codes either; markup is escaped where lead text goes (`terminal`).
out = Console(emoji=False)
T = TypeVar('T')

PolicyOpt = Annotated[Path | None, typer.Option('--policy', help='Policy YAML (env LEAD_AGENT_POLICY).')]
DbOpt = Annotated[str | None, typer.Option('--db', help='Database URL (env DATABASE_URL).')]
ModelOpt = Annotated[str | None, typer.Option('--model', help="'rules' or a pydantic-ai model (env LEAD_AGENT_MODEL).")]


def _settings() -> Settings:
    return Settings()  # pyright: ignore[reportCallIssue] - every field has a default, read from env


def _model(settings: Settings, policy: Policy, model: str | None) -> Model | None:
    key = settings.api_key.get_secret_value() if settings.api_key else None
    return build_model(model or settings.model, policy, base_url=settings.base_url, api_key=key,
                       fallback=settings.fallback, max_concurrent=settings.model_concurrency)


def _policy(path: Path) -> Policy:
    """`load_policy`, its `PolicyWarning`s shown as `warning: ...` lines, not as Python source locations."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always', PolicyWarning)
        loaded = load_policy(path)
    for w in caught:
        if issubclass(w.category, PolicyWarning):
            typer.echo(f'warning: {visible(str(w.message))}', err=True)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return loaded


def _deps(policy: Path | None, db: str | None, model: str | None = None) -> tuple[TriageDeps, Settings]:
    settings = _settings()
    configure_tracing(settings.trace, personal_data=settings.trace_personal_data)
    loaded = _policy(policy or settings.policy)
    return build_deps(settings, policy=loaded, database_url=db, model=model), settings


def _error(message: str) -> None:
    # Plain text, not rich markup: messages quote user input and must reach logs unwrapped, minus control characters.
    typer.echo(f'error: {visible(message)}', err=True)


def _run(fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
    try:
        return asyncio.run(fn())
    except LeadAgentError as e:
        _error(f'{e}')
        raise typer.Exit(2) from None


def _row(table: Table, *cells: str) -> None:
    # Every cell may hold lead text (names, errors that quote input): none is markup.
    table.add_row(*(terminal(cell) for cell in cells))


def _done(rec: RunRecord) -> str:
    """What the run did, one line each; plain text (lead text in errors): print it through `terminal`."""
    parts: list[str] = []
    for a in rec.actions:
        if a.kind == 'crm_contact':
            parts.append(f'CRM contact {a.ref} {"created" if a.status == "done" else a.status} + note'
                         if a.ref else 'CRM contact FAILED')
        elif a.kind == 'slack_summary':
            parts.append('Slack summary → outbox' if a.status == 'done' else 'Slack FAILED')
        elif a.kind == 'email_ack':
            parts.append('ack queued' if a.status == 'done' else 'ack FAILED')
        elif a.kind == 'review_item':
            parts.append('review item')
    if rec.state == 'rejected':
        parts.append('rejected as spam')
    if rec.state == 'duplicate':
        parts.append(f'duplicate of {(rec.duplicate_of or "?")[:8]}')
    if rec.state in ('blocked', 'rate_limited'):
        parts.append(rec.errors[0] if rec.errors else rec.state)
    return '\n'.join(parts)


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
        _row(table, Path(origin).name if ':' not in origin and '[' not in origin else origin, who, cls, dec,
             _done(rec), rec.state)
    return table


@app.command('triage')
def triage_cmd(
    paths: Annotated[list[str], typer.Argument(help='JSON leads, JSON arrays, JSONL files, folders of them, or -.')],
    policy: PolicyOpt = None,
    db: DbOpt = None,
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option('--json', help='One JSON run record per line.')] = False,
) -> None:
    """Triage leads end to end and record each run."""
    items: list[_inputs.Item] = []
    for path in paths:
        if path == '-':
            items.extend(_inputs.read_text('<stdin>', sys.stdin.buffer.read(), source='cli'))
            continue
        p = Path(path)
        if not p.exists():
            _error(f'{path}: no such file or folder')
            raise typer.Exit(2)
        if not _inputs.files_in(p):
            _error(f'{path}: no .json or .jsonl files in this folder')
            raise typer.Exit(2)
        items.extend(_inputs.read_path(p))

    async def go() -> list[tuple[str, RunRecord]]:
        deps, settings = _deps(policy, db, model)
        leads = [item.lead for item in items if item.lead is not None]
        async with _engine(deps, settings) as engine:
            records = [queued_record(lead, uuid4().hex, deps.now()) for lead in leads]
            firsts = await engine.accept([(rec, lead.delivery_id) for rec, lead in zip(records, leads, strict=True)])
            run_ids = iter([first or rec.run_id for rec, first in zip(records, firsts, strict=True)])
            done: list[RunRecord] = []
            for item in items:  # in input order; unreadable input is kept as a failed run for review
                if item.lead is not None:
                    done.append(await engine.result(next(run_ids)))
                else:
                    done.append(await record_unreadable(item.raw, item.error or 'unreadable', deps, field=item.field))
        return list(zip([i.origin for i in items], done, strict=True))

    rows = _run(go)
    failures = [i for i in items if i.error]
    for item in failures:
        _error(f'{item.error} (kept as a failed run for review)')
    if as_json:
        for _, rec in rows:
            print(json_text(rec.model_dump_json()))
    else:
        out.print(_triage_table(rows))
        states = Counter(rec.state for _, rec in rows)
        out.print(f'{len(rows)} submission(s): ' + ', '.join(f'{n} {s}' for s, n in sorted(states.items())))
    untriaged = Counter(rec.state for _, rec in rows if rec.state not in _TRIAGED)
    if untriaged:  # a lead that reached no route, review or rejection is never a silent success
        _error('not triaged: ' + ', '.join(f'{n} {state} ({_WHY[state]})' for state, n in sorted(untriaged.items())))
    if failures or untriaged:
        raise typer.Exit(1)


_TRIAGED = frozenset({'routed_sales', 'routed_support', 'review', 'rejected'})
_WHY = {'duplicate': 'triaged before', 'blocked': "the policy's blocklist", 'failed': 'kept for review',
        'rate_limited': 'kept for review'}


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method='inclusive')[round(q) - 1]


@app.command('log')
def log_cmd(
    policy: PolicyOpt = None, db: DbOpt = None,
    limit: Annotated[int, typer.Option(help='How many recent runs to list and total.')] = 200,
) -> None:
    """Recent runs and their totals: states, review rate, auto-action rate, latency."""
    runs = _run(lambda: _deps(policy, db)[0].runs.recent(limit))
    table = Table(title=f'Last {min(limit, len(runs))} runs')
    for col in ('received', 'run', 'lead', 'state', 'action', 'rules', 'ms', 'tokens', 'cost $'):
        table.add_column(col, overflow='fold')
    for r in runs[:25]:
        _row(table, r.received_at.strftime('%Y-%m-%d %H:%M:%S'), r.run_id[:8],
             (r.lead.company or r.lead.domain) if r.lead else '(unreadable)', r.state,
             r.decision.action if r.decision else '-', ', '.join(r.decision.rules) if r.decision else '',
             f'{r.latency_ms.get("total", 0):.0f}', str(r.usage.input_tokens + r.usage.output_tokens),
             '-' if r.cost_usd is None else f'{r.cost_usd:.5f}')
    out.print(table)
    states = Counter(r.state for r in runs)
    judged = [r for r in runs if r.state in ('routed_sales', 'routed_support', 'review', 'rejected', 'failed')]
    auto = sum(r.state in ('routed_sales', 'routed_support', 'rejected') for r in judged)
    reviews = sum(r.state in ('review', 'failed') for r in judged)
    lat = sorted(r.latency_ms['total'] for r in judged if 'total' in r.latency_ms)
    out.print('runs per state: ' + (', '.join(f'{s} {n}' for s, n in sorted(states.items())) or 'none'))
    if judged:
        out.print(f'review rate {reviews / len(judged):.0%} · auto-action rate {auto / len(judged):.0%} · '
                  f'latency p50 {_percentile(lat, 50):.0f} ms, p95 {_percentile(lat, 95):.0f} ms')
        classified = [r for r in judged if r.usage.requests]
        if classified:
            tokens = sum(r.usage.input_tokens + r.usage.output_tokens for r in classified)
            priced = [r.cost_usd for r in classified if r.cost_usd is not None]
            unknown = len(classified) - len(priced)
            cost = f'${sum(priced):.6f} total, ${sum(priced) / len(priced):.6f} per lead' if priced else 'unknown'
            out.print(f'tokens {tokens} total, {tokens / len(classified):.0f} per lead · cost {cost}'
                      + (f' ({unknown} run(s) with an unpriced model)' if unknown else ''))


@review_app.command('list')
def review_list(policy: PolicyOpt = None, db: DbOpt = None,
                all_items: Annotated[bool, typer.Option('--all', help='Decided items too.')] = False,
                limit: Annotated[int, typer.Option(min=1, max=1000, help='Items per page.')] = 50,
                page: Annotated[int, typer.Option(min=1, help='Which page.')] = 1) -> None:
    """The open review items, oldest first, a page at a time."""
    status = None if all_items else 'open'

    async def go() -> tuple[int, list[tuple[str, str, str, str, str]]]:
        deps = _deps(policy, db)[0]
        rows: list[tuple[str, str, str, str, str]] = []
        for item, rec in await deps.review.page(status, limit=limit, offset=(page - 1) * limit):
            lead = rec.lead if rec else None
            who = f'{lead.name} · {lead.company or lead.domain}' if lead else '(unreadable input)'
            state = item.status + (f' → {item.decided_to} by {item.decided_by}' if item.decided_by else '')
            rows.append((item.run_id[:12], item.created_at.strftime('%Y-%m-%d %H:%M'), who, item.reason[:160], state))
        return await deps.review.count(status), rows

    total, rows = _run(go)
    table = Table(title='Review queue')
    for col in ('run', 'queued', 'lead', 'why', 'status'):
        table.add_column(col, overflow='fold')
    for row in rows:
        _row(table, *row)
    out.print(table)
    first = (page - 1) * limit
    shown = f'{first + 1}–{first + len(rows)} of {total}' if rows else f'none on page {page}; {total} in all'
    more = f' (--page {page + 1} for more)' if first + len(rows) < total else ''
    out.print(f'{len(rows)} item(s): {shown}{more}')


@review_app.command('show')
def review_show(run_id: str, policy: PolicyOpt = None, db: DbOpt = None) -> None:
    """Everything one run saw and did."""
    async def go() -> RunRecord:
        rec = await _deps(policy, db)[0].runs.get(run_id)
        if rec is None:
            raise LeadAgentError(f'no run {run_id!r} (give the id or a unique prefix)')
        return rec

    # As print_json, but bidi and C1 controls inside strings stay escaped (print_json writes them raw).
    text = JSONHighlighter()(json_text(json.dumps(_run(go).model_dump(mode='json'), indent=2, ensure_ascii=False)))
    text.no_wrap, text.overflow = True, None
    out.print(text, soft_wrap=True)


def _decide(run_id: str, verdict: Literal['approve', 'reject'], to: Assignee | None, by: str,
            policy: Path | None, db: str | None) -> None:
    async def go() -> RunRecord:
        deps = _deps(policy, db)[0]
        rec = await deps.runs.get(run_id)
        if rec is None:
            raise LeadAgentError(f'no run {run_id!r} (give the id or a unique prefix)')
        return await resolve(rec.run_id, verdict, deps, to=to, by=by)

    rec = _run(go)
    out.print(f'run {rec.run_id[:12]}: {rec.state}' + (f'\n{terminal(_done(rec))}' if verdict == 'approve' else ''))
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
        _error(f'--to must be sales, support or founder, not {to!r}')
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
        deps = _deps(policy, db)[0]
        rec = await deps.runs.get(run_id)
        if rec is None:
            raise LeadAgentError(f'no run {run_id!r} (give the id or a unique prefix)')
        return await restore(rec.run_id, deps)

    out.print(f'run {_run(go).run_id[:12]}: back in review')


@app.command('eval')
def eval_cmd(
    dataset: Annotated[Path, typer.Option('--dataset', help='Labeled leads, JSON Lines (DESIGN §4).')],
    policy: PolicyOpt = None,
    model: ModelOpt = None,
    concurrency: Annotated[int | None, typer.Option(
        min=1, max=256, help='Cases run at once [default: LEAD_AGENT_CONCURRENCY, else 8 for rules, 32 for a model '
        'behind an API]')] = None,
    report: Annotated[Path | None, typer.Option('--report', help='Write the HTML report into this folder.')] = None,
    summary: Annotated[Path | None, typer.Option('--summary', help='Where summary.json goes.')] = None,
    max_unsafe: Annotated[int, typer.Option(help='Gate: most unsafe auto-actions allowed.')] = 0,
    max_lost: Annotated[int, typer.Option(help='Gate: most lost leads allowed.')] = 0,
    min_action_accuracy: Annotated[float, typer.Option(help='Gate: least action accuracy, 0-1.')] = 0.0,
    min_intent_accuracy: Annotated[float, typer.Option(help='Gate: least intent accuracy, 0-1.')] = 0.0,
) -> None:
    """Replay labeled leads through the full pipeline offline; exit 1 when a gate breaks."""
    from .evals import load_dataset, run_eval
    from .evals.report import Gates, print_summary, write_html, write_summary

    if not dataset.is_file():
        _error(f'{dataset}: no such dataset file')
        raise typer.Exit(2)
    cases, problems = load_dataset(dataset)
    for problem in problems:
        _error(f'{dataset}: {problem} (skipped)')
    if not cases:
        _error(f'{dataset}: no usable cases')
        raise typer.Exit(2)

    async def go() -> Any:
        settings = _settings()
        loaded = _policy(policy or settings.policy)
        return await run_eval(cases, loaded, model=_model(settings, loaded, model),
                              concurrency=concurrency or settings.runs_at_once(model),
                              progress=out.is_terminal, problems=problems,
                              model_settings=model_settings(settings.request_timeout, settings.max_retries))

    run = _run(go)
    gates = Gates(max_unsafe=max_unsafe, max_lost=max_lost, min_action_accuracy=min_action_accuracy,
                  min_intent_accuracy=min_intent_accuracy)
    print_summary(run, out, gates)
    summary_path = summary or (report / 'summary.json' if report else Path('summary.json'))
    write_summary(run, summary_path, str(dataset))
    out.print(f'summary: {terminal(str(summary_path))}')
    if report is not None:
        out.print(f'report: {terminal(str(write_html(run, report, str(dataset), gates)))}')
    if gates.broken(run.summary):
        raise typer.Exit(1)


@review_app.command('export')
def review_export(
    out_file: Annotated[Path, typer.Option('--out', help='JSON Lines file of labeled cases to write.')],
    policy: PolicyOpt = None, db: DbOpt = None,
) -> None:
    """Turn human review decisions into labeled eval cases (with the enrichment and history the run saw)."""
    from .evals.export import case_from_review

    async def go() -> list[str]:
        deps = _deps(policy, db)[0]
        lines: list[str] = []
        offset, size = 0, 500
        while batch := await deps.review.page('decided', limit=size, offset=offset):
            for item, rec in batch:
                case = case_from_review(rec, item) if rec is not None else None
                if case is not None:
                    lines.append(case.model_dump_json(exclude_none=True))
            offset += size
        return lines[::-1]  # in the order they were decided

    lines = _run(go)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(''.join(line + '\n' for line in lines), encoding='utf-8')
    out.print(f'{len(lines)} labeled case(s) written to {terminal(str(out_file))}')


@app.command('sla')
def sla_cmd(policy: PolicyOpt = None, db: DbOpt = None) -> None:
    """Re-ping Slack leads nobody took, and escalate the late ones to the founder (run it every minute)."""

    async def go() -> list[tuple[str, str]]:
        deps, settings = _deps(policy, db)
        if settings.slack_bot_token is None:
            raise LeadAgentError('SLACK_BOT_TOKEN is not set: the SLA check works on the Slack messages')
        from .slack import check_sla, slack_client

        client = slack_client(settings.slack_bot_token.get_secret_value(), base_url=settings.slack_base_url)
        return await check_sla(deps.db, client, deps.policy, deps.now())

    done = _run(go)
    for run_id, what in done:
        out.print(f'run {run_id[:12]}: {terminal(what)}')
    out.print(f'{len(done)} SLA action(s)')


@app.command('erase')
def erase_cmd(
    email: Annotated[str | None, typer.Option('--email', help="Erase this person's data everywhere lead-agent keeps it.")] = None,
    older_than_retention: Annotated[bool, typer.Option(
        '--older-than-retention', help="Strip personal data from runs older than the policy's retention_days.")] = False,
    yes: Annotated[bool, typer.Option('--yes', help='Do not ask for confirmation.')] = False,
    by: Annotated[str | None, typer.Option('--by', help='Who asked for it (recorded; default: the OS user).')] = None,
    policy: PolicyOpt = None, db: DbOpt = None,
) -> None:
    """Erase one person's data (--email), or apply the retention period (--older-than-retention)."""
    if (email is None) == (not older_than_retention):
        _error('give --email ADDRESS or --older-than-retention')
        raise typer.Exit(2)
    what = f'all data about {email}' if email else 'personal data of runs older than the retention period'
    if not yes and not typer.confirm(f'Erase {visible(what)}? This cannot be undone', default=False):
        raise typer.Exit(1)
    requested_by = by or getpass.getuser()

    async def go() -> tuple[Erasure, int]:
        deps = _deps(policy, db)[0]
        if email is not None:
            done = await erase_email(deps.db, email, by=requested_by, now=deps.now())
        else:
            done = await apply_retention(deps.db, deps.policy.thresholds.retention_days, by=requested_by,
                                         now=deps.now())
        return done, await forget_workflows(deps.db, done.run_ids)

    done, workflows = _run(go)
    counts = {**done.counts, 'workflows': workflows}
    out.print('erased: ' + (', '.join(f'{table} {n}' for table, n in sorted(counts.items()) if n) or 'nothing'))
    if email is None:
        return
    out.print('still to erase by hand, outside lead-agent:')
    refs = f' (lead-agent created {", ".join(done.crm_refs)})' if done.crm_refs else ''
    out.print(f'- HubSpot: the contact for {terminal(email)} and its notes{terminal(refs)}')
    slack = ', '.join(f'{channel} {ts}' for channel, ts in done.slack) or 'none recorded'
    out.print(f'- Slack messages (channel ts): {terminal(slack)}')
    acks = ', '.join(f'{mid} sent {sent:%Y-%m-%d %H:%M}' if sent else f'{mid} (not confirmed sent)'
                     for mid, sent in done.acks) or 'none recorded'
    out.print(f"- acknowledgement emails sent (in the SMTP server's and mailbox's sent copies): {terminal(acks)}")


def _engine(deps: TriageDeps, settings: Settings, *, execute: bool = True) -> Engine:
    return Engine(deps, execute=execute, concurrency=settings.runs_at_once(), dead_after=settings.dead_after)


@app.command('worker')
def worker_cmd(
    policy: PolicyOpt = None, db: DbOpt = None, model: ModelOpt = None,
    once: Annotated[bool, typer.Option('--once', help='Stop when the queue is empty.')] = False,
    nice: Annotated[int, typer.Option('--nice', min=0, max=19, help='Lower CPU priority (as `nice -n`), so a host '
                                      'on the same machine answers webhooks first.')] = 0,
) -> None:
    """Run queued runs (`lead-agent serve` starts these; run any number on any machine sharing DATABASE_URL)."""
    if nice:
        os.nice(nice)
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    logging.getLogger('alembic').setLevel(logging.WARNING)  # the schema check at start-up is not news

    async def go() -> int:
        import signal

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        finished = 0  # a count: a long-lived worker keeps no record of what it ran

        def count(_: RunRecord) -> None:
            nonlocal finished
            finished += 1

        delay = 0.5
        while not stop.is_set():  # the database may be away at start: wait for it, never exit
            try:
                deps, settings = _deps(policy, db, model)
                engine = Engine(deps, concurrency=settings.runs_at_once(), dead_after=settings.dead_after,
                                on_finished=count)
                await engine.start()
                gc.freeze()  # as the host does: what start-up built stays out of every full collection
                break
            except LeadAgentError:  # a wrong setting, policy or model: waiting does not fix it
                raise
            except Exception as e:  # any driver error: report, wait, try again
                _error(f'cannot reach the database ({type(e).__name__}); retrying in {delay:.0f} s')
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                delay = min(delay * 2, 30.0)
        else:
            return 0
        try:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 0.5)
                if once:
                    with contextlib.suppress(Exception):
                        if (await engine.queue_stats())[0] == 0:
                            break
        finally:
            await engine.stop()
        return finished

    out.print(f'{_run(go)} run(s) triaged')


runs_app = typer.Typer(help='Durable runs: resume the ones that failed.', no_args_is_help=True)
app.add_typer(runs_app, name='runs')


@runs_app.command('retry')
def runs_retry(
    run_id: Annotated[str | None, typer.Argument(help='The failed run (an id prefix is enough).')] = None,
    failed: Annotated[bool, typer.Option('--failed', help='Every run that ended failed.')] = False,
    policy: PolicyOpt = None, db: DbOpt = None, model: ModelOpt = None,
) -> None:
    """Resume failed runs from the step that failed (earlier side effects are not repeated)."""
    if (run_id is None) == (not failed):
        _error('give a RUN_ID or --failed')
        raise typer.Exit(2)

    async def go() -> list[RunRecord]:
        deps, settings = _deps(policy, db, model)
        if failed:
            targets = [r.run_id for r in await deps.runs.recent(100_000) if r.state == 'failed' and r.lead]
        else:
            rec = await deps.runs.get(run_id or '')
            if rec is None:
                raise LeadAgentError(f'no run {run_id!r}')
            targets = [rec.run_id]
        async with _engine(deps, settings) as engine:
            forks = {target: await engine.retry(target) for target in targets}
            return [await engine.result(fork, run_id=target) for target, fork in forks.items()]

    for rec in _run(go):
        out.print(f'{rec.run_id[:12]}  {rec.state}  {terminal(_done(rec).replace(chr(10), ", "))}')


db_app = typer.Typer(help="The database's schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name='db')


def _database(db: str | None) -> Database:
    try:
        return Database(db or _settings().database_url)
    except LeadAgentError as e:
        _error(f'{e}')
        raise typer.Exit(2) from None


@db_app.command('upgrade')
def db_upgrade(db: DbOpt = None) -> None:
    """Move the database's schema to this version's (a new database is created). Back it up first."""
    database = _database(db)
    try:
        before, after = upgrade(database)
    except SQLAlchemyError as e:
        _error(f'upgrade failed, nothing was changed: {type(e).__name__}: {e}')
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    out.print(f'schema at revision {after}' if before == after else f'schema upgraded: {before or "none"} → {after}')


@db_app.command('current')
def db_current(db: DbOpt = None) -> None:
    """Print the database's schema revision and the one this version needs."""
    database = _database(db)
    try:
        current = current_revision(database)
    except SQLAlchemyError as e:
        _error(f'cannot read the database: {type(e).__name__}: {e}')
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    head = head_revision()
    out.print(f'database: {current or "none"} · this lead-agent: {head}'
              + ('' if current == head else ' · run: lead-agent db upgrade'))


@app.command('hash-password')
def hash_password_cmd(
    user: Annotated[str | None, typer.Argument(help='Print `USER:hash`, a REVIEW_USERS entry.')] = None,
) -> None:
    """Print an argon2id hash of a password for REVIEW_USERS (asked for twice, or one line read from stdin)."""
    try:
        from .web._login import hash_password, parse_users
    except ImportError as e:
        _error(f"cannot hash: {e}. Install the host extra: pip install 'lead-agent[host]'")
        raise typer.Exit(2) from None
    if sys.stdin.isatty():
        password: str = typer.prompt('Password', hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().removesuffix('\n').removesuffix('\r')
    if not password:
        _error('the password is empty')
        raise typer.Exit(2)
    hashed = hash_password(password)
    if user is None:
        typer.echo(hashed)
        return
    try:
        parse_users(f'{user}:{hashed}')  # the name must fit in REVIEW_USERS too
    except LeadAgentError as e:
        _error(f'{e}')
        raise typer.Exit(2) from None
    typer.echo(f'{user}:{hashed}')


@app.command('serve')
def serve_cmd(
    policy: PolicyOpt = None, db: DbOpt = None, model: ModelOpt = None,
    host: Annotated[str, typer.Option('--host', help='Address to listen on.')] = '127.0.0.1',
    port: Annotated[int, typer.Option('--port', help='Port to listen on.')] = 8000,
    workers: Annotated[int, typer.Option('--workers', min=0, help='`lead-agent worker` processes to run beside the '
                                         'host; 0 runs the queue on the host itself (slower answers).')] = 1,
) -> None:
    """Start the webhook host (lead_agent.web) and its workers; Ctrl-C stops them all."""
    import subprocess
    import threading

    for name, value in (('LEAD_AGENT_POLICY', policy), ('DATABASE_URL', db), ('LEAD_AGENT_MODEL', model)):
        if value is not None:
            os.environ[name] = str(value)
    os.environ['LEAD_AGENT_WORKER'] = 'external' if workers else 'inline'
    try:
        import uvicorn

        from .web import create_app
    except ImportError as e:
        _error(f"cannot start the host: {e}. Install the host extra: pip install 'lead-agent[host]'")
        raise typer.Exit(2) from None
    try:
        application = create_app()  # settings from the environment, checked before anything starts
    except LeadAgentError as e:
        _error(f'{e}')
        raise typer.Exit(2) from None

    def start_worker() -> subprocess.Popen[bytes]:
        # Workers yield the CPU to the host: a webhook's answer is what the vendor times; triage has to keep up.
        return subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker', '--nice', '10'])

    procs = [start_worker() for _ in range(workers)]
    stopping = threading.Event()

    def supervise() -> None:  # a worker that dies is replaced; its runs resume once its heartbeat is overdue
        while not stopping.wait(1.0):
            for i, proc in enumerate(procs):
                if proc.poll() is not None:
                    _error(f'worker {proc.pid} exited with {proc.returncode}; starting another')
                    procs[i] = start_worker()

    supervisor = threading.Thread(target=supervise, name='lead-agent-supervisor', daemon=True)
    supervisor.start()
    try:
        uvicorn.run(application, host=host, port=port)
    finally:
        stopping.set()
        supervisor.join()
        for proc in procs:  # a worker finishes the runs it holds; what is still queued waits for the next start
            proc.terminate()
        for proc in procs:
            proc.wait()


if __name__ == '__main__':
    app()
