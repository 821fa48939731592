"""Eval output: the terminal summary, summary.json, the HTML report, and the gates."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from rich.console import Console
from rich.table import Table

from .._render import json_text, shown, terminal
from .history import HistoryEntry
from .metrics import FAILURES, Summary, as_json, by_case, failure
from .runner import CaseResult, EvalRun
from .trend import trend_charts

__all__ = ('Disagreement', 'Gate', 'Gates', 'disagreements', 'print_summary', 'write_html', 'write_summary')

# Cases named in the terminal's lists before "… and N more".
_SHOWN = 20


@dataclass(frozen=True)
class Gate:
    """A gate that broke: its line and the failures it is about."""

    text: str
    kind: str
    """The `FAILURES` key whose cases break it: the report links the line to them."""
    cases: list[str]


@dataclass(frozen=True)
class Gates:
    """Limits that fail the eval (exit 1)."""

    max_unsafe: int = 0
    max_lost: int = 0
    min_action_accuracy: float = 0.0
    min_intent_accuracy: float = 0.0

    def check(self, s: Summary) -> list[Gate]:
        """Each gate that broke."""
        out: list[Gate] = []
        if s.unsafe_auto_actions > self.max_unsafe:
            out.append(Gate(f'unsafe auto-actions {s.unsafe_auto_actions} > {self.max_unsafe}', 'unsafe',
                            s.unsafe_cases))
        if s.lost_leads > self.max_lost:
            out.append(Gate(f'lost leads {s.lost_leads} > {self.max_lost}', 'lost', s.lost_cases))
        if s.action_accuracy < self.min_action_accuracy:
            out.append(Gate(f'action accuracy {s.action_accuracy:.1%} < {self.min_action_accuracy:.1%}',
                            'wrong_action', []))
        if s.intent_accuracy < self.min_intent_accuracy:
            out.append(Gate(f'intent accuracy {s.intent_accuracy:.1%} < {self.min_intent_accuracy:.1%}',
                            'wrong_intent', []))
        return out

    def broken(self, s: Summary) -> list[str]:
        """One line per gate that failed, naming its cases."""
        return [g.text + (f': {", ".join(g.cases)}' if g.cases else '') for g in self.check(s)]


@dataclass(frozen=True)
class Disagreement:
    """A case the models answered differently: per model, its action/intent (or each answer of a flaky model)."""

    case_id: str
    expected: str
    answers: list[str]
    right: list[bool]


def _answer(runs: list[CaseResult]) -> str:
    counts = Counter(f'{r.got_action or "error"}/{r.got_intent or "-"}' for r in runs)
    if len(counts) == 1:
        return next(iter(counts))
    return ' | '.join(f'{a} ×{n}' for a, n in counts.most_common())


def disagreements(runs: list[EvalRun]) -> list[Disagreement]:
    """The cases where the models' actions or intents differ, in dataset order."""
    groups = [{g[0].case.id: g for g in by_case(run.results)} for run in runs]
    out: list[Disagreement] = []
    for first in by_case(runs[0].results) if len(runs) > 1 else []:
        case = first[0].case
        per_model = [g[case.id] for g in groups if case.id in g]
        answers = [_answer(rs) for rs in per_model]
        if len(set(answers)) > 1:
            out.append(Disagreement(case.id, f'{case.expected.action}/{case.expected.intent}', answers,
                                    [all(r.check('action') and r.check('intent') for r in rs) for rs in per_model]))
    return out


