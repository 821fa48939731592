"""Without PostgreSQL or Chromium the tests that need them skip with the install command; on CI they fail."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from ._processes import alive
from ._services import REQUIRE, need_postgres
from .helpers import EXAMPLES

# Two tests as the suite's use the services: a PostgreSQL server from the fixtures' helper, and Chromium.
PROBE = """
from tests._postgres import postgres_server
from tests._services import need_chromium


def test_needs_postgres():
    with postgres_server():
        pass


def test_needs_chromium():
    need_chromium()
"""


def _run(tmp_path: Path, **env: str) -> str:
    (tmp_path / 'test_probe.py').write_text(PROBE)
    nowhere = tmp_path / 'not-installed'
    environ = {k: v for k, v in os.environ.items() if k != REQUIRE}
    environ |= {'PYTHONPATH': str(EXAMPLES.parent), 'PG_BIN': str(nowhere / 'bin'),
                'LEAD_AGENT_TEST_CHROMIUM': str(nowhere / 'chromium'), **env}
    done = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-rsf', '-p', 'no:cacheprovider', '--rootdir',
                           str(tmp_path), 'test_probe.py'], cwd=tmp_path, env=environ, capture_output=True, text=True,
                          timeout=120)
    return done.stdout


def test_a_missing_service_skips_with_the_install_command(tmp_path: Path) -> None:
    output = _run(tmp_path)
    assert '2 skipped' in output, output
    assert 'not-installed/bin/initdb is missing: apt-get install postgresql-15' in output
    assert 'not-installed/chromium is missing: apt-get install chromium' in output


def test_a_missing_service_fails_when_ci_requires_services(tmp_path: Path) -> None:
    output = _run(tmp_path, **{REQUIRE: '1'})
    assert '2 failed' in output, output
    assert f'apt-get install postgresql-15 (.ci/run does); {REQUIRE} is set' in output
    assert f'apt-get install chromium (.ci/run does); {REQUIRE} is set' in output


# A process that starts a server through the fixtures' helper, says where it is, and is then killed: no teardown runs.
_KILLED = """
import time
from tests._postgres import postgres_instance

with postgres_instance() as server:
    print(server.root, server.port, flush=True)
    time.sleep(600)
"""


def test_a_server_whose_test_process_died_without_teardown_is_stopped_and_deleted() -> None:
    """pytest's INTERNALERROR or a SIGKILL skips the fixtures' teardown: the server stops and its files go anyway."""
    need_postgres()
    process = subprocess.Popen([sys.executable, '-c', _KILLED], cwd=EXAMPLES.parent, stdout=subprocess.PIPE,
                               env={**os.environ, 'PYTHONPATH': str(EXAMPLES.parent)})
    assert process.stdout is not None
    root, port = process.stdout.readline().decode().split()
    assert _accepts(int(port)) and Path(root, 'data').is_dir()  # up while the process lives
    process.kill()
    process.wait()
    process.stdout.close()
    deadline = time.monotonic() + 60
    while Path(root).exists() or _accepts(int(port)):
        assert time.monotonic() < deadline, f'{root} (port {port}) still there a minute after its process died'
        time.sleep(0.2)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=1):
            return True
    except OSError:
        return False


# A test process that starts a worker as the tests do (`worker_env`), says its id, and is then killed without teardown.
_WORKER_KILLED = """
import subprocess, sys, time
from tests._processes import worker_env

worker = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'worker', '--db', sys.argv[1], '--policy',
                           sys.argv[2]], env=worker_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(worker.pid, flush=True)
time.sleep(600)
"""


def test_a_worker_whose_test_process_died_without_teardown_stops(tmp_path: Path) -> None:
    """The workers the tests start stop once the test process is gone, as `lead-agent serve`'s do."""
    db_url = f'sqlite:///{tmp_path / "runs.db"}'
    with subprocess.Popen([sys.executable, '-c', _WORKER_KILLED, db_url, str(EXAMPLES / 'policy.yaml')],
                          cwd=EXAMPLES.parent, stdout=subprocess.PIPE,
                          env={**os.environ, 'PYTHONPATH': str(EXAMPLES.parent)}) as process:
        assert process.stdout is not None
        worker = int(process.stdout.readline())
        time.sleep(1)
        assert alive(worker)  # running while its test process lives
        process.kill()
    deadline = time.monotonic() + 60
    while alive(worker):
        assert time.monotonic() < deadline, f'worker {worker} still running a minute after its test process died'
        time.sleep(0.2)
