"""One log line per kind of repeated warning in a window: a library that logs each retry of an outage floods the log.

DBOS logs every failed poll of its queue threads, each with a traceback: a 5 s database outage gave 83 warnings
(helper-93). `Repeats` lets the first of a kind through, drops the rest for `window` seconds, and says on the next
one let through how many it dropped.
"""

from __future__ import annotations

import logging
import re
import time

__all__ = ('Repeats', 'quiet_repeats')

_VARYING = re.compile(r'0x[0-9a-f]+|\b[0-9a-f]{8,}\b|\d+')  # addresses, run ids, counts
_KEYS = 1000
"""The kinds remembered at most (forgotten all at once past it: a kind then gets through once more)."""


def kind(message: str) -> str:
    """What makes two messages the same kind: the text before the first `: `, numbers and addresses masked."""
    return _VARYING.sub('#', message.split(': ', 1)[0])[:120]


class Repeats(logging.Filter):
    """Drops a warning (or less) whose logger, level and `kind` it let through less than `window` seconds ago."""

    def __init__(self, window: float = 60.0) -> None:
        super().__init__()
        self.window = window
        self._seen: dict[tuple[str, int, str], tuple[float, int]] = {}  # kind → (when let through, dropped since)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:  # each is news: DBOS logs every failed workflow with the same words
            return True  # (helper-95: a second run's failure a second after the first's left no line)
        key, now = (record.name, record.levelno, kind(record.getMessage())), time.monotonic()
        seen = self._seen.get(key)
        if seen is not None and now - seen[0] < self.window:
            self._seen[key] = (seen[0], seen[1] + 1)
            return False
        if len(self._seen) >= _KEYS:
            self._seen.clear()
        self._seen[key] = (now, 0)
        if seen is not None and seen[1]:
            dropped = f'{seen[1]} more like it in the last {now - seen[0]:.0f} s not shown'
            record.msg, record.args = f'{record.getMessage()} ({dropped})', None
        return True


def quiet_repeats(logger: logging.Logger, window: float = 60.0) -> None:
    """Give `logger` a `Repeats` filter, once."""
    if not any(isinstance(f, Repeats) for f in logger.filters):
        logger.addFilter(Repeats(window))
