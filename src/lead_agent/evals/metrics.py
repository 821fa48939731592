"""The eval metrics of DESIGN §5, computed from case results."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from .runner import CaseResult

__all__ = ('ACTIONS', 'FAILURES', 'INTENTS', 'Summary', 'TagRow', 'by_case', 'failure', 'is_lost', 'is_unsafe',
           'summarize')

INTENTS = ('buying', 'researching', 'support', 'spam', 'unclear')
ACTIONS = ('auto_route_sales', 'auto_route_support', 'human_review', 'auto_reject_spam')
_AUTO_ROUTES = ('auto_route_sales', 'auto_route_support')


def is_unsafe(expected_action: str, got_action: str | None) -> bool:
    """An auto-route where a human or a reject was expected, or an auto-route to the wrong team."""
    return got_action in _AUTO_ROUTES and got_action != expected_action


def is_lost(expected_intent: str, got_action: str | None) -> bool:
    """Auto-rejected as spam though it was not spam."""
    return got_action == 'auto_reject_spam' and expected_intent != 'spam'


FAILURES: dict[str, str] = {
    'unsafe': 'unsafe auto-action',
    'lost': 'lost lead',
    'wrong_team': 'wrong team',
    'error': 'run failed',
    'wrong_action': 'wrong action',
    'wrong_intent': 'wrong intent',
    'wrong_priority': 'wrong priority',
}
"""Ways a case fails, most severe first, with their titles."""


def failure(result: CaseResult) -> str | None:
    """The most severe way a case's run failed (a key of `FAILURES`), None when every check passed.

    An auto-route to the other team is an unsafe auto-action for the gate (DESIGN §5) but ranks as `wrong_team`,
    after an auto-action where a human or a reject was expected and after a lost lead.
    """
    if result.outcome is None:
        return 'error'
    if not result.check('safe'):
        return 'wrong_team' if result.case.expected.action in _AUTO_ROUTES else 'unsafe'
    for check, kind in (('not_lost', 'lost'), ('action', 'wrong_action'), ('intent', 'wrong_intent'),
                        ('priority', 'wrong_priority')):
        if not result.check(check):
            return kind
    return None


def by_case(results: list[CaseResult]) -> list[list[CaseResult]]:
    """The runs of each case (several with `--repeat`), in the order the cases first appear."""
    groups: dict[str, list[CaseResult]] = {}
    for r in results:
        groups.setdefault(r.case.id, []).append(r)
    return list(groups.values())


def _answer(r: CaseResult) -> tuple[str | None, str | None, bool]:
    return r.got_action, r.got_intent, r.outcome is None


class TagRow(BaseModel):
    """Per-tag figures."""

    tag: str
    cases: int
    action_accuracy: float
    intent_accuracy: float
    unsafe: int
    lost: int


class Summary(BaseModel):
    """One eval run's figures: what the terminal table, summary.json and the HTML report show.

    With `--repeat K` every case runs K times: rates, confusion counts, tokens and cost are over all runs (the
    accuracies are single-run accuracies), while `unsafe_cases` and `lost_cases` name each case that was unsafe or
    lost in any of its runs.
    """

    cases: int
    errors: int
    """Runs that raised."""
    action_accuracy: float
    intent_accuracy: float
    priority_accuracy: float
    unsafe_auto_actions: int
    unsafe_cases: list[str]
    lost_leads: int
    lost_cases: list[str]
    repeat: int = 1
    """Runs of each case."""
    action_pass_k: float = 0.0
    """Share of cases whose every run took the expected action (pass^k; the action accuracy when k = 1)."""
    intent_pass_k: float = 0.0
    """Share of cases whose every run found the expected intent."""
    inconsistent_cases: list[str] = Field(default_factory=list[str])
    """Cases whose runs differ in action or intent (or some raised and some did not)."""
    review_rate: float
    auto_action_rate: float
    intent_confusion: dict[str, dict[str, int]]
    """expected → got → count."""
    action_confusion: dict[str, dict[str, int]]
    tokens_per_lead: float
    cost_per_lead_usd: float | None
    """None when any run's cost is unknown (a model genai-prices cannot price)."""
    cost_total_usd: float | None
    latency_p50_ms: float
    latency_p95_ms: float
    per_tag: list[TagRow] = Field(default_factory=list[TagRow])


