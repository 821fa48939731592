"""Personal data out: one person's everywhere lead-agent keeps it (`erase_email`), and old runs' (`apply_retention`).

Both strip a run the same way (`redact_record`): the run row stays, with the figures `lead-agent log` and the evals
read (state, decision, the classification's scores and labels, latency, usage, cost), so totals do not change when
someone asks to be forgotten. Each pass is one transaction and leaves one `erasures` row: a hash of the address,
counts per table, who ran it; never the address.

What lead-agent cannot reach (the HubSpot contact, posted Slack messages, sent emails) is listed in the report
for a person to delete by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, func, insert, or_, select, update

from . import _domains
from .guards import submitter_key
from .models import RunRecord, stored
from .shadow import shadow_submitter_key
from .store import Database, dbos_tables_exist
from .store._schema import (
    crm_contacts,
    crm_history,
    crm_notes,
    dedupe_keys,
    email_acks,
    enrichment_cache,
    erasures,
    ip_hits,
    outbox,
    review_items,
    runs,
    slack_messages,
)
from .store.database import batches
from .store.raw import delete_raw_bodies, delete_raw_bodies_before
from .store.runlog import ERASED, ERASED_FLAG, ERASED_SUBJECT, redact_record, subject_hash

if TYPE_CHECKING:
    from dbos import DBOSClient  # imported where used: DBOS is heavy, and erasing needs it only for the engine's runs

__all__ = ('ERASED', 'ERASED_BLOCKS', 'ERASED_FLAG', 'Erasure', 'Forgotten', 'apply_retention', 'erase_email',
           'erase_leftovers', 'forget_workflows', 'redact_record')

@dataclass(frozen=True, slots=True)
class Erasure:
    """What one pass changed, and what a person must still delete outside lead-agent."""

    counts: dict[str, int]
    """Rows changed (redacted or deleted) per table."""
    run_ids: list[str] = field(default_factory=list[str])
    crm_refs: list[str] = field(default_factory=list[str])
    """References of CRM contacts the runs created outside the local CRM (HubSpot ids)."""
    slack: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])
    """(channel, ts) of every Slack message posted about the runs."""
    acks: list[tuple[str, datetime | None]] = field(default_factory=list[tuple[str, datetime | None]])
    """(Message-ID, sent at) of every acknowledgement email sent for the runs."""
    local_contacts: list[str] = field(default_factory=list[str])
    """Ids of the local CRM's contacts deleted (not HubSpot's, whatever the runs' actions call them)."""
    audit_id: int | None = None
    """The `erasures` row of the pass (`erase_leftovers` adds its counts there)."""


ERASED_BLOCKS = '[]'
"""An erased run's Slack messages' `blocks`: nothing of the lead."""


def _redact_runs(conn: Connection, read: list[tuple[str, RunRecord]], counts: Counter[str]) -> Erasure:
    """Redact the runs (each as read: its record's text, parsed), then what other tables keep about them (`_traces`).

    Each over the record as read, or read again: a run that saved its record between the read and this write (its
    execution ending) had it replaced by the older one, and the CRM contact it had created went unnamed (helper-97).
    The writes go `IN_AT_ONCE` runs to a statement (one a run took 32 s over 70,000 runs on PostgreSQL); a batch
    that did not write every run has the ones it missed redacted one by one, over their record read again.
    """
    t = runs.c
    swap = update(runs).where(t.run_id == bindparam('rid'), t.record == bindparam('old')).values(
        dedupe_key=bindparam('key'), record=bindparam('new'), subject=ERASED_SUBJECT)
    records: list[RunRecord] = []
    for some in batches(read):
        params = [{'rid': rec.run_id, 'old': text, 'key': r.dedupe_key, 'new': r.model_dump_json()}
                  for text, rec in some for r in (redact_record(rec),)]
        if conn.execute(swap, params).rowcount == len(params):
            records += [rec for _, rec in some]
            continue
        now = {rid: text for rid, text in conn.execute(select(t.run_id, t.record).where(
            t.run_id.in_([p['rid'] for p in params])))}
        # not written by the batch: a writer saved the run in between
        records += [rec if now[rec.run_id] == p['new'] else _redact_one(conn, now[rec.run_id])
                    for (_, rec), p in zip(some, params, strict=True)]
    counts['runs'] += len(records)
    return _traces(conn, records, counts)


def _redact_one(conn: Connection, text: str) -> RunRecord:
    """Redact one run over its record as read (`text`), read again until no writer comes between; the record."""
    while True:
        rec = stored(text)
        redacted = redact_record(rec)
        if conn.execute(update(runs).where(runs.c.run_id == rec.run_id, runs.c.record == text).values(
                dedupe_key=redacted.dedupe_key, record=redacted.model_dump_json(), subject=ERASED_SUBJECT)).rowcount:
            return rec
        text = conn.execute(select(runs.c.record).where(runs.c.run_id == rec.run_id)).scalar_one()


