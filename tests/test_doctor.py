"""`lead-agent doctor` against the local fakes: a working configuration passes; each broken part names its fix."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pydantic_ai import models
from sqlalchemy import text as sql
from typer.testing import CliRunner

from lead_agent import Policy, Settings
from lead_agent.cli import app
from lead_agent.deps import build_deps
from lead_agent.doctor import Check, check_all
from lead_agent.runs import Engine
from lead_agent.store import Database, prepare

from ._processes import free_port
from .fakes.enrichment_server import FakeEnrichment
from .fakes.hubspot_server import FakeHubSpot
from .fakes.llm_server import FakeLLMServer, delay, error, text
from .fakes.slack_server import FakeSlackServer
from .helpers import EXAMPLES
from .test_smtp import URL_PASSWORD, USER, SmtpServer, serve

PARTS = ['policy', 'database', 'model', 'hubspot', 'slack', 'smtp', 'enrichment: clearbit', 'enrichment: apollo',
         'enrichment: pdl']


@dataclass
class Servers:
    llm: FakeLLMServer
    hubspot: FakeHubSpot
    slack: FakeSlackServer
    smtp: SmtpServer
    enrichment: FakeEnrichment
    db_url: str
    env: dict[str, str] = field(default_factory=dict[str, str])
    """A configuration of every part, each pointed at its fake and right."""


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    db_url = f'sqlite:///{tmp_path / "doctor.db"}'
    db = Database(db_url)
    prepare(db)
    db.dispose()
    with FakeLLMServer() as llm, FakeHubSpot(token='pat-good') as hubspot, FakeSlackServer() as slack, \
            FakeEnrichment() as enrichment, models.override_allow_model_requests(True):
        for smtp in serve(auth_require_tls=False):
            s = Servers(llm, hubspot, slack, smtp, enrichment, db_url)
            s.env = {
                'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml'), 'DATABASE_URL': db_url,
                'LEAD_AGENT_MODEL': 'openai-compatible:fake-model', 'LEAD_AGENT_BASE_URL': llm.openai_base_url,
                'LEAD_AGENT_API_KEY': 'sk-good',
                'HUBSPOT_ACCESS_TOKEN': 'pat-good', 'HUBSPOT_HOST': hubspot.host,
                'SLACK_BOT_TOKEN': 'xoxb-good', 'SLACK_SIGNING_SECRET': 'signing-secret',
                'SLACK_API_URL': slack.url + '/api/',
                'SMTP_URL': f'smtp://{USER}:{URL_PASSWORD}@127.0.0.1:{smtp.port}', 'SMTP_FROM': 'hello@careflow.example',
                'SMTP_ALLOW_PLAINTEXT_AUTH': 'true',  # this fake offers no STARTTLS
                **{f'{v.upper()}_API_KEY': key for v, key in enrichment.keys.items()},
                **{f'{v.upper()}_BASE_URL': enrichment.base_url for v in enrichment.keys},
            }
            yield s


async def _check(env: dict[str, str]) -> dict[str, Check]:
    checks = await check_all(Settings.model_validate(env), timeout=3.0)
    return {c.part: c for c in checks}


async def test_a_working_configuration_passes(servers: Servers) -> None:
    servers.llm.script(text('OK'))
    checks = await _check(servers.env)
    assert {part: c.status for part, c in checks.items()} == dict.fromkeys(PARTS, 'ok')
    assert len(servers.llm.requests) == 1 and servers.llm.requests[0].body['max_completion_tokens'] == 16
    assert [r.method for r in servers.slack.requests] == ['auth.test']
    assert servers.smtp.inbox.commands[:2] == ['EHLO', 'AUTH'] and servers.smtp.inbox.messages == []  # none sent
    assert servers.hubspot.contacts == [] and servers.hubspot.notes == []  # nothing created
    assert checks['slack'].detail == ('auth.test: lead-agent in Fake, scopes channels:history, channels:read, '
                                      'chat:write, chat:write.public, groups:history, groups:read')


async def test_a_token_without_the_lookup_scopes_is_a_warning(servers: Servers) -> None:
    # Posting works without them; only a post whose answer was lost cannot be looked for before it is made again.
    servers.slack.scopes = 'chat:write,chat:write.public'
    servers.llm.script(text('OK'))
    check = (await _check(servers.env))['slack']
    assert check.status == 'warning', check
    assert 'the token lacks channels:history, channels:read, groups:history, groups:read' in check.detail
    assert 'posted twice' in check.fix


def _part_lines(output: str) -> list[str]:
    """The line of each part (a fix or a note is indented under it; the last line is the verdict)."""
    return [line for line in output.splitlines()[:-1] if not line.startswith(' ')]


def test_the_command_prints_each_part_and_exits_0(servers: Servers, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in servers.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv('COLUMNS', '200')
    servers.llm.script(text('OK'))
    result = CliRunner().invoke(app, ['doctor', '--timeout', '3'])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert {line.split()[1]: line.split()[0] for line in _part_lines(result.stdout)} == dict.fromkeys(
        ['policy', 'database', 'model', 'hubspot', 'slack', 'smtp', 'enrichment:'], 'ok')
    assert lines[-1] == 'ready: every configured part works'
    assert 'sk-good' not in result.output and 'pat-good' not in result.output and URL_PASSWORD not in result.output


def test_unconfigured_parts_are_the_embedded_default(cli: CliRunner) -> None:
    result = cli.invoke(app, ['doctor'])
    assert result.exit_code == 0, result.output
    status = {line.split()[1]: line.split()[0] for line in _part_lines(result.stdout)}
    assert status == {'policy': 'ok', 'database': 'ok', 'model': 'default', 'hubspot': 'default',
                      'slack': 'default', 'smtp': 'default', 'enrichment': 'default'}


@dataclass(frozen=True)
class Broken:
    part: str
    env: dict[str, str] = field(default_factory=dict[str, str])
    setup: Callable[[Servers], Any] = lambda s: None
    detail: str = ''
    fix: str = ''


def _stamp(url: str, revision: str) -> None:
    """Mark the database as made by an older lead-agent."""
    db = Database(url)
    with db.engine.begin() as conn:
        conn.execute(sql('UPDATE alembic_version SET version_num = :r'), {'r': revision})
    db.dispose()


def _closed(env_name: str, template: str) -> dict[str, str]:
    return {env_name: template.format(port=free_port())}


BROKEN = [
    Broken('policy', {'LEAD_AGENT_POLICY': '/nonexistent/policy.yaml'}, detail='no such policy file (named by LEAD_AGENT_POLICY',
           fix='LEAD_AGENT_POLICY'),
    Broken('database', _closed('DATABASE_URL', 'postgresql://u:pw-secret@127.0.0.1:{port}/leads'),
           detail='Connection refused', fix='start the database server'),
    Broken('database', setup=lambda s: _stamp(s.db_url, '0001'), detail='schema at revision 0001, this lead-agent needs',
           fix='lead-agent db upgrade'),
    Broken('model', setup=lambda s: s.llm.script(error(401)), detail='key refused (status_code: 401', fix='LEAD_AGENT_API_KEY'),
    Broken('model', _closed('LEAD_AGENT_BASE_URL', 'http://127.0.0.1:{port}/v1'), detail='cannot connect',
           fix='LEAD_AGENT_BASE_URL'),
    Broken('model', setup=lambda s: s.llm.script(delay(10, text('late'))), detail='no answer within 3 s',
           fix='LEAD_AGENT_REQUEST_TIMEOUT'),
    Broken('model', setup=lambda s: s.llm.script(error(404)), detail='not found', fix='model name in LEAD_AGENT_MODEL'),
    Broken('hubspot', {'HUBSPOT_ACCESS_TOKEN': 'pat-wrong'}, detail='(HTTP 401)',
           fix='HUBSPOT_ACCESS_TOKEN is not accepted: create a private app (HubSpot: Settings > Integrations > '
               'Private apps) with the scopes crm.objects.companies.read, crm.objects.contacts.read, '
               'crm.objects.contacts.write, and set its access token'),
    Broken('hubspot', setup=lambda s: s.hubspot.fail('/crm/v3/objects/companies/search', status=403),
           detail='(HTTP 403)', fix='the private app lacks a scope: give it crm.objects.companies.read'),
    Broken('slack', {'SLACK_BOT_TOKEN': 'not-a-slack-token'}, detail='auth.test: invalid_auth',
           fix='SLACK_BOT_TOKEN is not accepted'),
    Broken('slack', setup=lambda s: setattr(s.slack, 'scopes', 'chat:write,channels:read,channels:history'),
           detail='the token lacks chat:write.public, groups:history, groups:read',
           fix='examples/slack-app-manifest.yaml'),
    Broken('slack', _closed('SLACK_API_URL', 'http://127.0.0.1:{port}/api/'), detail='ClientConnectorError',
           fix='check SLACK_API_URL'),
    # helper-93: the Web API's base without /api/ was reported as a token Slack did not accept
    Broken('slack', setup=lambda s: s.env.update(SLACK_API_URL=s.slack.url + '/'), detail='auth.test: unknown_method',
           fix="SLACK_API_URL 'http://127.0.0.1:"),
    Broken('smtp', {'SMTP_URL': f'smtp://{USER}:wrong@127.0.0.1:{{port}}'}, detail='535',
           fix='check the user and password in SMTP_URL'),
    Broken('smtp', _closed('SMTP_URL', 'smtp://127.0.0.1:{port}'), detail='failed', fix='host and port in SMTP_URL'),
    Broken('enrichment: apollo', {'APOLLO_API_KEY': 'wrong'}, detail='(HTTP 401)',
           fix='APOLLO_API_KEY is not accepted'),
]


@pytest.mark.parametrize('case', BROKEN, ids=lambda c: f'{c.part}-{c.detail}')
async def test_a_broken_part_fails_and_names_the_fix(servers: Servers, case: Broken) -> None:
    case.setup(servers)  # a scripted model error comes before the answer
    servers.llm.script(text('OK'))
    env = {**servers.env, **{k: v.replace('{port}', str(servers.smtp.port)) for k, v in case.env.items()}}
    checks = await _check(env)
    broken = checks[case.part]
    assert broken.status == 'failed', broken
    assert case.detail in broken.detail and case.fix in broken.fix, broken
    assert [p for p, c in checks.items() if c.status == 'failed'] == [case.part]  # the others still pass
    assert 'pw-secret' not in broken.detail and 'sk-good' not in broken.detail


def test_the_command_exits_1_and_prints_the_fix(servers: Servers, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**servers.env, 'SLACK_BOT_TOKEN': 'not-a-slack-token'}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv('COLUMNS', '200')
    servers.llm.script(text('OK'))
    result = CliRunner().invoke(app, ['doctor', '--timeout', '3'])
    assert result.exit_code == 1, result.output
    slack = result.stdout.split('FAILED   slack', 1)[1].splitlines()
    assert slack[0].strip() == 'slack: auth.test: invalid_auth (HTTP 200)'
    assert slack[1].strip().startswith('fix: SLACK_BOT_TOKEN is not accepted: install the app')
    assert result.stdout.splitlines()[-1] == '1 part(s) to fix'


def test_a_setting_that_does_not_parse_is_named(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('LEAD_AGENT_REQUEST_TIMEOUT', 'soon')
    result = cli.invoke(app, ['doctor'])
    assert result.exit_code == 2
    assert result.stderr == ('error: setting LEAD_AGENT_REQUEST_TIMEOUT: Input should be a valid number, unable to '
                             'parse string as a number\n')


def test_policy_warnings_are_shown_but_do_not_fail(cli: CliRunner, tmp_path: Path) -> None:
    text = (EXAMPLES / 'policy.yaml').read_text()
    policy = tmp_path / 'policy.yaml'
    policy.write_text(text.replace('  industries:\n', '  industries:\n    - Underwater Basket Weaving\n', 1))
    for name in ('companies.yaml', 'crm_history.yaml'):  # the files its `local:` names, beside it
        shutil.copy(EXAMPLES / name, tmp_path / name)
    result = cli.invoke(app, ['doctor', '--policy', str(policy)])
    assert result.exit_code == 0, result.output
    [line, fix] = result.stdout.splitlines()[:2]
    assert line.split()[:2] == ['warning', 'policy'] and 'Underwater Basket Weaving' in fix


@pytest.mark.parametrize('missing', ['companies.yaml', 'crm_history.yaml'])
def test_a_policy_whose_local_files_are_not_beside_it_fails(cli: CliRunner, tmp_path: Path, missing: str) -> None:
    """Every run loads the files `local:` names, HubSpot or not: a policy copied alone would fail each run."""
    shutil.copy(EXAMPLES / 'policy.yaml', tmp_path / 'policy.yaml')
    for name in {'companies.yaml', 'crm_history.yaml'} - {missing}:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    result = cli.invoke(app, ['doctor', '--policy', str(tmp_path / 'policy.yaml')])
    assert result.exit_code == 1, result.output
    [line, fix] = result.stdout.splitlines()[:2]
    assert line.split()[:2] == ['FAILED', 'policy'] and str(tmp_path / missing) in line
    assert f'local.{missing.removesuffix(".yaml")}' in fix


class _Echo(http.server.BaseHTTPRequestHandler):
    """A vendor that answers 500 with a long body echoing the request's headers (the token among them)."""

    def _answer(self) -> None:
        body = ('error: ' + json.dumps(dict(self.headers)) + ' ' + 'x' * 50_000).encode()
        self.send_response(500)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_no_secret_and_no_long_vendor_body_is_printed(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f'http://127.0.0.1:{server.server_address[1]}'
    try:
        monkeypatch.setenv('SLACK_BOT_TOKEN', 'xoxb-SECRETSLACK123')
        monkeypatch.setenv('SLACK_API_URL', url + '/api/')
        monkeypatch.setenv('HUBSPOT_ACCESS_TOKEN', 'pat-SECRETHUBSPOT456')
        monkeypatch.setenv('HUBSPOT_HOST', url)
        result = cli.invoke(app, ['doctor', '--timeout', '5'])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1, result.output
    assert 'SECRETSLACK123' not in result.output and 'SECRETHUBSPOT456' not in result.output
    assert max(len(line) for line in result.stdout.splitlines()) < 400, result.stdout


async def test_a_database_a_newer_release_ran_on_is_a_warning_after_a_rollback(
        database_url: str, policy: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    """DBOS gives note checks queued without a workflow version to the latest release's workers: after a rollback
    across a version bump they wait for a release that is gone, and the doctor says so (and what to do)."""
    import lead_agent.runs as runs_module

    deps = build_deps(Settings.model_validate({}), policy=policy, database_url=database_url)
    async with Engine(deps, execute=False):  # this release, an hour ago
        pass
    with deps.db.engine.begin() as conn:  # (DBOS dates a release in whole seconds on SQLite: an hour apart)
        table = 'application_versions' if database_url.startswith('sqlite') else 'dbos.application_versions'
        conn.execute(sql(f'UPDATE {table} SET version_timestamp = version_timestamp - 3600000'))
    assert (await _check({'DATABASE_URL': database_url}))['database'].status == 'ok'
    monkeypatch.setattr(runs_module, '_VERSION', 'lead-agent-next')
    async with Engine(deps, execute=False):  # the next release ran on it
        pass
    monkeypatch.undo()  # and was rolled back
    deps.db.dispose()
    check = (await _check({'DATABASE_URL': database_url}))['database']
    assert check.status == 'warning', check
    assert 'a newer lead-agent ran on it (workflow version lead-agent-next)' in check.detail
    assert 'docs/deploy.md' in check.fix


def test_a_database_that_can_be_read_but_not_written_fails(cli: CliRunner, tmp_path: Path) -> None:
    """helper-201: a read-only SQLite file was `ok ... schema at revision 0010 (current)`, `ready`, exit 0, and every
    run then failed to be stored. (A read-only connection: root, as in CI, may write a file whatever its mode.)"""
    path = tmp_path / 'ro.db'
    assert cli.invoke(app, ['db', 'upgrade', '--db', f'sqlite:///{path}']).exit_code == 0
    # Written to once, as any database lead-agent ran on (a read-only connection cannot switch the file to WAL)
    assert 'ok database' in ' '.join(cli.invoke(app, ['doctor', '--db', f'sqlite:///{path}']).stdout.split())
    result = cli.invoke(app, ['doctor', '--db', f'sqlite:///file:{path}?mode=ro&uri=true'])
    assert result.exit_code == 1
    text = ' '.join(result.stdout.split())
    assert 'FAILED database' in text and 'can be read, not written: attempt to write a readonly database' in text
    assert 'fix: let lead-agent write it' in text
