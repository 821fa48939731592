"""CPU per accepted submission of the webhook host (lead_agent.web), in process: no sockets, no uvicorn, no client.

Builds the host as `bench/ack.py` does (SQLite file, the sample policy with its per-IP limit raised, worker external,
so the host only stores and queues), drives its ASGI app with `--n` signed submissions, `--clients` at a time, after
200 to warm up, and prints the process's CPU time per submission: the event loop's and the store thread's together,
min/median/max of `--repeat` runs (each in a fresh process and database). Less noisy than the time to 2xx, which
the machine's other work moves; the figure that bounds `bench/ack.py`'s throughput, less uvicorn's share.

    uv run python bench/accept_cpu.py [--n 3000] [--clients 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ack import SECRET, policy_copy, signed_requests  # noqa: E402

WARM = 200


async def _call(app: Any, body: bytes, headers: dict[str, str]) -> int:
    scope = {'type': 'http', 'asgi': {'version': '3.0'}, 'http_version': '1.1', 'method': 'POST', 'scheme': 'http',
             'path': '/api/agent/lead-triage', 'raw_path': b'/api/agent/lead-triage', 'query_string': b'',
             'root_path': '', 'client': ('127.0.0.1', 5555), 'server': ('127.0.0.1', 8000), 'state': {},
             'headers': [(k.lower().encode(), v.encode()) for k, v in headers.items()]
             + [(b'content-length', str(len(body)).encode()), (b'host', b'127.0.0.1:8000')]}
    sent = False
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {'type': 'http.request', 'body': body, 'more_body': False}
        await asyncio.sleep(3600)  # the client never hangs up
        return {'type': 'http.disconnect'}

    async def send(message: dict[str, Any]) -> None:
        if message['type'] == 'http.response.start':
            status.append(message['status'])

    await app(scope, receive, send)
    return status[0]


async def _measure(n: int, clients: int) -> float:
    from lead_agent.web import create_app

    app = create_app()
    async with app.router.lifespan_context(app):
        requests = signed_requests(n + WARM)
        for body, headers in requests[:WARM]:
            await _call(app, body, headers)
        gc.collect()
        gate = asyncio.Semaphore(clients)

        async def one(body: bytes, headers: dict[str, str]) -> int:
            async with gate:
                return await _call(app, body, headers)

        cpu = time.process_time()
        answers = await asyncio.gather(*(one(body, headers) for body, headers in requests[WARM:]))
        cpu = time.process_time() - cpu
    if set(answers) != {202}:
        raise SystemExit(f'not every submission was accepted: {sorted(set(answers))}')
    return cpu / n * 1e6


def _child(n: int, clients: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix='lead-agent-accept-'))
    policy = policy_copy(tmp, per_ip=(n + WARM) * 2)
    os.environ.update(LEAD_AGENT_POLICY=str(policy), DATABASE_URL=f'sqlite:///{tmp / "host.db"}',
                      WEBHOOK_SECRET_GENERIC=SECRET, LEAD_AGENT_WORKER='external')
    print(f'{asyncio.run(_measure(n, clients)):.1f}')


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or '').splitlines()[0])
    parser.add_argument('--n', type=int, default=3000)
    parser.add_argument('--clients', type=int, default=50)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.n, args.clients)
        return
    figures: list[float] = []
    for _ in range(args.repeat):
        done = subprocess.run([sys.executable, __file__, '--child', '--n', str(args.n), '--clients', str(args.clients)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        figures.append(float(done.stdout.split()[-1]))
    print(f'host CPU per accepted submission, {args.n} submissions, {args.clients} at a time: '
          f'{min(figures):.0f}/{statistics.median(figures):.0f}/{max(figures):.0f} µs (min/median/max of {len(figures)})')


if __name__ == '__main__':
    main()
