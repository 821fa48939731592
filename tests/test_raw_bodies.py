"""Raw bodies: every accepted delivery's body kept as received, with its runs; shown to reviewers; erased and aged out."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from lead_agent import Lead, Policy, TriageDeps, local_deps
from lead_agent.cli import app as cli_app
from lead_agent.erase import apply_retention, erase_email
from lead_agent.guards import Seen, precheck
from lead_agent.models import MAX_EXTRA_KEY_CHARS
from lead_agent.runs import Engine, queued_record
from lead_agent.shadow import dry_run_deps
from lead_agent.store import RawBody, head_revision, raw_body_of, upgrade
from lead_agent.store._schema import raw_bodies, runs
from lead_agent.web import HostSettings, create_app
from lead_agent.web.review import RAW_SHOWN, review_router
from lead_agent.webhooks import parse

from .helpers import EXAMPLES, example_lead
from .test_migrations import _differences  # pyright: ignore[reportPrivateUsage]
from .test_shadow import _database_at  # pyright: ignore[reportPrivateUsage]
from .test_webhooks import PAYLOADS, sign
from .test_webhooks import SECRET as VENDOR_SECRET

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _bodies(deps: TriageDeps) -> list[tuple[str, bool]]:
    with deps.db.engine.connect() as conn:
        return sorted((row.body, row.dry_run) for row in conn.execute(select(raw_bodies)))


SAVED = {'typeform': 'typeform_form_response.json', 'tally': 'tally_form_response.json',
         'webflow': 'webflow_form_submission.json'}


async def test_each_vendors_saved_payload_is_kept_as_sent_through_its_run(
        deps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """A host that only queues (`external`), then a worker: each finished run's raw body is the bytes its vendor sent."""
    for vendor in SAVED:
        monkeypatch.setenv(f'WEBHOOK_SECRET_{vendor.upper()}', VENDOR_SECRET)
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    sent = {vendor: (PAYLOADS / saved).read_bytes() for vendor, saved in SAVED.items()}
    app = create_app(HostSettings(), deps=deps)  # pyright: ignore[reportCallIssue]
    run_ids: dict[str, str] = {}
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        for vendor, body in sent.items():
            answer = await c.post(f'/webhooks/{vendor}', content=body,
                                  headers=sign(vendor, body, VENDOR_SECRET, now=time.time()))
            assert answer.status_code == 202, answer.text
            [run_ids[vendor]] = answer.json()['run_ids']
    for vendor, run_id in run_ids.items():  # stored with the run, before any worker ran
        queued = await raw_body_of(deps.db, run_id)
        assert queued is not None and queued.body.encode() == sent[vendor], vendor
    async with Engine(deps) as worker:
        done = [await worker.result(run_id) for run_id in run_ids.values()]
    assert {r.state for r in done} <= {'routed_sales', 'routed_support', 'review', 'rejected'}  # final records
    for vendor, run_id in run_ids.items():
        kept = await raw_body_of(deps.db, run_id)
        assert kept is not None and kept.body.encode() == sent[vendor] and not kept.dry_run, vendor
    assert _bodies(deps) == sorted((body.decode(), False) for body in sent.values())  # one row each


async def test_a_delivery_of_two_leads_stores_its_body_once_and_erasure_and_retention_remove_it(
        deps: TriageDeps) -> None:
    tom = [queued_record(example_lead('02-physio-pricing.json', message=m), f'tom{i}', T0)
           for i, m in enumerate(('Pricing for two physios?', 'And for three?'))]
    other = queued_record(example_lead('01-hospital-group-demo.json'), 'other', T0 + timedelta(days=30))
    shared = RawBody.of(b'{"leads": ["tom", "tom again"]}', T0)
    async with Engine(deps, execute=False) as engine:
        await engine.accept([(tom[0], None), (tom[1], None), (other, None)],
                            {'tom0': shared, 'tom1': shared, 'other': RawBody.of(b'{"lead": "other"}', other.received_at)})
    with deps.db.engine.connect() as conn:
        keys = dict(conn.execute(select(runs.c.run_id, runs.c.raw_key)).all())
    assert keys['tom0'] == keys['tom1'] == shared.key and keys['other'] != shared.key
    assert _bodies(deps) == [('{"lead": "other"}', False), ('{"leads": ["tom", "tom again"]}', False)]

    erased = await erase_email(deps.db, tom[0].lead.email if tom[0].lead else '', by='dpo', now=T0)
    assert erased.counts['raw_bodies'] == 1 and sorted(erased.run_ids) == ['tom0', 'tom1']
    assert _bodies(deps) == [('{"lead": "other"}', False)]
    assert await raw_body_of(deps.db, 'tom0') is None

    kept = await apply_retention(deps.db, 365, by='cron', now=T0 + timedelta(days=365 + 29))
    assert kept.counts['raw_bodies'] == 0 and _bodies(deps) == [('{"lead": "other"}', False)]  # not old enough yet
    aged = await apply_retention(deps.db, 365, by='cron', now=T0 + timedelta(days=365 + 31))
    assert aged.counts['raw_bodies'] == 1 and _bodies(deps) == []


