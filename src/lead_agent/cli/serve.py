"""`lead-agent serve`, `worker` and `runs retry`: the durable run queue's processes."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
from sqlalchemy.exc import DBAPIError

from .._render import terminal
from ..erase import ERASED_FLAG
from ..exceptions import LeadAgentError
from ..models import RunRecord
from ..pipeline import QUEUED
from ..settings import SERVE_PID_ENV
from ..shadow import dry_run_deps
from ..store import database_error
from ._common import (
    DbOpt,
    DryRunOpt,
    ModelOpt,
    PolicyOpt,
    app,
    close_deps,
    crashed_before_recording,
    deps_for,
    done_text,
    engine_for,
    error,
    out,
    run_sync,
    runs_app,
    the_run,
    warn,
)

if TYPE_CHECKING:  # the host extra is optional: imported where the host starts
    from ..runs import Engine
    from ..web.settings import HostSettings


def _ended_how(code: int) -> str:
    """How a process with this return code ended: `exited with N`, or `was killed by SIGNAME`.

    By number for a signal Python has no name for: the real-time ones between SIGRTMIN and SIGRTMAX (helper-95).
    """
    if code >= 0:
        return f'exited with {code}'
    try:
        return f'was killed by {signal.Signals(-code).name}'
    except ValueError:
        return f'was killed by signal {-code}'


def _supervise(procs: list[subprocess.Popen[bytes]], start_worker: Callable[[], subprocess.Popen[bytes]],
               stopping: threading.Event) -> None:
    """Replace a worker that dies (its runs resume once its heartbeat is overdue), until `stopping`."""
    while not stopping.wait(1.0):
        for i, proc in enumerate(procs):
            try:
                if (code := proc.poll()) is not None:
                    stopped = code == 0 or code == -signal.SIGTERM  # stopped by someone, not crashed
                    (warn if stopped else error)(f'worker {proc.pid} {_ended_how(code)}; starting another')
                    procs[i] = start_worker()
            except Exception as e:  # this thread must not die of one worker (helper-95); the next look tries again
                error(f'could not replace worker {proc.pid}: {type(e).__name__}: {e}')


_ORPHANED = 'the lead-agent serve that started this worker is gone; stopping'


def orphaned() -> bool:
    """Whether this worker was started by a `lead-agent serve` that is gone (its parent is another process now)."""
    parent = os.environ.get(SERVE_PID_ENV)
    return parent is not None and parent != str(os.getppid())


@app.command('worker')
def worker_cmd(
    policy: PolicyOpt = None, db: DbOpt = None, model: ModelOpt = None, dry_run: DryRunOpt = False,
    once: Annotated[bool, typer.Option('--once', help='Stop when the queue is empty.')] = False,
    nice: Annotated[int, typer.Option('--nice', min=0, max=19, help='Lower CPU priority (as `nice -n`), so a host '
                                      'on the same machine answers webhooks first.')] = 0,
) -> None:
    """Run queued runs (`lead-agent serve` starts these; run any number on any machine sharing DATABASE_URL)."""
    if nice:
        os.nice(nice)
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    logging.getLogger('alembic').setLevel(logging.WARNING)  # the schema check at start-up is not news

    async def go() -> int:
        from ..runs import Engine

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        ending = False  # a process of its own ending, told to stop or left alone (not a call in another process)

        def stopped() -> None:
            nonlocal ending
            ending = True
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stopped)
        finished = 0  # a count: a long-lived worker keeps no record of what it ran

        def count(_: RunRecord) -> None:
            nonlocal finished
            finished += 1

        delay = 0.5
        while not stop.is_set():  # the database may be away at start: wait for it, never exit
            if orphaned():
                warn(_ORPHANED)
                return 0
            deps = None
            try:
                deps, settings = deps_for(policy, db, model)
                engine = Engine(dry_run_deps(deps) if dry_run else deps, concurrency=settings.runs_at_once(),
                                dead_after=settings.dead_after, on_finished=count, end_idle_transactions=True)
                await engine.start()
                gc.freeze()  # as the host does: what start-up built stays out of every full collection
                break
            except LeadAgentError:  # a wrong setting, policy or model: waiting does not fix it
                raise
            except Exception as e:  # any driver error: report, wait, try again
                why = database_error(e) if isinstance(e, DBAPIError) else f'cannot reach the database: {type(e).__name__}'
                error(f'{why}; retrying in {delay:.0f} s')
                if deps is not None:  # each attempt builds its own pool and clients: close this one's now
                    with contextlib.suppress(Exception):
                        await close_deps(deps)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                delay = min(delay * 2, 30.0)
        else:
            return 0
        try:
            ending = await _work_until_stopped(engine, stop, once=once) or ending
        finally:
            await engine.stop()
            if ending:
                _exit_within(_EXIT_GRACE, finished)
        return finished

    out.print(f'{run_sync(go)} run(s) triaged')



async def _work_until_stopped(engine: Engine, stop: asyncio.Event, *, once: bool) -> bool:
    """Let the engine work until told to stop, or (`once`) the queue is empty; whether `serve` left it alone."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)
        if orphaned():
            warn(_ORPHANED)
            return True
        if once:
            with contextlib.suppress(Exception):
                if (await engine.queue_stats())[0] == 0:
                    break
    return False


