"""`lead-agent eval`: labeled leads replayed offline, with gates."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .._progress import progress_bar
from .._render import terminal
from ..exceptions import LeadAgentError
from ..llm import model_label, model_settings
from ._common import (
    PolicyOpt,
    app,
    error,
    model_for,
    out,
    read_policy,
    read_settings,
    run_sync,
)


def _not_a_history(path: Path, dataset: Path) -> str | None:
    """Why `path` must not be appended to (it is never rewritten): the dataset, a folder, a file of something else."""
    from ..evals.history import read_history

    if path.exists() and path.resolve() == dataset.resolve():
        return 'is the dataset'
    if path.is_dir():
        return 'is a folder'
    kept, bad = read_history(path)
    if bad and not kept:
        return f'is not a history file (none of its {len(bad)} line(s) is a history entry)'
    return None


@app.command('eval')
def eval_cmd(
    dataset: Annotated[Path, typer.Option('--dataset', help='Labeled leads, JSON Lines (DESIGN §4).')],
    policy: PolicyOpt = None,
    models: Annotated[list[str] | None, typer.Option(
        '--model', help="'rules' or a pydantic-ai model (env LEAD_AGENT_MODEL); repeat it to compare models on the "
        'same cases, side by side.')] = None,
    repeat: Annotated[int, typer.Option(
        min=1, max=100, help='Run each case K times and report pass^k: a case counts only if all K runs are right.')] = 1,
    concurrency: Annotated[int | None, typer.Option(
        min=1, max=256, help='Cases run at once [default: LEAD_AGENT_CONCURRENCY, else 8 for rules, 32 for a model '
        'behind an API]')] = None,
    report: Annotated[Path | None, typer.Option('--report', help='Write the HTML report into this folder.')] = None,
    summary: Annotated[Path | None, typer.Option('--summary', help='Where summary.json goes.')] = None,
    history: Annotated[Path | None, typer.Option(
        '--history', help='The history this run is appended to and whose trend the report draws '
        '[default: DATASET.history.jsonl beside the dataset]')] = None,
    no_history: Annotated[bool, typer.Option('--no-history', help='Append nothing to the history.')] = False,
    max_unsafe: Annotated[int, typer.Option(min=0, help='Gate: most unsafe auto-actions allowed.')] = 0,
    max_lost: Annotated[int, typer.Option(min=0, help='Gate: most lost leads allowed.')] = 0,
    # a share, 0-1: 95 (a percentage) made a gate no run could pass (helper-122)
    min_action_accuracy: Annotated[float, typer.Option(min=0.0, max=1.0, help='Gate: least action accuracy, 0-1 '
                                                       '(0.95 for 95%).')] = 0.0,
    min_intent_accuracy: Annotated[float, typer.Option(min=0.0, max=1.0, help='Gate: least intent accuracy, 0-1 '
                                                       '(0.95 for 95%).')] = 0.0,
) -> None:
    """Replay labeled leads through the full pipeline offline; exit 1 when a gate breaks (for any model)."""
    from ..evals import EvalRun, load_dataset, run_eval
    from ..evals.history import (
        append_history,
        default_history_path,
        git_commit,
        history_entry,
        read_history,
        same_dataset,
    )
    from ..evals.report import Gates, print_summary, write_html, write_summary

    if not dataset.is_file():
        error(f'{dataset}: no such dataset file')
        raise typer.Exit(2)
    specs = models or [None]
    if len(set(specs)) < len(specs):
        error(f'--model: each model once, not {", ".join(s or "" for s in specs)}')
        raise typer.Exit(2)
    if history is not None and no_history:
        error('--history and --no-history: give one')
        raise typer.Exit(2)
    cases, problems = load_dataset(dataset)
    for problem in problems:
        error(f'{dataset}: {problem} (skipped)')
    if not cases:
        error(f'{dataset}: no usable cases')
        raise typer.Exit(2)
    history_path = None if no_history else history or default_history_path(dataset)
    if history_path is not None and (why := _not_a_history(history_path, dataset)):
        error(f'--history {history_path} {why}: give a new or existing history file, or --no-history')
        raise typer.Exit(2)
    try:
        settings = read_settings()
        policy_path = settings.policy_path(policy)
    except LeadAgentError as e:
        error(f'{e}')
        raise typer.Exit(2) from None

    async def go() -> list[EvalRun]:
        loaded = read_policy(policy_path)
        built = [model_for(settings, loaded, spec) for spec in specs]  # every model's config checked before any run
        # The bar goes to stderr, on a terminal only: stdout keeps the summary, and logs stay free of redraws.
        err = Console(stderr=True)
        bar = progress_bar(err, 'cases', transient=True) if err.is_terminal else None
        runs: list[EvalRun] = []
        with bar or nullcontext():
            task = bar.add_task('eval', total=len(cases) * repeat * len(specs)) if bar is not None else None
            for spec, model in zip(specs, built, strict=True):
                if bar is not None and task is not None:
                    bar.update(task, description=terminal(model_label(model) if model else 'rules'))
                runs.append(await run_eval(
                    cases, loaded, model=model, concurrency=concurrency or settings.runs_at_once(spec), repeat=repeat,
                    progress=(lambda: bar.advance(task)) if bar is not None and task is not None else False,
                    problems=problems,
                    model_settings=model_settings(settings.request_timeout, settings.max_retries)))
        return runs

    runs = run_sync(go)
    gates = Gates(max_unsafe=max_unsafe, max_lost=max_lost, min_action_accuracy=min_action_accuracy,
                  min_intent_accuracy=min_intent_accuracy)
    print_summary(runs, out, gates)
    summary_path = summary or (report / 'summary.json' if report else Path('summary.json'))
    write_summary(runs, summary_path, str(dataset))
    out.print(f'summary: {terminal(str(summary_path))}')
    past = []
    if history_path is not None:
        past, bad = read_history(history_path)
        for problem in bad:
            error(f'{history_path}: {problem} (skipped)')
        now, commit = datetime.now(UTC), git_commit(Path.cwd())
        entries = [history_entry(run, dataset=dataset, policy=policy_path, now=now, commit=commit) for run in runs]
        append_history(history_path, entries)
        past = same_dataset(past, entries[0]) + entries
        out.print(f'history: {terminal(str(history_path))} ({len(past)} run(s) of this dataset)')
    if report is not None:
        out.print(f'report: {terminal(str(write_html(runs, report, str(dataset), gates, past)))}')
    if any(gates.broken(run.summary) for run in runs):
        raise typer.Exit(1)
