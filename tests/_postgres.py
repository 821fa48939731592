"""Start a throw-away PostgreSQL server from Debian's postgresql-15 binaries (initdb + pg_ctl, no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ._processes import free_port

PG_BIN = Path(os.environ.get('PG_BIN', '/usr/lib/postgresql/15/bin'))


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh server; stop and delete it afterwards."""
    if not (PG_BIN / 'initdb').exists():
        raise RuntimeError(f'PostgreSQL binaries not found in {PG_BIN}: apt-get install postgresql-15 (.ci/run does)')
    root = Path(tempfile.mkdtemp(prefix='lead-agent-pg-'))
    data = root / 'data'
    # initdb refuses to run as root: run the server as the `postgres` system user the Debian package creates.
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, 'postgres', 'postgres')
        prefix = ['runuser', '-u', 'postgres', '--']
    port = free_port()
    run = {'check': True, 'capture_output': True, 'timeout': 120}
    subprocess.run([*prefix, str(PG_BIN / 'initdb'), '-D', str(data), '-U', 'postgres', '--auth=trust',
                    '--no-sync', '-E', 'UTF8'], **run)  # type: ignore[call-overload]
    opts = f'-p {port} -h 127.0.0.1 -k {root} -c fsync=off -c full_page_writes=off -c max_connections=100'
    subprocess.run([*prefix, str(PG_BIN / 'pg_ctl'), '-D', str(data), '-o', opts, '-l', str(root / 'log'),
                    '-w', 'start'], **run)  # type: ignore[call-overload]
    try:
        yield f'postgresql://postgres@127.0.0.1:{port}/postgres'
    finally:
        subprocess.run([*prefix, str(PG_BIN / 'pg_ctl'), '-D', str(data), '-m', 'immediate', 'stop'],
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