_EXIT_GRACE = 5.0
"""Seconds a stopped worker's process may take to end once its engine stopped, before it ends without waiting."""


def _exit_within(seconds: float, finished: int) -> None:
    """End this process `seconds` from now if it has not ended by then, as a stopped worker's would have.

    With the database away, DBOS's threads retry their writes (with waits that grow past a minute) for as long as it
    is, and both `asyncio.run` and the interpreter wait for such threads as they end: a worker stopped during an outage
    stayed until the database was back (helper-206: 79 s against the 41 s said, past systemd's 90 s with a longer
    outage). Its engine has stopped by now: what those threads would write is taken over with its runs.
    """
    def leave() -> None:
        time.sleep(seconds)
        with contextlib.suppress(Exception):
            warn(f'{seconds:g} s after the engine stopped, threads still wait for the database: exiting without them '
                 '(the runs they served are taken over by another process)')
            out.print(f'{finished} run(s) triaged')
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(0)

    threading.Thread(target=leave, name='lead-agent-exit', daemon=True).start()


@runs_app.command('retry')
def runs_retry(
    run_id: Annotated[str | None, typer.Argument(help='The failed run (an id prefix is enough).')] = None,
    failed: Annotated[bool, typer.Option('--failed', help='Every run that ended failed.')] = False,
    policy: PolicyOpt = None, db: DbOpt = None, model: ModelOpt = None,
) -> None:
    """Resume failed runs from the step that failed (earlier side effects are not repeated).

    For runs whose lead was read and a vendor failed. Input that could not be read is triaged again, once fixed,
    with `review retry`.
    """
    if (run_id is None) == (not failed):
        error('give a RUN_ID or --failed')
        raise typer.Exit(2)

    async def go() -> list[RunRecord]:
        deps, settings = deps_for(policy, db, model, existing=True)
        if failed:
            # Not a queued run's record (it says failed until its run records) unless its run crashed before it
            # could record (helper-95), nor an erased run's or one whose fixed input was triaged again as a new run
            # (helper-93: listed, then refused or called unreadable).
            failed_ = [r for r in await deps.runs.recent(100_000) if r.state == 'failed' and not r.retried_as
                       and ERASED_FLAG not in r.flags]
            crashed = await crashed_before_recording(deps, failed_)
            failures = [r for r in failed_ if QUEUED not in r.errors or r.run_id in crashed]
            targets = [r.run_id for r in failures if r.lead]
            unreadable.extend(r.run_id[:12] for r in failures if not r.lead)
        else:
            targets = [(await the_run(deps, run_id or '')).run_id]
        async with engine_for(deps, settings) as engine:
            forks: dict[str, str] = {}
            for target in targets:
                try:
                    forks[target] = await engine.retry(target)
                except LeadAgentError as e:  # retried meanwhile (by another shell), or no longer failed
                    if not failed:
                        raise
                    refused.append(str(e))
            return [await engine.result(fork, run_id=target) for target, fork in forks.items()]

    refused: list[str] = []
    unreadable: list[str] = []
    done = run_sync(go)
    for rec in done:
        out.print(f'{rec.run_id[:12]}  {rec.state}  {terminal(done_text(rec).replace(chr(10), ", "))}')
    for reason in refused:
        out.print(f'not retried: {terminal(reason)}')
    if failed:  # say what --failed found, also when it was nothing to resume
        summary = f'{len(done)} run(s) retried, {len(refused)} refused'
        if unreadable:
            shown = ', '.join(unreadable[:10]) + (' ...' if len(unreadable) > 10 else '')
            summary += (f'; {len(unreadable)} failed run(s) kept their input without a lead (`lead-agent review '
                        f'retry RUN_ID` triages one as a new run, once fixed if it could not be read): {shown}')
        out.print(summary)



