"""Shared builders for tests: leads, classifications and scripted models."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from pydantic_ai.messages import ModelMessage, ModelRequest, ModelResponse, ToolCallPart, ToolReturnPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from lead_agent import Classification, Lead, Policy
from lead_agent.guards import Seen, decide, precheck
from lead_agent.models import Enrichment

EXAMPLES = Path(__file__).parent.parent / 'examples'


def example_lead(name: str, **update: Any) -> Lead:
    data = json.loads((EXAMPLES / 'leads' / name).read_text())
    data.update(update)
    return Lead.from_submission(data)


def classification(**over: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        'intent': 'buying',
        'fit_score': 85,
        'fit_reasoning': 'Hospital group with 4800 employees in the US, uses Epic: squarely in the ICP.',
        'confidence': 0.9,
        'recommended_action': 'auto_route_sales',
        'assigned_to': 'sales',
        'priority': 'high',
        'summary_for_slack': 'Priya Raman (Haven Hospital Group) wants a demo and a quote for 40 sites.',
    }
    args.update(over)
    return args


def tool_returns(messages: list[ModelMessage]) -> dict[str, Any]:
    return {p.tool_name: p.content for m in messages if isinstance(m, ModelRequest) for p in m.parts
            if isinstance(p, ToolReturnPart)}


Step = Callable[[list[ModelMessage], AgentInfo], ModelResponse] | dict[str, Any] | Exception
Script = list[Step]


def scripted(*steps: Any) -> tuple[FunctionModel, list[list[ModelMessage]]]:
    """A model that answers each request with the next step: output args (dict), a raised error, or a function."""
    seen: list[list[ModelMessage]] = []
    remaining: list[Step] = list(steps)

    def respond(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        seen.append(list(messages))
        step = remaining.pop(0)
        if isinstance(step, Exception):
            raise step
        if callable(step):
            return step(messages, info)
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, step)])

    return FunctionModel(respond, model_name='scripted'), seen


def call_tools(*calls: tuple[str, dict[str, Any]]) -> Callable[[list[ModelMessage], AgentInfo], ModelResponse]:
    def step(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        return ModelResponse(parts=[ToolCallPart(name, args) for name, args in calls])

    return step


def json_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where a value can be put in a JSON document: every node, the root included (for fuzzing a real payload)."""
    if isinstance(value, dict):
        return [path, *(p for k, v in cast(dict[str, Any], value).items() for p in json_paths(v, (*path, k)))]
    if isinstance(value, list):
        return [path, *(p for i, v in enumerate(cast(list[Any], value)) for p in json_paths(v, (*path, i)))]
    return [path]


