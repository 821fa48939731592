"""lead-agent as a package: the built wheel installed on its own, `init`, the policy's default, `--version`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lead_agent import ConfigError, build_deps
from lead_agent.cli import app

from ._services import missing
from .helpers import EXAMPLES

ROOT = EXAMPLES.parent
SAMPLE_SUMMARY = '13 submission(s): 2 rejected, 5 review, 5 routed_sales, 1 routed_support'


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder outside the checkout as the current one, with no policy configured."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('LEAD_AGENT_POLICY', raising=False)
    monkeypatch.setenv('DATABASE_URL', f'sqlite:///{tmp_path / "run.db"}')
    return tmp_path


def test_without_a_policy_a_command_says_how_to_make_one(elsewhere: Path) -> None:
    result = CliRunner().invoke(app, ['triage', str(EXAMPLES / 'leads')])
    assert result.exit_code == 2
    assert result.stderr == (f'error: no policy: there is no lead-agent.yaml in {elsewhere} and LEAD_AGENT_POLICY is '
                             'not set; run `lead-agent init` to write a starter policy and sample leads here, or pass '
                             '--policy FILE\n')
    named = CliRunner().invoke(app, ['triage', str(EXAMPLES / 'leads')], env={'LEAD_AGENT_POLICY': 'other.yaml'})
    assert named.exit_code == 2 and 'other.yaml: no such policy file (named by LEAD_AGENT_POLICY' in named.stderr


def test_init_writes_the_starter_set_once(elsewhere: Path) -> None:
    result = CliRunner().invoke(app, ['init'])
    assert result.exit_code == 0, result.output
    assert result.stdout == """\
wrote in .:
  lead-agent.yaml   the policy, for CareFlow (a fictional company): edit it for yours
  companies.yaml    the company directory (the policy's local.companies)
  crm_history.yaml  the CRM's starting history (local.crm_history)
  leads/            13 sample leads
the policy's keys: docs/policy.md in lead-agent's source
next: lead-agent triage leads/
"""
    assert (elsewhere / 'lead-agent.yaml').read_bytes() == (EXAMPLES / 'policy.yaml').read_bytes()
    assert sorted(p.name for p in (elsewhere / 'leads').iterdir()) == sorted(p.name for p in (EXAMPLES / 'leads').iterdir())

    (elsewhere / 'companies.yaml').write_text('# mine\n')
    again = CliRunner().invoke(app, ['init'])
    assert again.exit_code == 2 and again.stderr.startswith('error: not overwriting lead-agent.yaml, companies.yaml, ')
    assert (elsewhere / 'companies.yaml').read_text() == '# mine\n'
    forced = CliRunner().invoke(app, ['init', '--force'])
    assert forced.exit_code == 0 and (elsewhere / 'companies.yaml').read_bytes() == (EXAMPLES / 'companies.yaml').read_bytes()

    triaged = CliRunner().invoke(app, ['triage', 'leads'])  # ./lead-agent.yaml, its local files beside it
    assert triaged.exit_code == 0, triaged.output
    assert SAMPLE_SUMMARY in triaged.stdout


def test_init_into_a_new_folder_names_the_next_command(elsewhere: Path) -> None:
    result = CliRunner().invoke(app, ['init', 'my leads'])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("next: cd 'my leads' && lead-agent triage leads/\n")
    assert (elsewhere / 'my leads' / 'lead-agent.yaml').is_file()


def test_init_never_writes_through_a_symbolic_link(elsewhere: Path) -> None:
    victim = elsewhere / 'victim.txt'
    victim.write_text('keep me')
    (elsewhere / 'companies.yaml').symlink_to(victim)
    for args in (['init'], ['init', '--force']):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2 and 'not writing through symbolic links' in result.stderr, result.output
    assert victim.read_text() == 'keep me' and not (elsewhere / 'lead-agent.yaml').exists()


def test_version() -> None:
    result = CliRunner().invoke(app, ['--version'])
    assert (result.exit_code, result.stdout) == (0, f'lead-agent {version("lead-agent")}\n')


def _uv() -> str:
    uv = os.environ.get('UV') or shutil.which('uv')  # `uv run` sets UV to itself
    if uv is None:
        missing('uv is missing: run the tests with `uv run pytest` (the README quick start)')
    return uv


def test_the_wheel_installs_and_runs_on_its_own(tmp_path: Path) -> None:
    """`uv build`'s wheel in a fresh venv outside the checkout: --version, init, then triage on the embedded defaults."""
    uv = _uv()
    # Bytecode may be written: the venv is a throw-away, and each CLI start would otherwise compile its imports again.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('LEAD_AGENT_', 'VIRTUAL_ENV', 'DATABASE_URL', 'PYTHONDONTWRITEBYTECODE'))}

    def run(*args: str, cwd: Path = tmp_path) -> str:
        done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f'{args}: {done.stdout}\n{done.stderr}'
        return done.stdout

    run(uv, 'build', '--quiet', '--out-dir', str(tmp_path / 'dist'), str(ROOT))
    (wheel,) = (tmp_path / 'dist').glob('lead_agent-*.whl')
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {'lead_agent/data/industries.yaml', 'lead_agent/web/templates/review/page.html',
            'lead_agent/evals/templates/report.html.j2', 'lead_agent/_starter/policy.yaml',
            'lead_agent/_starter/leads/01-hospital-group-demo.json'} <= names
    assert any(n.endswith('.dist-info/licenses/LICENSE') for n in names)

    # The locked versions of the dependencies (served from uv's cache), the wheel instead of the project.
    pins = tmp_path / 'pins.txt'
    run(uv, 'export', '--frozen', '--quiet', '--no-dev', '--no-emit-project', '--no-hashes', '-o', str(pins),
        cwd=ROOT)
    run(uv, 'venv', '--quiet', '--python', sys.executable, str(tmp_path / 'venv'))
    python = tmp_path / 'venv' / 'bin' / 'python'
    run(uv, 'pip', 'install', '--quiet', '--python', str(python), '-c', str(pins), str(wheel))
    lead_agent = str(tmp_path / 'venv' / 'bin' / 'lead-agent')

    assert run(lead_agent, '--version') == f'lead-agent {version("lead-agent")}\n'
    work = tmp_path / 'work'
    assert run(lead_agent, 'init', str(work)).endswith('lead-agent triage leads/\n')
    triaged = run(lead_agent, 'triage', 'leads/', cwd=work)
    assert SAMPLE_SUMMARY in triaged
    imported = run(str(python), '-c', 'import lead_agent; print(lead_agent.__file__)', cwd=work)
    assert imported.startswith(str(tmp_path / 'venv'))  # the wheel's copy, not the checkout's


async def test_the_host_reads_the_policy_where_the_cli_does(elsewhere: Path) -> None:
    from lead_agent.web import HostSettings

    with pytest.raises(ConfigError, match=r'no lead-agent\.yaml in .* run `lead-agent init`'):
        build_deps(HostSettings())  # pyright: ignore[reportCallIssue]
    assert CliRunner().invoke(app, ['init']).exit_code == 0
    deps = build_deps(HostSettings())  # pyright: ignore[reportCallIssue]
    try:
        assert (deps.policy.company.name, deps.policy.base_dir) == ('CareFlow', Path('.'))
    finally:
        await deps.aclose()