def _share(n: int, d: int) -> float:
    return round(n / d, 4) if d else 0.0


def _percentile(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return round(statistics.quantiles(values, n=100, method='inclusive')[q - 1], 2)


def _confusion(pairs: list[tuple[str, str]], labels: tuple[str, ...]) -> dict[str, dict[str, int]]:
    counts = Counter(pairs)
    got_labels = list(labels) + sorted({g for _, g in pairs} - set(labels))
    return {e: {g: counts[(e, g)] for g in got_labels} for e in labels}


def _ids(results: list[CaseResult], check: str) -> list[str]:
    return list(dict.fromkeys(r.case.id for r in results if not r.check(check)))  # each case once, in order


def summarize(results: list[CaseResult]) -> Summary:
    """Every metric of DESIGN §5 over the results (all runs of every case)."""
    done = [r for r in results if r.outcome is not None]
    n = len(results)
    groups = by_case(results)
    action_ok = sum(r.check('action') for r in results)
    intent_ok = sum(r.check('intent') for r in results)
    priority_ok = sum(r.check('priority') for r in results)
    unsafe = _ids(results, 'safe')
    lost = _ids(results, 'not_lost')
    got_actions = [r.got_action for r in results]
    # A run that never reached a model (blocked, say) cost nothing; an unpriced model run is unknown.
    costs = [r.outcome.cost_usd if r.outcome.requests else 0.0 for r in done if r.outcome is not None]
    known_costs = [c for c in costs if c is not None]
    cost_total = round(sum(known_costs), 6) if len(known_costs) == len(costs) and costs else None
    latencies = sorted(r.outcome.latency_ms for r in done if r.outcome is not None)
    tags: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        for tag in r.case.tags:
            tags[tag].append(r)
    per_tag = [TagRow(tag=tag, cases=len({r.case.id for r in rs}),
                      action_accuracy=_share(sum(r.check('action') for r in rs), len(rs)),
                      intent_accuracy=_share(sum(r.check('intent') for r in rs), len(rs)),
                      unsafe=len(_ids(rs, 'safe')), lost=len(_ids(rs, 'not_lost')))
               for tag, rs in sorted(tags.items())]
    tokens = [r.outcome.input_tokens + r.outcome.output_tokens for r in done if r.outcome is not None]
    return Summary(
        cases=len(groups),
        errors=n - len(done),
        action_accuracy=_share(action_ok, n),
        intent_accuracy=_share(intent_ok, n),
        priority_accuracy=_share(priority_ok, n),
        unsafe_auto_actions=len(unsafe),
        unsafe_cases=unsafe,
        lost_leads=len(lost),
        lost_cases=lost,
        repeat=max((len(g) for g in groups), default=1),
        action_pass_k=_share(sum(all(r.check('action') for r in g) for g in groups), len(groups)),
        intent_pass_k=_share(sum(all(r.check('intent') for r in g) for g in groups), len(groups)),
        inconsistent_cases=[g[0].case.id for g in groups if len({_answer(r) for r in g}) > 1],
        review_rate=_share(sum(a == 'human_review' for a in got_actions), n),
        auto_action_rate=_share(sum(a in (*_AUTO_ROUTES, 'auto_reject_spam') for a in got_actions), n),
        intent_confusion=_confusion([(r.case.expected.intent, r.got_intent or 'none') for r in results], INTENTS),
        action_confusion=_confusion([(r.case.expected.action, r.got_action or 'none') for r in results], ACTIONS),
        tokens_per_lead=round(statistics.fmean(tokens), 1) if tokens else 0.0,
        cost_per_lead_usd=round(cost_total / len(done), 8) if cost_total is not None and done else None,
        cost_total_usd=cost_total,
        latency_p50_ms=_percentile(latencies, 50),
        latency_p95_ms=_percentile(latencies, 95),
        per_tag=per_tag,
    )


def as_json(summary: Summary, **extra: Any) -> dict[str, Any]:
    """summary.json's content."""
    return {**extra, **summary.model_dump(mode='json')}
