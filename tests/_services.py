"""The machine's services the tests use for real (Debian's PostgreSQL 15, Chromium): skip, or fail on CI, without them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE = 'LEAD_AGENT_TEST_REQUIRE_SERVICES'
"""Set to 1 (as .ci/run does): a test whose service is missing fails instead of skipping."""
PG_BIN = Path(os.environ.get('PG_BIN', '/usr/lib/postgresql/15/bin'))
CHROMIUM = Path(os.environ.get('LEAD_AGENT_TEST_CHROMIUM', '/usr/bin/chromium'))


def missing(reason: str) -> NoReturn:
    """Skip the test for `reason`, or fail it when `LEAD_AGENT_TEST_REQUIRE_SERVICES=1`."""
    if os.environ.get(REQUIRE, '').strip().lower() in ('1', 'true', 'yes'):
        pytest.fail(f'{reason}; {REQUIRE} is set, so this test does not skip', pytrace=False)
    pytest.skip(reason)


def need(what: Path, package: str) -> None:
    """`missing` unless `what` is installed."""
    if not what.exists():
        missing(f'{what} is missing: apt-get install {package} (.ci/run does)')


def need_postgres() -> Path:
    """The folder of PostgreSQL 15's binaries (`PG_BIN`)."""
    need(PG_BIN / 'initdb', 'postgresql-15')
    return PG_BIN


def need_chromium() -> Path:
    """Chromium's executable (`LEAD_AGENT_TEST_CHROMIUM`, else Debian's)."""
    need(CHROMIUM, 'chromium')
    return CHROMIUM