async def test_a_dry_runs_raw_body_is_marked_dry(deps: TriageDeps) -> None:
    live, dry = (queued_record(example_lead('01-hospital-group-demo.json'), run_id, T0, dry_run=run_id == 'dry')
                 for run_id in ('live', 'dry'))
    async with Engine(deps, execute=False) as engine:  # a live host given a run queued dry
        await engine.accept([(live, None), (dry, None)],
                            {'live': RawBody.of('live body', T0), 'dry': RawBody.of('dry body', T0)})
    async with Engine(dry_run_deps(deps), execute=False) as shadow:  # a dry-run host: all of its runs
        rec = queued_record(example_lead('02-physio-pricing.json'), 'shadow', T0, dry_run=True)
        await shadow.accept([(rec, None)], {'shadow': RawBody.of('shadow body', T0)})
    assert _bodies(deps) == [('dry body', True), ('live body', False), ('shadow body', True)]


def test_the_upgrade_to_0006_adds_raw_bodies_and_keeps_the_runs(database_url: str) -> None:
    db = _database_at(database_url, '0005')
    try:
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO runs (run_id, dedupe_key, received_at, state, record) "
                              "VALUES ('r-old', 'k', '2026-01-02 03:04:05', 'routed_sales', '{}')"))
        assert upgrade(db) == ('0005', head_revision())
        assert _differences(db) == []
        with db.engine.connect() as conn:
            assert conn.execute(select(runs.c.run_id, runs.c.raw_key)).all() == [('r-old', None)]
            assert conn.execute(select(func.count()).select_from(raw_bodies)).scalar_one() == 0
    finally:
        db.dispose()


def test_a_cut_or_nameless_answer_flags_the_run_raw_body_has_more(policy: Policy) -> None:
    long_key = 'Which of our clinics do you mean, ' * 10
    cut = Lead.from_submission({'email': 'ana@clinic.example', long_key: 'the one in Leeds'})
    whole = Lead.from_submission({'email': 'ana@clinic.example', 'Which clinic?': 'the one in Leeds'})
    long_name = Lead.from_submission({'email': 'ana@clinic.example', 'name': 'Ana ' * 200})
    assert len(long_key) > MAX_EXTRA_KEY_CHARS and (cut.answers_cut, whole.answers_cut, long_name.answers_cut) == (
        True, False, True)
    assert 'raw_body_has_more' in precheck(cut, policy, Seen()).flags
    assert 'raw_body_has_more' not in precheck(whole, policy, Seen()).flags

    tally = json.loads((PAYLOADS / 'tally_form_response.json').read_bytes())
    [inbound] = parse('tally', json.dumps(tally).encode(), {}, policy.intake)
    assert not inbound.lead.answers_cut  # the vendor's sample: every answer placed whole
    tally['data']['fields'].append({'type': 'INPUT_TEXT', 'value': 'an answer to a question with no label or key'})
    [inbound] = parse('tally', json.dumps(tally).encode(), {}, policy.intake)
    assert inbound.lead.answers_cut


HOSTILE = ('\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ \x1b[2J [link=https://evil.example]pay[/link] [/] '
           '<script>alert(1)</script> \x9b31m')


def test_review_show_and_the_page_show_the_raw_body_escaped(cli: CliRunner, tmp_path: Path, policy: Policy) -> None:
    """A CSV row read by the CLI is its run's raw body: printed whole by `review show` with controls and markup inert,
    and on /review collapsed, escaped, and cut to `RAW_SHOWN` characters."""
    long_key = 'x' * 300
    rows = tmp_path / 'leads.csv'
    rows.write_text(f'email,name,message,notes,{long_key}\n'
                    f'mark.jensen1979@gmail.com,Mark Jensen,How much for two doctors?,"{HOSTILE}",'
                    f'{"y" * (RAW_SHOWN + 100)}\n', encoding='utf-8')
    triaged = cli.invoke(cli_app, ['triage', '--json', str(rows)])
    [rec] = [json.loads(line) for line in triaged.stdout.splitlines() if line.startswith('{')]
    assert rec['state'] == 'review' and 'raw_body_has_more' in rec['flags'], triaged.output

    shown = cli.invoke(cli_app, ['review', 'show', rec['run_id'][:12]])
    assert shown.exit_code == 0, shown.output
    assert '\x1b' not in shown.stdout and '\x9b' not in shown.stdout
    assert '[link=https://evil.example]pay[/link] [/]' in shown.stdout  # printed as written, not as markup
    assert long_key in shown.stdout and 'y' * (RAW_SHOWN + 100) in shown.stdout  # all of it
    assert '\\u001b]8;;https://evil.example' in shown.stdout

    deps = local_deps(policy, database_url=f'sqlite:///{tmp_path / "cli.db"}')
    try:
        app = FastAPI()
        app.include_router(review_router(deps, users={'dana': 'pw'}, secret_key='k'))
        page = TestClient(app).get('/review', auth=('dana', 'pw'))
    finally:
        deps.db.dispose()
    assert page.status_code == 200
    html = page.text
    assert '<details><summary>as received' in html and f'the first {RAW_SHOWN} shown' in html
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in html and '<script>' not in html
    assert long_key in html and 'y' * (RAW_SHOWN + 100) not in html
