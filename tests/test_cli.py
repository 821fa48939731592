from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from lead_agent.cli import app

from .helpers import EXAMPLES


def test_triage_the_sample_leads(cli: CliRunner) -> None:
    result = cli.invoke(app, ['triage', str(EXAMPLES / 'leads')])
    assert result.exit_code == 0, result.output
    assert '13 submission(s): 2 rejected, 5 review, 5 routed_sales, 1 routed_support' in result.stdout
    assert 'CRM contact 1 created + note' in result.stdout and 'Slack summary → outbox' in result.stdout
    again = cli.invoke(app, ['triage', str(EXAMPLES / 'leads')])
    assert '13 submission(s): 13 duplicate' in again.stdout
    assert again.exit_code == 1 and 'not triaged: 13 duplicate (triaged before)' in again.stderr  # never silent

    log = cli.invoke(app, ['log'])
    assert log.exit_code == 0
    assert 'runs per state: duplicate 13, rejected 2, review 5, routed_sales 5, routed_support 1' in log.stdout
    assert re.search(r'review rate 38% · auto-action rate 62%\nlatency p50 \d+ ms, p95 \d+ ms', log.stdout)


def test_log_shows_queued_runs_as_queued_and_says_what_it_lists(cli: CliRunner) -> None:
    """helper-67: right after a burst, `log` counted the runs still queued as `failed` (their record until the run
    writes its own) and put them in the review rate; `--limit 300` was titled "Last 300 runs" over 25 rows."""
    import asyncio
    from datetime import UTC, datetime

    from lead_agent.models import Lead
    from lead_agent.runs import queued_record
    from lead_agent.store import Database, SqlRunLog

    assert cli.invoke(app, ['triage', str(EXAMPLES / 'leads')]).exit_code == 0
    db = Database(os.environ['DATABASE_URL'])
    try:
        for i in range(20):
            lead = Lead(email=f'q{i}@havenhospitals.com', message='Pricing for 40 sites?')
            asyncio.run(SqlRunLog(db).save(queued_record(lead, f'queued-{i}', datetime.now(UTC))))
    finally:
        db.dispose()
    log = cli.invoke(app, ['log', '--limit', '300'])
    assert log.exit_code == 0, log.output
    assert 'queued 20, rejected 2, review 5, routed_sales 5, routed_support 1' in log.stdout
    assert 'failed' not in log.stdout.split('runs per state:')[1].splitlines()[0]
    assert 'review rate 38% · auto-action rate 62%' in log.stdout  # the 13 triaged runs only
    assert 'Last 25 runs (the totals below are over the last 33)' in log.stdout
    # helper-93: `review show` called such a run failed, and `runs retry --failed` tried (and refused) each one
    assert json.loads(cli.invoke(app, ['review', 'show', 'queued-7']).stdout)['state'] == 'queued'
    retried = cli.invoke(app, ['runs', 'retry', '--failed'])
    assert retried.exit_code == 0 and retried.stdout.strip() == '0 run(s) retried, 0 refused', retried.output


def test_runs_retry_failed_lists_only_failed_runs_it_could_resume(cli: CliRunner) -> None:
    """helper-93: `runs retry --failed` listed an erased run, and an unreadable one whose fixed input was triaged
    again (`review retry`), as failed runs without a readable lead to fix."""
    import asyncio

    from lead_agent.models import RunRecord
    from lead_agent.store import Database, SqlRunLog

    out = cli.invoke(app, ['triage', str(EXAMPLES / 'leads'), '--json'])
    review = [r['run_id'] for r in map(json.loads, out.stdout.splitlines()) if r['state'] == 'review']
    erased, retried = review[:2]
    db = Database(os.environ['DATABASE_URL'])

    def failed(retried_as: str | None) -> Callable[[RunRecord], None]:
        def edit(rec: RunRecord) -> None:
            rec.state, rec.errors, rec.retried_as = 'failed', ['email_ack: SMTP refused'], retried_as
            if retried_as:
                rec.lead = None
        return edit

    try:
        for run_id, retried_as in ((erased, None), (retried, 'anotherrun')):
            assert asyncio.run(SqlRunLog(db).change(run_id, failed(retried_as))) is not None
    finally:
        db.dispose()
    lead = json.loads(cli.invoke(app, ['review', 'show', erased]).stdout)['lead']
    assert cli.invoke(app, ['erase', '--email', lead['email'], '--yes']).exit_code == 0
    result = cli.invoke(app, ['runs', 'retry', '--failed'])
    assert result.exit_code == 0 and result.stdout.strip() == '0 run(s) retried, 0 refused', result.output


