"""A durable run replayed by newer code or another policy: a worker's recovery after a deploy, `lead-agent runs retry`.

DBOS replays a run's workflow from its checkpoints: the steps it recorded return what they returned, and everything
between them runs again, on the code and policy of the process that resumes it. The guards' decision was made
between the classify step and the action steps: a run that had created its CRM contact under one policy, replayed
under a stricter one (the confidence floor raised), decided `human_review`, asked for the review step where the
run had recorded its contact, and DBOS stopped it: the run ended `failed`, its recorded actions dropped from its
record, and no review item (the review step was refused too)."""

from __future__ import annotations

import pickle
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dbos import SetWorkflowID, StepInfo

from lead_agent import Policy, local_deps, pipeline
from lead_agent.pipeline import Classified
from lead_agent.runs import _VERSION as VERSION  # pyright: ignore[reportPrivateUsage]
from lead_agent.runs import RUN_QUEUE, Engine

from .helpers import classification, example_lead


@dataclass
class Routed:
    url: str
    run_id: str
    steps: list[StepInfo]


@pytest.fixture
async def routed(policy: Policy, tmp_path: Path) -> AsyncIterator[Routed]:
    """A lead routed to sales by a durable run, under the sample policy: its CRM contact, Slack post and email."""
    url = f'sqlite:///{tmp_path / "runs.db"}'
    deps = local_deps(policy, database_url=url)
    async with Engine(deps) as engine:
        run_id = await engine.submit(example_lead('01-hospital-group-demo.json'))
        rec = await engine.result(run_id)
        steps = await engine.client.list_workflow_steps_async(run_id)
    deps.db.dispose()
    assert rec.state == 'routed_sales', rec.errors
    assert rec.classification is not None and rec.classification.confidence < 0.99
    yield Routed(url, run_id, steps)


async def _replay(policy: Policy, routed: Routed, after: str) -> Any:
    """The run replayed from its checkpoints up to and including step `after` (what a worker's recovery does for a
    run cut off just after it), by an engine on `policy`; the run's record and its review item."""
    deps = local_deps(policy, database_url=routed.url)
    start = next(s['function_id'] for s in routed.steps if s['function_name'] == after) + 1
    async with Engine(deps) as engine:
        with SetWorkflowID(f'{routed.run_id}.retry0'):
            handle = await engine.client.fork_workflow_async(routed.run_id, start, queue_name=RUN_QUEUE,
                                                             application_version=VERSION)
        rec = await engine.result(handle.workflow_id, run_id=routed.run_id)
        item = next((i for i in await deps.review.items(None) if i.run_id == routed.run_id), None)
    deps.db.dispose()
    return rec, item


def _strict(policy: Policy) -> Policy:
    return policy.model_copy(update={'thresholds': policy.thresholds.model_copy(update={'confidence_floor': 0.99})})


async def test_a_run_replayed_under_a_stricter_policy_acts_as_it_decided(policy: Policy, routed: Routed) -> None:
    rec, item = await _replay(_strict(policy), routed, after='act.crm_contact')
    assert rec.state == 'routed_sales', rec.errors
    assert rec.decision is not None and rec.decision.action == 'auto_route_sales'
    assert [a.kind for a in rec.actions] == ['crm_contact', 'slack_summary', 'email_ack']
    assert item is None


async def test_a_checkpoint_recorded_before_decisions_were_is_decided_again(policy: Policy, routed: Routed,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A classify checkpoint pickled by the code before holds no `decision`: read back, it has none, and the run
    decides as it did then (on the policy of the process that resumes it)."""
    out = Classified(None, 'model_error', 'x')
    del out.__dict__['decision']  # what an older version's pickle holds
    assert pickle.loads(pickle.dumps(out)).decision is None

    async def old_judge(lead: Any, agent_deps: Any, pre: Any, got: Any, deps: Any) -> Classified:
        return await pipeline._classify(lead, agent_deps, deps)  # pyright: ignore[reportPrivateUsage]

    monkeypatch.setattr(pipeline, '_judge', old_judge)
    rec, _ = await _replay(policy, routed, after='classify')
    assert rec.state == 'routed_sales', rec.errors


async def test_a_replay_refused_by_dbos_still_leaves_the_run_for_a_person(policy: Policy, routed: Routed,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Another source of a replay that takes other steps (code changed without a new workflow version): DBOS refuses
    every step after, the review step too; the run still ends `failed` with an open review item."""
    async def other_act(lead: Any, c: Any, d: Any, deps: Any, rec: Any, steps: Any) -> None:
        await steps.run('act.something_else', _nothing)

    monkeypatch.setattr(pipeline, '_act', other_act)
    rec, item = await _replay(policy, routed, after='act.crm_contact')
    assert rec.state == 'failed'
    assert any('DBOSUnexpectedStepError' in e for e in rec.errors), rec.errors
    assert item is not None and item.status == 'open'


async def _nothing() -> None:
    return None


def test_the_classify_checkpoint_holds_the_decision() -> None:
    """What `_judge` returns pickles with its decision (DBOS's default serializer is pickle)."""
    from lead_agent.models import Classification, Decision

    out = Classified(Classification.model_validate(classification()),
                     decision=Decision(action='auto_route_sales', assigned_to='sales', priority='high'))
    back = pickle.loads(pickle.dumps(out))
    assert back.decision == out.decision
