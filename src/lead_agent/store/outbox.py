"""The outbox: Slack posts and emails the local backends write instead of sending, and a dry run's actions."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from ._schema import outbox
from .database import Database
from .runlog import run_erased

__all__ = ('read_outbox', 'write_outbox')


def read_outbox(db: Database, kind: str | None = None, *, run_ids: Collection[str] | None = None,
                dry_run: bool | None = None, last: int | None = None) -> list[dict[str, Any]]:
    """Outbox rows (Slack posts and emails the local backends wrote, a dry run's actions), oldest first.

    `kind`, `run_ids` and `dry_run` keep only the rows of that kind, of those runs, of dry runs (or of live ones);
    `last` only the newest rows.
    """
    q = select(outbox).order_by(outbox.c.id.desc() if last is not None else outbox.c.id)
    if kind is not None:
        q = q.where(outbox.c.kind == kind)
    if run_ids is not None:
        q = q.where(outbox.c.run_id.in_(run_ids))
    if dry_run is not None:
        q = q.where(outbox.c.dry_run == dry_run)
    if last is not None:
        q = q.limit(last)
    with db.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    return rows[::-1] if last is not None else rows


def write_outbox(db: Database, run_id: str, kind: str, target: str, payload: str, now: datetime,
                 dry_run: bool = False, follows_target: bool = False) -> str:
    """Insert one outbox row; a second write for the same run and kind returns the first row's reference.

    `dry_run` marks what a shadow run would have done (the embedded defaults' rows are what they did instead).
    `follows_target`: a second write for another target replaces the row's target and payload instead (a run's
    Slack summary goes where a person approved the run for). Nothing is written for an erased run.
    """
    try:
        with db.engine.begin() as conn:
            if run_erased(conn, run_id):
                return 'outbox:erased'
            row_id = conn.execute(insert(outbox).values(run_id=run_id, kind=kind, target=target, payload=payload,
                                                        created_at=now, dry_run=dry_run)).inserted_primary_key
        return f'outbox:{row_id[0] if row_id else "?"}'
    except IntegrityError:
        with db.engine.begin() as conn:
            q = select(outbox.c.id, outbox.c.target).where(outbox.c.run_id == run_id, outbox.c.kind == kind)
            existing = conn.execute(q).one()
            if follows_target and existing.target != target:
                conn.execute(update(outbox).where(outbox.c.id == existing.id)
                             .values(target=target, payload=payload, created_at=now))
            return f'outbox:{existing.id}'