def _traces(conn: Connection, records: list[RunRecord], counts: Counter[str]) -> Erasure:
    """Delete or redact what other tables keep about the runs; `counts` counts the rows not erased before."""
    ids = [r.run_id for r in records]
    crm_refs = [a.ref for r in records if not r.dry_run for a in r.actions  # a dry run's contact is an outbox row
                if a.kind == 'crm_contact' and a.ref]
    slack: list[tuple[str, str]] = []
    acks: list[tuple[str, datetime | None]] = []
    t = slack_messages.c
    for some in batches(ids):
        slack += [(row.channel, row.ts) for row in conn.execute(select(t.channel, t.ts).where(t.run_id.in_(some)))]
        acks += [(row.message_id, _aware(row.sent_at)) for row in conn.execute(
            select(email_acks.c.message_id, email_acks.c.sent_at).where(email_acks.c.run_id.in_(some)))]
        counts['raw_bodies'] += delete_raw_bodies(conn, some)  # a delivery's body goes with any of its runs
        counts['review_items'] += conn.execute(update(review_items).where(
            review_items.c.run_id.in_(some), review_items.c.reason != ERASED).values(reason=ERASED)).rowcount
        # The row keeps the message's address (for the buttons) and is marked done, so the SLA check leaves it be.
        counts['slack_messages'] += conn.execute(update(slack_messages).where(
            t.run_id.in_(some), t.blocks != ERASED_BLOCKS).values(
            blocks=ERASED_BLOCKS, repinged_at=func.coalesce(t.repinged_at, t.posted_at),
            escalated_at=func.coalesce(t.escalated_at, t.posted_at))).rowcount
        counts['email_acks'] += conn.execute(delete(email_acks).where(email_acks.c.run_id.in_(some))).rowcount
        counts['outbox'] += conn.execute(delete(outbox).where(outbox.c.run_id.in_(some))).rowcount
        counts['dedupe_keys'] += conn.execute(delete(dedupe_keys).where(dedupe_keys.c.run_id.in_(some))).rowcount
    # And the posts the runs' actions name: a summary moved to another team's channel keeps one row, for its new
    # post; the first one (closed, still showing the lead) is named only there (helper-63).
    posted = [tuple(a.ref.split(':', 1)) for r in records if not r.dry_run for a in r.actions
              if a.kind in ('slack_summary', 'slack_review') and a.ref and not a.ref.startswith('outbox:')
              and ':' in a.ref]
    named = set(slack)
    slack += [(channel, ts) for channel, ts in dict.fromkeys(posted) if (channel, ts) not in named]
    return Erasure(counts={}, run_ids=ids, crm_refs=crm_refs, slack=slack, acks=acks)


def _aware(at: datetime | None) -> datetime | None:
    # `email_acks` keeps plain timestamps: naive (UTC) on SQLite.
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def _audit(conn: Connection, kind: str, subject: str | None, counts: Counter[str], by: str, now: datetime) -> int:
    return conn.execute(insert(erasures).values(at=now, kind=kind, subject_sha256=subject, requested_by=by[:200],
                                                counts=json.dumps(dict(sorted(counts.items()))))
                        .returning(erasures.c.id)).scalar_one()


def _matches(rec: RunRecord, address: str) -> bool:
    if rec.lead is not None:
        return rec.lead.email.casefold() == address
    return rec.raw is not None and address in rec.raw.casefold()  # unreadable input that names the address


