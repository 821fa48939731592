"""Eval output: the terminal summary, summary.json, the HTML report, and the gates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from rich.console import Console
from rich.table import Table

from .._render import json_text, terminal
from .metrics import Summary, as_json
from .runner import EvalRun

__all__ = ('Gates', 'print_summary', 'write_html', 'write_summary')


@dataclass(frozen=True)
class Gates:
    """Limits that fail the eval (exit 1)."""

    max_unsafe: int = 0
    max_lost: int = 0
    min_action_accuracy: float = 0.0
    min_intent_accuracy: float = 0.0

    def broken(self, s: Summary) -> list[str]:
        """One line per gate that failed."""
        out: list[str] = []
        if s.unsafe_auto_actions > self.max_unsafe:
            out.append(f'unsafe auto-actions {s.unsafe_auto_actions} > {self.max_unsafe}: {", ".join(s.unsafe_cases)}')
        if s.lost_leads > self.max_lost:
            out.append(f'lost leads {s.lost_leads} > {self.max_lost}: {", ".join(s.lost_cases)}')
        if s.action_accuracy < self.min_action_accuracy:
            out.append(f'action accuracy {s.action_accuracy:.1%} < {self.min_action_accuracy:.1%}')
        if s.intent_accuracy < self.min_intent_accuracy:
            out.append(f'intent accuracy {s.intent_accuracy:.1%} < {self.min_intent_accuracy:.1%}')
        return out


def print_summary(run: EvalRun, console: Console, gates: Gates) -> None:
    """The terminal summary: headline metrics, per-tag rows and the gates.

    Case ids and tags come from the dataset, whose cases are leads: they print as text, never as markup.
    """
    s = run.summary
    table = Table(title=f'Eval: {s.cases} cases · model {terminal(run.model)} · {run.seconds:.2f} s',
                  show_header=False)
    table.add_column('metric')
    table.add_column('value', justify='right')
    cost = '-' if s.cost_per_lead_usd is None else f'${s.cost_per_lead_usd:.6f}'
    rows = [
        ('action accuracy', f'{s.action_accuracy:.1%}'), ('intent accuracy', f'{s.intent_accuracy:.1%}'),
        ('priority accuracy', f'{s.priority_accuracy:.1%}'),
        ('unsafe auto-actions', str(s.unsafe_auto_actions)), ('lost leads', str(s.lost_leads)),
        ('review rate', f'{s.review_rate:.1%}'), ('auto-action rate', f'{s.auto_action_rate:.1%}'),
        ('tokens per lead', f'{s.tokens_per_lead:.0f}'), ('cost per lead', cost),
        ('latency p50 / p95', f'{s.latency_p50_ms:.1f} / {s.latency_p95_ms:.1f} ms'),
        ('errors', str(s.errors)), ('dataset problems', str(len(run.problems))),
    ]
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
    tags = Table(title='Per tag (set:*)')
    for col in ('tag', 'cases', 'action acc', 'intent acc', 'unsafe', 'lost'):
        tags.add_column(col, justify='left' if col == 'tag' else 'right')
    for row in s.per_tag:
        if row.tag.startswith('set:'):
            tags.add_row(terminal(row.tag), str(row.cases), f'{row.action_accuracy:.0%}',
                         f'{row.intent_accuracy:.0%}', str(row.unsafe), str(row.lost))
    console.print(tags)
    broken = gates.broken(s)
    verdict = '[green]pass[/]' if not broken else '[red]FAIL[/] · ' + terminal(' · '.join(broken))
    console.print('gates: ' + verdict, highlight=False)


def write_summary(run: EvalRun, path: Path, dataset: str) -> None:
    """summary.json."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = as_json(run.summary, dataset=dataset, model=run.model, seconds=round(run.seconds, 3),
                   problems=[str(p) for p in run.problems])
    path.write_text(json.dumps(data, indent=2) + '\n', encoding='utf-8')


def _heat(matrix: dict[str, dict[str, int]]) -> dict[str, Any]:
    got = list(next(iter(matrix.values())).keys()) if matrix else []
    rows: list[dict[str, Any]] = []
    for expected, cells in matrix.items():
        total = sum(cells.values()) or 1
        row: list[dict[str, Any]] = []
        for g in got:
            n = cells[g]
            alpha = round(0.12 + 0.78 * n / total, 2) if n else 0
            colour = '22,163,74' if g == expected else '220,38,38'
            row.append({'n': n, 'style': f'background: rgba({colour},{alpha})' if n else ''})
        rows.append({'expected': expected, 'total': sum(cells.values()), 'cells': row})
    return {'got': got, 'rows': rows}


def _pretty_json(value: Any) -> str:
    # Plain text for the autoescaped page (Jinja's `tojson` would show `<` as `\u003c`); bidi and C1 controls escaped.
    return json_text(json.dumps(value, indent=2, ensure_ascii=False))


def write_html(run: EvalRun, directory: Path, dataset: str, gates: Gates) -> Path:
    """The HTML report: metrics, confusion heat maps, per-tag table and every failing case."""
    # Every template here is HTML showing lead text: always autoescape (`select_autoescape()` skips `.html.j2`).
    env = Environment(loader=PackageLoader('lead_agent.evals', 'templates'), autoescape=True)
    env.filters['pretty_json'] = _pretty_json
    html = env.get_template('report.html.j2').render(
        run=run, s=run.summary, dataset=dataset, gates=gates.broken(run.summary),
        intent=_heat(run.summary.intent_confusion), action=_heat(run.summary.action_confusion),
        failing=[r for r in run.results if r.failed], generated=datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC'),
    )
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / 'index.html'
    out.write_text(html, encoding='utf-8')
    return out
