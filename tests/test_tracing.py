from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from dirty_equals import IsFloat, IsInt
from inline_snapshot import snapshot
from logfire.testing import CaptureLogfire
from pydantic_ai import models

from lead_agent import Policy, TriageDeps, local_deps, triage
from lead_agent.llm import build_model, model_settings
from lead_agent.tracing import configure_tracing, instrument, span, uninstrument

from .fakes.llm_server import FakeLLMServer, final, tool_calls
from .helpers import classification, example_lead


@pytest.fixture
def traced(capfire: CaptureLogfire) -> Iterator[CaptureLogfire]:
    instrument(personal_data=False)  # on capfire's configured Logfire, as a host that configures it itself would
    try:
        yield capfire
    finally:
        uninstrument()


def _tree(spans: list[dict[str, Any]]) -> list[str]:
    by_id = {s['context']['span_id']: s for s in spans}

    def depth(s: dict[str, Any]) -> int:
        parent = s.get('parent')
        return 0 if not parent or parent['span_id'] not in by_id else 1 + depth(by_id[parent['span_id']])

    ordered = sorted(spans, key=lambda s: s['start_time'])
    return ['  ' * depth(s) + s['name'] for s in ordered]


async def test_span_tree_of_one_run_with_an_llm(traced: CaptureLogfire, policy: Policy, sqlite_url: str) -> None:
    lead = example_lead('01-hospital-group-demo.json')
    with FakeLLMServer() as server, models.override_allow_model_requests(True):
        model = build_model('openai-compatible:gpt-4o-mini', policy, base_url=server.openai_base_url, api_key='k',
                            fallback=False)
        deps: TriageDeps = local_deps(policy, database_url=sqlite_url, model=model)
        deps = replace(deps, model_settings=model_settings())
        server.script(tool_calls([('lookup_company', {'domain': 'havenhospitals.com'})]), final(classification()))
        rec = await triage(lead, deps)
        deps.db.dispose()  # type: ignore[attr-defined]
    assert rec.state == 'routed_sales'
    spans = traced.exporter.exported_spans_as_dict()
    assert _tree(spans) == snapshot(
        [
            'Triage lead',
            '  Check submission',
            '  Retrieve context',
            '  Classify lead',
            '    invoke_agent lead_classifier',
            '      chat gpt-4o-mini',
            '        POST',
            '      execute_tool lookup_company',
            '      chat gpt-4o-mini',
            '        POST',
            '  Decide action',
            '  Act on decision',
            '  Record run',
        ]
    )
    run = next(s for s in spans if s['name'] == 'Triage lead')
    attrs = {k: v for k, v in run['attributes'].items() if not k.startswith(('code.', 'logfire.'))}
    assert attrs == snapshot(
        {
            'run_id': rec.run_id,
            'source': 'api',
            'dedupe_key': rec.dedupe_key,
            'terminal_state': 'routed_sales',
            'action': 'auto_route_sales',
            'rules_fired': '[]',
            'latency_ms': IsFloat(gt=0),
            'model': 'gpt-4o-mini',
            'input_tokens': IsInt(gt=500),
            'output_tokens': IsInt(gt=50),
            'cost_usd': IsFloat(gt=0),
        }
    )
    # No personal data anywhere in the trace: not in our spans, not in pydantic-ai's, not in the HTTP spans.
    dump = json.dumps(spans, default=str)
    for secret in (lead.email, lead.name, lead.phone or '', lead.message[:40], 'sk-test', 'Bearer k'):
        assert secret not in dump, secret


async def test_tracing_off_costs_no_span_even_on_a_configured_logfire(
        capfire: CaptureLogfire, policy: Policy, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ('LOGFIRE_TOKEN', 'OTEL_EXPORTER_OTLP_ENDPOINT'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('LOGFIRE_IGNORE_NO_CONFIG', '1')  # what configure_tracing('off') sets, undone after
    assert configure_tracing('off') is False
    assert span('Triage lead', run_id='r') is span('Record run')  # one shared no-op
    deps = local_deps(policy, database_url=sqlite_url)
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    deps.db.dispose()  # type: ignore[attr-defined]
    assert rec.state == 'routed_sales'
    # Neither lead-agent's spans nor pydantic-ai's instrumentation: nothing reached the configured Logfire.
    assert capfire.exporter.exported_spans_as_dict() == []
