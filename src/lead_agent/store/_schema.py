"""Every table lead-agent keeps, in one `MetaData`: the schema the migrations (`migrations/`) build and check."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Store UTC (naive on SQLite, which keeps no zone)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError('naive datetime given to the store')
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == 'sqlite' else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Read back an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

runs = Table(
    'runs', metadata,
    Column('run_id', String(40), primary_key=True),
    Column('dedupe_key', String(64), index=True, nullable=False),
    Column('received_at', UtcDateTime, index=True, nullable=False),
    Column('state', String(20), index=True, nullable=False),
    Column('record', Text, nullable=False),
    # sha256 of the lead's address (`runlog.subject_hash`): an erasure finds a person's runs on an index. Null for
    # unreadable input, 'erased' once erased.
    Column('subject', String(64), index=True),
    # A shadow run (`--dry-run`): its actions went to the outbox; it never counts as a live outcome.
    Column('dry_run', Boolean, nullable=False, server_default=false()),
    # The delivery's body as received (`raw_bodies.key`): the whole of what was sent, whatever the mapping kept.
    Column('raw_key', String(40)),
)
# One row per accepted delivery (or line read from a file), shared by the runs it made; stored with them.
raw_bodies = Table(
    'raw_bodies', metadata,
    Column('key', String(40), primary_key=True),
    Column('body', Text, nullable=False),
    Column('received_at', UtcDateTime, index=True, nullable=False),
    Column('dry_run', Boolean, nullable=False, server_default=false()),
)
dedupe_keys = Table(
    'dedupe_keys', metadata,
    Column('key', String(64), primary_key=True),
    Column('run_id', String(40), nullable=False),
    Column('claimed_at', UtcDateTime, index=True, nullable=False),
)
deliveries = Table(
    'deliveries', metadata,
    Column('delivery_id', String(200), primary_key=True),
    Column('run_id', String(40), nullable=False),
    Column('claimed_at', UtcDateTime, index=True),  # null on rows from before 0004 (they are given its time)
)
executors = Table(
    'executors', metadata,
    Column('executor_id', String(120), primary_key=True),
    Column('seen_at', UtcDateTime, nullable=False),
)
ip_hits = Table(
    'ip_hits', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('ip', String(45), nullable=False),
    Column('at', UtcDateTime, index=True, nullable=False),
    # The run the hit was counted for: a run resumed after its precheck counts the hit it made, not one more.
    Column('run_id', String(40), nullable=True),
    Index('ix_ip_hits_ip_at', 'ip', 'at'),  # a sender's hits within the window, whatever it sent before
    Index('ux_ip_hits_run_id', 'run_id', unique=True),
)
review_items = Table(
    'review_items', metadata,
    Column('run_id', String(40), primary_key=True),
    Column('reason', Text, nullable=False),
    Column('status', String(10), nullable=False),
    Column('created_at', UtcDateTime, nullable=False),
    Column('decided_by', String(200)),
    Column('decided_to', String(20)),
    Column('decided_at', UtcDateTime),
    # A page in each order the queue is read in (run_id breaks ties), without sorting all of it.
    Index('ix_review_items_status_created_at', 'status', 'created_at', 'run_id'),
    Index('ix_review_items_created_at', 'created_at', 'run_id'),
    Index('ix_review_items_decided_at', 'decided_at', 'run_id'),
)
review_counts = Table(
    'review_counts', metadata,  # items per status, kept with every change: the queue's size without counting it
    Column('status', String(10), primary_key=True),
    Column('n', Integer, nullable=False),
)
run_totals = Table(
    'run_totals', metadata,  # finished runs by state and latency bucket, summed over every process (`/metrics`)
    Column('state', String(20), primary_key=True),
    Column('le', String(10), primary_key=True),  # the latency bucket's upper bound in seconds, or '+Inf'
    Column('runs', BigInteger, nullable=False),
    Column('seconds', Float, nullable=False),
    Column('cost', Float, nullable=False),
)
outbox = Table(
    'outbox', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('run_id', String(40), nullable=False),
    Column('kind', String(20), nullable=False),
    Column('target', String(320), nullable=False),
    Column('payload', Text, nullable=False),
    Column('created_at', UtcDateTime, nullable=False),
    # What a dry run would have done (rather than what the embedded defaults did instead of sending).
    Column('dry_run', Boolean, nullable=False, server_default=false()),
    UniqueConstraint('run_id', 'kind', name='uq_outbox_run_kind'),
)
crm_contacts = Table(
    'crm_contacts', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('email', String(320), unique=True, nullable=False),
    Column('name', String(500), nullable=False),
    Column('company', String(500), nullable=False),
    Column('run_id', String(40), nullable=False),
    Column('created_at', UtcDateTime, nullable=False),
    Column('owner', String(200)),  # the assigned owner's name (set at create, moved by "Take this lead")
)
crm_notes = Table(
    'crm_notes', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('contact_id', Integer, ForeignKey('crm_contacts.id'), nullable=False),
    Column('run_id', String(40), nullable=False),
    Column('body', Text, nullable=False),
    Column('created_at', UtcDateTime, nullable=False),
    UniqueConstraint('contact_id', 'run_id', name='uq_note_contact_run'),
)
crm_history = Table(
    'crm_history', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('email', String(320), index=True),
    Column('domain', String(255), index=True),
    Column('date', String(10), nullable=False),
    Column('type', String(20), nullable=False),
    Column('summary', Text, nullable=False),
    Column('owner', String(200)),
    Column('lifecycle_stage', String(40)),
)
body_digests = Table(
    'body_digests', metadata,
    Column('digest', String(64), primary_key=True),
    Column('vendor', String(20), nullable=False),
    Column('run_ids', Text, nullable=False),
    Column('seen_at', UtcDateTime, index=True, nullable=False),
)

# --- owner assignment: the weighted round robin, shared by every worker (`store.rotation`) ---
rotation = Table(
    'rotation', metadata,
    Column('pool', String(80), primary_key=True),  # a team (`sales`) or a territory (`territory:dach`)
    Column('member_id', String(64), primary_key=True),
    Column('credit', Integer, nullable=False),
    Column('picks', Integer, nullable=False),
)
rotation_picks = Table(
    'rotation_picks', metadata,  # each run's pick per pool: a resumed run gets the same member, the round moves once
    Column('run_id', String(40), primary_key=True),
    Column('pool', String(80), primary_key=True),
    Column('member_id', String(64), nullable=False),
    Column('picked_at', UtcDateTime, index=True, nullable=False),
)

# --- tables of the integrations (created with the rest, so one migration history covers the whole database) ---
email_acks = Table(
    'email_acks', metadata,
    Column('run_id', String(40), primary_key=True),
    Column('message_id', String(320), nullable=False),
    Column('recipient', String(320), nullable=False),
    Column('claimed_at', DateTime(timezone=True), nullable=False),
    Column('sent_at', DateTime(timezone=True)),
)
enrichment_cache = Table(
    'enrichment_cache', metadata,
    Column('domain', String(255), primary_key=True),
    Column('enrichment', Text, nullable=True),
    Column('fetched_at', DateTime(timezone=True), nullable=False),
)
rate_counters = Table(
    'rate_counters', metadata,
    Column('key', String(300), primary_key=True),
    Column('count', Integer, nullable=False),
    Column('expires_at', Float, nullable=False),
)
slack_messages = Table(
    'slack_messages', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('run_id', String(40), nullable=False),
    Column('kind', String(20), nullable=False),
    Column('channel', String(80), nullable=False),
    Column('target', String(80)),  # the channel as the run asked for it ('#sales'); `channel` is Slack's id for it
    Column('ts', String(40), nullable=False),
    Column('blocks', Text, nullable=False),
    Column('posted_at', UtcDateTime, nullable=False),
    Column('taken_by', String(40)),
    Column('taken_by_name', String(200)),
    Column('taken_at', UtcDateTime),
    Column('repinged_at', UtcDateTime),
    Column('escalated_at', UtcDateTime),
    UniqueConstraint('run_id', 'kind', name='uq_slack_run_kind'),
)

# --- the audit of erasures and retention passes: no personal data, only a hash and counts ---
erasures = Table(
    'erasures', metadata,
    Column('id', Integer, primary_key=True, autoincrement=True),
    Column('at', UtcDateTime, nullable=False),
    Column('kind', String(20), nullable=False),
    Column('subject_sha256', String(64)),
    Column('counts', Text, nullable=False),
    Column('requested_by', String(200), nullable=False),
)