def test_an_approval_after_a_failed_attempt_prints_what_the_approval_did(cli: CliRunner) -> None:
    """helper-93: `review approve` of a run whose CRM step had failed printed that failure above the approval's
    own contact, as if the approval had failed and succeeded."""
    import asyncio

    from lead_agent.models import ActionResult, RunRecord
    from lead_agent.store import Database, SqlRunLog

    out = cli.invoke(app, ['triage', str(EXAMPLES / 'leads' / '06-free-email-buyer.json'), '--json'])
    run_id = json.loads(out.stdout)['run_id']

    def failed(rec: RunRecord) -> None:
        rec.state, rec.errors = 'failed', ['crm_contact: HubSpot 503']
        rec.actions.append(ActionResult(kind='crm_contact', status='failed', error='HubSpot 503'))

    db = Database(os.environ['DATABASE_URL'])
    try:
        assert asyncio.run(SqlRunLog(db).change(run_id, failed)) is not None
    finally:
        db.dispose()
    approved = _printed(cli.invoke(app, ['review', 'approve', run_id, '--to', 'sales']))
    assert approved.startswith(f'run {run_id[:12]}: routed_sales\nCRM contact 1 created + note\n'), approved
    assert 'FAILED' not in approved and 'review item' not in approved


@pytest.mark.parametrize(('args', 'said'), [
    (['log', '--limit', '0'], "Invalid value for '--limit'"),
    (['erase', '--email', 'bob', '--yes'], "error: --email 'bob' is not an email address"),
    (['log', '--db', 'data/leads.db'], "error: database URL 'data/leads.db' (--db or DATABASE_URL) has no scheme: a "
                                       'SQLite file is sqlite:///'),
    (['log', '--db', 'bob:secret@db.internal/leads'], "error: database URL '…' (--db or DATABASE_URL) has no scheme"),
])
def test_operator_mistakes_are_named(cli: CliRunner, args: list[str], said: str) -> None:
    """helper-93: a negative --limit listed nothing, erase took any text for an address, and a database URL with no
    scheme was shown as `data/leads.db://…` with SQLAlchemy's "could not parse"."""
    result = cli.invoke(app, args)
    assert result.exit_code == 2 and said in result.output, result.output
    assert 'secret' not in result.output


def test_what_a_run_did_names_where_its_post_and_email_went() -> None:
    """helper-59: with Slack and SMTP configured, `review approve` and `runs retry` printed "Slack summary → outbox"
    and "ack queued" for a post Slack took and an email the server accepted."""
    from datetime import UTC, datetime

    from lead_agent.cli._common import done_text
    from lead_agent.models import ActionResult, RunRecord

    def did(*refs: str) -> str:
        kinds = ('slack_summary', 'email_ack')
        return done_text(RunRecord(run_id='r', dedupe_key='k', received_at=datetime.now(UTC), state='routed_sales', lead=None,
                                   actions=[ActionResult(kind=k, status='done', ref=r) for k, r in zip(kinds, refs,
                                                                                                      strict=True)]))

    assert did('outbox:3', 'outbox:4') == 'Slack summary → outbox\nack queued in the outbox'
    assert did('C0SALES:1733.0001', 'smtp:<abc@example>') == 'Slack summary posted\nack sent'


def test_files_from_one_address_are_not_rate_limited(cli: CliRunner, tmp_path: Path) -> None:
    """The CLI reads files for one operator: the per-submitter limit (5 an hour) is for webhooks, so 12 leads with
    the same source IP and address are all triaged."""
    base = json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text())
    lines = [json.dumps({**base, 'source_ip': '198.51.100.7', 'message': f'{base["message"]} #{i}'}) for i in range(12)]
    (tmp_path / 'leads.jsonl').write_text('\n'.join(lines))
    result = cli.invoke(app, ['triage', str(tmp_path / 'leads.jsonl')])
    assert result.exit_code == 0, result.output
    assert '12 submission(s): 12 routed_sales' in result.stdout