def json_put(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of a JSON document with `value` at `path`."""
    if not path:
        return value
    copy: Any = dict(cast(dict[str, Any], doc)) if isinstance(doc, dict) else list(cast(list[Any], doc))
    copy[path[0]] = json_put(copy[path[0]], path[1:], value)
    return copy


def fuzz_route(session: Any, path: str, requests: Any, examples: int, statuses: Counter[int],
               failures: list[str]) -> None:
    """POST `examples` (body, headers) pairs drawn from the Hypothesis strategy `requests` to `path` through a
    TestClient `session`; count each status, and note each 5xx with what was sent."""
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=cast(list[HealthCheck], list(HealthCheck)))
    @given(request=requests)
    def check(request: tuple[bytes, dict[str, bytes]]) -> None:
        body, headers = request
        response = session.post(path, content=body, headers={k.encode(): v for k, v in headers.items()})
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f'{path} {response.status_code}: {headers!r} {body[:200]!r}')

    check()


def with_industries(policy: Policy, industries: list[str], aliases: dict[str, list[str]] | None = None) -> Policy:
    """`policy` with these ICP industries and aliases instead of its own."""
    icp = policy.icp.model_copy(update={'industries': industries, 'industry_aliases': aliases or {}})
    return policy.model_copy(update={'icp': icp})


def industry_action(policy: Policy, industry: str) -> str:
    """What the guards do with an in-size, in-country company of `industry` that the model routes to sales."""
    lead = Lead.from_submission({'email': 'ops@medivia-group.com', 'name': 'Ewa Nowak', 'company': 'Medivia',
                                 'form': 'pricing', 'message': 'Pricing for temperature monitoring in 6 warehouses.'})
    company = Enrichment(domain='medivia-group.com', name='Medivia', employees=900, industry=industry, country='US')
    routed = Classification(**classification(confidence=0.95))
    return decide(lead, precheck(lead, policy, Seen()), company, [], routed, policy).action


def left_as_xfail(cases: list[Any], left: dict[str, str]) -> list[Any]:
    """An attack's cases, those still failing after its fixes as strict xfails with the reason each is left.

    A case is a text, or a tuple whose first item is the text; `left` maps texts to reasons.
    """
    def text(case: Any) -> str:
        return str(cast(tuple[Any, ...], case)[0]) if isinstance(case, tuple) else str(case)

    def values(case: Any) -> tuple[Any, ...]:
        return cast(tuple[Any, ...], case) if isinstance(case, tuple) else (case,)

    return [pytest.param(*values(c), marks=pytest.mark.xfail(strict=True, reason=left[text(c)])) if text(c) in left
            else c for c in cases]


def cpu_seconds(read: Callable[[str], object], text: str) -> float:
    """The CPU time of one reading of `text`, after a reading of a short text has compiled what the reader compiles once
    per process (a cold reader spent 1.0 s of a 1 s bound compiling, when it was the first test in a CI worker).

    CPU time: the other workers of a parallel run do not inflate it.
    """
    read('warm up: please route this to sales')
    start = time.process_time()
    read(text)
    return time.process_time() - start


def best_seconds(read: Callable[[str], object], text: str, tries: int = 3) -> float:
    """The shortest of `tries` readings of `text`: a crafted text's worst case, less the machine's other work.

    Used with a bound of a second for texts of at most 100 KB: linear readings take a tenth of that, while the
    quadratic ones the attacks found took seconds to minutes. `read` must not keep answers (an uncached reading).
    CPU time, as `cpu_seconds`: a reading of 0.67 s took 1.28 s on the clock while the test run's other workers
    shared the machine's two cores.
    """
    best = float('inf')
    for _ in range(tries):
        start = time.process_time()
        read(text)
        best = min(best, time.process_time() - start)
    return best



def guard_seconds(text: str, policy: Policy) -> float:
    """The shortest of three readings of `text` by both injection readings (the phrases and the flags of a field).

    Each reading gets a text of its own (a blank more): the skeleton of a text is kept, and a kept one costs nothing.
    CPU time, as `test_injection`'s bounds: the other worker of a parallel run does not inflate it.
    """
    from lead_agent._injection import flags
    from lead_agent._text import looks_like_injection

    best = float('inf')
    for i in range(3):
        start = time.process_time()
        looks_like_injection(text + ' ' * i)
        flags([text + ' ' * i], policy)
        elapsed = time.process_time() - start
        best = min(best, elapsed)
        if best < 1.0 or elapsed > 3.0:  # within the bound, or far past it: no noise to wait out
            break
    return best


def intake_warning(tmp_path: Path, languages: list[str]) -> str:
    """The warning `load_policy` gives about `intake.languages` for the example policy with these languages."""
    from lead_agent.policy import PolicyWarning, load_policy

    policy = yaml.safe_load((EXAMPLES / 'policy.yaml').read_text())
    policy['local'] = {k: str(EXAMPLES / v) for k, v in policy['local'].items()}
    policy.setdefault('intake', {})['languages'] = languages
    path = tmp_path / 'policy.yaml'
    path.write_text(yaml.safe_dump(policy))
    with pytest.warns(PolicyWarning) as seen:
        load_policy(path)
    return next(str(w.message) for w in seen if 'intake.languages' in str(w.message))
