"""Without PostgreSQL or Chromium the tests that need them skip with the install command; on CI they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ._services import REQUIRE
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
