"""The store's hot paths on a near-empty store and on one holding 100k runs, on SQLite and PostgreSQL.

The near-empty store holds 300 runs: enough for a full first page of the review queue, so both sizes read the same
page (an empty queue would be cheaper to read, not faster). For each database and size, a fresh database gets one
real run (a lead triaged by a durable run with the rules model) and is then filled, in SQL, with copies of it: `--runs` runs, a third of them in the review queue (half open, half
decided), as many workflows with their checkpoints, dedupe keys and delivery ids, and as many submitter hits spread
over 30 days (as if pruning had never run: the worst case). Then, in this process:

- `get_run`: by full id and by a 12-character prefix (median of 200 lookups);
- `review list`: the first page of the open queue and its count, as the CLI and the review page read them;
- `rate-limit check`: one submitter's hit and its count within the window;
- `prune backlog`: the one-off pruning of what a store without pruning kept (not in the near-empty store);

and through the host (`bench/ack.py`'s, on that database): `GET /metrics` (median of 20), time-to-2xx p99 of a burst
of 500 (`--burst`) with the host alone, and the worker's drain rate once it starts. Each measurement is repeated `--repeat`
times on fresh databases; min/median/max are reported, and each figure at 100k is compared with the near-empty
store's (goal: within 1.25×; `review list` ≤ 0.5 s).

    uv run python bench/store.py [--runs 100000] [--repeat 3] [--burst 500] [--database sqlite postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ack import measure  # noqa: E402
from lead_agent import Engine, Lead, load_policy, local_deps  # noqa: E402
from lead_agent.store import Database, prune  # noqa: E402
from tests._postgres import postgres_server  # noqa: E402

SMALL = 300
"""Runs in the near-empty store (every sixth is an open review item: a full first page of 50)."""
GOAL_RATIO = 1.25
GOAL_REVIEW_LIST_S = 0.5
Figures = dict[str, float]


def _seq(dialect: str, n: int) -> tuple[str, str]:
    """A FROM clause yielding `i` in 0..n-1, and the SQL for a 32-hex-digit id made from `i`."""
    if dialect == 'sqlite':
        return (f'(WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {n - 1}) '
                'SELECT i FROM seq) AS s', "printf('%032x', i)")
    return f'generate_series(0, {n - 1}) AS s(i)', "lpad(to_hex(i), 32, '0')"


def _seconds_ago(dialect: str, seconds: str) -> str:
    if dialect == 'sqlite':
        return f"datetime('now', '-' || ({seconds}) || ' seconds')"
    return f"now() - ({seconds}) * interval '1 second'"


def _clone_workflow(conn: Any, schema: str | None, template: str, seq: str, new_id: str) -> None:
    """Copy the template run's DBOS rows (its workflow and checkpoints) once per `i`, under new workflow ids."""
    insp = inspect(conn)
    for table in ('workflow_status', 'operation_outputs'):
        cols = [c['name'] for c in insp.get_columns(table, schema=schema)]
        name = f'{schema}.{table}' if schema else table
        picked = ', '.join(new_id if c == 'workflow_uuid' else f't.{c}' for c in cols)
        conn.execute(text(f'INSERT INTO {name} ({", ".join(cols)}) SELECT {picked} FROM {name} AS t, {seq} '
                          'WHERE t.workflow_uuid = :template'), {'template': template})


