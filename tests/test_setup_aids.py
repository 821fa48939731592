"""The set-up aids stay true: the Slack manifest's scopes, the HubSpot scopes, and the deploy guide's commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk.web.async_client import AsyncWebClient
from typer.testing import CliRunner

from lead_agent.cli import app
from lead_agent.crm import hubspot
from lead_agent.slack import BOT_SCOPES, SCOPES_BY_METHOD

ROOT = Path(__file__).parent.parent
SRC = ROOT / 'src' / 'lead_agent'
README = (ROOT / 'README.md').read_text()
DEPLOY = (ROOT / 'docs' / 'deploy.md').read_text()


def _sources() -> dict[Path, str]:
    return {path: path.read_text() for path in SRC.rglob('*.py')}


def test_the_manifest_asks_for_exactly_the_scopes_the_code_needs() -> None:
    manifest: dict[str, Any] = yaml.safe_load((ROOT / 'examples' / 'slack-app-manifest.yaml').read_text())
    assert sorted(manifest['oauth_config']['scopes']['bot']) == list(BOT_SCOPES) == [
        'channels:history', 'channels:read', 'chat:write', 'chat:write.public', 'groups:history', 'groups:read']
    interactivity = manifest['settings']['interactivity']
    assert interactivity == {'is_enabled': True, 'request_url': 'https://YOUR-HOST/slack/events'}
    assert "'/slack/events'" in (SRC / 'web' / 'app.py').read_text()  # the route the URL points at
    assert 'event_subscriptions' not in manifest['settings']  # the app answers clicks only


def test_every_slack_method_the_code_calls_has_its_scopes_listed() -> None:
    """Any Web API client method called anywhere in the package (`client.chat_update(` is `chat.update`)."""
    methods = {name for name in dir(AsyncWebClient) if not name.startswith('_') and '_' in name}
    called: set[str] = set()
    for text in _sources().values():
        called |= {m.replace('_', '.') for m in re.findall(r'\.([a-z]+_[A-Za-z_]+)\(', text) if m in methods}
    assert called == set(SCOPES_BY_METHOD), 'keep lead_agent.slack.SCOPES_BY_METHOD and the calls in step'


def test_every_hubspot_api_the_code_uses_has_its_scope_listed_in_the_readme() -> None:
    used = set(re.findall(r'crm\.((?:objects\.)?[a-z]+\.[a-z]+_api)', (SRC / 'crm' / 'hubspot.py').read_text()))
    assert used == set(hubspot.SCOPES_BY_API)
    assert hubspot.SCOPES == ('crm.objects.companies.read', 'crm.objects.contacts.read', 'crm.objects.contacts.write')
    for scope in (*hubspot.SCOPES, *BOT_SCOPES):
        assert f'`{scope}`' in README, scope


def _commands(markdown: str) -> list[list[str]]:
    """Every `lead-agent ...` command in the guide: in code blocks and in `inline code`, continuation lines joined."""
    blocks = re.findall(r'```[a-z]*\n(.*?)```', markdown, flags=re.S)
    text = '\n'.join(blocks).replace('\\\n', ' ') + '\n' + '\n'.join(re.findall(r'`(lead-agent [^`]+)`', markdown))
    found: list[list[str]] = []
    for line in text.splitlines():
        for match in re.finditer(r'lead-agent(?:\.service)? ((?:[a-z][a-z-]*)(?: [^;&|#\n]*)?)', line):
            words = shlex.split(match.group(1))
            found.append(words)
    return found


def test_the_deploy_guide_uses_commands_and_options_the_cli_has() -> None:
    commands = _commands(DEPLOY)
    names = {' '.join(w for w in c[:2] if not w.startswith('-')) for c in commands}
    assert {'db upgrade', 'doctor', 'sla', 'serve', 'worker'} <= {n.split()[0] if n.split()[0] != 'db' else n
                                                                   for n in names}
    runner = CliRunner()
    for words in commands:
        path = [words[0]] + ([words[1]] if words[0] in ('db', 'review', 'runs') and len(words) > 1 else [])
        result = runner.invoke(app, [*path, '--help'], env={'COLUMNS': '200'})
        assert result.exit_code == 0, f'lead-agent {" ".join(path)}: {result.output}'
        for option in (w.split('=')[0] for w in words if w.startswith('--')):
            assert option in result.stdout, f'lead-agent {" ".join(words)}: no option {option}'


@pytest.mark.parametrize('unit', ['lead-agent-host.service', 'lead-agent-worker@.service', 'lead-agent-sla.service',
                                  'lead-agent-sla.timer'])
def test_the_systemd_units_are_in_the_guide_and_run_real_commands(unit: str) -> None:
    text = (ROOT / 'examples' / 'deploy' / unit).read_text()
    assert unit in DEPLOY
    if unit.endswith('.service'):  # ProtectHome hides ~/.cache: the pattern cache is kept where the unit may write
        assert 'ProtectHome=true' in text and 'CacheDirectory=lead-agent' in text
        assert 'Environment=LEAD_AGENT_CACHE_DIR=%C/lead-agent' in text
    for line in re.findall(r'^Exec\w+=(.*)$', text, flags=re.M):
        words = shlex.split(line)
        if words[0] == '/opt/lead-agent/.venv/bin/uvicorn':  # the host on its own, as the README's "run the parts"
            assert words[1:3] == ['lead_agent.web:create_app', '--factory'], line
            assert 'Environment=LEAD_AGENT_WORKER=external' in text
            continue
        assert words[0] == '/opt/lead-agent/.venv/bin/lead-agent', line
        result = CliRunner().invoke(app, [words[1], '--help'], env={'COLUMNS': '200'})
        assert result.exit_code == 0, line
        for option in (w.split('=')[0] for w in words if w.startswith('--')):
            assert option in result.stdout, f'{line}: no option {option}'


def test_the_readme_links_the_guide_and_lists_doctor() -> None:
    assert '(docs/deploy.md)' in README and 'lead-agent doctor' in README