def _metric_rows(run: EvalRun) -> list[tuple[str, str, bool]]:
    """(name, value, bad) of every headline figure: the terminal table, the cards and the side-by-side table."""
    s = run.summary
    rows = [
        ('action accuracy', f'{s.action_accuracy:.1%}', False), ('intent accuracy', f'{s.intent_accuracy:.1%}', False),
        ('priority accuracy', f'{s.priority_accuracy:.1%}', False),
    ]
    if s.repeat > 1:
        rows += [(f'action pass^{s.repeat}', f'{s.action_pass_k:.1%}', False),
                 (f'intent pass^{s.repeat}', f'{s.intent_pass_k:.1%}', False),
                 ('inconsistent cases', str(len(s.inconsistent_cases)), bool(s.inconsistent_cases))]
    cost = '-' if s.cost_per_lead_usd is None else f'${s.cost_per_lead_usd:.6f}'
    return rows + [
        ('unsafe auto-actions', str(s.unsafe_auto_actions), bool(s.unsafe_auto_actions)),
        ('lost leads', str(s.lost_leads), bool(s.lost_leads)),
        ('review rate', f'{s.review_rate:.1%}', False), ('auto-action rate', f'{s.auto_action_rate:.1%}', False),
        ('tokens per lead', f'{s.tokens_per_lead:.0f}', False), ('cost per lead', cost, False),
        ('latency p50 / p95', f'{s.latency_p50_ms:.1f} / {s.latency_p95_ms:.1f} ms', False),
        ('errors', str(s.errors), bool(s.errors)), ('seconds', f'{run.seconds:.2f}', False),
    ]


def _some(ids: list[str]) -> str:
    more = f' … and {len(ids) - _SHOWN} more' if len(ids) > _SHOWN else ''
    return ', '.join(ids[:_SHOWN]) + more


def print_summary(runs: list[EvalRun], console: Console, gates: Gates) -> None:
    """The terminal summary: headline metrics (a column per model), per-tag rows, disagreements and the gates.

    Case ids, tags and model names come from the dataset or the command line: they print as text, never as markup.
    """
    first = runs[0]
    k = f' × {first.summary.repeat} runs' if first.summary.repeat > 1 else ''
    if len(runs) == 1:
        title = f'Eval: {first.summary.cases} cases{k} · model {terminal(first.model)} · {first.seconds:.2f} s'
    else:
        title = f'Eval: {first.summary.cases} cases{k} · {len(runs)} models · {sum(r.seconds for r in runs):.2f} s'
    table = Table(title=title, show_header=len(runs) > 1)
    table.add_column('metric')
    for run in runs:
        table.add_column(terminal(run.model), justify='right')
    columns = [_metric_rows(run) for run in runs]
    for i, (name, _, _) in enumerate(columns[0]):
        table.add_row(name, *(col[i][1] for col in columns))
    table.add_row('dataset problems', *(str(len(run.problems)) for run in runs))
    console.print(table)
    tags = Table(title='Per tag (set:*)' + (f' · {terminal(first.model)}' if len(runs) > 1 else ''))
    for col in ('tag', 'cases', 'action acc', 'intent acc', 'unsafe', 'lost'):
        tags.add_column(col, justify='left' if col == 'tag' else 'right')
    for row in first.summary.per_tag:
        if row.tag.startswith('set:'):
            tags.add_row(terminal(row.tag), str(row.cases), f'{row.action_accuracy:.0%}',
                         f'{row.intent_accuracy:.0%}', str(row.unsafe), str(row.lost))
    console.print(tags)
    for run in runs:
        if run.summary.inconsistent_cases:
            console.print(f'inconsistent across {run.summary.repeat} runs ({terminal(run.model)}): '
                          + terminal(_some(run.summary.inconsistent_cases)), highlight=False)
    if len(runs) > 1:
        differ = disagreements(runs)
        table = Table(title=f'The models disagree on {len(differ)} case(s)')
        for col in ('case', 'expected', *(run.model for run in runs)):
            table.add_column(terminal(col))
        for d in differ[:_SHOWN]:
            table.add_row(terminal(d.case_id), d.expected, *(('' if ok else '✗ ') + terminal(a)
                                                              for a, ok in zip(d.answers, d.right, strict=True)))
        if len(differ) > _SHOWN:
            table.caption = f'… and {len(differ) - _SHOWN} more in the report'
        console.print(table)
    for run in runs:
        broken = gates.broken(run.summary)
        verdict = '[green]pass[/]' if not broken else '[red]FAIL[/] · ' + terminal(' · '.join(broken))
        label = '' if len(runs) == 1 else f' ({terminal(run.model)})'
        console.print(f'gates{label}: ' + verdict, highlight=False)


