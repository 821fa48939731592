"""Start a throw-away PostgreSQL server from Debian's postgresql-15 binaries (initdb + pg_ctl, no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ._processes import free_port
from ._services import PG_BIN, need_postgres


@dataclass
class PostgresServer:
    """A running throw-away server: its URL, and `stop()`/`start()` to take it away and bring it back."""

    url: str
    root: Path
    port: int
    prefix: list[str]

    def _ctl(self, *args: str) -> None:
        opts = f'-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off -c full_page_writes=off -c max_connections=200'
        subprocess.run([*self.prefix, str(PG_BIN / 'pg_ctl'), '-D', str(self.root / 'data'), '-o', opts,
                        '-l', str(self.root / 'log'), *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        """Start (again), and wait until it accepts connections."""
        self._ctl('-w', 'start')

    def stop(self) -> None:
        """Stop at once, as a crash would: open connections break."""
        self._ctl('-m', 'immediate', 'stop')


# Stops the server and deletes its files once the process that started it is gone. The fixture's own teardown does
# that first; this covers a session that ends without teardown (pytest's INTERNALERROR, SIGKILL, an xdist worker that
# crashed), which used to leave servers running and their directories in /tmp.
_WATCHDOG = ('while kill -0 "$1" 2>/dev/null; do sleep 0.5; done; shift; root=$1; shift; '
             '"$@" -D "$root/data" -m immediate stop; rm -rf "$root"')


def _watch(root: Path, prefix: list[str]) -> subprocess.Popen[bytes]:
    """A shell of its own session (a Ctrl-C to the tests' process group leaves it) that cleans up after this process."""
    return subprocess.Popen(['sh', '-c', _WATCHDOG, 'lead-agent-pg-watchdog', str(os.getpid()), str(root), *prefix,
                             str(PG_BIN / 'pg_ctl')], start_new_session=True, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextmanager
def postgres_instance() -> Generator[PostgresServer]:
    """A fresh server; stopped and deleted afterwards, or once this process is gone if it ends without teardown."""
    need_postgres()
    root = Path(tempfile.mkdtemp(prefix='lead-agent-pg-'))
    # initdb refuses to run as root: run the server as the `postgres` system user the Debian package creates.
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, 'postgres', 'postgres')
        prefix = ['runuser', '-u', 'postgres', '--']
    watchdog = _watch(root, prefix)
    subprocess.run([*prefix, str(PG_BIN / 'initdb'), '-D', str(root / 'data'), '-U', 'postgres', '--auth=trust',
                    '--no-sync', '-E', 'UTF8'], check=True, capture_output=True, timeout=120)
    port = free_port()
    server = PostgresServer(f'postgresql://postgres@127.0.0.1:{port}/postgres', root, port, prefix)
    try:
        server.start()
        yield server
    finally:
        subprocess.run([*prefix, str(PG_BIN / 'pg_ctl'), '-D', str(root / 'data'), '-m', 'immediate', 'stop'],
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
        watchdog.kill()
        watchdog.wait()


@contextmanager
def postgres_server() -> Generator[str]:
    """Yield a SQLAlchemy URL of a fresh server; stop and delete it afterwards."""
    with postgres_instance() as server:
        yield server.url
