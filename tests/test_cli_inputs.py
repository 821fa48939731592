"""The CLI on input as people have it: CSV and JSON files, fixing unreadable input, progress, streaming, fallbacks."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_ai import models
from typer.testing import CliRunner

from lead_agent.cli import app
from lead_agent.models import RunRecord
from lead_agent.review import check_retry, kept_input

from .fakes.llm_server import FakeLLMServer, delay, final
from .helpers import EXAMPLES, classification, example_lead

BASE = json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text())


def _lead(i: int) -> dict[str, Any]:
    """Sample lead 01 as a distinct person (no duplicates among them)."""
    return {**BASE, 'email': f'buyer{i}@havenhospitals.com', 'message': f'{BASE["message"]} (site {i})'}


def _run_ids(text: str) -> list[str]:
    return re.findall(r'run ([0-9a-f]{12})', text)


def test_triage_a_csv_export(cli: CliRunner, tmp_path: Path) -> None:
    export = tmp_path / 'export.csv'
    export.write_bytes('\ufeffFull name;Email;Company;How can we help?;utm_source\r\n'
                       'Priya Raman;priya@havenhospitals.com;Haven Hospital Group;"We want a demo for our 40 '
                       'clinics;\r\nall on Epic.";linkedin\r\n'
                       '\r\n'
                       'Tom;tom@;Tom Physio;pricing?;\r\n'.encode())
    result = cli.invoke(app, ['triage', str(export), '--json'])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    [read] = [r for r in records if r['lead']]
    assert read['lead']['name'] == 'Priya Raman' and read['lead']['extra'] == {'utm_source': 'linkedin'}
    assert read['lead']['message'] == 'We want a demo for our 40 clinics;\nall on Epic.'
    [unread] = [r for r in records if not r['lead']]
    assert unread['state'] == 'failed' and unread['raw'].startswith('Full name,Email,')
    errors = [line for line in result.stderr.splitlines() if line.startswith('error:')]
    assert errors == [
        f'error: {export}:5 (field email): email: not a valid email address: There must be something after the '
        f'@-sign. (kept as failed run {unread["run_id"][:12]} for review)',
        f'error: not triaged: {export}:5 (run {unread["run_id"][:12]}): failed, unreadable, kept for review',
        'error: not triaged: 1 failed (kept for review)',
    ]
    assert '2 submission(s): 1 failed, 1 routed_sales' in result.stderr  # the summary, on stderr beside JSON lines


EXCEL_ROWS = 'Name\tEmail\tCompany\tMessage\r\nJürgen Müller\tjm@havenhospitals.com\tMüller Kliniken\t' \
    'We want a demo of online intake for our 40 clinics, all on Epic, this quarter.\r\n'


def test_excel_exports_in_other_encodings(cli: CliRunner, tmp_path: Path) -> None:
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark (read as it is); its CSV is cp1252 (--encoding)."""
    utf16 = tmp_path / 'unicode-text.csv'
    utf16.write_bytes(EXCEL_ROWS.encode('utf-16'))
    result = cli.invoke(app, ['triage', str(utf16), '--json'])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)['lead']['name'] == 'Jürgen Müller'

    cp1252 = tmp_path / 'excel.csv'
    cp1252.write_bytes(EXCEL_ROWS.replace('jm@', 'j.m@').encode('cp1252'))
    result = cli.invoke(app, ['triage', str(cp1252), '--json'])
    assert result.exit_code == 1
    [failed] = [json.loads(line) for line in result.stdout.splitlines()]
    # Where an editor shows it (helper-201: it was a byte offset): line 2, the 'ü' of Jürgen
    assert f'{cp1252}:2:2: not valid UTF-8 (byte 0xfc); if it is in another encoding, pass it with --encoding' \
        in ' '.join(result.stderr.split())
    # The kept input lost its bytes (escaped): reading it again would triage "J\\xfcrgen"; only the file will do.
    retry = cli.invoke(app, ['review', 'retry', failed['run_id']])
    assert retry.exit_code == 2 and 'undecodable bytes escaped' in retry.stderr, retry.output
    retry = cli.invoke(app, ['review', 'retry', failed['run_id'], '--input', str(cp1252), '--encoding', 'cp1252'])
    assert retry.exit_code == 0, retry.output
    assert cli.invoke(app, ['triage', str(cp1252), '--encoding', 'no-such-codec']).exit_code == 2
    cut = tmp_path / 'cut.csv'  # a UTF-16 file cut short by one byte: not UTF-8's fault
    cut.write_bytes(EXCEL_ROWS.encode('utf-16')[:-1])
    result = cli.invoke(app, ['triage', str(cut)])
    assert result.exit_code == 1
    assert f'{cut} (offset {len(EXCEL_ROWS.encode("utf-16")) - 2}): not valid UTF-16, the encoding its byte-order ' \
           'mark names (byte 0x0a)' in ' '.join(result.stderr.split()), result.stderr