def test_json_output_and_stdin(cli: CliRunner) -> None:
    lead = (EXAMPLES / 'leads' / '03-customer-support.json').read_text()
    result = cli.invoke(app, ['triage', '-', '--json'], input=lead)
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record['state'] == 'routed_support' and record['lead']['email'] == 'ops@lakeshorehealth.org'


def test_bad_files_are_located_kept_and_exit_non_zero(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / 'in'
    folder.mkdir()
    (folder / 'a-bytes.json').write_bytes(b'{"email": "\xff\xfe@x.com"}')
    (folder / 'b-lines.jsonl').write_text('{"email": "ok@havenhospitals.com", "message": "demo please"}\n{"email": \n')
    (folder / 'c-mixed.json').write_text(json.dumps([
        {'email': 'priya@havenhospitals.com', 'message': 'We want a demo for 40 clinics on Epic.'},
        {'email': 'nobody', 'message': 'hi'},
        'just a string',
        {},
    ]))
    (folder / 'd-empty.json').write_text('')
    result = cli.invoke(app, ['triage', str(folder)])
    assert result.exit_code == 1
    errors = [re.sub(r'run [0-9a-f]{12}', 'run ID', line) for line in result.stderr.splitlines()
              if line.startswith('error:')]
    located = [
        f'{folder}/a-bytes.json:1:12: not valid UTF-8 (byte 0xff); if it is in another encoding, pass it with '
        '--encoding (Excel writes cp1252)',
        f'{folder}/b-lines.jsonl:2:11: invalid JSON: Expecting value',
        f'{folder}/c-mixed.json[1] (field email): email: not a valid email address: An email address must '
        'have an @-sign.',
        f'{folder}/c-mixed.json[2]: a lead must be a JSON object, got str',
        f'{folder}/c-mixed.json[3] (field email): an email address is required',
        f'{folder}/d-empty.json: empty input, no leads',
    ]
    origins = [f'{folder}/a-bytes.json', f'{folder}/b-lines.jsonl:2', *(f'{folder}/c-mixed.json[{i}]' for i in (1, 2, 3)),
               f'{folder}/d-empty.json']
    assert errors == [
        *(f'error: {e} (kept as failed run ID for review)' for e in located),
        *(f'error: not triaged: {o} (run ID): failed, unreadable, kept for review' for o in origins),
        'error: not triaged: 6 failed (kept for review)',
    ]
    assert '8 submission(s): 6 failed, 2 routed_sales' in result.stdout
    queue = cli.invoke(app, ['review', 'list'])
    assert '6 item(s): 1–6 of 6' in queue.stdout and 'unreadable input' in queue.stdout
    assert '4 item(s): 1–4 of 6 (--page 2 for more)' in cli.invoke(app, ['review', 'list', '--limit', '4']).stdout
    assert '2 item(s): 5–6 of 6\n' in cli.invoke(app, ['review', 'list', '--limit', '4', '--page', '2']).stdout
    assert 'none on page 3; 6 in all' in cli.invoke(app, ['review', 'list', '--limit', '4', '--page', '3']).stdout


def test_missing_path_and_bad_policy(cli: CliRunner, tmp_path: Path) -> None:
    missing = cli.invoke(app, ['triage', str(tmp_path / 'nope.json')])
    assert missing.exit_code == 2 and 'nope.json: no such file or folder' in missing.stderr
    policy = tmp_path / 'p.yaml'
    policy.write_text('company: {name: x}\n')
    bad = cli.invoke(app, ['triage', str(EXAMPLES / 'leads' / '01-hospital-group-demo.json'), '--policy', str(policy)])
    assert bad.exit_code == 2
    assert f'{policy}: company.description: Field required' in bad.stderr


@pytest.mark.parametrize(('url', 'said'), [
    ('foo://x', 'error: database URL foo://x (--db or DATABASE_URL) is not usable: '),
    ('mysql://a:secret@localhost/x', 'error: database URL mysql://a:***@localhost/x (--db or DATABASE_URL): not '
                                     'supported (driver MySQLdb missing); use sqlite:///FILE or postgresql://…'),
])
def test_an_unusable_database_url_is_named_with_its_password_hidden(cli: CliRunner, url: str, said: str) -> None:
    """helper-55: the first did not name the URL; the second told a MySQL user to install the postgres extra."""
    result = cli.invoke(app, ['triage', str(EXAMPLES / 'leads' / '01-hospital-group-demo.json'), '--db', url])
    assert result.exit_code == 2 and result.stderr.startswith(said) and 'secret' not in result.stderr


def test_review_commands(cli: CliRunner) -> None:
    out = cli.invoke(app, ['triage', str(EXAMPLES / 'leads' / '06-free-email-buyer.json'), '--json'])
    run_id = json.loads(out.stdout)['run_id']
    listed = cli.invoke(app, ['review', 'list'])
    assert run_id[:12] in listed.stdout and 'Mark Jensen' in listed.stdout
    shown = cli.invoke(app, ['review', 'show', run_id[:8]])
    assert shown.exit_code == 0 and json.loads(shown.stdout)['lead']['name'] == 'Mark Jensen'
    bad_to = cli.invoke(app, ['review', 'approve', run_id, '--to', 'marketing'])
    assert bad_to.exit_code == 2 and '--to must be sales, support or founder' in bad_to.stderr
    approved = cli.invoke(app, ['review', 'approve', run_id, '--to', 'sales', '--by', 'dana'])
    assert approved.exit_code == 0, approved.output
    assert f'run {run_id[:12]}: routed_sales' in approved.stdout and 'CRM contact 1 created + note' in approved.stdout
    # The approval assigned an owner (by the clock: a sales member at work, else the route's fallback).
    owner = json.loads(cli.invoke(app, ['review', 'show', run_id[:8]]).stdout)['owner']
    assert (owner['team'], owner['reason'] in ('round_robin', 'fallback')) == ('sales', True)
    assert f'owner {owner["owner"]} ({owner["reason"]})' in approved.stdout
    twice = cli.invoke(app, ['review', 'reject', run_id])
    assert twice.exit_code == 2 and 'already approved by dana' in twice.stderr
    assert '0 item(s)' in cli.invoke(app, ['review', 'list']).stdout
    assert 'approved → sales by dana' in cli.invoke(app, ['review', 'list', '--all']).stdout
    unknown = cli.invoke(app, ['review', 'show', 'ffffffff'])
    assert unknown.exit_code == 2 and "no run 'ffffffff'" in unknown.stderr
    assert 'a prefix that no other run id starts with' in unknown.stderr  # an ambiguous prefix finds none either


def test_review_export_writes_labeled_cases(cli: CliRunner, tmp_path: Path) -> None:
    out = cli.invoke(app, ['triage', str(EXAMPLES / 'leads' / '06-free-email-buyer.json'),
                           str(EXAMPLES / 'leads' / '08-competitor.json'), '--json'])
    records = sorted((json.loads(line) for line in out.stdout.splitlines()), key=lambda r: r['lead']['email'])
    second, first = (r['run_id'] for r in records)  # in the order they finished: by address, the competitor's first
    assert cli.invoke(app, ['review', 'approve', first, '--to', 'sales', '--by', 'dana']).exit_code == 0
    assert cli.invoke(app, ['review', 'reject', second, '--by', 'dana']).exit_code == 0
    target = tmp_path / 'exported.jsonl'
    result = cli.invoke(app, ['review', 'export', '--out', str(target)])
    assert result.exit_code == 0 and '2 labeled case(s) written' in result.stdout
    cases = [json.loads(line) for line in target.read_text().splitlines()]
    assert [(c['expected']['action'], c['tags']) for c in cases] == [
        ('auto_route_sales', ['source:review', 'review:approved']),
        ('human_review', ['source:review', 'review:rejected']),
    ]
    evaluated = cli.invoke(app, ['eval', '--dataset', str(target), '--summary', str(tmp_path / 's.json')])
    assert evaluated.exit_code == 0 and 'Eval: 2 cases' in evaluated.stdout


@pytest.mark.parametrize('command', [['triage'], ['serve'], ['worker'], ['review', 'list']])
def test_help_names_the_environment_variables(cli: CliRunner, command: list[str]) -> None:
    shown = cli.invoke(app, [*command, '--help']).output
    assert 'LEAD_AGENT_POLICY' in shown and 'DATABASE_URL' in shown


# Lead text as an attacker writes it: Rich markup that crashes (`[/]`), styles or links, terminal escapes (colour,
# an OSC 8 hyperlink), a C1 CSI and a right-to-left override.
NAME = 'Eve [/] [bold red]Mallory\x1b[31m \u202eReversed'
COMPANY = '[link=https://evil.example]click[/link] \x1b]8;;https://evil\x07Acme\x9b'
# As printed: markup as written, the controls the lead model keeps (C1, bidi) shown as codes, no ESC or BEL at all.
NAME_SHOWN = 'Eve [/] [bold red]Mallory[31m \\u202eReversed'
COMPANY_SHOWN = '[link=https://evil.example]click[/link] ]8;;https://evilAcme\\x9b'


def _printed(result: Result, exit_code: int = 0) -> str:
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for char in ('\x1b', '\x07', '\x9b', '\u202e'):
        assert char not in result.stdout and char not in result.stderr, (char, result.output)
    return result.stdout


def test_lead_text_prints_as_text(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('COLUMNS', '400')  # table cells on one line each, so the text can be found whole
    leads = tmp_path / 'hostile.json'
    leads.write_text(json.dumps([
        {'name': NAME, 'email': 'eve@havenhospitals.com', 'company': COMPANY,
         'message': 'We run forty outpatient sites on Epic and want a demo and a quote for all of them. ' + NAME},
        {'name': NAME, 'email': 'eve.mallory@gmail.com', 'company': COMPANY,
         'message': 'What does it cost? ' + COMPANY},
    ]))
    triaged = _printed(cli.invoke(app, ['triage', str(leads)]))
    assert NAME_SHOWN in triaged and COMPANY_SHOWN in triaged
    assert '2 submission(s): 2 review' in triaged  # a bidi override in the name is hidden text: a human looks

    # JSON Lines keep the exact text (the C1 and bidi characters as JSON escapes)
    again = cli.invoke(app, ['triage', str(leads), '--json'])  # the same leads again: duplicates, exit 1
    records = [json.loads(line) for line in _printed(again, exit_code=1).splitlines()]
    assert [(r['state'], r['lead']['name'], r['lead']['company']) for r in records] == [
        ('duplicate', 'Eve [/] [bold red]Mallory[31m \u202eReversed', '[link=https://evil.example]click[/link] '
         ']8;;https://evilAcme\x9b')] * 2

    assert COMPANY_SHOWN in _printed(cli.invoke(app, ['log']))
    listed = _printed(cli.invoke(app, ['review', 'list']))
    assert f'{NAME_SHOWN} · {COMPANY_SHOWN}' in listed and '2 item(s)' in listed
    [queued] = [r for r in records if r['lead']['email'] == 'eve.mallory@gmail.com']
    shown = json.loads(_printed(cli.invoke(app, ['review', 'show', queued['duplicate_of']])))
    assert (shown['lead']['name'], shown['lead']['company']) == (records[0]['lead']['name'],
                                                                 records[0]['lead']['company'])
    approved = _printed(cli.invoke(app, ['review', 'approve', queued['duplicate_of'], '--to', 'sales']))
    assert 'routed_sales' in approved

    # A field no lead can be built from is quoted in the error, the review reason and the review queue
    unreadable = json.dumps({'email': 'x@havenhospitals.com', 'source_ip': '[/] [link=https://evil.example]x'})
    failed = cli.invoke(app, ['triage', '-'], input=unreadable)
    assert "not an IP address: '[/] [link=https://evil.example]x'" in failed.stderr
    assert '1 submission(s): 1 failed' in _printed(failed, exit_code=1)
    assert "not an IP address: '[/] [link=https://evil.example]x'" in _printed(cli.invoke(app, ['review', 'list']))