def _erase_email(db: Database, email: str, by: str, now: datetime) -> Erasure:
    address = email.strip().casefold()
    domain = address.rpartition('@')[2]
    counts: Counter[str] = Counter()
    with db.engine.begin() as conn:
        # The person's runs by the index on their address's hash; unreadable input (no lead, so no subject) is
        # searched for the domain in SQL, and matched exactly on the parsed record.
        mine = conn.execute(select(runs.c.record).where(runs.c.subject == subject_hash(address))).scalars().all()
        unreadable = conn.execute(select(runs.c.record).where(
            runs.c.subject.is_(None), func.lower(runs.c.record).contains(domain, autoescape=True))).scalars().all()
        read = [(text, rec) for text in [*mine, *unreadable]
                if _matches(rec := stored(text), address)]
        found = _redact_runs(conn, read, counts)
        sources = {r.lead.source_ip for _, r in read if r.lead and r.lead.source_ip}
        keys = [submitter_key(None, address), *(submitter_key(ip, address) for ip in sorted(sources))]
        keys += [shadow_submitter_key(key) for key in keys]  # dry runs' hits
        counts['ip_hits'] += conn.execute(delete(ip_hits).where(ip_hits.c.ip.in_(keys))).rowcount
        counts['outbox'] += conn.execute(delete(outbox).where(func.lower(outbox.c.target) == address)).rowcount
        ack_rows = conn.execute(select(email_acks.c.message_id, email_acks.c.sent_at)
                                .where(func.lower(email_acks.c.recipient) == address)).all()
        counts['email_acks'] += conn.execute(delete(email_acks)
                                             .where(func.lower(email_acks.c.recipient) == address)).rowcount
        # The local CRM's contacts go here; what is left to erase by hand is the rest (HubSpot's).
        contact_ids = list(conn.execute(select(crm_contacts.c.id).where(crm_contacts.c.email == address)).scalars())
        local = {str(i) for i in contact_ids}
        counts['crm_notes'] += conn.execute(delete(crm_notes).where(crm_notes.c.contact_id.in_(contact_ids))).rowcount
        counts['crm_contacts'] += conn.execute(delete(crm_contacts).where(crm_contacts.c.email == address)).rowcount
        counts['crm_history'] += conn.execute(delete(crm_history).where(crm_history.c.email == address)).rowcount
        if not (_domains.matches(domain, _domains.FREE) or _domains.matches(domain, _domains.DISPOSABLE)):
            # A small company's looked-up facts can name the person; a webmail domain's are nobody's.
            counts['enrichment_cache'] += conn.execute(delete(enrichment_cache)
                                                       .where(enrichment_cache.c.domain == domain)).rowcount
        audit_id = _audit(conn, 'email', subject_hash(address), counts, by, now)
    acks = [*found.acks, *(a for a in ((r.message_id, _aware(r.sent_at)) for r in ack_rows) if a not in found.acks)]
    return Erasure(counts=dict(counts), run_ids=found.run_ids, crm_refs=[r for r in found.crm_refs if r not in local],
                   slack=found.slack, acks=acks, local_contacts=sorted(local), audit_id=audit_id)


async def erase_email(db: Database, email: str, *, by: str, now: datetime) -> Erasure:
    """Remove or redact everything lead-agent keeps about the person with this address, in one transaction.

    Runs whose lead has the address are redacted (`redact_record`), as are their review items and Slack message
    rows; their raw bodies (the whole delivery's, shared by its other runs), outbox rows, acknowledgement claims and
    dedupe keys go, with the local CRM's contact, notes and history for the address and the rate limit's hits for
    the person.
    """
    return await db.run(_erase_email, db, email, by, now)


def _apply_retention(db: Database, days: int, by: str, now: datetime) -> Erasure:
    cutoff = now - timedelta(days=days)
    counts: Counter[str] = Counter()
    with db.engine.begin() as conn:
        rows = conn.execute(select(runs.c.record).where(
            runs.c.received_at < cutoff, or_(runs.c.subject.is_(None), runs.c.subject != ERASED_SUBJECT))).scalars()
        found = _redact_runs(conn, [(text, stored(text)) for text in rows], counts)
        counts['ip_hits'] += conn.execute(delete(ip_hits).where(ip_hits.c.at < cutoff)).rowcount
        counts['outbox'] += conn.execute(delete(outbox).where(outbox.c.created_at < cutoff)).rowcount
        counts['dedupe_keys'] += conn.execute(delete(dedupe_keys).where(dedupe_keys.c.claimed_at < cutoff)).rowcount
        counts['raw_bodies'] += delete_raw_bodies_before(conn, cutoff)
        audit_id = _audit(conn, 'retention', None, counts, by, now)
    return Erasure(counts=dict(counts), run_ids=found.run_ids, crm_refs=found.crm_refs, slack=found.slack,
                   acks=found.acks, audit_id=audit_id)


async def apply_retention(db: Database, days: int, *, by: str, now: datetime) -> Erasure:
    """Redact runs received more than `days` ago; delete older raw bodies, rate-limit hits, outbox rows, dedupe keys."""
    return await db.run(_apply_retention, db, days, by, now)


