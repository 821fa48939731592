"""What every command shares: the app, its options, settings, deps and output."""

from __future__ import annotations

import asyncio
import os
import warnings
from collections.abc import Callable, Container, Coroutine, Iterable
from contextvars import ContextVar
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import pydantic_ai
import typer
from pydantic_ai.models import Model
from rich.console import Console
from rich.table import Table
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from .._render import terminal, visible
from ..deps import TriageDeps, build_deps
from ..exceptions import ConfigError, LeadAgentError, PolicyWarning
from ..llm import build_model
from ..models import RunRecord
from ..pipeline import QUEUED
from ..policy import Policy, load_policy
from ..settings import Settings
from ..store import database_error, workflows_ended
from ..tracing import configure_tracing

if TYPE_CHECKING:
    from ..runs import Engine  # imports DBOS: only the commands that run durably load it

app = typer.Typer(help='Turn contact-form submissions into qualified, routed, logged leads.', no_args_is_help=True,
                  add_completion=False)
review_app = typer.Typer(help='The human review queue.', no_args_is_help=True)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f'lead-agent {version("lead-agent")}')
        raise typer.Exit()


@app.callback()
def main_options(
    trace: Annotated[str | None, typer.Option('--trace', help='off, console or logfire (env LEAD_AGENT_TRACE).')] = None,
    show_version: Annotated[bool, typer.Option('--version', callback=_print_version, is_eager=True,
                                               help='Print the version and exit.')] = False,
) -> None:
    # pydantic-ai's first-run banner (12 lines on a terminal) advertises tracing: this CLI owns its output, and
    # with --trace on, pydantic-ai leaves it out anyway.
    pydantic_ai.BANNER_ENABLED = False
    # The CLI is the one place that sets the environment: settings are read from it once, below.
    if trace is not None:
        if trace not in ('off', 'console', 'logfire'):
            error(f'--trace must be off, console or logfire, not {trace!r}')
            raise typer.Exit(2)
        os.environ['LEAD_AGENT_TRACE'] = trace


