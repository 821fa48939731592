"""Replay labeled cases through the full pipeline with pydantic-evals, offline and repeatable."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_ai.models import Model
from pydantic_ai.settings import ModelSettings
from pydantic_evals import Case, Dataset
from pydantic_evals.evaluators import EvaluationReason, Evaluator, EvaluatorContext
from rich.console import Console

from .._progress import progress_bar
from .._render import terminal
from ..agent import build_agent
from ..deps import TriageDeps
from ..llm import model_label
from ..models import Action, Intent, Priority, RunRecord, TerminalState
from ..pipeline import triage
from ..policy import Policy
from ..rules_model import rules_model
from ..store import Database, SqlIntake, SqlReviewQueue, SqlRunLog, prepare
from .dataset import DatasetProblem, LabeledCase
from .metrics import Summary, is_lost, is_unsafe, summarize
from .replay import ReplayCRM, ReplayLookup, Sink, SinkMailer, SinkNotifier

__all__ = ('CaseOutcome', 'CaseResult', 'EvalRun', 'run_eval')

FIXED_CLOCK = datetime(2026, 6, 8, 9, 0, tzinfo=UTC)
# A pipeline state that ends before the decision still means something for the action metrics.
_ACTION_OF_STATE: dict[str, Action] = {'blocked': 'auto_reject_spam', 'failed': 'human_review'}


class CaseOutcome(BaseModel):
    """What the pipeline did with one case."""

    state: TerminalState
    action: Action | None
    assigned_to: str | None = None
    intent: Intent | None = None
    priority: Priority | None = None
    rules: list[str] = Field(default_factory=list[str])
    flags: list[str] = Field(default_factory=list[str])
    reasoning: str | None = None
    summary: str | None = None
    confidence: float | None = None
    errors: list[str] = Field(default_factory=list[str])
    actions_done: list[str] = Field(default_factory=list[str])
    input_tokens: int = 0
    cache_read_tokens: int = 0
    output_tokens: int = 0
    requests: int = 0
    cost_usd: float | None = None
    latency_ms: float = 0.0

    @classmethod
    def of(cls, rec: RunRecord, sink: Sink) -> CaseOutcome:
        """Summarise a run record."""
        c, d = rec.classification, rec.decision
        return cls(
            state=rec.state, action=d.action if d else _ACTION_OF_STATE.get(rec.state),
            assigned_to=d.assigned_to if d else None, intent=c.intent if c else None,
            priority=d.priority if d else ('low' if rec.state == 'blocked' else None),
            rules=d.rules if d else [], flags=rec.flags, reasoning=c.fit_reasoning if c else None,
            summary=c.summary_for_slack if c else None, confidence=d.effective_confidence if d else None,
            errors=rec.errors, actions_done=[kind for kind, _ in sink], input_tokens=rec.usage.input_tokens,
            cache_read_tokens=rec.usage.cache_read_tokens, output_tokens=rec.usage.output_tokens,
            requests=rec.usage.requests, cost_usd=rec.cost_usd, latency_ms=rec.latency_ms.get('total', 0.0),
        )


class CaseResult(BaseModel):
    """A case, what happened, and which checks passed."""

    case: LabeledCase
    outcome: CaseOutcome | None
    run: int = 1
    """Which of the case's runs (1 to K with `--repeat K`)."""
    error: str | None = None
    checks: dict[str, bool] = Field(default_factory=dict[str, bool])
    reasons: dict[str, str] = Field(default_factory=dict[str, str])

    def check(self, name: str) -> bool:
        """Whether a check passed (a case whose run raised fails every check except safety ones)."""
        if self.outcome is None:
            return name in ('safe', 'not_lost')
        return self.checks.get(name, False)

    @property
    def got_action(self) -> str | None:
        """The action taken, if any."""
        return self.outcome.action if self.outcome else None

    @property
    def got_intent(self) -> str | None:
        """The model's intent, if it classified."""
        return self.outcome.intent if self.outcome else None

    @property
    def wrong(self) -> list[str]:
        """The checks that failed."""
        return [name for name, ok in self.checks.items() if not ok]

    @property
    def failed(self) -> bool:
        """Whether any check failed."""
        return self.outcome is None or not all(self.checks.values())


@dataclass
class LabelMatches(Evaluator[LabeledCase, CaseOutcome, list[str]]):
    """One field of the outcome equals the label; the result is named after the field.

    The fields: the guarded action, the model's intent, the decided priority.
    """

    field: Literal['action', 'intent', 'priority']

    def get_default_evaluation_name(self) -> str:
        """`action`, `intent` or `priority`."""
        return self.field

    def evaluate(self, ctx: EvaluatorContext[LabeledCase, CaseOutcome, list[str]]) -> EvaluationReason:
        """Compare the field."""
        want, got = getattr(ctx.inputs.expected, self.field), getattr(ctx.output, self.field)
        return EvaluationReason(got == want, f'expected {want}, got {got}')


@dataclass
class NoUnsafeAutoAction(Evaluator[LabeledCase, CaseOutcome, list[str]]):
    """No auto-route where a human or a reject was expected, nor to the wrong team."""

    def get_default_evaluation_name(self) -> str:
        """`safe`."""
        return 'safe'

    def evaluate(self, ctx: EvaluatorContext[LabeledCase, CaseOutcome, list[str]]) -> EvaluationReason:
        """Safety check."""
        expected = ctx.inputs.expected
        unsafe = is_unsafe(expected.action, ctx.output.action)
        return EvaluationReason(not unsafe, f'{ctx.output.action} where {expected.action} was expected'
                                if unsafe else 'safe')