def fill(url: str, runs: int) -> tuple[Database, str]:
    """A fresh store with one real run, then `runs` copies of it and the rows that come with them."""
    policy = load_policy(ROOT / 'examples' / 'policy.yaml')
    deps = local_deps(policy, database_url=url)
    lead = Lead.model_validate_json((ROOT / 'examples' / 'leads' / '01-hospital-group-demo.json').read_text())

    async def one_run() -> str:
        async with Engine(deps) as engine:
            run_id = await engine.submit(lead)
            await engine.result(run_id)
        return run_id

    template = asyncio.run(one_run())
    db = deps.db
    if not runs:
        return db, template
    dialect = db.engine.dialect.name
    seq, new_id = _seq(dialect, runs)
    with db.engine.begin() as conn:
        conn.execute(text(f'INSERT INTO runs (run_id, dedupe_key, received_at, state, record, subject) '
                          f'SELECT {new_id}, {new_id}, {_seconds_ago(dialect, "i * 25")}, t.state, '
                          f'replace(t.record, :template, {new_id}), {new_id} FROM runs AS t, {seq} '
                          'WHERE t.run_id = :template'),
                     {'template': template})
        conn.execute(text(f"INSERT INTO review_items (run_id, reason, status, created_at, decided_by, decided_to, "
                          f"decided_at) SELECT {new_id}, 'low confidence', "
                          f"CASE WHEN i % 2 = 0 THEN 'open' ELSE 'rejected' END, {_seconds_ago(dialect, 'i * 25')}, "
                          f"CASE WHEN i % 2 = 0 THEN NULL ELSE 'dana' END, NULL, "
                          f"CASE WHEN i % 2 = 0 THEN NULL ELSE {_seconds_ago(dialect, 'i * 20')} END "
                          f"FROM {seq} WHERE i % 3 = 0"))
        conn.execute(text('DELETE FROM review_counts'))
        conn.execute(text('INSERT INTO review_counts (status, n) SELECT status, count(*) FROM review_items '
                          'GROUP BY status'))
        conn.execute(text(f'INSERT INTO dedupe_keys (key, run_id, claimed_at) '
                          f'SELECT {new_id}, {new_id}, {_seconds_ago(dialect, "i * 25")} FROM {seq}'))
        conn.execute(text(f"INSERT INTO deliveries (delivery_id, run_id, claimed_at) "
                          f"SELECT 'generic:old-' || i, {new_id}, {_seconds_ago(dialect, 'i * 25')} FROM {seq}"))
        conn.execute(text(f"INSERT INTO ip_hits (ip, at) SELECT 'ip:198.51.100.' || (i % 250), "
                          f"{_seconds_ago(dialect, 'i * 25')} FROM {seq}"))
        _clone_workflow(conn, None if dialect == 'sqlite' else 'dbos', template, seq, new_id)
    # What the days these rows took would have done in the background: the bulk write flushed (a checkpoint of it
    # would otherwise land in the middle of the measurements) and, on PostgreSQL, autovacuum's statistics.
    with db.engine.connect().execution_options(isolation_level='AUTOCOMMIT') as conn:
        if dialect == 'postgresql':
            conn.execute(text('VACUUM ANALYZE'))
            conn.execute(text('CHECKPOINT'))
        else:
            conn.execute(text('PRAGMA wal_checkpoint(TRUNCATE)'))
    return db, template


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def _timed(k: int, call: Callable[[int], Awaitable[Any]]) -> list[float]:
    times: list[float] = []
    for i in range(k):
        start = time.perf_counter()
        await call(i)
        times.append(time.perf_counter() - start)
    return times


def in_process(url: str, runs: int) -> Figures:
    """The library's store calls on the filled database, before anything prunes it."""
    policy = load_policy(ROOT / 'examples' / 'policy.yaml')
    deps = local_deps(policy, database_url=url)
    ids = [f'{i:032x}' for i in random.Random(7).sample(range(runs), min(runs, 200))]

    async def go() -> Figures:
        figures: Figures = {}
        known = ids
        figures['get_run (ms)'] = _ms(await _timed(200, lambda i: deps.runs.get(known[i % len(known)])))
        figures['get_run by prefix (ms)'] = _ms(await _timed(200, lambda i: deps.runs.get(known[i % len(known)][:12])))

        async def review_list(_: int) -> None:
            await deps.review.page('open', limit=50)
            await deps.review.count('open')

        figures['review list (ms)'] = _ms(await _timed(20, review_list))
        now = datetime.now(UTC)
        figures['rate-limit check (ms)'] = _ms(await _timed(
            200, lambda i: deps.intake.hit('ip:198.51.100.7', now + timedelta(milliseconds=i), 3600, f'bench-{i}')))
        start = time.perf_counter()
        t = policy.thresholds
        await prune(deps.db, datetime.now(UTC), rate_window=timedelta(seconds=t.rate_limit.window_seconds),
                    dedupe_window=timedelta(hours=t.dedupe_window_hours))
        if runs > SMALL:
            figures['prune backlog (s)'] = time.perf_counter() - start
        return figures

    try:
        return asyncio.run(go())
    finally:
        deps.db.dispose()


