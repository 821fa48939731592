"""The schema's versions, under Alembic.

A new database is created at the newest revision; an older one is moved on only by `lead-agent db upgrade`, never
behind the operator's back.
"""

from __future__ import annotations

import zlib
from collections.abc import Generator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.pool import NullPool

from ..exceptions import ConfigError
from ._schema import metadata
from .database import BUSY_TIMEOUT_MS, Database, name_errors

__all__ = ('current_revision', 'head_revision', 'made', 'newer', 'prepare', 'upgrade')

_MIGRATIONS = Path(__file__).with_name('migrations')
_LOCK = zlib.crc32(b'lead-agent schema')  # PostgreSQL advisory lock: one process changes the schema at a time


def _config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option('script_location', str(_MIGRATIONS))
    cfg.attributes['connection'] = conn
    return cfg


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    """The revision this version of lead-agent works with."""
    head = _script().get_current_head()
    assert head is not None, 'lead_agent.store.migrations has no revision'
    return head


def current_revision(db: Database) -> str | None:
    """The database's revision; None when it has none (new, or made before migrations).

    A SQLite file that does not exist in a folder that does is not created to be asked: it has none. (Where it could
    not be created, connecting says why.)
    """
    url = db.engine.url
    if url.get_backend_name() == 'sqlite' and url.database not in (None, '', ':memory:') \
            and not url.database.startswith('file:'):
        path = Path(url.database)
        if not path.exists() and path.parent.is_dir():
            return None
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def made(db: Database) -> bool:
    """Whether the database holds any of lead-agent's tables (a new one has none: it is made on first use)."""
    url = db.engine.url
    if url.get_backend_name() == 'sqlite' and url.database not in (None, '', ':memory:') \
            and not url.database.startswith('file:') and not Path(url.database).exists():
        return False  # not created to be asked
    with db.engine.connect() as conn:
        return bool(set(inspect(conn).get_table_names()) & set(metadata.tables))


def _sqlite_ddl_engine(url: Any) -> Engine:
    # pysqlite runs DDL outside transactions; this engine begins each one with BEGIN IMMEDIATE, so a schema change
    # is atomic and two processes preparing one new file take turns (SQLAlchemy's documented pysqlite recipe).
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, 'connect')
    def _connect(dbapi_conn: Any, _record: Any) -> None:  # pyright: ignore[reportUnusedFunction]
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f'PRAGMA busy_timeout={BUSY_TIMEOUT_MS}')

    @event.listens_for(engine, 'begin')
    def _begin(conn: Connection) -> None:  # pyright: ignore[reportUnusedFunction]
        conn.exec_driver_sql('BEGIN IMMEDIATE')

    return engine


@contextmanager
def _schema_transaction(db: Database) -> Generator[Connection]:
    """One transaction that holds the right to change the schema until it ends."""
    engine = db.engine
    if engine.dialect.name == 'sqlite' and engine.url.database not in (None, '', ':memory:'):
        engine = _sqlite_ddl_engine(engine.url)
        name_errors(engine, db.url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == 'postgresql':
                conn.execute(text('SELECT pg_advisory_xact_lock(:key)'), {'key': _LOCK})
            yield conn
    finally:
        if engine is not db.engine:
            engine.dispose()


def prepare(db: Database) -> None:
    """Create the schema in a new database; check that an existing one is at this version's revision.

    Raises:
        ConfigError: the database holds an older schema (run `lead-agent db upgrade`) or a newer one.
    """
    script = _script()
    head = script.get_current_head()
    with _schema_transaction(db) as conn:
        context = MigrationContext.configure(conn)
        current = context.get_current_revision()
        if current == head:
            return
        if current is None and not set(inspect(conn).get_table_names()) & set(metadata.tables):
            metadata.create_all(conn)
            context.stamp(script, 'head')
            return
    _refuse_newer(current)
    found = f'at revision {current}' if current else 'from before migrations'
    raise ConfigError(f'the database schema is {found}; this lead-agent needs revision {head}. '
                      'Back up the database, then run: lead-agent db upgrade')


def newer(revision: str | None) -> bool:
    """Whether a database's revision is one this lead-agent does not know: a newer lead-agent upgraded it."""
    return revision is not None and revision not in {rev.revision for rev in _script().walk_revisions()}


def _refuse_newer(current: str | None) -> None:
    if newer(current):
        raise ConfigError(f'the database schema is at revision {current}, which this lead-agent does not know '
                          f'(it needs {head_revision()}): the database was upgraded by a newer lead-agent; upgrade '
                          'lead-agent, or restore the backup taken before that upgrade')


def upgrade(db: Database) -> tuple[str | None, str]:
    """Move the database's schema to this version's revision; returns (revision before, revision after).

    A database made before migrations is adopted: the tables it lacks are created, the ones it has are kept.

    Raises:
        ConfigError: a newer lead-agent upgraded the database (this one cannot move it back).
    """
    with _schema_transaction(db) as conn:
        before = MigrationContext.configure(conn).get_current_revision()
        _refuse_newer(before)
        command.upgrade(_config(conn), 'head')
    return before, head_revision()
