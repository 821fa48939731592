"""Local servers started as processes by tests and benchmarks: a free port, and waiting until one answers."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import httpx2

from lead_agent.settings import SERVE_PID_ENV


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Poll `url` until it answers 2xx; fail with the process's output if it exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx2.get(url, timeout=1).raise_for_status()
            return
        except httpx2.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode(errors='replace') if process.stdout else ''
                raise RuntimeError(f'{process.args!r} did not answer {url} (exit {process.returncode}): {output}')
            time.sleep(0.1)


def alive(pid: int | str) -> bool:
    """Whether process `pid` runs (a zombie, exited but not reaped yet, does not), from /proc."""
    try:
        return Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:  # gone
        return False


def children(pid: int) -> list[str]:
    """The live child processes of `pid` (their ids, sorted), from /proc."""
    found: list[str] = []
    for stat in Path('/proc').glob('[0-9]*/stat'):
        try:
            fields = stat.read_text().rsplit(')', 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if fields[1] == str(pid) and fields[0] != 'Z':
            found.append(stat.parent.name)
    return sorted(found)


def worker_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """`env` (else this process's) for a `lead-agent worker` this process starts: the worker stops once this process is
    gone, as one started by `lead-agent serve` does, so a test session that ends without teardown leaves none behind."""
    return {**(os.environ if env is None else env), SERVE_PID_ENV: str(os.getpid())}
