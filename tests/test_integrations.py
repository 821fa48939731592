"""The CLI with every integration configured by environment, against local servers speaking each vendor's format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lead_agent.cli import app

from .fakes.enrichment_server import FakeEnrichment, apollo_company
from .fakes.hubspot_server import FakeHubSpot
from .fakes.slack_server import FakeSlackServer
from .helpers import EXAMPLES
from .test_smtp import SmtpServer, serve


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    yield from serve(auth_require_tls=False)


def test_triage_writes_to_hubspot_slack_smtp_with_vendor_enrichment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer) -> None:
    with FakeHubSpot('pat-local') as hubspot, FakeSlackServer() as slack, \
            FakeEnrichment({'apollo': 'ap-local'}) as vendors:
        vendors.add('apollo', 'havenhospitals.com', apollo_company(
            'havenhospitals.com', 'Haven Hospital Group', 4800, 'Hospitals and Health Care', 'United States'))
        env = {
            'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml'), 'DATABASE_URL': f'sqlite:///{tmp_path / "run.db"}',
            'HUBSPOT_ACCESS_TOKEN': 'pat-local', 'HUBSPOT_HOST': hubspot.host,
            'SLACK_BOT_TOKEN': 'xoxb-test', 'SLACK_API_URL': slack.url + '/api/',
            'SMTP_URL': smtp.url(), 'SMTP_FROM': 'hello@careflow.example',
            'SMTP_ALLOW_PLAINTEXT_AUTH': 'true',  # the test server offers no STARTTLS
            'APOLLO_API_KEY': 'ap-local', 'APOLLO_BASE_URL': vendors.base_url,
            'COLUMNS': '200',
        }
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        runner = CliRunner()
        lead = EXAMPLES / 'leads' / '01-hospital-group-demo.json'
        result = runner.invoke(app, ['triage', str(lead), '--json'])
        assert result.exit_code == 0, result.output
        rec = json.loads(result.stdout)
        again = runner.invoke(app, ['triage', str(lead), '--json'])

        assert rec['state'] == 'routed_sales' and rec['enrichment']['source'] == 'apollo'
        assert json.loads(again.stdout)['state'] == 'duplicate'
        [contact] = hubspot.contacts
        assert contact['properties']['email'] == 'priya.raman@havenhospitals.com'
        assert len(hubspot.notes) == 1
        [post] = slack.calls('chat.postMessage')
        assert post['channel'] == '#founder-deals' and 'Take this lead' in json.dumps(post['blocks'])
        [mail] = smtp.inbox.messages
        assert mail.rcpt_tos == ['priya.raman@havenhospitals.com'] and mail.authenticated
        assert mail.message['Subject'] == 'Thanks for contacting CareFlow'
        assert [r.path.split('?')[0] for r in vendors.requests] == ['/api/v1/organizations/enrich']


def test_nothing_configured_keeps_the_embedded_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('DATABASE_URL', f'sqlite:///{tmp_path / "run.db"}')
    result = CliRunner().invoke(app, ['triage', str(EXAMPLES / 'leads' / '01-hospital-group-demo.json'), '--json'])
    rec = json.loads(result.stdout)
    assert rec['state'] == 'routed_sales' and rec['enrichment']['source'] == 'directory'
    assert [a['ref'].split(':')[0] for a in rec['actions'][1:]] == ['outbox', 'outbox']
