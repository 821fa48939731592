"""The schema under Alembic: the migrations build exactly the tables the code uses, an old database is refused at
start-up until `lead-agent db upgrade` moves it on (keeping its rows), and concurrent first starts agree."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from lead_agent import ConfigError, load_policy, local_deps
from lead_agent.store import Database, current_revision, head_revision, prepare, upgrade
from lead_agent.store._schema import email_acks, metadata, runs

from .helpers import EXAMPLES


def _differences(db: Database) -> list[Any]:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={'compare_type': True})
        return compare_metadata(context, metadata)


def _pre_migration_database(url: str) -> Database:
    """A database as lead-agent 0.1 left it: tables made on first use, no revision, an ack from before `sent_at`."""
    db = Database(url)
    with db.engine.begin() as conn:
        for table in metadata.sorted_tables:
            if table.name not in ('email_acks', 'slack_messages', 'enrichment_cache'):  # made by their backends
                table.create(conn)
        timestamp = 'TIMESTAMP WITH TIME ZONE' if conn.dialect.name == 'postgresql' else 'DATETIME'
        conn.execute(text('CREATE TABLE email_acks (run_id VARCHAR(40) NOT NULL PRIMARY KEY, message_id VARCHAR(320) NOT NULL,'
                          f' recipient VARCHAR(320) NOT NULL, claimed_at {timestamp} NOT NULL)'))
        conn.execute(text("INSERT INTO email_acks VALUES ('r-old', '<m@x>', 'a@b.example', '2026-01-02 03:04:05')"))
        conn.execute(text('INSERT INTO runs (run_id, dedupe_key, received_at, state, record) '
                          "VALUES ('r-old', 'k', '2026-01-02 03:04:05', 'routed_sales', '{}')"))
    return db


def test_the_migrations_build_exactly_the_tables_the_code_uses(database_url: str) -> None:
    db = Database(database_url)
    try:
        assert current_revision(db) is None
        assert upgrade(db) == (None, head_revision())
        assert _differences(db) == []
        prepare(db)  # at head: nothing to do
    finally:
        db.dispose()


def test_a_new_database_is_created_at_the_newest_revision(database_url: str) -> None:
    db = Database(database_url)
    try:
        prepare(db)
        assert current_revision(db) == head_revision()
        assert _differences(db) == []
    finally:
        db.dispose()


def test_an_old_database_is_refused_until_upgraded_and_keeps_its_rows(database_url: str) -> None:
    db = _pre_migration_database(database_url)
    try:
        with pytest.raises(ConfigError, match=r'from before migrations; .*run: lead-agent db upgrade'):
            prepare(db)
        with pytest.raises(ConfigError, match='lead-agent db upgrade'):
            local_deps(load_policy(EXAMPLES / 'policy.yaml'), database_url=database_url)
        assert 'sent_at' not in {c['name'] for c in inspect(db.engine).get_columns('email_acks')}  # refused: untouched

        assert upgrade(db) == (None, head_revision())
        prepare(db)
        assert _differences(db) == []
        with db.engine.connect() as conn:
            assert conn.execute(runs.select()).one().run_id == 'r-old'
            ack = conn.execute(email_acks.select()).one()
        assert ack.sent_at == ack.claimed_at  # sent before sends were confirmed
    finally:
        db.dispose()


def test_a_database_from_a_newer_version_is_refused(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    try:
        prepare(db)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(ConfigError, match='revision 9999, which this lead-agent does not know'):
            prepare(db)
    finally:
        db.dispose()


def test_the_cli_on_a_newer_versions_database_says_to_upgrade_lead_agent(sqlite_url: str, tmp_path: Path) -> None:
    """helper-47: `db current` and `doctor` sent the operator of a rolled-back lead-agent to `db upgrade`, which
    then failed with a 150-line traceback."""
    db = Database(sqlite_url)
    prepare(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    current = _cli('db', 'current', '--db', sqlite_url, cwd=tmp_path)
    assert ' '.join(current.stdout.split()) == (f'database: 9999 · this lead-agent: {head_revision()} · upgraded by a newer '
                                      'lead-agent: upgrade lead-agent')
    assert current.returncode == 1  # helper-93: 0 whatever the revision, so a deploy script could not check it
    upgrade = _cli('db', 'upgrade', '--db', sqlite_url, cwd=tmp_path)
    assert upgrade.returncode == 2 and 'Traceback' not in upgrade.stderr
    assert 'upgraded by a newer lead-agent; upgrade lead-agent, or restore the backup' in ' '.join(upgrade.stderr.split())


def test_processes_starting_together_on_a_new_database_agree(database_url: str) -> None:
    dbs = [Database(database_url) for _ in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(dbs))

    def start(db: Database) -> None:
        barrier.wait()
        try:
            prepare(db)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=start, args=(db,)) for db in dbs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert current_revision(dbs[0]) == head_revision()
        assert _differences(dbs[0]) == []
    finally:
        for db in dbs:
            db.dispose()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, '-m', 'lead_agent.cli', *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120, env={'PATH': '/usr/bin:/bin', 'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml')})


def test_db_current_on_a_database_not_made_yet_makes_none(tmp_path: Path) -> None:
    """helper-47: asking created the SQLite file (an empty database) where none was."""
    path = tmp_path / 'not-yet.db'
    current = _cli('db', 'current', '--db', f'sqlite:///{path}', cwd=tmp_path)
    assert current.returncode == 0 and current.stdout.startswith('database: none ·'), current.stderr
    assert 'made on first use' in current.stdout  # helper-93: it said to run `db upgrade`
    assert not path.exists()


def test_the_cli_exits_2_on_an_old_schema_and_db_upgrade_fixes_it(sqlite_url: str, tmp_path: Path) -> None:
    _pre_migration_database(sqlite_url).dispose()
    lead = str(EXAMPLES / 'leads' / '01-hospital-group-demo.json')
    for command in (['triage', lead], ['worker']):
        refused = _cli(*command, '--db', sqlite_url, cwd=tmp_path)
        assert refused.returncode == 2, refused.stderr
        assert 'from before migrations' in refused.stderr and 'lead-agent db upgrade' in refused.stderr

    old = _cli('db', 'current', '--db', sqlite_url, cwd=tmp_path)
    assert old.returncode == 1 and old.stdout.startswith('database: none ·') and 'run: lead-agent db upgrade' in old.stdout
    upgraded = _cli('db', 'upgrade', '--db', sqlite_url, cwd=tmp_path)
    assert upgraded.returncode == 0 and f'schema upgraded: none → {head_revision()}' in upgraded.stdout
    again = _cli('db', 'upgrade', '--db', sqlite_url, cwd=tmp_path)
    assert again.returncode == 0 and f'schema at revision {head_revision()}' in again.stdout
    assert _cli('db', 'current', '--db', sqlite_url, cwd=tmp_path).returncode == 0

    triaged = _cli('triage', lead, '--db', sqlite_url, cwd=tmp_path)
    assert triaged.returncode == 0, triaged.stderr
    assert 'routed_sales' in triaged.stdout