@runs_app.command('forget')
def runs_forget(
    workflow_ids: Annotated[list[str], typer.Argument(
        help='Executions (run ids, retries: RUN_ID.retryN, note checks: RUN_ID.notesN).')],
    db: DbOpt = None,
) -> None:
    """Delete the engine's checkpoints of an erased run's executions and retries, once ended (what erase could not).

    `lead-agent erase` names the executions that were still going when it stopped waiting; their checkpoints hold the
    erased person's lead.
    """
    from ..erase import ERASED_FLAG, forget_workflows

    async def go() -> tuple[int, list[str]]:
        deps = deps_for(None, db, existing=True)[0]
        # Only an erased run's: a live one's checkpoints are how it resumes and is retried, and a queued one would be
        # cancelled, never triaged (helper-65).
        for workflow_id in workflow_ids:
            run_id = _EXECUTION_OF.sub('', workflow_id)  # a retry's id, or a later note check's (RUN_ID.notesN)
            rec = await deps.runs.get(run_id)
            if rec is None or rec.run_id != run_id:
                raise LeadAgentError(f'no run {workflow_id!r} (give the whole id `lead-agent erase` printed)')
            if ERASED_FLAG not in rec.flags:
                raise LeadAgentError(f'run {rec.run_id[:12]} was not erased: its checkpoints are how it resumes and '
                                     'is retried; not forgotten')
        forgotten = await forget_workflows(deps.db, workflow_ids)
        return forgotten.deleted, forgotten.running

    deleted, running = run_sync(go)
    out.print(f'{deleted} execution(s) forgotten')
    if running:
        error(f'still going (queued ones now cancelled), not forgotten: {", ".join(running)}; run this again once '
              'they have ended')
        raise typer.Exit(1)


_EXECUTION_OF = re.compile(r'\.(retry|notes)\d+$')


def _forwarded_allow_ips(settings: HostSettings) -> str | None:
    """What uvicorn may take `X-Forwarded-For` from: None for its own default (FORWARDED_ALLOW_IPS, else localhost).

    A relay in `WEBHOOK_TRUSTED_PROXIES` must not be one of them: uvicorn would put the visitor's address in place of
    the relay's, and the host would never read it (helper-55: a relay on 127.0.0.1, which uvicorn trusts by default).
    Set to such an address, the host refuses to start (`HostSettings.check_forwarded`, when it is built); unset,
    nothing is trusted then.
    """
    given = os.environ.get('FORWARDED_ALLOW_IPS')
    if not settings.relays_uvicorn_rewrites(given):
        return None
    typer.echo('serve: uvicorn does not read X-Forwarded-For (FORWARDED_ALLOW_IPS unset, and its default, localhost, '
               'is a relay of WEBHOOK_TRUSTED_PROXIES): the host reads it from the relays', err=True)
    return ''


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@app.command('serve')
def serve_cmd(
    policy: PolicyOpt = None, db: DbOpt = None, model: ModelOpt = None, dry_run: DryRunOpt = False,
    host: Annotated[str, typer.Option('--host', help='Address to listen on.')] = '127.0.0.1',
    port: Annotated[int, typer.Option('--port', min=1, max=65535, help='Port to listen on.')] = 8000,
    workers: Annotated[int, typer.Option('--workers', min=0, help='`lead-agent worker` processes to run beside the '
                                         'host; 0 runs the queue on the host itself (slower answers).')] = 1,
) -> None:
    """Start the webhook host (lead_agent.web) and its workers; Ctrl-C stops them all."""
    if policy is not None and not policy.is_file():  # passed on as LEAD_AGENT_POLICY, whose error named that instead
        error(f'{policy}: no such policy file (--policy; a relative path is read from the current folder, '
              f'{Path.cwd()})')
        raise typer.Exit(2)
    for name, value in (('LEAD_AGENT_POLICY', policy), ('DATABASE_URL', db), ('LEAD_AGENT_MODEL', model)):
        if value is not None:
            os.environ[name] = str(value)
    os.environ['LEAD_AGENT_WORKER'] = 'external' if workers else 'inline'
    if dry_run:  # the host and its workers read it from the environment
        os.environ['LEAD_AGENT_DRY_RUN'] = 'true'
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as e:
        error(f"cannot start the host: {e}. Install the host extra: pip install 'lead-agent[host]'")
        raise typer.Exit(2) from None
    try:
        application = create_app()  # settings from the environment, checked before anything starts
        forwarded_allow_ips = _forwarded_allow_ips(application.state.host.settings)
    except LeadAgentError as e:
        error(f'{e}')
        raise typer.Exit(2) from None
    except DBAPIError as e:
        error(database_error(e))
        raise typer.Exit(2) from None

    def start_worker() -> subprocess.Popen[bytes]:
        # Workers yield the CPU to the host: a webhook's answer is what the vendor times; triage has to keep up. Each
        # stops when this process is gone (killed with SIGKILL, it left them running: helper-93).
        return subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker', '--nice', '10'],
                                env={**os.environ, SERVE_PID_ENV: str(os.getpid())})

    procs = [start_worker() for _ in range(workers)]
    stopping = threading.Event()

    supervisor = threading.Thread(target=_supervise, args=(procs, start_worker, stopping), name='lead-agent-supervisor',
                                  daemon=True)
    supervisor.start()
    # uvicorn shuts down on SIGTERM, then raises it again under the handler it found: by default that killed this
    # process before the `finally` below, and its workers ran on, orphaned (helper-67). Found, this one exits.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        uvicorn.run(application, host=host, port=port, forwarded_allow_ips=forwarded_allow_ips)
    finally:
        stopping.set()
        supervisor.join()
        for proc in procs:  # a worker finishes the runs it holds; what is still queued waits for the next start
            proc.terminate()
        for proc in procs:
            proc.wait()
