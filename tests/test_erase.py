"""Erasure and retention: one person's data leaves every table, the eval log keeps its figures, an audit row stays."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import MetaData, insert, select
from typer.testing import CliRunner

from lead_agent import Lead, TriageDeps, triage
from lead_agent.cli import app
from lead_agent.erase import (
    ERASED,
    ERASED_FLAG,
    Forgotten,
    apply_retention,
    erase_email,
    forget_workflows,
    redact_record,
)
from lead_agent.guards import submitter_key
from lead_agent.policy import Policy
from lead_agent.store import Database
from lead_agent.store._schema import email_acks, enrichment_cache, erasures, ip_hits, metadata, slack_messages

from .helpers import EXAMPLES, example_lead

TOM = json.loads((EXAMPLES / 'leads' / '02-physio-pricing.json').read_text())
PERSONAL = [TOM['email'], TOM['name'], TOM['message'][:40], TOM['source_ip']]
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def dump(db: Database, tables: MetaData = metadata) -> str:
    """Every row of every table, as text."""
    with db.engine.connect() as conn:
        return '\n'.join(str(tuple(row)) for table in tables.sorted_tables for row in conn.execute(select(table)))


def leaked(text: str) -> list[str]:
    return [p for p in PERSONAL if p.casefold() in text.casefold()]


async def test_erase_one_address_everywhere(deps: TriageDeps) -> None:
    deps = replace(deps, now=lambda: T0)
    tom = await triage(Lead.from_submission(TOM), deps)
    others = [await triage(example_lead(n), deps) for n in ('01-hospital-group-demo.json', '06-free-email-buyer.json')]
    await triage(Lead.from_submission({**TOM, 'message': 'Any update on pricing? Tom'}), deps)  # a second run
    await deps.intake.hit(submitter_key(None, TOM['email']), T0, 3600, 'hit-1')
    await deps.intake.hit(submitter_key(TOM['source_ip'], TOM['email']), T0, 3600, 'hit-2')
    other_key = submitter_key(None, 'someone@else.example')
    await deps.intake.hit(other_key, T0, 3600, 'hit-3')
    with deps.db.engine.begin() as conn:  # the rows the Slack and SMTP backends keep (the local ones use the outbox)
        conn.execute(insert(slack_messages).values(run_id=tom.run_id, kind='slack_summary', channel='C042',
                                                   ts='1732464000.000100', blocks=json.dumps([TOM['name']]),
                                                   posted_at=T0))
        conn.execute(insert(email_acks).values(run_id=tom.run_id, message_id='<ack-1@careflow.example>',
                                               recipient=TOM['email'], claimed_at=T0, sent_at=T0))
        for domain in (TOM['email'].rpartition('@')[2], 'gmail.com', 'havenhospitals.com'):  # what lookups cached
            conn.execute(insert(enrichment_cache).values(domain=domain, enrichment=None, fetched_at=T0))
    assert leaked(dump(deps.db))
    before = {r.run_id: r for r in others}

    done = await erase_email(deps.db, TOM['email'].upper(), by='dpo@careflow.example', now=T0)

    assert leaked(dump(deps.db)) == []
    assert done.counts == {'runs': 2, 'review_items': 0, 'slack_messages': 1, 'email_acks': 1, 'outbox': 4,
                           'dedupe_keys': 2, 'ip_hits': 2, 'crm_notes': 2, 'crm_contacts': 1, 'crm_history': 0,
                           'enrichment_cache': 1, 'raw_bodies': 0}
    assert done.slack == [('C042', '1732464000.000100')] and done.acks == [('<ack-1@careflow.example>', T0)]
    assert done.crm_refs == []  # the local CRM's contact is erased above, not left for a person in HubSpot
    for rec in others:  # the other leads are untouched
        assert await deps.runs.get(rec.run_id) == before[rec.run_id]
    erased = await deps.runs.get(tom.run_id)
    assert erased is not None and erased.lead is not None and erased.classification is not None
    assert tom.classification is not None and tom.decision is not None
    assert (erased.state, erased.decision, erased.latency_ms, erased.usage, erased.cost_usd) == (
        tom.state, tom.decision, tom.latency_ms, tom.usage, tom.cost_usd)
    assert erased.classification.fit_score == tom.classification.fit_score
    assert erased.classification.summary_for_slack == ERASED and ERASED_FLAG in erased.flags
    assert (erased.lead.email, erased.lead.form) == ('erased@erased.example', 'pricing')
    with deps.db.engine.connect() as conn:
        [audit] = conn.execute(select(erasures)).mappings().all()
        assert [r.ip for r in conn.execute(select(ip_hits.c.ip))] == [other_key]
    assert audit['kind'] == 'email' and audit['requested_by'] == 'dpo@careflow.example'
    assert len(audit['subject_sha256']) == 64 and json.loads(audit['counts'])['runs'] == 2
    assert await forget_workflows(deps.db, done.run_ids) == Forgotten(0)  # run in-process: nothing checkpointed

    again = await erase_email(deps.db, TOM['email'], by='dpo', now=T0)  # idempotent: nothing left to find
    assert set(again.counts.values()) == {0}


async def test_a_record_read_before_an_erasure_and_saved_after_does_not_bring_it_back(deps: TriageDeps) -> None:
    """helper-59: an approval that read the run before `lead-agent erase --email` saved it whole after, name, address
    and message included. A save over an erased run leaves it erased."""
    deps = replace(deps, now=lambda: T0)
    held = await triage(Lead.from_submission({**TOM, 'email': 'tom@gmail.com'}), deps)  # free email: to review
    read = await deps.runs.get(held.run_id)
    assert read is not None and read.state == 'review'
    await erase_email(deps.db, 'tom@gmail.com', by='dpo@careflow.example', now=T0)
    read.state = 'routed_sales'
    await deps.runs.save(read)
    after = await deps.runs.get(held.run_id)
    assert after is not None and ERASED_FLAG in after.flags and after.state == 'review'
    assert leaked(dump(deps.db)) == []


async def test_a_save_over_an_erased_run_adds_only_its_actions(deps: TriageDeps) -> None:
    """A run (or an approval) still going when its person was erased saves after: the erased record keeps what it was
    and gains the save's actions, redacted (ids, no errors), once each; the erasure's second look names the CRM
    contact. helper-98: on PostgreSQL nothing was added (the upsert's rowcount is -1 there, not 0)."""
    from lead_agent.erase import erase_leftovers
    from lead_agent.models import ActionResult

    deps = replace(deps, now=lambda: T0)
    rec = await triage(Lead.from_submission(TOM), deps)
    first = await erase_email(deps.db, TOM['email'], by='dpo', now=T0)
    late = rec.model_copy(update={'actions': [*rec.actions, ActionResult(
        kind='crm_contact', status='done', ref='hs-late', error=f'slow for {TOM["name"]}')]})
    await deps.runs.save(late)
    await deps.runs.save(late)  # again (a resumed run): nothing more
    stored = await deps.runs.get(rec.run_id)
    named = (await erase_leftovers(deps.db, first)).crm_refs
    assert stored is not None and ERASED_FLAG in stored.flags and stored.state == rec.state
    assert [a.ref for a in stored.actions].count('hs-late') == 1 and named == ['hs-late']
    assert leaked(dump(deps.db)) == []


async def test_retention_redacts_only_old_runs(deps: TriageDeps) -> None:
    old_time, now = T0 - timedelta(days=400), T0
    old = await triage(Lead.from_submission(TOM), replace(deps, now=lambda: old_time))
    await deps.intake.hit(submitter_key(None, TOM['email']), old_time, 3600, 'hit-old')
    new = await triage(example_lead('01-hospital-group-demo.json'), replace(deps, now=lambda: now))

    done = await apply_retention(deps.db, deps.policy.thresholds.retention_days, by='cron', now=now)

    assert done.run_ids == [old.run_id]
    assert await deps.runs.get(old.run_id) == redact_record(old)
    assert await deps.runs.get(new.run_id) == new
    assert done.counts['ip_hits'] == 1 and done.counts['outbox'] == 2
    assert TOM['name'] in dump(deps.db)  # the CRM keeps contacts: retention strips runs, the CRM is their record
    kept = MetaData()
    for table in metadata.sorted_tables:
        if not table.name.startswith('crm_'):
            table.to_metadata(kept)
    text = dump(deps.db, kept)
    assert leaked(text) == [] and 'Priya Raman' in text  # the recent run stays
    again = await apply_retention(deps.db, 365, by='cron', now=now)
    assert again.run_ids == []


def test_cli_erase_then_log(cli: CliRunner, tmp_path: Path) -> None:
    triaged = cli.invoke(app, ['triage', str(EXAMPLES / 'leads')])
    assert triaged.exit_code == 0, triaged.output
    db = Database(f'sqlite:///{tmp_path / "cli.db"}')
    try:
        everything = MetaData()
        everything.reflect(db.engine)  # the durable-run engine's tables too: their inputs hold the lead
        assert leaked(dump(db, everything))

        refused = cli.invoke(app, ['erase', '--email', TOM['email']], input='n\n')
        assert refused.exit_code == 1
        result = cli.invoke(app, ['erase', '--email', TOM['email'], '--yes', '--by', 'dpo'])
        assert result.exit_code == 0, result.output
        assert 'erased: crm_contacts 1, crm_notes 1, dedupe_keys 1, outbox 2, raw_bodies 1, runs 1, workflows 1' in result.stdout
        # The local CRM's contact was just erased: none is named as HubSpot's to erase by hand (helper-47)
        assert f'- HubSpot: the contact for {TOM["email"]} and its notes\n' in result.stdout
        assert '- Slack messages (channel ts): none recorded' in result.stdout

        everything = MetaData()
        everything.reflect(db.engine)
        assert leaked(dump(db, everything)) == []
        with db.engine.connect() as conn:
            assert TOM['email'] not in str(conn.execute(select(erasures)).all())
    finally:
        db.dispose()

    log = cli.invoke(app, ['log'])
    assert log.exit_code == 0, log.output
    assert 'runs per state: rejected 2, review 5, routed_sales 5, routed_support 1' in log.stdout
    assert 'erased.example' in log.stdout

    bad = cli.invoke(app, ['erase', '--yes'])
    assert bad.exit_code == 2 and 'give --email ADDRESS or --older-than-retention' in bad.stderr
    retention = cli.invoke(app, ['erase', '--older-than-retention', '--yes'])
    assert retention.exit_code == 0 and 'erased: nothing' in retention.stdout


async def test_forgetting_the_checkpoints_of_thousands_of_runs(policy: Policy, sqlite_url: str) -> None:
    """helper-95: the engine's checkpoints of the runs an erasure or a retention pass touched were looked up in one
    statement, four ids a run: past ~16,000 runs PostgreSQL refuses so many parameters (65,535) and past ~62,000
    SQLite here (250,000), and the retention of a large database failed after redacting its runs, their checkpoints
    (which hold the lead) kept. On SQLite only: an in-process engine and client on PostgreSQL here left connections
    for the garbage collector in CI runs (not traced)."""
    from lead_agent.deps import local_deps
    from lead_agent.runs import Engine

    deps = local_deps(policy, database_url=sqlite_url)
    try:
        async with Engine(deps) as engine:
            run_id = await engine.submit(example_lead('02-physio-pricing.json'))
            await engine.result(run_id)
        forgotten = await forget_workflows(deps.db, [run_id, *(f'{i:032x}' for i in range(70_000))])
    finally:
        deps.db.dispose()
    assert forgotten == Forgotten(1)  # the run's own workflow; the others never ran


async def test_retention_over_more_runs_than_postgresql_takes_parameters(policy: Policy, postgres_database: str) -> None:
    """A retention pass over 70,000 runs past the period (a first pass on a large database) looked up their Slack
    messages, review items and the rest in one statement of a parameter a run, past PostgreSQL's 65,535: it failed,
    and nothing was redacted. Those lookups now go 1,000 runs at a time. Each run posted a summary: the posts were
    gathered by a search of a list for each (quadratic, minutes for these), and the runs written one statement each
    (32 s); now a set, and 1,000 runs a statement."""
    from lead_agent.deps import local_deps
    from lead_agent.models import ActionResult
    from lead_agent.runs import queued_record
    from lead_agent.store._schema import runs
    from lead_agent.store.runlog import run_row

    deps = local_deps(policy, database_url=postgres_database)
    rec = queued_record(example_lead('02-physio-pricing.json'), 'x' * 32, T0 - timedelta(days=400))
    rows = [{'run_id': f'{i:032x}', **run_row(rec.model_copy(update={
        'run_id': f'{i:032x}', 'actions': [ActionResult(kind='slack_summary', status='done', ref=f'C1:{i}.000100')]}))}
        for i in range(70_000)]
    try:
        with deps.db.engine.begin() as conn:
            conn.execute(insert(runs), rows)
            conn.execute(insert(slack_messages), [
                {'run_id': f'{i:032x}', 'kind': 'summary', 'channel': 'C1', 'ts': f'{i}.000100', 'blocks': '[]',
                 'posted_at': T0 - timedelta(days=400)} for i in range(70_000)])
        done = await apply_retention(deps.db, 365, by='cron', now=T0)
    finally:
        deps.db.dispose()
    assert len(done.run_ids) == 70_000 and done.counts['runs'] == 70_000
    assert len(done.slack) == 70_000 and ('C1', '69999.000100') in done.slack
