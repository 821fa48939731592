"""A library's repeated warnings (DBOS's, one per failed poll) logged once per kind and window (helper-93)."""

from __future__ import annotations

import logging

import pytest

from lead_agent._log_repeats import Repeats, kind


def test_a_repeated_kind_is_logged_once_and_then_counted(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger('test_log_repeats')
    repeats = Repeats(window=3600)
    logger.addFilter(repeats)
    try:
        with caplog.at_level(logging.WARNING, logger='test_log_repeats'):
            for i in range(50):
                logger.warning('Exception encountered in queue thread for q: connection %d refused', i)
                logger.warning('Asyncio task cancelled for workflow or step <function f at 0x7f%x>', i)
            logger.warning('Workflow %s is no longer owned by this execution', 'ef0a81c2d3b4')
            logger.error('Exception encountered in queue thread for q: boom')  # errors: every one
            logger.error('Exception encountered in queue thread for q: boom again')
            repeats.window = 0  # the window has passed: the next one is logged, with what was dropped
            logger.warning('Exception encountered in queue thread for q: connection refused')
    finally:
        logger.removeFilter(repeats)
    assert [r.getMessage() for r in caplog.records] == [
        'Exception encountered in queue thread for q: connection 0 refused',
        'Asyncio task cancelled for workflow or step <function f at 0x7f0>',
        'Workflow ef0a81c2d3b4 is no longer owned by this execution',
        'Exception encountered in queue thread for q: boom',
        'Exception encountered in queue thread for q: boom again',
        'Exception encountered in queue thread for q: connection refused (49 more like it in the last 0 s not shown)',
    ]


def test_kinds() -> None:
    assert kind('Exception reloading queue lead-agent-runs from database: (psycopg.OperationalError) x') == \
        'Exception reloading queue lead-agent-runs from database'
    assert kind('Workflow 3fa85f6457174562b3fc2c963f66afa6 is no longer owned') == kind(
        'Workflow 0bd1c7e1a2f84a4c9a0e5d6f7a8b9c0d is no longer owned')