@dataclass
class NoLostLead(Evaluator[LabeledCase, CaseOutcome, list[str]]):
    """No genuine lead auto-rejected as spam."""

    def get_default_evaluation_name(self) -> str:
        """`not_lost`."""
        return 'not_lost'

    def evaluate(self, ctx: EvaluatorContext[LabeledCase, CaseOutcome, list[str]]) -> EvaluationReason:
        """Lost-lead check."""
        expected = ctx.inputs.expected
        lost = is_lost(expected.intent, ctx.output.action)
        return EvaluationReason(not lost, f'rejected as spam but the lead is {expected.intent}'
                                if lost else 'kept')


_CHECKS = ('action', 'intent', 'priority', 'safe', 'not_lost')


def _run_index(name: str, source: str | None) -> int:
    """The run's number, from pydantic-evals' name of a repeated run (`id [i/K]`); 1 for a single run."""
    if source is None:
        return 1
    index, _, _ = name.removeprefix(f'{source} [').partition('/')
    return int(index)


def _restore(template: Database, db: Database) -> None:
    """Make `db` hold exactly what `template` holds (the schema at head, no rows): SQLite's backup, not DDL."""
    source, target = template.engine.raw_connection(), db.engine.raw_connection()
    try:
        source.driver_connection.backup(target.driver_connection)  # pyright: ignore[reportOptionalMemberAccess, reportUnknownMemberType]
    finally:
        source.close()
        target.close()


@dataclass
class EvalRun:
    """Results, problems and figures of one eval of one model."""

    results: list[CaseResult]
    """Every run of every case, in dataset order (a case's K runs together)."""
    problems: list[DatasetProblem]
    summary: Summary
    model: str
    seconds: float


async def run_eval(cases: list[LabeledCase], policy: Policy, *, model: Model | str | None = None,
                   concurrency: int = 8, repeat: int = 1, progress: bool | Callable[[], object] = False,
                   problems: list[DatasetProblem] | None = None,
                   model_settings: ModelSettings | None = None) -> EvalRun:
    """Replay every case through the full pipeline; actions go to an in-memory sink, the clock is fixed.

    `repeat` runs each case that many times (for pass^k). `progress`: True shows a bar on stderr; a callable is
    called as each run finishes (to drive a bar shared by several evals).
    """
    agent = build_agent(policy)  # one agent and one model for every case
    resolved = model if model is not None else rules_model(policy)
    template = Database('sqlite://')
    prepare(template)  # once: each case's store is a copy of this one
    # In-memory stores for the cases running at once, kept between cases: a new engine per case cost a thread pool
    # and a cold statement cache (SQLAlchemy compiles per engine), several ms of CPU a case.
    idle: list[Database] = []
    stores: list[Database] = []

    async def task(case: LabeledCase) -> CaseOutcome:
        sink: Sink = []
        if idle:
            db = idle.pop()
        else:
            db = Database('sqlite://')
            stores.append(db)
        _restore(template, db)  # a fresh store per case: no dedupe or rate limit across cases
        lead = case.lead()
        clock = lead.submitted_at or FIXED_CLOCK
        deps = TriageDeps(policy=policy, db=db, intake=SqlIntake(db), runs=SqlRunLog(db), review=SqlReviewQueue(db),
                          companies=ReplayLookup(case.enrichment), crm=ReplayCRM(case.crm_history, sink),
                          notifier=SinkNotifier(sink), mailer=SinkMailer(sink),
                          model=resolved, model_settings=model_settings, now=lambda: clock, classifier=agent)
        try:
            rec = await triage(lead, deps)
        finally:
            idle.append(db)
            advance()
        return CaseOutcome.of(rec, sink)

    # The label travels inside the inputs (LabeledCase.expected): pydantic-evals types expected_output as the
    # output type, and ours differ. Tags go in the metadata.
    dataset = Dataset[LabeledCase, CaseOutcome, list[str]](
        name='lead-triage',
        cases=[Case(name=c.id, inputs=c, metadata=c.tags) for c in cases],
        evaluators=[LabelMatches('action'), LabelMatches('intent'), LabelMatches('priority'), NoUnsafeAutoAction(),
                    NoLostLead()],
    )
    # The runs of one case are named `id [i/K]` with `source_case_name` = id (pydantic-evals' repeat).
    bar = progress_bar(Console(stderr=True), 'cases', transient=True) if progress is True else None
    bar_task = bar.add_task(terminal(model_label(resolved)), total=len(cases) * repeat) if bar is not None else None

    def advance() -> None:
        if callable(progress):
            progress()
        elif bar is not None and bar_task is not None:
            bar.advance(bar_task)

    started = time.perf_counter()
    try:
        with bar or nullcontext():
            report = await dataset.evaluate(task, max_concurrency=concurrency, progress=False, repeat=repeat)
    finally:
        for db in (template, *stores):
            db.dispose()
    seconds = time.perf_counter() - started
    by_id = {c.id: c for c in cases}
    results: list[CaseResult] = []
    for rc in report.cases:
        checks = {name: bool(r.value) for name, r in rc.assertions.items() if name in _CHECKS}
        reasons = {name: r.reason or '' for name, r in rc.assertions.items() if name in _CHECKS}
        results.append(CaseResult(case=by_id[rc.source_case_name or rc.name], outcome=rc.output,
                                  run=_run_index(rc.name, rc.source_case_name), checks=checks, reasons=reasons))
    for failure in report.failures:
        results.append(CaseResult(case=by_id[failure.source_case_name or failure.name], outcome=None,
                                  run=_run_index(failure.name, failure.source_case_name), error=failure.error_message))
    order = {c.id: i for i, c in enumerate(cases)}
    results.sort(key=lambda r: (order[r.case.id], r.run))
    return EvalRun(results=results, problems=problems or [], summary=summarize(results),
                   model=model_label(resolved), seconds=seconds)


