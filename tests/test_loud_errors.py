"""Misconfiguration is loud and short: an unusable database is one line naming it; no framework banner."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lead_agent.cli import app

from ._processes import free_port
from .helpers import EXAMPLES

LEAD = str(EXAMPLES / 'leads' / '01-hospital-group-demo.json')


def _unusable_databases(tmp_path: Path) -> list[tuple[str, str, str]]:
    """(URL, how it is shown, the driver's reason): a PostgreSQL port nothing listens on, a SQLite path under a file."""
    port = free_port()
    (tmp_path / 'a-file').write_text('')
    sqlite = f'sqlite:///{tmp_path / "a-file" / "lead_agent.db"}'
    return [
        (f'postgresql://leads:hunter2@127.0.0.1:{port}/leads', f'postgresql://leads:***@127.0.0.1:{port}/leads',
         'Connection refused'),
        (sqlite, sqlite, 'unable to open database file'),
    ]


@pytest.mark.parametrize('command', [
    pytest.param(['triage', LEAD], id='triage'),
    pytest.param(['log'], id='log'),
    pytest.param(['review', 'list'], id='review-list'),
    pytest.param(['db', 'current'], id='db-current'),
    pytest.param(['db', 'upgrade'], id='db-upgrade'),
])
def test_an_unusable_database_is_one_line_naming_it(cli: CliRunner, tmp_path: Path, command: list[str]) -> None:
    for url, shown, reason in _unusable_databases(tmp_path):
        result = cli.invoke(app, [*command, '--db', url])
        assert result.exit_code == 2, result.output
        [line] = result.stderr.splitlines()
        assert line.startswith('error: ') and f'cannot use {shown}: ' in line and reason in line, line
        assert 'hunter2' not in result.output and result.stdout == ''


def test_no_framework_banner_on_a_terminal(tmp_path: Path) -> None:
    """pydantic-ai prints a first-run banner to a terminal (not under pytest or CI): a real run on a pty has none."""
    env = {k: v for k, v in os.environ.items() if k not in ('PYTEST_VERSION', 'CI', 'PYDANTIC_AI_NO_BANNER')}
    env.update(DATABASE_URL=f'sqlite:///{tmp_path / "t.db"}', LEAD_AGENT_POLICY=str(EXAMPLES / 'policy.yaml'),
               COLUMNS='120', LEAD_AGENT_TRACE='off')
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'triage', LEAD], stdin=child, stdout=child,
                            stderr=child, env=env)
    os.close(child)  # the child holds it: the pty closes when the process ends
    output = b''
    try:
        while True:  # read as it comes: a full pty buffer would block the process
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the process ended and the pty is drained
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(main)
        proc.wait(timeout=120)
    text = output.decode(errors='replace')
    assert proc.returncode == 0, text
    assert 'routed_sales' in text
    assert 'pydantic-ai v' not in text and 'observability' not in text and 'Logfire' not in text, text


@pytest.mark.parametrize('command', [
    pytest.param(['triage', LEAD], id='triage'),
    pytest.param(['log'], id='log'),
    pytest.param(['eval', '--dataset', str(EXAMPLES.parent / 'evals' / 'leads.jsonl'), '--no-history'], id='eval'),
    pytest.param(['doctor'], id='doctor'),
    pytest.param(['worker', '--once'], id='worker'),
    pytest.param(['serve', '--port', '1'], id='serve'),
    pytest.param(['db', 'current'], id='db-current'),
    pytest.param(['backtest', LEAD], id='backtest'),
])
def test_a_setting_that_does_not_parse_is_one_line_naming_it(cli: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                                              command: list[str]) -> None:
    """Not a traceback, and never the worker's endless 'cannot reach the database': the variable and what is wrong."""
    monkeypatch.setenv('LEAD_AGENT_CONCURRENCY', 'sk-not-a-number')
    result = cli.invoke(app, command)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith('error: setting LEAD_AGENT_CONCURRENCY: '), line
    assert 'sk-not-a-number' not in result.output  # a value may be a secret


def test_an_empty_variable_is_unset(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """`LEAD_AGENT_DRY_RUN=` in an env file: the default, not an error."""
    monkeypatch.setenv('LEAD_AGENT_DRY_RUN', '')
    result = cli.invoke(app, ['triage', LEAD, '--json'])
    assert result.exit_code == 0, result.output
    assert '"dry_run":false' in result.stdout.replace(' ', '')
