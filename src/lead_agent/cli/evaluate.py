"""`lead-agent eval`: labeled leads replayed offline, with gates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .._render import terminal
from ..llm import model_settings
from ._common import (
    ModelOpt,
    PolicyOpt,
    app,
    error,
    model_for,
    out,
    read_policy,
    read_settings,
    run_sync,
)


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
    from ..evals import load_dataset, run_eval
    from ..evals.report import Gates, print_summary, write_html, write_summary

    if not dataset.is_file():
        error(f'{dataset}: no such dataset file')
        raise typer.Exit(2)
    cases, problems = load_dataset(dataset)
    for problem in problems:
        error(f'{dataset}: {problem} (skipped)')
    if not cases:
        error(f'{dataset}: no usable cases')
        raise typer.Exit(2)

    async def go() -> Any:
        settings = read_settings()
        loaded = read_policy(settings.policy_path(policy))
        return await run_eval(cases, loaded, model=model_for(settings, loaded, model),
                              concurrency=concurrency or settings.runs_at_once(model),
                              progress=out.is_terminal, problems=problems,
                              model_settings=model_settings(settings.request_timeout, settings.max_retries))

    run = run_sync(go)
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
