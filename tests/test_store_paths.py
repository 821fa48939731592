"""The store's hot paths stay bounded as it fills: each query is planned on an index, and old intake rows are pruned."""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, event, func, inspect, select, text
from sqlalchemy import Engine as SqlEngine
from sqlalchemy.exc import DBAPIError

from lead_agent import Engine, LeadAgentError, TriageDeps
from lead_agent.models import RunRecord
from lead_agent.runs import queued_record
from lead_agent.store import (
    Database,
    RawBody,
    RunTotals,
    SqlReviewQueue,
    head_revision,
    prune,
    raw_bodies_of,
    raw_body_of,
    upgrade,
)
from lead_agent.store._schema import dedupe_keys, deliveries, ip_hits, metadata, review_items, run_totals, runs
from lead_agent.store.raw import delete_raw_bodies, delete_raw_bodies_before
from lead_agent.store.runlog import subject_hash

from .helpers import example_lead

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@contextmanager
def _statements(engine: SqlEngine) -> Generator[list[tuple[str, Any]]]:
    """The SELECT and DELETE statements sent while the block runs, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith(('SELECT', 'DELETE')):
            seen.append((statement, parameters))

    event.listen(engine, 'before_cursor_execute', record)
    try:
        yield seen
    finally:
        event.remove(engine, 'before_cursor_execute', record)


def _pg_unbounded(node: dict[str, Any], limited: bool = False) -> list[str]:
    """Plan nodes that read rows without an index condition bounding them, or sort a whole input."""
    kind = node['Node Type']
    limited = limited or kind == 'Limit'
    bounded = 'Index Cond' in node or 'Recheck Cond' in node
    bad = kind == 'Seq Scan' or kind == 'Sort' or ('Filter' in node and not bounded) \
        or (kind in ('Index Scan', 'Index Only Scan') and not bounded and not limited)
    found = [f'{kind} on {node.get("Relation Name")}'] if bad else []
    return found + [f for child in node.get('Plans', []) for f in _pg_unbounded(child, limited)]


def _full_scans(engine: SqlEngine, statement: str, parameters: Any) -> list[str]:
    """The steps of the statement's plan that read a table without an index bounding them, or sort all of it."""
    with engine.connect() as conn:
        if engine.dialect.name == 'sqlite':
            plan = [r[3] for r in conn.exec_driver_sql('EXPLAIN QUERY PLAN ' + statement, parameters)]
            # SEARCH reads what an index bounds; SCAN reads every row, or (of an index) in order until a LIMIT,
            # which bounds it only when no condition has to skip rows on the way.
            in_order = re.search(r'\bLIMIT\b', statement) is not None and not re.search(r'\bWHERE\b', statement)
            return [p for p in plan if 'TEMP B-TREE' in p
                    or (p.startswith('SCAN') and not (in_order and 'USING' in p and 'INDEX' in p))]
        conn.exec_driver_sql('SET enable_seqscan = off')  # a table this small would be read whole anyway
        (plan,) = conn.exec_driver_sql('EXPLAIN (FORMAT JSON) ' + statement, parameters).one()
        conn.rollback()
        return _pg_unbounded(plan[0]['Plan'])