app.add_typer(review_app, name='review')
runs_app = typer.Typer(help='Durable runs: resume the ones that failed.', no_args_is_help=True)
app.add_typer(runs_app, name='runs')
db_app = typer.Typer(help="The database's schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name='db')


# Lead text reaches this console: no `:emoji:` codes either; markup is escaped where lead text goes (`terminal`).
out = Console(emoji=False)
T = TypeVar('T')

PolicyOpt = Annotated[Path | None, typer.Option('--policy', help='Policy YAML (env LEAD_AGENT_POLICY).')]
DbOpt = Annotated[str | None, typer.Option('--db', help='Database URL (env DATABASE_URL).')]
ModelOpt = Annotated[str | None, typer.Option('--model', help="'rules' or a pydantic-ai model (env LEAD_AGENT_MODEL).")]
DryRunOpt = Annotated[bool, typer.Option('--dry-run', help='Shadow mode: do everything but the actions (CRM, Slack, '
                                         'email), which go to the outbox (env LEAD_AGENT_DRY_RUN).')]


def read_settings() -> Settings:
    """`Settings.from_env`: a variable that does not parse raises `ConfigError` (exit 2 through `run_sync`)."""
    return Settings.from_env()


def model_for(settings: Settings, policy: Policy, model: str | None) -> Model | None:
    key = settings.api_key.get_secret_value() if settings.api_key else None
    return build_model(model or settings.model, policy, base_url=settings.base_url, api_key=key,
                       fallback=settings.fallback, max_concurrent=settings.model_concurrency)


def read_policy(path: Path) -> Policy:
    """`load_policy`, its `PolicyWarning`s shown as `warning: ...` lines, not as Python source locations."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always', PolicyWarning)
        loaded = load_policy(path)
    for w in caught:
        if issubclass(w.category, PolicyWarning):
            warn(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return loaded


_opened: ContextVar[list[TriageDeps] | None] = ContextVar('lead_agent_cli_opened', default=None)
"""The deps the running `run_sync` call has built, which it closes when its coroutine ends."""


IN_MEMORY = frozenset({'sqlite://', 'sqlite:///:memory:'})


def _missing_sqlite_file(url: str) -> str | None:
    """The file a `sqlite:///FILE` URL names, if its folder holds none; None for any other URL (or a URI's)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # build_deps says what is wrong with it
    if parsed.get_backend_name() != 'sqlite' or not parsed.database or 'uri' in parsed.query:
        return None
    path = Path(parsed.database)
    # (a path under a file or a missing folder is no database either: the driver's own words say why)
    return None if path.exists() or not path.parent.is_dir() else str(path)


def deps_for(policy: Path | None, db: str | None, model: str | None = None, *,
             existing: bool = False) -> tuple[TriageDeps, Settings]:
    """The deps of one command, closed by `run_sync` when the command's coroutine ends (call it inside one).

    `existing`: the command works on what runs left (the review queue, the log), so a SQLite file that is not there
    is a mistyped path, refused, rather than a new empty database made for it.
    """
    opened = _opened.get()
    if opened is None:
        raise RuntimeError('deps_for is called inside run_sync, which closes what it opens')
    settings = read_settings()
    url = (db or settings.database_url).strip()
    if url in IN_MEMORY:
        # helper-201: `sqlite://` failed every run with SQLite's own words, `:memory:` routed leads and kept nothing
        raise ConfigError(f'database URL {url} (--db or DATABASE_URL) is in memory: it is gone when the command ends, '
                          'with the runs, the review queue and the dedupe keys; use sqlite:///FILE or postgresql://…')
    if existing and (missing := _missing_sqlite_file(url)) is not None:
        # helper-201: `review list --db sqlite:///typo.db` made typo.db and said "0 item(s)"
        raise ConfigError(f'no database at {missing} (--db or DATABASE_URL): nothing has run with it here; check the '
                          'path (a relative one is read from the current folder), or triage leads first: `triage`, '
                          '`serve` and `worker` create it')
    configure_tracing(settings.trace, personal_data=settings.trace_personal_data)
    loaded = read_policy(settings.policy_path(policy))
    deps = build_deps(settings, policy=loaded, database_url=db, model=model)
    opened.append(deps)
    return deps, settings


def error(message: str) -> None:
    # Plain text, not rich markup: messages quote user input and must reach logs unwrapped, minus control characters.
    typer.echo(f'error: {visible(message)}', err=True)


def warn(message: str) -> None:
    """A `warning: ...` line on stderr, controls shown as codes."""
    typer.echo(f'warning: {visible(message)}', err=True)


async def close_deps(deps: TriageDeps) -> None:
    """Close deps before their command ends (a worker's failed start, retried): `run_sync` won't close them again."""
    opened = _opened.get()
    if opened is not None and deps in opened:
        opened.remove(deps)
    await deps.aclose()


def run_sync(fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a command's coroutine; the deps it built are closed on the way out (database connections, clients)."""
    opened: list[TriageDeps] = []

    async def main() -> T:
        try:
            return await fn()
        finally:
            for deps in opened:
                await deps.aclose()

    token = _opened.set(opened)
    try:
        return asyncio.run(main())
    except LeadAgentError as e:
        error(f'{e}')
        raise typer.Exit(2) from None
    except DBAPIError as e:  # the database is away or refuses: which one and why, not the driver's traceback
        error(database_error(e))
        raise typer.Exit(2) from None
    finally:
        _opened.reset(token)


def add_row(table: Table, *cells: str) -> None:
    # Every cell may hold lead text (names, errors that quote input): none is markup.
    table.add_row(*(terminal(cell) for cell in cells))


async def the_run(deps: TriageDeps, run_id: str) -> RunRecord:
    """The run a command names by its id or a prefix of it (the 12 characters `log` shows), spaces around it aside."""
    rec = await deps.runs.get(run_id.strip())
    if rec is None and await deps.runs.ambiguous(run_id.strip()):
        # (helper-206: 'no run' said of a prefix 42 run ids start with)
        raise LeadAgentError(f'{run_id!r} starts more than one run id: give more of it (the 12 characters '
                             '`lead-agent log` shows), or the whole id')
    if rec is None:
        raise LeadAgentError(f'no run {run_id!r}: give its whole id, or a prefix that no other run id starts with')
    return rec


def shown_state(rec: RunRecord, crashed: Container[str] = ()) -> str:
    """The run's state as shown: `queued` for one accepted and not triaged yet.

    Its stored record says `failed` until the run records its own (helper-67 and helper-93 saw it counted and shown
    as failed); so does a run in `crashed` (`crashed_before_recording`), which is failed indeed.
    """
    return 'queued' if QUEUED in rec.errors and rec.run_id not in crashed else rec.state


async def crashed_before_recording(deps: TriageDeps, records: Iterable[RunRecord]) -> set[str]:
    """The runs among `records` still holding their queued record whose workflow has ended.

    Such a run failed before it could record (helper-95: `runs retry --failed` left it out, and `log` called it
    queued for ever).
    """
    queued = [r.run_id for r in records if QUEUED in r.errors]
    return await deps.db.run(workflows_ended, deps.db.engine, queued) if queued else set()


def done_text(rec: RunRecord, *, since: int = 0) -> str:
    """What the run did, one line each; plain text (lead text in errors): print it through `terminal`.

    From its action `since` on: an approval's own, not the failed attempt's before it (helper-93).
    """
    actions = rec.actions[since:]
    parts: list[str] = ['DRY RUN: would-be actions in the outbox'] if rec.dry_run and actions else []
    for a in actions:
        if a.kind == 'crm_contact':
            parts.append(f'CRM contact {a.ref} {"created" if a.status == "done" else a.status} + note'
                         if a.ref else 'CRM contact FAILED')
        elif a.kind == 'slack_summary':  # its ref: 'outbox:N', or Slack's 'channel:ts' (helper-59: both said outbox)
            outbox = (a.ref or '').startswith('outbox:')
            parts.append(('Slack summary → outbox' if outbox else 'Slack summary posted') if a.status == 'done'
                         else 'Slack FAILED')
        elif a.kind == 'email_ack':  # 'outbox:N', or 'smtp:<message id>'
            outbox = (a.ref or '').startswith('outbox:')
            parts.append(('ack queued in the outbox' if outbox else 'ack sent') if a.status == 'done' else 'ack FAILED')
        elif a.kind == 'review_item':
            parts.append('review item')
    if rec.owner is not None:
        parts.append(f'owner {rec.owner.owner} ({rec.owner.reason})')
    if rec.state == 'rejected':
        parts.append('rejected as spam')
    if rec.state == 'duplicate':
        parts.append(f'duplicate of {(rec.duplicate_of or "?")[:8]}')
    if rec.state in ('blocked', 'rate_limited'):
        parts.append(rec.errors[0] if rec.errors else rec.state)
    return '\n'.join(parts)



def engine_for(deps: TriageDeps, settings: Settings, *, execute: bool = True) -> Engine:
    from ..runs import Engine

    return Engine(deps, execute=execute, concurrency=settings.runs_at_once(), dead_after=settings.dead_after)