def _leftovers(db: Database, first: Erasure) -> Erasure:
    counts: Counter[str] = Counter()
    with db.engine.begin() as conn:
        records: list[RunRecord] = []
        for some in batches(first.run_ids):
            records += map(stored, conn.execute(select(runs.c.record).where(
                runs.c.run_id.in_(some), runs.c.subject == ERASED_SUBJECT)).scalars())
        found = _traces(conn, records, counts)
        counts = Counter({table: n for table, n in counts.items() if n})
        if first.audit_id is not None and counts:  # the erasure's one audit row counts what both passes did
            a = erasures.c
            before = conn.execute(select(a.counts).where(a.id == first.audit_id)).scalar_one_or_none()
            total = Counter[str](json.loads(before) if before else {})
            total.update(counts)
            conn.execute(update(erasures).where(a.id == first.audit_id).values(
                counts=json.dumps(dict(sorted(total.items())))))
    refs = [r for r in found.crm_refs if r not in first.local_contacts]
    return Erasure(counts={t: first.counts.get(t, 0) + counts[t] for t in {*first.counts, *counts}},
                   run_ids=first.run_ids, crm_refs=list(dict.fromkeys([*first.crm_refs, *refs])),
                   slack=list(dict.fromkeys([*first.slack, *found.slack])),
                   acks=list(dict.fromkeys([*first.acks, *found.acks])), local_contacts=first.local_contacts,
                   audit_id=first.audit_id)


async def erase_leftovers(db: Database, first: Erasure) -> Erasure:
    """`first`, and a second look at the runs it erased: their rows erased again, what their records say they did.

    For after their executions still going then have ended (`lead-agent erase` waits for them): a Slack post in
    flight stored its message, and a run's record, saved over its erased row redacted, names the CRM contact it
    created. Only those runs' rows: nothing `first` did not erase, so nothing whose checkpoints were not looked at.
    """
    return await db.run(_leftovers, db, first)


@dataclass(frozen=True)
class Forgotten:
    """What `forget_workflows` did with the engine's checkpoints of the erased runs."""

    deleted: int
    """Executions whose checkpoints (their inputs hold the lead) were deleted."""
    running: list[str] = field(default_factory=list[str])
    """Executions still running (a `runs retry`, a run waiting for a vendor), or queued ones just cancelled: left for
    now, since deleting them under their process left it waiting forever (helper-61); forget these once ended."""


def _forget(db: Database, run_ids: list[str]) -> Forgotten:
    from dbos import DBOSClient

    from .runs import APP_NAME

    if not run_ids or not dbos_tables_exist(db.engine):
        return Forgotten(0)  # no run went through the engine on this database
    client = DBOSClient(system_database_engine=db.engine, application_name=APP_NAME)
    deleted, running = 0, list[str]()
    try:
        # Each run is 4 ids (the run, its 3 note checks) in one look (helper-95: a retention over 20,000 runs failed
        # after redacting them, their checkpoints, which hold the lead, kept).
        for some in batches(run_ids):
            done = _forget_some(client, list(some))
            deleted, running = deleted + done.deleted, running + done.running
    finally:
        client.destroy()
    return Forgotten(deleted, sorted(running))


def _forget_some(client: DBOSClient, run_ids: list[str]) -> Forgotten:
    """`_forget` for at most `IN_AT_ONCE` runs."""
    from .runs import TIDY_AFTER, tidy_id

    # Each retry is forked from the execution before it (`.retry2` from `.retry1`): follow them all (helper-64).
    ids, frontier = list(run_ids), list(run_ids)
    while frontier:
        forks: list[Any] = client.list_workflows(forked_from=frontier, load_input=False, load_output=False)
        frontier = [f.workflow_id for f in forks if f.workflow_id not in ids]
        ids += frontier
    # The runs' later note checks (`runs.tidy_later`): their inputs hold the person's CRM contact id.
    ids += [tidy_id(run_id, check) for run_id in run_ids for check in range(len(TIDY_AFTER))]
    known: list[Any] = client.list_workflows(workflow_ids=ids, load_input=False, load_output=False)
    # An execution not started yet would act on the person's lead after the erasure, or wait for a worker that
    # may never come (helper-64): it is cancelled, and deleted once it shows as ended (the next call).
    queued = [w.workflow_id for w in known if w.status in _NOT_STARTED]
    if queued:
        client.cancel_workflows(queued)
    running = sorted(w.workflow_id for w in known if w.status in ('PENDING', *_NOT_STARTED))
    ended = [w.workflow_id for w in known if w.workflow_id not in running]
    if ended:
        client.delete_workflows(ended, delete_children=True)
    return Forgotten(len(ended), running)


_NOT_STARTED = ('ENQUEUED', 'DELAYED')  # DELAYED: queued to start later (a note check)


async def forget_workflows(db: Database, run_ids: list[str]) -> Forgotten:
    """Delete the engine's checkpoints of these runs and their retries (their inputs hold the lead), if they ended.

    Executions still running are left and listed, queued ones cancelled and listed (`lead-agent erase` waits for
    them to end, and calls again). Outside the erasure's transaction: DBOS keeps its own tables. Run it after the erasure. An execution still going
    records over the erased run as erased (`store.runlog`), and what it does at the vendors is not prevented.
    """
    return await db.run(_forget, db, run_ids)
