"""`lead-agent db ...`: the schema's migrations."""

from __future__ import annotations

import typer
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..exceptions import LeadAgentError
from ..store import Database, current_revision, database_error, head_revision, made, newer, upgrade
from ._common import (
    DbOpt,
    db_app,
    error,
    out,
    read_settings,
)


def _database(db: str | None) -> Database:
    try:
        return Database(db or read_settings().database_url)
    except LeadAgentError as e:
        error(f'{e}')
        raise typer.Exit(2) from None


@db_app.command('upgrade')
def db_upgrade(db: DbOpt = None) -> None:
    """Move the database's schema to this version's (a new database is created). Back it up first."""
    database = _database(db)
    try:
        before, after = upgrade(database)
    except LeadAgentError as e:  # a newer lead-agent's schema
        error(f'{e}')
        raise typer.Exit(2) from None
    except DBAPIError as e:
        error(f'upgrade failed, nothing was changed: {database_error(e)}')
        raise typer.Exit(2) from None
    except SQLAlchemyError as e:
        error(f'upgrade failed, nothing was changed: {type(e).__name__}: {e}')
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    out.print(f'schema at revision {after}' if before == after else f'schema upgraded: {before or "none"} → {after}')


@db_app.command('current')
def db_current(db: DbOpt = None) -> None:
    """Print the database's schema revision and the one this version needs; exit 1 while they differ.

    A new database (none of lead-agent's tables yet) exits 0: every process makes it at start-up.
    """
    database = _database(db)
    try:
        current = current_revision(database)
        new = current is None and not made(database)
    except DBAPIError as e:
        error(database_error(e))
        raise typer.Exit(2) from None
    except SQLAlchemyError as e:
        error(f'cannot read the database: {type(e).__name__}: {e}')
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    head = head_revision()
    todo = ('' if current == head else ' · made on first use (or now by lead-agent db upgrade)' if new
            else ' · upgraded by a newer lead-agent: upgrade lead-agent' if newer(current)
            else ' · run: lead-agent db upgrade')
    out.print(f'database: {current or "none"} · this lead-agent: {head}{todo}')
    if current != head and not new:  # scriptable: 1 until every process can start on it
        raise typer.Exit(1)
