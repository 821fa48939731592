"""The eval log on SQL: one row per run, its `RunRecord` as JSON."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..exceptions import LeadAgentError
from ..models import Assignment, Lead, RunRecord, stored
from ._schema import runs
from .database import Database

__all__ = ('ERASED', 'ERASED_FLAG', 'ERASED_SUBJECT', 'SqlRunLog', 'redact_record', 'run_erased', 'run_row', 'subject_hash')

ERASED_SUBJECT = 'erased'
"""The `runs.subject` of a run whose personal data was erased (`lead_agent.erase`): a later save only adds actions."""
_CHANGE_TRIES = 5
ERASED = '[erased: personal data removed by lead-agent]'
"""What stands in for personal text (long enough for the classification's minimum lengths)."""
ERASED_FLAG = 'personal_data_erased'
"""The flag a redacted run carries."""
_ERASED_LEAD = Lead(email='erased@erased.example')


def redact_record(rec: RunRecord) -> RunRecord:
    """The run without personal data: what the eval log's figures need, and nothing the sender wrote."""
    lead = rec.lead and _ERASED_LEAD.model_copy(update={
        'form': rec.lead.form, 'source': rec.lead.source, 'submitted_at': rec.lead.submitted_at,
        'message_truncated': rec.lead.message_truncated, 'answers_cut': rec.lead.answers_cut})
    c = rec.classification
    d = rec.decision
    return rec.model_copy(update={
        'dedupe_key': 'erased',  # a hash of the submission: it would confirm a guess at what was sent
        'lead': lead,
        'raw': ERASED if rec.raw is not None else None,
        'flags': [*rec.flags, ERASED_FLAG] if ERASED_FLAG not in rec.flags else rec.flags,
        'enrichment': None,  # a small company's facts can name the person
        'crm_history': [],
        'classification': c and c.model_copy(update={'fit_reasoning': ERASED, 'summary_for_slack': ERASED}),
        'decision': d and d.model_copy(update={'notes': [ERASED] * len(d.notes)}),
        'actions': [a.model_copy(update={'error': a.error and ERASED}) for a in rec.actions],
        'errors': [ERASED] * len(rec.errors),
        'reviewed': rec.reviewed and rec.reviewed.model_copy(update={'reason': ERASED}),
    })


def subject_hash(email: str) -> str:
    """The sha256 of an address as erasures match it (trimmed, case-folded): no address in the clear."""
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


def run_row(record: RunRecord) -> dict[str, Any]:
    """The `runs` row of a record, but its id."""
    return {'dedupe_key': record.dedupe_key, 'received_at': record.received_at, 'state': record.state,
            'record': record.model_dump_json(),
            'subject': subject_hash(record.lead.email) if record.lead is not None else None,
            'dry_run': record.dry_run}


def run_erased(conn: Connection, run_id: str) -> bool:
    """Whether the run's personal data was erased: nothing about it is written again.

    helper-66: an execution still going after an erasure wrote the lead back into the outbox.
    """
    return conn.execute(_SUBJECT, {'run_id': run_id}).scalar_one_or_none() == ERASED_SUBJECT


class SqlRunLog:
    """`RunLog` on a `Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _save(self, record: RunRecord) -> None:
        with self.db.engine.begin() as conn:
            saved = conn.execute(_SAVE[conn.dialect.name == 'postgresql'], {'run_id': record.run_id, **run_row(record)})
            # No row back: the run was erased. (Not `rowcount`: psycopg gives -1 for an upsert that changed nothing,
            # helper-98.) Only what the run did is added. The upsert holds the row (PostgreSQL locks it even when it
            # changes nothing; SQLite's write lock is this transaction's) until the update: no other save comes between.
            if saved.first() is None:
                kept = stored(conn.execute(_RECORD, {'run_id': record.run_id}).scalar_one())
                added = [a for a in redact_record(record).actions if a not in kept.actions]
                if added:
                    kept.actions = [*kept.actions, *added]
                    conn.execute(_SAVE_ERASED, {'b_run_id': record.run_id, 'record': kept.model_dump_json()})

    async def save(self, record: RunRecord) -> None:
        """Insert or replace the run's record; over a run whose personal data was erased, add only its new actions.

        An execution or an approval still going when `lead-agent erase` ran saves after it (helper-59: a record read
        before, saved whole after, put the lead back): the erased row keeps what it was, and gains the actions the
        save names (redacted: ids, no errors), which the erasure's second look lists to delete by hand (the CRM
        contact the run created, its Slack posts).
        """
        await self.db.run(self._save, record)

    def _get(self, run_id: str) -> RunRecord | None:
        if not run_id or '\0' in run_id:  # no run id holds a NUL, which PostgreSQL refuses in a query's text
            return None
        with self.db.engine.connect() as conn:
            record = conn.execute(_RECORD, {'run_id': run_id}).scalar_one_or_none()
            if record is None:
                matches = _prefixed(conn, run_id)
                record = matches[0][1] if len(matches) == 1 else None
        return stored(record) if record is not None else None

    async def get(self, run_id: str) -> RunRecord | None:
        """One run by id, or by a unique prefix of it (one index lookup either way)."""
        return await self.db.run(self._get, run_id)

    def _ambiguous(self, prefix: str) -> bool:
        if not prefix or '\0' in prefix:
            return False
        with self.db.engine.connect() as conn:
            return len(_prefixed(conn, prefix)) > 1

    async def ambiguous(self, prefix: str) -> bool:
        """Whether more than one run id starts with `prefix` (the first two from it on, by the primary key)."""
        return await self.db.run(self._ambiguous, prefix)

    def _change(self, run_id: str, edit: Callable[[RunRecord], None]) -> RunRecord | None:
        # Compare and swap on the record's text: a save between the read and the write (an approval routing the
        # run) is read again, not overwritten (helper-64: a Take's save put a routed run back to `failed`).
        for _ in range(_CHANGE_TRIES):
            with self.db.engine.begin() as conn:
                row = conn.execute(_RECORD_SUBJECT, {'run_id': run_id}).first()
                if row is None or row.subject == ERASED_SUBJECT:
                    return None
                rec = stored(row.record)
                edit(rec)
                values = run_row(rec)
                if values['record'] == row.record:  # nothing to change
                    return rec
                if conn.execute(_SWAP, {'b_run_id': run_id, 'b_record': row.record, **values}).rowcount == 1:
                    return rec
        raise LeadAgentError(f'run {run_id[:12]} kept changing; it was not updated')

    async def change(self, run_id: str, edit: Callable[[RunRecord], None]) -> RunRecord | None:
        """Apply `edit` to the run's record as stored now, over whatever saved it meanwhile (compare and swap).

        The record after; None for an unknown or erased run. `edit` may run more than once (on each fresh read).

        Raises:
            LeadAgentError: the record changed under every try.
        """
        return await self.db.run(self._change, run_id, edit)

    async def set_owner(self, run_id: str, owner: Assignment, *, note: str | None = None,
                        unsynced: bool | None = None) -> RunRecord | None:
        """Change the run's owner only, over whatever saved it meanwhile.

        With `note`, the CRM refused it: noted in the run's errors, and `owner_unsynced`; `unsynced` sets that flag
        (None leaves it). The record after; None for an unknown or erased run.

        Raises:
            LeadAgentError: the record changed under every try.
        """
        def edit(rec: RunRecord) -> None:
            rec.owner = owner
            if unsynced is not None:
                rec.owner_unsynced = unsynced
            if note is not None:
                rec.owner_unsynced = True
                rec.errors.append(note[:500])

        return await self.change(run_id, edit)

    def _recent(self, limit: int) -> list[RunRecord]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(runs.c.record).order_by(runs.c.received_at.desc()).limit(limit)).all()
        return [stored(r[0]) for r in rows]

    async def recent(self, limit: int = 50) -> list[RunRecord]:
        """Recent runs, newest first."""
        return await self.db.run(self._recent, limit)


# The statements are built once: building one (and its cache key) costs more CPU than SQLite takes to run it.
_r = runs.c
_SUBJECT = select(_r.subject).where(_r.run_id == bindparam('run_id'))
_RECORD = select(_r.record).where(_r.run_id == bindparam('run_id'))
_RECORD_SUBJECT = select(_r.record, _r.subject).where(_r.run_id == bindparam('run_id'))
_FROM_PREFIX = select(_r.run_id, _r.record).where(_r.run_id >= bindparam('run_id')).order_by(_r.run_id).limit(2)


def _prefixed(conn: Connection, prefix: str) -> list[tuple[str, str]]:
    """Up to two runs (id, record) whose id starts with `prefix` (the 12 characters pages and the CLI show).

    The two ids from it on, in the primary key's order: one that starts with it, and a next that does not, is a unique
    match; two that do, an ambiguous prefix.
    """
    return [(run_id, record) for run_id, record in conn.execute(_FROM_PREFIX, {'run_id': prefix}).all()
            if run_id.startswith(prefix)]


_SAVE_ERASED = update(runs).where(_r.run_id == bindparam('b_run_id'), _r.subject == ERASED_SUBJECT).values(
    record=bindparam('record'))
_SWAP = update(runs).where(_r.run_id == bindparam('b_run_id'), _r.record == bindparam('b_record'))
"""Compare and swap: the row's `run_row` values (as parameters) over the record read before."""


def _upsert(make: Callable[..., Any]) -> Any:
    stmt = make(runs)
    # Never over an erased run: an approval (or a Take, or a run) that read the record before `lead-agent erase`
    # and saved it after put the name, address and message back (helper-59).
    kept = or_(_r.subject.is_(None), _r.subject != ERASED_SUBJECT)
    return stmt.on_conflict_do_update(index_elements=[_r.run_id], where=kept,
                                      set_={name: stmt.excluded[name] for name in _ROW}).returning(_r.run_id)


_ROW = ('dedupe_key', 'received_at', 'state', 'record', 'subject', 'dry_run')
"""The columns `run_row` gives values for."""
_SAVE = {postgres: _upsert(make) for postgres, make in ((False, sqlite_insert), (True, postgresql_insert))}
"""Insert or replace a run's row (not an erased one: no row back), keyed by "is PostgreSQL"; parameters: run_id and
`run_row`."""
