"""A durable run replayed by newer code or another policy: a worker's recovery after a deploy, `lead-agent runs retry`.

DBOS replays a run's workflow from its checkpoints: the steps it recorded return what they returned, and everything
between them runs again, on the code and policy of the process that resumes it. The guards' decision was made
between the classify step and the action steps: a run that had created its CRM contact under one policy, replayed
under a stricter one (the confidence floor raised), decided `human_review`, asked for the review step where the
run had recorded its contact, and DBOS stopped it: the run ended `failed`, its recorded actions dropped from its
record, and no review item (the review step was refused too)."""

from __future__ import annotations

import pickle
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from dbos import SetWorkflowID, StepInfo

from lead_agent import IntegrationError, Policy, TriageDeps, local_deps, pipeline, triage
from lead_agent.guards import submitter_key
from lead_agent.pipeline import Classified
from lead_agent.runs import _VERSION as VERSION  # pyright: ignore[reportPrivateUsage]
from lead_agent.runs import RUN_QUEUE, Engine
from lead_agent.store import prune, read_outbox

from .helpers import classification, example_lead


@dataclass
class Routed:
    url: str
    run_id: str
    steps: list[StepInfo]


@pytest.fixture
async def routed(policy: Policy, tmp_path: Path) -> AsyncIterator[Routed]:
    """A lead routed to sales by a durable run, under the sample policy: its CRM contact, Slack post and email."""
    run, rec = await _route(policy, tmp_path)
    assert rec.classification is not None and rec.classification.confidence < 0.99
    yield run


async def _route(policy: Policy, tmp_path: Path, edit: Callable[[TriageDeps], TriageDeps] = lambda d: d,
                 ) -> tuple[Routed, Any]:
    """The sample lead through a durable run on a new database (deps changed by `edit`), routed to sales."""
    url = f'sqlite:///{tmp_path / "runs.db"}'
    base = local_deps(policy, database_url=url)
    async with Engine(edit(base)) as engine:
        run_id = await engine.submit(example_lead('01-hospital-group-demo.json'))
        rec = await engine.result(run_id)
        steps = await engine.client.list_workflow_steps_async(run_id)
    base.db.dispose()
    assert rec.state == 'routed_sales', rec.errors
    return Routed(url, run_id, steps), rec


