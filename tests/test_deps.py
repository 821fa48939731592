"""`build_deps(settings)`: the one place deps are built; frozen after, closed with `aclose()`."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy.pool import QueuePool

from lead_agent import ConfigError, Settings, TriageDeps, build_deps
from lead_agent.crm.hubspot import HubSpotCRM
from lead_agent.llm import model_settings

from .helpers import EXAMPLES


def _settings(tmp_path: Path, **env: str) -> Settings:
    return Settings.model_validate({'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml'),
                                    'DATABASE_URL': f'sqlite:///{tmp_path / "deps.db"}', **env})


async def test_deps_are_frozen_and_changed_by_replace(tmp_path: Path) -> None:
    deps = build_deps(_settings(tmp_path, LEAD_AGENT_REQUEST_TIMEOUT='7', LEAD_AGENT_MAX_REQUESTS='3'))
    try:
        assert deps.model_settings == model_settings(7.0, 1)
        assert deps.request_limit == 3 and deps.retry_for == 3600.0
        with pytest.raises(dataclasses.FrozenInstanceError):
            deps.model = 'test'  # type: ignore[misc]
        changed = dataclasses.replace(deps, retry_for=5.0)
        assert isinstance(changed, TriageDeps) and changed.retry_for == 5.0 and deps.retry_for == 3600.0
    finally:
        await deps.aclose()


async def test_aclose_closes_the_integrations_and_the_database(tmp_path: Path) -> None:
    deps = build_deps(_settings(tmp_path, HUBSPOT_ACCESS_TOKEN='pat-local', HUBSPOT_HOST='http://127.0.0.1:9'))
    assert isinstance(deps.crm, HubSpotCRM)
    threads = deps.crm._threads  # pyright: ignore[reportPrivateUsage]
    with deps.db.engine.connect():
        pass
    pool = cast(QueuePool, deps.db.engine.pool)
    assert pool.checkedin() == 1
    await deps.aclose()
    assert threads._shutdown  # pyright: ignore[reportAttributeAccessIssue]
    assert cast(QueuePool, deps.db.engine.pool).checkedin() == 0


async def test_a_call_cancelled_on_the_loop_is_let_end_before_the_connections_close(tmp_path: Path) -> None:
    """A database call whose awaiting task is cancelled (a stopping engine's heartbeat) goes on in its thread. Disposed
    meanwhile, its connection went back to the old pool, never closed: psycopg's "deleted while still open" when it
    was collected, in whichever later test ran then (CI, about one run in four). `dispose` lets such calls end first."""
    import asyncio
    import sqlite3
    import threading

    from lead_agent.store import Database

    db = Database(f'sqlite:///{tmp_path / "calls.db"}')
    inside, held = threading.Event(), list[sqlite3.Connection]()

    def slow() -> None:
        with db.engine.connect() as conn:
            held.append(cast(sqlite3.Connection, conn.connection.dbapi_connection))
            inside.set()
            time.sleep(0.5)

    call = asyncio.create_task(db.run(slow))
    await asyncio.to_thread(inside.wait, 5)
    call.cancel()
    db.dispose()
    await asyncio.sleep(0.7)  # the call, had it gone on past the disposal, has ended by now
    with pytest.raises(sqlite3.ProgrammingError, match='closed'):
        held[0].execute('SELECT 1')  # closed by the disposal, not left in the old pool


def test_a_failed_build_leaves_nothing_open(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match='SMTP_FROM is not'):
        build_deps(_settings(tmp_path, SMTP_URL='smtp://127.0.0.1:2525'))
    # the database file was created and closed again: nothing holds it (filterwarnings=error catches a leak)
    assert (tmp_path / 'deps.db').exists()



async def test_on_postgresql_a_worker_ends_sessions_idle_in_a_transaction(tmp_path: Path,
                                                                          postgres_database: str) -> None:
    """A process frozen between two statements of a transaction held its row locks (a channel's rate counter) until
    it woke, and the workers taking over its runs waited on them (helper-93's frozen worker). The server now ends
    such a session of a worker or an inline host after LEAD_AGENT_DEAD_AFTER (at least 10 s); another process (the
    CLI's commands, a host that only queues: an erasure or retention may work long between two statements; an
    engine a library starts) leaves the server's setting; the URL's own options are kept."""
    from sqlalchemy import text

    from lead_agent.runs import Engine

    deps = build_deps(_settings(tmp_path, DATABASE_URL=postgres_database + '?options=-c%20search_path%3Dpublic'))

    def shown() -> tuple[str, str]:
        with deps.db.engine.connect() as conn:
            return (conn.execute(text('SHOW idle_in_transaction_session_timeout')).scalar_one(),
                    conn.execute(text('SHOW search_path')).scalar_one())

    try:
        assert shown() == ('0', 'public')
        async with Engine(deps, execute=False):
            assert shown() == ('0', 'public')
        async with Engine(deps, dead_after=3.0):  # a library's or a test's own engine: as it was
            assert shown() == ('0', 'public')
        async with Engine(deps, dead_after=3.0, end_idle_transactions=True):  # a worker's, an inline host's
            assert shown() == ('10s', 'public')
    finally:
        await deps.aclose()


@pytest.mark.parametrize(('name', 'value', 'refused'), [
    ('HUBSPOT_HOST', 'api.hubapi.com', True), ('HUBSPOT_HOST', 'https://api.hubapi.com', False),
    ('SLACK_API_URL', 'slack.example/api/', True), ('SLACK_API_URL', 'http://127.0.0.1:9/api/', False),
    ('LEAD_AGENT_BASE_URL', 'localhost:8080/v1', True), ('PDL_BASE_URL', 'ftp://pdl.example', True),
])
def test_an_api_url_without_its_scheme_is_refused_at_start(
        monkeypatch: pytest.MonkeyPatch, name: str, value: str, refused: bool) -> None:
    """helper-122: `HUBSPOT_HOST=api.hubapi.com` loaded, then every HubSpot call failed with a urllib3 warning."""
    monkeypatch.setenv(name, value)
    if refused:
        with pytest.raises(ConfigError, match=rf'^setting {name}: .*give its scheme and host'):
            Settings.from_env()
    else:
        Settings.from_env()


@pytest.mark.parametrize(('name', 'value', 'says'), [
    ('LEAD_AGENT_REQUEST_TIMEOUT', '1e400', 'finite number'),
    ('LEAD_AGENT_ACTION_TIMEOUT', '7200', 'less than or equal to 3600'),
    ('LEAD_AGENT_MODEL_TIMEOUT', 'nan', 'finite number'),
    ('LEAD_AGENT_RETRY_FOR', 'inf', 'finite number'),
    ('LEAD_AGENT_DEAD_AFTER', '86400', 'less than or equal to 3600'),
    ('HUBSPOT_PORTAL_ID', 'abc', "'abc' is no HubSpot account id"),
    ('HUBSPOT_PORTAL_ID', '١٢٣', 'is no HubSpot account id'),  # Arabic-Indic digits: str.isdigit, not a URL's
])
def test_a_figure_out_of_range_is_refused_at_start(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                                   says: str) -> None:
    """helper-201: `LEAD_AGENT_REQUEST_TIMEOUT=1e400` (infinity) was taken, and so was `HUBSPOT_PORTAL_ID=abc`, which
    made every "Open in HubSpot" link a dead one."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=rf'^setting {name}: .*{re.escape(says)}'):
        Settings.from_env()


def test_a_portal_id_is_kept_as_given() -> None:
    assert Settings(HUBSPOT_PORTAL_ID=' 4567890 ').hubspot_portal_id == '4567890'  # pyright: ignore[reportCallIssue]


async def test_the_mail_server_is_given_the_actions_timeout(tmp_path: Path) -> None:
    """helper-202: each SMTP reply was waited for a fixed 10 s, so a server answering in 12 s failed every send under
    the documented LEAD_AGENT_ACTION_TIMEOUT of 15 s (and of 30, when set)."""
    from lead_agent.mail import SmtpMailer

    for given, expected in ((None, 15.0), ('30', 30.0)):
        extra = {'LEAD_AGENT_ACTION_TIMEOUT': given} if given else {}
        deps = build_deps(_settings(tmp_path, SMTP_URL='smtp://127.0.0.1:2525', SMTP_FROM='hello@careflow.example',
                                    **extra))
        try:
            assert isinstance(deps.mailer, SmtpMailer) and deps.mailer.timeout == expected
        finally:
            await deps.aclose()