def write_summary(runs: list[EvalRun], path: Path, dataset: str) -> None:
    """summary.json: the first model's figures at the top level, every model's under `models`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    each = [as_json(run.summary, dataset=dataset, model=run.model, seconds=round(run.seconds, 3),
                    problems=[str(p) for p in run.problems]) for run in runs]
    path.write_text(json.dumps({**each[0], 'models': each}, indent=2) + '\n', encoding='utf-8')


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


@dataclass(frozen=True)
class _Failing:
    """A failing case in the report: its anchor, how badly it failed, and its worst run (with all its runs)."""

    anchor: str
    kind: str
    worst: CaseResult
    runs: list[CaseResult]


def _failing(run: EvalRun, prefix: str) -> tuple[list[tuple[str, str, list[_Failing]]], dict[str, str]]:
    """The failing cases grouped by severity (most severe first), and the anchor of each by case id."""
    severity = list(FAILURES)
    anchors: dict[str, str] = {}
    found: list[_Failing] = []
    for n, runs in enumerate(by_case(run.results), start=1):
        kinds = [(severity.index(kind), i) for i, r in enumerate(runs) if (kind := failure(r)) is not None]
        if kinds:  # only failing cases have a section to link to (unsafe, lost and inconsistent ones all fail)
            rank, i = min(kinds)
            anchors[runs[0].case.id] = f'{prefix}case-{n}'
            found.append(_Failing(anchors[runs[0].case.id], severity[rank], runs[i], runs))
    groups = [(kind, title, [f for f in found if f.kind == kind]) for kind, title in FAILURES.items()]
    return [g for g in groups if g[2]], anchors


def _model_view(run: EvalRun, prefix: str, gates: Gates) -> dict[str, Any]:
    groups, anchors = _failing(run, prefix)
    return {
        'run': run, 's': run.summary, 'prefix': prefix, 'gates': gates.check(run.summary), 'anchors': anchors,
        'groups': groups, 'failing': sum(len(g[2]) for g in groups), 'metrics': _metric_rows(run),
        'intent': _heat(run.summary.intent_confusion), 'action': _heat(run.summary.action_confusion),
    }


def write_html(runs: list[EvalRun], directory: Path, dataset: str, gates: Gates,
               history: list[HistoryEntry] | None = None) -> Path:
    """The HTML report: gates, metrics side by side, the history's trend, the disagreements, and failing cases.

    Per model: the confusion heat maps, the per-tag table, and the failing cases by severity.
    """
    # Every template here is HTML showing lead text: always autoescape (`select_autoescape()` skips `.html.j2`), and
    # controls, bidi and invisible characters shown as their codes, as on the review page (helper-200: a right-to-left
    # override in a message, ESC sequences in a label, reached the report raw).
    env = Environment(loader=PackageLoader('lead_agent.evals', 'templates'), autoescape=True, finalize=shown)
    env.filters['pretty_json'] = _pretty_json
    # One model keeps the plain section ids (#failing); with several, each model's sections are prefixed (#m2-...).
    models = [_model_view(run, '' if len(runs) == 1 else f'm{i}-', gates) for i, run in enumerate(runs, start=1)]
    html = env.get_template('report.html.j2').render(
        models=models, first=runs[0], dataset=dataset, trend=trend_charts(history or []), runs_in_trend=len(history or []),
        differ=disagreements(runs), titles=FAILURES, problems=runs[0].problems,
        generated=datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC'),
    )
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / 'index.html'
    out.write_text(html, encoding='utf-8')
    return out