async def _replay(policy: Policy, routed: Routed, after: str = '', *, start: int | None = None,
                  retry_for: float | None = None) -> Any:
    """The run replayed from its checkpoints up to and including step `after` (or before step id `start`: what a
    worker's recovery does for a run cut off there), by an engine on `policy`; the run's record and its review item."""
    deps = local_deps(policy, database_url=routed.url)
    if retry_for is not None:
        deps = replace(deps, retry_for=retry_for)
    if start is None:
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
    every step after, the review step too; the run still ends `failed` with an open review item, and the review
    channel hears of it once (the item was left unannounced before: nobody but the /review page knew of it)."""
    async def other_act(lead: Any, c: Any, d: Any, deps: Any, rec: Any, steps: Any) -> None:
        await steps.run('act.something_else', _nothing)

    monkeypatch.setattr(pipeline, '_act', other_act)
    rec, item = await _replay(policy, routed, after='act.crm_contact')
    assert rec.state == 'failed'
    assert any('DBOSUnexpectedStepError' in e for e in rec.errors), rec.errors
    assert item is not None and item.status == 'open'
    assert len(outbox_of(routed, 'slack_review')) == 1
    assert [a.kind for a in rec.actions][-2:] == ['review_item', 'slack_review']


async def _nothing() -> None:
    return None


def test_the_classify_checkpoint_holds_the_decision() -> None:
    """What `_judge` returns pickles with its decision (DBOS's default serializer is pickle)."""
    from lead_agent.models import Classification, Decision

    out = Classified(Classification.model_validate(classification()),
                     decision=Decision(action='auto_route_sales', assigned_to='sales', priority='high'))
    back = pickle.loads(pickle.dumps(out))
    assert back.decision == out.decision


# --- helper-73's attack on 0433879 and ab461e5 (branch attack-73): each failed before; they assert what happens since
def outbox(deps: TriageDeps, kind: str | None = None) -> list[dict[str, Any]]:
    return read_outbox(deps.db, kind)


# --- 0433879: a run replayed on another policy ---------------------------------------------------------------------
class _FlakySummary:
    """A notifier whose first Slack summary fails as Slack being down (503), then posts."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.failures = inner, 1

    async def post_summary(self, *a: Any, **kw: Any) -> Any:
        if self.failures:
            self.failures -= 1
            raise IntegrationError('slack', 'chat.postMessage: service unavailable', status=503)
        return await self.inner.post_summary(*a, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _without_templates(policy: Policy) -> Policy:
    """The policy after a deploy that dropped the acknowledgement emails (the templates went, or were renamed)."""
    return policy.model_copy(update={'email_templates': {}})


@pytest.fixture
async def slack_blip(policy: Policy, tmp_path: Path) -> AsyncIterator[Routed]:
    """A lead routed to sales by a durable run whose first Slack summary met Slack down: retried after 1 s, posted."""
    run, _ = await _route(policy, tmp_path, lambda d: replace(d, notifier=_FlakySummary(d.notifier), retry_for=5.0))
    names = [s['function_name'] for s in run.steps]
    assert names.count('act.slack_summary') == 2 and 'act.email_ack' in names, names
    yield run


async def test_a_run_replayed_after_the_email_templates_changed_is_refused_by_dbos(policy: Policy,
                                                                                   slack_blip: Routed) -> None:
    """0433879 says a run resumed on another policy 'acts as it decided, down the action steps it had taken'. But
    which action steps a routed run takes still depends on the policy between the steps: `route()` asks for the
    `act.email_ack` step when `policy.email_templates` has the team's template *now*, not from the checkpointed
    decision (`Decision.acknowledge`). A run cut off while Slack was down (its summary failed transiently, its email
    sent, its retry waiting) and recovered by a worker on a policy without that template replays the summary, asks
    for no email, and asks for its retry's `clock` where the run recorded `act.email_ack`: DBOS refuses
    (DBOSUnexpectedStepError) and the run ends `failed` in the review queue, its email dropped from its record. On
    the same policy the same replay routes (the summary's retry posts). The run had decided and begun to route;
    it should finish routing, as 0433879 promises."""
    rec = (await _replay(_without_templates(policy), slack_blip, after='act.email_ack', retry_for=5.0))[0]
    assert not any('DBOSUnexpectedStepError' in e for e in rec.errors), rec.errors
    assert rec.state == 'routed_sales', rec.errors


async def test_a_run_dbos_refused_is_left_in_the_queue_without_telling_the_review_channel(policy: Policy,
                                                                                           slack_blip: Routed) -> None:
    """0433879's fallback for a replay DBOS refuses enqueues the run's review item outside the steps, and nothing
    else: the review channel is never told. Every other run that ends `failed` (an action failed, a bug) posts its
    review item to the review channel (`_to_review(notify=True)`), and nothing posts an item later (the SLA check
    works from the posts). A run refused after a deploy (here: recovered mid-retry on a policy without the email
    template, as in the test above, but cut off in its durable sleep before the summary's retry, the moment a
    Slack outage makes likely: its retry's clock and sleep are recorded after the email, so the review steps are
    refused too) ends `failed` with an open item nobody hears of: a lead whose CRM contact was made and whose
    acknowledgement was sent waits on the /review page alone."""
    retry = [s['function_id'] for s in slack_blip.steps if s['function_name'] == 'act.slack_summary'][-1]
    rec = (await _replay(_without_templates(policy), slack_blip, start=retry, retry_for=5.0))[0]
    # Since the email step is asked for by the checkpointed decision, this replay takes the steps the run had taken:
    # not refused, routed. (A replay DBOS refuses for another reason gets its item and its post: the test above.)
    assert rec.state == 'routed_sales', rec.errors
    assert [a.kind for a in rec.actions] == ['crm_contact', 'slack_summary', 'email_ack']


async def test_a_run_replayed_after_the_email_templates_changed_drops_its_sent_email_from_the_record(
        policy: Policy, routed: Routed) -> None:
    """The same gap without a refusal: a run cut off after its acknowledgement email (before its record), recovered
    on a policy without the team's template, replays its summary, asks for no email, and records `routed_sales`
    with the actions [crm_contact, slack_summary]: the email the run sent (its step recorded, the outbox row there)
    is gone from the run's record, which is what a reviewer and `lead-agent log` read. The record is meant to be
    what the checkpoints rebuild."""
    rec = (await _replay(_without_templates(policy), routed, after='act.email_ack', retry_for=5.0))[0]
    assert len(outbox_of(routed, 'email_ack')) == 1  # the email went
    assert [a.kind for a in rec.actions] == ['crm_contact', 'slack_summary', 'email_ack'], rec.actions


def outbox_of(run: Routed, kind: str) -> list[dict[str, Any]]:
    from lead_agent.store import Database

    db = Database(run.url)
    try:
        return [r for r in read_outbox(db, kind) if r['run_id'] == run.run_id]
    finally:
        db.dispose()


# --- ab461e5: the flood notice --------------------------------------------------------------------------------------
def _windows(policy: Policy, *, rate_seconds: int, dedupe_hours: float) -> Policy:
    t = policy.thresholds
    rate = t.rate_limit.model_copy(update={'window_seconds': rate_seconds})
    return policy.model_copy(update={'thresholds': t.model_copy(update={'rate_limit': rate,
                                                                          'dedupe_window_hours': dedupe_hours})})


async def test_pruning_the_dedupe_keys_reannounces_a_flood_within_its_window(policy: Policy, sqlite_url: str) -> None:
    """The flood notice's claim (`flood:KEY`) lives among the dedupe keys, claimed for the rate-limit window; the
    workers' pruning (`store.prune`, every 10 minutes) deletes dedupe keys older than the *dedupe* window. With a
    rate-limit window longer than the dedupe window (a valid policy: say 10 a day, copies caught for 12 hours), the
    claim is pruned mid-window and the next rate-limited run of the same flood claims the notice again: the review
    channel hears of one submitter's flood twice in one window ('the first one per submitter and window')."""
    pol = _windows(policy, rate_seconds=2 * 3600, dedupe_hours=1.0)
    deps = local_deps(pol, database_url=sqlite_url)
    try:
        lead = example_lead('01-hospital-group-demo.json')
        key = submitter_key(lead.source_ip, lead.email)
        leads = [lead.model_copy(update={'message': f'{lead.message} #{i}', 'rate_key': key}) for i in range(7)]
        states = [(await triage(one, deps)).state for one in leads]
        assert states == ['routed_sales'] * 5 + ['rate_limited'] * 2
        assert len(outbox(deps, 'slack_review')) == 1
        later = deps.now() + timedelta(minutes=70)  # still inside the 2-hour rate-limit window
        await prune(deps.db, later, rate_window=timedelta(seconds=2 * 3600), dedupe_window=timedelta(hours=1))
        more = await triage(lead.model_copy(update={'message': f'{lead.message} #late', 'rate_key': key}),
                            replace(deps, now=lambda: later))
        assert more.state == 'rate_limited'
        assert len(outbox(deps, 'slack_review')) == 1
    finally:
        deps.db.dispose()