async def _fill(deps: TriageDeps, engine: Engine, n: int = 30) -> list[RunRecord]:
    """Accepted runs (some with delivery ids), review items open and decided, and submitter hits."""
    recs: list[RunRecord] = []
    for i in range(n):
        lead = example_lead('01-hospital-group-demo.json', email=f'buyer{i}@havenhospitals.com',
                            delivery_id=f'd-{i}' if i % 2 else None)
        recs.append(queued_record(lead, f'{i:02x}' + 'a' * 30, T0 + timedelta(minutes=i)))
    bodies = [RawBody.of(f'{{"n": {i}}}', T0 + timedelta(minutes=i)) for i in range(n // 2)]  # two runs each
    await engine.accept([(r, r.lead.delivery_id if r.lead else None) for r in recs],
                        {r.run_id: bodies[i // 2] for i, r in enumerate(recs)})
    for i, rec in enumerate(recs[:20]):
        await deps.review.enqueue(rec.run_id, 'needs a look', T0 + timedelta(minutes=i))
        await deps.intake.hit(f'ip:203.0.113.{i % 3}', T0 + timedelta(minutes=i), 3600, rec.run_id)
    for rec in recs[:6]:
        await deps.review.resolve(rec.run_id, 'rejected', None, 'dana', T0 + timedelta(hours=1))
    return recs


async def test_every_hot_query_is_planned_on_an_index(deps: TriageDeps) -> None:
    """`get_run` (full id and prefix), review pages and counts, the rate-limit count, the queue's figures, pruning,
    raw bodies read, erased and aged out."""
    async with Engine(deps, execute=False) as engine:
        recs = await _fill(deps, engine)
        calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
            ('get by id', lambda: deps.runs.get(recs[3].run_id)),
            ('get by prefix', lambda: deps.runs.get(recs[3].run_id[:12])),
            ('get unknown', lambda: deps.runs.get('ffff')),
            ('open page', lambda: deps.review.page('open', limit=10, offset=10)),
            ('decided page', lambda: deps.review.page('decided', limit=10)),
            ('all items', lambda: deps.review.items(None, limit=10)),
            ('decided items', lambda: deps.review.items('decided', limit=10, offset=2)),
            ('open count', lambda: deps.review.count('open')),
            ('rate-limit count', lambda: deps.intake.hit('ip:203.0.113.1', T0 + timedelta(minutes=40), 3600, 'new-run')),
            ('rate-limit count, resumed', lambda: deps.intake.hit('ip:203.0.113.1', T0 + timedelta(minutes=41), 3600,
                                                                 'new-run')),
            ('queue figures', engine.queue_stats),
            ('cut-off approvals', lambda: deps.review.reopen_cut_off(T0, T0 - timedelta(days=7))),
            ('prune', lambda: prune(deps.db, T0 + timedelta(days=30), rate_window=timedelta(hours=1),
                                    dedupe_window=timedelta(hours=24))),
            ('raw body', lambda: raw_body_of(deps.db, recs[3].run_id)),
            ('raw bodies of a page', lambda: raw_bodies_of(deps.db, [r.run_id for r in recs[:10]], limit=100)),
            ('erase raw bodies', lambda: _rolled_back(deps, lambda conn: delete_raw_bodies(conn, [recs[3].run_id]))),
            ('age out raw bodies', lambda: _rolled_back(deps, lambda conn: delete_raw_bodies_before(
                conn, T0 + timedelta(minutes=5)))),
        ]
        for name, call in calls:
            with _statements(deps.db.engine) as sent:
                await call()
            assert sent, name
            for statement, parameters in sent:
                assert _full_scans(deps.db.engine, statement, parameters) == [], f'{name}: {statement}'


async def _rolled_back(deps: TriageDeps, fn: Callable[[Connection], int]) -> int:
    """`fn` on a connection whose transaction is rolled back: the rows stay for the checks that follow."""
    def go() -> int:
        with deps.db.engine.connect() as conn:
            n = fn(conn)
            conn.rollback()
        return n

    return await deps.db.run(go)


async def test_a_run_is_found_by_its_id_or_a_unique_prefix(deps: TriageDeps) -> None:
    async with Engine(deps, execute=False) as engine:
        a, b = (queued_record(example_lead('01-hospital-group-demo.json', email=f'x{i}@havenhospitals.com'), run_id, T0)
                for i, run_id in enumerate(('abc123' + '0' * 26, 'abc124' + '0' * 26)))
        await engine.accept([(a, None), (b, None)])
    assert (await deps.runs.get(a.run_id)) == a
    assert (await deps.runs.get('abc123')) == a and (await deps.runs.get('abc124')) == b
    assert await deps.runs.get('abc12') is None  # two runs start with it
    assert await deps.runs.get('abd') is None and await deps.runs.get('') is None
    assert await deps.runs.get('abc%') is None and await deps.runs.get('abc_') is None  # no wildcards


async def test_review_pages_split_the_queue_without_gaps(deps: TriageDeps) -> None:
    async with Engine(deps, execute=False) as engine:
        recs = await _fill(deps, engine)
    pages = [await deps.review.page('open', limit=4, offset=o) for o in range(0, 16, 4)]
    assert [len(p) for p in pages] == [4, 4, 4, 2]
    assert [(item.run_id, run) for p in pages for item, run in p] == [(r.run_id, r) for r in recs[6:20]]  # oldest first
    assert await deps.review.count('open') == 14 and await deps.review.count('decided') == 6
    assert await deps.review.count(None) == 20
    decided = await deps.review.items('decided', limit=100)
    assert [i.run_id for i in decided] == sorted((r.run_id for r in recs[:6]), reverse=True)  # same time: by id


async def test_the_kept_counts_match_the_queue_whatever_happens_to_it(deps: TriageDeps) -> None:
    """Enqueue (again), reopen, approve, reject, in any order: the counts /metrics and the pages read stay exact."""
    rng = random.Random(11)
    ids = [f'{i:032x}' for i in range(12)]
    for step in range(150):
        run_id, now = rng.choice(ids), T0 + timedelta(seconds=step)
        match rng.choice(['enqueue', 'reopen', 'approve', 'reject']):
            case 'enqueue':
                await deps.review.enqueue(run_id, 'why', now)
            case 'reopen':
                await deps.review.reopen(run_id, 'again', now)
            case verdict:
                with contextlib.suppress(LeadAgentError):  # not queued, or decided already
                    await deps.review.resolve(run_id, 'approved' if verdict == 'approve' else 'rejected', 'sales',
                                              'dana', now)
        with deps.db.engine.connect() as conn:
            actual = dict(conn.execute(select(review_items.c.status, func.count()).group_by(review_items.c.status)).all())
        assert await deps.review.count('open') == actual.get('open', 0), step
        assert await deps.review.count('decided') == actual.get('approved', 0) + actual.get('rejected', 0), step
        assert await deps.review.count(None) == sum(actual.values()), step


async def test_intake_rows_past_their_windows_are_pruned(deps: TriageDeps) -> None:
    async with Engine(deps, execute=False) as engine:
        recs = await _fill(deps, engine)
    for rec in recs[:3]:  # dedupe claims, as each run's precheck makes them
        await deps.intake.claim(rec.dedupe_key, None, rec.run_id, T0, 24)
    late, window = T0 + timedelta(minutes=50), timedelta(minutes=40)
    counts = await prune(deps.db, late, rate_window=window, dedupe_window=timedelta(hours=24))
    assert counts == {'ip_hits': 10, 'dedupe_keys': 0, 'deliveries': 0}  # hits at minutes 0-19: the first 10 went
    assert await deps.intake.hit('ip:203.0.113.1', late, 2400, 'late') == 4  # minutes 13, 16, 19 (10 is the edge), this
    counts = await prune(deps.db, T0 + timedelta(days=8), rate_window=window, dedupe_window=timedelta(hours=24))
    assert counts == {'ip_hits': 11, 'dedupe_keys': 3, 'deliveries': 15}
    with deps.db.engine.connect() as conn:
        for table in (ip_hits, dedupe_keys, deliveries):
            assert conn.execute(select(table)).all() == []
        assert len(conn.execute(select(runs)).all()) == 30  # the runs themselves are kept


async def test_an_executing_engine_prunes_when_it_starts(deps: TriageDeps) -> None:
    await deps.intake.hit('ip:203.0.113.9', T0, 3600, 'early')
    now = T0 + timedelta(days=2)
    async with Engine(replace(deps, now=lambda: now), dead_after=5) as engine:
        for _ in range(200):
            with deps.db.engine.connect() as conn:
                if not conn.execute(select(ip_hits)).all():
                    break
            await engine.queue_stats()
        with deps.db.engine.connect() as conn:
            assert conn.execute(select(ip_hits)).all() == []


async def test_a_worker_whose_clock_runs_ahead_judges_nobody_dead_and_prunes_nothing_fresh(deps: TriageDeps) -> None:
    """Heartbeats and pruning go by the database's clock. A worker two minutes ahead declared live workers dead over
    and over (their runs ran twice); one a day ahead wiped every dedupe key at start-up (helper-43)."""
    from lead_agent.store import Executors

    now = datetime.now(UTC)
    await deps.intake.claim('fresh-key', None, 'r1', now, 24)
    await deps.intake.hit('ip:203.0.113.7', now, 3600, 'r1')
    other = Executors(deps.db)
    await other.seen('other-worker', 3, collect=False)
    async with Engine(replace(deps, now=lambda: datetime.now(UTC) + timedelta(days=2)), dead_after=3) as engine:
        for _ in range(50):  # 5 s: past its 3 s of own heartbeats, after which it judges the others
            await other.seen('other-worker', 3, collect=False)
            await asyncio.sleep(0.1)
        assert engine.recovered == []
    with deps.db.engine.connect() as conn:
        assert len(conn.execute(select(dedupe_keys)).all()) == 1 and len(conn.execute(select(ip_hits)).all()) == 1


@contextmanager
def _database_held(deps: TriageDeps, seconds: float) -> Generator[None]:
    """Another connection holds the executors table's lock for `seconds` (a database that hangs, to its clients)."""
    import threading

    url = deps.db.engine.url
    ready = threading.Event()

    def hold() -> None:
        if url.get_backend_name() == 'sqlite':
            import sqlite3

            raw = sqlite3.connect(str(url.database), isolation_level=None)
            raw.execute('BEGIN IMMEDIATE')
            ready.set()
            time.sleep(seconds)
            raw.execute('COMMIT')
            raw.close()
            return
        with deps.db.engine.begin() as conn:
            conn.execute(text('LOCK TABLE executors IN ACCESS EXCLUSIVE MODE'))
            ready.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(10)
    try:
        yield
    finally:
        thread.join()


async def test_nobody_is_judged_dead_on_a_heartbeat_the_database_held(deps: TriageDeps) -> None:
    """PostgreSQL stopped (SIGSTOP) for 45 s: every heartbeat hung, and the first to come back read the others' as
    45 s old: live workers were declared dead and their runs ran twice (helper-43). A heartbeat whose own write was
    held judges nobody; the next prompt one does."""
    from lead_agent.store import Executors

    executors = Executors(deps.db)
    await executors.seen('other', 30, collect=False, now=datetime.now(UTC) - timedelta(seconds=20))
    with _database_held(deps, 1.5):
        assert await executors.seen('me', 3) == []  # its write waited 1.5 s, over a third of dead_after
    assert await executors.seen('me', 3) == ['other']  # silent for 20 s, judged by a prompt heartbeat
    await executors.released('other', 3)


async def test_runs_in_flight_under_no_heartbeat_are_taken_over_once_they_are_old(deps: TriageDeps) -> None:
    """Runs PENDING under an executor with no heartbeat row are taken over (an older version deleted the row before
    it re-queued them), but only runs taken over `dead_after` ago: a live worker whose heartbeats stalled was
    forgotten, took its runs back at once, and was judged again on every heartbeat of the others (helper-45)."""
    from sqlalchemy import update

    from lead_agent.store import Executors, dbos_workflows

    async with Engine(deps, execute=False) as engine:  # DBOS's tables, and a queued run
        run_id = await engine.submit(example_lead('01-hospital-group-demo.json'))
    ws = dbos_workflows(deps.db.engine)
    executors = Executors(deps.db, ws)

    def taken(seconds_ago: float) -> None:  # as DBOS's dequeue leaves it, `seconds_ago` by the database's clock
        with deps.db.engine.begin() as conn:
            conn.execute(update(ws).where(ws.c.workflow_uuid == run_id).values(
                status='PENDING', executor_id='stalled-worker',
                started_at_epoch_ms=int((datetime.now(UTC).timestamp() - seconds_ago) * 1000)))

    taken(0.5)
    assert await executors.seen('judge', 3) == []  # just taken: its taker may well be alive
    taken(5)
    assert await executors.seen('judge', 3) == ['stalled-worker']


async def test_nobody_is_judged_dead_by_a_heartbeat_the_database_froze_after_its_write(deps: TriageDeps) -> None:
    """PostgreSQL frozen for 3 × dead_after just after a heartbeat's write, before it read the clock for the
    cutoff: every heartbeat the freeze held back read as overdue, and a live worker was judged dead while it ran its
    runs (helper-44). A heartbeat is judged as of its own write, and not at all when the judging took too long."""
    from lead_agent.store import Executors

    executors = Executors(deps.db)
    await executors.seen('other', 3, collect=False)  # alive: it beats every half second, but the freeze holds it
    await asyncio.sleep(0.5)
    armed = False

    def freeze(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        nonlocal armed
        if 'INSERT INTO executors' in statement:
            armed = True
        elif armed and statement.lstrip().upper().startswith('SELECT'):  # the first read after the write
            armed = False
            time.sleep(3.5)

    event.listen(deps.db.engine, 'before_cursor_execute', freeze)
    try:
        assert await executors.seen('me', 3) == []
    finally:
        event.remove(deps.db.engine, 'before_cursor_execute', freeze)
    await executors.seen('other', 3, collect=False)  # back, with everybody else
    assert await executors.seen('me', 3) == []


def test_upgrade_from_0003_adds_the_indexes_and_dates_old_deliveries(database_url: str) -> None:
    db = Database(database_url)
    try:
        with db.engine.begin() as conn:  # the schema as revision 0003 left it
            for table in metadata.sorted_tables:
                if table.name != 'deliveries':
                    table.create(conn)
            conn.execute(text('CREATE TABLE deliveries (delivery_id VARCHAR(200) NOT NULL PRIMARY KEY, '
                              'run_id VARCHAR(40) NOT NULL)'))
            conn.execute(text("INSERT INTO deliveries VALUES ('typeform:tok-1', 'r-old')"))
            conn.execute(text('DROP INDEX ix_runs_subject'))
            conn.execute(text('ALTER TABLE runs DROP COLUMN subject'))
            for table in ('runs', 'outbox'):  # added by 0005
                conn.execute(text(f'ALTER TABLE {table} DROP COLUMN dry_run'))
            conn.execute(text('ALTER TABLE runs DROP COLUMN raw_key'))  # added by 0006, with raw_bodies
            conn.execute(text('DROP TABLE raw_bodies'))
            for run_id, record in (('r-lead', '{"lead": {"email": " Ana@Clinic.example"}}'), ('r-raw', '{"lead": null}'),
                                   ('r-gone', '{"lead": {"email": "erased@erased.example"}, '
                                              '"flags": ["personal_data_erased"]}')):
                conn.execute(text("INSERT INTO runs VALUES (:id, 'k', '2026-01-02 03:04:05', 'review', :record)"),
                             {'id': run_id, 'record': record})
            conn.execute(text('DROP TABLE review_counts'))
            conn.execute(text("INSERT INTO review_items (run_id, reason, status, created_at) VALUES "
                              "('r-1', 'x', 'open', '2026-01-02 03:04:05'), ('r-2', 'x', 'open', '2026-01-02 03:04:05'),"
                              " ('r-3', 'x', 'rejected', '2026-01-02 03:04:05')"))
            for name in ('ix_ip_hits_ip_at', 'ix_review_items_status_created_at', 'ix_review_items_created_at',
                         'ix_review_items_decided_at', 'ix_dedupe_keys_claimed_at'):
                conn.execute(text(f'DROP INDEX {name}'))
            conn.execute(text('CREATE INDEX ix_ip_hits_ip ON ip_hits (ip)'))
            conn.execute(text('CREATE INDEX ix_review_items_status ON review_items (status)'))
            conn.execute(text('CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)'))
            conn.execute(text("INSERT INTO alembic_version VALUES ('0003')"))
        assert upgrade(db) == ('0003', head_revision())
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn, opts={'compare_type': True}), metadata)
            (claimed_at,) = conn.execute(select(deliveries.c.claimed_at)).one()
        assert differences == []
        assert claimed_at is not None and abs(claimed_at - datetime.now(UTC)) < timedelta(minutes=5)
        indexes = {i['name'] for i in inspect(db.engine).get_indexes('review_items')}
        assert 'ix_review_items_status' not in indexes and 'ix_review_items_status_created_at' in indexes
        with db.engine.connect() as conn:
            subjects = dict(conn.execute(select(runs.c.run_id, runs.c.subject)).all())
        assert subjects == {'r-lead': subject_hash('ana@clinic.example'), 'r-raw': None, 'r-gone': 'erased'}
        counts = SqlReviewQueue(db)
        assert (counts._count('open'), counts._count('decided')) == (2, 1)  # pyright: ignore[reportPrivateUsage]
    finally:
        db.dispose()



async def test_a_submitters_hits_are_counted_in_order_of_arrival_whatever_their_clocks(deps: TriageDeps) -> None:
    """Each hit gets its own count, once: a hit whose time was read earlier but that arrived later (its worker waited
    for the database) counts after the one that arrived first, and hits arriving at once (threads, processes) never
    share a count. Asked again for a run, the count it got."""
    key = 'ip:198.51.100.20'
    first = [await deps.intake.hit(key, T0 + timedelta(seconds=i), 3600, f'h{i}') for i in range(4)]
    late_arrival = await deps.intake.hit(key, T0 + timedelta(seconds=10, milliseconds=7), 3600, 'b')
    early_clock = await deps.intake.hit(key, T0 + timedelta(seconds=10), 3600, 'a')
    assert (first, late_arrival, early_clock) == ([1, 2, 3, 4], 5, 6)
    at_once = await asyncio.gather(*(deps.intake.hit(key, T0 + timedelta(seconds=20, milliseconds=random.randrange(50)),
                                                     3600, f'c{i}') for i in range(12)))
    assert sorted(at_once) == list(range(7, 19))
    assert await deps.intake.hit(key, T0 + timedelta(hours=3), 3600, 'a') == 6  # resumed: the count it got
    assert await deps.intake.hit(key, T0 + timedelta(seconds=3619), 3600, 'd') == 13  # the 12 at 20 s, and this one


async def test_finished_runs_add_up_over_processes_and_a_failed_flush_keeps_its_counts(deps: TriageDeps) -> None:
    """Two processes' counts (`RunTotals`) summed in one row per state and latency bucket; a flush that fails (the
    table gone here, a database away in production) keeps what it held for the next one."""
    base = queued_record(example_lead('01-hospital-group-demo.json'), 'r', T0)

    def finished(state: str, seconds: float, cost: float | None = None) -> RunRecord:
        return base.model_copy(update={'state': state, 'latency_ms': {'total': seconds * 1000}, 'cost_usd': cost})

    one, two = RunTotals(deps.db), RunTotals(deps.db)
    one.add(finished('routed_sales', 0.004, 0.0002))
    one.add(finished('routed_sales', 2.0, 0.0003))
    two.add(finished('review', 0.3))
    two.add(finished('routed_sales', 75.0))  # past the last bucket
    await one.flush()
    await deps.db.run(lambda: run_totals.drop(deps.db.engine))
    with pytest.raises(DBAPIError):
        await two.flush()
    await deps.db.run(lambda: run_totals.create(deps.db.engine))
    two.add(finished('review', 0.3))
    await two.flush()
    assert one.pending.rows == {} and two.pending.rows == {}
    totals = await one.read()
    # `one`'s first flush went with the table; `two` kept what its failed flush held
    assert totals.by_state() == {'review': 2, 'routed_sales': 1}
    await one.flush()  # nothing left to add
    one.add(finished('routed_sales', 0.004, 0.0002))
    await one.flush()
    totals = await two.read()
    assert totals.by_state() == {'review': 2, 'routed_sales': 2}
    buckets, seconds = totals.histogram()
    assert dict(buckets) == {'0.01': 1, '0.05': 1, '0.1': 1, '0.25': 1, '0.5': 3, '1': 3, '2.5': 3, '5': 3, '10': 3,
                             '30': 3, '60': 3, '+Inf': 4}
    assert seconds == pytest.approx(0.004 + 0.6 + 75.0) and totals.cost == pytest.approx(0.0002)


async def test_a_flush_cancelled_while_it_writes_adds_its_counts_once(policy: Any, sqlite_url: str) -> None:
    """An engine stopping cancels its heartbeats, a flush among them: the write goes on in its thread and commits,
    and the flush at stop added the same counts again (a scale-out test's /metrics: 347 of 300 runs). The write
    waits here for a lock another connection holds; the flush is cancelled meanwhile."""
    import sqlite3

    from lead_agent import local_deps

    deps = local_deps(policy, database_url=sqlite_url)
    totals = RunTotals(deps.db)
    await totals.read()  # the table exists
    totals.add(queued_record(example_lead('01-hospital-group-demo.json'), 'r', T0).model_copy(
        update={'state': 'routed_sales', 'latency_ms': {'total': 300.0}}))
    holder = sqlite3.connect(sqlite_url.removeprefix('sqlite:///'), isolation_level=None)
    holder.execute('BEGIN IMMEDIATE')
    flush = asyncio.create_task(totals.flush())
    await asyncio.sleep(0.3)  # the write waits for the lock
    flush.cancel()
    await asyncio.sleep(0.1)
    holder.execute('ROLLBACK')  # the write goes through now
    holder.close()
    with pytest.raises(asyncio.CancelledError):
        await flush
    await totals.flush()  # as `Engine.stop` does after cancelling the heartbeats
    await asyncio.sleep(0.5)  # every write has ended
    assert (await totals.read()).by_state() == {'routed_sales': 1}
    deps.db.dispose()


def test_a_new_sqlite_connection_waits_out_a_busy_file_for_its_journal_mode() -> None:
    """SQLite answers `database is locked` at once, past the busy timeout, while another connection rebuilds the WAL
    index: a new connection's `PRAGMA journal_mode=WAL` failed so under three workers' limiters (CI flake)."""
    import sqlite3

    from lead_agent.store.database import _wal  # pyright: ignore[reportPrivateUsage]

    class BusyCursor:  # the driver's cursor, busy twice
        def __init__(self) -> None:
            self.tries = 0

        def execute(self, sql: str) -> None:
            self.tries += 1
            if self.tries <= 2:
                raise sqlite3.OperationalError('database is locked')

    cur = BusyCursor()
    _wal(cur)
    assert cur.tries == 3

    class Broken(BusyCursor):
        def execute(self, sql: str) -> None:
            raise sqlite3.OperationalError('disk I/O error')

    with pytest.raises(sqlite3.OperationalError, match='disk I/O'):
        _wal(Broken())


def test_a_record_read_back_is_the_record_saved_its_address_taken_as_saved(tmp_path: Any) -> None:
    """`stored` reads a record as the store keeps it: equal to the one saved, the lead's address not checked again
    (email-validator was half of reading a record: 57 us of a queued record's 57, 22 us now). A submission's address
    is still checked when it is received."""
    from lead_agent import Lead
    from lead_agent.models import stored
    from lead_agent.store.runlog import SqlRunLog

    from .helpers import example_lead

    db = Database(f'sqlite:///{tmp_path / "runs.db"}')
    try:
        upgrade(db)
        rec = queued_record(example_lead('02-physio-pricing.json'), 'a' * 32, datetime.now(UTC))
        asyncio.run(SqlRunLog(db).save(rec))
        assert asyncio.run(SqlRunLog(db).get(rec.run_id)) == rec
    finally:
        db.dispose()
    assert rec.lead is not None
    text = rec.model_dump_json().replace(rec.lead.email, 'erased-subject')  # as a placeholder a store may hold
    read = stored(text).lead
    assert read is not None and read.email == 'erased-subject'
    with pytest.raises(ValueError, match='not a valid email address'):
        RunRecord.model_validate_json(text)
    with pytest.raises(LeadAgentError, match='not a valid email address'):
        Lead.from_submission({'email': 'erased-subject', 'message': 'hello'})


def _write_pages(db: Database, megabytes: int) -> None:
    """Commit `megabytes` MB in 100 KB rows, one commit each: over SQLite's 1,000-page checkpoint threshold (4 MB)."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql('CREATE TABLE IF NOT EXISTS pages (body BLOB)')
    for _ in range(megabytes * 10):
        with db.engine.begin() as conn:
            conn.exec_driver_sql('INSERT INTO pages VALUES (randomblob(102400))')


def _autocheckpoint(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql('PRAGMA wal_autocheckpoint').scalar_one())


async def test_while_checkpointing_commits_copy_no_wal_and_the_timer_does(tmp_path: Any) -> None:
    """The webhook host's accepting commits must not copy the write-ahead log into the file (6-10 ms a commit that
    crosses SQLite's threshold, which its submissions wait on): `Database.checkpointing` holds that out of the
    process's commits and copies the log on a timer of its own, and gives it back to the commits on leaving."""
    file = tmp_path / 'wal.db'
    db = Database(f'sqlite:///{file}')
    try:
        _write_pages(db, 6)  # outside: commits checkpoint as SQLite does, so the file holds the pages
        assert file.stat().st_size > 3_000_000  # the first 1,000 (4 MB) at least
        with db.engine.begin() as conn:
            conn.exec_driver_sql('DELETE FROM pages')
        db.checkpoint()
        before = file.stat().st_size
        async with db.checkpointing(every=3600):  # a timer that does not come round in the test
            assert _autocheckpoint(db) == 0  # a pooled connection, opened before, gets it at its checkout
            async with db.checkpointing(every=3600):  # a host's lifespan entered twice
                pass
            assert _autocheckpoint(db) == 0  # the inner block's end leaves the outer one's
            await asyncio.to_thread(_write_pages, db, 12)  # 12 MB in commits past the threshold
            assert file.stat().st_size == before  # all of it still in the log: no commit copied it
        assert file.stat().st_size > before + 5_000_000  # copied on the way out (freed pages reused first)
        assert _autocheckpoint(db) == 1000

        async with db.checkpointing(every=0.05):
            size = file.stat().st_size
            await asyncio.to_thread(_write_pages, db, 8)
            deadline = time.monotonic() + 10
            while file.stat().st_size < size + 5_000_000 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            assert file.stat().st_size > size + 5_000_000  # the timer copied it, inside
    finally:
        db.dispose()


async def test_checkpointing_an_in_memory_or_postgresql_database_does_nothing(postgres_database: str) -> None:
    for db in (Database('sqlite://'), Database(postgres_database)):
        try:
            async with db.checkpointing(every=0.01):
                await asyncio.sleep(0.05)
            assert db._autocheckpoint is None  # pyright: ignore[reportPrivateUsage]
        finally:
            db.dispose()