def one(url: str, runs: int, burst: int, *, with_ack: bool = True) -> Figures:
    db, _ = fill(url, runs)
    db.dispose()
    figures = in_process(url, runs)
    if not with_ack:
        return figures
    ack = measure(burst, 1, min(50, burst), 'after', url, metrics_gets=20)
    if ack.lost or ack.untriaged:
        raise SystemExit(f'{ack.lost} run(s) lost and {ack.untriaged} not triaged in time at {runs} runs')
    times = ack.per_burst[0][0]
    figures['/metrics (ms)'] = statistics.median(ack.metrics_ms)
    figures['ack p99 (ms)'] = statistics.quantiles(times, n=100, method='inclusive')[98]
    figures['worker drain (leads/s)'] = (burst + ack.warm) / ack.drain_s
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--runs', type=int, default=100_000)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--burst', type=int, default=500, help='submissions in the timed burst')
    parser.add_argument('--database', nargs='+', choices=['sqlite', 'postgres'], default=['sqlite', 'postgres'])
    parser.add_argument('--no-ack', dest='ack', action='store_false',
                        help='the store calls only: no host and worker started for /metrics, ack p99 and drain')
    args = parser.parse_args()
    with ExitStack() as stack:
        server = stack.enter_context(postgres_server()) if 'postgres' in args.database else ''
        for database in args.database:
            results: dict[int, list[Figures]] = {SMALL: [], args.runs: []}
            for k in range(args.repeat):
                for size in results:
                    if database == 'sqlite':
                        url = f'sqlite:///{tempfile.mkdtemp(prefix="lead-agent-store-")}/store.db'
                    else:
                        url = _fresh_postgres(server, f'store_{size}_{k}')
                    started = time.perf_counter()
                    results[size].append(one(url, size, args.burst, with_ack=args.ack))
                    print(f'{database} {size} runs, round {k + 1}: {time.perf_counter() - started:.0f} s',
                          file=sys.stderr)
            report(database, args.runs, results)


def _fresh_postgres(server: str, name: str) -> str:
    admin = Database(server)
    with admin.engine.connect().execution_options(isolation_level='AUTOCOMMIT') as conn:
        conn.execute(text(f'CREATE DATABASE {name}'))
    admin.dispose()
    return server.rsplit('/', 1)[0] + '/' + name


def _size(runs: int) -> str:
    """100000 as '100k'; a size under a thousand as itself (a smoke run's 400 was '0k')."""
    return f'{runs // 1000}k' if runs >= 1000 and runs % 1000 == 0 else f'{runs:,}'


def report(database: str, runs: int, results: dict[int, list[Figures]]) -> None:
    """A line per figure: min/median/max near-empty and full, the ratio of the medians, and the goal."""
    print(f'\n{database}: {SMALL} runs vs {runs:,} runs ({len(results[SMALL])} rounds, min/median/max)')
    for name in results[runs][0]:
        full = [f[name] for f in results[runs]]
        line = f'  {name:<26} {_spread(full)} at {_size(runs)}'
        if name in results[SMALL][0]:
            empty = [f[name] for f in results[SMALL]]
            higher_is_better = name.endswith('(leads/s)')
            ratio = (statistics.median(empty) / statistics.median(full) if higher_is_better
                     else statistics.median(full) / statistics.median(empty))
            line = f'  {name:<26} {_spread(empty)} at {SMALL} · {_spread(full)} at {_size(runs)} · {ratio:.2f}×'
            goal = ratio <= GOAL_RATIO
            if name == 'review list (ms)':
                goal = goal and statistics.median(full) <= GOAL_REVIEW_LIST_S * 1000
            line += f' (goal ≤ {GOAL_RATIO}×{" and ≤ 500 ms" if name == "review list (ms)" else ""}: ' \
                    f'{"met" if goal else "NOT met"})'
        print(line)


def _spread(values: list[float]) -> str:
    return f'{min(values):.2f}/{statistics.median(values):.2f}/{max(values):.2f}'


if __name__ == '__main__':
    main()