def test_an_unknown_format_is_a_usage_error(cli: CliRunner) -> None:
    result = cli.invoke(app, ['triage', '-', '--format', 'xml'], input='<lead/>')
    assert result.exit_code == 2 and "--format must be auto, json, jsonl or csv, not 'xml'" in result.stderr
    export = 'email;name\nann@havenhospitals.com;Ann\n'
    unsaid = cli.invoke(app, ['triage', '-'], input=export)  # stdin is JSON unless told
    assert unsaid.exit_code == 1
    assert '<stdin>:1:1: invalid JSON: Expecting value (CSV? name the file .csv or give --format csv)' in unsaid.stderr
    piped = cli.invoke(app, ['triage', '-', '--format', 'csv'], input=export)
    assert piped.exit_code == 0 and '1 submission(s): 1 review' in piped.stdout


def test_a_pretty_json_file_with_a_syntax_error_is_one_failed_run(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / 'lead.json'
    bad.write_text(json.dumps(BASE, indent=2).replace('",\n  "email"', '"\n  "email"'))
    result = cli.invoke(app, ['triage', str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}:3:3: invalid JSON: Expecting ',' delimiter (kept as failed run" in result.stderr
    assert '1 submission(s): 1 failed' in result.stdout
    assert '1 item(s): 1–1 of 1' in cli.invoke(app, ['review', 'list']).stdout


def _policy_mapping(tmp_path: Path, column: str) -> Path:
    data = yaml.safe_load((EXAMPLES / 'policy.yaml').read_text())
    data['intake'] = {'fields': {column: 'email', 'full name': 'name'}}
    data['local'] = {name: str(EXAMPLES / data['local'][name]) for name in data['local']}
    path = tmp_path / 'policy.yaml'
    path.write_text(yaml.safe_dump(data))
    return path


def test_review_retry_reads_the_kept_input_again_after_a_policy_fix(cli: CliRunner, tmp_path: Path) -> None:
    export = tmp_path / 'export.csv'
    export.write_text('Full name,Work E-mail,Company,Form,Message\nPriya Raman,priya@havenhospitals.com,Haven Hospital '
                      f'Group,demo,"{BASE["message"]}"\n')
    triaged = cli.invoke(app, ['triage', str(export)])
    assert triaged.exit_code == 1 and 'no field maps to email' in triaged.stderr
    old = _run_ids(triaged.stderr)[0]

    still = cli.invoke(app, ['review', 'retry', old])  # the same policy: still unreadable, still in review
    assert still.exit_code == 1
    assert f'run {old}:2 (field email): no field maps to email' in still.stderr and 'stays in review' in still.stderr
    assert '1 item(s)' in cli.invoke(app, ['review', 'list']).stdout

    policy = _policy_mapping(tmp_path, 'work e-mail')
    retried = cli.invoke(app, ['review', 'retry', old, '--by', 'dana', '--policy', str(policy)])
    assert retried.exit_code == 0, retried.output
    [_, new] = _run_ids(retried.stdout)
    assert retried.stdout.startswith(f'run {old}: retried as run {new}: routed_sales')

    shown = json.loads(cli.invoke(app, ['review', 'show', old]).stdout)
    assert shown['retried_as'].startswith(new) and shown['state'] == 'failed'
    assert (shown['reviewed']['status'], shown['reviewed']['decided_by']) == ('retried', 'dana')
    assert json.loads(cli.invoke(app, ['review', 'show', new]).stdout)['lead']['email'] == 'priya@havenhospitals.com'
    assert '0 item(s)' in cli.invoke(app, ['review', 'list']).stdout  # the old item is closed, nothing else open
    assert f'retried as {new} by dana' in cli.invoke(app, ['review', 'list', '--all']).stdout

    twice = cli.invoke(app, ['review', 'retry', old, '--policy', str(policy)])
    assert twice.exit_code == 2 and f'run {old} was retried already, as run {new}' in twice.stderr
    routed = cli.invoke(app, ['review', 'retry', new])
    assert routed.exit_code == 2 and f'run {new} is routed_sales; only a failed run whose input' in routed.stderr


def test_a_prefix_of_several_run_ids_is_said_to_be_ambiguous(cli: CliRunner, tmp_path: Path) -> None:
    """helper-206: `review show 1` said "no run '1'" while 42 run ids started with it."""
    leads = tmp_path / 'leads.jsonl'
    leads.write_text(''.join(json.dumps(_lead(i)) + '\n' for i in range(17)))  # 17 ids: two share a first digit
    triaged = cli.invoke(app, ['triage', str(leads), '--json'])
    ids = [json.loads(line)['run_id'] for line in triaged.stdout.splitlines() if line.startswith('{')]
    assert len(ids) == 17, triaged.output
    shared = next(c for c in '0123456789abcdef' if sum(i.startswith(c) for i in ids) > 1)
    several = cli.invoke(app, ['review', 'show', shared])
    assert several.exit_code == 2
    assert f"error: '{shared}' starts more than one run id: give more of it" in several.stderr
    none = cli.invoke(app, ['review', 'show', 'zz'])
    assert none.exit_code == 2 and "error: no run 'zz': give its whole id" in none.stderr
    one = cli.invoke(app, ['review', 'show', ids[0][:12]])
    assert one.exit_code == 0 and json.loads(one.stdout)['run_id'] == ids[0]


def test_review_retry_with_a_fixed_file(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / 'lead.json'
    bad.write_text(json.dumps(BASE, indent=2).replace('",\n  "email"', '"\n  "email"'))
    old = _run_ids(cli.invoke(app, ['triage', str(bad)]).stderr)[0]

    two = tmp_path / 'two.jsonl'
    two.write_text(json.dumps(_lead(1)) + '\n' + json.dumps(_lead(2)) + '\n')
    refused = cli.invoke(app, ['review', 'retry', old, '--input', str(two)])
    assert refused.exit_code == 2 and f'{two} holds 2 submissions; a retry takes exactly one lead' in refused.stderr
    missing = cli.invoke(app, ['review', 'retry', old, '--input', str(tmp_path / 'nope.json')])
    assert missing.exit_code == 2 and 'nope.json: no such file' in missing.stderr
    unknown = cli.invoke(app, ['review', 'retry', 'ffffffff'])
    assert unknown.exit_code == 2 and "no run 'ffffffff'" in unknown.stderr
    still_bad = cli.invoke(app, ['review', 'retry', old, '--input', str(bad)])
    assert still_bad.exit_code == 1 and f"{bad}:3:3: invalid JSON: Expecting ',' delimiter" in still_bad.stderr

    bad.write_text(json.dumps(BASE, indent=2))  # fixed in place
    retried = cli.invoke(app, ['review', 'retry', old, '--input', str(bad)])
    assert retried.exit_code == 0, retried.output
    found = re.match(rf'run {old}: retried as run ([0-9a-f]{{12}}): routed_sales\nCRM contact 1 created', retried.stdout)
    assert found is not None
    shown = cli.invoke(app, ['review', 'show', found.group(1)])  # the new run keeps the fixed input as its raw body
    assert json.loads(shown.stdout)['raw_body'] == json.dumps(BASE, indent=2)


def test_only_an_unreadable_failed_run_is_retried_as_a_new_run() -> None:
    from datetime import UTC, datetime

    lead = example_lead('01-hospital-group-demo.json')
    failed = RunRecord(run_id='a' * 32, dedupe_key='k', received_at=datetime.now(UTC), lead=lead, state='failed')
    with pytest.raises(Exception, match=r'run aaaaaaaaaaaa read its lead and failed later: resume it from the failed '
                                        r'step with `lead-agent runs retry aaaaaaaaaaaa`'):
        check_retry(failed)
    check_retry(failed.model_copy(update={'lead': None}))  # unreadable: retried


def test_a_kept_input_cut_at_its_limit_asks_for_the_file() -> None:
    """A submission over the kept length is stored cut: read again, it would be another text (or broken JSON)."""
    from datetime import UTC, datetime

    from lead_agent.exceptions import LeadAgentError
    from lead_agent.pipeline import KEPT_CHARS
    from lead_agent.policy import IntakePolicy

    body = json.dumps({'email': 'ann@havenhospitals.com', 'message': 'x' * KEPT_CHARS})
    cut = RunRecord(run_id='b' * 32, dedupe_key='k', received_at=datetime.now(UTC), lead=None, state='failed',
                    raw=body[:KEPT_CHARS], flags=['unreadable', 'vendor:generic'])
    with pytest.raises(LeadAgentError, match=r'run bbbbbbbbbbbb kept only the first 262,144 characters of its '
                                             r'input: give the fixed file with --input FILE'):
        kept_input(cut, IntakePolicy())
    whole = cut.model_copy(update={'raw': body[:1000] + '"}'})
    [item] = kept_input(whole, IntakePolicy())
    assert item.lead is not None and item.lead.email == 'ann@havenhospitals.com'


def test_the_summary_names_every_lead_not_triaged(cli: CliRunner, tmp_path: Path) -> None:
    leads = tmp_path / 'leads.jsonl'
    leads.write_text(''.join(json.dumps(_lead(i)) + '\n' for i in range(3)))
    first = cli.invoke(app, ['triage', str(leads), '--json'])
    ids = {json.loads(line)['lead']['email']: json.loads(line)['run_id'][:12] for line in first.stdout.splitlines()}
    again = cli.invoke(app, ['triage', str(leads)])
    assert again.exit_code == 1
    named = sorted(line for line in again.stderr.splitlines() if line.startswith(f'error: not triaged: {leads}:'))
    assert [re.sub(r'\(run [0-9a-f]{12}\)', '(run ID)', line) for line in named] == [
        f'error: not triaged: {leads}:{i + 1} (run ID): duplicate, triaged before as run '
        f'{ids[f"buyer{i}@havenhospitals.com"]}' for i in range(3)]


def test_a_replayed_delivery_reports_the_run_that_took_it(cli: CliRunner, tmp_path: Path) -> None:
    """The second file's lead carries a delivery id already triaged: its line is that (ended) run's record."""
    (tmp_path / 'a.json').write_text(json.dumps({**_lead(1), 'delivery_id': 'form-42'}))
    (tmp_path / 'b.json').write_text(json.dumps({**_lead(2), 'delivery_id': 'form-42'}))
    first = json.loads(cli.invoke(app, ['triage', str(tmp_path / 'a.json'), '--json']).stdout)
    again = cli.invoke(app, ['triage', str(tmp_path / 'b.json'), '--json'])
    assert again.exit_code == 0, again.output
    [record] = [json.loads(line) for line in again.stdout.splitlines()]
    assert (record['run_id'], record['lead']['email']) == (first['run_id'], 'buyer1@havenhospitals.com')


# --- a model that fails: each fallback run says so --------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as s, models.override_allow_model_requests(True):  # 127.0.0.1 only
        yield s


def test_each_fallback_run_is_warned_about_and_counted(cli: CliRunner, server: FakeLLMServer, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('LEAD_AGENT_BASE_URL', server.openai_base_url)
    monkeypatch.setenv('LEAD_AGENT_API_KEY', 'sk-local')
    server.script(final(classification()))  # the first request is answered, the others get 500
    leads = tmp_path / 'leads.jsonl'
    leads.write_text(''.join(json.dumps(_lead(i)) + '\n' for i in range(3)))
    result = cli.invoke(app, ['triage', str(leads), '--model', 'openai-compatible:gpt-4o-mini'])
    assert result.exit_code == 0, result.output
    warnings = sorted(line for line in result.stderr.splitlines() if line.startswith('warning:'))
    assert len(warnings) == 2 and len(server.requests) >= 3
    for line in warnings:
        assert re.fullmatch(rf'warning: {leads}:[123]: run [0-9a-f]{{12}} was classified by the rules model: the '
                            r'configured model \(gpt-4o-mini\) failed: model_fallback: .+', line), line
    assert 'instead' not in result.stderr  # the pipeline's own log line is not printed as well: one warning per run
    assert '3 submission(s): 2 review, 1 routed_sales; 2 classified by the rules model (the configured model ' \
           'failed)' in result.stdout


# --- streaming and progress, in a real process ------------------------------------------------------------------


def _env(tmp_path: Path, **more: str) -> dict[str, str]:
    # As a user's shell has it: stdout to a pipe is block-buffered (no PYTHONUNBUFFERED), no forced terminal settings.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('TTY_', 'FORCE_COLOR', 'NO_COLOR', 'PYTHONUNBUFFERED'))}
    return {**env, 'DATABASE_URL': f'sqlite:///{tmp_path / "cli.db"}', 'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml'),
            'COLUMNS': '120', 'TERM': 'xterm', **more}


def test_json_lines_stream_as_runs_finish(server: FakeLLMServer, tmp_path: Path) -> None:
    """One run waits 3 s for the model: the other two's lines are read while it still runs."""
    server.script(final(classification()), final(classification()), delay(3.0, final(classification())))
    leads = tmp_path / 'leads.jsonl'
    leads.write_text(''.join(json.dumps(_lead(i)) + '\n' for i in range(3)))
    env = _env(tmp_path, LEAD_AGENT_BASE_URL=server.openai_base_url, LEAD_AGENT_API_KEY='sk-local')
    proc = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'triage', str(leads), '--json',
                             '--model', 'openai-compatible:gpt-4o-mini'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None
    arrivals: list[tuple[float, bool, dict[str, Any]]] = []
    for line in proc.stdout:
        arrivals.append((time.monotonic(), proc.poll() is None, json.loads(line)))
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert len(arrivals) == 3 and all(running for _, running, _ in arrivals[:2])
    assert arrivals[2][0] - arrivals[1][0] > 2.0  # the slow run's line came on its own, seconds later
    assert {r['state'] for _, _, r in arrivals} == {'routed_sales'}


def _triage_on(stderr_tty: bool, tmp_path: Path) -> tuple[str, str]:
    folder = tmp_path / 'leads'
    folder.mkdir(parents=True)
    (folder / 'leads.jsonl').write_text(''.join(json.dumps(_lead(i)) + '\n' for i in range(6)))
    cmd = [sys.executable, '-m', 'lead_agent.cli', 'triage', str(folder)]
    if not stderr_tty:
        done = subprocess.run(cmd, capture_output=True, text=True, env=_env(tmp_path), timeout=120)
        return done.stdout, done.stderr
    main, side = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=side, env=_env(tmp_path), text=True)
    os.close(side)
    shown = b''
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    stdout, _ = proc.communicate(timeout=120)
    return stdout, shown.decode(errors='replace')


def test_progress_shows_on_a_terminal_only(tmp_path: Path) -> None:
    stdout, on_tty = _triage_on(True, tmp_path / 'tty')
    assert '6 submission(s): 6 routed_sales' in stdout
    shown = re.sub(r'\x1b\[[0-9;?]*[A-Za-z]', '', on_tty)  # the bar's colours and cursor moves
    assert re.search(r'triage ━+ 0/6 … leads/s 0:00:0\d ETA -:--:--', shown), shown
    assert re.search(r'triage ━+ 6/6 [0-9.]+ leads/s 0:00:\d\d ETA 0:00:00', shown), shown  # count, rate, time, eta
    stdout, piped = _triage_on(False, tmp_path / 'pipe')
    assert '6 submission(s): 6 routed_sales' in stdout
    assert '6/6' not in piped and 'leads/s' not in piped


def test_an_export_with_no_rows_is_no_failure(cli: CliRunner, tmp_path: Path) -> None:
    """A quiet week's export, a header row only: nothing triaged, nothing failed, nothing queued for review."""
    export = tmp_path / 'week.csv'
    export.write_text('Name,Email,Message\r\n')
    result = cli.invoke(app, ['triage', str(export)])
    assert result.exit_code == 0 and 'no submissions in the input (0 leads)' in result.stdout, result.output
    listed = cli.invoke(app, ['review', 'list'])
    assert '0 item(s)' in listed.stdout or 'none on page 1; 0 in all' in listed.stdout, listed.stdout


def test_runs_retry_failed_says_what_it_found_and_what_it_cannot_resume(cli: CliRunner, tmp_path: Path) -> None:
    """With only unreadable failed runs, `runs retry --failed` printed nothing and exited 0 (helper-55)."""
    bad = tmp_path / 'bad.json'
    bad.write_text('{"name": "no email here"}')
    failed = cli.invoke(app, ['triage', str(bad), '--json'])
    assert failed.exit_code == 1
    run_id = json.loads(failed.stdout)['run_id']
    result = cli.invoke(app, ['runs', 'retry', '--failed'])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (f'0 run(s) retried, 0 refused; 1 failed run(s) kept their input without a lead '
                                     f'(`lead-agent review retry RUN_ID` triages one as a new run, once fixed if it '
                                     f'could not be read): {run_id[:12]}')


def test_triage_of_stdin_when_stdin_is_closed_says_so(tmp_path: Path) -> None:
    """helper-201: `lead-agent triage - <&-` raised AttributeError ('NoneType' object has no attribute 'buffer')."""
    result = subprocess.run(
        [sys.executable, '-m', 'lead_agent.cli', 'triage', '-', '--policy', str(EXAMPLES / 'policy.yaml'),
         '--db', f'sqlite:///{tmp_path}/t.db'], preexec_fn=lambda: os.close(0), capture_output=True, text=True,
        timeout=120, check=False)
    assert (result.returncode, result.stderr.strip()) == (2, 'error: -: stdin is closed: give the leads on stdin, or '
                                                              'as files')


def test_a_folders_subfolders_and_other_files_are_named_as_not_read_and_its_hidden_files_skipped(
        cli: CliRunner, tmp_path: Path) -> None:
    """helper-201: `sub/f.json` was passed over without a word, and an editor's `.hidden.json` copy was triaged."""
    folder = tmp_path / 'in'
    (folder / 'sub').mkdir(parents=True)
    lead = json.dumps({'email': 'priya@havenhospitals.com', 'message': 'We want a demo for 40 clinics on Epic.'})
    for name in ('a.json', '.a.json', 'sub/f.json', 'notes.txt'):
        (folder / name).write_text(lead)
    result = cli.invoke(app, ['triage', str(folder)])
    assert result.exit_code == 0, result.output
    assert '1 submission(s): 1 routed_sales' in result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith('warning:')] == [
        f'warning: {folder}/notes.txt: not read (not .json, .jsonl, .ndjson or .csv: give --format for it alone)',
        f'warning: {folder}/sub: not read (a folder: give it as a path of its own)']
    assert cli.invoke(app, ['serve', '--port', '99999']).exit_code == 2  # helper-201: uvicorn took another port


@pytest.mark.parametrize(('variable', 'example'), [('SLACK_API_URL', 'https://slack.com/api/'),
                                                   ('HUBSPOT_HOST', 'https://api.hubapi.com'),
                                                   ('LEAD_AGENT_BASE_URL', 'http://localhost:11434/v1')])
def test_an_api_url_without_a_scheme_is_told_with_its_own_example(cli: CliRunner, variable: str, example: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-201: SLACK_API_URL's and the model's errors gave HubSpot's address as the example."""
    monkeypatch.setenv(variable, 'example.internal')
    result = cli.invoke(app, ['triage', str(EXAMPLES / 'leads' / '01-hospital-group-demo.json')])
    assert result.exit_code == 2 and f"'example.internal' is no API URL: give its scheme and host, e.g. {example}" \
        in ' '.join(result.stderr.split())


@pytest.mark.parametrize('url', ['sqlite://', 'sqlite:///:memory:'])
def test_an_in_memory_database_is_refused_by_the_commands(cli: CliRunner, url: str) -> None:
    """helper-201: `sqlite://` failed every run with "cannot commit transaction - SQL statements in progress", and
    `sqlite:///:memory:` routed the lead and kept nothing: no run, no review item, no dedupe key."""
    result = cli.invoke(app, ['triage', str(EXAMPLES / 'leads' / '01-hospital-group-demo.json'), '--db', url])
    assert result.exit_code == 2
    assert f'error: database URL {url} (--db or DATABASE_URL) is in memory: it is gone when the command ends' \
        in ' '.join(result.stderr.split())


@pytest.mark.parametrize('command', [['review', 'list'], ['log'], ['outbox'], ['runs', 'retry', '--failed'], ['sla']])
def test_a_command_on_what_runs_left_refuses_a_database_that_is_not_there(cli: CliRunner, tmp_path: Path,
                                                                          command: list[str]) -> None:
    """helper-201: `review list --db sqlite:///typo.db` made an empty typo.db and said there was nothing to review."""
    typo = tmp_path / 'lead_agnet.db'
    result = cli.invoke(app, [*command, '--db', f'sqlite:///{typo}'])
    assert result.exit_code == 2, result.output
    assert f'error: no database at {typo} (--db or DATABASE_URL): nothing has run with it here' \
        in ' '.join(result.stderr.split())
    assert not typo.exists()
