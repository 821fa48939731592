from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbos import DBOS
from pydantic_ai import models
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from lead_agent import Policy, TriageDeps, load_policy, local_deps

from ._postgres import postgres_server
from .fakes.hubspot_server import FakeHubSpot
from .fakes.slack_server import FakeSlackServer

models.ALLOW_MODEL_REQUESTS = False

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / 'examples'


def pytest_configure(config: pytest.Config) -> None:
    """pytest-xdist starts its workers with COLUMNS=80 and LINES=24. The CLI's console reads COLUMNS once, when it is
    made at import, and would keep 80 columns whatever a test sets: let it read the width at each print instead."""
    for name in ('COLUMNS', 'LINES'):
        os.environ.pop(name, None)


@pytest.fixture(autouse=True)
def _no_engine_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that ends with a lead-agent engine still started (one per process) fails itself, and the engine is
    released, rather than failing every later test of its pytest worker on "one lead-agent engine per process" (a
    CI run: 77 failures and 11 errors with no trace of the first)."""
    yield
    from lead_agent import runs

    left = runs._engine  # pyright: ignore[reportPrivateUsage]
    if left is None:
        return
    runs._engine = None  # pyright: ignore[reportPrivateUsage]
    with contextlib.suppress(Exception):
        DBOS.destroy()
    pytest.fail(f'{request.node.nodeid} left its engine ({left.executor_id}) started: stop it in the test')


@pytest.fixture(scope='session')
def policy() -> Policy:
    return load_policy(EXAMPLES / 'policy.yaml')


@pytest.fixture
def any_language(policy: Policy) -> Policy:
    """The example policy reading leads in any language, so the language guard does not hide the route."""
    return policy.model_copy(update={'intake': policy.intake.model_copy(update={'languages': []})})


@pytest.fixture(scope='session')
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


_schemas = itertools.count()


@pytest.fixture(params=['sqlite', 'postgres'])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind: a SQLite file, and a new PostgreSQL database on the test server."""
    if request.param == 'sqlite':
        yield f'sqlite:///{tmp_path / "lead_agent.db"}'
        return
    yield request.getfixturevalue('postgres_database')


@pytest.fixture
def postgres_database(postgres_url: str) -> str:
    """A new, empty PostgreSQL database on the test server."""
    name = f'test_{next(_schemas)}'
    admin = create_engine(postgres_url.replace('postgresql://', 'postgresql+psycopg://'), isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE {name}'))
    admin.dispose()
    return postgres_url.rsplit('/', 1)[0] + '/' + name


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f'sqlite:///{tmp_path / "lead_agent.db"}'


@pytest.fixture
def deps(policy: Policy, database_url: str) -> Iterator[TriageDeps]:
    """Embedded defaults on each database: every pipeline test runs on SQLite and on PostgreSQL."""
    d = local_deps(policy, database_url=database_url)
    yield d
    d.db.dispose()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The CLI on its own SQLite file and the sample policy.

    The environment is put back afterwards: commands set variables for the processes they start (`serve` sets
    LEAD_AGENT_WORKER, `--trace` LEAD_AGENT_TRACE), which would otherwise reach every later test.
    """
    saved = dict(os.environ)
    monkeypatch.setenv('DATABASE_URL', f'sqlite:///{tmp_path / "cli.db"}')
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('COLUMNS', '200')
    yield CliRunner()
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def slack() -> Iterator[FakeSlackServer]:
    """The local fake of Slack's Web API."""
    with FakeSlackServer() as server:
        yield server


@pytest.fixture
def client(slack: FakeSlackServer) -> AsyncWebClient:
    """A Slack Web API client pointed at `slack`."""
    return AsyncWebClient(token='xoxb-test', base_url=slack.url + '/api/')


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpot]:
    """The local fake of HubSpot's CRM API, with the token `pat-local`."""
    with FakeHubSpot('pat-local') as server:
        yield server
